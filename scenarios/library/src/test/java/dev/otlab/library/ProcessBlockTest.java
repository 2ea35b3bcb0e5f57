package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.process.declared.ProcessModelSpec;
import dev.otlab.simulator.plant.PlantProcess;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process block of a plant file: its four forms, overrides, and problems at their paths. */
class ProcessBlockTest {

  /** The draining tank declared as equations, as a plant author writes it. */
  static final String TANK =
      """
      id: tank-declared
      process:
        equations:
          description: A tank draining through a bottom orifice
          parameters:
            - {name: area, value: 1.0, unit: m^2, constraint: positive}
            - {name: orifice_area, value: 1e-3, unit: m^2, constraint: positive}
            - {name: discharge_coefficient, value: 0.61, constraint: fraction}
            - {name: gravity, value: 9.81, unit: m/s^2, constraint: positive}
            - {name: height, value: 2.0, unit: m, constraint: positive}
            - {name: max_inflow, value: 10, unit: m^3/h, constraint: positive}
            - {name: initial_level, value: 1.0, unit: m, constraint: non-negative}
          states:
            - name: level
              unit: m
              initial: initial_level
              derivative: (inflow - outflow_rate) / area
              min: 0
              max: height
          inputs:
            - {name: inflow, unit: m^3/h, min: 0, max: max_inflow}
          algebraics:
            - name: outflow_rate
              unit: m^3/h
              expression: discharge_coefficient * orifice_area * sqrt(2 * gravity * pos(level))
          outputs:
            - {tag: outflow, expression: outflow_rate}
          events:
            - {tag: level, direction: below, value: 0.01, hazard: tank nearly empty}
        parameters: {area: 2.0}
      tags:
        - {name: level, unit: m, trip: {low: 0.1}}
        - {name: outflow, unit: m3/h}
      controllers:
        - id: plc-tank
          points:
            - {tag: level, table: input-register, address: 0, scale: 1000, min: 0, max: 10, input: level}
            - {tag: inflow, table: holding-register, address: 0, scale: 100, min: 0, max: 10, writable: true, output: inflow}
      """;

  @Test
  void aDeclaredModelLoadsWithItsOverrides() {
    PlantSpec plant = PlantLoader.parse("tank.yaml", TANK);
    assertThat(plant.process()).isInstanceOf(PlantProcess.Declared.class);
    ProcessModelSpec spec = ((PlantProcess.Declared) plant.process()).spec();
    assertThat(spec.kind()).isEqualTo("tank-declared");
    assertThat(plant.model()).isEqualTo("tank-declared");
    assertThat(plant.parameters()).isEqualTo(Map.of("area", 2.0));
    assertThat(spec.states()).extracting(ProcessModelSpec.State::min).containsExactly("0.0");
    assertThat(spec.events().get(0).limit().direction())
        .isEqualTo(dev.otlab.process.SafetyLimit.Direction.LOW);
    assertThat(spec.create(plant.parameters()).parameters().get("area")).isEqualTo(2.0);
  }

  @Test
  void aModelKindLoadsAsAKind() {
    String yaml =
        """
        id: tank-kind
        process:
          model: draining-tank
          parameters: {area: 2.0}
        tags: []
        controllers:
          - id: plc
            points: [{tag: level, table: input-register, address: 0, min: 0, max: 10, input: level}]
        """;
    PlantSpec plant = PlantLoader.parse("kind.yaml", yaml);
    assertThat(plant.process())
        .isEqualTo(new PlantProcess.Kind("draining-tank", Map.of("area", 2.0)));
    assertThat(plant.model()).isEqualTo("draining-tank");
  }

  private static List<String> paths(String yaml) {
    try {
      PlantLoader.parse("bad.yaml", yaml);
    } catch (ValidationException e) {
      return e.problems().stream().map(Problem::path).toList();
    }
    throw new AssertionError("loaded");
  }

