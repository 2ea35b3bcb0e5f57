package dev.otlab.process.expr;

import java.util.Arrays;

/**
 * A physical dimension as exponents of the SI base quantities length, mass, time, temperature,
 * amount of substance and electric current. Exponents are kept in halves, because a square root of
 * a length (Torricelli's sqrt(2 g h) factored as sqrt(2 g) sqrt(h)) is an ordinary step in a plant
 * equation; anything finer is refused where it would arise.
 */
public final class Dimension {

  /** Base quantity symbols in exponent order. */
  static final String[] BASE = {"m", "kg", "s", "K", "mol", "A"};

  public static final Dimension NONE = new Dimension(new int[BASE.length]);
  public static final Dimension LENGTH = base(0);
  public static final Dimension MASS = base(1);
  public static final Dimension TIME = base(2);
  public static final Dimension TEMPERATURE = base(3);
  public static final Dimension AMOUNT = base(4);
  public static final Dimension CURRENT = base(5);

  /** Exponents times two. */
  private final int[] halves;

  private Dimension(int[] halves) {
    this.halves = halves;
  }

  private static Dimension base(int i) {
    int[] h = new int[BASE.length];
    h[i] = 2;
    return new Dimension(h);
  }

  public boolean isNone() {
    return this.equals(NONE);
  }

  public Dimension times(Dimension other) {
    int[] h = new int[BASE.length];
    for (int i = 0; i < h.length; i++) {
      h[i] = halves[i] + other.halves[i];
    }
    return new Dimension(h);
  }

  public Dimension over(Dimension other) {
    return times(other.pow(-1));
  }

  /** This dimension to an integer power. */
  public Dimension pow(int n) {
    int[] h = new int[BASE.length];
    for (int i = 0; i < h.length; i++) {
      h[i] = halves[i] * n;
    }
    return new Dimension(h);
  }

  /**
   * This dimension to a power that is a multiple of one half, or empty when an exponent would fall
   * between halves (the cube root of a length).
   */
  public java.util.Optional<Dimension> pow(double exponent) {
    int[] h = new int[BASE.length];
    for (int i = 0; i < h.length; i++) {
      double e = halves[i] * exponent;
      if (Math.abs(e - Math.rint(e)) > 1e-9) {
        return java.util.Optional.empty();
      }
      h[i] = (int) Math.rint(e);
    }
    return java.util.Optional.of(new Dimension(h));
  }

  /** The square root, or empty when an exponent is odd in halves (sqrt of sqrt(m)). */
  public java.util.Optional<Dimension> sqrt() {
    return pow(0.5);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dimension d && Arrays.equals(halves, d.halves);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(halves);
  }

  /** SI form, for example {@code m^3/s} or {@code kg/(m^3)}; {@code 1} for dimensionless. */
  @Override
  public String toString() {
    StringBuilder num = new StringBuilder();
    StringBuilder den = new StringBuilder();
    int denCount = 0;
    for (int i = 0; i < BASE.length; i++) {
      int h = halves[i];
      if (h == 0) {
        continue;
      }
      StringBuilder sb = h > 0 ? num : den;
      if (h < 0) {
        denCount++;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(BASE[i]);
      int a = Math.abs(h);
      if (a != 2) {
        sb.append('^').append(a % 2 == 0 ? Integer.toString(a / 2) : (a / 2.0) + "");
      }
    }
    if (num.length() == 0 && den.length() == 0) {
      return "1 (dimensionless)";
    }
    String n = num.length() == 0 ? "1" : num.toString();
    if (den.length() == 0) {
      return n;
    }
    return n + "/" + (denCount > 1 ? "(" + den + ")" : den.toString());
  }
}
