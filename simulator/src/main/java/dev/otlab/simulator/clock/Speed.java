package dev.otlab.simulator.clock;

import dev.otlab.core.OtlabException;

/**
 * How fast simulated time runs against wall time: a factor (1 for a session a person watches) or
 * {@link #MAX}, as fast as the scheduled work allows.
 *
 * @param factor simulated seconds per wall second; {@code Double.POSITIVE_INFINITY} means max
 */
public record Speed(double factor) {

  public static final Speed REAL_TIME = new Speed(1.0);
  public static final Speed MAX = new Speed(Double.POSITIVE_INFINITY);

  public Speed {
    if (Double.isNaN(factor) || factor <= 0) {
      throw new OtlabException(
          "SPEED_INVALID",
          "Speed " + factor + " is not a positive number.",
          "Use 1 for real time, a factor such as 10, or max.");
    }
  }

  public boolean isMax() {
    return Double.isInfinite(factor);
  }

  /** Parses {@code 1}, {@code 10}, {@code 0.5}, {@code 10x} or {@code max}. */
  public static Speed parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("max")) {
      return MAX;
    }
    if (t.endsWith("x")) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      double f = Double.parseDouble(t);
      if (!Double.isFinite(f)) {
        throw new NumberFormatException();
      }
      return new Speed(f);
    } catch (NumberFormatException e) {
      throw new OtlabException(
          "SPEED_INVALID",
          "Speed '" + text + "' is not a number or 'max'.",
          "Use 1 for real time, a factor such as 10, or max.");
    }
  }

  /**
   * The speed as the dashboard's API and live events spell it, and as {@link #parse} reads it back:
   * {@code max}, a whole factor without a fraction ({@code 10}), or any other factor as Java prints
   * it ({@code 0.5}).
   */
  public String wire() {
    if (isMax()) {
      return "max";
    }
    return factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor);
  }

  @Override
  public String toString() {
    return isMax() ? "max" : wire() + "x";
  }
}
