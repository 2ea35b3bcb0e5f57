package dev.otlab.dashboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.SweepSpec;
import dev.otlab.scoring.ResponseScore;
import dev.otlab.sweep.SweepConfig;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepUnit;
import dev.otlab.sweep.UnitResult;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's sweep store on an in-memory H2 database migrated as the service migrates its own
 * (the same plain SQL runs on PostgreSQL): plans, results by unit, failed attempts, progress,
 * results that outlive the store object (a restart), and writes that an interrupt does not break.
 */
class DbSweepStoreTest {

  private final String url = "jdbc:h2:mem:sweeps-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  private DbSweepStore store() {
    return new DbSweepStore(() -> DriverManager.getConnection(url, "sa", ""));
  }

  DbSweepStoreTest() {
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  private static final SweepConfig CONFIG =
      new SweepConfig("water-treatment-flat", "wt-short", "full", List.of());

  private static SweepPlan plan(String id) {
    SweepSpec spec =
        new SweepSpec(
            id,
            "Two units",
            List.of("water-treatment-flat"),
            List.of("wt-short"),
            1,
            1,
            List.of("full"),
            List.of(List.of()));
    return new SweepPlan(
        spec,
        List.of(CONFIG),
        List.of(
            new SweepUnit.DefendedTwin(CONFIG, 1, 600), new SweepUnit.Play(CONFIG, "wt-recon", 1)));
  }

  private static UnitResult result(int responses) {
    return new UnitResult.DefendedTwinResult(new ResponseScore.FalseAlarms(responses, 0), 600);
  }

  @Test
  void filesPlansResultsAndFailuresThatOutliveTheStoreObject() {
    SweepPlan plan = plan("s");
    String first = plan.units().get(0).key();
    String second = plan.units().get(1).key();
    try (DbSweepStore s = store()) {
      s.create("job-1", plan);
      s.create("job-1", plan); // idempotent for the same plan
      s.started("job-1", first, "job-1/w1");
      assertThat(s.progress("job-1").running()).containsEntry(first, "job-1/w1");
      s.failed("job-1", first, "job-1/w1", "boom");
      s.failed("job-1", second, "job-1/w1", "boom");
      assertThat(s.failedUnits("job-1")).containsExactly(first, second);
      s.put("job-1", first, result(1), "job-1/w1");
      s.put("job-1", first, result(2), "job-1/w2"); // the last result of a unit wins
      assertThat(s.failedUnits("job-1")).containsExactly(second);
      assertThat(s.progress("job-1").running()).isEmpty();
    }
    try (DbSweepStore s = store()) {
      assertThat(s.plan("job-1")).isEqualTo(plan);
      assertThat(s.results("job-1")).isEqualTo(Map.of(first, result(2)));
      assertThat(s.workers("job-1")).isEqualTo(Map.of(first, "job-1/w2"));
      var p = s.progress("job-1");
      assertThat(p.units()).isEqualTo(2);
      assertThat(p.done()).isEqualTo(1);
      assertThat(p.failedAttempts()).isEqualTo(2);
      assertThat(p.complete()).isFalse();
      s.put("job-1", second, result(3), "job-2/w1");
      assertThat(s.progress("job-1").complete()).isTrue();
      assertThat(s.failedUnits("job-1")).isEmpty();
      assertThat(s.results("job-1").keySet()).containsExactly(first, second);
    }
  }

  @Test
  void refusesAnotherPlanUnderAnIdAndAnUnknownId() {
    try (DbSweepStore s = store()) {
      s.create("job-1", plan("s"));
      assertThatThrownBy(() -> s.create("job-1", plan("other")))
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("SWEEP_ID_TAKEN"));
      assertThatThrownBy(() -> s.progress("nobody"))
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("SWEEP_NOT_FOUND"));
    }
  }

  @Test
  void anInterruptedWorkerStillFilesItsResultAndKeepsItsInterrupt() {
    SweepPlan plan = plan("s");
    try (DbSweepStore s = store()) {
      s.create("job-1", plan);
      Thread.currentThread().interrupt();
      try {
        s.put("job-1", plan.units().get(0).key(), result(1), "w");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(s.progress("job-1").done()).isEqualTo(1);
    }
  }
}
