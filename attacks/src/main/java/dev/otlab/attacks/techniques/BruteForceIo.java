package dev.otlab.attacks.techniques;

/**
 * T0806 Brute Force I/O: {@code count} rapid writes on one connection; coils toggle (or alternate
 * with {@code alternate}), registers repeat or alternate.
 */
public final class BruteForceIo extends WriteTechnique {

  public BruteForceIo() {
    super("T0806", "coil", "true", 20, true);
  }

  @Override
  String verb() {
    return "brute-force I/O";
  }
}