  @Test
  void everyExpressionProblemIsReportedAtItsField() {
    // Two syntax errors and a bad unit at once: each expression is checked on its own.
    String syntax =
        TANK.replace("(inflow - outflow_rate) / area", "(inflow - outflow_rate / area")
            .replace("* sqrt(2", "* * sqrt(2")
            .replace("unit: m/s^2", "unit: furlongs");
    assertThat(paths(syntax))
        .containsExactlyInAnyOrder(
            "process.equations.states[0].derivative",
            "process.equations.algebraics[0].expression",
            "process.equations.parameters[3].unit");
    // Found only by compiling the whole model: a name nobody declares, a wrong dimension.
    assertThat(paths(TANK.replace("(inflow - outflow_rate) / area", "(inflow - spill) / area")))
        .containsExactly("process.equations.states[0].derivative");
    assertThat(paths(TANK.replace("(inflow - outflow_rate) / area", "inflow - outflow_rate")))
        .containsExactly("process.equations.states[0].derivative");
    assertThat(paths(TANK.replace("max: max_inflow", "max: level")))
        .containsExactly("process.equations.inputs[0].max");
    assertThat(paths(TANK.replace("- {tag: outflow, expression: outflow_rate}", "- {tag: level}")))
        .containsExactly("process.equations.outputs[0].tag");
    assertThat(paths(TANK.replace("name: outflow_rate", "name: area")))
        .containsExactly("process.equations.algebraics[0].name");
    assertThat(paths(TANK.replace("{tag: level, direction", "{tag: volume, direction")))
        .containsExactly("process.equations.events[0].tag");
    // The schema's share: a missing derivative, an unknown direction, an unknown field.
    assertThat(
            paths(
                TANK.replace("derivative: (inflow - outflow_rate) / area\n        ", "")
                    .replace("direction: below", "direction: down")
                    .replace("{name: inflow,", "{name: inflow, lag_s: 3,")))
        .contains(
            "process.equations.states[0].derivative",
            "process.equations.events[0].direction",
            "process.equations.inputs[0].lag_s");
  }

  @Test
  void overridesAreCheckedByName() {
    assertThat(paths(TANK.replace("parameters: {area: 2.0}", "parameters: {arena: 2.0}")))
        .containsExactly("process.parameters.arena");
    assertThat(paths(TANK.replace("parameters: {area: 2.0}", "parameters: {area: -2.0}")))
        .containsExactly("process.parameters.area");
    // An override that starts the level above the rim makes the model inconsistent.
    assertThat(paths(TANK.replace("parameters: {area: 2.0}", "parameters: {initial_level: 3}")))
        .containsExactly("process.parameters");
  }

  @Test
  void aPlantHasExactlyOneProcessForm() {
    assertThat(paths(TANK.replace("  equations:\n", "  model: draining-tank\n  equations:\n")))
        .contains("process");
    assertThat(
            paths(
                """
                id: units
                process:
                  model: draining-tank
                  streams: []
                tags: []
                controllers:
                  - id: plc
                    points: [{tag: level, table: coil, address: 0}]
                """))
        .contains("process");
  }

