package dev.otlab.process.declared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.process.CstrModel;
import dev.otlab.process.DrainingTankModel;
import dev.otlab.process.LimitCrossing;
import dev.otlab.process.ModelParameters.Definition;
import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessSimulation;
import dev.otlab.process.SafetyLimit;
import dev.otlab.process.WaterTreatmentModel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

/**
 * The declared forms of the three built-in models against the Java models and their closed-form
 * references: Torricelli's drain time, the CSTR's steady states and unstable eigenvalue, and
 * differential runs in which the same {@link ProcessSimulation} integrates both forms under the
 * same input steps and every tag is compared at every 10 s.
 */
class DeclaredReferenceModelsTest {

  private static final double G = 9.81;
  private static final double WINDOW = 0.1;

  /**
   * Agreement of two integrations of the same equations written two ways. Both runs take the same
   * adaptive steps only as long as their right-hand sides agree to the last bits, which they do not
   * (the declared form computes in SI and divides by 3600 in another place), so they differ by the
   * integrator's own error, tolerances 1e-8 relative and absolute per step.
   */
  private static final double RELATIVE = 1e-6;

  // ------------------------------------------------------------------ draining tank

  private static double closedForm(double area, double cd, double orifice, double h0, double h1) {
    return area / (cd * orifice) * (Math.sqrt(2 * h0 / G) - Math.sqrt(2 * h1 / G));
  }

  private static double timeToFallTo(ProcessModel model, double level) {
    ProcessSimulation sim = new ProcessSimulation(model);
    sim.addLimit(new SafetyLimit("level", SafetyLimit.Direction.LOW, level, "empty"));
    for (int i = 1; i <= 40_000 && sim.crossings().isEmpty(); i++) {
      sim.advanceTo(i * WINDOW);
    }
    assertThat(sim.crossings()).hasSize(1);
    return sim.crossings().get(0).time();
  }

  @Test
  void declaredDrainingTankMatchesTorricelliAndTheJavaModel() {
    ProcessModelSpec spec = ReferenceSpecs.drainingTank();
    assertSameParameters(spec, DrainingTankModel.PARAMETERS);
    double measured = timeToFallTo(spec.create(Map.of()), 0.01);
    double expected = closedForm(1.0, 0.61, 1e-3, 1.0, 0.01);
    assertThat(measured).isCloseTo(expected, within(1e-3));

    Map<String, Double> p =
        Map.of(
            "area", 2.0, "orifice_area", 2e-3, "discharge_coefficient", 0.8, "initial_level", 1.5);
    // Down to the laminar level: Torricelli to within the integrator, and 0.8 % short of the
    // ideal full drain because the laminar tail takes over there.
    double toLaminar = timeToFallTo(spec.create(p), 1e-4);
    assertThat(toLaminar).isCloseTo(closedForm(2.0, 0.8, 2e-3, 1.5, 1e-4), within(1e-3));
    double fullDrain = 2.0 / (0.8 * 2e-3) * Math.sqrt(2 * 1.5 / G);
    assertThat(toLaminar).isCloseTo(fullDrain, within(fullDrain * 0.01));

    // Fill past the rim and drain again: the bound holds the level at the rim while it spills.
    Map<String, Double> spilling =
        Map.of("initial_inflow", 10.0, "orifice_area", 2e-4, "initial_level", 1.9);
    Differential d =
        differential(
            new DrainingTankModel(spilling),
            spec.create(spilling),
            spec.limits(),
            1800,
            (sim, t) -> {
              if (t == 6000) {
                sim.setInput("inflow", 0);
              } else if (t == 12_000) {
                sim.setInput("inflow", 4);
              }
            });
    assertThat(d.maxRelativeError).isLessThan(RELATIVE);
    assertThat(d.javaFinal.get("level")).isBetween(0.05, 2.0);
    assertThat(d.sawOverflow("overflow")).isTrue();
  }

  // ------------------------------------------------------------------ water treatment

