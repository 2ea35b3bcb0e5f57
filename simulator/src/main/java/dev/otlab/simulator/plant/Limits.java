package dev.otlab.simulator.plant;

import org.jspecify.annotations.Nullable;

/**
 * A low and/or high limit of a tag; either side may be absent.
 *
 * @param low lower limit, or null
 * @param high upper limit, or null
 */
public record Limits(@Nullable Double low, @Nullable Double high) {

  public static final Limits NONE = new Limits(null, null);

  public Limits {
    if (low != null && high != null && low > high) {
      throw new IllegalArgumentException("low " + low + " above high " + high);
    }
  }

  public boolean isEmpty() {
    return low == null && high == null;
  }

  /** True when {@code v} is inside the limits (absent sides do not constrain). */
  public boolean contains(double v) {
    return (low == null || v >= low) && (high == null || v <= high);
  }
}
