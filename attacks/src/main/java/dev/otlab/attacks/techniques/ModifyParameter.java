package dev.otlab.attacks.techniques;

/**
 * T0836 Modify Parameter: one write of a setpoint or limit: an int register, a float32 pair ({@code
 * type: float32}) or an OPC UA tag.
 */
public final class ModifyParameter extends WriteTechnique {

  public ModifyParameter() {
    super("T0836", "holding", null, 1, false);
  }

  @Override
  String verb() {
    return "parameter change";
  }
}
