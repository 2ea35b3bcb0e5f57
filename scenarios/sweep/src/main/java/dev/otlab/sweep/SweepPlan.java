package dev.otlab.sweep;

import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.library.SweepSpec;
import dev.otlab.network.ArchitectureSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep expanded: its configurations and its units, the units of phase 1 (twins) before those of
 * phase 2 (plays), each phase in a fixed order, so a unit's index is the same wherever the plan is
 * read (a Swarm task's slot is its index + 1).
 *
 * <p>Configurations nest architecture, suite, detection, defence (outermost first); a variant of an
 * architecture ({@link SweepSpec#variants()}) is an architecture under its own id, which its
 * configurations' and units' keys carry, and the plan carries its base and changes (in its spec),
 * so whoever plays a unit derives the same design. Phase 1 holds one {@link SweepUnit.Twin} per
 * architecture, seed and twin length (the longest scenario of a suite on the architecture's plant),
 * shared by every configuration that needs it, then one {@link SweepUnit.DefendedTwin} per defended
 * configuration and seed; phase 2 one {@link SweepUnit.Play} per configuration, seed and scenario,
 * in suite order.
 *
 * @param spec the sweep
 * @param configs every architecture x suite x detection x defence, in that nesting order
 * @param units every unit, phase 1 first
 */
public record SweepPlan(SweepSpec spec, List<SweepConfig> configs, List<SweepUnit> units) {

  public SweepPlan {
    configs = List.copyOf(configs);
    units = List.copyOf(units);
  }

  /**
   * Expands a sweep (loading its architectures and suites to learn plants and durations).
   *
   * @throws dev.otlab.core.OtlabException when a suite has no scenario for an architecture's plant
   */
  public static SweepPlan of(SweepSpec spec) {
    Map<String, String> plants = new HashMap<>();
    for (String a : spec.architectures()) {
      ArchitectureSpec arch = spec.architecture(a);
      plants.put(a, arch.plant());
    }
    Map<String, SuiteSpec> suites = new HashMap<>();
    for (String s : spec.suites()) {
      suites.put(s, SuiteLoader.load(s));
    }
    List<SweepConfig> configs = new ArrayList<>();
    Set<SweepUnit> twins = new LinkedHashSet<>();
    List<SweepUnit> defendedTwins = new ArrayList<>();
    List<SweepUnit> plays = new ArrayList<>();
    for (String a : spec.architectures()) {
      for (String s : spec.suites()) {
        List<ScenarioSpec> scenarios = suites.get(s).requireFor(plants.get(a));
        double longest = longest(scenarios);
        for (String d : spec.detection()) {
          for (List<String> defence : spec.defences()) {
            SweepConfig config =
                new SweepConfig(a, s, d.equals(SweepSpec.NO_DETECTION) ? null : d, defence);
            configs.add(config);
            for (long seed : spec.seedList()) {
              twins.add(new SweepUnit.Twin(a, seed, longest));
              if (config.defended()) {
                defendedTwins.add(new SweepUnit.DefendedTwin(config, seed, longest));
              }
              for (ScenarioSpec scenario : scenarios) {
                plays.add(new SweepUnit.Play(config, scenario.id(), seed));
              }
            }
          }
        }
      }
    }
    List<SweepUnit> units = new ArrayList<>(twins);
    units.addAll(defendedTwins);
    units.addAll(plays);
    return new SweepPlan(spec, configs, units);
  }

  /** How long a suite's twin plays: its longest scenario, as the evaluator plays it. */
  static double longest(List<ScenarioSpec> scenarios) {
    return scenarios.stream().mapToDouble(ScenarioSpec::durationSeconds).max().orElse(0);
  }

  /** The units of one phase (1 or 2), in plan order. */
  public List<SweepUnit> phase(int phase) {
    return units.stream().filter(u -> u.phase() == phase).toList();
  }

  /** The unit with a key. */
  public SweepUnit unit(String key) {
    return units.stream()
        .filter(u -> u.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no unit " + key + " in " + spec.id()));
  }

  /** The plan as JSON; {@link #fromJson} reads it back equal. */
  public String toJson() {
    return Json.write(this);
  }

  /** A plan from {@link #toJson}. */
  public static SweepPlan fromJson(String json) {
    return Json.read(json, SweepPlan.class, "a sweep plan");
  }
}
