package dev.otlab.sweep;

import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Interval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's one-sentence verdict per configuration, as {@code otlab sweep} and the dashboard show
 * it: within its group (same suite, detection and defence) the best design, a tie with the best, or
 * how far below the best it is and whether their intervals overlap.
 */
public final class SweepVerdicts {

  private SweepVerdicts() {}

  /** What a configuration is compared with: the others of its suite, detection and defence. */
  public static String group(SweepConfig c) {
    return c.suite() + "|" + c.detection() + "|" + c.playbooks();
  }

  /**
   * Per configuration (in plan order), its verdict: the best design of its group (highest mean
   * total), or how far below the best it is and whether their intervals overlap.
   *
   * @param evaluations one per configuration of the plan, in its order
   */
  public static List<String> of(SweepPlan plan, List<Evaluation> evaluations) {
    Map<String, Integer> best = new LinkedHashMap<>();
    for (int i = 0; i < evaluations.size(); i++) {
      String g = group(plan.configs().get(i));
      Integer b = best.get(g);
      if (b == null || evaluations.get(i).scores().total() > evaluations.get(b).scores().total()) {
        best.put(g, i);
      }
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < evaluations.size(); i++) {
      String g = group(plan.configs().get(i));
      int b = best.get(g);
      long others = plan.configs().stream().filter(c -> group(c).equals(g)).count() - 1;
      if (b == i) {
        out.add(others == 0 ? "alone in its group" : "best of " + (others + 1) + " designs");
        continue;
      }
      Evaluation e = evaluations.get(i);
      Evaluation top = evaluations.get(b);
      if (e.scores().total() == top.scores().total()) {
        out.add("ties with " + top.architecture());
        continue;
      }
      Interval mine = e.intervals().total();
      Interval theirs = top.intervals().total();
      out.add(
          String.format(
              Locale.ROOT,
              "%.1f below %s%s",
              top.scores().total() - e.scores().total(),
              top.architecture(),
              mine.disjoint(theirs) ? "" : " (intervals overlap: not a clear difference)"));
    }
    return out;
  }
}
