package dev.otlab.scoring;

import static dev.otlab.scoring.Traces.alert;
import static dev.otlab.scoring.Traces.crossing;
import static dev.otlab.scoring.Traces.operations;
import static dev.otlab.scoring.Traces.samples;
import static dev.otlab.scoring.Traces.step;
import static dev.otlab.scoring.Traces.trace;
import static dev.otlab.scoring.Traces.water;
import static dev.otlab.scoring.WorkedExampleTest.ARCH;
import static dev.otlab.scoring.WorkedExampleTest.PLANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.RunTrace.Outcome;
import dev.otlab.library.ScenarioSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-run formulas on hand-built traces. */
class ScorecardTest {

  static final double D = 600;

  static ScenarioSpec safety() {
    return WorkedExampleTest.spec(
        "safety", new ScenarioSpec.Objective("treated_level", true, null, "overflow"), "T0855");
  }

  static BenignTwin twin(double outflow, List<dev.otlab.process.LimitCrossing> crossings) {
    return BenignTwin.of(
        trace(
            "twin",
            D,
            List.of(),
            List.of(),
            samples(D, t -> water(outflow, 2.0)),
            crossings,
            List.of(),
            null,
            List.of()),
        Production.of(PLANT),
        PLANT.id());
  }

  @Test
  void aCrossingTheTwinAlsoHadIsNotImpact() {
    var shared =
        List.of(
            crossing(50, "treated_level", 3.9, true), crossing(60, "treated_level", 3.9, false));
    RunTrace t =
        trace(
            "safety",
            D,
            List.of(step("s1", "T0855", 10, Outcome.SUCCEEDED, null, null)),
            operations(10, 0),
            samples(D, x -> water(20, 2.0)),
            shared,
            List.of(),
            null,
            List.of());
    Scorecard c = Scorecard.of(safety(), t, PLANT, ARCH, twin(20, shared), Weights.DEFAULT);
    assertThat(c.impact().newCrossings()).isZero();
    assertThat(c.impact().outsideSeconds()).isEqualTo(10);
    assertThat(c.impact().twinOutsideSeconds()).isEqualTo(10);
    assertThat(c.impact().impactTime()).isNull();
    assertThat(c.impact().harm()).isZero();
  }

  @Test
  void anObjectiveReachedAfterTheLengthIsImpactThoughTheTwinStoppedThere() {
    // The run played on past D = 600 s to decide and T-301 overflowed at 700 s.
    RunTrace t =
        trace(
            "safety",
            D,
            List.of(step("s1", "T0855", 10, Outcome.SUCCEEDED, null, null)),
            operations(10, 0),
            samples(760, x -> water(20, x < 700 ? 2.0 + x / 400.0 : 3.95)),
            List.of(crossing(700, "treated_level", 3.9, true)),
            List.of(),
            700.0,
            List.of());
    Scorecard c = Scorecard.of(safety(), t, PLANT, ARCH, twin(20, List.of()), Weights.DEFAULT);
    assertThat(c.outcome()).isEqualTo(new dev.otlab.lab.RunOutcome.Reached(700, true));
    assertThat(c.playedSeconds()).isEqualTo(700);
    assertThat(c.impact().newCrossings()).isEqualTo(1);
    assertThat(c.impact().impactTime()).isEqualTo(700);
    assertThat(c.impact().firstLimit()).isEqualTo("treated_level high");
    // Nothing was outside within [0, D); the crossing alone is half the harm.
    assertThat(c.impact().outsideSeconds()).isZero();
    assertThat(c.impact().envelopeHarm()).isCloseTo(0.5 + 0.5 * (0.05 / 3.9) / 0.1, within(1e-9));
    assertThat(c.detection().window()).isEqualTo(690);
  }

