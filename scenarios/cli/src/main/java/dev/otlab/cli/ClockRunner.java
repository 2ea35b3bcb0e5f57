package dev.otlab.cli;

import dev.otlab.simulator.clock.LabClock;

/** Runs a lab clock for the commands that keep a lab up: for a duration, or until Ctrl-C. */
final class ClockRunner {

  private static final double DAY = 86_400;

  private ClockRunner() {}

  /**
   * Runs {@code clock} for {@code seconds} of simulated time, or until Ctrl-C when {@code seconds}
   * is NaN. Ctrl-C stops the clock, so the caller's cleanup runs before the JVM exits.
   */
  static void run(LabClock clock, double seconds) {
    Thread hook = new Thread(clock::stop, "otlab-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (Double.isNaN(seconds)) {
        // A day of simulated time per call keeps each end finite; loop until stopped.
        double end = DAY;
        while (clock.runUntil(end)) {
          end += DAY;
        }
      } else {
        clock.runUntil(seconds);
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The JVM is exiting through Ctrl-C; the hook has done its job.
      }
    }
  }
}
