package dev.otlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.SweepSpec;
import dev.otlab.scoring.ResponseScore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the SQL sweep store does on any database it runs on (H2 in {@link JdbcSweepStoreTest},
 * PostgreSQL in {@link JdbcSweepStoreIT}): a plan filed once and read back equal, another plan
 * under the same id refused, attempts, failures, workers and timings per unit, the last result
 * winning, progress with who runs what, the units a retry plays, results that outlive the store
 * object, interrupted writers, and several stores (as several task processes) writing at once.
 */
abstract class SweepStoreContract {

  /** The database's URL, user and password; a fresh, empty database for each test. */
  abstract String url();

  String user() {
    return "otlab";
  }

  String password() {
    return "otlab";
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), password());
  }

  /** A store on one kept connection, as a command or a Swarm task opens it, tables made. */
  JdbcSweepStore direct() {
    JdbcSweepStore s = JdbcSweepStore.direct(url(), user(), password());
    s.createTables();
    return s;
  }

  /** A store opening a connection per change, as the dashboard's pool serves it. */
  JdbcSweepStore pooled() {
    JdbcSweepStore s = JdbcSweepStore.pooled(this::connect, "the test database");
    s.createTables();
    return s;
  }

  static final SweepConfig CONFIG =
      new SweepConfig("water-treatment-flat", "short", "full", List.of("wt-isolate-on-any-alert"));
  static final SweepUnit TWIN = new SweepUnit.Twin("water-treatment-flat", 1, 600);
  static final SweepUnit DEFENDED = new SweepUnit.DefendedTwin(CONFIG, 1, 600);
  static final SweepUnit PLAY = new SweepUnit.Play(CONFIG, "wt-setpoint", 1);

  static SweepPlan plan(String id, List<SweepUnit> units) {
    return new SweepPlan(
        new SweepSpec(
            id,
            "store",
            List.of("water-treatment-flat"),
            List.of("short"),
            1,
            1,
            List.of("full"),
            List.of(List.of("wt-isolate-on-any-alert"))),
        List.of(CONFIG),
        units);
  }

  static final SweepPlan PLAN = plan("store-test", List.of(TWIN, DEFENDED, PLAY));

  static UnitResult result(int responses) {
    return new UnitResult.DefendedTwinResult(new ResponseScore.FalseAlarms(responses, 7), 600);
  }

  static JdbcSweepStore.UnitRow row(JdbcSweepStore s, String sweep, SweepUnit unit) {
    return s.units(sweep).stream()
        .filter(r -> r.key().equals(unit.key()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void filesAPlanOnceCountsAttemptsAndReadsResultsBackExactly() {
    Instant jvm = Instant.ofEpochMilli(1_700_000_000_000L);
    try (JdbcSweepStore a = direct();
        JdbcSweepStore b = pooled()) {
      a.create("s1", PLAN);
      b.create("s1", PLAN); // idempotent for the same plan
      assertThat(b.exists("s1")).isTrue();
      assertThat(b.exists("s2")).isFalse();
      assertThat(b.plan("s1")).isEqualTo(PLAN);
      assertThat(a.units("s1"))
          .extracting(
              JdbcSweepStore.UnitRow::key,
              JdbcSweepStore.UnitRow::phase,
              JdbcSweepStore.UnitRow::slot,
              JdbcSweepStore.UnitRow::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(TWIN.key(), 1, 1, JdbcSweepStore.Status.PENDING),
              org.assertj.core.groups.Tuple.tuple(
                  DEFENDED.key(), 1, 2, JdbcSweepStore.Status.PENDING),
              org.assertj.core.groups.Tuple.tuple(PLAY.key(), 2, 1, JdbcSweepStore.Status.PENDING));
      assertThat(a.progress("s1")).isEqualTo(new SweepProgress(3, 0, 0, Map.of()));

      assertThat(b.started("s1", DEFENDED.key(), "node-1/task.2.a", jvm)).isFalse();
      assertThat(a.progress("s1").running())
          .containsExactly(Map.entry(DEFENDED.key(), "node-1/task.2.a"));
      a.failed("s1", DEFENDED.key(), "engine", "task Failed: non-zero exit (137)");
      assertThat(JdbcSweepStore.failedUnits(a.units("s1"))).containsExactly(DEFENDED.key());
      assertThat(a.progress("s1").running()).isEmpty();
      assertThat(b.started("s1", DEFENDED.key(), "node-1/task.2.b", jvm)).isFalse();
      // The engine notices a killed attempt only after the next one started: it stays running.
      a.failedEarlier("s1", DEFENDED.key(), "task Failed: non-zero exit (137)");
      assertThat(a.progress("s1").running())
          .containsExactly(Map.entry(DEFENDED.key(), "node-1/task.2.b"));
      assertThat(row(a, "s1", DEFENDED).failures()).isEqualTo(2);
      b.put("s1", DEFENDED.key(), result(1), "node-1/task.2.b", 1.5);

      JdbcSweepStore.UnitRow r = row(a, "s1", DEFENDED);
      assertThat(r.status()).isEqualTo(JdbcSweepStore.Status.DONE);
      assertThat(r.attempts()).isEqualTo(3);
      assertThat(r.failures()).isEqualTo(2);
      assertThat(r.error()).contains("137");
      assertThat(r.worker()).isEqualTo("node-1/task.2.b");
      assertThat(r.playSeconds()).isEqualTo(1.5);
      assertThat(r.taskStarted()).isEqualTo(jvm);
      assertThat(r.started()).isNotNull();
      assertThat(r.finished()).isNotNull().isAfterOrEqualTo(r.started());
      assertThat(a.results("s1")).containsExactly(Map.entry(DEFENDED.key(), result(1)));
      assertThat(a.progress("s1")).isEqualTo(new SweepProgress(3, 1, 2, Map.of()));
      assertThat(JdbcSweepStore.failedUnits(a.units("s1"))).isEmpty();
      // A task restarted after it filed its result learns that it need not play again.
      assertThat(b.started("s1", DEFENDED.key(), "node-2/task.2.c", null)).isTrue();
      // A failure filed after the result (a task killed as it exits) counts, and keeps the
      // result and who played it.
      a.failed("s1", DEFENDED.key(), "engine", "task Failed: non-zero exit (137)");
      assertThat(row(a, "s1", DEFENDED).worker()).isEqualTo("node-1/task.2.b");
      assertThat(row(a, "s1", DEFENDED).failures()).isEqualTo(3);
      assertThat(a.results("s1")).containsExactly(Map.entry(DEFENDED.key(), result(1)));

      // An engine that files a result without saying it started still counts the attempt, and
      // the last result of a unit wins.
      a.put("s1", TWIN.key(), result(2), "embedded-1");
      assertThat(row(a, "s1", TWIN).attempts()).isEqualTo(1);
      assertThat(row(a, "s1", TWIN).playSeconds()).isNull();
      b.put("s1", TWIN.key(), result(3), "embedded-2");
      assertThat(a.results("s1")).containsEntry(TWIN.key(), result(3));
      assertThat(a.results("s1").keySet()).containsExactly(TWIN.key(), DEFENDED.key());
    }
    // Results outlive the store objects (a restarted service, a task after the engine).
    try (JdbcSweepStore c = pooled()) {
      assertThat(c.plan("s1")).isEqualTo(PLAN);
      assertThat(c.results("s1")).containsEntry(TWIN.key(), result(3));
      assertThat(c.progress("s1").done()).isEqualTo(2);
      assertThat(c.progress("s1").failedAttempts()).isEqualTo(3);
    }
  }

  @Test
  void aTaggedViewNamesItsWorkersAfterTheJobAndAResumeEndsStaleRunningUnits() {
    try (JdbcSweepStore s = pooled()) {
      JdbcSweepStore job = s.tagged("job-1");
      assertThat(job.tag()).isEqualTo("job-1");
      job.create("s1", PLAN);
      job.started("s1", TWIN.key(), "w1");
      job.started("s1", PLAY.key(), "w2");
      job.put("s1", TWIN.key(), result(1), "w1");
      job.close(); // a view's close leaves the store open
      assertThat(row(s, "s1", TWIN).worker()).isEqualTo("job-1/w1");
      assertThat(s.progress("s1").running()).containsExactly(Map.entry(PLAY.key(), "job-1/w2"));
      // The play that left PLAY running is over (a stopped service): playing again resumes.
      s.tagged("job-2").create("s1", PLAN);
      assertThat(s.progress("s1").running()).isEmpty();
      assertThat(row(s, "s1", PLAY).status()).isEqualTo(JdbcSweepStore.Status.PENDING);
      assertThat(row(s, "s1", TWIN).status()).isEqualTo(JdbcSweepStore.Status.DONE);
    }
  }

  @Test
  void refusesAnotherPlanUnderTheSameIdAndUnknownSweepsAndUnits() {
    try (JdbcSweepStore s = direct()) {
      s.create("s1", PLAN);
      SweepPlan other = plan("store-test", List.of(TWIN, PLAY));
      assertThatThrownBy(() -> s.create("s1", other))
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("SWEEP_ID_TAKEN"));
      assertThatThrownBy(() -> s.plan("nope"))
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("SWEEP_NOT_FOUND"));
      assertThatThrownBy(() -> s.progress("nope"))
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("SWEEP_NOT_FOUND"));
      assertThatThrownBy(() -> s.failed("s1", "play:none", "w", "e"))
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("SWEEP_UNIT_UNKNOWN"));
      s.delete("s1");
      assertThat(s.exists("s1")).isFalse();
      s.create("s1", other); // the id is free again
      assertThat(s.plan("s1")).isEqualTo(other);
    }
  }

  @Test
  void anInterruptedWorkerStillFilesItsResultAndKeepsItsInterrupt() {
    try (JdbcSweepStore s = pooled()) {
      s.create("s1", PLAN);
      Thread.currentThread().interrupt();
      try {
        s.put("s1", TWIN.key(), result(1), "w");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(s.progress("s1").done()).isEqualTo(1);
    }
  }

  /**
   * Six stores on connections of their own, as six task processes: all file the same plan at once
   * (one plan results), then each plays two units of its own, with a failure before each result,
   * and fails one unit they all play; every count adds up.
   */
  @Test
  void severalProcessesFileThePlanAndTheirUnitsAtOnce() throws Exception {
    int writers = 6;
    List<SweepUnit> units = new ArrayList<>();
    for (int seed = 1; seed <= 2 * writers + 1; seed++) {
      units.add(new SweepUnit.Play(CONFIG, "wt-setpoint", seed));
    }
    SweepPlan big = plan("store-big", units);
    String shared = units.get(2 * writers).key();
    List<JdbcSweepStore> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int w = 0; w < writers; w++) {
        stores.add(direct());
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        JdbcSweepStore s = stores.get(w);
        String worker = "node/task." + w;
        int first = w * 2;
        Callable<Void> task =
            () -> {
              go.await();
              s.create("big", big);
              s.started("big", shared, worker, null);
              for (int u : new int[] {first, first + 1}) {
                String key = units.get(u).key();
                s.started("big", key, worker, null);
                s.failed("big", key, worker, "first try");
                s.started("big", key, worker, null);
                s.put("big", key, result(u), worker);
              }
              s.failed("big", shared, worker, "no luck");
              return null;
            };
        done.add(pool.submit(task));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
      JdbcSweepStore s = stores.get(0);
      assertThat(s.plan("big")).isEqualTo(big);
      assertThat(s.progress("big"))
          .isEqualTo(new SweepProgress(2 * writers + 1, 2 * writers, 3 * writers, Map.of()));
      assertThat(JdbcSweepStore.failedUnits(s.units("big"))).containsExactly(shared);
      s.put("big", shared, result(99), "engine");
      List<JdbcSweepStore.UnitRow> rows = s.units("big");
      assertThat(rows).allSatisfy(r -> assertThat(r.done()).isTrue());
      assertThat(rows.subList(0, 2 * writers))
          .allSatisfy(
              r -> {
                assertThat(r.failures()).isEqualTo(1);
                assertThat(r.attempts()).isEqualTo(2);
              });
      // Every writer's attempt failed, and the result came from one more.
      assertThat(rows.get(2 * writers).failures()).isEqualTo(writers);
      assertThat(rows.get(2 * writers).attempts()).isEqualTo(writers + 1);
      Map<String, UnitResult> results = s.results("big");
      for (int u = 0; u < 2 * writers; u++) {
        assertThat(results.get(units.get(u).key())).isEqualTo(result(u));
      }
    } finally {
      pool.shutdownNow();
      stores.forEach(JdbcSweepStore::close);
    }
  }

  @Test
  void tablesAreMadeOnceEvenWhenSeveralProcessesStartTogether() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<JdbcSweepStore>> opened = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opened.add(
            pool.submit(
                () -> {
                  go.await();
                  return direct();
                }));
      }
      go.countDown();
      for (Future<JdbcSweepStore> f : opened) {
        try (JdbcSweepStore s = f.get(2, TimeUnit.MINUTES)) {
          s.create("t", PLAN);
          assertThat(s.plan("t")).isEqualTo(PLAN);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
