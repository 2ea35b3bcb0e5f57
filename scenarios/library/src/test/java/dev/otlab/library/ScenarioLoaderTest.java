package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

  @Test
  void footholdsCredentialsAndFromLoadAndAreChecked() {
    ScenarioSpec s =
        ScenarioLoader.parse(
            "several.yaml",
            """
            id: several
            plant: water-treatment
            duration: 10m
            footholds:
              - enterprise-workstation
              - {id: usb, at: "role:engineering-ws", how: removable-media}
              - {id: rogue, attach: "role:hmi", how: rogue-device}
            credentials:
              - {account: office-user}
              - {account: vendor, how: bought}
            steps:
              - {id: harvest, technique: T0893, from: usb, trigger: {at: 60s}}
              - {id: rdp, technique: T0886, params: {target: "role:jump-host", service: rdp, account: office-user}, trigger: {at: 90s}}
            objective: {step: rdp}
            """);
    assertThat(s.foothold()).isEqualTo("enterprise-workstation");
    assertThat(s.footholds())
        .containsExactly(
            ScenarioSpec.Foothold.entry("enterprise-workstation"),
            new ScenarioSpec.Foothold("usb", "role:engineering-ws", null, "removable-media"),
            new ScenarioSpec.Foothold("rogue", null, "role:hmi", "rogue-device"));
    assertThat(s.credentials())
        .containsExactly(
            new ScenarioSpec.Grant("office-user", "phished"),
            new ScenarioSpec.Grant("vendor", "bought"));
    assertThat(s.steps()).extracting(ScenarioSpec.Step::from).containsExactly("usb", null);

    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                ScenarioLoader.parse(
                    "bad.yaml",
                    """
                    id: bad
                    plant: water-treatment
                    duration: 10m
                    footholds:
                      - office
                      - {id: lap, attach: "role:toaster"}
                      - {id: both, at: internet, attach: "role:hmi", how: magic}
                    credentials:
                      - {account: x, how: stolen}
                    steps:
                      - {id: a, technique: T0893, from: nobody, trigger: {at: 60s}}
                    objective: {step: a}
                    """));
    assertThat(e).isNotNull();
    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactlyInAnyOrder(
            "footholds[0]",
            "footholds[1].attach",
            "footholds[2]",
            "footholds[2].how",
            "credentials[0].how",
            "steps[0].from");
    assertThat(e.problems().stream().map(Problem::toString))
        .anySatisfy(p -> assertThat(p).contains("'office' is neither an entry point"))
        .anySatisfy(p -> assertThat(p).contains("needs exactly one of at and attach"))
        .anySatisfy(p -> assertThat(p).contains("'nobody' is not a foothold"));
  }

  /** A one-step scenario on {@code plant} whose step is {@code step} (a YAML flow mapping). */
  private static String oneStep(String plant, String step, String objective) {
    return """
        id: mistake
        plant: %s
        foothold: control-insider
        duration: 10m
        steps:
          - %s
        objective: %s
        """
        .formatted(plant, step, objective);
  }

  /** The single problem a file has, asserted to name the step and field with a remedy. */
  private static Problem onlyProblem(String yaml) {
    try {
      ScenarioLoader.parse("mistake.yaml", yaml);
    } catch (ValidationException e) {
      assertThat(e.code()).isEqualTo("SCENARIO_INVALID");
      assertThat(e.getMessage()).startsWith("mistake.yaml is invalid (1 problem)");
      assertThat(e.problems()).hasSize(1);
      return e.problems().get(0);
    }
    throw new AssertionError("loaded although wrong:\n" + yaml);
  }

  @Test
  void anUnknownTagIsALoadErrorListingTheControllersWritableTags() {
    Problem p =
        onlyProblem(
            oneStep(
                "water-treatment",
                "{id: sp, technique: T0836, params: {target: \"plc:plc-dosing\", tag:"
                    + " chlorine_setpoint, value: \"3.0\"}, trigger: {at: 60s}}",
                "{step: sp}"));
    assertThat(p.path()).isEqualTo("steps[0].params.tag");
    assertThat(p.message())
        .contains(
            "step 'sp'", "T0836", "'chlorine_setpoint' is not a tag of controller plc-dosing");
    assertThat(p.fix()).contains("chlorine_sp", "dosing_kp").doesNotContain("chlorine,");
  }

  @Test
  void aModeOutsideTheTechniquesChoicesIsALoadError() {
    Problem p =
        onlyProblem(
            oneStep(
                "water-treatment",
                "{id: halt, technique: T0858, params: {target: \"plc:plc-intake\", mode: halt},"
                    + " trigger: {at: 60s}}",
                "{step: halt}"));
    assertThat(p.path()).isEqualTo("steps[0].params.mode");
    assertThat(p.message()).contains("step 'halt'", "'halt'");
    assertThat(p.fix()).contains("program, stop, run");
  }

  @Test
  void anObjectiveDirectionOutsideHighAndLowIsALoadError() {
    Problem p =
        onlyProblem(
            oneStep(
                "water-treatment",
                "{id: a, technique: T0888, params: {target: \"plc:plc-intake\"}, trigger: {at:"
                    + " 60s}}",
                "{limit: raw_level, direction: sideways}"));
    assertThat(p.path()).isEqualTo("objective.direction");
    assertThat(p.fix()).contains("high", "low");
    assertThat(p.message()).contains("'sideways'");
  }

  @Test
  void aValueOutsideThePointsWriteRangeIsALoadError() {
    Problem p =
        onlyProblem(
            oneStep(
                "chemical-reactor",
                "{id: hot, technique: T0836, params: {target: \"plc:plc-reactor\", tag:"
                    + " temp_setpoint, value: \"420\"}, trigger: {at: 60s}}",
                "{step: hot}"));
    assertThat(p.path()).isEqualTo("steps[0].params.value");
    assertThat(p.message()).contains("step 'hot'", "outside its write range [300, 370] K");
    assertThat(p.fix()).contains("from 300 to 370");
    // A switch value that is not one, and a read-only measurement, are refused the same way.
    assertThat(
            onlyProblem(
                    oneStep(
                        "chemical-reactor",
                        "{id: s, technique: T0855, params: {target: \"plc:plc-reactor\", tag:"
                            + " coolant_pump, value: \"maybe\"}, trigger: {at: 60s}}",
                        "{step: s}"))
                .fix())
        .contains("true or false");
    assertThat(
            onlyProblem(
                    oneStep(
                        "chemical-reactor",
                        "{id: m, technique: T0836, params: {target: \"plc:plc-reactor\", tag:"
                            + " reactor_temp, value: \"300\"}, trigger: {at: 60s}}",
                        "{step: m}"))
                .message())
        .contains("read-only");
  }

  @Test
  void unknownAndMissingParametersAreLoadErrorsNamingTheValidOnes() {
    Problem unknown =
        onlyProblem(
            oneStep(
                "water-treatment",
                "{id: d, technique: T0814, params: {target: \"plc:plc-dosing\", flood: yes},"
                    + " trigger: {at: 60s}}",
                "{step: d}"));
    assertThat(unknown.path()).isEqualTo("steps[0].params.flood");
    assertThat(unknown.fix()).contains("connections", "maxSeconds", "mode");
    Problem missing =
        onlyProblem(
            oneStep(
                "chemical-reactor",
                "{id: l, technique: T0859, params: {target: \"plc:plc-reactor\", username:"
                    + " operator}, trigger: {at: 60s}}",
                "{step: l}"));
    assertThat(missing.path()).isEqualTo("steps[0].params.password");
    assertThat(missing.message()).contains("needs parameter 'password'");
    // A choice with a bad value and a number outside its range.
    assertThat(
            onlyProblem(
                    oneStep(
                        "water-treatment",
                        "{id: d, technique: T0814, params: {target: \"plc:plc-dosing\","
                            + " maxSeconds: \"600\"}, trigger: {at: 60s}}",
                        "{step: d}"))
                .fix())
        .contains("from 1 to 60");
  }

  @Test
  void aTargetOfTheWrongKindIsALoadError() {
    Problem write =
        onlyProblem(
            oneStep(
                "chemical-reactor",
                "{id: w, technique: T0855, params: {target: \"role:historian\", tag:"
                    + " coolant_pump, value: \"false\"}, trigger: {at: 60s}}",
                "{step: w}"));
    assertThat(write.path()).isEqualTo("steps[0].params.target");
    assertThat(write.fix()).contains("plc:<controller>", "plc-reactor", "sis-reactor");
    Problem pivot =
        onlyProblem(
            oneStep(
                "chemical-reactor",
                "{id: p, technique: T0886, params: {target: \"plc:plc-reactor\", service: rdp},"
                    + " trigger: {at: 60s}}",
                "{step: p}"));
    assertThat(pivot.path()).isEqualTo("steps[0].params.target");
    assertThat(pivot.fix()).contains("role:<role>", "engineering-ws");
    // A tag of the plant that lives on another controller is not the target's.
    Problem elsewhere =
        onlyProblem(
            oneStep(
                "chemical-reactor",
                "{id: b, technique: T0880, params: {target: \"plc:plc-reactor\", tag:"
                    + " sis_bypass}, trigger: {at: 60s}}",
                "{step: b}"));
    assertThat(elsewhere.message()).contains("not a tag of controller plc-reactor");
  }

  @Test
  void programsAndAdversaryPositionsAreCheckedAgainstTheController() {
    Problem noHysteresis =
        onlyProblem(
            oneStep(
                "chemical-reactor",
                "{id: d, technique: T0843, params: {target: \"plc:plc-reactor\"}, trigger: {at:"
                    + " 60s}}",
                "{step: d}"));
    assertThat(noHysteresis.path()).isEqualTo("steps[0].params.variant");
    assertThat(noHysteresis.message()).contains("no hysteresis", "pid");
    Problem client =
        onlyProblem(
            oneStep(
                "chemical-reactor",
                "{id: m, technique: T0830, params: {target: \"plc:plc-reactor\", client: hmi-1,"
                    + " writes: \"temp_kp=0\"}, trigger: {at: 60s}}",
                "{step: m}"));
    assertThat(client.path()).isEqualTo("steps[0].params.client");
    assertThat(client.fix()).contains("role:<role>", "hmi");
    Problem write =
        onlyProblem(
            oneStep(
                "chemical-reactor",
                "{id: m, technique: T0830, params: {target: \"plc:plc-reactor\", client:"
                    + " \"role:hmi\", writes: \"temp_kp=1000\"}, trigger: {at: 60s}}",
                "{step: m}"));
    assertThat(write.path()).isEqualTo("steps[0].params.writes");
    assertThat(write.fix()).contains("from 0 to 100");
  }
}
