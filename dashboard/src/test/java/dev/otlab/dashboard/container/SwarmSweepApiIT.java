package dev.otlab.dashboard.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.api.ApiKit;
import dev.otlab.scoring.Evaluation;
import dev.otlab.sweep.EmbeddedSweepEngine;
import dev.otlab.sweep.InMemorySweepStore;
import dev.otlab.sweep.JdbcSweepStore;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepResults;
import dev.otlab.sweep.UnitResult;
import dev.otlab.testkit.RequiresDatabase;
import dev.otlab.testkit.RequiresTool;
import dev.otlab.testkit.SwarmTasks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The dashboard on PostgreSQL playing a sweep on the one-node swarm ({@code
 * otlab.sweeps.engine=swarm}, the lab image docker/build-images.sh builds, 3 tasks at once, 2
 * attempts per unit): the Swarm tasks write into the dashboard's own tables and the API follows
 * them. A sweep of 2 designs x wt-short (2 scenarios) x 1 seed, 6 units: one play's task is killed
 * while it plays, Swarm plays it again, and the second attempt is killed too, so the sweep fails
 * with that unit named; a retry through the API plays only the units without a result (one of its
 * tasks killed once more and played again), and the finished sweep's evaluations equal the embedded
 * engine's, unit result by unit result and evaluation by evaluation.
 */
@QuarkusTest
@TestProfile(SwarmSweepApiIT.OnSwarm.class)
// The docker command is probed, not Testcontainers' client, which a Quarkus test's class loader
// cannot load (RequiresDocker).
@RequiresTool(
    value = "docker",
    hint = "Install Docker (apt-get install -y docker.io) and make it a swarm (docker swarm init).",
    probe = {"docker", "info"})
@RequiresDatabase(
    name = "PostgreSQL",
    url = SwarmSweepApiIT.SERVER + "postgres",
    user = SwarmSweepApiIT.USER,
    password = SwarmSweepApiIT.PASSWORD,
    hint =
        "Start PostgreSQL on 127.0.0.1:5432 with a role otlab (password otlab) that may create"
            + " databases, as .ci/run does.")
class SwarmSweepApiIT {

  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String USER = "otlab";
  static final String PASSWORD = "otlab";
  static final String DATABASE = "otlab_swarm_api_it";

  /** The dashboard on a fresh PostgreSQL database of its own, sweeping on Swarm. */
  public static class OnSwarm implements QuarkusTestProfile {
    /** Set once prepared: Quarkus asks a profile in more than one class loader. */
    private static final String PREPARED = "otlab.test.swarm-sweep-api-prepared";

