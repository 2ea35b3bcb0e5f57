package dev.otlab.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every error code otlab declares, from the {@link ErrorCatalogue}s on the class path. A code is
 * declared once: two catalogues declaring it would leave its category to the class path order.
 */
public final class ErrorCodes {

  /** A declared code and the module whose catalogue declares it. */
  public record Entry(ErrorCode error, String module) {}

  private final Map<String, Entry> byCode;

  private ErrorCodes(Map<String, Entry> byCode) {
    this.byCode = Collections.unmodifiableMap(byCode);
  }

  /**
   * The codes of {@code catalogues}.
   *
   * @throws OtlabException {@code ERROR_CODE_DUPLICATE} when two catalogues, or one twice, declare
   *     the same code
   */
  public static ErrorCodes of(Iterable<? extends ErrorCatalogue> catalogues) {
    Map<String, Entry> found = new TreeMap<>();
    Map<String, String> declaredBy = new TreeMap<>();
    for (ErrorCatalogue c : catalogues) {
      for (ErrorCode e : c.codes()) {
        String previous = declaredBy.putIfAbsent(e.code(), c.getClass().getName());
        if (previous != null) {
          throw new OtlabException(
              "ERROR_CODE_DUPLICATE",
              "Error code "
                  + e.code()
                  + " is declared by "
                  + previous
                  + " and again by "
                  + c.getClass().getName()
                  + ".",
              "Declare it once, in the catalogue of the lowest module that throws it.");
        }
        found.put(e.code(), new Entry(e, c.module()));
      }
    }
    return new ErrorCodes(found);
  }

  /** The catalogues {@link ServiceLoader} finds, loaded once. */
  public static ErrorCodes loaded() {
    return Loaded.CODES;
  }

  // A holder class, so the catalogues load on first use, not when OtlabException loads.
  private static final class Loaded {
    static final ErrorCodes CODES = of(catalogues());
  }

  /**
   * The catalogues this class's loader sees, and those of the context loader too: in Quarkus dev
   * mode the application's classes (the dashboard's catalogue) sit in a child of the loader that
   * loaded this class. A catalogue both loaders see counts once.
   */
  private static List<ErrorCatalogue> catalogues() {
    Map<String, ErrorCatalogue> byClass = new TreeMap<>();
    List<ClassLoader> loaders = new ArrayList<>();
    loaders.add(ErrorCodes.class.getClassLoader());
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    for (ClassLoader l : loaders) {
      for (ErrorCatalogue c : ServiceLoader.load(ErrorCatalogue.class, l)) {
        byClass.putIfAbsent(c.getClass().getName(), c);
      }
    }
    return List.copyOf(byClass.values());
  }

  public Optional<ErrorCode> find(String code) {
    return Optional.ofNullable(byCode.get(code)).map(Entry::error);
  }

  public boolean isDeclared(String code) {
    return byCode.containsKey(code);
  }

  /**
   * The category of {@code code}; {@link ErrorCategory#INTERNAL} for a code nobody declared, since
   * an undeclared code is itself a bug and its message was never meant for a caller.
   */
  public ErrorCategory category(String code) {
    Entry e = byCode.get(code);
    return e == null ? ErrorCategory.INTERNAL : e.error().category();
  }

  /** Every declared code, sorted by code. */
  public List<Entry> all() {
    return List.copyOf(byCode.values());
  }

  /**
   * docs/errors.md: the categories and every code with its category, HTTP status, meaning and
   * module, sorted by code.
   */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Error codes\n\n")
        .append("<!-- Generated from the error catalogues (dev.otlab.core.ErrorCodes).")
        .append(" Do not edit: run\n")
        .append("     ./mvnw -B -q verify -pl dashboard -am -DskipITs -Dspotless.check.skip=true")
        .append(" -Dtest=ErrorDocsTest -Dsurefire.failIfNoSpecifiedTests=false")
        .append(" -Dotlab.regenerateDocs=true -->\n\n")
        .append("Every error otlab reports carries one of these codes, in the command line's")
        .append(" `[CODE]` and in the\ndashboard API's `code` field. The category decides the")
        .append(" HTTP status the dashboard answers with;\nan `INTERNAL` error answers a generic")
        .append(" message and remedy with its code, and its details go to the\nservice log.\n\n")
        .append("## Categories\n\n")
        .append("| category | HTTP status | meaning |\n|---|---|---|\n");
    for (ErrorCategory c : ErrorCategory.values()) {
      b.append("| ")
          .append(c.name())
          .append(" | ")
          .append(c.httpStatus())
          .append(" | ")
          .append(c.meaning())
          .append(" |\n");
    }
    b.append("\n## Codes\n\n")
        .append("| code | category | HTTP status | meaning | module |\n|---|---|---|---|---|\n");
    List<Entry> rows = new ArrayList<>(byCode.values());
    for (Entry e : rows) {
      ErrorCode c = e.error();
      b.append("| `")
          .append(c.code())
          .append("` | ")
          .append(c.category().name())
          .append(" | ")
          .append(c.category().httpStatus())
          .append(" | ")
          .append(c.meaning())
          .append(" | ")
          .append(e.module())
          .append(" |\n");
    }
    return b.toString();
  }
}
