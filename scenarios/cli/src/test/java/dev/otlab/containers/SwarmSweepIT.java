package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.otlab.testkit.RequiresDatabase;
import dev.otlab.testkit.RequiresDocker;
import dev.otlab.testkit.SwarmTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The shipped sweep wt-designs (3 water-treatment designs x a suite of 2 scenarios x 3 seeds)
 * played on the one-node swarm {@code .ci/run} makes, as replicated-job tasks in the lab image
 * built from this build, 3 at once, with PostgreSQL on the host's loopback (the tasks join the host
 * network): its evaluations equal the embedded engine's exactly, although one task's container is
 * killed while it plays (docker kill), which Swarm restarts in the same slot and the store counts
 * as a second attempt.
 */
@RequiresDocker
@RequiresDatabase(
    name = "PostgreSQL",
    url = SwarmSweepIT.SERVER + "postgres",
    user = SwarmSweepIT.USER,
    password = SwarmSweepIT.PASSWORD,
    hint =
        "Start PostgreSQL on 127.0.0.1:5432 with a role otlab (password otlab) that may create"
            + " databases, as .ci/run does.")
class SwarmSweepIT {

  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String USER = "otlab";
  static final String PASSWORD = "otlab";
  private static final String DATABASE = "otlab_sweep_it";
  private static final String SWEEP = "wt-designs";

  @Test
  void playsTheSweepOnSwarmAsTheEmbeddedEngineDoesAndRetriesAKilledTask() throws Exception {
    long itStart = System.nanoTime();
    String image = ContainerLab.image();
    assertThat(SwarmTasks.state())
        .as("the swarm .ci/run makes (docker swarm init)")
        .isEqualTo("active");
    SwarmTasks.freshDatabase(SERVER, DATABASE, USER, PASSWORD);

    SweepSpec spec = SweepLoader.load(SWEEP);
    SweepPlan plan = SweepPlan.of(spec);
    assertThat(spec.architectures()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(plan.phase(2)).hasSizeGreaterThanOrEqualTo(3 * 2 * 3);

    long embeddedStart = System.nanoTime();
    InMemorySweepStore memory = new InMemorySweepStore();
    new EmbeddedSweepEngine(2).play(SWEEP, plan, memory, p -> {});
    double embeddedSeconds = (System.nanoTime() - embeddedStart) / 1e9;
    Map<String, UnitResult> embedded = memory.results(SWEEP);

    SwarmSweepEngine engine =
        new SwarmSweepEngine(
            SwarmSweepEngine.Settings.builder(SERVER + DATABASE, USER, PASSWORD)
                .image(image)
                .concurrency(3)
                .maxAttempts(3)
                .build());
    String service2 = SwarmSweepEngine.serviceName(SWEEP, 2);
    AtomicReference<String> killed = new AtomicReference<>();
    AtomicReference<Throwable> killerFailed = new AtomicReference<>();
    long swarmStart = System.nanoTime();
    try (JdbcSweepStore store = JdbcSweepStore.direct(SERVER + DATABASE, USER, PASSWORD);
        JdbcSweepStore watcher = JdbcSweepStore.direct(SERVER + DATABASE, USER, PASSWORD)) {
      store.createTables();
      // The engine calls back on its own thread after each change; the kill happens there, once,
      // when a play of phase 2 has said it started: its task is then mid-run.
      engine.play(
          SWEEP,
          plan,
          store,
          p -> {
            if (killed.get() != null || killerFailed.get() != null) {
              return;
            }
            try {
              for (JdbcSweepStore.UnitRow r : watcher.units(SWEEP)) {
                if (r.phase() == 2
                    && r.status() == JdbcSweepStore.Status.RUNNING
                    && r.worker() != null
                    && SwarmTasks.kill(SwarmTasks.taskOf(r.worker()))) {
                  // Dead now, the task can file nothing more: if its result is in, the kill came
                  // after the play, and another task must be killed instead.
                  boolean lateKill =
                      watcher.units(SWEEP).stream()
                          .anyMatch(u -> u.key().equals(r.key()) && u.done());
                  if (!lateKill) {
                    killed.set(r.key());
                    return;
                  }
                }
              }
            } catch (Exception | AssertionError e) {
              killerFailed.set(e);
            }
          });
      double swarmSeconds = (System.nanoTime() - swarmStart) / 1e9;
      assertThat(killerFailed.get()).isNull();
      assertThat(killed.get()).as("a phase-2 task was killed mid-run").isNotNull();

      Map<String, UnitResult> swarm = store.results(SWEEP);
      assertThat(json(swarm)).isEqualTo(json(embedded));
      List<Evaluation> fromSwarm = SweepResults.evaluations(plan, swarm);
      List<Evaluation> fromEmbedded = SweepResults.evaluations(plan, embedded);
      assertThat(fromSwarm).hasSize(plan.configs().size()).isEqualTo(fromEmbedded);
      assertThat(fromSwarm.stream().map(Evaluation::toJson).toList())
          .isEqualTo(fromEmbedded.stream().map(Evaluation::toJson).toList());

      List<JdbcSweepStore.UnitRow> rows = store.units(SWEEP);
      JdbcSweepStore.UnitRow victim =
          rows.stream().filter(r -> r.key().equals(killed.get())).findFirst().orElseThrow();
      assertThat(victim.attempts()).as("the killed unit was tried again").isGreaterThan(1);
      assertThat(victim.failures()).isGreaterThanOrEqualTo(1);
      assertThat(victim.error()).contains("137");
      assertThat(victim.status()).isEqualTo(JdbcSweepStore.Status.DONE);
      assertThat(engine.failedTasks())
          .as("docker service ps listed the killed task's failure in the victim's slot")
          .anySatisfy(
              t -> {
                assertThat(t.slot()).isEqualTo(victim.slot());
                assertThat(t.currentState()).startsWith("Failed");
              });
      assertThat(rows)
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(JdbcSweepStore.Status.DONE));
      assertThat(SwarmTasks.services("name=" + service2))
          .as("the engine removed its services")
          .isEmpty();
      report(plan, rows, swarm, swarmSeconds, embeddedSeconds, itStart);
    }
  }

