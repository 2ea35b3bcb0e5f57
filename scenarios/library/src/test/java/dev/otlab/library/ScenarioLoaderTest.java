package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

  @Test
  void everyLibraryScenarioLoads() {
    List<String> names = Library.names("scenarios");
    assertThat(names).hasSizeGreaterThanOrEqualTo(12);
    for (String n : names) {
      ScenarioSpec s = ScenarioLoader.load(n);
      assertThat(s.steps()).as(n).isNotEmpty();
      assertThat(s.expected()).as(n).isNotEmpty();
    }
  }

  @Test
  void aMaintenanceWindowIsDeclaredInsideTheRun() {
    String base =
        """
        id: window
        plant: water-treatment
        foothold: control-insider
        duration: 1h
        steps:
          - {id: a, technique: T0888, params: {target: "plc:plc-intake"}, trigger: {at: 60s}}
        objective: {step: a}
        """;
    ScenarioSpec s = ScenarioLoader.parse("w.yaml", base + "maintenance: {from: 20m, to: 40m}\n");
    assertThat(s.maintenance()).isEqualTo(new ScenarioSpec.Window(1200, 2400));
    assertThat(ScenarioLoader.parse("w.yaml", base).maintenance()).isNull();
    assertThatThrownBy(
            () -> ScenarioLoader.parse("w.yaml", base + "maintenance: {from: 40m, to: 20m}\n"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("maintenance.to");
    assertThatThrownBy(
            () -> ScenarioLoader.parse("w.yaml", base + "maintenance: {from: 2h, to: 3h}\n"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("maintenance.from");
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    String yaml =
        """
        id: broken
        plant: water-treatment
        foothold: coffee-machine
        duration: 10m
        colour: red
        steps:
          - id: a
            technique: T0855
            params: {target: hmi-1, address: 0, value: "true"}
            trigger: {after: c}
          - id: b
            technique: T9999
            trigger: {at: 2h}
          - id: c
            technique: T0855
            params: {target: plc:plc-boiler, address: 0, value: "true"}
            trigger: {after: a}
          - id: d
            technique: T0836
            params: {target: role:barista, address: 0, value: "1"}
            trigger: {when: {tag: boiler_pressure, above: 3}}
          - id: e
            technique: T0855
            params: {target: plc:plc-intake, address: 0, value: "true"}
            trigger: {after: nowhere}
        objective: {limit: raw_level, direction: low}
        """;
    assertThatThrownBy(() -> ScenarioLoader.parse("broken.yaml", yaml))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              List<String> paths =
                  ((ValidationException) e).problems().stream().map(Problem::path).toList();
              assertThat(paths)
                  .contains(
                      "colour",
                      "foothold",
                      "steps[0].params.target",
                      "steps[1].technique",
                      "steps[1].trigger.at",
                      "steps[2].params.target",
                      "steps[3].params.target",
                      "steps[3].when.tag".replace("when", "trigger.when"),
                      "steps[4].trigger.after",
                      "objective.direction");
              assertThat(e.getMessage()).contains("waits for itself");
            });
  }
}
