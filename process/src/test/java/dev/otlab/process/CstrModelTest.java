package dev.otlab.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class CstrModelTest {

  private static final double WINDOW = 0.1;

  /** Steady state (CA, T) of the reactor balances with the coolant and feed held. */
  private record SteadyState(double ca, double temp) {}

  /**
   * All steady states for a coolant temperature, found from the model's own derivatives: for each T
   * the mass balance fixes CA (dCA/dt is monotone in CA), leaving a scalar energy balance whose
   * sign changes are bracketed on a fine grid and bisected.
   */
  private static List<SteadyState> steadyStates(double coolant) {
    CstrModel m = new CstrModel(Map.of("initial_coolant_temp", coolant));
    List<SteadyState> found = new ArrayList<>();
    double prevT = 250;
    double prevF = energyResidual(m, coolant, prevT);
    for (double temp = 250.05; temp < 600; temp += 0.05) {
      double f = energyResidual(m, coolant, temp);
      if (Math.signum(f) != Math.signum(prevF)) {
        double a = prevT;
        double b = temp;
        for (int i = 0; i < 80; i++) {
          double mid = 0.5 * (a + b);
          if (Math.signum(energyResidual(m, coolant, mid)) == Math.signum(prevF)) {
            a = mid;
          } else {
            b = mid;
          }
        }
        double t = 0.5 * (a + b);
        found.add(new SteadyState(massBalanceCa(m, coolant, t), t));
      }
      prevT = temp;
      prevF = f;
    }
    return found;
  }

  private static double[] derivatives(CstrModel m, double ca, double temp, double coolant) {
    double[] yDot = new double[4];
    m.computeDerivatives(0, new double[] {ca, temp, coolant, 1.0}, yDot);
    return yDot;
  }

  private static double massBalanceCa(CstrModel m, double coolant, double temp) {
    double a = 0;
    double b = 1;
    for (int i = 0; i < 80; i++) {
      double mid = 0.5 * (a + b);
      if (derivatives(m, mid, temp, coolant)[0] > 0) {
        a = mid;
      } else {
        b = mid;
      }
    }
    return 0.5 * (a + b);
  }

  private static double energyResidual(CstrModel m, double coolant, double temp) {
    return derivatives(m, massBalanceCa(m, coolant, temp), temp, coolant)[1];
  }

  @Test
  void operatingPointIsTheUnstableMiddleOfThreeSteadyStates() {
    List<SteadyState> states = steadyStates(300);

    assertThat(states).hasSize(3);
    SteadyState middle = states.get(1);
    assertThat(middle.ca()).isCloseTo(0.5, within(0.5 * 0.005));
    assertThat(middle.temp()).isCloseTo(350.0, within(350 * 0.005));
    assertThat(states.get(0).temp()).isCloseTo(324.48, within(0.05));
    assertThat(states.get(0).ca()).isCloseTo(0.8773, within(0.001));
    assertThat(states.get(2).temp()).isCloseTo(369.70, within(0.05));
    assertThat(states.get(2).ca()).isCloseTo(0.2088, within(0.001));

    CstrModel m = new CstrModel();
    double[] yDot = new double[4];
    m.computeDerivatives(0, m.initialState(), yDot);
    assertThat(yDot[0]).isCloseTo(0, within(1e-5));
    assertThat(yDot[1]).isCloseTo(0, within(1e-3));
    assertThat(yDot[2]).isZero();
    assertThat(yDot[3]).isZero();
  }

  @Test
  void jacobianAtTheOperatingPointHasAnUnstableEigenvalue() {
    // About +2.83 per minute from the linearised balances.
    assertThat(largestRealEigenvalue(new CstrModel().initialState()) * 60)
        .isCloseTo(2.83, within(0.05));
  }

  /** Largest real part of the eigenvalues of the numerical Jacobian at a state. */
  private static double largestRealEigenvalue(double[] y0) {
    CstrModel m = new CstrModel();
    int n = y0.length;
    double[][] jac = new double[n][n];
    for (int j = 0; j < n; j++) {
      double h = 1e-6 * Math.max(1, Math.abs(y0[j]));
      double[] up = y0.clone();
      double[] down = y0.clone();
      up[j] += h;
      down[j] -= h;
      double[] fUp = new double[n];
      double[] fDown = new double[n];
      m.computeDerivatives(0, up, fUp);
      m.computeDerivatives(0, down, fDown);
      for (int i = 0; i < n; i++) {
        jac[i][j] = (fUp[i] - fDown[i]) / (2 * h);
      }
    }
    double[] re = new EigenDecomposition(new Array2DRowRealMatrix(jac)).getRealEigenvalues();
    double largest = Double.NEGATIVE_INFINITY;
    for (double r : re) {
      largest = Math.max(largest, r);
    }
    return largest;
  }

  @Test
  void smallPerturbationsLeaveTheOperatingPointWhileTheOuterStatesAreStable() {
    ProcessSimulation hot =
        new ProcessSimulation(new CstrModel(Map.of("initial_reactor_temp", 350.5)));
    ProcessSimulation cold =
        new ProcessSimulation(new CstrModel(Map.of("initial_reactor_temp", 349.5)));
    double hotPeak = 0;
    for (int i = 1; i <= 600; i++) {
      hot.advanceTo(i * WINDOW);
      cold.advanceTo(i * WINDOW);
      hotPeak = Math.max(hotPeak, hot.value("reactor_temp"));
    }
    assertThat(hot.value("reactor_temp")).isGreaterThan(352);
    assertThat(cold.value("reactor_temp")).isLessThan(348);

    hot.advanceTo(7200);
    cold.advanceTo(7200);
    // Half a kelvin too hot burns off the reactant in a spike of about 40 K, after which the
    // reactor falls to the cold steady state. The hot steady state (0.209 mol/L, 369.7 K) is an
    // unstable focus with these parameters, so the cold one is the only stable state at 300 K.
    assertThat(hotPeak).isGreaterThan(385);
    assertThat(hot.value("reactor_temp")).isCloseTo(324.475, within(0.01));
    assertThat(cold.value("reactor_temp")).isCloseTo(324.475, within(0.01));
    assertThat(largestRealEigenvalue(new double[] {0.2088, 369.705, 300, 1})).isPositive();
    assertThat(largestRealEigenvalue(new double[] {0.8773, 324.475, 300, 1})).isNegative();
  }

  @Test
  void withCoolantAt290TheReactorSettlesAtItsOnlySteadyState() {
    List<SteadyState> states = steadyStates(290);
    assertThat(states).hasSize(1);
    SteadyState only = states.get(0);
    assertThat(only.ca()).isCloseTo(0.952, within(0.952 * 0.005));
    assertThat(only.temp()).isCloseTo(312.7, within(312.7 * 0.005));

    CstrModel model = new CstrModel();
    ProcessSimulation sim = new ProcessSimulation(model);
    sim.setInput("coolant_temp", 290);
    for (int i = 1; i <= 72_000; i++) {
      sim.advanceTo(i * WINDOW);
    }

    assertThat(sim.value("concentration_a")).isCloseTo(0.952, within(0.952 * 0.005));
    assertThat(sim.value("reactor_temp")).isCloseTo(312.7, within(312.7 * 0.005));
    assertThat(sim.value("concentration_a")).isCloseTo(only.ca(), within(1e-6));
    assertThat(sim.value("reactor_temp")).isCloseTo(only.temp(), within(1e-4));
  }

  /** Reference: classical RK4 with a 1 ms step, crossing time by linear interpolation. */
  private static double referenceCrossingTime(CstrModel model, double limit) {
    double h = 1e-3;
    double[] y = model.initialState();
    int n = y.length;
    double[] k1 = new double[n];
    double[] k2 = new double[n];
    double[] k3 = new double[n];
    double[] k4 = new double[n];
    double[] tmp = new double[n];
    double t = 0;
    while (t < 3600) {
      model.computeDerivatives(t, y, k1);
      for (int i = 0; i < n; i++) {
        tmp[i] = y[i] + 0.5 * h * k1[i];
      }
      model.computeDerivatives(t + 0.5 * h, tmp, k2);
      for (int i = 0; i < n; i++) {
        tmp[i] = y[i] + 0.5 * h * k2[i];
      }
      model.computeDerivatives(t + 0.5 * h, tmp, k3);
      for (int i = 0; i < n; i++) {
        tmp[i] = y[i] + h * k3[i];
      }
      model.computeDerivatives(t + h, tmp, k4);
      double before = y[1];
      for (int i = 0; i < n; i++) {
        y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      }
      if (before < limit && y[1] >= limit) {
        return t + h * (limit - before) / (y[1] - before);
      }
      t += h;
    }
    throw new AssertionError("reference never crossed " + limit);
  }

  @Test
  void lossOfCoolingRunsAwayAndTheHighLimitIsLocatedPrecisely() {
    CstrModel model = new CstrModel(Map.of("initial_coolant_pump", 0.0));
    ProcessSimulation sim = new ProcessSimulation(model);
    SafetyLimit high = new SafetyLimit("reactor_temp", SafetyLimit.Direction.HIGH, 400, "runaway");
    sim.addLimit(high);
    List<LimitCrossing> heard = new ArrayList<>();
    sim.addListener(heard::add);

    for (int i = 1; i <= 3000; i++) {
      sim.advanceTo(i * WINDOW);
    }

    assertThat(sim.crossings()).hasSize(1);
    LimitCrossing c = sim.crossings().get(0);
    assertThat(heard).containsExactly(c);
    assertThat(c.entered()).isTrue();
    assertThat(c.limit()).isEqualTo(high);
    double reference =
        referenceCrossingTime(new CstrModel(Map.of("initial_coolant_pump", 0.0)), 400);
    assertThat(c.time()).isCloseTo(reference, within(1e-3));
    // Runaway within seconds: about 9 s from losing the coolant pump.
    assertThat(c.time()).isBetween(5.0, 60.0);
    assertThat(sim.violatedLimits()).containsExactly(high);
    assertThat(sim.value("reactor_temp")).isGreaterThan(500);
    System.out.printf(
        "CSTR loss of cooling: T passes 400 K at %.4f s (reference %.4f s)%n", c.time(), reference);
  }

  @Test
  void aListenerTripTakesEffectAtTheCrossingTime() {
    ProcessSimulation tripped =
        new ProcessSimulation(new CstrModel(Map.of("initial_coolant_pump", 0.0)));
    tripped.addLimit(new SafetyLimit("reactor_temp", SafetyLimit.Direction.HIGH, 360, "runaway"));
    tripped.addListener(
        c -> {
          if (c.entered()) {
            tripped.setInput("feed_valve", 0);
            tripped.setInput("coolant_pump", 1);
          }
        });
    for (int t = 10; t <= 120; t += 10) {
      tripped.advanceTo(t);
    }
    double crossing = tripped.crossings().get(0).time();
    assertThat(tripped.crossings()).hasSize(2);
    // Closing the feed and restoring cooling at 360 K still lets the charge react out: the
    // temperature peaks near 418 K before it falls back through 360 K.
    assertThat(tripped.crossings().get(1).entered()).isFalse();
    assertThat(tripped.input("feed_valve")).isZero();

    ProcessSimulation manual =
        new ProcessSimulation(new CstrModel(Map.of("initial_coolant_pump", 0.0)));
    manual.advanceTo(crossing);
    assertThat(manual.value("reactor_temp")).isCloseTo(360, within(1e-4));
    manual.setInput("feed_valve", 0);
    manual.setInput("coolant_pump", 1);
    manual.advanceTo(120);

    assertThat(tripped.state()).containsExactly(manual.state(), within(1e-6));
  }

  /**
   * A PI temperature controller on the coolant (bias 300 K, error = setpoint - T, so a hot reactor
   * gets colder coolant) holds the unstable operating point. Kc = 8 K/K and Ti = 300 s settle from
   * 345 K within about four minutes; Kc from 5 to 30 K/K with Ti 180 to 600 s works too.
   */
  @Test
  void aPiControllerOnTheCoolantHoldsTheUnstableOperatingPoint() {
    double kc = 8.0;
    double ti = 300.0;
    double bias = 300.0;
    double setpoint = 350.0;
    ProcessSimulation sim =
        new ProcessSimulation(new CstrModel(Map.of("initial_reactor_temp", 345.0)));
    double integral = 0;
    double lastOutsideBand = 0;
    for (int i = 1; i <= 18_000; i++) {
      double error = setpoint - sim.value("reactor_temp");
      double unclamped = bias + kc * (error + integral / ti);
      double out = Math.max(250, Math.min(350, unclamped));
      if (out == unclamped) {
        integral += error * WINDOW; // no wind-up while saturated
      }
      sim.setInput("coolant_temp", out);
      sim.advanceTo(i * WINDOW);
      if (Math.abs(sim.value("reactor_temp") - setpoint) > setpoint * 0.005) {
        lastOutsideBand = sim.time();
      }
    }

    assertThat(sim.value("reactor_temp")).isCloseTo(350, within(350 * 0.005));
    assertThat(sim.value("reactor_temp")).isCloseTo(350, within(0.01));
    assertThat(sim.value("concentration_a")).isCloseTo(0.5, within(0.5 * 0.005));
    assertThat(sim.value("coolant_temp_actual")).isCloseTo(300, within(0.5));
    assertThat(lastOutsideBand).isLessThan(600);
    System.out.printf(
        "CSTR PI Kc=%.1f Ti=%.0f s: last outside +-0.5%% at %.1f s%n", kc, ti, lastOutsideBand);
  }

  @Test
  void sameInputsGiveIdenticalTrajectories() {
    assertThat(trajectory().toArray(new double[0][]))
        .isDeepEqualTo(trajectory().toArray(new double[0][]));
  }

  private static List<double[]> trajectory() {
    ProcessSimulation sim = new ProcessSimulation(new CstrModel());
    sim.addLimit(new SafetyLimit("reactor_temp", SafetyLimit.Direction.HIGH, 355, "hot"));
    List<double[]> out = new ArrayList<>();
    for (int i = 1; i <= 3000; i++) {
      sim.setInput("coolant_temp", 300 + 5 * Math.sin(i / 100.0));
      if (i == 1500) {
        sim.setInput("feed_valve", 0.5);
      }
      sim.advanceTo(i * WINDOW);
      out.add(sim.state());
    }
    out.add(new double[] {sim.crossings().size()});
    return out;
  }

  @Test
  void derivedTagsBalanceAtTheOperatingPoint() {
    ProcessSimulation sim = new ProcessSimulation(new CstrModel());
    Map<String, Double> v = sim.values();
    assertThat(v)
        .containsKeys(
            "concentration_a",
            "reactor_temp",
            "coolant_temp_actual",
            "feed_position",
            "coolant_temp",
            "feed_valve",
            "coolant_pump",
            "reaction_rate",
            "heat_removed",
            "heat_generated");
    // 41.7 kW generated and removed: the feed enters at the reactor temperature.
    assertThat(v.get("heat_generated")).isCloseTo(41.67, within(0.01));
    assertThat(v.get("heat_removed")).isCloseTo(v.get("heat_generated"), within(0.01));
    assertThat(v.get("reaction_rate")).isCloseTo(0.5, within(0.001));
    assertThat(sim.model().units()).containsEntry("reactor_temp", "K");
  }

  @Test
  void inputsAreClampedAndValidated() {
    CstrModel m = new CstrModel();
    m.setInput("coolant_temp", 10);
    assertThat(m.input("coolant_temp")).isEqualTo(250);
    m.setInput("coolant_temp", 1e9);
    assertThat(m.input("coolant_temp")).isEqualTo(400);
    m.setInput("coolant_pump", 0.2);
    assertThat(m.input("coolant_pump")).isZero();
    m.setInput("feed_valve", Double.NEGATIVE_INFINITY);
    assertThat(m.input("feed_valve")).isZero();
    assertThatThrownBy(() -> m.setInput("coolant_temp", Double.NaN))
        .isInstanceOf(OtlabException.class)
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("PROCESS_INPUT_INVALID");
    assertThatThrownBy(() -> m.setInput("reactor_temp", 300))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("no input 'reactor_temp'");
  }

  @Test
  void badParametersAreRejected() {
    assertThatThrownBy(() -> new CstrModel(Map.of("volumne", 100.0)))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("volumne")
        .satisfies(
            e -> {
              OtlabException o = (OtlabException) e;
              assertThat(o.code()).isEqualTo("PROCESS_PARAMETER_UNKNOWN");
              assertThat(o.remedy()).contains("volume", "rate_constant");
            });
    assertThatThrownBy(() -> new CstrModel(Map.of("volume", 0.0)))
        .isInstanceOf(OtlabException.class)
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("PROCESS_PARAMETER_INVALID");
    assertThatThrownBy(() -> new CstrModel(Map.of("ua", Double.POSITIVE_INFINITY)))
        .isInstanceOf(OtlabException.class)
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("PROCESS_PARAMETER_INVALID");
    assertThatThrownBy(
            () -> new CstrModel(Map.of("coolant_temp_min", 380.0, "coolant_temp_max", 300.0)))
        .isInstanceOf(OtlabException.class)
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("PROCESS_PARAMETER_INVALID");
    // Exothermic means negative; any finite enthalpy is accepted.
    assertThat(
            new CstrModel(Map.of("reaction_enthalpy", 1e4)).parameters().get("reaction_enthalpy"))
        .isEqualTo(1e4);
  }
}