  @Test
  void declaredWaterTreatmentReproducesTheJavaModelOverThirtyMinutesOfSteps() {
    ProcessModelSpec spec = ReferenceSpecs.waterTreatment();
    WaterTreatmentModel java = new WaterTreatmentModel();
    DeclaredProcessModel declared = spec.create(Map.of());
    assertThat(declared.stateTags()).isEqualTo(java.stateTags());
    assertThat(declared.inputTags()).isEqualTo(java.inputTags());
    assertThat(declared.units().keySet()).isEqualTo(java.units().keySet());
    assertThat(declared.initialState()).containsExactly(java.initialState(), within(1e-12));
    // The same parameters, computed defaults included, and the same start under overrides.
    assertSameParameters(spec, WaterTreatmentModel.PARAMETERS);
    for (Map<String, Double> overrides :
        List.of(
            Map.<String, Double>of(),
            Map.of("pump_flow", 20.0, "initial_chlorine", 2.0, "initial_treated_level", 3.0),
            Map.of("initial_pump_on", 0.0, "max_inflow", 15.0),
            Map.of("initial_dosing_rate", 10.0, "initial_demand", 5.0))) {
      WaterTreatmentModel j = new WaterTreatmentModel(overrides);
      DeclaredProcessModel d = spec.create(overrides);
      assertThat(d.initialState())
          .as("%s", overrides)
          .containsExactly(j.initialState(), within(1e-12));
      for (String input : j.inputTags()) {
        assertThat(d.input(input))
            .as("%s %s", input, overrides)
            .isCloseTo(j.input(input), within(1e-9));
      }
    }

    Differential d =
        differential(
            java,
            declared,
            spec.limits(),
            1800,
            (sim, t) -> {
              switch (t) {
                case 600 -> sim.setInput("inflow_valve", 1.0);
                case 1200 -> sim.setInput("pump_on", 0);
                case 3000 -> sim.setInput("dosing_rate", 100);
                case 9000 -> sim.setInput("demand", 45);
                case 15_000 -> {
                  sim.setInput("pump_on", 1);
                  sim.setInput("demand", 10);
                  sim.setInput("inflow_valve", 0.2);
                }
                default -> {}
              }
            });
    assertThat(d.maxRelativeError).isLessThan(RELATIVE);
    // The steps drove the plant through overflow, an empty treated tank and an overdose.
    assertThat(d.sawOverflow("raw_overflow")).isTrue();
    assertThat(d.javaCrossings).extracting(c -> c.limit().tag()).contains("raw_level", "chlorine");
    assertThat(d.javaCrossings.stream().filter(c -> c.limit().tag().equals("treated_level")))
        .isNotEmpty();
    assertCrossingsAgree(d);
  }

  // ------------------------------------------------------------------ CSTR

  private static double[] derivatives(ProcessModel m, double ca, double temp, double coolant) {
    double[] yDot = new double[4];
    m.computeDerivatives(0, new double[] {ca, temp, coolant, 1.0}, yDot);
    return yDot;
  }

