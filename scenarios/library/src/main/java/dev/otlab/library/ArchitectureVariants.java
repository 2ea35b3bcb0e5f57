package dev.otlab.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Derives the design an {@link ArchitectureVariant} describes: its base's YAML data with the
 * changes applied in order, the variant's id (and title, description) set, read by {@link
 * ArchitectureLoader} like any architecture file, so a derived design is checked as a file is and a
 * sweep's variant plays the same in every JVM that derives it.
 */
public final class ArchitectureVariants {

  /** The code of a variant that does not derive: the base's, as a design that fails to load. */
  static final String CODE = "ARCHITECTURE_INVALID";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A problem path as the loaders write it: {@code conduits[3].rules[0].from}. */
  private static final Pattern LOADER_PATH =
      Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+|\\[\\d+])*");

  private static final Pattern TOKEN = Pattern.compile("([A-Za-z0-9_-]+)|\\[(\\d+)]");

  private static final String PATH_FIX =
      "Name a field by its name and a list element by its id (in a list of plain values, by the"
          + " value), from the top of the design: accounts.eng-admin.mfa,"
          + " conduits.ops-control.rules.hist-ua, sensors.taps.ops-control.";

  private ArchitectureVariants() {}

  /**
   * The derived design.
   *
   * @throws ValidationException ({@code ARCHITECTURE_INVALID}) when the base does not load, a
   *     change names nothing, or the derived design is invalid: every problem at its path in the
   *     variant ({@code base}, {@code changes[1]}, {@code changes[1].remove}), derived-design
   *     problems with the path in the design by ids
   */
  public static ArchitectureSpec derive(ArchitectureVariant v) {
    String name = "variant " + v.id() + " of " + v.base();
    Library.Source src;
    ArchitectureSpec base;
    try {
      src = Library.read("architectures", v.base());
      base = ArchitectureLoader.parse(src.name(), src.text());
    } catch (ValidationException e) {
      List<Problem> problems = new ArrayList<>();
      for (Problem p : e.problems()) {
        problems.add(
            new Problem(
                "base",
                "'" + v.base() + "' is invalid at " + p.path() + ": " + p.message(),
                p.fix()));
      }
      throw new ValidationException(CODE, name, problems);
    } catch (OtlabException e) {
      throw new ValidationException(
          CODE, name, List.of(new Problem("base", e.getMessage(), e.remedy())));
    }
    ObjectNode tree;
    try {
      tree = (ObjectNode) Reader.yaml().readTree(src.text());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a design that loaded parses", e);
    }
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < v.changes().size(); i++) {
      ArchitectureVariant.Change c = v.changes().get(i);
      String miss = apply(tree, c);
      if (miss != null) {
        problems.add(new Problem("changes[" + i + "]." + op(c), miss, PATH_FIX));
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(CODE, name, problems);
    }
    tree.put("id", v.id());
    if (v.title() != null) {
      tree.put("title", v.title());
    } else if (base.title().equals(tree.path("title").asText(base.id()))) {
      tree.put("title", base.title() + " (variant " + v.id() + ")");
    }
    if (v.description() != null) {
      tree.put("description", v.description());
    } else if (base.description().equals(tree.path("description").asText(""))) {
      tree.put("description", "Variant of " + v.summary() + ".");
    }
    String yaml;
    try {
      yaml = Reader.yaml().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
    try {
      // Read under the base's name, so a plant path in it resolves as it does for the base.
      return ArchitectureLoader.parse(src.name(), yaml);
    } catch (ValidationException e) {
      for (Problem p : e.problems()) {
        String at = idPath(tree, p.path());
        problems.add(
            new Problem(
                changeAt(v, at),
                "makes the design invalid" + (at.isEmpty() ? "" : " at " + at) + ": " + p.message(),
                p.fix()));
      }
      throw new ValidationException(CODE, name, problems);
    }
  }

  /** The change a derived-design problem is under, or {@code changes} when none is. */
  private static String changeAt(ArchitectureVariant v, String at) {
    for (int i = v.changes().size() - 1; i >= 0; i--) {
      String p = v.changes().get(i).path();
      if (at.equals(p) || at.startsWith(p + ".")) {
        return "changes[" + i + "]";
      }
    }
    return "changes";
  }

  private static String op(ArchitectureVariant.Change c) {
    if (c instanceof ArchitectureVariant.Change.Set) {
      return "set";
    }
    return c instanceof ArchitectureVariant.Change.Remove ? "remove" : "add";
  }

  /** Applies one change to {@code root}; what it names nothing as, or null when applied. */
  static @Nullable String apply(ObjectNode root, ArchitectureVariant.Change c) {
    List<String> segs = c.segments();
    if (segs.equals(List.of("id"))) {
      return "is the design's id, which is the variant's id.";
    }
    String last = segs.get(segs.size() - 1);
    Walk parent = walk(root, segs.subList(0, segs.size() - 1));
    if (parent.miss != null) {
      return parent.miss;
    }
    JsonNode at = parent.node;
    if (c instanceof ArchitectureVariant.Change.Set s) {
      JsonNode value = tree(s.value());
      if (at instanceof ObjectNode o) {
        o.set(last, value);
        return null;
      }
      int i = index(at, last);
      if (i < 0) {
        return nothing(at, parent.where, last);
      }
      ((ArrayNode) at).set(i, value);
      return null;
    }
    if (c instanceof ArchitectureVariant.Change.Remove) {
      if (at instanceof ObjectNode o && o.has(last)) {
        o.remove(last);
        return null;
      }
      int i = index(at, last);
      if (i < 0) {
        return nothing(at, parent.where, last);
      }
      ((ArrayNode) at).remove(i);
      return null;
    }
    ArchitectureVariant.Change.Add a = (ArchitectureVariant.Change.Add) c;
    Walk list = walk(root, segs);
    if (list.miss != null) {
      return list.miss;
    }
    if (!(list.node instanceof ArrayNode arr)) {
      return "names " + c.path() + ", which is " + Reader.kind(list.node) + ", not a list.";
    }
    JsonNode value = tree(a.value());
    if (a.before() == null) {
      arr.add(value);
      return null;
    }
    int i = index(arr, a.before());
    if (i < 0) {
      return "names nothing to add before: " + nothingIn(arr, c.path(), a.before());
    }
    arr.insert(i, value);
    return null;
  }

  /** Where a walk ended: the node and its path by ids, or why it could not go on. */
  private record Walk(JsonNode node, String where, @Nullable String miss) {}

  private static Walk walk(JsonNode root, List<String> segs) {
    JsonNode n = root;
    String where = "";
    for (String seg : segs) {
      JsonNode next = null;
      if (n.isObject()) {
        next = n.get(seg);
      } else if (n.isArray()) {
        int i = index(n, seg);
        next = i < 0 ? null : n.get(i);
      }
      if (next == null) {
        return new Walk(n, where, nothing(n, where, seg));
      }
      n = next;
      where = where.isEmpty() ? seg : where + "." + seg;
    }
    return new Walk(n, where, null);
  }

  /** The element of a list an id (or a plain value) names, or -1. */
  private static int index(JsonNode list, String seg) {
    if (!list.isArray()) {
      return -1;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      if (e.isObject() && e.path("id").isTextual() && e.get("id").asText().equals(seg)) {
        return i;
      }
      if (e.isValueNode() && e.asText().equals(seg)) {
        return i;
      }
    }
    return -1;
  }

  private static String nothing(JsonNode n, String where, String seg) {
    return "names nothing: " + nothingIn(n, where, seg);
  }

  private static String nothingIn(JsonNode n, String where, String seg) {
    String at = where.isEmpty() ? "the design" : where;
    if (n.isObject()) {
      List<String> fields = new ArrayList<>();
      n.fieldNames().forEachRemaining(fields::add);
      return at + " has no field " + seg + " (it has " + String.join(", ", fields) + ").";
    }
    if (n.isArray()) {
      List<String> names = new ArrayList<>();
      for (JsonNode e : n) {
        if (e.isObject() && e.path("id").isTextual()) {
          names.add(e.get("id").asText());
        } else if (e.isValueNode()) {
          names.add(e.asText());
        }
      }
      return at
          + " has no element "
          + seg
          + (names.isEmpty()
              ? " (its elements have no ids: set the whole list)."
              : " (it has " + String.join(", ", names) + ").");
    }
    return at + " is " + Reader.kind(n) + " (" + n.asText() + "), with no " + seg + " in it.";
  }

  /**
   * A loader's problem path ({@code conduits[3].rules[0].from}) in the terms of a change ({@code
   * conduits.ops-control.rules.hist-read.from}); a path it cannot follow is returned as it is.
   */
  static String idPath(JsonNode root, String path) {
    if (!LOADER_PATH.matcher(path).matches()) {
      return path;
    }
    StringBuilder out = new StringBuilder();
    JsonNode n = root;
    Matcher m = TOKEN.matcher(path);
    while (m.find()) {
      String seg;
      if (m.group(1) != null) {
        seg = m.group(1);
        n = n == null ? null : n.get(seg);
      } else {
        int i = Integer.parseInt(m.group(2));
        JsonNode e = n == null ? null : n.get(i);
        if (e != null && e.isObject() && e.path("id").isTextual()) {
          seg = e.get("id").asText();
        } else if (e != null && e.isValueNode()) {
          seg = e.asText();
        } else {
          out.append('[').append(i).append(']');
          n = e;
          continue;
        }
        n = e;
      }
      out.append(out.isEmpty() ? "" : ".").append(seg);
    }
    return out.toString();
  }

  /** The longest value a change's summary shows as it is. */
  private static final int BRIEF = 40;

  /**
   * A value in a line: as it is when short, else a list by its size, a mapping by its id, text cut
   * short.
   */
  static String brief(String json) {
    if (json.length() <= BRIEF) {
      return json;
    }
    JsonNode n = tree(json);
    if (n.isArray()) {
      return "a list of " + n.size() + (n.size() == 1 ? " element" : " elements");
    }
    if (n.isObject() && n.path("id").isTextual()) {
      return "{id: " + n.get("id").asText() + ", ...}";
    }
    return json.substring(0, BRIEF - 3) + "...";
  }

  /** A change's value (JSON text) as a tree. */
  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }

  /** A value's JSON text, compact, so a value has one spelling. */
  static String text(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }
}
