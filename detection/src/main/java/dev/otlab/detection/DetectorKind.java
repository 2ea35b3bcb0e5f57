package dev.otlab.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One kind of detector, found with {@link java.util.ServiceLoader} (register the class in {@code
 * META-INF/services/dev.otlab.detection.DetectorKind}). A kind owns sections of a detection
 * profile: the JSON Schema of those sections (a fragment the loader adds to the profile schema),
 * how to read them into its settings, and the detector it runs with those settings. A new detector
 * is its class, its schema fragment and the profiles that use it; no other file names it.
 *
 * @param <S> the kind's settings, a record validated in its compact constructor
 */
public interface DetectorKind<S> {

  /**
   * The detector's name: the key of its settings in a profile, and the detector its alerts name.
   */
  String name();

  /**
   * The top-level keys of a profile file this kind owns ({@code rates}, {@code baseline}). The kind
   * runs when a profile names one of them; a kind that owns none runs with {@link #defaults()} in
   * every profile.
   */
  List<String> sections();

  /**
   * Where the kind runs among the others: detectors see each event and tick in ascending order
   * (ties by name). The order decides the order of alerts raised on the same event, which scored
   * runs compare; the shipped kinds use 100 (rules), 200 (availability), 300 (baseline), 400
   * (process) and 450 (firewall), so a new kind picks a free number after them.
   */
  int order();

  /** The type of {@code S}, so settings are handed back without an unchecked cast. */
  Class<S> settingsType();

  /**
   * The classpath resource of the kind's JSON Schema fragment: an object with {@code properties}
   * (one per section) and optional {@code $defs}; it may refer to the shared definitions of the
   * base schema ({@code #/$defs/severity}, {@code duration}, {@code techniques}, {@code roles}).
   */
  default String schemaResource() {
    return "/detection/sections/" + name() + ".schema.json";
  }

  /**
   * The fragment itself. Kinds whose schema depends on what else is on the class path (the process
   * kind lists the balances of the registered process models) adjust the one read from {@link
   * #schemaResource()}, which they are given.
   */
  default ObjectNode schema(ObjectNode fragment) {
    return fragment;
  }

  /**
   * Reads the kind's sections from the profile's tree (schema-checked already; the kind reads only
   * its own sections). Problems go to {@code reader} with their paths.
   *
   * @return the settings, or null when a problem was reported
   */
  @Nullable S read(JsonNode profile, SectionReader reader);

  /** The settings of a kind that owns no section (or null: it does not run then). */
  default @Nullable S defaults() {
    return null;
  }

  /** The running detector for one run. */
  Detector create(S settings, DetectorContext context);
}
