package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** The checks the description records share; a broken description is the plug-in's bug. */
final class Descriptions {

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+([-_][a-z0-9]+)*");

  private Descriptions() {}

  static OtlabException invalid(String what, String remedy) {
    return new OtlabException("PROCESS_DESCRIPTION_INVALID", what, remedy);
  }

  static String nonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw invalid(what + " is blank.", "Give " + what + " a non-blank text.");
    }
    return value;
  }

  /** A tag, parameter or balance name: lower case words joined by '-' or '_'. */
  static String checkName(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw invalid(
          what + " '" + value + "' is not a name.",
          "Use lower-case letters and digits joined by '-' or '_', e.g. raw_level.");
    }
    return value;
  }

  static List<String> names(List<String> values, String what, boolean mayBeEmpty) {
    if (values == null || (!mayBeEmpty && values.isEmpty())) {
      throw invalid(what + " is empty.", "List at least one.");
    }
    List<String> copy = List.copyOf(values);
    if (new HashSet<>(copy).size() != copy.size()) {
      throw invalid(what + " " + copy + " names one twice.", "List each once.");
    }
    for (String v : copy) {
      checkName(v, what);
    }
    return copy;
  }

  static double finite(double value, String what) {
    if (!Double.isFinite(value)) {
      throw invalid(what + " is " + value + ".", "Give " + what + " a finite number.");
    }
    return value;
  }

  static double positive(double value, String what) {
    if (!(finite(value, what) > 0)) {
      throw invalid(what + " is " + value + ".", "Give " + what + " a number above zero.");
    }
    return value;
  }
}
