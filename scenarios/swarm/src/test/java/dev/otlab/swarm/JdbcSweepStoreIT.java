package dev.otlab.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.SweepSpec;
import dev.otlab.scoring.ResponseScore;
import dev.otlab.sweep.SweepConfig;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepProgress;
import dev.otlab.sweep.SweepUnit;
import dev.otlab.sweep.UnitResult;
import dev.otlab.testkit.RequiresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store on a real server (127.0.0.1:5432, role otlab, as {@code .ci/run} sets it up;
 * a database of its own, made fresh): tables created when missing, a plan filed once and read back
 * equal, attempts and failures counted, results read back exactly, progress with who runs what.
 */
@RequiresDatabase(
    name = "PostgreSQL",
    url = JdbcSweepStoreIT.SERVER + "postgres",
    user = "otlab",
    password = "otlab",
    hint =
        "Start PostgreSQL on 127.0.0.1:5432 with a role otlab (password otlab) that may create"
            + " databases, as .ci/run does.")
class JdbcSweepStoreIT {

  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String DATABASE = "otlab_sweep_store_it";
  private static final String URL = SERVER + DATABASE;

  private static final SweepConfig CONFIG =
      new SweepConfig("water-treatment-flat", "short", "full", List.of("wt-isolate-on-any-alert"));
  private static final SweepUnit TWIN = new SweepUnit.Twin("water-treatment-flat", 1, 600);
  private static final SweepUnit DEFENDED = new SweepUnit.DefendedTwin(CONFIG, 1, 600);
  private static final SweepUnit PLAY = new SweepUnit.Play(CONFIG, "wt-setpoint", 1);
  private static final SweepPlan PLAN =
      new SweepPlan(
          new SweepSpec(
              "store-it",
              "store",
              List.of("water-treatment-flat"),
              List.of("short"),
              1,
              1,
              List.of("full"),
              List.of(List.of("wt-isolate-on-any-alert"))),
          List.of(CONFIG),
          List.of(TWIN, DEFENDED, PLAY));

  @BeforeEach
  void freshDatabase() throws Exception {
    DriverManager.setLoginTimeout(5);
    try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "otlab", "otlab");
        Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + DATABASE);
    }
  }

  @Test
  void filesAPlanOnceCountsAttemptsAndReadsResultsBackExactly() {
    UnitResult alarms = new UnitResult.DefendedTwinResult(new ResponseScore.FalseAlarms(2, 7), 600);
    try (JdbcSweepStore a = new JdbcSweepStore(URL, "otlab", "otlab");
        JdbcSweepStore b = new JdbcSweepStore(URL, "otlab", "otlab")) {
      a.create("s1", PLAN);
      b.create("s1", PLAN);
      assertThat(b.exists("s1")).isTrue();
      assertThat(b.plan("s1")).isEqualTo(PLAN);
      assertThat(a.units("s1"))
          .extracting(JdbcSweepStore.UnitRow::key, JdbcSweepStore.UnitRow::phase, r -> r.slot())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(TWIN.key(), 1, 1),
              org.assertj.core.groups.Tuple.tuple(DEFENDED.key(), 1, 2),
              org.assertj.core.groups.Tuple.tuple(PLAY.key(), 2, 1));
      assertThat(a.progress("s1")).isEqualTo(new SweepProgress(3, 0, 0, Map.of()));

      assertThat(b.started("s1", DEFENDED.key(), "node-1/task.2.a", null)).isFalse();
      assertThat(a.progress("s1").running())
          .containsExactly(Map.entry(DEFENDED.key(), "node-1/task.2.a"));
      a.failed("s1", DEFENDED.key(), "engine", "task Failed: non-zero exit (137)");
      assertThat(b.started("s1", DEFENDED.key(), "node-1/task.2.b", null)).isFalse();
      b.put("s1", DEFENDED.key(), alarms, "node-1/task.2.b", 1.5);

      JdbcSweepStore.UnitRow row =
          a.units("s1").stream()
              .filter(r -> r.key().equals(DEFENDED.key()))
              .findFirst()
              .orElseThrow();
      assertThat(row.status()).isEqualTo(JdbcSweepStore.Status.DONE);
      assertThat(row.attempts()).isEqualTo(2);
      assertThat(row.failures()).isEqualTo(1);
      assertThat(row.error()).contains("137");
      assertThat(row.worker()).isEqualTo("node-1/task.2.b");
      assertThat(row.playSeconds()).isEqualTo(1.5);
      assertThat(row.started()).isNotNull();
      assertThat(row.finished()).isNotNull();
      assertThat(a.results("s1")).containsExactly(Map.entry(DEFENDED.key(), alarms));
      assertThat(a.progress("s1")).isEqualTo(new SweepProgress(3, 1, 1, Map.of()));
      // A task restarted after it filed its result learns that it need not play again.
      assertThat(b.started("s1", DEFENDED.key(), "node-2/task.2.c", null)).isTrue();

      // An engine that files a result without saying it started still counts the attempt.
      a.put("s1", TWIN.key(), alarms, "embedded-1");
      assertThat(a.units("s1").get(0).attempts()).isEqualTo(1);
    }
  }

  @Test
  void refusesAnotherPlanUnderTheSameIdAndUnknownSweepsAndUnits() {
    try (JdbcSweepStore s = new JdbcSweepStore(URL, "otlab", "otlab")) {
      s.create("s1", PLAN);
      SweepPlan other = new SweepPlan(PLAN.spec(), PLAN.configs(), List.of(TWIN, PLAY));
      assertThatThrownBy(() -> s.create("s1", other))
          .extracting(e -> ((OtlabException) e).code())
          .isEqualTo("SWEEP_ID_TAKEN");
      assertThatThrownBy(() -> s.plan("nope"))
          .extracting(e -> ((OtlabException) e).code())
          .isEqualTo("SWEEP_NOT_FOUND");
      assertThatThrownBy(() -> s.failed("s1", "play:none", "w", "e"))
          .extracting(e -> ((OtlabException) e).code())
          .isEqualTo("SWARM_UNIT_UNKNOWN");
      s.delete("s1");
      assertThat(s.exists("s1")).isFalse();
    }
    assertThatThrownBy(() -> new JdbcSweepStore(SERVER + DATABASE, "otlab", "wrong"))
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("SWARM_DB_UNREACHABLE");
  }
}
