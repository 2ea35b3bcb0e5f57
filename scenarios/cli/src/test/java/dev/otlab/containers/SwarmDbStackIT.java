package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.SweepLoader;
import dev.otlab.library.SweepSpec;
import dev.otlab.scoring.Evaluation;
import dev.otlab.swarm.SwarmSweepEngine;
import dev.otlab.sweep.EmbeddedSweepEngine;
import dev.otlab.sweep.InMemorySweepStore;
import dev.otlab.sweep.JdbcSweepStore;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepResults;
import dev.otlab.sweep.UnitResult;
import dev.otlab.testkit.Command;
import dev.otlab.testkit.Ports;
import dev.otlab.testkit.RequiresDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The sweep database as a stack service (docker/sweep-db.yml, the image of docker/postgres) on the
 * one-node swarm {@code .ci/run} makes, with no database of the machine's own involved: the stack
 * is deployed as the README says (a Swarm secret for the password, a node label for the volume's
 * machine), a small sweep is played by the swarm engine whose tasks join the stack's overlay
 * network and log in at the service's name, while the engine logs in through the published port,
 * and the results equal the embedded engine's. The engine's checks of the network and the database
 * service are seen to refuse a network that is no attachable overlay and a database service with no
 * task running. Everything made is removed at the end: stack, volume, secret, networks, label.
 */
@RequiresDocker
class SwarmDbStackIT {

  private static final String STACK = "otlab-sweep-db-it";
  private static final String NETWORK = "otlab-sweep-it";
  private static final String SECRET = "otlab-sweep-db-it-password";
  private static final String LABEL = "otlab.sweep-db";
  private static final String SERVICE = STACK + "_sweep-db";
  private static final String VOLUME = STACK + "_sweep-db-data";
  private static final String LOCAL_NETWORK = "otlab-it-unattachable";
  private static final String IDLE_SERVICE = "otlab-sweep-it-nodb";
  private static final String PASSWORD = "sweep-db-it-password";
  private static final String SWEEP = "sweep-db-it";

