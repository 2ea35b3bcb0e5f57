package dev.otlab.library;

import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantProcess;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulated seconds per CPU second of each library plant run whole (process, PLC scans, SIS, noise
 * and disturbances) at {@link Speed#MAX}: its process as equations (the library file) against the
 * Java model in its place; and the tank of {@link FmuPlantTest} as equations against the same tank
 * as an FMU. Two simulated hours per run, median of five after a warm-up, the forms alternating so
 * a busy machine slows both alike. A benchmark, not a test (its name keeps it out of surefire):
 *
 * <pre>
 * ./mvnw -B -q -pl scenarios/library test-compile dependency:build-classpath \
 *   -Dmdep.outputFile=/tmp/lib.cp -Dmdep.includeScope=test
 * java -cp scenarios/library/target/classes:scenarios/library/target/test-classes:$(cat /tmp/lib.cp) \
 *   dev.otlab.library.PlantFormSpeedBenchmark scenarios/library/target/fmu/draining-tank.fmu
 * </pre>
 */
public final class PlantFormSpeedBenchmark {

  private static final double DURATION = 2 * 3600.0;
  private static final int RUNS = 5;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private PlantFormSpeedBenchmark() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Map<String, PlantSpec[]> cases = new LinkedHashMap<>();
    for (String id : List.of("water-treatment", "chemical-reactor")) {
      PlantSpec data = PlantLoader.load(id);
      PlantSpec java =
          new PlantSpec(
              data.id(),
              data.title(),
              data.description(),
              new PlantProcess.Kind(id, data.parameters()),
              data.tags(),
              data.controllers(),
              data.disturbances());
      cases.put(id + " (Java | equations)", new PlantSpec[] {java, data});
    }
    if (args.length > 0) {
      Path dir = Files.createTempDirectory("otlab-bench");
      Files.createDirectories(dir.resolve("models"));
      Files.copy(Path.of(args[0]), dir.resolve("models/draining-tank.fmu"));
      Path fmu = dir.resolve("tank-fmu.yaml");
      Path eq = dir.resolve("tank-equations.yaml");
      Files.writeString(fmu, FmuPlantTest.plant("tank-fmu", FmuPlantTest.FMU));
      Files.writeString(eq, FmuPlantTest.plant("tank-equations", FmuPlantTest.EQUATIONS));
      cases.put(
          "tank (equations | FMU)",
          new PlantSpec[] {
            PlantLoader.parse(eq.toString(), Files.readString(eq)),
            PlantLoader.parse(fmu.toString(), Files.readString(fmu))
          });
    }
    out.printf("simulated s per CPU s, whole plant at max speed, %.0f s simulated%n", DURATION);
    for (Map.Entry<String, PlantSpec[]> c : cases.entrySet()) {
      PlantSpec a = c.getValue()[0];
      PlantSpec b = c.getValue()[1];
      speed(a);
      speed(b);
      List<Double> as = new ArrayList<>();
      List<Double> bs = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        as.add(speed(a));
        bs.add(speed(b));
      }
      double ma = median(as);
      double mb = median(bs);
      out.printf("%-34s %10.0f | %10.0f   ratio %.2f%n", c.getKey(), ma, mb, mb / ma);
    }
  }

  private static double speed(PlantSpec spec) {
    LabClock clock = new LabClock(1, Speed.MAX);
    try (Plant plant = Plant.create(spec, clock)) {
      plant.schedule();
      long t0 = CPU.getCurrentThreadCpuTime();
      clock.runUntil(DURATION);
      return DURATION / ((CPU.getCurrentThreadCpuTime() - t0) / 1e9);
    }
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