    @Override
    public Map<String, String> getConfigOverrides() {
      synchronized (System.class) {
        if (System.getProperty(PREPARED) == null) {
          try {
            // Before the service starts, so Flyway migrates an empty database.
            SwarmTasks.freshDatabase(SERVER, DATABASE, USER, PASSWORD);
            // The lab image the tasks run, from this build (cached when nothing changed).
            LabApi.buildImages();
          } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the database or the lab image", e);
          }
          System.setProperty(PREPARED, "true");
        }
      }
      return Map.of(
          "quarkus.datasource.active", "false",
          "quarkus.datasource.postgresql.active", "true",
          "quarkus.datasource.postgresql.jdbc.url", SERVER + DATABASE,
          "quarkus.datasource.postgresql.username", USER,
          "quarkus.datasource.postgresql.password", PASSWORD,
          "otlab.sweeps.engine", "swarm",
          "otlab.sweeps.option.image", "otlab/lab:dev",
          "otlab.sweeps.option.concurrency", "3",
          "otlab.sweeps.option.max-attempts", "2");
    }
  }

  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String VIEWER = "swviewer-" + SUFFIX;
  private static final String OPERATOR = "swoperator-" + SUFFIX;
  private static final ApiKit API = new ApiKit("a-long-password-" + SUFFIX);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the watcher saw of one go of a sweep. */
  private static final class Watch {
    final List<String> killed = new ArrayList<>();
    int mostRunning;
    boolean partly;
    String status = "queued";
  }

  @Test
  void theDashboardPlaysASweepOnSwarmRetriesAKilledTaskAndAFailedSweep() throws Exception {
    long start = System.nanoTime();
    assertThat(SwarmTasks.state()).as("the swarm .ci/run makes").isEqualTo("active");
    API.user(VIEWER, "viewer");
    API.user(OPERATOR, "operator");
    String sweep = "swarm-" + SUFFIX;
    API.upload(
        OPERATOR,
        "sweeps",
        """
        id: %s
        title: Flat against Purdue with a DMZ, on Swarm
        architectures: [water-treatment-flat, water-treatment-purdue-dmz]
        suites: [wt-short]
        seeds: {first: 1, count: 1}
        detection: [full]
        """
            .formatted(sweep));

    String first = API.start(OPERATOR, "sweeps", Map.of("sweep", sweep));
    try (JdbcSweepStore store = JdbcSweepStore.direct(SERVER + DATABASE, USER, PASSWORD)) {
      // Kill a play's task while it plays, then its second attempt: 2 of --max-attempts 2.
      Watch go1 = watch(store, first, first, 2);
      assertThat(go1.status).isEqualTo("failed");
      assertThat(go1.killed).hasSize(2).containsOnly(go1.killed.get(0));
      String victim = go1.killed.get(0);
      assertThat(go1.mostRunning).as("the API showed units running").isGreaterThan(0);
      assertThat(go1.partly).as("the API showed some units done while it ran").isTrue();
      JsonPath failed = API.as(VIEWER).get("/api/sweeps/" + first).jsonPath();
      assertThat(failed.getString("error.code")).isEqualTo("SWARM_UNIT_FAILED");
      assertThat(failed.getString("error.message")).contains(victim, "137");
      assertThat(failed.getInt("progress.units")).isEqualTo(6);
      assertThat(failed.getList("failedUnits")).contains(victim);
      assertThat(failed.getInt("progress.failedAttempts")).isGreaterThanOrEqualTo(2);
      int doneFirst = failed.getInt("progress.done");
      assertThat(doneFirst).isBetween(2, 5);
      if (doneFirst > 0) {
        assertThat(failed.getMap("playedBy")).isEqualTo(Map.of(first, doneFirst));
      }
      assertThat(SwarmTasks.services("label=otlab.sweep=" + first))
          .as("the engine removed its services when the sweep failed")
          .isEmpty();
      JdbcSweepStore.UnitRow row = row(store, first, victim);
      assertThat(row.failures()).isEqualTo(2);
      assertThat(row.attempts()).isEqualTo(2);
      assertThat(row.error()).contains("137");

      // The retry plays the units without a result; one of its tasks is killed and played again.
      String retry =
          API.as(OPERATOR)
              .post("/api/sweeps/" + first + "/retry")
              .then()
              .statusCode(202)
              .body("store", equalTo(first))
              .extract()
              .path("id");
      Watch go2 = watch(store, retry, first, 1);
      assertThat(go2.status).isEqualTo("finished");
      assertThat(go2.killed).hasSize(1);
      JsonPath done = API.as(VIEWER).get("/api/sweeps/" + retry).jsonPath();
      assertThat(done.getInt("progress.reused")).isEqualTo(doneFirst);
      assertThat(done.getInt("progress.done")).isEqualTo(6);
      assertThat(done.getList("failedUnits")).isEmpty();
      assertThat(done.getMap("playedBy")).isEqualTo(playedBy(first, doneFirst, retry));
      JdbcSweepStore.UnitRow again = row(store, first, go2.killed.get(0));
      assertThat(again.done()).isTrue();
      assertThat(again.failures()).isGreaterThanOrEqualTo(1);
      assertThat(again.worker()).startsWith(retry + "/");
      assertThat(SwarmTasks.services("label=otlab.sweep=" + first)).isEmpty();

      // The same sweep on the embedded engine, in this JVM: the same results to the last digit.
      SweepPlan plan = store.plan(first);
      InMemorySweepStore memory = new InMemorySweepStore();
      new EmbeddedSweepEngine(2).play("embedded", plan, memory, p -> {});
      Map<String, UnitResult> embedded = memory.results("embedded");
      Map<String, UnitResult> swarm = store.results(first);
      assertThat(json(swarm)).isEqualTo(json(embedded));
      List<Evaluation> fromEmbedded = SweepResults.evaluations(plan, embedded);
      List<Map<String, Object>> configs = done.getList("configurations");
      assertThat(configs).hasSize(fromEmbedded.size()).hasSize(2);
      for (int i = 0; i < configs.size(); i++) {
        String eid = (String) configs.get(i).get("evaluation");
        ObjectNode shown =
            (ObjectNode)
                JSON.readTree(API.as(VIEWER).get("/api/evaluations/" + eid + "/result").asString());
        // The API adds verdicts to what it stored; the rest is the evaluation as filed.
        shown.remove("verdict");
        shown.path("scorecards").forEach(c -> ((ObjectNode) c).remove("verdict"));
        assertThat(shown).isEqualTo(JSON.readTree(fromEmbedded.get(i).toJson()));
      }
      System.out.printf(
          "MEASURE dashboard sweep on Swarm: %d units, first go %d done then failed, retry %d;"
              + " whole IT %.1f s%n",
          plan.units().size(), doneFirst, 6 - doneFirst, (System.nanoTime() - start) / 1e9);
    }
  }

  private static Map<String, Integer> playedBy(String first, int doneFirst, String retry) {
    Map<String, Integer> out = new TreeMap<>();
    if (doneFirst > 0) {
      out.put(first, doneFirst);
    }
    out.put(retry, 6 - doneFirst);
    return out;
  }

  /**
   * Follows a sweep job through the API until it ends, and kills {@code kills} times the task of
   * one play (phase 2) while it plays: its first attempt the job started, then each next attempt
   * Swarm starts.
   */
  private static Watch watch(JdbcSweepStore store, String job, String storeId, int kills)
      throws Exception {
    Watch w = new Watch();
    long bound = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    @Nullable String victim = null;
    int attemptsSeen = 0;
    while (System.nanoTime() < bound) {
      JsonPath now = API.as(VIEWER).get("/api/sweeps/" + job).jsonPath();
      w.status = now.getString("status");
      if (!w.status.equals("queued") && !w.status.equals("running")) {
        return w;
      }
      // Zero units until the job has filed the plan; then the sweep's 6.
      if (w.status.equals("running") && now.getInt("progress.units") != 0) {
        assertThat(now.getInt("progress.units")).isEqualTo(6);
        int done = now.getInt("progress.done");
        w.partly |= done > 0 && done < 6;
        w.mostRunning = Math.max(w.mostRunning, now.getInt("progress.running"));
      }
      if (w.killed.size() < kills && store.exists(storeId)) {
        for (JdbcSweepStore.UnitRow r : store.units(storeId)) {
          boolean next =
              victim == null
                  ? r.attempts() > r.failures()
                  : r.key().equals(victim) && r.attempts() > attemptsSeen;
          if (r.phase() == 2
              && r.status() == JdbcSweepStore.Status.RUNNING
              && r.worker() != null
              && r.worker().startsWith(job + "/")
              && next
              && SwarmTasks.kill(SwarmTasks.taskOf(r.worker()))) {
            // Dead now, the task files nothing more; if its result is in, the kill came late.
            if (!row(store, storeId, r.key()).done()) {
              victim = r.key();
              attemptsSeen = r.attempts();
              w.killed.add(r.key());
            }
            break;
          }
        }
      }
      // Wall time on purpose: the test waits for Swarm's tasks, not for a lab.
      Thread.sleep(200);
    }
    throw new AssertionError("sweep " + job + " did not end within 4 minutes: " + w.status);
  }

  private static JdbcSweepStore.UnitRow row(JdbcSweepStore store, String sweep, String key) {
    return store.units(sweep).stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
  }

  private static Map<String, String> json(Map<String, UnitResult> results) {
    Map<String, String> out = new TreeMap<>();
    results.forEach((k, v) -> out.put(k, v.toJson()));
    return out;
  }
}
