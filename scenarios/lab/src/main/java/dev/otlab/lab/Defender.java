package dev.otlab.lab;

import dev.otlab.detection.Alert;

/**
 * Defends a running lab: a playbook, a trainee, a person at the dashboard, the command line. A run
 * tells each of its defenders what a SOC and an operator would learn (alerts once their second is
 * judged, the plant's samples) and gives them a {@link ResponseDesk} to act through. Every call
 * comes on the lab's clock thread, in time order, so the same seed gives the same responses; a
 * defender must not block.
 */
public interface Defender {

  /** The run started; {@code desk} acts on it until it ends. Before the attack's first step. */
  void started(ResponseDesk desk);

  /** A new alert of the run's detection profile, judged live (without its ground truth). */
  default void alert(Alert alert) {}

  /** The plant once a simulated second: true values and the HMI's view. */
  default void sample(RunTrace.Sample sample) {}

  /** A defender that does nothing. */
  Defender NONE = desk -> {};
}
