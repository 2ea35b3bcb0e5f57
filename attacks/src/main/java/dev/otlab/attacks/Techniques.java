package dev.otlab.attacks;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/** The techniques on the class path, by id, and the parameter checks a scenario loader needs. */
public final class Techniques {

  private final Map<String, Technique> byId;

  private Techniques(Map<String, Technique> byId) {
    this.byId = Collections.unmodifiableMap(byId);
  }

  /**
   * Every technique {@link ServiceLoader} finds.
   *
   * @throws OtlabException {@code ATTACK_TECHNIQUE_DUPLICATE} when two claim the same id
   */
  public static Techniques load() {
    Map<String, Technique> found = new TreeMap<>();
    for (Technique t : ServiceLoader.load(Technique.class, Techniques.class.getClassLoader())) {
      Technique previous = found.putIfAbsent(t.id(), t);
      if (previous != null) {
        throw new OtlabException(
            "ATTACK_TECHNIQUE_DUPLICATE",
            "Two implementations claim technique "
                + t.id()
                + ": "
                + previous.getClass().getName()
                + " and "
                + t.getClass().getName()
                + ".",
            "Remove one from META-INF/services/dev.otlab.attacks.Technique.");
      }
    }
    return new Techniques(found);
  }

  public Map<String, Technique> all() {
    return byId;
  }

  public Optional<Technique> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * What is wrong with {@code params} for {@code technique}: missing required and unknown names,
   * one sentence each; empty when they fit. Values are checked by {@link Technique#check} and again
   * when the step runs.
   */
  public static List<String> problems(Technique technique, Map<String, String> params) {
    List<String> out = new ArrayList<>();
    for (String r : new TreeSet<>(technique.requiredParameters())) {
      if (!params.containsKey(r) || params.get(r).isBlank()) {
        out.add(technique.id() + " needs parameter '" + r + "'");
      }
    }
    for (String p : new TreeSet<>(params.keySet())) {
      if (!technique.requiredParameters().contains(p)
          && !technique.optionalParameters().contains(p)) {
        TreeSet<String> known = new TreeSet<>(technique.requiredParameters());
        known.addAll(technique.optionalParameters());
        out.add(technique.id() + " has no parameter '" + p + "' (it knows " + known + ")");
      }
    }
    return out;
  }

  /** {@link #problems} as {@link ParameterProblem}s, each with the names the technique knows. */
  public static List<ParameterProblem> nameProblems(
      Technique technique, Map<String, String> params) {
    List<ParameterProblem> out = new ArrayList<>();
    TreeSet<String> known = new TreeSet<>(technique.requiredParameters());
    known.addAll(technique.optionalParameters());
    for (String r : new TreeSet<>(technique.requiredParameters())) {
      if (!params.containsKey(r) || params.get(r).isBlank()) {
        out.add(
            new ParameterProblem(
                r,
                technique.id() + " needs parameter '" + r + "'.",
                "Add " + r + " (" + technique.id() + " takes " + known + ")."));
      }
    }
    for (String p : new TreeSet<>(params.keySet())) {
      if (!known.contains(p)) {
        out.add(
            new ParameterProblem(
                p,
                "'" + p + "' is not a parameter of " + technique.id() + ".",
                "Use only " + known + "."));
      }
    }
    return out;
  }
}
