package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The process model kinds on the class path, and models created by kind from a plant file. */
public final class ProcessModels {

  private static final Map<String, ProcessModelKind> REGISTERED = load();

  /** Every kind {@link #create(String, Map)} accepts, sorted. */
  public static final List<String> KINDS = List.copyOf(REGISTERED.keySet());

  private ProcessModels() {}

  private static Map<String, ProcessModelKind> load() {
    Map<String, ProcessModelKind> found = new TreeMap<>();
    for (ProcessModelKind k :
        ServiceLoader.load(ProcessModelKind.class, ProcessModelKind.class.getClassLoader())) {
      ProcessModelKind previous = found.putIfAbsent(k.kind(), k);
      if (previous != null) {
        throw new OtlabException(
            "PROCESS_KIND_DUPLICATE",
            "Two classes claim process model kind '"
                + k.kind()
                + "': "
                + previous.getClass().getName()
                + " and "
                + k.getClass().getName()
                + ".",
            "Remove one from META-INF/services/" + ProcessModelKind.class.getName() + ".");
      }
    }
    return found;
  }

  /** The kind, if one is registered under that name. */
  public static Optional<ProcessModelKind> find(String kind) {
    return Optional.ofNullable(REGISTERED.get(kind));
  }

  /**
   * @throws OtlabException {@code PROCESS_KIND_UNKNOWN}, naming the registered kinds
   */
  public static ProcessModelKind kind(String kind) {
    ProcessModelKind k = REGISTERED.get(kind);
    if (k == null) {
      throw new OtlabException(
          "PROCESS_KIND_UNKNOWN",
          "There is no process model of kind '" + kind + "'.",
          "Use one of: "
              + KINDS
              + ", or register your model's "
              + ProcessModelKind.class.getSimpleName()
              + " in META-INF/services.");
    }
    return k;
  }

  /**
   * @throws OtlabException {@code PROCESS_KIND_UNKNOWN}, or the model's parameter errors
   */
  public static ProcessModel create(String kind, Map<String, Double> parameters) {
    return kind(kind).create(parameters);
  }

  /** Parameter definitions (names, defaults, units) of a kind, for docs and validation. */
  public static List<ModelParameters.Definition> parameters(String kind) {
    return kind(kind).parameters();
  }

  /**
   * A plant file's overrides applied to the kind's defaults, as the descriptions take them.
   *
   * @throws OtlabException {@code PROCESS_KIND_UNKNOWN}, {@code PROCESS_PARAMETER_UNKNOWN} or
   *     {@code PROCESS_PARAMETER_INVALID}
   */
  public static ModelParameters resolve(String kind, Map<String, Double> overrides) {
    return ModelParameters.resolve(kind, parameters(kind), overrides);
  }
}
