package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A library file kind's JSON Schema as the first check of its loader. The schema decides what a
 * file may contain (fields, types, ranges, allowed values); this class turns each schema error into
 * a {@link Problem} with the loaders' path style and a sentence telling the user what to do, so the
 * schema published for editors and the loader cannot drift apart.
 */
public final class SchemaCheck {

  private static final Map<String, SchemaCheck> LOADED = new ConcurrentHashMap<>();
  private static final String ID_PATTERN = "^[a-z][a-z0-9_-]*$";

  private final JsonNode root;
  private final Schema schema;

  private SchemaCheck(JsonNode root) {
    this.root = root;
    this.schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root);
  }

  /** The schema of {@code kind} ({@code plant}, {@code architecture}, ...), read once. */
  public static SchemaCheck of(String kind) {
    return LOADED.computeIfAbsent(kind, SchemaCheck::load);
  }

  /**
   * A schema composed at run time (the detection profile's, from the registered detector kinds);
   * the caller keeps it, as reading it again costs a parse.
   */
  public static SchemaCheck of(JsonNode schema) {
    return new SchemaCheck(schema);
  }

  private static SchemaCheck load(String kind) {
    String resource = "/library/schemas/" + kind + ".schema.json";
    try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new OtlabException(
            "SCHEMA_MISSING",
            "The JSON Schema " + resource + " is not on the class path.",
            "Rebuild otlab-library; its schemas/ directory is packaged under library/.");
      }
      return new SchemaCheck(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new OtlabException(
          "SCHEMA_MISSING",
          "The JSON Schema " + resource + " cannot be read: " + e.getMessage(),
          "Rebuild otlab-library.");
    }
  }

  /** Every way {@code file} breaks the schema, one problem per error. */
  public List<Problem> check(JsonNode file) {
    return findings(file).stream().map(Finding::problem).toList();
  }

  /**
   * A schema problem and whether it comes from an {@code if/then/else} or a {@code not}: such a
   * rule looks at the object around the field (a filter and the rule's protocol, a controller and
   * the host's role, the form a range is written in), so a loader problem about that object says
   * the same in the words of the domain and takes its place.
   */
  record Finding(Problem problem, boolean conditional) {}

  List<Finding> findings(JsonNode file) {
    Set<Finding> out = new LinkedHashSet<>();
    for (Error e : schema.validate(file)) {
      NodePath via = e.getEvaluationPath();
      boolean conditional = false;
      for (int i = 0; via != null && i < via.getNameCount(); i++) {
        String name = String.valueOf(via.getElement(i));
        conditional |= name.equals("then") || name.equals("else") || name.equals("not");
      }
      out.add(new Finding(problem(e), conditional || "not".equals(e.getKeyword())));
    }
    return new ArrayList<>(out);
  }

  private Problem problem(Error e) {
    String path = path(e.getInstanceLocation());
    NodePath fragment = e.getSchemaLocation().getFragment();
    int n = fragment == null ? 0 : fragment.getNameCount();
    // A missing alternative of "one of at, after, when" is one problem at the object, not three.
    if ("required".equals(e.getKeyword())
        && n >= 3
        && List.of("oneOf", "anyOf").contains(String.valueOf(fragment.getElement(n - 3)))
        && resolve(fragment, 1).size() == 1) {
      String keyword = String.valueOf(fragment.getElement(n - 3));
      return alternatives(path, resolve(fragment, 3).path(keyword), keyword);
    }
    JsonNode value = e.getInstanceNode();
    JsonNode where = resolve(fragment, 1);
    String keyword = String.valueOf(e.getKeyword());
    String property = property(e);
    switch (keyword) {
      case "required":
        return new Problem(Reader.join(path, property), "is missing.", "Add " + property + ".");
      case "additionalProperties":
      case "unevaluatedProperties":
        {
          String field = Reader.join(path, property);
          Set<String> known = new TreeSet<>();
          where.path("properties").fieldNames().forEachRemaining(known::add);
          return new Problem(
              field,
              "is not a known field.",
              known.isEmpty()
                  ? "Remove it."
                  : "Remove it or fix its spelling; use one of " + known + ".");
        }
      case "enum":
      case "const":
        {
          List<String> allowed = new ArrayList<>();
          JsonNode options = keyword.equals("enum") ? where.path("enum") : where.path("const");
          if (options.isArray()) {
            options.forEach(o -> allowed.add(o.asText()));
          } else {
            allowed.add(options.asText());
          }
          return new Problem(
              path,
              shown(value) + " is not allowed.",
              allowed.size() == 1
                  ? "Use " + allowed.get(0) + " here."
                  : "Use one of " + (allNumbers(options) ? allowed : new TreeSet<>(allowed)) + ".");
        }
      case "type":
        return type(path, value, where);
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        return range(path, value, where, keyword);
      case "pattern":
        {
          String pattern = where.path("pattern").asText();
          if (pattern.equals(ID_PATTERN)) {
            return new Problem(
                path,
                shown(value) + " is not a valid id.",
                "Use lower-case letters, digits, '-' and '_', starting with a letter.");
          }
          return new Problem(
              path,
              shown(value) + " does not have the expected form.",
              describe(where, "Write it to match " + pattern + "."));
        }
      case "minLength":
        return new Problem(path, "is empty.", "Write a value.");
      case "minItems":
        return value.size() == 0
            ? new Problem(path, "is empty.", "Give at least " + count(where, "minItems") + ".")
            : new Problem(
                path,
                "has " + count(value.size()) + ", too few.",
                "Give at least " + count(where, "minItems") + ".");
      case "maxItems":
        return new Problem(
            path,
            "has " + count(value.size()) + ", too many.",
            "Give at most " + count(where, "maxItems") + ".");
      case "uniqueItems":
        return new Problem(path, "lists an item twice.", "List each item once.");
      case "propertyNames":
        return new Problem(
            path,
            "has a name that is not a valid id.",
            "Use lower-case letters, digits, '-' and '_', starting with a letter.");
      case "oneOf":
      case "anyOf":
        return alternatives(path, where.path(keyword), keyword);
      case "not":
        {
          JsonNode forbidden = where.path("not").path("required");
          if (forbidden.isArray() && forbidden.size() == 1) {
            return new Problem(
                Reader.join(path, forbidden.get(0).asText()), "is not allowed here.", "Remove it.");
          }
          return new Problem(path, "is not allowed here.", describe(where, "Remove it."));
        }
      default:
        return new Problem(path, e.getMessage() + ".", describe(where, "Fix the value."));
    }
  }

  /** A oneOf/anyOf of {@code required} alternatives names the fields; others their forms. */
  private static Problem alternatives(String path, JsonNode options, String keyword) {
    List<String> fields = new ArrayList<>();
    for (JsonNode o : options) {
      JsonNode req = o.path("required");
      if (req.size() == 1 && o.size() == 1) {
        fields.add(req.get(0).asText());
      }
    }
    if (fields.size() == options.size()) {
      return keyword.equals("oneOf")
          ? new Problem(path, "needs exactly one of " + fields + ".", "Give one of them.")
          : new Problem(path, "needs at least one of " + fields + ".", "Add one of them.");
    }
    return new Problem(path, "matches none of its allowed forms.", "Fix the value.");
  }

  private Problem type(String path, JsonNode value, JsonNode where) {
    JsonNode t = where.path("type");
    List<String> types = new ArrayList<>();
    if (t.isArray()) {
      t.forEach(x -> types.add(x.asText()));
    } else {
      types.add(t.asText());
    }
    if (types.equals(List.of("integer")) && value.isNumber()) {
      return range(path, value, where, "type");
    }
    List<String> words = types.stream().map(SchemaCheck::typeWord).toList();
    String expected = String.join(" or ", words);
    String fix =
        switch (types.get(0)) {
          case "object" -> "Write it as a mapping (key: value).";
          case "array" -> "Write it as a list (- item).";
          case "number", "integer" -> "Give a number.";
          case "boolean" -> "Write true or false.";
          default -> "Write a plain value.";
        };
    return new Problem(path, "must be " + expected + ", not " + Reader.kind(value) + ".", fix);
  }

  /** Ranges in the loaders' words: whole numbers name both bounds, others the one broken. */
  private static Problem range(String path, JsonNode value, JsonNode where, String keyword) {
    boolean whole = where.path("type").asText().equals("integer");
    JsonNode min = where.get("minimum");
    JsonNode max = where.get("maximum");
    if (whole && min != null && max != null) {
      return new Problem(
          path,
          value.asDouble() + " is not a whole number from " + num(min) + " to " + num(max) + ".",
          "Give a whole number in range.");
    }
    if (keyword.equals("type")) {
      return new Problem(
          path, value.asDouble() + " is not a whole number.", "Give a whole number.");
    }
    String bound = num(where.path(keyword));
    String what =
        switch (keyword) {
          case "minimum" -> "at least " + bound;
          case "maximum" -> "at most " + bound;
          case "exclusiveMinimum" -> "more than " + bound;
          default -> "less than " + bound;
        };
    return new Problem(
        path,
        num(value) + " is out of range; it must be " + what + ".",
        "Give a number " + what + ".");
  }

  private static String num(JsonNode n) {
    double d = n.asDouble();
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static boolean allNumbers(JsonNode options) {
    if (!options.isArray()) {
      return false;
    }
    for (JsonNode o : options) {
      if (!o.isNumber()) {
        return false;
      }
    }
    return true;
  }

  private static String typeWord(String type) {
    return switch (type) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      default -> "text";
    };
  }

  private static String count(JsonNode where, String keyword) {
    return count(where.path(keyword).asInt());
  }

  private static String count(int n) {
    return n + (n == 1 ? " item" : " items");
  }

  private static String shown(@Nullable JsonNode value) {
    if (value == null) {
      return "the value";
    }
    return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
  }

  private static String describe(JsonNode where, String otherwise) {
    JsonNode d = where.get("description");
    if (d == null || !d.isTextual()) {
      return otherwise;
    }
    String text = d.asText().trim();
    return "Expected: " + (text.endsWith(".") ? text : text + ".");
  }

  private static String property(Error e) {
    if (e.getProperty() != null) {
      return e.getProperty();
    }
    Object[] args = e.getArguments();
    return args != null && args.length > 0 ? String.valueOf(args[0]) : "";
  }

  /** The schema object {@code up} names above the fragment's end (1: the failed keyword's). */
  private JsonNode resolve(@Nullable NodePath fragment, int up) {
    JsonNode n = root;
    if (fragment == null) {
      return n;
    }
    for (int i = 0; i < fragment.getNameCount() - up; i++) {
      Object el = fragment.getElement(i);
      n = el instanceof Integer idx ? n.path(idx) : n.path(String.valueOf(el));
    }
    return n;
  }

  /** {@code controllers[0].points[2].table}, as the loaders write paths. */
  static String path(@Nullable NodePath at) {
    StringBuilder b = new StringBuilder();
    if (at == null) {
      return "";
    }
    for (int i = 0; i < at.getNameCount(); i++) {
      Object el = at.getElement(i);
      if (el instanceof Integer idx) {
        b.append('[').append(idx).append(']');
      } else {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(el);
      }
    }
    return b.toString();
  }
}
