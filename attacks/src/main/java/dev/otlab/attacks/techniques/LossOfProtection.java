package dev.otlab.attacks.techniques;

/**
 * T0837 Loss of Protection: forces a protection output or permissive (default value false, e.g. the
 * SIS trip output off) or writes a trip limit ({@code table: holding}).
 */
public final class LossOfProtection extends WriteTechnique {

  public LossOfProtection() {
    super("T0837", "coil", "false", 1, false);
  }

  @Override
  String verb() {
    return "loss of protection";
  }
}
