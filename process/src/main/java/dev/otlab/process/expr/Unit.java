package dev.otlab.process.expr;

import dev.otlab.core.OtlabException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An engineering unit: a {@link Dimension} and the factor that takes a value in this unit to SI
 * ({@code m^3/h} is length^3/time with factor 1/3600). Models compute in SI only, so a flow
 * declared in m³/h is integrated as m³/s and shown again in m³/h; nothing in an equation has to
 * divide by 3600.
 *
 * <p>Unit strings combine symbols with {@code *}, a space, {@code /}, {@code ^} and parentheses,
 * the way the plant files write them: {@code m^3/h}, {@code m3/h}, {@code mg/L}, {@code J/(g K)},
 * {@code (g/h)/(mg/L)}, {@code 1/s}. An empty string, {@code 1}, {@code flag} and {@code fraction}
 * are dimensionless. Degrees Celsius are refused: an offset scale does not multiply, so
 * temperatures are declared in K.
 *
 * @param symbol the unit as written
 * @param dimension what it measures
 * @param scale SI value of one of this unit
 */
public record Unit(String symbol, Dimension dimension, double scale) {

  public static final Unit NONE = new Unit("", Dimension.NONE, 1);
  public static final Unit SECOND = new Unit("s", Dimension.TIME, 1);

  private static final Map<String, Unit> SYMBOLS = new LinkedHashMap<>();

  static {
    Dimension m = Dimension.LENGTH;
    Dimension kg = Dimension.MASS;
    Dimension s = Dimension.TIME;
    Dimension volume = m.pow(3);
    Dimension force = kg.times(m).over(s.pow(2));
    Dimension pressure = force.over(m.pow(2));
    Dimension energy = force.times(m);
    Dimension power = energy.over(s);
    Dimension frequency = s.pow(-1);
    put("1", Dimension.NONE, 1);
    put("flag", Dimension.NONE, 1);
    put("fraction", Dimension.NONE, 1);
    put("%", Dimension.NONE, 0.01);
    put("m", m, 1);
    put("km", m, 1e3);
    put("cm", m, 1e-2);
    put("mm", m, 1e-3);
    put("s", s, 1);
    put("ms", s, 1e-3);
    put("min", s, 60);
    put("h", s, 3600);
    put("d", s, 86400);
    put("kg", kg, 1);
    put("g", kg, 1e-3);
    put("mg", kg, 1e-6);
    put("L", volume, 1e-3);
    put("l", volume, 1e-3);
    put("mL", volume, 1e-6);
    put("K", Dimension.TEMPERATURE, 1);
    put("mol", Dimension.AMOUNT, 1);
    put("kmol", Dimension.AMOUNT, 1e3);
    put("mmol", Dimension.AMOUNT, 1e-3);
    put("A", Dimension.CURRENT, 1);
    put("N", force, 1);
    put("kN", force, 1e3);
    put("Pa", pressure, 1);
    put("kPa", pressure, 1e3);
    put("MPa", pressure, 1e6);
    put("bar", pressure, 1e5);
    put("mbar", pressure, 1e2);
    put("J", energy, 1);
    put("kJ", energy, 1e3);
    put("MJ", energy, 1e6);
    put("W", power, 1);
    put("kW", power, 1e3);
    put("MW", power, 1e6);
    put("Hz", frequency, 1);
    put("rpm", frequency, 1.0 / 60);
  }

  private static void put(String symbol, Dimension d, double scale) {
    SYMBOLS.put(symbol, new Unit(symbol, d, scale));
  }

  public Unit {
    if (symbol == null || dimension == null) {
      throw new IllegalArgumentException("unit needs a symbol and a dimension");
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("unit " + symbol + " has scale " + scale);
    }
  }

  /** A value in this unit as SI. */
  public double toSi(double value) {
    return value * scale;
  }

  /** An SI value in this unit. */
  public double fromSi(double value) {
    return value / scale;
  }

