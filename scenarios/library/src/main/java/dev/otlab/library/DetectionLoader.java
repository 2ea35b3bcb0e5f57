package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.detection.DetectorKind;
import dev.otlab.detection.DetectorKinds;
import dev.otlab.detection.SectionReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Loads and validates a detection profile ({@code scenarios/library/detection/NAME.yaml} or a
 * file). The profile's schema is composed from the registered detector kinds ({@link
 * DetectorKinds}): the file is checked against it, then the loader reads the shared fields and each
 * kind reads the sections it owns. Every problem is collected with its path and a fix, and a file
 * with any problem is refused whole.
 */
public final class DetectionLoader {

  public static final String CODE = "DETECTION_INVALID";

  /** The composed schema of each registry, made once. */
  private static final Map<DetectorKinds, SchemaCheck> SCHEMAS = new ConcurrentHashMap<>();

  private DetectionLoader() {}

  /**
   * The balances the library's plant files declare, made known to profiles once before the first
   * profile is read (plants loaded by path declare theirs as they load), so that {@code
   * process.residualSigma} may tune them and a misspelt key is still refused.
   */
  private static final class LibraryBalances {
    static {
      for (String plant : Library.names("plants")) {
        try {
          PlantLoader.load(plant);
        } catch (RuntimeException e) {
          // A broken library plant fails its own loader test; a profile still loads.
        }
      }
    }

    static void declared() {
      // Running the static initialiser once is the point.
    }
  }

  /** Loads a library profile by name, or a file by path. */
  public static DetectionProfile load(String nameOrPath) {
    Library.Source s = Library.read("detection", nameOrPath);
    return parse(s.name(), s.text());
  }

  /** Parses and validates profile text; {@code name} is used in messages. */
  public static DetectionProfile parse(String name, String yaml) {
    return parse(name, yaml, DetectorKinds.installed());
  }

  /** Parses and validates profile text against the sections of {@code kinds}. */
  public static DetectionProfile parse(String name, String yaml, DetectorKinds kinds) {
    LibraryBalances.declared();
    SchemaCheck schema = SCHEMAS.computeIfAbsent(kinds, k -> SchemaCheck.of(k.schema()));
    return Reader.validate(CODE, schema, name, yaml, (root, r) -> read(root, r, kinds));
  }

  private static @Nullable DetectionProfile read(JsonNode root, Reader r, DetectorKinds kinds) {
    if (!r.object(root)) {
      return null;
    }
    String id = r.text(root, "", "id", null);
    String description = r.text(root, "", "description", "");
    double cooldown = Durations.secondsOrZero(r.text(root, "", "cooldown", "60s"), "cooldown", r);
    int maxEvidence = r.integer(root, "", "maxEvidence", 10);
    SectionReader sections = new Sections(r);
    Map<String, Object> settings = new LinkedHashMap<>();
    for (DetectorKind<?> kind : kinds.kinds()) {
      if (kind.sections().stream().anyMatch(root::hasNonNull)) {
        Object s = kind.read(root, sections);
        if (s != null) {
          settings.put(kind.name(), s);
        }
      }
    }
    if (!r.problems().isEmpty()) {
      return null;
    }
    return sections.build(
        "", () -> new DetectionProfile(id, description, cooldown, maxEvidence, settings));
  }

  /** The library's reader as the detector kinds read their sections. */
  private record Sections(Reader r) implements SectionReader {

    @Override
    public void problem(String path, String message, String fix) {
      r.problem(path, message, fix);
    }

    @Override
    public boolean hasProblems() {
      return !r.problems().isEmpty();
    }

    @Override
    public String text(JsonNode parent, String path, String field, @Nullable String fallback) {
      return r.text(parent, path, field, fallback);
    }

    @Override
    public double number(JsonNode parent, String path, String field, @Nullable Double fallback) {
      return r.number(parent, path, field, fallback);
    }

    @Override
    public int integer(JsonNode parent, String path, String field, int fallback) {
      return r.integer(parent, path, field, fallback);
    }

    @Override
    public boolean bool(JsonNode parent, String field, boolean fallback) {
      return r.bool(parent, field, fallback);
    }

    @Override
    public <E> E choice(
        JsonNode parent, String field, Map<String, E> allowed, @Nullable String fallback) {
      return r.choice(parent, field, allowed, fallback);
    }

    @Override
    public void list(
        JsonNode parent, String path, String field, BiConsumer<JsonNode, String> each) {
      r.list(parent, path, field, each);
    }

    @Override
    public Map<String, Double> numbers(JsonNode parent, String path, String field) {
      return r.numbers(parent, path, field);
    }

    @Override
    public double seconds(String text, String path) {
      return Durations.secondsOrZero(text, path, r);
    }
  }
}
