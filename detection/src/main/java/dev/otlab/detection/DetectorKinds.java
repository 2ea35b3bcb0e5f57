package dev.otlab.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * The detector kinds on the class path, in the order they run, and the detection profile schema
 * they compose: the base schema ({@code id}, {@code description}, {@code cooldown}, {@code
 * maxEvidence} and the shared definitions) with each kind's fragment added, so a new detector's
 * section is validated like every other without an edit of a shared file.
 */
public final class DetectorKinds {

  /** The base of the profile schema, beside the kinds' fragments. */
  public static final String BASE_SCHEMA = "/detection/profile.schema.json";

  private static final String CODE = "DETECTOR_KIND_INVALID";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static @Nullable DetectorKinds installed;

  private final List<DetectorKind<?>> kinds;
  private final Map<String, DetectorKind<?>> bySection = new LinkedHashMap<>();
  private final Map<String, DetectorKind<?>> byName = new LinkedHashMap<>();
  private @Nullable ObjectNode schema;

  /**
   * @throws OtlabException {@code DETECTOR_KIND_INVALID} when two kinds share a name or a section
   */
  public DetectorKinds(List<? extends DetectorKind<?>> kinds) {
    List<DetectorKind<?>> sorted = new ArrayList<>(kinds);
    sorted.sort(
        Comparator.<DetectorKind<?>>comparingInt(DetectorKind::order)
            .thenComparing(DetectorKind::name));
    this.kinds = List.copyOf(sorted);
    for (DetectorKind<?> k : this.kinds) {
      DetectorKind<?> before = byName.putIfAbsent(k.name(), k);
      if (before != null) {
        throw twice("name '" + k.name() + "'", before, k);
      }
      for (String section : k.sections()) {
        before = bySection.putIfAbsent(section, k);
        if (before != null) {
          throw twice("profile section '" + section + "'", before, k);
        }
      }
    }
  }

  /** The kinds registered in {@code META-INF/services/dev.otlab.detection.DetectorKind}. */
  public static synchronized DetectorKinds installed() {
    if (installed == null) {
      List<DetectorKind<?>> found = new ArrayList<>();
      for (DetectorKind<?> k :
          ServiceLoader.load(DetectorKind.class, DetectorKind.class.getClassLoader())) {
        found.add(k);
      }
      installed = new DetectorKinds(found);
    }
    return installed;
  }

  /** The kinds in the order they see events. */
  public List<DetectorKind<?>> kinds() {
    return kinds;
  }

  /** The kind of that name. */
  public Optional<DetectorKind<?>> kind(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every section a profile may name, with the kind that owns it, in run order. */
  public Map<String, DetectorKind<?>> sections() {
    return Map.copyOf(bySection);
  }

  /**
   * The profile schema: the base with every kind's sections and definitions.
   *
   * @throws OtlabException {@code DETECTOR_KIND_INVALID} when a fragment is missing, does not
   *     describe exactly its kind's sections, or redefines a definition differently
   */
  public synchronized ObjectNode schema() {
    if (schema == null) {
      schema = compose();
    }
    return schema.deepCopy();
  }

  private ObjectNode compose() {
    ObjectNode out = read(BASE_SCHEMA, null);
    ObjectNode properties = (ObjectNode) out.get("properties");
    ObjectNode defs = (ObjectNode) out.get("$defs");
    for (DetectorKind<?> k : kinds) {
      if (k.sections().isEmpty()) {
        continue;
      }
      ObjectNode fragment = k.schema(read(k.schemaResource(), k));
      JsonNode own = fragment.path("properties");
      List<String> described = new ArrayList<>();
      own.fieldNames().forEachRemaining(described::add);
      if (!described.stream().sorted().toList().equals(k.sections().stream().sorted().toList())) {
        throw new OtlabException(
            CODE,
            "The schema fragment "
                + k.schemaResource()
                + " of detector kind '"
                + k.name()
                + "' describes "
                + described
                + ", but the kind owns the sections "
                + k.sections()
                + ".",
            "Give the fragment one property per section the kind owns, and no other.");
      }
      for (String section : k.sections()) {
        if (properties.has(section)) {
          throw new OtlabException(
              CODE,
              "Detector kind '" + k.name() + "' owns '" + section + "', a field of every profile.",
              "Name the section something else.");
        }
        properties.set(section, own.get(section));
      }
      for (Map.Entry<String, JsonNode> d : fragment.path("$defs").properties()) {
        JsonNode before = defs.get(d.getKey());
        if (before != null && !before.equals(d.getValue())) {
          throw new OtlabException(
              CODE,
              "Detector kind '"
                  + k.name()
                  + "' defines $defs/"
                  + d.getKey()
                  + " differently from the profile schema or another kind.",
              "Give the definition a name of its own, or use the shared one.");
        }
        defs.set(d.getKey(), d.getValue());
      }
    }
    return out;
  }

  private static ObjectNode read(String resource, @Nullable DetectorKind<?> kind) {
    String whose = kind == null ? "the profile schema" : "detector kind '" + kind.name() + "'";
    Class<?> near = kind == null ? DetectorKinds.class : kind.getClass();
    try (InputStream in = near.getResourceAsStream(resource)) {
      if (in == null) {
        throw new OtlabException(
            CODE,
            "The JSON Schema " + resource + " of " + whose + " is not on the class path.",
            "Put the fragment in the resources of the kind's module under that path.");
      }
      JsonNode node = JSON.readTree(in);
      if (!(node instanceof ObjectNode o)) {
        throw new OtlabException(
            CODE,
            "The JSON Schema " + resource + " of " + whose + " is not a JSON object.",
            "Write it as an object with properties and $defs.");
      }
      if (kind == null && !(o.get("properties") instanceof ObjectNode)) {
        throw new OtlabException(
            CODE, "The profile schema has no properties.", "Rebuild otlab-detection.");
      }
      if (kind == null && !(o.get("$defs") instanceof ObjectNode)) {
        o.putObject("$defs");
      }
      return o;
    } catch (IOException e) {
      throw new OtlabException(
          CODE,
          "The JSON Schema " + resource + " of " + whose + " cannot be read: " + e.getMessage(),
          "Fix the JSON of the fragment.");
    }
  }

  private static OtlabException twice(String what, DetectorKind<?> a, DetectorKind<?> b) {
    return new OtlabException(
        CODE,
        "Two detector kinds claim the "
            + what
            + ": "
            + a.getClass().getName()
            + " and "
            + b.getClass().getName()
            + ".",
        "Remove one from META-INF/services/" + DetectorKind.class.getName() + ".");
  }
}
