package dev.otlab.detection;

import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.ProtocolEvent;

/**
 * One detector running over one run: the engine feeds it every sensed event in time order and ticks
 * it once per simulated second. It raises alerts in the run's {@link AlertBook} and reads no clock
 * or random source, so the same inputs give the same alerts.
 */
public interface Detector {

  /** One sensed protocol event, in simulated-time order. */
  void accept(ProtocolEvent event);

  /**
   * One line of a conduit's log to the SOC, in simulated-time order with the events; detectors that
   * read only what taps see ignore it.
   */
  default void accept(FirewallRecord record) {}

  /** Simulated time has reached {@code second} (whole seconds, in order); most detectors wait. */
  default void tick(double second) {}
}