  /** The water-treatment stage composed from unit models, as a plant author writes it. */
  static final String UNITS =
      """
      id: water-units
      description: Water treatment from unit models
      process:
        units:
          - {id: p101, kind: pump, parameters: {rated_flow: 30, time_constant: 2}, options: {type: displacement}}
          - {id: t101, kind: tank, parameters: {area: 5, height: 4, initial_level: 2}, options: {track: none}}
          - id: t301
            kind: tank
            parameters: {area: 5, height: 4, initial_level: 2, decay: 1e-5, initial_concentration: 1.5}
            options: {track: concentration}
          - {id: supply, kind: source}
          - {id: mv101, kind: valve, parameters: {max_flow: 36, initial_command: "min(1, p101_rated_flow / {max_flow})"}}
          - id: d205
            kind: dosing
            parameters:
              initial_rate: t301_initial_concentration * (p101_rated_flow + t301_decay * t301_area * t301_initial_level)
          - {id: consumers, kind: sink, parameters: {initial_demand: p101_rated_flow}, options: {flow: demand}}
        streams:
          - {from: supply, to: mv101}
          - {id: raw_in, from: mv101.outlet, to: t101.inlet}
          - {from: t101, to: p101}
          - {id: transfer, from: p101, to: d205}
          - {from: d205, to: t301}
          - {id: delivery, from: t301, to: consumers}
        bind:
          raw_level: t101_level
          treated_level: t301_level
          chlorine: t301_concentration
          inflow_valve: mv101_command
          pump_on: p101_on
          inflow: raw_in_flow
          outflow: delivery_flow
        outputs:
          - {tag: pump_flow, expression: transfer_flow}
        events:
          - {tag: raw_level, direction: above, value: 3.8, hazard: raw tank overflow}
        parameters: {t101_area: 6}
      tags:
        - {name: raw_level, unit: m}
        - {name: treated_level, unit: m}
      controllers:
        - id: plc-1
          points:
            - {tag: raw_level, table: input-register, address: 0, scale: 1000, min: 0, max: 10, input: raw_level}
            - {tag: inflow_valve, table: holding-register, address: 0, scale: 1000, min: 0, max: 1, writable: true, output: inflow_valve}
      """;

  @Test
  void aPlantComposedFromUnitsLoadsAsItsDeclaredModel() {
    PlantSpec plant = PlantLoader.parse("water-units.yaml", UNITS);
    assertThat(plant.process()).isInstanceOf(PlantProcess.Declared.class);
    ProcessModelSpec spec = ((PlantProcess.Declared) plant.process()).spec();
    assertThat(plant.model()).isEqualTo("water-units");
    assertThat(plant.parameters()).isEqualTo(Map.of("t101_area", 6.0));
    var model = spec.create(plant.parameters());
    var values = model.values(model.initialState());
    assertThat(values)
        .containsKeys(
            "raw_level",
            "treated_level",
            "chlorine",
            "inflow",
            "outflow",
            "pump_flow",
            "p101_speed");
    assertThat(values.get("pump_flow")).isCloseTo(30, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(values.get("inflow")).isCloseTo(30, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(model.inputTags()).contains("inflow_valve", "pump_on", "d205_rate");
    assertThat(spec.limits()).extracting(l -> l.tag()).contains("raw_level", "p101_dry_run");
  }

  @Test
  void compositionProblemsAreReportedAtTheirUnitStreamOrBinding() {
    assertThat(paths(UNITS.replace("kind: dosing", "kind: doser")))
        .containsExactly("process.units[5]");
    assertThat(paths(UNITS.replace("rated_flow: 30,", "rated_flow: 30, head: 3,")))
        .containsExactly("process.units[0]");
    assertThat(paths(UNITS.replace("{from: d205, to: t301}", "{from: d205, to: t101}")))
        .containsExactly("process.streams[4]");
    assertThat(paths(UNITS.replace("chlorine: t301_concentration", "chlorine: t301_chlorine")))
        .containsExactly("process.bind.chlorine");
    assertThat(paths(UNITS.replace("{from: t101, to: p101}", "{from: t101, to: d205}")))
        .isNotEmpty();
  }

  @Test
  void anFmuFileIsReadFromThePlantFilesFolder(@TempDir Path dir) throws Exception {
    String yaml =
        """
        id: tank-fmu-missing
        process:
          fmu:
            file: models/tank.fmu
            inputs: {inflow: inflow}
            outputs: {level: level}
        tags: []
        controllers:
          - id: plc
            points: [{tag: x, table: coil, address: 0}]
        """;
    Path file = dir.resolve("plant.yaml");
    Files.writeString(file, yaml);
    assertThatThrownBy(() -> PlantLoader.parse(file.toString(), yaml))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.path()).isEqualTo("process.fmu.file");
                          assertThat(p.message())
                              .contains(dir.resolve("models/tank.fmu").toString());
                        }));
  }
}
