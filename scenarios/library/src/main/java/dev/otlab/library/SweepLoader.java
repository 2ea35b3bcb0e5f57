package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads sweep files ({@code scenarios/library/sweeps/NAME.yaml} or a path). Every architecture,
 * suite, detection profile and playbook a sweep names is loaded too, every suite must have
 * scenarios for every architecture's plant and every playbook must fit it, so a sweep that loads
 * can play: every problem is reported with its path in the file and a fix, all at once.
 */
public final class SweepLoader {

  /** The detection profile a sweep plays with unless it says otherwise. */
  public static final String DEFAULT_DETECTION = "full";

  private SweepLoader() {}

  /** Loads a library sweep by name, or a sweep file by path. */
  public static SweepSpec load(String nameOrPath) {
    Library.Source src = Library.read("sweeps", nameOrPath);
    return parse(src.name(), src.text());
  }

  /** Parses and checks a sweep; {@code name} says where it came from in problems. */
  public static SweepSpec parse(String name, String yaml) {
    return Reader.validate("SWEEP_INVALID", "sweep", name, yaml, SweepLoader::read);
  }

  private static @Nullable SweepSpec read(JsonNode root, Reader r) {
    if (!r.object(root)) {
      return null;
    }
    String id = r.text(root, "", "id", null);
    Map<String, ArchitectureSpec> architectures = new LinkedHashMap<>();
    r.list(
        root,
        "",
        "architectures",
        (n, path) -> load(r, n, path, ArchitectureLoader::load, architectures));
    if (root.get("architectures") == null && root.get("variants") == null) {
      r.problem(
          "architectures",
          "is missing.",
          "List the architectures to play (library names or paths), variants of them, or both.");
    }
    List<ArchitectureVariant> variants = new ArrayList<>();
    r.list(root, "", "variants", (n, path) -> variant(r, n, path, architectures, variants));
    Map<String, SuiteSpec> suites = new LinkedHashMap<>();
    r.list(
        root,
        "",
        "suites",
        (n, path) -> {
          SuiteSpec suite = load(r, n, path, SuiteLoader::load, suites);
          if (suite == null) {
            return;
          }
          for (ArchitectureSpec a : architectures.values()) {
            if (suite.forPlant(a.plant()).isEmpty()) {
              r.problem(
                  path,
                  "Suite '"
                      + suite.id()
                      + "' has no scenario for plant "
                      + a.plant()
                      + " of "
                      + a.id()
                      + ".",
                  "List suites with scenarios of every architecture's plant, or sweep the"
                      + " architectures of each plant in a sweep of their own.");
            }
          }
        });
    JsonNode seeds = root.path("seeds");
    long first = seeds.path("first").isIntegralNumber() ? seeds.path("first").asLong() : 1;
    int count = seeds.isObject() ? r.integer(seeds, "seeds", "count", 1) : 1;
    List<String> detection = new ArrayList<>();
    if (root.get("detection") == null) {
      detection.add(DEFAULT_DETECTION);
    }
    r.list(
        root,
        "",
        "detection",
        (n, path) -> {
          if (!n.isTextual() || n.asText().isBlank()) {
            return;
          }
          if (n.asText().equals(SweepSpec.NO_DETECTION)) {
            detection.add(SweepSpec.NO_DETECTION);
            return;
          }
          if (load(r, n, path, DetectionLoader::load, new LinkedHashMap<>()) != null) {
            detection.add(r.resolve(n.asText()));
          }
        });
    List<List<String>> defences = new ArrayList<>();
    if (root.get("defences") == null) {
      defences.add(List.of());
    }
    r.list(
        root,
        "",
        "defences",
        (set, setPath) -> {
          List<String> refs = new ArrayList<>();
          if (!set.isArray()) {
            return;
          }
          for (int i = 0; i < set.size(); i++) {
            JsonNode n = set.get(i);
            String path = setPath + "[" + i + "]";
            PlaybookSpec playbook = load(r, n, path, PlaybookLoader::load, new LinkedHashMap<>());
            if (playbook == null) {
              continue;
            }
            refs.add(r.resolve(n.asText()));
            if (detection.contains(SweepSpec.NO_DETECTION)
                && playbook.rules().stream()
                    .anyMatch(x -> x.when() instanceof PlaybookSpec.Trigger.OnAlert)) {
              r.problem(
                  path,
                  "Playbook '"
                      + playbook.id()
                      + "' has rules that fire on alerts, and detection"
                      + " none raises none.",
                  "Drop none from detection, or defend with playbooks whose rules fire on the"
                      + " plant's values only.");
            }
            for (ArchitectureSpec a : architectures.values()) {
              if (!playbook.plant().equals(a.plant())) {
                r.problem(
                    path,
                    "Playbook '"
                        + playbook.id()
                        + "' is for plant "
                        + playbook.plant()
                        + ", not "
                        + a.plant()
                        + " of "
                        + a.id()
                        + ".",
                    "Defend with playbooks of the architectures' plant (their plant: field).");
              }
            }
          }
          defences.add(refs);
        });
    if (!r.problems().isEmpty() || id == null) {
      return null;
    }
    return new SweepSpec(
        id,
        r.text(root, "", "title", id),
        List.copyOf(architectures.keySet()),
        List.copyOf(suites.keySet()),
        first,
        count,
        detection,
        defences,
        variants);
  }

