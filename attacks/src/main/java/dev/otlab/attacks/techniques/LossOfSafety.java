package dev.otlab.attacks.techniques;

/**
 * T0880 Loss of Safety: sets the SIS bypass (default value true) or writes a trip setpoint ({@code
 * table: holding}) so the SIS no longer acts.
 */
public final class LossOfSafety extends WriteTechnique {

  public LossOfSafety() {
    super("T0880", "coil", "true", 1, false);
  }

  @Override
  String verb() {
    return "loss of safety";
  }
}
