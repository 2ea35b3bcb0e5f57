package dev.otlab.simulator.plant;

import dev.otlab.simulator.plc.PointSpec;
import org.jspecify.annotations.Nullable;

/**
 * A controller point and its wiring to the process.
 *
 * @param point the point and its Modbus address
 * @param input process tag latched into the point at every scan (a sensor), or null
 * @param output process input the point drives after every scan (an actuator), or null
 * @param initial value at start, for memory points such as setpoints
 */
public record PointBinding(
    PointSpec point, @Nullable String input, @Nullable String output, double initial) {

  public PointBinding {
    if (input != null && output != null) {
      throw new IllegalArgumentException(point.tag() + ": a point is either an input or an output");
    }
  }
}