  @Test
  void aLimitStillViolatedAtTheEndCountsUntilTheEnd() {
    RunTrace t =
        trace(
            "safety",
            D,
            List.of(step("s1", "T0855", 10, Outcome.SUCCEEDED, null, null)),
            operations(10, 0),
            samples(D, x -> water(20, 2.0)),
            List.of(crossing(300, "treated_level", 3.9, true)),
            List.of(),
            300.0,
            List.of());
    Scorecard c = Scorecard.of(safety(), t, PLANT, ARCH, twin(20, List.of()), Weights.DEFAULT);
    assertThat(c.impact().outsideSeconds()).isEqualTo(300);
    assertThat(c.impact().timeToImpact()).isEqualTo(290);
    // 300 s of 600 s saturation: L = 0.5 + 0.5 x 0.5.
    assertThat(c.impact().envelopeHarm()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void productionLossUnderTheNoiseFloorIsNoHarmAndOffSpecWaterIsNotDelivered() {
    RunTrace slightly =
        trace(
            "safety",
            D,
            List.of(),
            operations(10, 0),
            samples(D, x -> water(19.9, 2.0)),
            List.of(),
            List.of(),
            null,
            List.of());
    Scorecard c =
        Scorecard.of(safety(), slightly, PLANT, ARCH, twin(20, List.of()), Weights.DEFAULT);
    assertThat(c.impact().productionLostFraction()).isCloseTo(0.005, within(1e-9));
    assertThat(c.impact().productionHarm()).isZero();

    var offSpec =
        samples(
            D, x -> x < 300 ? water(20, 2.0) : java.util.Map.of("outflow", 20.0, "chlorine", 0.1));
    RunTrace dirty =
        trace(
            "safety",
            D,
            List.of(),
            operations(10, 0),
            offSpec,
            List.of(),
            List.of(),
            null,
            List.of());
    Scorecard d = Scorecard.of(safety(), dirty, PLANT, ARCH, twin(20, List.of()), Weights.DEFAULT);
    assertThat(d.impact().productionLostFraction()).isCloseTo(0.5, within(1e-9));
    assertThat(d.impact().productionHarm()).isEqualTo(1.0);
  }

  @Test
  void detectionAfterImpactEarnsNothingAndTheTimeTermIsLinear() {
    List<RunTrace.StepRecord> steps =
        List.of(step("s1", "T0855", 100, Outcome.SUCCEEDED, null, null));
    var crossings = List.of(crossing(300, "treated_level", 3.9, true));
    for (double at : new double[] {100, 150, 200, 300, 301}) {
      RunTrace t =
          trace(
              "safety",
              D,
              steps,
              operations(10, 0),
              samples(D, x -> water(20, 2.0)),
              crossings,
              List.of(),
              300.0,
              List.of(alert(at, "s1", "r")));
      Scorecard c = Scorecard.of(safety(), t, PLANT, ARCH, twin(20, List.of()), Weights.DEFAULT);
      double expected = at <= 300 ? 1 - 0.5 * (at - 100) / 200 : 0;
      assertThat(c.detection().credit()).as("alert at %s", at).isCloseTo(expected, within(1e-12));
      assertThat(c.detection().detectedBeforeImpact()).isEqualTo(at <= 300);
    }
  }

  @Test
  void aScenarioThatNeverGotInDoesNotCountForDetection() {
    RunTrace t =
        trace(
            "safety",
            D,
            List.of(step("s1", "T0855", 10, Outcome.BLOCKED, "perimeter", null)),
            operations(10, 0),
            samples(D, x -> water(20, 2.0)),
            List.of(),
            List.of(),
            null,
            List.of());
    Scorecard c = Scorecard.of(safety(), t, PLANT, ARCH, twin(20, List.of()), Weights.DEFAULT);
    assertThat(c.detection().observable()).isFalse();
    assertThat(c.blockedAt()).isEqualTo("perimeter (no way in)");
    SubScores s = SubScores.of(List.of(c), true, Weights.DEFAULT);
    assertThat(s.detection()).isEqualTo(100.0);
    assertThat(s.prevention()).isEqualTo(100.0);
  }

  @Test
  void subScoresStayInRangeAndPreventionGrowsWithEachObjectiveStopped() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 200; round++) {
      List<Scorecard> cards = new ArrayList<>();
      int n = 1 + random.nextInt(5);
      for (int i = 0; i < n; i++) {
        boolean reached = random.nextBoolean();
        double start = random.nextInt(100);
        double alertAt = start + random.nextInt(500);
        RunTrace t =
            trace(
                "safety",
                D,
                List.of(
                    step(
                        "s1",
                        "T0855",
                        start,
                        reached ? Outcome.SUCCEEDED : Outcome.BLOCKED,
                        reached ? null : "ops-control",
                        null)),
                operations(100, random.nextInt(10)),
                samples(D, x -> water(20, 2.0)),
                reached ? List.of(crossing(start + 50, "treated_level", 3.9, true)) : List.of(),
                List.of(),
                reached ? start + 50 : null,
                random.nextBoolean()
                    ? List.of(alert(alertAt, "s1", "r"))
                    : List.of(alert(alertAt, null, "fp")));
        cards.add(Scorecard.of(safety(), t, PLANT, ARCH, twin(20, List.of()), Weights.DEFAULT));
      }
      SubScores s = SubScores.of(cards, true, Weights.DEFAULT);
      for (double v :
          new double[] {s.prevention(), s.detection(), s.impact(), s.operations(), s.total()}) {
        assertThat(v).isBetween(0.0, 100.0);
      }
      long stopped = cards.stream().filter(c -> !c.objectiveReached()).count();
      assertThat(s.prevention()).isCloseTo(100.0 * stopped / n, within(0.05));
    }
  }

  @Test
  void weightsOverrideByNameAndReportEveryBadPair() {
    Weights w = Weights.DEFAULT.with("prevention=0.5, detection=0");
    assertThat(w.prevention()).isEqualTo(0.5);
    assertThat(w.detection()).isZero();
    assertThat(w.impact()).isEqualTo(Weights.DEFAULT.impact());
    assertThatThrownBy(() -> Weights.DEFAULT.with("prevnetion=1,impact=x"))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("prevnetion=1")
        .hasMessageContaining("impact: 'x' is not a number");
    assertThatThrownBy(() -> Weights.DEFAULT.with("timeToDetect=2"))
        .hasMessageContaining("timeToDetect");
  }
}
