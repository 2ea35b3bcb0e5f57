package dev.otlab.sweep;

import dev.otlab.scoring.Evaluation;
import java.util.List;
import java.util.Map;

/**
 * A sweep's unit results as evaluations, one per configuration in plan order, equal to those of
 * {@link dev.otlab.scoring.Evaluator#evaluate} (a fresh evaluator per configuration) but for the
 * wall time, which a sweep does not measure per configuration.
 */
public final class SweepResults {

  private SweepResults() {}

  /**
   * The evaluations.
   *
   * @throws dev.otlab.core.OtlabException when a unit has no result yet
   */
  public static List<Evaluation> evaluations(SweepPlan plan, Map<String, UnitResult> results) {
    throw new UnsupportedOperationException("SweepResults.evaluations: next commit");
  }
}
