package dev.otlab.library;

import dev.otlab.core.OtlabException;
import java.util.List;

/**
 * A named list of library scenarios, evaluated together against one architecture. A suite may mix
 * plants; an evaluation runs the scenarios of its architecture's plant ({@link #forPlant}).
 *
 * @param id suite id
 * @param title human title
 * @param description what the suite is for
 * @param scenarios the scenarios, loaded and validated, in file order
 */
public record SuiteSpec(String id, String title, String description, List<ScenarioSpec> scenarios) {

  public SuiteSpec {
    scenarios = List.copyOf(scenarios);
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("suite " + id + " lists no scenarios");
    }
  }

  /** The suite's scenarios for one plant, in suite order. */
  public List<ScenarioSpec> forPlant(String plant) {
    return scenarios.stream().filter(s -> s.plant().equals(plant)).toList();
  }

  /**
   * The suite's scenarios for the plant an architecture is drawn for.
   *
   * @throws OtlabException when the suite has none for that plant
   */
  public List<ScenarioSpec> requireFor(String plant) {
    List<ScenarioSpec> out = forPlant(plant);
    if (out.isEmpty()) {
      throw new OtlabException(
          "SUITE_PLANT_MISMATCH",
          "Suite '" + id + "' has no scenario for plant " + plant + ".",
          "Pick a suite with scenarios of plant " + plant + ", e.g. default.");
    }
    return out;
  }

  /** The scenario ids, in suite order. */
  public List<String> ids() {
    return scenarios.stream().map(ScenarioSpec::id).toList();
  }
}
