package dev.otlab.process.fmi;

import dev.otlab.process.DrainingTankModel;
import dev.otlab.process.ProcessSimulation;
import dev.otlab.process.SafetyLimit;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How many simulated seconds the draining tank covers per wall-clock second as the Java model and
 * as the FMU (co-simulation through FMI4j), advanced in 100 ms windows over two simulated hours
 * with the inflow switched every five minutes and a low-level limit watched, as {@code
 * ProcessSpeedBenchmark} measures the Java models. A benchmark, not a test (its name keeps it out
 * of surefire): build the FMU with {@code ./mvnw -pl process test-compile}, then run this class
 * with process/target/test-classes, its classes and its dependencies on the class path and the
 * FMU's path as the argument (default process/target/fmu/draining-tank.fmu).
 */
public final class FmuSpeedBenchmark {

  private static final double WINDOW = 0.1;
  private static final double DURATION = 2 * 3600.0;

  private FmuSpeedBenchmark() {}

  private record Case(String name, Supplier<ProcessSimulation> setup) {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path file = Path.of(args.length > 0 ? args[0] : "process/target/fmu/draining-tank.fmu");
    List<AutoCloseable> open = new ArrayList<>();
    java.util.function.Function<Boolean, FmuProcessModel> fmu =
        snapshots -> {
          FmuProcessModel m =
              FmuProcessModel.open(
                  FmuSpec.of(
                          file,
                          Map.of("inflow", "inflow"),
                          Map.of("level", "level", "outflow", "outflow"))
                      .withSnapshots(snapshots));
          open.add(m);
          return m;
        };
    List<Case> cases =
        List.of(
            new Case("java", () -> limited(new ProcessSimulation(new DrainingTankModel()))),
            new Case("fmu", () -> limited(new ProcessSimulation(fmu.apply(false)))),
            new Case("fmu, snapshots", () -> limited(new ProcessSimulation(fmu.apply(true)))));
    // Warm the JIT first, as a long evaluation run would.
    for (Case c : cases) {
      run(c);
    }
    out.printf(
        "%-14s %14s %12s %14s%n", "draining-tank", "sim s / wall s", "wall ms", "steps/window");
    for (Case c : cases) {
      long t0 = System.nanoTime();
      long evals = run(c);
      double wall = (System.nanoTime() - t0) / 1e9;
      out.printf(
          "%-16s %14.0f %12.1f %14.1f%n",
          c.name(), DURATION / wall, wall * 1000, evals / (DURATION / WINDOW));
    }
    for (AutoCloseable m : open) {
      try {
        m.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static ProcessSimulation limited(ProcessSimulation sim) {
    sim.addLimit(new SafetyLimit("level", SafetyLimit.Direction.LOW, 0.1, "empty"));
    return sim;
  }

  private static long run(Case c) {
    ProcessSimulation sim = c.setup().get();
    long n = Math.round(DURATION / WINDOW);
    for (long i = 1; i <= n; i++) {
      if (i % 3000 == 0) {
        sim.setInput("inflow", (i / 3000) % 2 == 0 ? 0 : 8);
      }
      sim.advanceTo(i * WINDOW);
    }
    return sim.evaluations();
  }
}
