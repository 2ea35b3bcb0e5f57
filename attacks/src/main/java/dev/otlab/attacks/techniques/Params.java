package dev.otlab.attacks.techniques;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Typed reads of a step's string parameters; a bad value is a {@link Bad} naming the fix. */
final class Params {

  /**
   * A parameter value that does not fit. A step that meets one at run time fails with the whole
   * sentence; a scenario loader reports {@link #what} and {@link #remedy} apart.
   */
  static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final String remedy;

    Bad(String message) {
      this(message, "");
    }

    Bad(String what, String remedy) {
      super(remedy.isEmpty() ? what : what + "; " + remedy, null, false, false);
      this.what = what;
      this.remedy = remedy;
    }

    String what() {
      return what;
    }

    /** What to write instead, as a sentence fragment; empty when the message says it. */
    String remedy() {
      return remedy;
    }
  }

  private final Map<String, String> values;

  Params(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  boolean has(String name) {
    return values.containsKey(name) && !values.get(name).isBlank();
  }

  @Nullable String get(String name) {
    return has(name) ? values.get(name).strip() : null;
  }

  String string(String name, String fallback) {
    String v = get(name);
    return v == null ? fallback : v;
  }

  String required(String name) {
    String v = get(name);
    if (v == null) {
      throw new Bad("parameter '" + name + "' is missing");
    }
    return v;
  }

  int integer(String name, int fallback, int min, int max) {
    String v = get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int i = Integer.decode(v);
      if (i < min || i > max) {
        throw new Bad(
            "parameter '" + name + "' is " + i + ", outside " + min + ".." + max,
            "use a whole number from " + min + " to " + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw new Bad(
          "parameter '" + name + "' is '" + v + "', not a whole number",
          "use a whole number from " + min + " to " + max);
    }
  }

  static double decimal(String name, String v) {
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new Bad("parameter '" + name + "' is '" + v + "', not a number", "write a number");
    }
  }

  /** A true/false parameter, {@code fallback} when absent. */
  boolean bool(String name, boolean fallback) {
    String v = get(name);
    return v == null ? fallback : bool(name, v);
  }

  static boolean bool(String name, String v) {
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
      case "on":
      case "1":
        return true;
      case "false":
      case "off":
      case "0":
        return false;
      default:
        throw new Bad(
            "parameter '" + name + "' is '" + v + "', not true/false",
            "write true or false (or on/off, 1/0)");
    }
  }

  static boolean isBool(String v) {
    return Set.of("true", "false", "on", "off").contains(v.toLowerCase(Locale.ROOT));
  }

  String choice(String name, String fallback, String... allowed) {
    String v = string(name, fallback).toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new Bad(
        "parameter '" + name + "' is '" + v + "'", "use one of " + String.join(", ", allowed));
  }
}
