package dev.otlab.simulator.plant;

/**
 * A process input nobody controls, such as consumer demand: a mean with a slow sinusoid (daily
 * pattern, compressed) and a bounded random walk from the run's seed, updated every {@code
 * everySeconds}.
 *
 * @param tag process input it drives
 * @param mean mean value
 * @param amplitude amplitude of the sinusoid
 * @param periodSeconds period of the sinusoid
 * @param noise standard deviation of each random-walk step
 * @param min lowest value
 * @param max highest value
 * @param everySeconds update period
 */
public record DisturbanceSpec(
    String tag,
    double mean,
    double amplitude,
    double periodSeconds,
    double noise,
    double min,
    double max,
    double everySeconds) {

  public DisturbanceSpec {
    if (!(min <= max) || !(periodSeconds > 0) || !(everySeconds > 0) || !(noise >= 0)) {
      throw new IllegalArgumentException(tag + ": invalid disturbance");
    }
  }
}
