package dev.otlab.process.expr;

import java.util.Optional;

/** What the names in an expression mean when it is compiled. */
@FunctionalInterface
public interface Scope {

  /**
   * A name's slot and dimension; a constant (a parameter, fixed for a model instance) carries its
   * SI value so that the compiler can fold it.
   *
   * @param slot index into the slot array, ignored for a constant
   * @param value SI value of a constant, ignored otherwise
   */
  record Variable(int slot, Dimension dimension, boolean constant, double value) {
    public Variable {
      if (dimension == null) {
        throw new IllegalArgumentException("variable needs a dimension");
      }
    }

    /** A variable read from a slot on every evaluation. */
    public static Variable slot(int slot, Dimension dimension) {
      return new Variable(slot, dimension, false, Double.NaN);
    }

    /** A constant folded into the compiled form. */
    public static Variable constant(double value, Dimension dimension) {
      return new Variable(-1, dimension, true, value);
    }
  }

  /** The variable of that name, or empty when the name means nothing here. */
  Optional<Variable> lookup(String name);
}
