package dev.otlab.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A defended evaluation on the real lab: {@code wt-it-pivot-treated-overflow} on {@code
 * water-treatment-flat}, where T-301 overflows undefended, played with the containing playbook and
 * with the over-eager one. One evaluator keeps the benign twin, so the second evaluation plays
 * three runs: the defended twin, the scenario without and with the playbook.
 */
class DefendedEvaluationIT {

  @TempDir Path pki;

  @Test
  void theContainingPlaybookAvertsTheOverflowAndTheOverEagerOneCostsMore() {
    ArchitectureSpec flat = ArchitectureLoader.load("water-treatment-flat");
    SuiteSpec suite =
        new SuiteSpec(
            "pivot",
            "The IT pivot",
            "One scenario a playbook should answer.",
            List.of(ScenarioLoader.load("wt-it-pivot-treated-overflow")));
    Evaluator evaluator =
        new Evaluator(Evaluator.labRunner(Speed.MAX, pki, DetectionLoader.load("full")), 2);
    List<String> progress = new ArrayList<>();
    Evaluator.Options options =
        new Evaluator.Options(
            1, 1, Weights.DEFAULT, "full", p -> progress.add(p.scenario()), (c, t, s) -> {});

    Evaluation contained =
        evaluator.evaluate(
            flat,
            suite,
            options.withPlaybooks(List.of(PlaybookLoader.load("wt-contain-it-pivot"))));
    assertThat(progress)
        .containsExactly(
            "benign-twin",
            "benign-twin (defended)",
            "wt-it-pivot-treated-overflow (undefended)",
            "wt-it-pivot-treated-overflow");
    DefenceSummary d = contained.defence();
    assertThat(d).isNotNull();
    assertThat(d.defence()).containsExactly("wt-contain-it-pivot");
    assertThat(d.reachedUndefended()).isEqualTo(1);
    assertThat(d.reached()).isZero();
    assertThat(d.averted()).isEqualTo(1);
    assertThat(contained.reach("wt-it-pivot-treated-overflow").reached()).isZero();
    ResponseScore r = contained.scorecards().get(0).response();
    assertThat(r).isNotNull();
    assertThat(r.averted()).isTrue();
    assertThat(r.harmUndefended()).isGreaterThanOrEqualTo(0.5);
    assertThat(r.harmAverted()).isEqualTo(r.harmUndefended() - r.harm());
    assertThat(r.harmAverted()).isGreaterThan(0.5);
    assertThat(r.responses()).isPositive();
    assertThat(r.timeToContain()).isNotNull().isPositive();
    // The defended run's own scorecard is what the evaluation scores: a prevention now.
    assertThat(contained.scorecards().get(0).objectiveReached()).isFalse();
    assertThat(r.falseAlarmResponses()).isNotNull();

    progress.clear();
    Evaluation eager =
        evaluator.evaluate(
            flat,
            suite,
            options.withPlaybooks(List.of(PlaybookLoader.load("wt-isolate-on-any-alert"))));
    // The undefended twin was kept from the first evaluation.
    assertThat(progress).doesNotContain("benign-twin").contains("benign-twin (defended)");
    ResponseScore e = eager.scorecards().get(0).response();
    assertThat(e).isNotNull();
    // Isolating every host an alert names refuses far more of the plant's own work.
    assertThat(e.extraDenied()).isGreaterThan(10 * Math.max(1, r.extraDenied()));
    assertThat(eager.defence().extraDenied()).isEqualTo(e.extraDenied());
  }

  @Test
  void aPlaybookOfAnotherPlantIsRefusedBeforeAnythingPlays() {
    Evaluator evaluator =
        new Evaluator(
            (s, a, seed) -> {
              throw new AssertionError("nothing should play");
            });
    assertThatThrownBy(
            () ->
                evaluator.evaluate(
                    ArchitectureLoader.load("water-treatment-flat"),
                    new SuiteSpec(
                        "one",
                        "one",
                        "one",
                        List.of(ScenarioLoader.load("wt-it-pivot-treated-overflow"))),
                    Evaluator.Options.of(1, "full")
                        .withPlaybooks(List.of(PlaybookLoader.load("cr-guard-sis")))))
        .isInstanceOf(OtlabException.class)
        .extracting(x -> ((OtlabException) x).code())
        .isEqualTo("PLAYBOOK_PLANT_MISMATCH");
  }

  @Test
  void aRunnerThatCannotDefendRefusesADefendedEvaluation() {
    Evaluator.Runner plain =
        (s, a, seed) -> {
          throw new AssertionError("an undefended play of a defended run");
        };
    assertThatThrownBy(
            () ->
                plain.run(
                    ScenarioLoader.load("wt-it-pivot-treated-overflow"),
                    ArchitectureLoader.load("water-treatment-flat"),
                    1,
                    List.of(
                        new dev.otlab.lab.PlaybookEngine(
                            PlaybookLoader.load("wt-contain-it-pivot")))))
        .isInstanceOf(OtlabException.class)
        .extracting(x -> ((OtlabException) x).code())
        .isEqualTo("EVALUATE_DEFENCE_UNSUPPORTED");
  }
}
