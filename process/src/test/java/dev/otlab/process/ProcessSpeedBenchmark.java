package dev.otlab.process;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How many simulated seconds each model covers per wall-clock second when advanced in 100 ms
 * windows, the lab's integration period, over two simulated hours. Evaluation runs go as fast as
 * the processes allow, so this bounds their speed. A benchmark, not a test (its name keeps it out
 * of surefire): run it as the README's benchmark section shows, with simulator/target/test-classes
 * on the class path.
 */
public final class ProcessSpeedBenchmark {

  private static final double WINDOW = 0.1;
  private static final double DURATION = 2 * 3600.0;

  private ProcessSpeedBenchmark() {}

  /** One scenario: a model, limits to watch, and inputs that keep it moving. */
  private record Case(String name, Supplier<ProcessSimulation> setup, Driver driver) {}

  @FunctionalInterface
  private interface Driver {
    void drive(ProcessSimulation sim, long window);
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<Case> cases =
        List.of(
            new Case(
                "water-treatment",
                () -> {
                  ProcessSimulation sim = new ProcessSimulation(new WaterTreatmentModel());
                  sim.addLimit(
                      new SafetyLimit("raw_level", SafetyLimit.Direction.HIGH, 3.8, "overflow"));
                  sim.addLimit(new SafetyLimit("dry_run", SafetyLimit.Direction.HIGH, 0.5, "dry"));
                  sim.addLimit(
                      new SafetyLimit("chlorine", SafetyLimit.Direction.HIGH, 4, "overdose"));
                  return sim;
                },
                (sim, i) -> {
                  if (i % 600 == 0) {
                    sim.setInput("inflow_valve", 0.6 + 0.4 * ((i / 600) % 2));
                  }
                }),
            new Case(
                "chemical-reactor",
                () -> {
                  ProcessSimulation sim = new ProcessSimulation(new CstrModel());
                  sim.addLimit(
                      new SafetyLimit("reactor_temp", SafetyLimit.Direction.HIGH, 400, "runaway"));
                  return sim;
                },
                new PiDriver()),
            new Case(
                "draining-tank",
                () -> {
                  ProcessSimulation sim =
                      new ProcessSimulation(new DrainingTankModel(Map.of("initial_inflow", 5.0)));
                  sim.addLimit(new SafetyLimit("level", SafetyLimit.Direction.LOW, 0.1, "empty"));
                  return sim;
                },
                (sim, i) -> {
                  if (i % 3000 == 0) {
                    sim.setInput("inflow", (i / 3000) % 2 == 0 ? 0 : 8);
                  }
                }));
    // Warm the JIT first, as a long evaluation run would.
    for (Case c : cases) {
      run(c);
    }
    out.printf("%-18s %14s %12s %14s%n", "model", "sim s / wall s", "wall ms", "evals/window");
    for (Case c : cases) {
      long t0 = System.nanoTime();
      long evals = run(c);
      double wall = (System.nanoTime() - t0) / 1e9;
      out.printf(
          "%-18s %14.0f %12.1f %14.1f%n",
          c.name(), DURATION / wall, wall * 1000, evals / (DURATION / WINDOW));
    }
  }

  private static long run(Case c) {
    ProcessSimulation sim = c.setup().get();
    long n = Math.round(DURATION / WINDOW);
    for (long i = 1; i <= n; i++) {
      c.driver().drive(sim, i);
      sim.advanceTo(i * WINDOW);
    }
    return sim.evaluations();
  }

  /** The PI loop the reactor needs to stay at its unstable operating point. */
  private static final class PiDriver implements Driver {
    private double integral;

    @Override
    public void drive(ProcessSimulation sim, long window) {
      if (window == 1) {
        integral = 0;
      }
      double setpoint = window < 36_000 ? 350 : 345;
      double error = setpoint - sim.value("reactor_temp");
      double u = 300 + 8 * (error + integral / 300);
      double clamped = Math.max(250, Math.min(350, u));
      if (clamped == u) {
        integral += error * WINDOW;
      }
      sim.setInput("coolant_temp", clamped);
    }
  }
}
