package dev.otlab.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import org.junit.jupiter.api.Test;

/** The tasks' database URL and network, as far as they are checked without Docker. */
class TaskNetworkTest {

  private static final SwarmSweepEngine.Settings HOST =
      SwarmSweepEngine.Settings.of("jdbc:postgresql://127.0.0.1:5432/otlab", "otlab", "pw");

  @Test
  void readsTheFirstHostOfAPostgresqlUrl() {
    assertThat(TaskNetwork.host("jdbc:postgresql://sweep-db:5432/otlab")).isEqualTo("sweep-db");
    assertThat(TaskNetwork.host("jdbc:postgresql://db/otlab?ssl=false")).isEqualTo("db");
    assertThat(TaskNetwork.host("jdbc:postgresql://a:1,b:2/otlab")).isEqualTo("a");
    assertThat(TaskNetwork.host("jdbc:postgresql://[::1]:5432/otlab")).isEqualTo("::1");
    assertThat(TaskNetwork.loopback("127.0.0.1")).isTrue();
    assertThat(TaskNetwork.loopback("LOCALHOST")).isTrue();
    assertThat(TaskNetwork.loopback("::1")).isTrue();
    assertThat(TaskNetwork.loopback("sweep-db")).isFalse();
  }

  @Test
  void theTasksUseTheEnginesUrlUnlessToldOtherwise() {
    assertThat(new SwarmSweepEngine(HOST).taskDbUrl()).isEqualTo(HOST.dbUrl());
    SwarmSweepEngine overlay =
        new SwarmSweepEngine(
            HOST.toBuilder().network("otlab-sweep").build(),
            "jdbc:postgresql://sweep-db:5432/otlab");
    assertThat(overlay.taskDbUrl()).isEqualTo("jdbc:postgresql://sweep-db:5432/otlab");
    assertThat(overlay.settings().dbUrl()).isEqualTo(HOST.dbUrl());
  }

  @Test
  void onAnOverlayALoopbackAddressIsRefusedForItIsEachTasksOwnContainer() {
    assertThatThrownBy(() -> new SwarmSweepEngine(HOST.toBuilder().network("otlab-sweep").build()))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("127.0.0.1")
        .satisfies(e -> assertThat(((OtlabException) e).code()).isEqualTo("SWARM_OPTION_INVALID"))
        .satisfies(e -> assertThat(((OtlabException) e).remedy()).contains("--task-db"));
    assertThatThrownBy(
            () ->
                new SwarmSweepEngine(
                    HOST.toBuilder().network("otlab-sweep").build(),
                    "jdbc:postgresql://localhost:5432/otlab"))
        .isInstanceOf(OtlabException.class);
  }

  @Test
  void aTaskUrlThatIsNoPostgresqlUrlIsRefused() {
    assertThatThrownBy(() -> new SwarmSweepEngine(HOST, "jdbc:mysql://db/otlab"))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("--task-db")
        .satisfies(e -> assertThat(((OtlabException) e).code()).isEqualTo("SWARM_OPTION_INVALID"));
  }

  @Test
  void theFactoryPassesTheTaskUrlAndTheNetwork() {
    SwarmEngineFactory factory =
        new SwarmEngineFactory(java.util.Map.of(SwarmEngineFactory.PASSWORD_ENV, "pw"));
    SwarmSweepEngine engine =
        (SwarmSweepEngine)
            factory.engine(
                java.util.Map.of(
                    "db", "jdbc:postgresql://127.0.0.1:5432/otlab",
                    "network", "otlab-sweep",
                    "task-db", "jdbc:postgresql://sweep-db:5432/otlab"));
    assertThat(engine.settings().network()).isEqualTo("otlab-sweep");
    assertThat(engine.taskDbUrl()).isEqualTo("jdbc:postgresql://sweep-db:5432/otlab");
  }
}