  /**
   * Parses a unit string.
   *
   * @param where what the unit belongs to, for the message (for example {@code state raw_level})
   * @throws OtlabException {@code UNIT_UNKNOWN} naming the symbol or position that does not parse
   */
  public static Unit parse(String text, String where) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    UnitParser p = new UnitParser(text.strip(), where);
    Unit u = p.product();
    p.expectEnd();
    return new Unit(text.strip(), u.dimension, u.scale);
  }

  /** The symbols a unit string may use, for messages. */
  static String knownSymbols() {
    return String.join(" ", SYMBOLS.keySet());
  }

  private Unit times(Unit o) {
    return new Unit("", dimension.times(o.dimension), scale * o.scale);
  }

  private Unit over(Unit o) {
    return new Unit("", dimension.over(o.dimension), scale / o.scale);
  }

  private Unit pow(int n) {
    return new Unit("", dimension.pow(n), Math.pow(scale, n));
  }

  /** Recursive descent over the unit grammar; juxtaposition (a space) multiplies. */
  private static final class UnitParser {
    private final String text;
    private final String where;
    private int pos;

    UnitParser(String text, String where) {
      this.text = text;
      this.where = where;
    }

    Unit product() {
      Unit u = factor();
      while (true) {
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) == ')') {
          return u;
        }
        char c = text.charAt(pos);
        if (c == '*' || c == '·') {
          pos++;
          u = u.times(factor());
        } else if (c == '/') {
          pos++;
          u = u.over(factor());
        } else {
          u = u.times(factor());
        }
      }
    }

    Unit factor() {
      skipSpaces();
      Unit base;
      if (pos < text.length() && text.charAt(pos) == '(') {
        pos++;
        base = product();
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != ')') {
          throw error("a ')' is missing", "Close every '(' in the unit.");
        }
        pos++;
      } else {
        base = symbol();
      }
      skipSpaces();
      if (pos < text.length() && text.charAt(pos) == '^') {
        pos++;
        skipSpaces();
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '-') {
          pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        if (start == pos || (pos == start + 1 && text.charAt(start) == '-')) {
          pos = start;
          throw error("'^' needs a whole-number exponent", "Write for example m^3 or s^-1.");
        }
        base = base.pow(Integer.parseInt(text.substring(start, pos)));
      }
      return base;
    }

    Unit symbol() {
      int start = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '%' || c == '°' || (c == '1' && pos == start)) {
          pos++;
          if (c == '1') {
            break;
          }
        } else {
          break;
        }
      }
      if (start == pos) {
        throw error(
            "a unit symbol is expected",
            "Write a symbol such as m, s, kg, K, mol, L, h, bar or W, combined with *, / and ^.");
      }
      String name = text.substring(start, pos);
      if (name.startsWith("°") || name.equals("degC") || name.equals("C")) {
        pos = start;
        throw error(
            "degrees Celsius are an offset scale that units cannot multiply",
            "Declare temperatures in K (kelvin = degrees Celsius + 273.15).");
      }
      Unit u = SYMBOLS.get(name);
      if (u == null) {
        pos = start;
        throw error(
            "'" + name + "' is not a known unit symbol",
            "Use one of: " + knownSymbols() + " (combine them with *, /, ^ and parentheses).");
      }
      // m3 and m2 as the plant files write them: a digit straight after a symbol is its power.
      int digits = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (digits < pos && !name.equals("1")) {
        u = u.pow(Integer.parseInt(text.substring(digits, pos)));
      }
      return u;
    }

    void expectEnd() {
      skipSpaces();
      if (pos < text.length()) {
        throw error("unexpected '" + text.charAt(pos) + "'", "Balance the parentheses.");
      }
    }

    private void skipSpaces() {
      while (pos < text.length() && text.charAt(pos) == ' ') {
        pos++;
      }
    }

    private OtlabException error(String what, String remedy) {
      return new OtlabException(
          "UNIT_UNKNOWN",
          "Unit '"
              + text
              + "' of "
              + where
              + " does not parse at position "
              + (pos + 1)
              + ": "
              + what
              + ".",
          remedy);
    }
  }

  @Override
  public String toString() {
    return symbol.isEmpty() ? "(dimensionless)" : symbol;
  }
}
