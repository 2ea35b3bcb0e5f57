package dev.otlab.dashboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.SweepSpec;
import dev.otlab.scoring.ResponseScore;
import dev.otlab.sweep.JdbcSweepStore;
import dev.otlab.sweep.SweepConfig;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepUnit;
import dev.otlab.sweep.UnitResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's sweeps in the one SQL sweep store ({@link JdbcSweepStore}), on in-memory H2
 * databases migrated as the service migrates its own (on PostgreSQL: {@link
 * SweepStoreMigrationIT}): the migration makes exactly the tables the store makes elsewhere, and
 * moves the sweeps of V8 into them with their results, workers and failures, so a retry after the
 * upgrade plays only the units without a result.
 */
class SweepStoreMigrationTest {

  /** A fresh, empty database; its URL. */
  String database(String name) throws SQLException {
    return "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  String user() {
    return "sa";
  }

  String password() {
    return "";
  }

  private Flyway flyway(String url, String target) {
    return Flyway.configure()
        .dataSource(url, user(), password())
        .locations("classpath:db/migration")
        .target(target)
        .load();
  }

  private static final SweepConfig CONFIG =
      new SweepConfig("water-treatment-flat", "wt-short", "full", List.of());

  private static final SweepPlan PLAN =
      new SweepPlan(
          new SweepSpec(
              "s",
              "Three units",
              List.of("water-treatment-flat"),
              List.of("wt-short"),
              1,
              1,
              List.of("full"),
              List.of(List.of())),
          List.of(CONFIG),
          List.of(
              new SweepUnit.DefendedTwin(CONFIG, 1, 600),
              new SweepUnit.Play(CONFIG, "wt-recon", 1),
              new SweepUnit.Play(CONFIG, "wt-setpoint", 1)));

  private static UnitResult result(int responses) {
    return new UnitResult.DefendedTwinResult(new ResponseScore.FalseAlarms(responses, 0), 600);
  }

  @Test
  void theMigrationMakesTheTablesTheStoreMakesElsewhere() throws SQLException {
    String migrated = database("migrated");
    flyway(migrated, "latest").migrate();
    String made = database("made");
    try (JdbcSweepStore s = JdbcSweepStore.pooled(() -> connect(made), "made")) {
      s.createTables();
    }
    List<String> fromMigration = columns(migrated);
    assertThat(fromMigration).hasSizeGreaterThan(10).isEqualTo(columns(made));
  }

  @Test
  void sweepsOfV8KeepTheirResultsWorkersAndFailures() throws SQLException {
    String url = database("v8");
    flyway(url, "8").migrate();
    String[] keys = PLAN.units().stream().map(SweepUnit::key).toArray(String[]::new);
    try (Connection c = connect(url)) {
      update(c, "INSERT INTO sweep_plans VALUES (?, ?, ?)", "job-1", PLAN.toJson(), 1000L);
      // Unit 0 failed once, then job-1 played it; unit 1 failed twice (job-2 last); unit 2 waits.
      update(
          c,
          "INSERT INTO sweep_failures (sweep_id, unit_index, worker, error, created_at)"
              + " VALUES (?, ?, ?, ?, ?)",
          "job-1",
          0,
          "job-1/w1",
          "boom",
          1100L);
      update(
          c,
          "INSERT INTO sweep_results VALUES (?, ?, ?, ?, ?)",
          "job-1",
          0,
          result(1).toJson(),
          "job-1/w1",
          1200L);
      update(
          c,
          "INSERT INTO sweep_failures (sweep_id, unit_index, worker, error, created_at)"
              + " VALUES (?, ?, ?, ?, ?)",
          "job-1",
          1,
          "job-1/w2",
          "first",
          1300L);
      update(
          c,
          "INSERT INTO sweep_failures (sweep_id, unit_index, worker, error, created_at)"
              + " VALUES (?, ?, ?, ?, ?)",
          "job-1",
          1,
          "job-2/w1",
          "second",
          1400L);
    }
    flyway(url, "latest").migrate();
    try (JdbcSweepStore s = JdbcSweepStore.pooled(() -> connect(url), "the dashboard's database")) {
      assertThat(s.plan("job-1")).isEqualTo(PLAN);
      assertThat(s.results("job-1")).isEqualTo(Map.of(keys[0], result(1)));
      List<JdbcSweepStore.UnitRow> rows = s.units("job-1");
      assertThat(rows)
          .extracting(
              JdbcSweepStore.UnitRow::status,
              JdbcSweepStore.UnitRow::attempts,
              JdbcSweepStore.UnitRow::failures,
              JdbcSweepStore.UnitRow::worker,
              JdbcSweepStore.UnitRow::error)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  JdbcSweepStore.Status.DONE, 2, 1, "job-1/w1", null),
              org.assertj.core.groups.Tuple.tuple(
                  JdbcSweepStore.Status.FAILED, 2, 2, "job-2/w1", "second"),
              org.assertj.core.groups.Tuple.tuple(JdbcSweepStore.Status.PENDING, 0, 0, null, null));
      assertThat(JdbcSweepStore.failedUnits(rows)).containsExactly(keys[1]);
      assertThat(s.progress("job-1").done()).isEqualTo(1);
      assertThat(s.progress("job-1").failedAttempts()).isEqualTo(3);

      // A retry after the upgrade: the store adds the row V8 did not have and plays on.
      JdbcSweepStore retry = s.tagged("job-3");
      retry.create("job-1", PLAN);
      retry.put("job-1", keys[1], result(2), "w1");
      retry.started("job-1", keys[2], "w2");
      retry.put("job-1", keys[2], result(3), "w2");
      assertThat(s.progress("job-1").complete()).isTrue();
      assertThat(s.units("job-1"))
          .extracting(JdbcSweepStore.UnitRow::worker)
          .containsExactly("job-1/w1", "job-3/w1", "job-3/w2");
    }
  }

  private Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, user(), password());
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      st.executeUpdate();
    }
  }

  /** The sweep tables' columns: name, type, length, nullability and place in the key. */
  private List<String> columns(String url) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = connect(url);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length,"
                    + " c.is_nullable, k.ordinal_position FROM information_schema.columns c"
                    + " LEFT JOIN information_schema.key_column_usage k ON k.table_schema ="
                    + " c.table_schema AND k.table_name = c.table_name AND k.column_name ="
                    + " c.column_name WHERE LOWER(c.table_schema) = 'public' AND"
                    + " LOWER(c.table_name) IN ('sweeps', 'sweep_units')"
                    + " ORDER BY c.table_name, c.ordinal_position");
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        out.add(
            rs.getString(1)
                + "."
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + "("
                + rs.getString(4)
                + ") null="
                + rs.getString(5)
                + " key="
                + rs.getString(6));
      }
    }
    return out;
  }
}
