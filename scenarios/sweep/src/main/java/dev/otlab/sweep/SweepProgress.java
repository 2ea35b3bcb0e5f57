package dev.otlab.sweep;

import java.util.Map;

/**
 * How far a sweep is.
 *
 * @param units units in the plan
 * @param done units with a result
 * @param failedAttempts failed attempts so far (a retried unit that then succeeds still counts)
 * @param running unit key to worker, for units being played now
 */
public record SweepProgress(int units, int done, int failedAttempts, Map<String, String> running) {

  public SweepProgress {
    running = Map.copyOf(running);
  }

  /** Whether every unit has a result. */
  public boolean complete() {
    return done == units;
  }
}
