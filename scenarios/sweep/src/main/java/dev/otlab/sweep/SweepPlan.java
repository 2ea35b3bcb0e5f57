package dev.otlab.sweep;

import dev.otlab.library.SweepSpec;
import java.util.List;

/**
 * A sweep expanded: its configurations and its units, the units of phase 1 (twins) before those of
 * phase 2 (plays), each phase in a fixed order, so a unit's index is the same wherever the plan is
 * read (a Swarm task's slot is its index + 1).
 *
 * @param spec the sweep
 * @param configs every architecture x suite x detection x defence, in that nesting order
 * @param units every unit, phase 1 first
 */
public record SweepPlan(SweepSpec spec, List<SweepConfig> configs, List<SweepUnit> units) {

  public SweepPlan {
    configs = List.copyOf(configs);
    units = List.copyOf(units);
  }

  /**
   * Expands a sweep (loading its architectures and suites to learn plants and durations).
   *
   * @throws dev.otlab.core.OtlabException when a suite has no scenario for an architecture's plant
   */
  public static SweepPlan of(SweepSpec spec) {
    throw new UnsupportedOperationException("SweepPlan.of: next commit");
  }

  /** The units of one phase (1 or 2), in plan order. */
  public List<SweepUnit> phase(int phase) {
    return units.stream().filter(u -> u.phase() == phase).toList();
  }

  /** The plan as JSON; {@link #fromJson} reads it back equal. */
  public String toJson() {
    throw new UnsupportedOperationException("SweepPlan.toJson: next commit");
  }

  /** A plan from {@link #toJson}. */
  public static SweepPlan fromJson(String json) {
    throw new UnsupportedOperationException("SweepPlan.fromJson: next commit");
  }
}