  /** Throughput and per-task overhead, for the note (not asserted: machine-dependent). */
  private static void report(
      SweepPlan plan,
      List<JdbcSweepStore.UnitRow> rows,
      Map<String, UnitResult> results,
      double swarmSeconds,
      double embeddedSeconds,
      long itStart) {
    double simulated = results.values().stream().mapToDouble(UnitResult::simulatedSeconds).sum();
    double startup = 0;
    double write = 0;
    double play = 0;
    int n = 0;
    for (JdbcSweepStore.UnitRow r : rows) {
      if (r.taskStarted() == null
          || r.started() == null
          || r.finished() == null
          || r.playSeconds() == null) {
        continue;
      }
      double span = Duration.between(r.started(), r.finished()).toMillis() / 1e3;
      startup += Duration.between(r.taskStarted(), r.started()).toMillis() / 1e3;
      play += r.playSeconds();
      write += Math.max(0, span - r.playSeconds());
      n++;
    }
    System.out.printf(
        Locale.ROOT,
        "MEASURE swarm sweep %s: %d units, %d configs in %.1f s wall with 3 tasks at once:"
            + " %.1f units/min per worker, %.1f simulated s per wall s per worker%n",
        SWEEP,
        plan.units().size(),
        plan.configs().size(),
        swarmSeconds,
        plan.units().size() / (swarmSeconds / 60) / 3,
        simulated / swarmSeconds / 3);
    System.out.printf(
        Locale.ROOT,
        "MEASURE per task (mean of %d): JVM start to unit claimed %.2f s, play %.2f s, result"
            + " read+write besides play %.2f s%n",
        n,
        startup / n,
        play / n,
        write / n);
    System.out.printf(
        Locale.ROOT,
        "MEASURE per task slot (3 x wall - sum of plays) / units = %.2f s: scheduling, container"
            + " and JVM start, database, exit%n",
        (3 * swarmSeconds - play) / plan.units().size());
    System.out.printf(
        Locale.ROOT,
        "MEASURE embedded engine, 2 jobs: %.1f s wall; whole IT %.1f s%n",
        embeddedSeconds,
        (System.nanoTime() - itStart) / 1e9);
  }

  private static Map<String, String> json(Map<String, UnitResult> results) {
    Map<String, String> out = new LinkedHashMap<>();
    new ArrayList<>(results.keySet())
        .stream().sorted().forEach(k -> out.put(k, results.get(k).toJson()));
    return out;
  }
}
