package dev.otlab.dashboard.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a new password must be, for users created or changed through the API and for the first
 * admin's password from {@code OTLAB_ADMIN_PASSWORD}: at least {@value #MIN_LENGTH} and at most
 * {@value #MAX_LENGTH} characters, at least {@value #MIN_DISTINCT} different characters, not a run
 * of consecutive characters (abcdef, 987654), not containing the user name (names of three or more
 * characters; shorter ones only may not be the whole password), and not one of the most common
 * passwords of the shipped list, nor one of them with digits or symbols appended (Password2024!),
 * all compared without case. Guessing starts with exactly those, and the login throttle only slows
 * guessing down.
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 256;
  public static final int MIN_DISTINCT = 5;

  /** What to do, said once for every refusal. */
  public static final String ADVICE =
      "Choose "
          + MIN_LENGTH
          + " to "
          + MAX_LENGTH
          + " characters with at least "
          + MIN_DISTINCT
          + " different ones, without the user name and not a common password; a few unrelated"
          + " words make a good one.";

  private static final Set<String> COMMON = load();

  private PasswordPolicy() {}

  /** What is wrong with {@code password} for {@code username}, each as "it ..."; empty if fine. */
  public static List<String> problems(String username, String password) {
    List<String> out = new ArrayList<>();
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      out.add("is shorter than " + MIN_LENGTH + " characters");
    }
    if (length > MAX_LENGTH) {
      out.add("is longer than " + MAX_LENGTH + " characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    String name = username.toLowerCase(Locale.ROOT);
    if (!name.isEmpty() && lower.equals(name)) {
      out.add("is the user name");
    } else if (name.length() >= 3 && lower.contains(name)) {
      out.add("contains the user name");
    }
    long distinct = password.codePoints().distinct().count();
    if (distinct < MIN_DISTINCT) {
      out.add(
          "has "
              + (distinct == 1
                  ? "one character repeated"
                  : "only " + distinct + " different characters")
              + " (at least "
              + MIN_DISTINCT
              + " are needed)");
    } else if (consecutive(lower)) {
      out.add("is a run of consecutive characters");
    }
    if (COMMON.contains(lower)) {
      out.add("is one of the most common passwords");
    } else {
      String base = lower.replaceFirst("[^a-z]+$", "");
      if (!base.isEmpty() && !base.equals(lower) && COMMON.contains(base)) {
        out.add("is a common password with digits or symbols appended");
      }
    }
    return out;
  }

  /** The refusal as one sentence: "The password is refused: it is ...; it has ...". */
  public static String describe(List<String> problems) {
    return "The password is refused: "
        + problems.stream().map(p -> "it " + p).collect(Collectors.joining("; "))
        + ".";
  }

  /** Each character one more, or each one less, than the one before (1234567890 aside, by list). */
  private static boolean consecutive(String s) {
    int[] cps = s.codePoints().toArray();
    if (cps.length < 2) {
      return false;
    }
    int step = cps[1] - cps[0];
    if (step != 1 && step != -1) {
      return false;
    }
    for (int i = 2; i < cps.length; i++) {
      if (cps[i] - cps[i - 1] != step) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code password} is on the shipped list, ignoring case; for tests. */
  static boolean common(String password) {
    return COMMON.contains(password.toLowerCase(Locale.ROOT));
  }

  private static Set<String> load() {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
      if (in == null) {
        throw new IllegalStateException("common-passwords.txt is missing beside PasswordPolicy");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> l.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
