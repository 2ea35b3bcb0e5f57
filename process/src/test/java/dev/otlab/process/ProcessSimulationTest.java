package dev.otlab.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProcessSimulationTest {

  private static String code(Throwable e) {
    return ((OtlabException) e).code();
  }

  @Test
  void timeOnlyMovesForward() {
    ProcessSimulation sim = new ProcessSimulation(new DrainingTankModel());
    sim.advanceTo(10);
    double[] at10 = sim.state();
    sim.advanceTo(10);
    assertThat(sim.state()).containsExactly(at10);
    for (double bad : new double[] {9.9, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> sim.advanceTo(bad))
          .isInstanceOf(OtlabException.class)
          .extracting(ProcessSimulationTest::code)
          .isEqualTo("PROCESS_TIME_INVALID");
    }
    assertThat(sim.time()).isEqualTo(10);
    assertThatThrownBy(() -> new ProcessSimulation(new DrainingTankModel(), 0))
        .isInstanceOf(OtlabException.class)
        .extracting(ProcessSimulationTest::code)
        .isEqualTo("PROCESS_STEP_INVALID");
  }

  @Test
  void safetyLimitsAreValidated() {
    assertThatThrownBy(() -> new SafetyLimit("level", SafetyLimit.Direction.LOW, Double.NaN, "x"))
        .isInstanceOf(OtlabException.class)
        .extracting(ProcessSimulationTest::code)
        .isEqualTo("SAFETY_LIMIT_INVALID");
    assertThatThrownBy(
            () ->
                new SafetyLimit("level", SafetyLimit.Direction.HIGH, Double.NEGATIVE_INFINITY, "x"))
        .isInstanceOf(OtlabException.class);
    assertThatThrownBy(() -> new SafetyLimit(" ", SafetyLimit.Direction.LOW, 1, "x"))
        .isInstanceOf(OtlabException.class);
    assertThatThrownBy(() -> new SafetyLimit("level", null, 1, "x"))
        .isInstanceOf(OtlabException.class);
    assertThatThrownBy(() -> new SafetyLimit("level", SafetyLimit.Direction.LOW, 1, ""))
        .isInstanceOf(OtlabException.class);

    ProcessSimulation sim = new ProcessSimulation(new DrainingTankModel());
    assertThatThrownBy(
            () -> sim.addLimit(new SafetyLimit("levle", SafetyLimit.Direction.LOW, 1, "empty")))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("levle")
        .extracting(ProcessSimulationTest::code)
        .isEqualTo("TAG_UNKNOWN");
    assertThat(sim.limits()).isEmpty();
  }

  @Test
  void crossingTimesDoNotDependOnTheWindow() {
    ProcessSimulation fine = new ProcessSimulation(new DrainingTankModel());
    ProcessSimulation coarse = new ProcessSimulation(new DrainingTankModel());
    SafetyLimit half = new SafetyLimit("level", SafetyLimit.Direction.LOW, 0.5, "low");
    fine.addLimit(half);
    coarse.addLimit(half);

    for (int i = 1; i <= 6000; i++) {
      fine.advanceTo(i * 0.1);
    }
    coarse.advanceTo(600);

    assertThat(fine.crossings()).hasSize(1);
    assertThat(coarse.crossings()).hasSize(1);
    assertThat(fine.crossings().get(0).time())
        .isCloseTo(coarse.crossings().get(0).time(), within(1e-5));
    assertThat(fine.crossings().get(0).entered()).isTrue();
    assertThat(fine.state()[0]).isCloseTo(coarse.state()[0], within(1e-8));
  }

  @Test
  void aLimitViolatedAtRegistrationIsActiveAndItsClearingIsRecorded() {
    ProcessSimulation sim =
        new ProcessSimulation(new DrainingTankModel(Map.of("initial_level", 1.5)));
    SafetyLimit high = new SafetyLimit("level", SafetyLimit.Direction.HIGH, 1.2, "spill risk");
    sim.addLimit(high);
    assertThat(sim.violatedLimits()).containsExactly(high);
    assertThat(sim.crossings()).isEmpty();

    sim.advanceTo(600);

    assertThat(sim.violatedLimits()).isEmpty();
    assertThat(sim.crossings()).hasSize(1);
    LimitCrossing c = sim.crossings().get(0);
    assertThat(c.entered()).isFalse();
    double expected = 1.0 / (0.61 * 1e-3) * (Math.sqrt(2 * 1.5 / 9.81) - Math.sqrt(2 * 1.2 / 9.81));
    assertThat(c.time()).isCloseTo(expected, within(1e-4));
  }

  @Test
  void anInputStepThatFlipsAFlagIsACrossingAtThatTime() {
    ProcessSimulation sim =
        new ProcessSimulation(
            new WaterTreatmentModel(Map.of("initial_raw_level", 0.05, "initial_pump_on", 0.0)));
    SafetyLimit dry = new SafetyLimit("dry_run", SafetyLimit.Direction.HIGH, 0.5, "seals");
    sim.addLimit(dry);
    sim.advanceTo(12.3);
    sim.setInput("pump_on", 1);
    assertThat(sim.crossings()).containsExactly(new LimitCrossing(12.3, dry, true));
  }

  @Test
  void waterLevelsStayPhysicalUnderRandomOperation() {
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      ProcessSimulation sim =
          new ProcessSimulation(
              new WaterTreatmentModel(
                  Map.of(
                      "initial_raw_level", rnd.nextDouble(0, 4),
                      "initial_treated_level", rnd.nextDouble(0, 4))));
      double t = 0;
      for (int change = 0; change < 40; change++) {
        sim.setInput("inflow_valve", rnd.nextDouble(-0.2, 1.2));
        sim.setInput("pump_on", rnd.nextInt(2));
        sim.setInput("dosing_rate", rnd.nextDouble(0, 200));
        sim.setInput("demand", rnd.nextDouble(0, 80));
        double until = t + rnd.nextDouble(1, 300);
        while (t < until) {
          t = Math.min(until, t + 1);
          sim.advanceTo(t);
          Map<String, Double> v = sim.values();
          assertThat(v.get("raw_level")).as("seed %d", seed).isBetween(0.0, 4.0);
          assertThat(v.get("treated_level")).as("seed %d", seed).isBetween(0.0, 4.0);
          assertThat(v.get("chlorine")).as("seed %d", seed).isNotNegative();
          assertThat(v.get("pump_flow")).as("seed %d", seed).isBetween(0.0, 30.0);
          assertThat(v.values()).allMatch(Double::isFinite);
        }
      }
    }
  }

  @Test
  void modelsAreCreatedByKind() {
    for (String kind : ProcessModels.KINDS) {
      ProcessModel m = ProcessModels.create(kind, Map.of());
      assertThat(m.kind()).isEqualTo(kind);
      assertThat(m.initialState()).hasSize(m.getDimension());
      assertThat(m.stateTags()).hasSize(m.getDimension());
      assertThat(m.units().keySet()).containsExactlyElementsOf(m.values(m.initialState()).keySet());
      assertThat(ProcessModels.parameters(kind)).isNotEmpty();
    }
    assertThatThrownBy(() -> ProcessModels.create("nuclear-reactor", Map.of()))
        .isInstanceOf(OtlabException.class)
        .satisfies(
            e -> {
              assertThat(code(e)).isEqualTo("PROCESS_KIND_UNKNOWN");
              assertThat(((OtlabException) e).remedy()).contains("water-treatment");
            });
  }
}
