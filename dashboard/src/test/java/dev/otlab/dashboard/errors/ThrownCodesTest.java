package dev.otlab.dashboard.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.core.ErrorCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error code a main source throws is declared in an error catalogue, and every declared code
 * is still thrown. Codes stay string literals at the throw sites, so this scan of the sources is
 * what keeps the registry whole: a code added at a throw site without its declaration would answer
 * as INTERNAL.
 *
 * <p>A code reaches an error in one of these ways, and the scan reads each: the first argument of
 * {@code new OtlabException(}, {@code new ValidationException(} or {@code new ApiException(}; the
 * code argument of {@code new ApiError(}; the first argument of {@code super(} in a subclass of
 * OtlabException (how ModbusClientException picks its two codes, so its callers pass none); and the
 * code argument of a forwarding helper listed in {@link #FORWARDERS}. A method that takes a {@code
 * String ...code} and is in none of the lists fails the test, so a new helper cannot hide codes
 * from the scan. A job error written by hand as JSON in a string literal counts too, and so do the
 * codes ErrorMapper picks for failures of the HTTP layer.
 */
class ThrownCodesTest {

  /** A method that passes its code parameter on to an error, and where that parameter is. */
  private record Forwarder(String file, String method, int index) {}

  /** Helpers that take a code and pass it on; their call sites are scanned like throw sites. */
  private static final List<Forwarder> FORWARDERS =
      List.of(
          new Forwarder("Sockets", "listen", 2),
          new Forwarder("Reader", "validate", 0),
          new Forwarder("JobManager", "error", 0),
          new Forwarder("ErrorMapper", "internal", 0),
          new Forwarder("ResponseActions", "parseWith", 1));

  /** The error types themselves: their constructors take the code (scanned at their calls). */
  private static final Set<String> ROOTS =
      Set.of(
          "OtlabException.OtlabException",
          "ValidationException.ValidationException",
          "ApiException.ApiException",
          "ApiError.ApiError");

  /** Methods with a code parameter that raise no error under it: the registry's look-ups. */
  private static final Set<String> NOT_THROWING =
      Set.of(
          "ErrorCode.ErrorCode",
          "ErrorCode.of",
          "ErrorCodes.find",
          "ErrorCodes.isDeclared",
          "ErrorCodes.category",
          "DeviceIdentity.DeviceIdentity");

  private static final Pattern THROW =
      Pattern.compile(
          "new\\s+(?:[\\w.]+\\.)?(OtlabException|ValidationException|ApiException|ApiError)\\s*\\(");
  private static final Pattern SUPER = Pattern.compile("\\bsuper\\s*\\(");
  private static final Pattern DECLARATION =
      Pattern.compile(
          "(\\w+)\\s*\\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)\\s*(?:throws[^{;]*)?\\{",
          Pattern.DOTALL);
  private static final Pattern CODE_PARAMETER = Pattern.compile("\\bString\\s+(\\w*[cC]ode)\\b");
  private static final Pattern LITERAL = Pattern.compile("\"([A-Z][A-Z0-9_]*)\"");
  private static final Pattern CONSTANT = Pattern.compile("(?:(\\w+)\\.)?([A-Z][A-Z0-9_]*)");
  private static final Pattern PASSED_ON = Pattern.compile("\\w+\\.code\\(\\)");
  private static final Set<String> KEYWORDS =
      Set.of("if", "for", "while", "switch", "catch", "synchronized", "try", "return", "new");
  private static final Pattern JSON_CODE =
      Pattern.compile("\\\\\"code\\\\\"\\s*:\\s*\\\\\"([A-Z][A-Z0-9_]*)\\\\\"");
  private static final Pattern SWITCH_ARM = Pattern.compile("->\\s*\"([A-Z][A-Z0-9_]*)\"\\s*;");

  private static List<Sources.File> files = List.of();

  /** code -> where it is thrown */
  private static final Map<String, List<String>> thrown = new TreeMap<>();

  /** Throw sites whose code the scan cannot read. */
  private static final List<String> unreadable = new ArrayList<>();

  @BeforeAll
  static void scan() {
    files = Sources.all();
    for (Sources.File f : files) {
      String code = f.code();
      Matcher m = THROW.matcher(code);
      while (m.find()) {
        int index = m.group(1).equals("ApiError") ? 1 : 0;
        collect(f, m.end() - 1, index, m.group(1));
      }
      if (code.matches("(?s).*\\bextends\\s+(?:[\\w.]+\\.)?OtlabException\\b.*")) {
        Matcher s = SUPER.matcher(code);
        while (s.find()) {
          collect(f, s.end() - 1, 0, "super");
        }
      }
      for (Forwarder fw : FORWARDERS) {
        String qualified = "\\b" + fw.file() + "\\." + fw.method();
        boolean bare =
            f.simpleName().equals(fw.file())
                || code.contains("import static ")
                    && code.contains("." + fw.file() + "." + fw.method() + ";");
        Pattern call =
            Pattern.compile(
                (bare ? "(?:" + qualified + "|(?<![\\w.])" + fw.method() + ")" : qualified)
                    + "\\s*\\(");
        Matcher c = call.matcher(code);
        while (c.find()) {
          List<String> args = Sources.arguments(code, c.end() - 1);
          // The declaration itself: its parameters have types.
          if (args != null && !args.isEmpty() && args.get(0).matches("(?s).*\\w\\s+\\w+")) {
            continue;
          }
          collect(f, c.end() - 1, fw.index(), fw.file() + "." + fw.method());
        }
      }
      // A job's error written as JSON by hand, as the store does for jobs a restart interrupted.
      Matcher json = JSON_CODE.matcher(code);
      while (json.find()) {
        thrown
            .computeIfAbsent(json.group(1), k -> new ArrayList<>())
            .add(Sources.where(f, json.start()));
      }
      // The dashboard answers failures of the HTTP layer with codes picked by a switch.
      if (f.simpleName().equals("ErrorMapper")) {
        Matcher a = SWITCH_ARM.matcher(code);
        while (a.find()) {
          thrown
              .computeIfAbsent(a.group(1), k -> new ArrayList<>())
              .add(Sources.where(f, a.start()));
        }
      }
    }
  }

  private static void collect(Sources.File f, int open, int index, String via) {
    List<String> args = Sources.arguments(f.code(), open);
    String where = Sources.where(f, open);
    if (args == null || args.size() <= index) {
      unreadable.add(where + " (" + via + "): cannot read the arguments");
      return;
    }
    String arg = args.get(index);
    Matcher literal = LITERAL.matcher(arg);
    if (literal.matches()) {
      thrown.computeIfAbsent(literal.group(1), k -> new ArrayList<>()).add(where);
      return;
    }
    if (PASSED_ON.matcher(arg).matches() || passesOnItsParameter(f, open, arg)) {
      return;
    }
    Matcher constant = CONSTANT.matcher(arg);
    if (constant.matches()) {
      String owner = constant.group(1) == null ? f.simpleName() : constant.group(1);
      for (Sources.File o : files) {
        if (o.simpleName().equals(owner)) {
          Matcher def =
              Pattern.compile(
                      "\\bString\\s+" + constant.group(2) + "\\s*=\\s*\"([A-Z][A-Z0-9_]*)\"")
                  .matcher(o.code());
          if (def.find()) {
            thrown.computeIfAbsent(def.group(1), k -> new ArrayList<>()).add(where);
            return;
          }
        }
      }
    }
    unreadable.add(where + " (" + via + "): the code '" + arg + "' is not a literal or a constant");
  }

  /**
   * Whether {@code arg} is the code parameter that the method around the site hands on: an error
   * type's constructor ({@code super(code, ...)}) or a forwarder, whose callers are scanned
   * instead. In ErrorMapper.web the code is picked by a switch whose arms are scanned.
   */
  private static boolean passesOnItsParameter(Sources.File f, int site, String arg) {
    String method = enclosing(f, site);
    if (method.equals("ErrorMapper.web") && arg.equals("code")) {
      return true;
    }
    if (!ROOTS.contains(method)
        && FORWARDERS.stream().noneMatch(fw -> method.equals(fw.file() + "." + fw.method()))) {
      return false;
    }
    Matcher d = DECLARATION.matcher(f.code());
    while (d.find()) {
      if ((f.simpleName() + "." + d.group(1)).equals(method)) {
        Matcher p = CODE_PARAMETER.matcher(d.group(2));
        while (p.find()) {
          if (p.group(1).equals(arg)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** File.method of the last method or constructor declared before {@code site}. */
  private static String enclosing(Sources.File f, int site) {
    String name = "";
    Matcher d = DECLARATION.matcher(f.code());
    while (d.find() && d.start() < site) {
      if (!KEYWORDS.contains(d.group(1))) {
        name = d.group(1);
      }
    }
    return f.simpleName() + "." + name;
  }

  @Test
  void everyMethodThatTakesACodeIsAForwarderAnErrorTypeOrALookUp() {
    Set<String> listed = new TreeSet<>(ROOTS);
    listed.addAll(NOT_THROWING);
    FORWARDERS.forEach(fw -> listed.add(fw.file() + "." + fw.method()));
    Set<String> found = new TreeSet<>();
    for (Sources.File f : files) {
      Matcher d = DECLARATION.matcher(f.code());
      while (d.find()) {
        if (!KEYWORDS.contains(d.group(1)) && CODE_PARAMETER.matcher(d.group(2)).find()) {
          found.add(f.simpleName() + "." + d.group(1));
        }
      }
    }
    assertThat(found)
        .as(
            "A method takes a String code but is not listed in ThrownCodesTest: if it passes the"
                + " code on to an error, add it to FORWARDERS (its calls are then scanned);"
                + " otherwise to NOT_THROWING")
        .isSubsetOf(listed);
    assertThat(listed)
        .as("ThrownCodesTest lists a method the sources no longer have")
        .isSubsetOf(found);
  }

  @Test
  void theScanReadsEveryThrowSite() {
    assertThat(unreadable)
        .as(
            "Throw sites whose code the scan cannot read: pass the code as a string literal (or a"
                + " String constant), or list the helper that forwards it in FORWARDERS")
        .isEmpty();
  }

  @Test
  void theScanFindsCodesByEveryRoute() {
    // One code per route, so a scan broken on one of them fails here rather than passing empty.
    assertThat(thrown)
        .containsKeys(
            "PLANT_INVALID", // Reader.validate
            "MODBUS_BIND_FAILED", // Sockets.listen
            "ATTACK_TARGET_OUTSIDE_LAB", // a constant
            "MODBUS_IO", // super( in ModbusClientException
            "USER_EXISTS", // new ApiException(
            "UNAUTHORIZED", // new ApiError(
            "INTERNAL_ERROR", // ErrorMapper.internal
            "JOB_FAILED", // JobManager.error
            "JOB_INTERRUPTED", // a JSON string literal
            "METHOD_NOT_ALLOWED", // the HTTP layer's switch
            "DATABASE_ERROR"); // new OtlabException(
    assertThat(thrown.size()).isGreaterThan(150);
  }

  @Test
  void everyThrownCodeIsDeclaredInAnErrorCatalogue() {
    ErrorCodes registry = ErrorCodes.loaded();
    Map<String, List<String>> undeclared = new TreeMap<>();
    thrown.forEach(
        (code, where) -> {
          if (!registry.isDeclared(code)) {
            undeclared.put(code, where);
          }
        });
    assertThat(undeclared)
        .as(
            "Codes thrown but declared in no ErrorCatalogue (they would answer as INTERNAL 500):"
                + " declare each in the catalogue of the lowest module that throws it, with its"
                + " category and meaning, then regenerate docs/errors.md")
        .isEmpty();
  }

  @Test
  void everyDeclaredCodeIsStillThrown() {
    Set<String> stale = new TreeSet<>();
    for (ErrorCodes.Entry e : ErrorCodes.loaded().all()) {
      if (!thrown.containsKey(e.error().code())) {
        stale.add(e.error().code() + " (" + e.module() + ")");
      }
    }
    assertThat(stale)
        .as("Codes declared but thrown nowhere: remove them from their catalogue")
        .isEmpty();
  }
}
