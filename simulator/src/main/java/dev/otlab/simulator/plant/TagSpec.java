package dev.otlab.simulator.plant;

/**
 * One entry of a plant's P&ID-style tag dictionary: a process tag, how it is measured, its normal
 * band, alarm and trip limits, and what an attack on it does physically. The dashboard shows this
 * table; the trip limits are the safety limits scoring counts crossings of.
 *
 * @param name process tag, as the model names it
 * @param unit engineering unit
 * @param description what the tag is (instrument and location)
 * @param normal the band the process stays in under normal operation
 * @param alarm alarm limits (an operator should act)
 * @param trip trip limits (hazard: the safety envelope)
 * @param noise standard deviation of measurement noise added where a controller reads the tag
 * @param hazard what crossing a trip limit means physically
 * @param attack what manipulating this tag does to the plant
 */
public record TagSpec(
    String name,
    String unit,
    String description,
    Limits normal,
    Limits alarm,
    Limits trip,
    double noise,
    String hazard,
    String attack) {

  public TagSpec {
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new IllegalArgumentException("noise must be a finite number >= 0");
    }
  }
}
