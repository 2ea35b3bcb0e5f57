package dev.otlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.SweepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's failure path and its resumption, without a lab: a play whose twin is not in the plan
 * fails for real (SWEEP_TWIN_MISSING) before any run starts.
 */
class EmbeddedSweepEngineTest {

  @TempDir Path pki;

  static final SweepConfig CONFIG =
      new SweepConfig("water-treatment-flat", "wt-short", "full", List.of());

  static SweepPlan orphanPlay() {
    SweepSpec spec =
        new SweepSpec(
            "orphan",
            "A play without its twin",
            List.of("water-treatment-flat"),
            List.of("wt-short"),
            1,
            1,
            List.of("full"),
            List.of(List.of()));
    return new SweepPlan(spec, List.of(CONFIG), List.of(new SweepUnit.Play(CONFIG, "wt-recon", 1)));
  }

  @Test
  void aFailingUnitIsFiledRetriedOnceAndEndsTheSweep() {
    SweepPlan plan = orphanPlay();
    InMemorySweepStore store = new InMemorySweepStore();
    List<SweepProgress> progress = new ArrayList<>();
    assertThatThrownBy(
            () -> new EmbeddedSweepEngine(2, pki).play("orphan", plan, store, progress::add))
        .isInstanceOf(OtlabException.class)
        .satisfies(
            e -> {
              assertThat(((OtlabException) e).code()).isEqualTo("SWEEP_UNIT_FAILED");
              assertThat(e.getCause()).isInstanceOf(OtlabException.class);
              assertThat(((OtlabException) e.getCause()).code()).isEqualTo("SWEEP_TWIN_MISSING");
            });
    SweepProgress p = store.progress("orphan");
    assertThat(p.failedAttempts()).isEqualTo(EmbeddedSweepEngine.ATTEMPTS);
    assertThat(p.done()).isZero();
    assertThat(p.running()).isEmpty();
    assertThat(progress).extracting(SweepProgress::failedAttempts).containsExactly(1, 2);
  }

  @Test
  void unitsTheStoreHoldsAreNotPlayedAgain() {
    SweepPlan plan = orphanPlay();
    InMemorySweepStore store = new InMemorySweepStore();
    store.create("orphan", plan);
    UnitResult done =
        new UnitResult.DefendedTwinResult(new dev.otlab.scoring.ResponseScore.FalseAlarms(0, 0), 1);
    store.put("orphan", plan.units().get(0).key(), done, "elsewhere");
    List<SweepProgress> progress = new ArrayList<>();
    new EmbeddedSweepEngine(1, pki).play("orphan", plan, store, progress::add);
    assertThat(progress).isEmpty();
    assertThat(store.progress("orphan").complete()).isTrue();
    assertThat(store.results("orphan")).containsEntry(plan.units().get(0).key(), done);
  }

  @Test
  void aStoreRefusesAnotherPlanUnderTheSameIdAndAnUnknownId() {
    InMemorySweepStore store = new InMemorySweepStore();
    store.create("x", orphanPlay());
    store.create("x", orphanPlay());
    SweepPlan other = SweepPlanTest.wideLite();
    assertThatThrownBy(() -> store.create("x", other))
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("SWEEP_ID_TAKEN");
    assertThatThrownBy(() -> store.plan("y"))
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("SWEEP_NOT_FOUND");
  }

  @Test
  void jobsOutsideOneTo64AreRefused() {
    assertThatThrownBy(() -> new EmbeddedSweepEngine(0, pki))
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("SWEEP_JOBS_INVALID");
  }
}
