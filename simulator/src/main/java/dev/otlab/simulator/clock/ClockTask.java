package dev.otlab.simulator.clock;

/** Handle to something scheduled on a {@link LabClock}. */
public interface ClockTask {

  String name();

  /** Stops future executions; an execution already under way finishes. */
  void cancel();

  boolean isCancelled();
}
