package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resolved parameters of one model instance: documented defaults with a plant file's overrides
 * applied. A misspelt parameter name must fail loudly, because a silently ignored override leaves
 * the plant running on a default the user believes they changed.
 */
public final class ModelParameters {

  /** What values a parameter accepts. */
  public enum Constraint {
    /** Finite and greater than zero (areas, volumes, time constants). */
    POSITIVE,
    /** Finite and zero or more (levels, rates that may be off). */
    NON_NEGATIVE,
    /** Finite, between 0 and 1 inclusive (valve positions, on/off states). */
    FRACTION,
    /** Any finite number (reaction enthalpy, which is negative when exothermic). */
    FINITE;

    /** Whether the constraint admits a value. */
    public boolean accepts(double v) {
      if (!Double.isFinite(v)) {
        return false;
      }
      switch (this) {
        case POSITIVE:
          return v > 0;
        case NON_NEGATIVE:
          return v >= 0;
        case FRACTION:
          return v >= 0 && v <= 1;
        default:
          return true;
      }
    }

    /** The admitted values in words, for messages. */
    public String describe() {
      switch (this) {
        case POSITIVE:
          return "a finite number greater than zero";
        case NON_NEGATIVE:
          return "a finite number of zero or more";
        case FRACTION:
          return "a number from 0 to 1";
        default:
          return "a finite number";
      }
    }
  }

  /** One parameter a model accepts, with its default and unit. */
  public record Definition(
      String name, double defaultValue, Constraint constraint, String unit, String meaning) {
    public Definition {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("parameter name must not be blank");
      }
      if (constraint == null || unit == null || meaning == null) {
        throw new IllegalArgumentException("parameter " + name + " is incomplete");
      }
      if (!constraint.accepts(defaultValue)) {
        throw new IllegalArgumentException("default of " + name + " violates " + constraint);
      }
    }
  }

  private final String kind;
  private final Map<String, Double> values;
  private final Set<String> overridden;

  private ModelParameters(String kind, Map<String, Double> values, Set<String> overridden) {
    this.kind = kind;
    this.values = Collections.unmodifiableMap(values);
    this.overridden = Set.copyOf(overridden);
  }

  /**
   * Applies overrides to the defaults.
   *
   * @throws OtlabException {@code PROCESS_PARAMETER_UNKNOWN} for a name the model does not know,
   *     {@code PROCESS_PARAMETER_INVALID} for a missing, non-finite or out-of-range value
   */
  public static ModelParameters resolve(
      String kind, List<Definition> definitions, Map<String, Double> overrides) {
    Map<String, Definition> byName = new LinkedHashMap<>();
    for (Definition d : definitions) {
      if (byName.put(d.name(), d) != null) {
        throw new IllegalArgumentException("duplicate parameter " + d.name());
      }
    }
    for (String name : overrides.keySet()) {
      if (!byName.containsKey(name)) {
        throw new OtlabException(
            "PROCESS_PARAMETER_UNKNOWN",
            "Process model '" + kind + "' has no parameter '" + name + "'.",
            "Use one of: " + byName.keySet() + ".");
      }
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (Definition d : definitions) {
      double v = d.defaultValue();
      if (overrides.containsKey(d.name())) {
        Double given = overrides.get(d.name());
        if (given == null || !d.constraint().accepts(given)) {
          throw new OtlabException(
              "PROCESS_PARAMETER_INVALID",
              "Parameter '"
                  + d.name()
                  + "' of process model '"
                  + kind
                  + "' is "
                  + given
                  + " but must be "
                  + d.constraint().describe()
                  + ".",
              "Give "
                  + d.name()
                  + " ("
                  + d.meaning()
                  + (d.unit().isEmpty() ? "" : ", in " + d.unit())
                  + ") a value that is "
                  + d.constraint().describe()
                  + ", or leave it out to use the default "
                  + d.defaultValue()
                  + ".");
        }
        v = given;
      }
      values.put(d.name(), v);
    }
    return new ModelParameters(kind, values, overrides.keySet());
  }

  /** Defaults as a name-to-value map, in declaration order. */
  public static Map<String, Double> defaults(List<Definition> definitions) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Definition d : definitions) {
      m.put(d.name(), d.defaultValue());
    }
    return Collections.unmodifiableMap(m);
  }

  public String kind() {
    return kind;
  }

  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no parameter " + name + " in " + kind);
    }
    return v;
  }

  /** Whether the plant file set this parameter, as opposed to it taking its default. */
  public boolean isOverridden(String name) {
    return overridden.contains(name);
  }

  /** All resolved values, in declaration order. */
  public Map<String, Double> asMap() {
    return values;
  }

  @Override
  public String toString() {
    return kind + values;
  }
}
