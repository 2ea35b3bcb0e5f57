package dev.otlab.process.expr;

/**
 * Closures for the four arithmetic operators, specialised when an operand is a slot read or a
 * constant. A generic closure calls both operands through the {@link Evaluator} interface, and
 * because every instance of one lambda shares its call sites those calls are megamorphic; reading a
 * slot or a constant in place halves the calls in a typical plant equation (flow / area, k * x,
 * level - height).
 */
final class Arithmetic {

  private Arithmetic() {}

  /** Reads one slot. */
  record Slot(int index) implements Evaluator {
    @Override
    public double evaluate(double[] slots) {
      return slots[index];
    }
  }

  /** A constant, parameters folded in. */
  record Const(double value) implements Evaluator {
    @Override
    public double evaluate(double[] slots) {
      return value;
    }
  }

  static Evaluator of(char op, Evaluator x, Evaluator y) {
    if (x instanceof Slot a && y instanceof Slot b) {
      int i = a.index();
      int j = b.index();
      return switch (op) {
        case '+' -> s -> s[i] + s[j];
        case '-' -> s -> s[i] - s[j];
        case '*' -> s -> s[i] * s[j];
        default -> s -> s[i] / s[j];
      };
    }
    if (x instanceof Slot a && y instanceof Const b) {
      int i = a.index();
      double c = b.value();
      return switch (op) {
        case '+' -> s -> s[i] + c;
        case '-' -> s -> s[i] - c;
        case '*' -> s -> s[i] * c;
        default -> s -> s[i] / c;
      };
    }
    if (x instanceof Const a && y instanceof Slot b) {
      double c = a.value();
      int j = b.index();
      return switch (op) {
        case '+' -> s -> c + s[j];
        case '-' -> s -> c - s[j];
        case '*' -> s -> c * s[j];
        default -> s -> c / s[j];
      };
    }
    if (y instanceof Const b) {
      double c = b.value();
      return switch (op) {
        case '+' -> s -> x.evaluate(s) + c;
        case '-' -> s -> x.evaluate(s) - c;
        case '*' -> s -> x.evaluate(s) * c;
        default -> s -> x.evaluate(s) / c;
      };
    }
    if (x instanceof Const a) {
      double c = a.value();
      return switch (op) {
        case '+' -> s -> c + y.evaluate(s);
        case '-' -> s -> c - y.evaluate(s);
        case '*' -> s -> c * y.evaluate(s);
        default -> s -> c / y.evaluate(s);
      };
    }
    if (y instanceof Slot b) {
      int j = b.index();
      return switch (op) {
        case '+' -> s -> x.evaluate(s) + s[j];
        case '-' -> s -> x.evaluate(s) - s[j];
        case '*' -> s -> x.evaluate(s) * s[j];
        default -> s -> x.evaluate(s) / s[j];
      };
    }
    if (x instanceof Slot a) {
      int i = a.index();
      return switch (op) {
        case '+' -> s -> s[i] + y.evaluate(s);
        case '-' -> s -> s[i] - y.evaluate(s);
        case '*' -> s -> s[i] * y.evaluate(s);
        default -> s -> s[i] / y.evaluate(s);
      };
    }
    return switch (op) {
      case '+' -> s -> x.evaluate(s) + y.evaluate(s);
      case '-' -> s -> x.evaluate(s) - y.evaluate(s);
      case '*' -> s -> x.evaluate(s) * y.evaluate(s);
      default -> s -> x.evaluate(s) / y.evaluate(s);
    };
  }

  /** A comparison of a slot with a constant, 1 when it holds. */
  static Evaluator compare(String op, int i, double c) {
    return switch (op) {
      case "<" -> s -> s[i] < c ? 1 : 0;
      case "<=" -> s -> s[i] <= c ? 1 : 0;
      case ">" -> s -> s[i] > c ? 1 : 0;
      case ">=" -> s -> s[i] >= c ? 1 : 0;
      case "==" -> s -> s[i] == c ? 1 : 0;
      default -> s -> s[i] != c ? 1 : 0;
    };
  }
}
