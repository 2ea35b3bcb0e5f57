package dev.otlab.lab;

import dev.otlab.network.relay.RelayDecision;
import dev.otlab.simulator.clock.LabClock;
import java.util.List;

/**
 * Watches a run while it plays, for live views: the dashboard streams what it is told here. Calls
 * come from the clock thread (samples, steps) and from relay threads (decisions, events), so an
 * implementation must be thread-safe and quick; it must not block the run. The finished {@link
 * RunTrace} stays the record: an observer sees the same items, earlier.
 */
public interface RunObserver {

  /** The run's clock, once the lab is up: {@link LabClock#stop()} on it cancels the run. */
  default void started(LabClock clock) {}

  /** One per simulated second: true values and the HMI's view. */
  default void sample(RunTrace.Sample sample) {}

  /**
   * A conduit decision (allowed or denied) with who caused it, as the lab labels its protocol
   * events: the attack step acting (or whose adversary-in-the-middle position carries the
   * connection), else benign operations.
   */
  default void decision(RelayDecision decision, Label label) {}

  /** A line a conduit logged to the SOC, with its ground-truth label. */
  default void firewall(RunTrace.LabelledRecord record) {}

  /** A protocol event with its ground-truth label. */
  default void event(RunTrace.LabelledEvent event) {}

  /** An attack step finished. */
  default void step(RunTrace.StepRecord step) {}

  /** A response a defender asked for was carried out or refused (on the clock thread). */
  default void response(ResponseRecord record) {}

  /**
   * Whether this observer wants the run's alerts as they are judged ({@link #alert}). A run with a
   * detection profile then judges its alerts live, as it does for its defenders: one judge per run
   * for both. Asked once, when the run starts.
   */
  default boolean wantsAlerts() {
    return false;
  }

  /**
   * An alert the run judged live ({@link LiveAlerts}: one simulated second behind its clock, in the
   * final judgement's order), labelled against the ground truth fed so far and the steps so far, as
   * the final judgement labels it. On the clock thread, before the sample of the second it was
   * judged at; only when {@link #wantsAlerts()} and the run has a detection profile.
   */
  default void alert(RunTrace.LabelledAlert alert) {}

  /** Sees nothing. */
  RunObserver NONE = new RunObserver() {};

  /**
   * One observer that tells each of {@code observers} everything, in the order given (a live view
   * and the job that watches for steps, say).
   */
  static RunObserver all(RunObserver... observers) {
    return new AllObservers(List.of(observers));
  }
}