  /**
   * Reads one variant, checks its id against the sweep's other architectures and derives its
   * design, whose problems become problems of this file under {@code path}; a variant that derives
   * joins {@code architectures} under its id.
   */
  private static void variant(
      Reader r,
      JsonNode n,
      String path,
      Map<String, ArchitectureSpec> architectures,
      List<ArchitectureVariant> variants) {
    if (!r.object(n)) {
      return;
    }
    String id = r.text(n, path, "id", "");
    String base = r.text(n, path, "base", "");
    List<ArchitectureVariant.Change> changes = new ArrayList<>();
    boolean complete = true;
    JsonNode list = n.get("changes");
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        ArchitectureVariant.Change c = change(r, list.get(i), path + ".changes[" + i + "]");
        if (c == null) {
          complete = false;
        } else {
          changes.add(c);
        }
      }
    }
    if (!ArchitectureVariant.ID.matcher(id).matches() || base.isBlank() || !complete) {
      return; // the schema has said what is missing or malformed
    }
    if (variants.stream().anyMatch(v -> v.id().equals(id))) {
      r.problem(
          path + ".id",
          "is also the id of another variant.",
          "Give every variant an id of its own: it is its design's id in keys and tables.");
      return;
    }
    for (Map.Entry<String, ArchitectureSpec> a : architectures.entrySet()) {
      if (id.equals(a.getValue().id()) || id.equals(stem(a.getKey()))) {
        r.problem(
            path + ".id",
            "is also the name of "
                + (id.equals(a.getKey()) ? "architecture " : "the architecture in ")
                + a.getKey()
                + ": the configurations' keys would clash.",
            "Give the variant an id of its own, e.g. " + id + "-variant.");
        return;
      }
    }
    if (Library.names("architectures").contains(id)) {
      r.problem(
          path + ".id",
          "is the name of a library architecture; a variant is a design of its own.",
          "Give the variant an id no library architecture has, e.g. " + id + "-variant.");
      return;
    }
    ArchitectureVariant v =
        new ArchitectureVariant(
            id,
            r.resolve(base),
            n.path("title").isTextual() ? n.get("title").asText() : null,
            n.path("description").isTextual() ? n.get("description").asText() : null,
            changes);
    try {
      architectures.put(id, ArchitectureVariants.derive(v));
      variants.add(v);
    } catch (ValidationException e) {
      e.problems()
          .forEach(
              p ->
                  r.problem(
                      p.path().isEmpty() ? path : path + "." + p.path(), p.message(), p.fix()));
    }
  }

  /** One change ({@code set}, {@code remove} or {@code add}), or null when it is malformed. */
  private static ArchitectureVariant.@Nullable Change change(Reader r, JsonNode n, String path) {
    if (!n.isObject()) {
      return null;
    }
    List<String> ops = new ArrayList<>();
    for (String op : List.of("set", "remove", "add")) {
      if (n.has(op)) {
        ops.add(op);
      }
    }
    if (ops.size() != 1) {
      r.problem(
          path,
          ops.isEmpty() ? "changes nothing." : "is " + String.join(" and ", ops) + " at once.",
          "Write one change per entry: {set: PATH, value: V}, {remove: PATH} or {add: PATH,"
              + " value: V, before: ID}.");
      return null;
    }
    String op = ops.get(0);
    JsonNode where = n.get(op);
    JsonNode value = n.get("value");
    if ((op.equals("remove") && value != null) || (!op.equals("add") && n.has("before"))) {
      r.problem(
          path + (value != null && op.equals("remove") ? ".value" : ".before"),
          "has no meaning in a " + op + ".",
          "Give value with set and add only, and before with add only.");
      return null;
    }
    if (!where.isTextual() || (!op.equals("remove") && value == null)) {
      return null; // the schema has said so
    }
    try {
      return switch (op) {
        case "set" ->
            new ArchitectureVariant.Change.Set(where.asText(), ArchitectureVariants.text(value));
        case "remove" -> new ArchitectureVariant.Change.Remove(where.asText());
        default ->
            new ArchitectureVariant.Change.Add(
                where.asText(),
                ArchitectureVariants.text(value),
                n.path("before").isValueNode() ? n.get("before").asText() : null);
      };
    } catch (IllegalArgumentException e) {
      r.problem(
          path + "." + op,
          "is '" + where.asText() + "', not a path of field names and ids joined by dots.",
          "Write the path as field names and ids joined by dots, e.g. accounts.eng-admin.mfa.");
      return null;
    }
  }

  /** A reference's file name without extension ({@code a/b/my-arch.yaml}: {@code my-arch}). */
  private static String stem(String reference) {
    String s = reference.replace('\\', '/');
    s = s.substring(s.lastIndexOf('/') + 1);
    return s.replaceAll("\\.ya?ml$", "");
  }

  /**
   * Loads one reference into {@code into} (keyed by the reference resolved against the sweep's
   * folder), turning its problems into problems of this file at {@code path}.
   */
  private static <T> @Nullable T load(
      Reader r, JsonNode n, String path, Function<String, T> loader, Map<String, T> into) {
    if (!n.isTextual() || n.asText().isBlank()) {
      return null;
    }
    String ref = r.resolve(n.asText());
    try {
      T spec = loader.apply(ref);
      into.put(ref, spec);
      return spec;
    } catch (ValidationException e) {
      e.problems()
          .forEach(
              p ->
                  r.problem(
                      path + " (" + n.asText() + ": " + p.path() + ")", p.message(), p.fix()));
    } catch (OtlabException e) {
      r.problem(path, e.getMessage(), e.remedy());
    }
    return null;
  }
}
