package dev.otlab.process.units;

import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessSimulation;
import dev.otlab.process.SafetyLimit;
import dev.otlab.process.WaterTreatmentModel;
import dev.otlab.process.declared.ProcessModelSpec;
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
 * Simulated seconds per CPU second of the water-treatment stage as the Java model and composed from
 * unit models ({@link ComposedPlants#waterTreatment()}), with the inputs and limits of
 * DeclaredModelSpeedBenchmark: two simulated hours in 100 ms windows, the inflow valve stepping
 * every minute, median of five runs after a warm-up, the two forms alternating. A benchmark, not a
 * test: run it as the README's benchmark section shows.
 */
public final class ComposedModelSpeedBenchmark {

  private static final double WINDOW = 0.1;
  private static final double DURATION = 2 * 3600.0;
  private static final int RUNS = 5;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private ComposedModelSpeedBenchmark() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ProcessModelSpec spec = ComposedPlants.waterTreatment().spec();
    Supplier<ProcessModel> java = WaterTreatmentModel::new;
    Supplier<ProcessModel> composed = () -> spec.create(Map.of());
    run(java);
    run(composed);
    List<Double> j = new ArrayList<>();
    List<Double> c = new ArrayList<>();
    for (int r = 0; r < RUNS; r++) {
      j.add(time(java));
      c.add(time(composed));
    }
    out.printf(
        "water-treatment: Java %.0f sim s/CPU s, composed from units %.0f, ratio %.2f%n",
        median(j), median(c), median(c) / median(j));
  }

  private static double time(Supplier<ProcessModel> model) {
    long t0 = CPU.getCurrentThreadCpuTime();
    run(model);
    return DURATION / ((CPU.getCurrentThreadCpuTime() - t0) / 1e9);
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }

  private static void run(Supplier<ProcessModel> model) {
    ProcessSimulation sim = new ProcessSimulation(model.get());
    sim.addLimit(new SafetyLimit("raw_level", SafetyLimit.Direction.HIGH, 3.8, "overflow"));
    sim.addLimit(new SafetyLimit("dry_run", SafetyLimit.Direction.HIGH, 0.5, "dry"));
    sim.addLimit(new SafetyLimit("chlorine", SafetyLimit.Direction.HIGH, 4, "overdose"));
    long n = Math.round(DURATION / WINDOW);
    for (long i = 1; i <= n; i++) {
      if (i % 600 == 0) {
        sim.setInput("inflow_valve", 0.6 + 0.4 * ((i / 600) % 2));
      }
      sim.advanceTo(i * WINDOW);
    }
  }
}
