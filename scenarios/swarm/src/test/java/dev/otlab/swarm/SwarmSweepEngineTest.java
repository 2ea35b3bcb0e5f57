package dev.otlab.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swarm engine's parts that need no Docker: settings, names, and reading docker service ps. */
class SwarmSweepEngineTest {

  @Test
  void readsEachTaskWithItsSlotIncludingTheFailedAttemptsOfASlot() {
    String out =
        "t3\totlab-sweep-x-p2.3\tComplete\tRunning 2 seconds ago\t\n"
            + "t9\t \\_ otlab-sweep-x-p2.3\tShutdown\tFailed 9 seconds ago\t"
            + "task: non-zero exit (137)\n"
            + "t1\totlab-sweep-x-p2.1\tComplete\tComplete 20 seconds ago\t\n"
            + "t0\totlab-sweep-x-p2.rg1aq7pxncj3xxbi45240kilm\tComplete\tComplete 21 seconds"
            + " ago\t\n"
            + "\n";
    List<SwarmSweepEngine.Task> tasks = SwarmSweepEngine.parseTasks(out);
    assertThat(tasks)
        .extracting(SwarmSweepEngine.Task::id, SwarmSweepEngine.Task::slot)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("t3", 4),
            org.assertj.core.groups.Tuple.tuple("t9", 4),
            org.assertj.core.groups.Tuple.tuple("t1", 2),
            org.assertj.core.groups.Tuple.tuple("t0", 1));
    assertThat(tasks.get(1).failed()).isTrue();
    assertThat(tasks.get(1).error()).isEqualTo("task: non-zero exit (137)");
    assertThat(tasks.get(0).failed()).isFalse();
    assertThat(tasks.get(2).complete()).isTrue();
  }

  @Test
  void aSwarmSlotIsAUnitPlaceWithSlotZeroShownAsTheNodesId() {
    // Docker 20.10 numbers a replicated job's tasks 0 to N-1 and renders slot 0 as the node id.
    assertThat(SwarmSweepEngine.place("0")).isEqualTo(1);
    assertThat(SwarmSweepEngine.place("rg1aq7pxncj3xxbi45240kilm")).isEqualTo(1);
    assertThat(SwarmSweepEngine.place("1")).isEqualTo(2);
    assertThat(SwarmSweepEngine.place("17 ")).isEqualTo(18);
  }

  @Test
  void namesServicesBySweepAndPhaseWithinSwarmsRules() {
    String a = SwarmSweepEngine.serviceName("wt-designs", 1);
    String b = SwarmSweepEngine.serviceName("WT designs", 1);
    assertThat(a).startsWith("otlab-sweep-wt-designs-").endsWith("-p1").matches("[a-z0-9-]+");
    assertThat(b).isNotEqualTo(a);
    assertThat(SwarmSweepEngine.serviceName("x".repeat(300) + "/../é", 2)).hasSizeLessThan(64);
    assertThat(SwarmSweepEngine.serviceName("wt-designs", 2)).isNotEqualTo(a);
  }

  @Test
  void refusesSettingsOutOfRangeWithTheOptionAndAFix() {
    SwarmSweepEngine.Settings ok =
        SwarmSweepEngine.Settings.of("jdbc:postgresql://db:5432/otlab", "otlab", "pw");
    assertThat(ok.concurrency()).isEqualTo(4);
    assertThat(ok.maxAttempts()).isEqualTo(3);
    assertThat(ok.network()).isEqualTo("host");
    assertThat(ok.toBuilder().image("otlab/lab:1.2").build())
        .isEqualTo(
            new SwarmSweepEngine.Settings(
                "otlab/lab:1.2",
                4,
                3,
                "jdbc:postgresql://db:5432/otlab",
                "otlab",
                "pw",
                "host",
                null,
                java.time.Duration.ofSeconds(1),
                "docker"));
    assertThatThrownBy(() -> ok.toBuilder().concurrency(0).build())
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("--concurrency 0")
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("SWARM_OPTION_INVALID");
    assertThatThrownBy(() -> ok.toBuilder().maxAttempts(11).build())
        .hasMessageContaining("--max-attempts 11");
    assertThatThrownBy(() -> SwarmSweepEngine.Settings.of("jdbc:h2:mem:x", "otlab", "pw"))
        .hasMessageContaining("not a PostgreSQL JDBC URL");
  }

  @Test
  void theFactoryTakesTheCommandsOptionsAndThePasswordFromAFileOrTheEnvironment(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret\n", StandardCharsets.UTF_8);
    SwarmEngineFactory factory = new SwarmEngineFactory(Map.of());
    SwarmSweepEngine.Settings s =
        factory.settings(
            Map.of(
                "db", "jdbc:postgresql://10.0.0.5:5432/otlab",
                "db-user", "sweeper",
                "db-password-file", file.toString(),
                "concurrency", "6",
                "image", "otlab/lab:1.2",
                "max-attempts", "2",
                "jobs", "8"));
    assertThat(s.dbPassword()).isEqualTo("s3cret");
    assertThat(s.dbUser()).isEqualTo("sweeper");
    assertThat(s.concurrency()).isEqualTo(6);
    assertThat(s.image()).isEqualTo("otlab/lab:1.2");
    assertThat(s.maxAttempts()).isEqualTo(2);
    assertThat(factory.name()).isEqualTo("swarm");

    SwarmEngineFactory fromEnv =
        new SwarmEngineFactory(Map.of(SwarmEngineFactory.PASSWORD_ENV, "from-env"));
    assertThat(fromEnv.settings(Map.of("db", "jdbc:postgresql://h/otlab")).dbPassword())
        .isEqualTo("from-env");
    // A caller in the same process (the dashboard) hands its datasource's password over.
    assertThat(
            fromEnv
                .settings(Map.of("db", "jdbc:postgresql://h/otlab", "db-password", "given"))
                .dbPassword())
        .isEqualTo("given");
    assertThatThrownBy(() -> factory.settings(Map.of("db", "jdbc:postgresql://h/otlab")))
        .hasMessageContaining("No database password");
    assertThatThrownBy(() -> factory.settings(Map.of())).hasMessageContaining("needs --db");
    assertThatThrownBy(
            () ->
                factory.settings(
                    Map.of(
                        "db",
                        "jdbc:postgresql://h/otlab",
                        "db-password-file",
                        dir.resolve("absent").toString())))
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("SWARM_DB_PASSWORD_UNREADABLE");
  }
}
