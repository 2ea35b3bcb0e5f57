package dev.otlab.library;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Walks a parsed YAML tree and collects every problem with its path instead of stopping at the
 * first, so a user fixes a file in one pass. Getters return a fallback after recording a problem,
 * which lets validation carry on through the rest of the file.
 */
public final class Reader {

  /** The YAML mapper every library loader shares; duplicate keys are errors, not overwrites. */
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** The shared YAML mapper, for tools that need the raw tree (schema checks, tests). */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /**
   * Parses {@code yaml} and hands the tree to {@code read}; a file with a syntax error or any
   * problem {@code read} recorded is refused whole with every problem, under {@code code}.
   */
  public static <T> T validate(
      String code, String name, String yaml, BiFunction<JsonNode, Reader, @Nullable T> read) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new ValidationException(
          code,
          name,
          List.of(
              new Problem(
                  loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr(),
                  "is not valid YAML: " + e.getOriginalMessage() + ".",
                  "Fix the YAML syntax (indentation, colons, quotes).")));
    }
    Reader r = new Reader();
    T spec = read.apply(root, r);
    if (!r.problems().isEmpty() || spec == null) {
      throw new ValidationException(code, name, r.problems());
    }
    return spec;
  }

  /** Enum constants by their YAML spelling ({@code sign-and-encrypt}). */
  public static <E extends Enum<E>> Map<String, E> byYamlName(E[] values) {
    Map<String, E> m = new LinkedHashMap<>();
    for (E e : values) {
      m.put(e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), e);
    }
    return m;
  }

  private final List<Problem> problems = new ArrayList<>();

  public List<Problem> problems() {
    return problems;
  }

  public void problem(String path, String message, String fix) {
    problems.add(new Problem(path, message, fix));
  }

  /** Checks {@code node} is a mapping and has only {@code allowed} keys. */
  public boolean object(@Nullable JsonNode node, String path, Set<String> allowed) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      problem(path, "is missing.", "Add it.");
      return false;
    }
    if (!node.isObject()) {
      problem(
          path,
          "must be a mapping (key: value), not " + kind(node) + ".",
          "Write it as a mapping.");
      return false;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        problem(
            join(path, n),
            "is not a known field.",
            "Remove it or use one of " + new TreeSet<>(allowed) + ".");
      }
    }
    return true;
  }

  static String kind(JsonNode n) {
    if (n.isArray()) {
      return "a list";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isNumber()) {
      return "a number";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    return n.isNull() ? "empty" : "text";
  }

  public static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public String text(JsonNode parent, String path, String field, @Nullable String fallback) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      if (fallback == null) {
        problem(join(path, field), "is missing.", "Add " + field + ".");
        return "";
      }
      return fallback;
    }
    if (!n.isValueNode()) {
      problem(join(path, field), "must be text, not " + kind(n) + ".", "Write a plain value.");
      return fallback == null ? "" : fallback;
    }
    return n.asText();
  }

  public String id(JsonNode parent, String path, String field) {
    String v = text(parent, path, field, null);
    if (!v.isEmpty() && !v.matches("[a-z][a-z0-9_-]*")) {
      problem(
          join(path, field),
          "'" + v + "' is not a valid id.",
          "Use lower-case letters, digits, '-' and '_', starting with a letter.");
    }
    return v;
  }

  /** A finite number; {@code fallback} null means required. */
  public double number(JsonNode parent, String path, String field, @Nullable Double fallback) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      if (fallback == null) {
        problem(join(path, field), "is missing.", "Add " + field + " (a number).");
        return 0;
      }
      return fallback;
    }
    double v;
    if (n.isNumber()) {
      v = n.asDouble();
    } else if (n.isTextual()) {
      String t = n.asText().trim().toLowerCase(java.util.Locale.ROOT);
      if (t.equals(".nan") || t.equals("nan") || t.endsWith("inf")) {
        problem(
            join(path, field),
            "is " + n.asText() + ", not a finite number.",
            "Give a finite number.");
        return fallback == null ? 0 : fallback;
      }
      problem(join(path, field), "'" + n.asText() + "' is not a number.", "Give a number.");
      return fallback == null ? 0 : fallback;
    } else {
      problem(join(path, field), "must be a number, not " + kind(n) + ".", "Give a number.");
      return fallback == null ? 0 : fallback;
    }
    if (!Double.isFinite(v)) {
      problem(join(path, field), "is " + v + ", not a finite number.", "Give a finite number.");
      return fallback == null ? 0 : fallback;
    }
    return v;
  }

  public int integer(
      JsonNode parent, String path, String field, @Nullable Integer fallback, int min, int max) {
    double v = number(parent, path, field, fallback == null ? null : fallback.doubleValue());
    if (v != Math.rint(v) || v < min || v > max) {
      problem(
          join(path, field),
          v + " is not a whole number from " + min + " to " + max + ".",
          "Give a whole number in range.");
      return fallback == null ? min : fallback;
    }
    return (int) v;
  }

  public boolean bool(JsonNode parent, String path, String field, boolean fallback) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      problem(
          join(path, field), "must be true or false, not " + kind(n) + ".", "Write true or false.");
      return fallback;
    }
    return n.asBoolean();
  }

  public <E> E choice(
      JsonNode parent,
      String path,
      String field,
      Map<String, E> allowed,
      @Nullable String fallback) {
    String v = text(parent, path, field, fallback);
    E e = allowed.get(v);
    if (e == null) {
      if (!v.isEmpty()) {
        problem(
            join(path, field),
            "'" + v + "' is not allowed.",
            "Use one of " + new TreeSet<>(allowed.keySet()) + ".");
      }
      return allowed.values().iterator().next();
    }
    return e;
  }

  /** Iterates a list (absent means empty unless required). */
  public void list(
      JsonNode parent,
      String path,
      String field,
      boolean required,
      BiConsumer<JsonNode, String> each) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        problem(join(path, field), "is missing.", "Add a list of " + field + ".");
      }
      return;
    }
    if (!n.isArray()) {
      problem(
          join(path, field),
          "must be a list, not " + kind(n) + ".",
          "Write it as a list (- item).");
      return;
    }
    for (int i = 0; i < n.size(); i++) {
      each.accept(n.get(i), join(path, field) + "[" + i + "]");
    }
  }

  /** A mapping of names to finite numbers. */
  public Map<String, Double> numbers(JsonNode parent, String path, String field) {
    Map<String, Double> out = new LinkedHashMap<>();
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      problem(
          join(path, field), "must be a mapping of names to numbers.", "Write name: number lines.");
      return out;
    }
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      double v = number(n, join(path, field), k, null);
      out.put(k, v);
    }
    return out;
  }
}
