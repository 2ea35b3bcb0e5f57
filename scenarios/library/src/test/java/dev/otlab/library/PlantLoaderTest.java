package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plc.SoftPlc;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlantLoaderTest {

  private static final String MINIMAL =
      """
      id: tank
      process:
        model: draining-tank
      tags:
        - {name: level, unit: m, trip: {low: 0.1}}
      controllers:
        - id: plc-tank
          points:
            - {tag: level, table: input-register, address: 0, type: int16, scale: 1000, min: 0, max: 10, input: level}
      """;

  @Test
  void loadsBothLibraryPlants() {
    PlantSpec water = PlantLoader.load("water-treatment");
    assertThat(water.controllers())
        .extracting(c -> c.id())
        .containsExactly("plc-intake", "plc-treatment", "plc-dosing", "sis-water");
    assertThat(water.controller("sis-water").orElseThrow().kind()).isEqualTo(SoftPlc.Kind.SIS);
    assertThat(water.tags())
        .extracting(t -> t.name())
        .contains(
            "raw_level",
            "treated_level",
            "inflow_valve",
            "pump_on",
            "chlorine",
            "dosing_rate",
            "demand");
    assertThat(water.tag("chlorine").orElseThrow().trip().low()).isEqualTo(0.2);
    assertThat(water.tag("chlorine").orElseThrow().trip().high()).isEqualTo(4.0);
    PlantSpec reactor = PlantLoader.load("chemical-reactor");
    assertThat(reactor.tags())
        .extracting(t -> t.name())
        .contains("reactor_temp", "concentration_a", "coolant_temp", "feed_valve");
    assertThat(reactor.controller("plc-reactor").orElseThrow().points())
        .anySatisfy(
            p -> {
              assertThat(p.point().tag()).isEqualTo("temp_setpoint");
              assertThat(p.initial()).isEqualTo(350.0);
            });
  }

  @Test
  void minimalPlantLoads() {
    PlantSpec s = PlantLoader.parse("mini.yaml", MINIMAL);
    assertThat(s.id()).isEqualTo("tank");
    assertThat(s.controllers().get(0).scanSeconds()).isEqualTo(0.1);
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    String bad =
        """
        id: tank
        colour: blue
        process:
          model: draining-tank
          parameters:
            area: many
        tags:
          - {name: level, unit: m, noise: -1}
          - {name: bogus}
        controllers:
          - id: plc-tank
            unitId: 300
            points:
              - {tag: level, table: input-registers, address: 0, min: 0, max: 10}
              - {tag: sp, table: holding-register, address: 0, min: 0, max: 10, initial: 11, writable: true}
              - {tag: out, table: coil, address: 0, output: level}
        """;
    assertThatThrownBy(() -> PlantLoader.parse("bad.yaml", bad))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              List<String> paths =
                  ((ValidationException) e).problems().stream().map(Problem::path).toList();
              assertThat(paths)
                  .contains(
                      "colour",
                      "process.parameters.area",
                      "tags[0].noise",
                      "controllers[0].unitId",
                      "controllers[0].points[0].table",
                      "controllers[0].points[1].initial",
                      "controllers[0].points[2].writable");
              assertThat(e.getMessage()).contains("bad.yaml is invalid").contains("input-register");
            });
  }

  @Test
  void unknownModelAndTagReferencesAreProblems() {
    String yaml = MINIMAL.replace("draining-tank", "steam-engine");
    assertThatThrownBy(() -> PlantLoader.parse("x.yaml", yaml))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("process.model")
        .hasMessageContaining("water-treatment");
    String wrongInput = MINIMAL.replace("input: level}", "input: pressure}");
    assertThatThrownBy(() -> PlantLoader.parse("x.yaml", wrongInput))
        .hasMessageContaining("controllers[0].points[0].input")
        .hasMessageContaining("pressure");
  }

  @Test
  void safeStatesAndStopsAreReadAndCheckedAgainstTheWritablePoints() {
    PlantSpec water = PlantLoader.load("water-treatment");
    assertThat(water.controller("plc-intake").orElseThrow().safe())
        .containsExactly(java.util.Map.entry("inflow_valve", 0.0));
    assertThat(water.controller("plc-intake").orElseThrow().stopTolerated()).isTrue();
    assertThat(water.controller("plc-dosing").orElseThrow().stopTolerated()).isFalse();
    assertThat(PlantLoader.load("chemical-reactor").controller("plc-reactor").orElseThrow().safe())
        .containsEntry("coolant_temp", 290.0)
        .containsEntry("feed_valve", 0.0);
    // Defaults: no safe values, and a stop is refused.
    PlantSpec mini = PlantLoader.parse("mini.yaml", MINIMAL);
    assertThat(mini.controllers().get(0).safe()).isEmpty();
    assertThat(mini.controllers().get(0).stopTolerated()).isFalse();
    String readOnlyTag = MINIMAL + "    safe: {level: 0}\n    stop: tolerated\n";
    assertThatThrownBy(() -> PlantLoader.parse("x.yaml", readOnlyTag))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("controllers[0].safe.level")
        .hasMessageContaining("not a writable point");
    assertThatThrownBy(() -> PlantLoader.parse("x.yaml", MINIMAL + "    stop: maybe\n"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("stop");
  }

  @Test
  void badLogicIsReportedAtLoadTime() {
    String yaml = MINIMAL + "    logic:\n      - {type: pid, pv: level}\n";
    assertThatThrownBy(() -> PlantLoader.parse("x.yaml", yaml))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("controllers[0].logic")
        .hasMessageContaining("needs parameter");
  }

  @Test
  void nonFiniteNumbersAreRejected() {
    assertThatThrownBy(() -> PlantLoader.parse("x.yaml", MINIMAL.replace("max: 10", "max: .inf")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("line 9");
    assertThatThrownBy(() -> PlantLoader.parse("x.yaml", MINIMAL.replace("max: 10", "max: 1e999")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("controllers[0].points[0].max");
  }

  @Test
  void duplicateKeysAndBrokenYamlAreReported() {
    assertThatThrownBy(() -> PlantLoader.parse("x.yaml", "id: a\nid: b\n"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Duplicate");
    assertThatThrownBy(() -> PlantLoader.parse("x.yaml", "id: [unclosed\n"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("line");
  }

  @Test
  void unknownNameListsTheLibrary() {
    assertThatThrownBy(() -> PlantLoader.load("paper-mill"))
        .hasMessageContaining("paper-mill")
        .satisfies(
            e ->
                assertThat(((dev.otlab.core.OtlabException) e).remedy())
                    .contains("water-treatment"));
  }
}
