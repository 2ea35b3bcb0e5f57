package dev.otlab.library;

import dev.otlab.core.OtlabException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses simulated durations written as {@code 90}, {@code 90s}, {@code 15m}, {@code 2h} or {@code
 * 1h30m}.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");

  private Durations() {}

  /** Seconds in {@code text}; {@code what} names the option or field in the error. */
  public static double seconds(String text, String what) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    // Java's parseDouble accepts "3d" and "0x1p3"; only plain decimals count as seconds here.
    if (t.matches("\\d+(\\.\\d+)?")) {
      double plain = Double.parseDouble(t);
      if (plain > 0) {
        return plain;
      }
      throw bad(text, what);
    }
    Matcher m = PART.matcher(t);
    double total = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw bad(text, what);
      }
      double v = Double.parseDouble(m.group(1));
      total +=
          switch (m.group(2)) {
            case "h" -> v * 3600;
            case "m" -> v * 60;
            case "ms" -> v / 1000;
            default -> v;
          };
      end = m.end();
    }
    if (end != t.length() || end == 0 || !(total > 0)) {
      throw bad(text, what);
    }
    return total;
  }

  /** Like {@link #seconds}, but records a problem at {@code path} and returns 0 when invalid. */
  public static double secondsOrZero(String text, String path, Reader r) {
    try {
      return seconds(text, path);
    } catch (OtlabException e) {
      r.problem(path, e.getMessage(), e.remedy());
      return 0;
    }
  }

  private static OtlabException bad(String text, String what) {
    return new OtlabException(
        "DURATION_INVALID",
        what + ": '" + text + "' is not a positive duration.",
        "Write seconds (90), or with units: 90s, 15m, 2h, 1h30m.");
  }
}