  @Test
  void playsASweepWhoseTasksWriteToTheDatabaseServiceOverTheOverlay() throws Exception {
    long itStart = System.nanoTime();
    String image = ContainerLab.image();
    long pgStart = System.nanoTime();
    String pgImage = ContainerLab.postgresImage();
    double pgBuildSeconds = (System.nanoTime() - pgStart) / 1e9;
    String node = docker("info", "--format", "{{.Swarm.NodeID}}").strip();
    assertThat(node).as("the swarm .ci/run makes (docker swarm init)").isNotBlank();
    String hadLabel =
        docker("node", "inspect", "--format", "{{index .Spec.Labels \"" + LABEL + "\"}}", node)
            .strip();
    removeAll();
    Path secretFile = Files.createTempFile("otlab-sweep-db-it", ".secret");
    try {
      // As docker/README.md says: the password as a Swarm secret, the data's machine by a label.
      Files.writeString(secretFile, PASSWORD, StandardCharsets.UTF_8);
      docker("secret", "create", SECRET, secretFile.toString());
      docker("node", "update", "--label-add", LABEL + "=true", node);
      int port = Ports.freeBelowEphemeralRange();
      long deployStart = System.nanoTime();
      Command.output(
          List.of(
              "docker",
              "stack",
              "deploy",
              "--resolve-image",
              "never",
              "-c",
              Path.of("..", "..", "docker", "sweep-db.yml").toString(),
              STACK),
          Duration.ofMinutes(2),
          List.of(
              "OTLAB_POSTGRES_IMAGE=" + pgImage,
              "OTLAB_DB_PORT=" + port,
              "OTLAB_SWEEP_NETWORK=" + NETWORK,
              "OTLAB_SWEEP_DB_SECRET=" + SECRET));
      String engineUrl = "jdbc:postgresql://127.0.0.1:" + port + "/otlab";
      // Up once its task runs (healthy: a task with a health check counts as running only then)
      // and the published port takes a login.
      waitFor(
          "the database service runs and takes a login on port " + port,
          () ->
              docker("service", "ls", "--filter", "name=" + SERVICE, "--format", "{{.Replicas}}")
                      .strip()
                      .equals("1/1")
                  && logsIn(engineUrl));
      double deploySeconds = (System.nanoTime() - deployStart) / 1e9;
      assertThat(docker("volume", "ls", "-q", "--filter", "name=" + VOLUME))
          .as("the data is on the stack's named volume")
          .contains(VOLUME);

      String taskUrl = "jdbc:postgresql://sweep-db:5432/otlab";
      SwarmSweepEngine.Settings settings =
          SwarmSweepEngine.Settings.builder(engineUrl, "otlab", PASSWORD)
              .image(image)
              .concurrency(2)
              .maxAttempts(2)
              .network(NETWORK)
              .build();
      refusesUnusableNetworksAndADatabaseServiceThatIsDown(settings, image);

      SweepSpec spec =
          SweepLoader.parse(
              SWEEP,
              "id: "
                  + SWEEP
                  + "\ntitle: One design, one seed\narchitectures: [water-treatment-flat]\n"
                  + "suites: [wt-short]\nseeds: {first: 1, count: 1}\ndetection: [full]\n"
                  + "defences: [[]]\n");
      SweepPlan plan = SweepPlan.of(spec);
      assertThat(plan.phase(1)).hasSize(1);
      assertThat(plan.phase(2)).hasSize(2);

      long embeddedStart = System.nanoTime();
      InMemorySweepStore memory = new InMemorySweepStore();
      new EmbeddedSweepEngine(2).play(SWEEP, plan, memory, p -> {});
      double embeddedSeconds = (System.nanoTime() - embeddedStart) / 1e9;
      Map<String, UnitResult> embedded = memory.results(SWEEP);

      SwarmSweepEngine engine = new SwarmSweepEngine(settings, taskUrl);
      assertThat(engine.taskDbUrl()).isEqualTo(taskUrl);
      long swarmStart = System.nanoTime();
      try (JdbcSweepStore store = JdbcSweepStore.direct(engineUrl, "otlab", PASSWORD)) {
        store.createTables();
        engine.play(SWEEP, plan, store, p -> {});
        double swarmSeconds = (System.nanoTime() - swarmStart) / 1e9;
        Map<String, UnitResult> swarm = store.results(SWEEP);
        assertThat(json(swarm)).isEqualTo(json(embedded));
        List<Evaluation> fromSwarm = SweepResults.evaluations(plan, swarm);
        assertThat(fromSwarm.stream().map(Evaluation::toJson).toList())
            .hasSize(plan.configs().size())
            .isEqualTo(
                SweepResults.evaluations(plan, embedded).stream().map(Evaluation::toJson).toList());
        // Every result was filed by a task in a container of the swarm (the name sweep-db, which
        // its URL names, resolves on the overlay network only).
        assertThat(store.units(SWEEP))
            .allSatisfy(
                r -> {
                  assertThat(r.status()).isEqualTo(JdbcSweepStore.Status.DONE);
                  assertThat(r.worker()).contains(SwarmSweepEngine.serviceName(SWEEP, r.phase()));
                });
        System.out.printf(
            Locale.ROOT,
            "MEASURE sweep-db stack: image %s ready in %.1f s, deployed (1/1 healthy, login on"
                + " the published port) in %.1f s; %d units with 2 tasks at once on %s in %.1f s"
                + " (embedded, 2 jobs: %.1f s)%n",
            pgImage,
            pgBuildSeconds,
            deploySeconds,
            plan.units().size(),
            NETWORK,
            swarmSeconds,
            embeddedSeconds);
      }
    } finally {
      Files.deleteIfExists(secretFile);
      long cleanStart = System.nanoTime();
      removeAll();
      if (hadLabel.isEmpty()) {
        docker("node", "update", "--label-rm", LABEL, node);
      }
      System.out.printf(
          Locale.ROOT,
          "MEASURE sweep-db stack removed (stack, volume, secret, networks) in %.1f s; whole IT"
              + " %.1f s%n",
          (System.nanoTime() - cleanStart) / 1e9,
          (System.nanoTime() - itStart) / 1e9);
    }
    assertThat(docker("volume", "ls", "-q", "--filter", "name=" + VOLUME)).doesNotContain(VOLUME);
    assertThat(docker("secret", "ls", "-q", "--filter", "name=" + SECRET)).isBlank();
    assertThat(docker("network", "ls", "-q", "--filter", "name=" + NETWORK)).isBlank();
  }

