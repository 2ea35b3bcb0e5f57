package dev.otlab.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaterTreatmentModelTest {

  private static final double WINDOW = 0.1;

  private static void run(ProcessSimulation sim, double until) {
    run(sim, until, WINDOW);
  }

  /** Advances in windows; with inputs held, the window only changes the cost, not the answer. */
  private static void run(ProcessSimulation sim, double until, double window) {
    long n = Math.round((until - sim.time()) / window);
    double start = sim.time();
    for (long i = 1; i <= n; i++) {
      sim.advanceTo(start + i * window);
    }
  }

  private static String code(Throwable e) {
    return ((OtlabException) e).code();
  }

  @Test
  void defaultsStartAtABalancedOperatingPoint() {
    ProcessSimulation sim = new ProcessSimulation(new WaterTreatmentModel());
    Map<String, Double> v0 = sim.values();
    assertThat(v0)
        .containsKeys(
            "raw_level",
            "treated_level",
            "chlorine",
            "valve_position",
            "pump_speed",
            "pump_flow",
            "inflow",
            "outflow",
            "dry_run",
            "raw_overflow",
            "treated_overflow",
            "inflow_valve",
            "pump_on",
            "dosing_rate",
            "demand");
    assertThat(v0.get("inflow")).isCloseTo(30, within(1e-9));
    assertThat(v0.get("pump_flow")).isCloseTo(30, within(1e-9));
    assertThat(v0.get("outflow")).isCloseTo(30, within(1e-9));

    run(sim, 3600);

    assertThat(sim.value("raw_level")).isCloseTo(2.0, within(1e-9));
    assertThat(sim.value("treated_level")).isCloseTo(2.0, within(1e-9));
    assertThat(sim.value("chlorine")).isCloseTo(1.5, within(1e-9));
    assertThat(sim.value("dry_run")).isZero();
  }

  @Test
  void levelsChangeByNetFlowOverArea() {
    WaterTreatmentModel model =
        new WaterTreatmentModel(Map.of("initial_inflow_valve", 1.0, "initial_demand", 10.0));
    ProcessSimulation sim = new ProcessSimulation(model);

    run(sim, 600);

    // Raw: (36 - 30) m^3/h over 600 s on 5 m^2; treated: (30 - 10) m^3/h likewise.
    double rawRise = (36.0 - 30.0) / 3600 * 600 / 5;
    double treatedRise = (30.0 - 10.0) / 3600 * 600 / 5;
    assertThat(sim.value("raw_level")).isCloseTo(2.0 + rawRise, within(1e-9));
    assertThat(sim.value("treated_level")).isCloseTo(2.0 + treatedRise, within(1e-9));
  }

  @Test
  void actuatorsFollowTheirCommandsWithFirstOrderLag() {
    ProcessSimulation sim =
        new ProcessSimulation(
            new WaterTreatmentModel(Map.of("initial_inflow_valve", 1.0, "initial_pump_on", 0.0)));
    sim.setInput("inflow_valve", 0);
    sim.setInput("pump_on", 1);
    run(sim, 5);
    assertThat(sim.value("valve_position")).isCloseTo(Math.exp(-1), within(1e-7));
    assertThat(sim.value("inflow")).isCloseTo(36 * Math.exp(-1), within(1e-6));
    assertThat(sim.value("pump_speed")).isCloseTo(1 - Math.exp(-2.5), within(1e-7));
  }

  @Test
  void tanksOverflowAtTheirHeight() {
    ProcessSimulation sim =
        new ProcessSimulation(
            new WaterTreatmentModel(
                Map.of(
                    "initial_inflow_valve", 1.0,
                    "initial_raw_level", 3.9,
                    "initial_treated_level", 3.95,
                    "initial_demand", 0.0)));
    // A limit must sit between the resting and the violated value: the root finder looks for a
    // sign change, and an overflow resting at exactly 0 has none.
    SafetyLimit spill =
        new SafetyLimit("raw_overflow", SafetyLimit.Direction.HIGH, 0.01, "raw tank spills");
    sim.addLimit(spill);

    run(sim, 600);

    assertThat(sim.value("raw_level")).isEqualTo(4.0);
    assertThat(sim.value("treated_level")).isEqualTo(4.0);
    assertThat(sim.value("raw_overflow")).isCloseTo(6, within(1e-6));
    assertThat(sim.value("treated_overflow")).isCloseTo(30, within(1e-6));
    // Raw rises at (36 - 30) m^3/h on 5 m^2: 0.1 m takes 300 s.
    assertThat(sim.crossings()).hasSize(1);
    assertThat(sim.crossings().get(0).time()).isCloseTo(300, within(1e-3));

    sim.setInput("inflow_valve", 0);
    run(sim, 700);
    assertThat(sim.value("raw_level")).isLessThan(4.0);
    assertThat(sim.value("raw_overflow")).isZero();
    assertThat(sim.crossings()).hasSize(2);
    assertThat(sim.crossings().get(1).entered()).isFalse();
  }

  @Test
  void pumpRunningOnAnEmptyingTankRunsDryAndMovesNoWater() {
    ProcessSimulation sim =
        new ProcessSimulation(
            new WaterTreatmentModel(Map.of("initial_inflow_valve", 0.0, "initial_raw_level", 0.5)));
    SafetyLimit dry = new SafetyLimit("dry_run", SafetyLimit.Direction.HIGH, 0.5, "seal damage");
    sim.addLimit(dry);
    SafetyLimit low = new SafetyLimit("raw_level", SafetyLimit.Direction.LOW, 0.1, "dry run");
    sim.addLimit(low);

    run(sim, 1200);

    // 0.4 m of 5 m^2 at 30 m^3/h: 240 s; the valve lag adds a little inflow first: its
    // integral is 36 m^3/h * 0 (the valve starts closed), so none.
    assertThat(sim.crossings()).hasSize(2);
    assertThat(sim.crossings().get(0).time()).isCloseTo(240, within(1e-3));
    assertThat(sim.crossings().get(1).time()).isCloseTo(240, within(1e-3));
    assertThat(sim.value("dry_run")).isEqualTo(1.0);
    assertThat(sim.value("raw_level")).isPositive().isLessThan(0.001);
    assertThat(sim.value("pump_flow")).isLessThan(0.01);
    assertThat(sim.value("pump_speed")).isCloseTo(1.0, within(1e-9));

    sim.setInput("pump_on", 0);
    assertThat(sim.value("dry_run")).isZero();
    assertThat(sim.crossings()).hasSize(3);
    LimitCrossing off = sim.crossings().get(2);
    assertThat(off.limit()).isEqualTo(dry);
    assertThat(off.entered()).isFalse();
    assertThat(off.time()).isEqualTo(1200.0);
  }

  @Test
  void chlorineSettlesAtDoseOverPumpFlowPlusDecay() {
    double dose = 100; // g/h
    ProcessSimulation sim =
        new ProcessSimulation(new WaterTreatmentModel(Map.of("initial_dosing_rate", dose)));
    run(sim, 4 * 3600, 1.0);

    double volume = 5 * 2.0; // m^3, level held by the balanced flows
    double expected = dose / (30 + 1e-5 * 3600 * volume); // g/m^3 = mg/L
    assertThat(sim.value("treated_level")).isCloseTo(2.0, within(1e-9));
    assertThat(sim.value("chlorine")).isCloseTo(expected, within(expected * 1e-4));
    System.out.printf(
        "Chlorine steady state %.6f mg/L (analytic %.6f)%n", sim.value("chlorine"), expected);
  }

  @Test
  void consumersGetNothingFromAnEmptyTreatedTank() {
    ProcessSimulation sim =
        new ProcessSimulation(
            new WaterTreatmentModel(
                Map.of(
                    "initial_pump_on", 0.0,
                    "initial_demand", 30.0,
                    "initial_treated_level", 0.5,
                    "initial_dosing_rate", 45.0)));
    run(sim, 1800);
    assertThat(sim.value("treated_level")).isBetween(0.0, 1e-3);
    assertThat(sim.value("outflow")).isLessThan(0.5);
    // With no water moving the dose concentrates in what is left: an attack outcome.
    assertThat(sim.value("chlorine")).isGreaterThan(4);
  }

  @Test
  void inputsAreClampedAndNaNIsRefused() {
    WaterTreatmentModel m = new WaterTreatmentModel();
    m.setInput("inflow_valve", 1.7);
    assertThat(m.input("inflow_valve")).isEqualTo(1.0);
    m.setInput("pump_on", 0.7);
    assertThat(m.input("pump_on")).isEqualTo(1.0);
    m.setInput("pump_on", 0.3);
    assertThat(m.input("pump_on")).isZero();
    m.setInput("dosing_rate", 1e6);
    assertThat(m.input("dosing_rate")).isEqualTo(150);
    m.setInput("demand", -5);
    assertThat(m.input("demand")).isZero();
    assertThatThrownBy(() -> m.setInput("demand", Double.NaN))
        .isInstanceOf(OtlabException.class)
        .extracting(WaterTreatmentModelTest::code)
        .isEqualTo("PROCESS_INPUT_INVALID");
    assertThatThrownBy(() -> m.setInput("pump", 1))
        .isInstanceOf(OtlabException.class)
        .extracting(WaterTreatmentModelTest::code)
        .isEqualTo("TAG_UNKNOWN");
    assertThat(m.inputTags()).containsExactly("inflow_valve", "pump_on", "dosing_rate", "demand");
    assertThat(new WaterTreatmentModel(Map.of("max_dosing_rate", 500.0)).kind())
        .isEqualTo("water-treatment");
  }

  @Test
  void badParametersAreRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> new WaterTreatmentModel(Map.of("raw_aera", 5.0)))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("raw_aera")
        .satisfies(
            e -> {
              assertThat(code(e)).isEqualTo("PROCESS_PARAMETER_UNKNOWN");
              assertThat(((OtlabException) e).remedy()).contains("raw_area", "chlorine_decay");
            });
    List<Map<String, Double>> bad = new ArrayList<>();
    bad.add(Map.of("raw_area", 0.0));
    bad.add(Map.of("treated_area", -1.0));
    bad.add(Map.of("pump_flow", Double.NaN));
    bad.add(Map.of("valve_time_constant", Double.POSITIVE_INFINITY));
    bad.add(Map.of("chlorine_decay", -1e-5));
    bad.add(Map.of("initial_raw_level", 4.5));
    bad.add(Map.of("initial_inflow_valve", 1.5));
    Map<String, Double> nullValue = new HashMap<>();
    nullValue.put("raw_height", null);
    bad.add(nullValue);
    for (Map<String, Double> overrides : bad) {
      assertThatThrownBy(() -> new WaterTreatmentModel(overrides))
          .as("overrides %s", overrides)
          .isInstanceOf(OtlabException.class)
          .extracting(WaterTreatmentModelTest::code)
          .isEqualTo("PROCESS_PARAMETER_INVALID");
    }
    assertThat(new WaterTreatmentModel(Map.of("chlorine_decay", 0.0)).parameters().get("raw_area"))
        .isEqualTo(5.0);
  }

  @Test
  void sameInputsGiveIdenticalTrajectories() {
    assertThat(trajectory().toArray(new double[0][]))
        .isDeepEqualTo(trajectory().toArray(new double[0][]));
  }

  private static List<double[]> trajectory() {
    ProcessSimulation sim = new ProcessSimulation(new WaterTreatmentModel());
    sim.addLimit(new SafetyLimit("raw_level", SafetyLimit.Direction.HIGH, 2.05, "high"));
    List<double[]> out = new ArrayList<>();
    for (int i = 1; i <= 6000; i++) {
      sim.setInput("inflow_valve", 0.8 + 0.2 * Math.sin(i / 300.0));
      sim.setInput("pump_on", (i / 1000) % 2 == 0 ? 1 : 0);
      sim.advanceTo(i * WINDOW);
      out.add(sim.state());
    }
    out.add(new double[] {sim.crossings().size()});
    return out;
  }
}
