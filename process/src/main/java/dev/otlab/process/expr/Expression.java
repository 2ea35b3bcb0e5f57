package dev.otlab.process.expr;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plant equation as written in a plant file, parsed once. {@link #compile(Scope, String)} checks
 * its dimensions against the declared units of its variables and turns it into an {@link
 * Evaluator}: a tree of small closures over a slot array.
 *
 * <p>Grammar, loosest binding first: {@code ||}, {@code &&}, comparisons ({@code < <= > >= == !=},
 * not chained), {@code + -}, {@code * /}, unary {@code - + !}, {@code ^} (right-associative, so
 * {@code -x^2} is {@code -(x^2)}), then numbers, names, calls and parentheses. A number may carry a
 * unit in brackets, {@code 0.1[m]} or {@code 2[m^3/h]}, and is then converted to SI. A comparison
 * gives 1 or 0; {@code if}, {@code &&}, {@code ||} and {@code !} treat any non-zero value as true.
 *
 * <p>Functions: {@code if(c, a, b)}, {@code min(a, b, ...)}, {@code max(a, b, ...)}, {@code abs},
 * {@code sqrt}, {@code exp}, {@code ln}, {@code log10}, {@code sin}, {@code cos}, {@code acos} (for
 * the volume of a horizontal cylinder), {@code tanh}, {@code clamp(x, lo, hi)} and {@code pos(x)} =
 * max(x, 0).
 *
 * <p>Dimensions: the two sides of {@code + -}, comparisons, the branches of {@code if} and the
 * arguments of min, max and clamp must agree; {@code sqrt} halves exponents; exp, ln, log10, sin,
 * cos, acos and tanh take and give dimensionless values; {@code a ^ b} with a dimensioned {@code a}
 * needs a constant {@code b}. A bare {@code 0} takes whatever dimension its partner has, so {@code
 * max(flow, 0)} needs no unit; every other bare number is dimensionless.
 */
public final class Expression {

  private final String source;
  private final Node root;
  private final Set<String> variables;

  private Expression(String source, Node root) {
    this.source = source;
    this.root = root;
    Set<String> names = new LinkedHashSet<>();
    collect(root, names);
    this.variables = Collections.unmodifiableSet(names);
  }

  /**
   * Parses an expression.
   *
   * @param where what the expression defines, for messages (for example {@code derivative of
   *     raw_level})
   * @throws OtlabException {@code EXPRESSION_INVALID} naming the position and what to fix, or
   *     {@code UNIT_UNKNOWN} for a bracketed unit that does not parse
   */
  public static Expression parse(String source, String where) {
    if (source == null || source.isBlank()) {
      throw new OtlabException(
          "EXPRESSION_INVALID",
          "The expression of " + where + " is empty.",
          "Write an expression, for example (inflow - outflow) / area.");
    }
    Parser p = new Parser(source, where);
    Node n = p.or();
    p.skip();
    if (p.pos < source.length()) {
      throw p.error(
          "unexpected '" + source.charAt(p.pos) + "'",
          "Join terms with an operator (+ - * / ^) or a function call; check the parentheses.");
    }
    return new Expression(source, n);
  }

  /** The text as written. */
  public String source() {
    return source;
  }

  /** Names of the variables it reads, in order of first use (function names excluded). */
  public Set<String> variables() {
    return variables;
  }

  @Override
  public String toString() {
    return source;
  }

  /** An expression compiled against a scope: its dimension and its evaluator. */
  public record Compiled(Dimension dimension, Evaluator evaluator, boolean constant) {

    /** The value of a constant expression (parameters and numbers only). */
    public double constantValue() {
      if (!constant) {
        throw new IllegalStateException("not a constant expression");
      }
      return evaluator.evaluate(new double[0]);
    }
  }

  /**
   * Checks dimensions and builds the evaluator.
   *
   * @param where what the expression defines, for messages
   * @throws OtlabException {@code EXPRESSION_INVALID} for an unknown name or function, {@code
   *     UNIT_MISMATCH} for dimensions that do not agree
   */
  public Compiled compile(Scope scope, String where) {
    Typed t = new Compiler(scope, where).compile(root);
    return new Compiled(t.dim, t.ev, t.constant);
  }

  // ---------------------------------------------------------------- syntax tree

  private sealed interface Node permits Num, Var, Unary, Binary, Call {
    int start();

    int end();
  }

  private record Num(double value, Unit unit, int start, int end) implements Node {}

  private record Var(String name, int start, int end) implements Node {}

  private record Unary(char op, Node operand, int start, int end) implements Node {}

  private record Binary(String op, Node left, Node right, int start, int end) implements Node {}

  private record Call(String name, List<Node> args, int start, int end) implements Node {}

  private static void collect(Node n, Set<String> out) {
    if (n instanceof Var v) {
      out.add(v.name());
    } else if (n instanceof Unary u) {
      collect(u.operand(), out);
    } else if (n instanceof Binary b) {
      collect(b.left(), out);
      collect(b.right(), out);
    } else if (n instanceof Call c) {
      c.args().forEach(a -> collect(a, out));
    }
  }

  /** Recursive descent; each method parses one precedence level. */
  private static final class Parser {
    final String src;
    final String where;
    int pos;

    Parser(String src, String where) {
      this.src = src;
      this.where = where;
    }

    Node or() {
      Node l = and();
      while (eat("||")) {
        Node r = and();
        l = new Binary("||", l, r, l.start(), r.end());
      }
      return l;
    }

    Node and() {
      Node l = comparison();
      while (eat("&&")) {
        Node r = comparison();
        l = new Binary("&&", l, r, l.start(), r.end());
      }
      return l;
    }

    Node comparison() {
      Node l = additive();
      for (String op : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
        if (eat(op)) {
          Node r = additive();
          Node c = new Binary(op, l, r, l.start(), r.end());
          skip();
          if (peekComparison()) {
            throw error(
                "comparisons cannot be chained", "Join two comparisons with && (a < b && b < c).");
          }
          return c;
        }
      }
      return l;
    }

    private boolean peekComparison() {
      return src.startsWith("<", pos)
          || src.startsWith(">", pos)
          || src.startsWith("==", pos)
          || src.startsWith("!=", pos);
    }

    Node additive() {
      Node l = multiplicative();
      while (true) {
        skip();
        if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
          char op = src.charAt(pos++);
          Node r = multiplicative();
          l = new Binary(String.valueOf(op), l, r, l.start(), r.end());
        } else {
          return l;
        }
      }
    }

    Node multiplicative() {
      Node l = unary();
      while (true) {
        skip();
        if (pos < src.length() && (src.charAt(pos) == '*' || src.charAt(pos) == '/')) {
          char op = src.charAt(pos++);
          Node r = unary();
          l = new Binary(String.valueOf(op), l, r, l.start(), r.end());
        } else {
          return l;
        }
      }
    }

    Node unary() {
      skip();
      int start = pos;
      if (pos < src.length()
          && (src.charAt(pos) == '-' || src.charAt(pos) == '+' || src.charAt(pos) == '!')
          && !src.startsWith("!=", pos)) {
        char op = src.charAt(pos++);
        Node operand = unary();
        return op == '+' ? operand : new Unary(op, operand, start, operand.end());
      }
      return power();
    }

    Node power() {
      Node base = primary();
      skip();
      if (pos < src.length() && src.charAt(pos) == '^') {
        pos++;
        Node exponent = unary();
        return new Binary("^", base, exponent, base.start(), exponent.end());
      }
      return base;
    }

    Node primary() {
      skip();
      if (pos >= src.length()) {
        throw error(
            "the expression ends where a value is expected",
            "Complete the expression after the last operator.");
      }
      int start = pos;
      char c = src.charAt(pos);
      if (c == '(') {
        pos++;
        Node inner = or();
        expect(')', "Close the '(' opened at column " + (start + 1) + ".");
        return inner;
      }
      if (Character.isDigit(c) || c == '.') {
        return number();
      }
      if (Character.isLetter(c) || c == '_') {
        while (pos < src.length()
            && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
          pos++;
        }
        String name = src.substring(start, pos);
        skip();
        if (pos < src.length() && src.charAt(pos) == '(') {
          pos++;
          List<Node> args = new ArrayList<>();
          skip();
          if (pos < src.length() && src.charAt(pos) == ')') {
            pos++;
          } else {
            do {
              args.add(or());
            } while (eat(","));
            expect(')', "Close the argument list of " + name + "( with ')'.");
          }
          return new Call(name, List.copyOf(args), start, pos);
        }
        return new Var(name, start, pos);
      }
      throw error(
          "'" + c + "' cannot start a value",
          "Put a number, a variable name, a function call or '(' here.");
    }

    Node number() {
      int start = pos;
      while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
        pos++;
      }
      if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
        int save = pos;
        pos++;
        if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
          pos++;
        }
        if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
          while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
          }
        } else {
          pos = save;
        }
      }
      double value;
      try {
        value = Double.parseDouble(src.substring(start, pos));
      } catch (NumberFormatException e) {
        pos = start;
        throw error(
            "'" + src.substring(start, Math.min(src.length(), start + 12)) + "' is not a number",
            "Write numbers as 12, 0.5 or 1e-5.");
      }
      Unit unit = null;
      skip();
      if (pos < src.length() && src.charAt(pos) == '[') {
        int close = src.indexOf(']', pos);
        if (close < 0) {
          throw error("a unit opened with '[' is not closed", "Write the unit as 2.5[m^3/h].");
        }
        unit =
            Unit.parse(
                src.substring(pos + 1, close),
                "the number at column " + (start + 1) + " of " + where);
        pos = close + 1;
      }
      return new Num(value, unit, start, pos);
    }

    boolean eat(String token) {
      skip();
      if (src.startsWith(token, pos)) {
        // "<" must not eat the first half of "<=".
        if (token.length() == 1
            && (token.equals("<") || token.equals(">"))
            && src.startsWith("=", pos + 1)) {
          return false;
        }
        pos += token.length();
        return true;
      }
      return false;
    }

    void expect(char c, String remedy) {
      skip();
      if (pos >= src.length() || src.charAt(pos) != c) {
        throw error("'" + c + "' is expected", remedy);
      }
      pos++;
    }

    void skip() {
      while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
        pos++;
      }
    }

    OtlabException error(String what, String remedy) {
      return new OtlabException(
          "EXPRESSION_INVALID",
          "The expression of "
              + where
              + " does not parse at column "
              + (pos + 1)
              + ": "
              + what
              + ". Expression: '"
              + src
              + "', there: '"
              + src.substring(0, Math.min(pos, src.length()))
              + " ^ "
              + src.substring(Math.min(pos, src.length()))
              + "'.",
          remedy);
    }
  }

  // ---------------------------------------------------------------- checking and compiling

  /**
   * A compiled subexpression; {@code zero} marks a bare 0, which adopts its partner's dimension.
   */
  private record Typed(Dimension dim, Evaluator ev, boolean constant, boolean zero) {
    static Typed constant(double v, Dimension d) {
      return new Typed(d, new Arithmetic.Const(v), true, false);
    }

    double value() {
      return ev.evaluate(null);
    }
  }

  private static final Map<String, Integer> ARITY =
      Map.ofEntries(
          Map.entry("if", 3),
          Map.entry("abs", 1),
          Map.entry("sqrt", 1),
          Map.entry("exp", 1),
          Map.entry("ln", 1),
          Map.entry("log10", 1),
          Map.entry("sin", 1),
          Map.entry("cos", 1),
          Map.entry("acos", 1),
          Map.entry("tanh", 1),
          Map.entry("clamp", 3),
          Map.entry("pos", 1),
          Map.entry("min", -2),
          Map.entry("max", -2));

  private final class Compiler {
    final Scope scope;
    final String where;

    Compiler(Scope scope, String where) {
      this.scope = scope;
      this.where = where;
    }

    String text(Node n) {
      return source.substring(n.start(), n.end()).strip();
    }

    Typed compile(Node n) {
      if (n instanceof Num num) {
        double v = num.unit() == null ? num.value() : num.unit().toSi(num.value());
        Dimension d = num.unit() == null ? Dimension.NONE : num.unit().dimension();
        Typed t = Typed.constant(v, d);
        return num.value() == 0 && num.unit() == null ? new Typed(d, t.ev, true, true) : t;
      }
      if (n instanceof Var var) {
        Scope.Variable v =
            scope
                .lookup(var.name())
                .orElseThrow(
                    () ->
                        new OtlabException(
                            "EXPRESSION_INVALID",
                            "The expression of "
                                + where
                                + " names '"
                                + var.name()
                                + "' at column "
                                + (var.start() + 1)
                                + ", which is no parameter, state, input or algebraic variable: '"
                                + source
                                + "'.",
                            "Declare '"
                                + var.name()
                                + "' (with its unit) or correct the spelling; 't' is the time in s."));
        if (v.constant()) {
          return Typed.constant(v.value(), v.dimension());
        }
        int slot = v.slot();
        return new Typed(v.dimension(), new Arithmetic.Slot(slot), false, false);
      }
      if (n instanceof Unary u) {
        Typed a = compile(u.operand());
        Evaluator e = a.ev;
        if (u.op() == '-') {
          return fold(new Typed(a.dim, s -> -e.evaluate(s), a.constant, a.zero));
        }
        return fold(new Typed(Dimension.NONE, s -> e.evaluate(s) != 0 ? 0 : 1, a.constant, false));
      }
      if (n instanceof Binary b) {
        return binary(b);
      }
      return call((Call) n);
    }

    /** Replaces a constant subtree by its value, so parameters cost nothing per evaluation. */
    Typed fold(Typed t) {
      if (!t.constant) {
        return t;
      }
      double v = t.ev.evaluate(new double[0]);
      return new Typed(t.dim, new Arithmetic.Const(v), true, t.zero);
    }

    Typed binary(Binary b) {
      Typed l = compile(b.left());
      Typed r = compile(b.right());
      Evaluator x = l.ev;
      Evaluator y = r.ev;
      boolean c = l.constant && r.constant;
      switch (b.op()) {
        case "+":
          return fold(new Typed(same(b, l, r), Arithmetic.of('+', x, y), c, false));
        case "-":
          return fold(new Typed(same(b, l, r), Arithmetic.of('-', x, y), c, false));
        case "*":
          return fold(new Typed(l.dim.times(r.dim), Arithmetic.of('*', x, y), c, false));
        case "/":
          return fold(new Typed(l.dim.over(r.dim), Arithmetic.of('/', x, y), c, false));
        case "^":
          return power(b, l, r);
        case "&&":
          return fold(
              new Typed(
                  Dimension.NONE, s -> x.evaluate(s) != 0 && y.evaluate(s) != 0 ? 1 : 0, c, false));
        case "||":
          return fold(
              new Typed(
                  Dimension.NONE, s -> x.evaluate(s) != 0 || y.evaluate(s) != 0 ? 1 : 0, c, false));
        default:
          same(b, l, r);
          Evaluator e;
          if (x instanceof Arithmetic.Slot v && y instanceof Arithmetic.Const k) {
            // level >= height: a state against a parameter, read in place.
            e = Arithmetic.compare(b.op(), v.index(), k.value());
            return fold(new Typed(Dimension.NONE, e, c, false));
          }
          switch (b.op()) {
            case "<":
              e = s -> x.evaluate(s) < y.evaluate(s) ? 1 : 0;
              break;
            case "<=":
              e = s -> x.evaluate(s) <= y.evaluate(s) ? 1 : 0;
              break;
            case ">":
              e = s -> x.evaluate(s) > y.evaluate(s) ? 1 : 0;
              break;
            case ">=":
              e = s -> x.evaluate(s) >= y.evaluate(s) ? 1 : 0;
              break;
            case "==":
              e = s -> x.evaluate(s) == y.evaluate(s) ? 1 : 0;
              break;
            default:
              e = s -> x.evaluate(s) != y.evaluate(s) ? 1 : 0;
              break;
          }
          return fold(new Typed(Dimension.NONE, e, c, false));
      }
    }

    Typed power(Binary b, Typed l, Typed r) {
      if (!r.dim.isNone() && !r.zero) {
        throw mismatch(
            "the exponent '" + text(b.right()) + "' has the dimension " + r.dim,
            "An exponent must be a dimensionless number; divide it by a quantity of its unit.");
      }
      Evaluator x = l.ev;
      if (r.constant) {
        double p = r.value();
        Dimension d =
            l.dim
                .pow(p)
                .orElseThrow(
                    () ->
                        mismatch(
                            "'" + text(b) + "' raises " + l.dim + " to the power " + p,
                            "Use whole or half powers of a dimensioned quantity, or make it"
                                + " dimensionless first."));
        Evaluator e;
        if (p == 2) {
          e =
              s -> {
                double v = x.evaluate(s);
                return v * v;
              };
        } else if (p == 0.5) {
          e = s -> Math.sqrt(x.evaluate(s));
        } else if (p == 1) {
          e = x;
        } else {
          e = s -> Math.pow(x.evaluate(s), p);
        }
        return fold(new Typed(d, e, l.constant, false));
      }
      if (!l.dim.isNone()) {
        throw mismatch(
            "'"
                + text(b.left())
                + "' ("
                + l.dim
                + ") is raised to the variable power '"
                + text(b.right())
                + "'",
            "Raise only dimensionless quantities to a variable power, or make the exponent a"
                + " number.");
      }
      Evaluator y = r.ev;
      return fold(
          new Typed(
              Dimension.NONE,
              s -> Math.pow(x.evaluate(s), y.evaluate(s)),
              l.constant && r.constant,
              false));
    }

    /** The common dimension of two operands that must agree. */
    Dimension same(Node n, Typed l, Typed r) {
      if (l.zero) {
        return r.dim;
      }
      if (r.zero || l.dim.equals(r.dim)) {
        return l.dim;
      }
      String what =
          n instanceof Binary b
              ? "'" + b.op() + "' in '" + text(n) + "'"
              : "the arguments of '" + text(n) + "'";
      throw mismatch(
          what + " needs equal dimensions, but they are " + l.dim + " and " + r.dim,
          "Make both sides the same quantity: convert with a parameter that has the missing unit,"
              + " or give a number its unit in brackets (0.1[m]).");
    }

    Typed call(Call c) {
      Integer arity = ARITY.get(c.name());
      if (arity == null) {
        throw new OtlabException(
            "EXPRESSION_INVALID",
            "The expression of "
                + where
                + " calls the unknown function '"
                + c.name()
                + "' at column "
                + (c.start() + 1)
                + ": '"
                + source
                + "'.",
            "Use one of: " + String.join(", ", new java.util.TreeSet<>(ARITY.keySet())) + ".");
      }
      if (arity >= 0 ? c.args().size() != arity : c.args().size() < -arity) {
        throw new OtlabException(
            "EXPRESSION_INVALID",
            "The expression of "
                + where
                + " calls "
                + c.name()
                + " with "
                + c.args().size()
                + " arguments at column "
                + (c.start() + 1)
                + ": '"
                + source
                + "'.",
            "Give "
                + c.name()
                + (arity >= 0 ? " exactly " + arity : " at least " + -arity)
                + " arguments.");
      }
      List<Typed> a = new ArrayList<>();
      for (Node n : c.args()) {
        a.add(compile(n));
      }
      boolean constant = a.stream().allMatch(Typed::constant);
      Evaluator x = a.get(0).ev;
      switch (c.name()) {
        case "if":
          {
            Evaluator y = a.get(1).ev;
            Evaluator z = a.get(2).ev;
            Dimension d = same(c, a.get(1), a.get(2));
            return fold(
                new Typed(
                    d, s -> x.evaluate(s) != 0 ? y.evaluate(s) : z.evaluate(s), constant, false));
          }
        case "min":
        case "max":
          {
            Typed acc = a.get(0);
            boolean isMin = c.name().equals("min");
            for (int i = 1; i < a.size(); i++) {
              Typed next = a.get(i);
              Dimension d = same(c, acc, next);
              Evaluator p = acc.ev;
              Evaluator q = next.ev;
              Evaluator e =
                  isMin
                      ? s -> Math.min(p.evaluate(s), q.evaluate(s))
                      : s -> Math.max(p.evaluate(s), q.evaluate(s));
              acc = new Typed(d, e, acc.constant && next.constant, false);
            }
            return fold(acc);
          }
        case "clamp":
          {
            Dimension d = same(c, a.get(0), a.get(1));
            d = same(c, new Typed(d, x, false, a.get(0).zero && a.get(1).zero), a.get(2));
            Evaluator lo = a.get(1).ev;
            Evaluator hi = a.get(2).ev;
            Evaluator e;
            if (lo instanceof Arithmetic.Const l && hi instanceof Arithmetic.Const h) {
              // clamp(position, 0, 1): the usual form, with the bounds read in place.
              double min = l.value();
              double max = h.value();
              if (x instanceof Arithmetic.Slot v) {
                int i = v.index();
                e = s -> Math.max(min, Math.min(max, s[i]));
              } else {
                e = s -> Math.max(min, Math.min(max, x.evaluate(s)));
              }
            } else {
              e = s -> Math.max(lo.evaluate(s), Math.min(hi.evaluate(s), x.evaluate(s)));
            }
            return fold(new Typed(d, e, constant, false));
          }
        case "abs":
          return fold(new Typed(a.get(0).dim, s -> Math.abs(x.evaluate(s)), constant, false));
        case "pos":
          return fold(new Typed(a.get(0).dim, s -> Math.max(x.evaluate(s), 0), constant, false));
        case "sqrt":
          {
            Dimension d =
                a.get(0)
                    .dim
                    .sqrt()
                    .orElseThrow(
                        () ->
                            mismatch(
                                "'" + text(c) + "' takes the square root of " + a.get(0).dim,
                                "Take square roots of quantities whose exponents are whole"
                                    + " numbers (sqrt(2 * g * h), not sqrt(sqrt(h)))."));
            return fold(new Typed(d, s -> Math.sqrt(x.evaluate(s)), constant, false));
          }
        default:
          {
            Typed arg = a.get(0);
            if (!arg.dim.isNone() && !arg.zero) {
              throw mismatch(
                  "'"
                      + c.name()
                      + "' needs a dimensionless argument, but '"
                      + text(c.args().get(0))
                      + "' is "
                      + arg.dim,
                  "Divide the argument by a reference quantity of the same unit (for example"
                      + " exp(-activation_temp / reactor_temp)).");
            }
            Evaluator e =
                switch (c.name()) {
                  case "exp" -> s -> Math.exp(x.evaluate(s));
                  case "ln" -> s -> Math.log(x.evaluate(s));
                  case "log10" -> s -> Math.log10(x.evaluate(s));
                  case "sin" -> s -> Math.sin(x.evaluate(s));
                  case "cos" -> s -> Math.cos(x.evaluate(s));
                  case "acos" -> s -> Math.acos(x.evaluate(s));
                  default -> s -> Math.tanh(x.evaluate(s));
                };
            return fold(new Typed(Dimension.NONE, e, constant, false));
          }
      }
    }

    OtlabException mismatch(String what, String remedy) {
      return new OtlabException(
          "UNIT_MISMATCH",
          "In the expression of " + where + " ('" + source + "'), " + what + ".",
          remedy);
    }
  }
}