  private static double massBalanceCa(ProcessModel m, double coolant, double temp) {
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

  /** Steady states (CA, T) found from the model's own derivatives, as CstrModelTest does. */
  private static List<double[]> steadyStates(ProcessModel m, double coolant) {
    List<double[]> found = new ArrayList<>();
    double prevT = 250;
    double prevF = derivatives(m, massBalanceCa(m, coolant, prevT), prevT, coolant)[1];
    for (double temp = 250.05; temp < 600; temp += 0.05) {
      double f = derivatives(m, massBalanceCa(m, coolant, temp), temp, coolant)[1];
      if (Math.signum(f) != Math.signum(prevF)) {
        double a = prevT;
        double b = temp;
        for (int i = 0; i < 80; i++) {
          double mid = 0.5 * (a + b);
          double fm = derivatives(m, massBalanceCa(m, coolant, mid), mid, coolant)[1];
          if (Math.signum(fm) == Math.signum(prevF)) {
            a = mid;
          } else {
            b = mid;
          }
        }
        double t = 0.5 * (a + b);
        found.add(new double[] {massBalanceCa(m, coolant, t), t});
      }
      prevT = temp;
      prevF = f;
    }
    return found;
  }

  private static double largestRealEigenvalue(ProcessModel m) {
    double[] y0 = m.initialState();
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
    double largest = Double.NEGATIVE_INFINITY;
    for (double r : new EigenDecomposition(new Array2DRowRealMatrix(jac)).getRealEigenvalues()) {
      largest = Math.max(largest, r);
    }
    return largest;
  }

  @Test
  void declaredCstrHasTheSteadyStatesEigenvalueAndTrajectoryOfTheJavaModel() {
    ProcessModelSpec spec = ReferenceSpecs.cstr();
    assertSameParameters(spec, CstrModel.PARAMETERS);
    DeclaredProcessModel declared = spec.create(Map.of());
    assertThat(declared.stateTags()).isEqualTo(new CstrModel().stateTags());
    assertThat(declared.units().keySet()).isEqualTo(new CstrModel().units().keySet());

    List<double[]> states = steadyStates(declared, 300);
    assertThat(states).hasSize(3);
    assertThat(states.get(0)[1]).isCloseTo(324.48, within(0.05));
    assertThat(states.get(0)[0]).isCloseTo(0.8773, within(0.001));
    assertThat(states.get(1)[0]).isCloseTo(0.5, within(0.5 * 0.005));
    assertThat(states.get(1)[1]).isCloseTo(350.0, within(350 * 0.005));
    assertThat(states.get(2)[1]).isCloseTo(369.70, within(0.05));
    assertThat(states.get(2)[0]).isCloseTo(0.2088, within(0.001));
    List<double[]> cold = steadyStates(declared, 290);
    assertThat(cold).hasSize(1);
    assertThat(cold.get(0)[1]).isCloseTo(312.66, within(0.05));
    assertThat(cold.get(0)[0]).isCloseTo(0.9519, within(0.001));
    // About +2.83 per minute, the operating point's instability.
    assertThat(largestRealEigenvalue(declared) * 60).isCloseTo(2.83, within(0.05));
    assertThat(largestRealEigenvalue(declared))
        .isCloseTo(largestRealEigenvalue(new CstrModel()), within(1e-6));

    // Held by a PI loop on the coolant, then the coolant pump fails and the reactor runs away.
    // One controller per simulation: each PI keeps its own integral.
    Map<ProcessSimulation, double[]> integrals = new IdentityHashMap<>();
    Differential d =
        differential(
            new CstrModel(Map.of("initial_reactor_temp", 345.0)),
            spec.create(Map.of("initial_reactor_temp", 345.0)),
            spec.limits(),
            1200,
            (sim, t) -> {
              double[] integral = integrals.computeIfAbsent(sim, k -> new double[1]);
              if (t < 9000) {
                double error = 350 - sim.value("reactor_temp");
                double u = 300 + 8 * (error + integral[0] / 300);
                double clamped = Math.max(250, Math.min(350, u));
                if (clamped == u) {
                  integral[0] += error * WINDOW;
                }
                sim.setInput("coolant_temp", clamped);
              } else if (t == 9000) {
                sim.setInput("coolant_pump", 0);
              }
            });
    // Under control the two forms agree to rounding (about 1e-13). The runaway multiplies any
    // difference, rounding included, and the adaptive steps of the two runs part: during it the
    // tags differ by the integrator's error on a transient that doubles its rate within seconds
    // (up to about 1e-4 of the reaction heat), and they close in again as the reactor burns out.
    // The Java model against itself with the initial temperature changed by 1e-15 of its value
    // differs as much (7.5e-5 of the reaction heat), so this is the integration, not the form.
    double[] e = d.errorEvery10s;
    assertThat(java.util.Arrays.stream(e, 0, 90).max().orElseThrow()).isLessThan(RELATIVE);
    assertThat(java.util.Arrays.stream(e, 90, 110).max().orElseThrow()).isLessThan(1e-3);
    assertThat(java.util.Arrays.stream(e, 110, 120).max().orElseThrow()).isLessThan(2e-5);
    assertThat(d.javaCrossings).hasSize(1);
    assertCrossingsAgree(d);
  }

  // ------------------------------------------------------------------ the differential harness

  /** A plant file's parameters mean the same to both forms: names, defaults, units, ranges. */
  private static void assertSameParameters(ProcessModelSpec spec, List<Definition> java) {
    List<Definition> declared = spec.parameterDefinitions();
    assertThat(declared)
        .extracting(Definition::name)
        .isEqualTo(java.stream().map(Definition::name).toList());
    for (int i = 0; i < java.size(); i++) {
      Definition j = java.get(i);
      Definition d = declared.get(i);
      assertThat(d.defaultValue()).as(j.name()).isCloseTo(j.defaultValue(), within(1e-9));
      assertThat(d.unit()).as(j.name()).isEqualTo(j.unit());
      assertThat(d.constraint()).as(j.name()).isEqualTo(j.constraint());
    }
  }

  /** The outcome of running both forms side by side. */
  private record Differential(
      double maxRelativeError,
      String worstTag,
      Map<String, Double> javaFinal,
      List<Map<String, Double>> declaredSamples,
      List<LimitCrossing> javaCrossings,
      List<LimitCrossing> declaredCrossings,
      double[] errorEvery10s) {

    boolean sawOverflow(String tag) {
      return declaredSamples.stream().anyMatch(s -> s.get(tag) > 0.01);
    }
  }

  /**
   * Runs a Java model and its declared form for {@code seconds} in the lab's 100 ms windows,
   * calling {@code driver} before each window with the window's index on each simulation, and
   * compares every tag every 10 s.
   */
  private static Differential differential(
      ProcessModel java,
      ProcessModel declared,
      List<SafetyLimit> limits,
      int seconds,
      BiConsumer<ProcessSimulation, Integer> driver) {
    ProcessSimulation a = new ProcessSimulation(java);
    ProcessSimulation b = new ProcessSimulation(declared);
    limits.forEach(a::addLimit);
    limits.forEach(b::addLimit);
    double worst = 0;
    String worstTag = "";
    List<Map<String, Double>> samples = new ArrayList<>();
    double[] errors = new double[seconds / 10];
    int windowsPerSecond = (int) Math.round(1 / WINDOW);
    for (int s = 0; s < seconds; s++) {
      for (int w = 0; w < windowsPerSecond; w++) {
        int window = s * windowsPerSecond + w;
        driver.accept(a, window);
        driver.accept(b, window);
        double t = (window + 1) * WINDOW;
        a.advanceTo(t);
        b.advanceTo(t);
      }
      if (s % 10 == 9) {
        Map<String, Double> va = a.values();
        Map<String, Double> vb = b.values();
        assertThat(vb.keySet()).isEqualTo(va.keySet());
        for (Map.Entry<String, Double> e : va.entrySet()) {
          double x = e.getValue();
          double y = vb.get(e.getKey());
          double err = Math.abs(x - y) / Math.max(1.0, Math.abs(x));
          if (err > worst) {
            worst = err;
            worstTag = e.getKey() + " at " + (s + 1) + " s: " + x + " vs " + y;
          }
        }
        samples.add(vb);
        double sampleWorst = 0;
        for (Map.Entry<String, Double> e : va.entrySet()) {
          double x = e.getValue();
          sampleWorst =
              Math.max(sampleWorst, Math.abs(x - vb.get(e.getKey())) / Math.max(1.0, Math.abs(x)));
        }
        errors[s / 10] = sampleWorst;
      }
    }
    System.out.printf(
        "%s declared vs Java over %d s: largest relative difference %.2e (%s)%n",
        declared.kind(), seconds, worst, worstTag);
    return new Differential(
        worst, worstTag, a.values(), samples, a.crossings(), b.crossings(), errors);
  }

  private static void assertCrossingsAgree(Differential d) {
    assertThat(d.declaredCrossings).hasSameSizeAs(d.javaCrossings);
    for (int i = 0; i < d.javaCrossings.size(); i++) {
      LimitCrossing x = d.javaCrossings.get(i);
      LimitCrossing y = d.declaredCrossings.get(i);
      assertThat(y.limit()).isEqualTo(x.limit());
      assertThat(y.entered()).isEqualTo(x.entered());
      assertThat(y.time()).isCloseTo(x.time(), within(ProcessSimulation.EVENT_CONVERGENCE));
    }
  }
}
