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
        defences);
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
