package dev.otlab.simulator.clock;

/**
 * Order of work inside one instant of simulated time. Within a tick the process advances first,
 * then sensors sample it, then controllers scan, then outputs go out; without a fixed order two
 * runs with the same seed could interleave differently and diverge.
 */
public enum Phase {
  /** Integrate the process models up to the current instant. */
  PROCESS,
  /** Sample process values into sensors and traces. */
  SENSORS,
  /** PLC and SIS scan cycles. */
  SCAN,
  /** Actuator outputs, operations, attack steps and everything else. */
  OUTPUTS
}
