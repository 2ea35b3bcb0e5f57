package dev.otlab.process;

/**
 * A process tag crossing a {@link SafetyLimit}, located in simulated time within the integrator's
 * event tolerance.
 *
 * @param time simulated seconds at the crossing
 * @param entered true when the tag went into violation, false when it came back
 */
public record LimitCrossing(double time, SafetyLimit limit, boolean entered) {
  public LimitCrossing {
    if (limit == null) {
      throw new IllegalArgumentException("crossing needs its limit");
    }
  }
}
