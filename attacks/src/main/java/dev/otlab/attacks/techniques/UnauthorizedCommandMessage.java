package dev.otlab.attacks.techniques;

/**
 * T0855 Unauthorized Command Message: one write of a coil or command register (start or stop a
 * pump, open a valve).
 */
public final class UnauthorizedCommandMessage extends WriteTechnique {

  public UnauthorizedCommandMessage() {
    super("T0855", "coil", null, 1, false);
  }

  @Override
  String verb() {
    return "unauthorized command";
  }
}
