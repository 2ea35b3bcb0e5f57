package dev.otlab.process.declared;

import dev.otlab.process.CstrModel;
import dev.otlab.process.DrainingTankModel;
import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessSimulation;
import dev.otlab.process.SafetyLimit;
import dev.otlab.process.WaterTreatmentModel;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Simulated seconds per CPU second (a wall second on an idle core) of each built-in model in its
 * Java form and in its declared form, advanced in the lab's 100 ms windows over two simulated hours
 * with the same inputs and limits as {@link dev.otlab.process.ProcessSpeedBenchmark}. Median of
 * five runs after a warm-up; the two forms alternate so that a busy machine slows both alike. A
 * benchmark, not a test (its name keeps it out of surefire): run it as the README's benchmark
 * section shows.
 */
public final class DeclaredModelSpeedBenchmark {

  private static final double WINDOW = 0.1;
  private static final double DURATION = 2 * 3600.0;
  private static final int RUNS = 5;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private DeclaredModelSpeedBenchmark() {}

  private record Case(
      String name,
      Supplier<ProcessModel> java,
      Supplier<ProcessModel> declared,
      List<SafetyLimit> limits,
      Driver driver) {}

  @FunctionalInterface
  private interface Driver {
    void drive(ProcessSimulation sim, long window);
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ProcessModelSpec wt = ReferenceSpecs.waterTreatment();
    ProcessModelSpec cstr = ReferenceSpecs.cstr();
    ProcessModelSpec tank = ReferenceSpecs.drainingTank();
    List<Case> cases =
        List.of(
            new Case(
                "water-treatment",
                WaterTreatmentModel::new,
                () -> wt.create(Map.of()),
                List.of(
                    new SafetyLimit("raw_level", SafetyLimit.Direction.HIGH, 3.8, "overflow"),
                    new SafetyLimit("dry_run", SafetyLimit.Direction.HIGH, 0.5, "dry"),
                    new SafetyLimit("chlorine", SafetyLimit.Direction.HIGH, 4, "overdose")),
                (sim, i) -> {
                  if (i % 600 == 0) {
                    sim.setInput("inflow_valve", 0.6 + 0.4 * ((i / 600) % 2));
                  }
                }),
            new Case(
                "chemical-reactor",
                CstrModel::new,
                () -> cstr.create(Map.of()),
                List.of(
                    new SafetyLimit("reactor_temp", SafetyLimit.Direction.HIGH, 400, "runaway")),
                new PiDriver()),
            new Case(
                "draining-tank",
                () -> new DrainingTankModel(Map.of("initial_inflow", 5.0)),
                () -> tank.create(Map.of("initial_inflow", 5.0)),
                List.of(new SafetyLimit("level", SafetyLimit.Direction.LOW, 0.1, "empty")),
                (sim, i) -> {
                  if (i % 3000 == 0) {
                    sim.setInput("inflow", (i / 3000) % 2 == 0 ? 0 : 8);
                  }
                }));
    for (Case c : cases) {
      run(c, c.java());
      run(c, c.declared());
    }
    out.printf(
        "%-18s %16s %16s %8s %14s%n",
        "model", "Java sim s/CPU s", "declared", "ratio", "evals/window");
    for (Case c : cases) {
      List<Double> java = new ArrayList<>();
      List<Double> declared = new ArrayList<>();
      long evals = 0;
      for (int r = 0; r < RUNS; r++) {
        java.add(time(c, c.java()));
        declared.add(time(c, c.declared()));
        evals = run(c, c.declared());
      }
      double j = median(java);
      double d = median(declared);
      out.printf(
          "%-18s %16.0f %16.0f %8.2f %14.1f%n", c.name(), j, d, d / j, evals / (DURATION / WINDOW));
    }
  }

  /**
   * Simulated seconds per second of this thread's CPU time, which is what a wall second gives on an
   * idle core; wall time on a shared machine measures the neighbours.
   */
  private static double time(Case c, Supplier<ProcessModel> model) {
    long t0 = CPU.getCurrentThreadCpuTime();
    run(c, model);
    return DURATION / ((CPU.getCurrentThreadCpuTime() - t0) / 1e9);
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }

  private static long run(Case c, Supplier<ProcessModel> model) {
    ProcessSimulation sim = new ProcessSimulation(model.get());
    c.limits().forEach(sim::addLimit);
    Driver driver = c.driver() instanceof PiDriver ? new PiDriver() : c.driver();
    long n = Math.round(DURATION / WINDOW);
    for (long i = 1; i <= n; i++) {
      driver.drive(sim, i);
      sim.advanceTo(i * WINDOW);
    }
    return sim.evaluations();
  }

  /** The PI loop the reactor needs to stay at its unstable operating point. */
  private static final class PiDriver implements Driver {
    private double integral;

    @Override
    public void drive(ProcessSimulation sim, long window) {
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