  /**
   * The engine's checks before it logs in anywhere: a network that is no attachable overlay, and a
   * database service on the right network with no task running (one that can run nowhere).
   */
  private static void refusesUnusableNetworksAndADatabaseServiceThatIsDown(
      SwarmSweepEngine.Settings settings, String image) throws Exception {
    String taskUrl = "jdbc:postgresql://sweep-db:5432/otlab";
    assertThatThrownBy(
            () ->
                new SwarmSweepEngine(
                        settings.toBuilder().network("otlab-sweep-it-absent").build(), taskUrl)
                    .requireTaskNetwork())
        .isInstanceOf(OtlabException.class)
        .satisfies(e -> assertThat(((OtlabException) e).code()).isEqualTo("SWARM_NETWORK_UNUSABLE"))
        .hasMessageContaining("otlab-sweep-it-absent");
    docker("network", "create", "--driver", "overlay", LOCAL_NETWORK);
    assertThatThrownBy(
            () ->
                new SwarmSweepEngine(settings.toBuilder().network(LOCAL_NETWORK).build(), taskUrl)
                    .requireTaskNetwork())
        .isInstanceOf(OtlabException.class)
        .satisfies(e -> assertThat(((OtlabException) e).code()).isEqualTo("SWARM_NETWORK_UNUSABLE"))
        .hasMessageContaining("not attachable");
    docker(
        "service",
        "create",
        "--detach",
        "--quiet",
        "--no-resolve-image",
        "--name",
        IDLE_SERVICE,
        "--network",
        NETWORK,
        "--constraint",
        "node.labels.otlab.sweep-db-it-nowhere == true",
        image);
    assertThatThrownBy(
            () ->
                new SwarmSweepEngine(settings, "jdbc:postgresql://" + IDLE_SERVICE + ":5432/otlab")
                    .requireTaskNetwork())
        .isInstanceOf(OtlabException.class)
        .satisfies(e -> assertThat(((OtlabException) e).code()).isEqualTo("SWARM_DB_SERVICE_DOWN"))
        .hasMessageContaining(IDLE_SERVICE);
    docker("service", "rm", IDLE_SERVICE);
    // The stack's own service is up: the check passes.
    new SwarmSweepEngine(settings, taskUrl).requireTaskNetwork();
  }

  private static boolean logsIn(String url) {
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(url, "otlab", PASSWORD)) {
      return c.isValid(3);
    } catch (Exception e) {
      return false;
    }
  }

  /** Removes what this test makes, leftovers of an earlier run included, and waits until gone. */
  private static void removeAll() throws Exception {
    Command.run(Duration.ofMinutes(1), "docker", "service", "rm", IDLE_SERVICE);
    Command.run(Duration.ofMinutes(1), "docker", "stack", "rm", STACK);
    // The stack's task, then its network, go after docker stack rm returns; the volume can go once
    // no container holds it.
    waitFor(
        "the stack's containers and network to go",
        () ->
            docker("ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + STACK).isBlank()
                && docker("network", "ls", "-q", "--filter", "name=" + NETWORK).isBlank());
    waitFor(
        "the stack's volume to go",
        () ->
            Command.run(Duration.ofMinutes(1), "docker", "volume", "rm", "-f", VOLUME).exit() == 0
                && docker("volume", "ls", "-q", "--filter", "name=" + VOLUME).isBlank());
    Command.run(Duration.ofMinutes(1), "docker", "network", "rm", LOCAL_NETWORK);
    Command.run(Duration.ofMinutes(1), "docker", "secret", "rm", SECRET);
  }

  /** Polls {@code condition} each half second; the bound only turns a hang into a failure. */
  private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "waited 3 min for "
                + what
                + "; docker service ps "
                + SERVICE
                + ":\n"
                + Command.run(
                        Duration.ofMinutes(1), "docker", "service", "ps", "--no-trunc", SERVICE)
                    .output());
      }
      // Wall time on purpose: waiting for the swarm, not for a lab.
      Thread.sleep(500);
    }
  }

  private static String docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(List.of(args));
    return Command.output(cmd, Duration.ofMinutes(2), List.of());
  }

  private static Map<String, String> json(Map<String, UnitResult> results) {
    Map<String, String> out = new LinkedHashMap<>();
    results.keySet().stream().sorted().forEach(k -> out.put(k, results.get(k).toJson()));
    return out;
  }
}
