package dev.otlab.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-sentence verdicts of runs, evaluations and comparisons, on the worked example. */
class VerdictsTest {

  @Test
  void aReachedRunSaysWhenCountedFromTheAttackAndWhetherItWasSeen() {
    // S1: attack from 100 s, T-301 over its limit at 400 s, one true alert at 160 s.
    assertThat(Verdicts.of(WorkedExampleTest.s1()))
        .isEqualTo(
            "The attack reached its goal (T-301 overflows) 5 min after the attack began;"
                + " detection raised 1 true alert, the first 60 s after it.");
    // S3: reconnaissance reached at once, and its only alert was a false one.
    assertThat(Verdicts.of(WorkedExampleTest.s3()))
        .isEqualTo(
            "The attack reached its goal (the PLC is identified) 0 s after the attack began;"
                + " no detector raised an alert about it.");
  }

  @Test
  void aPreventedRunNamesTheStepConduitAndRule() {
    assertThat(Verdicts.of(WorkedExampleTest.s2()))
        .isEqualTo(
            "Prevented: step s1 was refused at conduit ops-control by rule others-modbus;"
                + " detection raised 1 true alert, the first at the first step.");
  }

  @Test
  void anUndecidedRunSaysNeitherAndGivesTheTrend() {
    assertThat(Verdicts.of(WorkedExampleTest.s4()))
        .startsWith(
            "Undecided: the run stopped at 1 h 20 min of run time with the goal (T-301 overflows)"
                + " neither reached nor ruled out, and the trend would meet the limit at 1 h 45 min"
                + " of run time;");
  }

  @Test
  void anEvaluationListsPreventedReachedAndUndecidedScenarios() {
    Evaluation e =
        ComparisonTest.evaluation(
            "purdue-dmz",
            List.of(
                WorkedExampleTest.s1(),
                WorkedExampleTest.s2(),
                WorkedExampleTest.s3(),
                WorkedExampleTest.s4()));
    assertThat(Verdicts.of(e))
        .isEqualTo(
            "purdue-dmz: prevented 1 of 4 scenarios (s2-command); the attack reached its goal in"
                + " s1-overflow, s3-recon; undecided: s4-slow-overflow; total score "
                + String.format(java.util.Locale.ROOT, "%.1f", e.scores().total())
                + " of 100.");
  }

  @Test
  void overSeveralSeedsAnEvaluationGivesTheShareAndTheIntervals() {
    List<Scorecard> cards = List.of(WorkedExampleTest.s2(), WorkedExampleTest.s3());
    Evaluation e =
        ComparisonTest.evaluation(
            "flat",
            cards,
            List.of(
                ComparisonTest.total(50, 70),
                ComparisonTest.total(50, 71),
                ComparisonTest.total(50, 69)));
    assertThat(Verdicts.of(e))
        .startsWith("flat over 3 seeds: prevented 1 of 2 scenarios (s2-command)")
        .contains("the attack reached its goal in s3-recon (every seed)")
        .containsPattern("total score 70\\.0 of 100 \\(95% interval 6\\d\\.\\d-7\\d\\.\\d\\)\\.$");
  }

  @Test
  void aComparisonOpensWithTheBetterSideAndTheNoise() {
    List<Scorecard> cards = List.of(WorkedExampleTest.s3());
    Evaluation a =
        ComparisonTest.evaluation(
            "flat",
            cards,
            List.of(
                ComparisonTest.total(50, 70),
                ComparisonTest.total(50, 71),
                ComparisonTest.total(50, 69),
                ComparisonTest.total(50, 70),
                ComparisonTest.total(50, 72)));
    Evaluation better =
        ComparisonTest.evaluation(
            "purdue-dmz",
            cards,
            List.of(
                ComparisonTest.total(60, 80),
                ComparisonTest.total(60, 81),
                ComparisonTest.total(60, 79),
                ComparisonTest.total(60, 80),
                ComparisonTest.total(60, 82)));
    assertThat(Verdicts.of(Comparison.of(a, better)))
        .startsWith("B (purdue-dmz + full (suite worked-example, seeds 1..5)) did better:")
        .contains("total 80.4 against 70.4, a difference beyond seed noise (p < 0.001)")
        .endsWith("every scenario has the same verdict on both sides.");
    assertThat(Verdicts.of(Comparison.of(better, a))).startsWith("A (purdue-dmz");
    Evaluation one =
        ComparisonTest.evaluation("flat", cards, List.of(ComparisonTest.total(50, 60)));
    assertThat(Verdicts.of(Comparison.of(one, better)))
        .contains("but with one seed a side nobody can tell that from seed noise");
    assertThat(Verdicts.of(Comparison.of(a, a))).startsWith("A and B scored the same total (70.4)");
  }

  @Test
  void aComparisonNamesTheScenariosWhoseVerdictFlipped() {
    Scorecard prevented = WorkedExampleTest.s2();
    Scorecard reached = WorkedExampleTest.s1();
    Scorecard reachedAsS2 =
        new Scorecard(
            prevented.scenario(),
            prevented.title(),
            prevented.plant(),
            "flat",
            1,
            reached.durationSeconds(),
            reached.foothold(),
            prevented.objective(),
            prevented.objectiveKind(),
            prevented.severity(),
            prevented.attackerLevel(),
            prevented.objectiveZones(),
            reached.steps(),
            true,
            reached.objectiveTime(),
            reached.attackStart(),
            reached.impact(),
            reached.detection(),
            reached.operations(),
            reached.outcome(),
            reached.playedSeconds(),
            null);
    Comparison c =
        Comparison.of(
            ComparisonTest.evaluation("flat", List.of(reachedAsS2)),
            ComparisonTest.evaluation("purdue-dmz", List.of(prevented)));
    assertThat(Verdicts.of(c)).contains("; B prevented what reached its goal in A: s2-command.");
  }

  @Test
  void durationsReadAsPeopleSayThem() {
    assertThat(Verdicts.duration(40.4)).isEqualTo("40 s");
    assertThat(Verdicts.duration(953)).isEqualTo("15 min 53 s");
    assertThat(Verdicts.duration(960)).isEqualTo("16 min");
    assertThat(Verdicts.duration(7500)).isEqualTo("2 h 5 min");
  }
}
