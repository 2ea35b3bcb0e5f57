package dev.otlab.attacks.techniques;

/**
 * T0831 Manipulation of Control: holds an actuator against the controller by writing the same value
 * {@code count} times back to back. The step runs synchronously on the lab clock thread, so it
 * cannot wait in simulated time; holding over a longer period is the scenario's {@code repeat} of
 * this step.
 */
public final class ManipulationOfControl extends WriteTechnique {

  public ManipulationOfControl() {
    super("T0831", "coil", null, 10, false);
  }

  @Override
  String verb() {
    return "manipulation of control";
  }
}
