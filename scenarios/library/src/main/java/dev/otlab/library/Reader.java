package dev.otlab.library;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Walks a parsed YAML tree and collects every problem with its path instead of stopping at the
 * first, so a user fixes a file in one pass. The file's JSON Schema has the say on structure
 * (fields, types, ranges, allowed values): getters return a fallback where the tree breaks it, and
 * loaders record only what a schema cannot check, such as references and duplicate ids.
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
   * Parses {@code yaml}, checks it against the JSON Schema of {@code kind} and hands the tree to
   * {@code read} for what a schema cannot say (references between entries, duplicate ids, plant and
   * catalogue look-ups); a file with a syntax error or any problem is refused whole with every
   * problem, under {@code code}. {@code read} runs on schema-invalid trees too, so one pass reports
   * everything; its getters fall back quietly where the schema has spoken.
   */
  public static <T> T validate(
      String code,
      String kind,
      String name,
      String yaml,
      BiFunction<JsonNode, Reader, @Nullable T> read) {
    return validate(code, SchemaCheck.of(kind), name, yaml, read);
  }

  /** Like {@link #validate(String, String, String, String, BiFunction)} with a given schema. */
  public static <T> T validate(
      String code,
      SchemaCheck schema,
      String name,
      String yaml,
      BiFunction<JsonNode, Reader, @Nullable T> read) {
    Problem beyond = beyondLimits(yaml);
    if (beyond != null) {
      throw new ValidationException(code, name, List.of(beyond));
    }
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
    if (root == null || root.isMissingNode()) {
      root = NullNode.getInstance();
    }
    List<SchemaCheck.Finding> structural = schema.findings(root);
    Reader r = new Reader(folderOf(name));
    T spec;
    try {
      spec = read.apply(root, r);
    } catch (RuntimeException e) {
      // Building specs from a tree the schema refused can trip a record's own checks; the
      // schema's problems already say what to fix.
      if (structural.isEmpty()) {
        throw e;
      }
      spec = null;
    }
    List<Problem> all = merge(structural, r.problems());
    if (!all.isEmpty() || spec == null) {
      throw new ValidationException(code, name, all);
    }
    return spec;
  }

  /**
   * The first {@link Limits} the text breaks, or null. The size is checked before anything is
   * parsed; depth and aliases in one streaming pass that stops at the first breach, so a hostile
   * file costs no more than its first {@link Limits#MAX_DEPTH} levels or {@link Limits#MAX_ALIASES}
   * aliases. A syntax error ends the pass quietly: the full parse reports it with its place.
   */
  static @Nullable Problem beyondLimits(String yaml) {
    if (yaml.length() > Limits.MAX_BYTES) {
      return new Problem(
          "",
          "is too large: "
              + yaml.length()
              + " characters; the size limit of a library file is "
              + Limits.MAX_BYTES
              + " characters (1 MiB).",
          "Library files are small (the largest shipped one is about 12 KB): check that this is"
              + " the right file.");
    }
    int depth = 0;
    int aliases = 0;
    try (JsonParser p = YAML.getFactory().createParser(yaml)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
          if (depth > Limits.MAX_DEPTH) {
            return new Problem(
                where(p),
                "nests mappings and lists more than "
                    + Limits.MAX_DEPTH
                    + " levels deep; the nesting limit is "
                    + Limits.MAX_DEPTH
                    + ".",
                "Library files nest a few levels: check the indentation and brackets here.");
          }
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        } else if (p instanceof YAMLParser y && y.isCurrentAlias()) {
          aliases++;
          if (aliases > Limits.MAX_ALIASES) {
            return new Problem(
                where(p),
                "uses more than "
                    + Limits.MAX_ALIASES
                    + " aliases (*name); the alias limit is "
                    + Limits.MAX_ALIASES
                    + ".",
                "Write the values out: the loaders do not expand aliases.");
          }
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private static String where(JsonParser p) {
    var loc = p.currentLocation();
    return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /**
   * The schema's problems and the loader's, once per place. A loader problem at the same path says
   * more (a Purdue level, a Modbus function code, the controller a plc host needs) and replaces the
   * schema's; so does one about the object whose fields a conditional schema rule ties together (a
   * filter that contradicts its protocol). A loader problem under a field the schema reports
   * missing only repeats that absence.
   */
  static List<Problem> merge(List<SchemaCheck.Finding> schema, List<Problem> loader) {
    Set<String> missing = new HashSet<>();
    for (SchemaCheck.Finding s : schema) {
      if (s.problem().message().equals("is missing.")) {
        missing.add(s.problem().path());
      }
    }
    List<Problem> kept = new ArrayList<>();
    Set<String> explained = new HashSet<>();
    for (Problem l : loader) {
      if (!below(l.path(), missing)) {
        kept.add(l);
        explained.add(l.path());
      }
    }
    List<Problem> out = new ArrayList<>();
    for (SchemaCheck.Finding s : schema) {
      String path = s.problem().path();
      String parent = parent(path);
      boolean said =
          explained.contains(path)
              || (s.conditional() && parent != null && explained.contains(parent));
      if (!said) {
        out.add(s.problem());
      }
    }
    out.addAll(kept);
    return out;
  }

  private static boolean below(String path, Set<String> roots) {
    for (String root : roots) {
      if (path.startsWith(root + ".") || path.startsWith(root + "[")) {
        return true;
      }
    }
    return false;
  }

  /** {@code a.b[2].c} -> {@code a.b[2]}; {@code a.b[2]} -> {@code a.b}; a top field -> none. */
  static @Nullable String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? null : path.substring(0, cut);
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

  /** The folder of the file being read, when it is a file; relative references start there. */
  private final java.nio.file.@Nullable Path folder;

  private Reader(java.nio.file.@Nullable Path folder) {
    this.folder = folder;
  }

  /**
   * A reader for a tree that came from no file: relative paths in it start at the working folder.
   */
  public Reader() {
    this(null);
  }

  private static java.nio.file.@Nullable Path folderOf(String name) {
    java.nio.file.Path file = java.nio.file.Path.of(name);
    if (!java.nio.file.Files.isRegularFile(file)) {
      return null;
    }
    java.nio.file.Path parent = file.toAbsolutePath().getParent();
    return parent;
  }

  /**
   * Where a file's reference to another file points: a relative path is read from the folder of the
   * file that holds it, as compose files and includes do, and from the working folder only when
   * nothing is there (the way the first releases read it). Library names and absolute paths are
   * returned as they are.
   */
  public String resolve(String reference) {
    if (folder == null || !Library.isPath(reference)) {
      return reference;
    }
    java.nio.file.Path p = java.nio.file.Path.of(reference);
    if (p.isAbsolute()) {
      return reference;
    }
    java.nio.file.Path beside = folder.resolve(p).normalize();
    return java.nio.file.Files.isRegularFile(beside) || !java.nio.file.Files.isRegularFile(p)
        ? beside.toString()
        : reference;
  }

  /**
   * The file a reference that is always a path names (an FMU, a data file): relative to the folder
   * of the file being read, or to the working folder when the text came from no file.
   *
   * @throws java.nio.file.InvalidPathException when the reference cannot be a path
   */
  public java.nio.file.Path file(String reference) {
    java.nio.file.Path p = java.nio.file.Path.of(reference);
    return folder == null || p.isAbsolute() ? p : folder.resolve(p).normalize();
  }

  public List<Problem> problems() {
    return problems;
  }

  public void problem(String path, String message, String fix) {
    problems.add(new Problem(path, message, fix));
  }

  /** Whether {@code node} is a mapping; the schema has reported it if not. */
  public boolean object(@Nullable JsonNode node) {
    return node != null && node.isObject();
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

  /** A plain value, or {@code fallback} ({@code ""} if none) where the schema has spoken. */
  public String text(JsonNode parent, String path, String field, @Nullable String fallback) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull() || !n.isValueNode()) {
      return fallback == null ? "" : fallback;
    }
    return n.asText();
  }

  /**
   * A finite number, or {@code fallback} (0 if none). Finiteness is the loader's to check: a
   * schema's {@code number} admits {@code 1e999}, and YAML's {@code .nan} may arrive quoted.
   */
  /**
   * The plant a file's top-level {@code plant} names ({@code plantRef} as read: a library name, or
   * a path to a plant file, relative to this file), or null when it names none or one that does not
   * load (a problem then, at {@code plant}). Files keep the loaded plant's id, not the reference.
   */
  public dev.otlab.simulator.plant.@Nullable PlantSpec plant(String plantRef) {
    if (plantRef.isEmpty()) {
      return null;
    }
    String source = resolve(plantRef);
    try {
      return PlantLoader.load(source);
    } catch (ValidationException e) {
      problem(
          "plant",
          "plant '" + plantRef + "' is invalid (" + e.problems().size() + " problems).",
          "Fix the plant file first: ./otlab plant " + source + " --describe.");
      return null;
    } catch (dev.otlab.core.OtlabException e) {
      problem("plant", "'" + plantRef + "': " + e.getMessage(), e.remedy());
      return null;
    }
  }

  public double number(JsonNode parent, String path, String field, @Nullable Double fallback) {
    double otherwise = fallback == null ? 0 : fallback;
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return otherwise;
    }
    if (n.isTextual()) {
      String t = n.asText().trim().toLowerCase(java.util.Locale.ROOT);
      if (t.equals(".nan") || t.equals("nan") || t.endsWith("inf")) {
        problem(
            join(path, field),
            "is " + n.asText() + ", not a finite number.",
            "Give a finite number.");
      }
      return otherwise;
    }
    if (!n.isNumber()) {
      return otherwise;
    }
    double v = n.asDouble();
    if (!Double.isFinite(v)) {
      problem(join(path, field), "is " + v + ", not a finite number.", "Give a finite number.");
      return otherwise;
    }
    return v;
  }

  /** A whole number; the schema states its range, so anything else falls back. */
  public int integer(JsonNode parent, String path, String field, int fallback) {
    double v = number(parent, path, field, (double) fallback);
    return v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE ? (int) v : fallback;
  }

  public boolean bool(JsonNode parent, String field, boolean fallback) {
    JsonNode n = parent.get(field);
    return n != null && n.isBoolean() ? n.asBoolean() : fallback;
  }

  /** The constant spelled by the field; the schema lists the allowed spellings. */
  public <E> E choice(
      JsonNode parent, String field, Map<String, E> allowed, @Nullable String fallback) {
    E e = allowed.get(text(parent, "", field, fallback));
    return e != null ? e : allowed.values().iterator().next();
  }

  /** Iterates a list; anything but a list is the schema's to report. */
  public void list(JsonNode parent, String path, String field, BiConsumer<JsonNode, String> each) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isArray()) {
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
