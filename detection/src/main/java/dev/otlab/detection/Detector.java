package dev.otlab.detection;

import dev.otlab.network.relay.ProtocolEvent;

/**
 * One detector running over one run: the engine feeds it every sensed event in time order and ticks
 * it once per simulated second. It raises alerts in the run's {@link AlertBook} and reads no clock
 * or random source, so the same inputs give the same alerts.
 */
public interface Detector {

  /** One sensed protocol event, in simulated-time order. */
  void accept(ProtocolEvent event);

  /** Simulated time has reached {@code second} (whole seconds, in order); most detectors wait. */
  default void tick(double second) {}
}
