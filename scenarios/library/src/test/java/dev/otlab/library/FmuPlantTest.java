package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.process.LimitCrossing;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantProcess;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One plant, a level-controlled draining tank, written twice: its process as equations, and as the
 * FMU the build compiles from C (the process module's test FMU, built here by the same script).
 * Both plant files load from a folder of their own, the FMU named relative to its plant file, and
 * run whole on the simulator's Plant with the same PLC and the same operator moves; they give the
 * same trajectory and the same trip crossings.
 */
class FmuPlantTest {

  /** The process block of the FMU form; the FMU's parameters are its defaults but two. */
  static final String FMU =
      """
        fmu:
          file: models/draining-tank.fmu
          step: 0.1
          snapshots: true
          inputs: {inflow: inflow}
          outputs: {level: level, outflow: outflow, overflow: overflow}
          parameters: {orifice_area: 5.0e-4}
        parameters: {area: 0.5}
      """;

  /** The same tank as equations (the C source's model, Torricelli with a laminar tail). */
  static final String EQUATIONS =
      """
        equations:
          parameters:
            - {name: area, value: 1.0, unit: m^2, constraint: positive}
            - {name: orifice_area, value: 5.0e-4, unit: m^2, constraint: positive}
            - {name: discharge_coefficient, value: 0.61, constraint: fraction}
            - {name: gravity, value: 9.81, unit: m/s^2, constraint: positive}
            - {name: height, value: 2.0, unit: m, constraint: positive}
            - {name: laminar_level, value: 1.0e-4, unit: m, constraint: positive}
            - {name: max_inflow, value: 10, unit: m^3/h, constraint: positive}
          states:
            - {name: level, unit: m, initial: 1.0, derivative: (inflow - outflow_rate) / area, min: 0, max: height}
          inputs:
            - {name: inflow, unit: m^3/h, min: 0, max: max_inflow}
          algebraics:
            # Torricelli's law, linear below the laminar level so the derivative stays finite.
            - name: outflow_rate
              unit: m^3/h
              expression: >-
                if(level >= laminar_level,
                   discharge_coefficient * orifice_area * sqrt(2 * gravity * level),
                   discharge_coefficient * orifice_area * sqrt(2 * gravity * laminar_level) * level / laminar_level)
          outputs:
            - {tag: outflow, expression: outflow_rate}
            - {tag: overflow, expression: "if(level >= height, pos(inflow - outflow_rate), 0)", unit: m^3/h}
        parameters: {area: 0.5}
      """;

  /** Everything but the process: the tags, a level PI loop on the inflow valve. */
  static String plant(String id, String process) {
    return "id: "
        + id
        + "\nprocess:\n"
        + process
        + """
        tags:
          - {name: level, unit: m, trip: {low: 0.25, high: 1.95}, hazard: the tank runs dry or over}
          - {name: outflow, unit: m3/h}
        controllers:
          - id: plc-tank
            points:
              - {tag: level, table: input-register, address: 0, type: float32, unit: m, min: 0, max: 3, input: level}
              - {tag: level_sp, table: holding-register, address: 0, type: float32, unit: m, min: 0, max: 3, initial: 1.2, writable: true}
              - {tag: inflow, table: holding-register, address: 2, type: float32, unit: m3/h, min: 0, max: 10, writable: true, output: inflow}
              - {tag: level_auto, table: coil, address: 0, initial: 1, writable: true}
            logic:
              - {type: pid, pv: level, sp: level_sp, output: inflow, kp: 20, ti: 60, min: 0, max: 10, action: reverse, auto: level_auto}
        """;
  }

  record Run(List<Map<String, Double>> samples, List<LimitCrossing> crossings) {}

  /**
   * The plant on the lab clock for 30 minutes: the loop lifts the level to 1.2 m, the operator
   * raises the setpoint to 1.97 m above the high trip (the tank reaches the rim), then puts the
   * loop in manual with the valve shut and the tank drains past its low trip.
   */
  private static Run run(PlantSpec spec) {
    LabClock clock = new LabClock(7, Speed.MAX);
    List<Map<String, Double>> samples = new ArrayList<>();
    Plant plant = Plant.create(spec, clock);
    Run run;
    try (plant) {
      plant.schedule();
      clock.scheduleAt("raise", Phase.OUTPUTS, 300, () -> plant.set("level_sp", 2.5));
      clock.scheduleAt("shut", Phase.OUTPUTS, 900, () -> plant.set("inflow", 0));
      clock.schedulePeriodic(
          "sample", Phase.SENSORS, 1.0, 0, () -> samples.add(Map.copyOf(plant.processValues())));
      clock.runUntil(1800);
      run = new Run(samples, plant.crossings());
    }
    // Closed, the FMU's native instance is gone and the process cannot step any more.
    if (spec.process() instanceof PlantProcess.Fmu) {
      assertThatThrownBy(() -> plant.process().advanceTo(1900))
          .isInstanceOf(IllegalStateException.class);
    }
    return run;
  }

  @Test
  void theSamePlantAsEquationsAndAsFmuGivesTheSameTrajectory(@TempDir Path dir) throws Exception {
    String built =
        System.getProperty("otlab.test.fmu.draining-tank", "target/fmu/draining-tank.fmu");
    assertThat(Path.of(built)).as("the FMU the build makes").isRegularFile();
    Files.createDirectories(dir.resolve("models"));
    Files.copy(Path.of(built), dir.resolve("models/draining-tank.fmu"));
    Path asFmu = dir.resolve("tank-fmu.yaml");
    Path asEquations = dir.resolve("tank-equations.yaml");
    Files.writeString(asFmu, plant("tank-fmu", FMU));
    Files.writeString(asEquations, plant("tank-equations", EQUATIONS));

    PlantSpec fmu = PlantLoader.parse(asFmu.toString(), Files.readString(asFmu));
    PlantSpec equations = PlantLoader.parse(asEquations.toString(), Files.readString(asEquations));
    assertThat(fmu.process()).isInstanceOf(PlantProcess.Fmu.class);
    assertThat(((PlantProcess.Fmu) fmu.process()).spec().file())
        .isEqualTo(dir.resolve("models/draining-tank.fmu"));
    assertThat(fmu.model()).isEqualTo("tank-fmu");
    assertThat(equations.process()).isInstanceOf(PlantProcess.Declared.class);

    Run e = run(equations);
    Run f = run(fmu);
    assertThat(f.samples()).hasSameSizeAs(e.samples()).hasSizeGreaterThan(1700);
    double worstLevel = 0;
    double worstOutflow = 0;
    double highest = 0;
    for (int i = 0; i < e.samples().size(); i++) {
      Map<String, Double> ev = e.samples().get(i);
      Map<String, Double> fv = f.samples().get(i);
      worstLevel = Math.max(worstLevel, Math.abs(ev.get("level") - fv.get("level")));
      worstOutflow = Math.max(worstOutflow, Math.abs(ev.get("outflow") - fv.get("outflow")));
      highest = Math.max(highest, ev.get("level"));
      assertThat(fv.get("inflow")).isCloseTo(ev.get("inflow"), within(1e-3));
    }
    System.out.printf(
        "equations against FMU: level %.3g m, outflow %.3g m3/h apart at most; %d crossings%n",
        worstLevel, worstOutflow, e.crossings().size());
    // The FMU integrates with RK4 in 10 ms substeps, the equations with Dormand-Prince at 1e-8:
    // both far inside a micrometre on a 2 m tank, through control, the rim and the drain.
    assertThat(worstLevel).isLessThan(1e-6);
    assertThat(worstOutflow).isLessThan(1e-5);
    assertThat(highest).isGreaterThan(1.95);
    // High trip on the way up, low trip while draining: the same crossings, at the same times.
    assertThat(e.crossings()).hasSize(3);
    assertThat(f.crossings()).hasSameSizeAs(e.crossings());
    for (int i = 0; i < e.crossings().size(); i++) {
      assertThat(f.crossings().get(i).limit()).isEqualTo(e.crossings().get(i).limit());
      assertThat(f.crossings().get(i).entered()).isEqualTo(e.crossings().get(i).entered());
      assertThat(f.crossings().get(i).time()).isCloseTo(e.crossings().get(i).time(), within(0.05));
    }
  }
}
