package dev.otlab.process;

import dev.otlab.core.OtlabException;

/**
 * A physical limit on one process tag, for example reactor temperature HIGH at 400 K. The
 * simulation locates each crossing inside an integration window, so the recorded time does not
 * depend on the scan period.
 *
 * <p>Crossings are sign changes of value(tag) - limit, so put the limit strictly between the
 * resting and the violated value: 0.5 for a 0/1 flag such as {@code dry_run}, a small positive flow
 * rather than 0 for an overflow. A limit the root finder cannot see (a value resting exactly on it)
 * is still caught at the end of the window, but then its time is rounded to the window.
 *
 * @param hazard what happens to the plant beyond the limit, for alerts and the scorecard
 */
public record SafetyLimit(String tag, Direction direction, double value, String hazard) {

  /** Which side of {@link #value()} is the violation. */
  public enum Direction {
    /** Violated above the value. */
    HIGH,
    /** Violated below the value. */
    LOW
  }

  public SafetyLimit {
    if (tag == null || tag.isBlank()) {
      throw invalid("has no tag", "Name the process tag the limit applies to.");
    }
    if (direction == null) {
      throw invalid("on '" + tag + "' has no direction", "Give the direction HIGH or LOW.");
    }
    if (!Double.isFinite(value)) {
      throw invalid(
          "on '" + tag + "' has the non-finite value " + value,
          "Give the limit a finite value in the tag's engineering unit.");
    }
    if (hazard == null || hazard.isBlank()) {
      throw invalid(
          "on '" + tag + "' does not say what it protects against",
          "Describe the hazard, for example 'thermal runaway'.");
    }
  }

  private static OtlabException invalid(String what, String remedy) {
    return new OtlabException("SAFETY_LIMIT_INVALID", "Safety limit " + what + ".", remedy);
  }

  /** Whether a value lies beyond the limit; a value exactly at the limit is not a violation. */
  public boolean isViolatedBy(double v) {
    return direction == Direction.HIGH ? v > value : v < value;
  }
}
