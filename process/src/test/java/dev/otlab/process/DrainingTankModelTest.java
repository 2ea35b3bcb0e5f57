package dev.otlab.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainingTankModelTest {

  private static final double G = 9.81;

  /** Torricelli: time to fall from h0 to h1 through an orifice. */
  private static double closedForm(double area, double cd, double orifice, double h0, double h1) {
    return area / (cd * orifice) * (Math.sqrt(2 * h0 / G) - Math.sqrt(2 * h1 / G));
  }

  private static double timeToFallTo(DrainingTankModel model, double level) {
    ProcessSimulation sim = new ProcessSimulation(model);
    sim.addLimit(new SafetyLimit("level", SafetyLimit.Direction.LOW, level, "empty"));
    for (int i = 1; i <= 40_000 && sim.crossings().isEmpty(); i++) {
      sim.advanceTo(i * 0.1);
    }
    assertThat(sim.crossings()).hasSize(1);
    return sim.crossings().get(0).time();
  }

  @Test
  void drainTimeMatchesTorricelli() {
    double measured = timeToFallTo(new DrainingTankModel(), 0.01);
    double expected = closedForm(1.0, 0.61, 1e-3, 1.0, 0.01);

    assertThat(measured).isCloseTo(expected, within(expected * 0.01));
    assertThat(measured).isCloseTo(expected, within(1e-3));
    System.out.printf(
        "Torricelli 1.0 m -> 0.01 m: %.4f s (closed form %.4f s)%n", measured, expected);
  }

  @Test
  void drainTimeToNearlyEmptyMatchesTheFullDrainTime() {
    Map<String, Double> p =
        Map.of(
            "area",
            2.0,
            "orifice_area",
            5e-4,
            "discharge_coefficient",
            0.8,
            "initial_level",
            1.5,
            "height",
            2.0);
    // Down to the laminar level, where Torricelli stops applying: 0.8 % short of the ideal drain.
    double measured = timeToFallTo(new DrainingTankModel(p), 1e-4);
    double fullDrain = 2.0 / (0.8 * 5e-4) * Math.sqrt(2 * 1.5 / G);

    assertThat(measured).isCloseTo(closedForm(2.0, 0.8, 5e-4, 1.5, 1e-4), within(1e-3));
    assertThat(measured).isCloseTo(fullDrain, within(fullDrain * 0.01));
  }

  @Test
  void anEmptyTankStaysEmptyAndAFullOneSpills() {
    ProcessSimulation sim = new ProcessSimulation(new DrainingTankModel());
    for (int i = 1; i <= 3600; i++) {
      sim.advanceTo(i);
    }
    assertThat(sim.value("level")).isBetween(0.0, 1e-4);

    sim.setInput("inflow", 10);
    // 10 m^3/h balances the orifice at h = (q / (Cd a))^2 / (2 g) = 1.0 m, below the 2 m rim.
    for (int i = 1; i <= 4 * 3600; i++) {
      sim.advanceTo(3600 + i);
    }
    double q = 10.0 / 3600;
    double balance = Math.pow(q / (0.61 * 1e-3), 2) / (2 * G);
    assertThat(sim.value("level")).isCloseTo(balance, within(1e-4));
    assertThat(sim.value("overflow")).isZero();

    ProcessSimulation spilling =
        new ProcessSimulation(
            new DrainingTankModel(
                Map.of("initial_inflow", 10.0, "orifice_area", 2e-4, "initial_level", 1.9)));
    for (int i = 1; i <= 6_000; i++) {
      spilling.advanceTo(i * 0.1);
    }
    assertThat(spilling.value("level")).isEqualTo(2.0);
    double orificeOut = 0.61 * 2e-4 * Math.sqrt(2 * G * 2.0) * 3600;
    assertThat(spilling.value("overflow")).isCloseTo(10 - orificeOut, within(1e-6));
  }
}
