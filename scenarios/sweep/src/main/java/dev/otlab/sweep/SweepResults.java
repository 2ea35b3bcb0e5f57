package dev.otlab.sweep;

import dev.otlab.core.OtlabException;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.DefenceSummary;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.ResponseScore;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sweep's unit results as evaluations, one per configuration in plan order, equal to those of
 * {@link dev.otlab.scoring.Evaluator#evaluate} (a fresh evaluator per configuration, so every
 * configuration counts its twins' simulated time) but for the wall time, which a sweep does not
 * measure per configuration (0).
 */
public final class SweepResults {

  private SweepResults() {}

  /**
   * The evaluations.
   *
   * @throws OtlabException when a unit has no result yet
   */
  public static List<Evaluation> evaluations(SweepPlan plan, Map<String, UnitResult> results) {
    List<Evaluation> out = new ArrayList<>();
    for (SweepConfig c : plan.configs()) {
      out.add(evaluation(plan, c, results));
    }
    return out;
  }

  /**
   * One configuration's evaluation, summed in the evaluator's order (floating point is exact so).
   */
  public static Evaluation evaluation(
      SweepPlan plan, SweepConfig c, Map<String, UnitResult> results) {
    ArchitectureSpec arch = plan.spec().architecture(c.architecture());
    SuiteSpec suite = SuiteLoader.load(c.suite());
    List<ScenarioSpec> scenarios = suite.requireFor(arch.plant());
    double longest = SweepPlan.longest(scenarios);
    List<Long> seeds = plan.spec().seedList();
    double simulated = 0;
    List<List<Scorecard>> cardsBySeed = new ArrayList<>();
    List<ResponseScore.FalseAlarms> falseAlarms = new ArrayList<>();
    for (long seed : seeds) {
      simulated +=
          get(results, new SweepUnit.Twin(c.architecture(), seed, longest)).simulatedSeconds();
      if (c.defended()) {
        UnitResult.DefendedTwinResult d =
            (UnitResult.DefendedTwinResult)
                get(results, new SweepUnit.DefendedTwin(c, seed, longest));
        falseAlarms.add(d.alarms());
        simulated += d.simulatedSeconds();
      }
      List<Scorecard> cards = new ArrayList<>();
      for (ScenarioSpec s : scenarios) {
        UnitResult.PlayResult p =
            (UnitResult.PlayResult) get(results, new SweepUnit.Play(c, s.id(), seed));
        if (c.defended()) {
          simulated += p.undefendedSeconds();
        }
        cards.add(p.card());
        simulated += p.playedSeconds();
      }
      cardsBySeed.add(cards);
    }
    String detection = c.detection() == null ? null : DetectionLoader.load(c.detection()).id();
    List<String> defence =
        c.playbooks().stream().map(PlaybookLoader::load).map(PlaybookSpec::id).toList();
    return Evaluation.of(
        arch,
        suite,
        detection,
        Weights.DEFAULT,
        seeds,
        cardsBySeed,
        simulated,
        0,
        c.defended() ? DefenceSummary.of(defence, cardsBySeed, falseAlarms) : null);
  }

  private static UnitResult get(Map<String, UnitResult> results, SweepUnit unit) {
    UnitResult r = results.get(unit.key());
    if (r == null) {
      throw new OtlabException(
          "SWEEP_INCOMPLETE",
          "Unit " + unit.key() + " has no result yet.",
          "Wait for the sweep to complete (or play it again: units done are kept).");
    }
    return r;
  }
}
