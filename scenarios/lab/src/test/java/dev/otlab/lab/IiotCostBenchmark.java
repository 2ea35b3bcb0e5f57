package dev.otlab.lab;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.operations.BenignOperations;
import dev.otlab.operations.OperationsOptions;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: what the IIoT gateway and cloud cost a benign run. Plays the IIoT test design's
 * benign operations for {@code seconds} lab seconds at full speed with every actor, then without
 * the gateway and cloud hosts (the lab, its broker and relays unchanged), {@code rounds} times each
 * after one warm-up of each, and prints the median wall times. Run it with
 *
 * <pre>
 * ./mvnw -B -q -pl scenarios/lab test-compile
 * ./mvnw -B -q -pl scenarios/lab dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * (cd scenarios/lab && java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.otlab.lab.IiotCostBenchmark [seconds] [rounds])
 * </pre>
 */
public final class IiotCostBenchmark {

  private IiotCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 600;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ArchitectureSpec arch =
        ArchitectureLoader.load("src/test/resources/architectures/water-treatment-iiot.yaml");
    PlantSpec plant = PlantLoader.load(arch.plant());
    Set<String> iiot =
        Set.copyOf(
            arch.hosts().stream()
                .filter(h -> h.role() == HostRole.IIOT_GATEWAY || h.role() == HostRole.CLOUD)
                .map(h -> h.id())
                .toList());
    Path pki = Files.createTempDirectory("otlab-iiot-bench");
    play(arch, plant, pki, seconds, h -> true);
    play(arch, plant, pki, seconds, h -> !iiot.contains(h));
    double[] with = new double[rounds];
    double[] without = new double[rounds];
    long[] records = new long[2];
    for (int i = 0; i < rounds; i++) {
      with[i] = play(arch, plant, pki, seconds, h -> true, records, 0);
      without[i] = play(arch, plant, pki, seconds, h -> !iiot.contains(h), records, 1);
    }
    Arrays.sort(with);
    Arrays.sort(without);
    System.out.printf(
        "%.0f lab s of benign operations: median %.2f s wall with the gateway and cloud (%d"
            + " records), %.2f s without (%d records)%n",
        seconds, with[rounds / 2], records[0] / rounds, without[rounds / 2], records[1] / rounds);
  }

  private static double play(
      ArchitectureSpec arch,
      PlantSpec plant,
      Path pki,
      double seconds,
      java.util.function.Predicate<String> actors) {
    return play(arch, plant, pki, seconds, actors, new long[1], 0);
  }

  private static double play(
      ArchitectureSpec arch,
      PlantSpec plant,
      Path pki,
      double seconds,
      java.util.function.Predicate<String> actors,
      long[] records,
      int slot) {
    LabClock clock = new LabClock(1, Speed.MAX);
    AtomicLong count = new AtomicLong();
    Lab lab =
        new Lab(
            plant,
            arch,
            clock,
            pki.resolve("servers"),
            Map.of("operator", "operator"),
            d -> {},
            e -> {});
    BenignOperations ops = null;
    try {
      lab.start();
      ops =
          new BenignOperations(
              arch,
              plant,
              lab.network(),
              clock,
              r -> count.incrementAndGet(),
              OperationsOptions.defaults(pki.resolve("benign")),
              actors);
      long t0 = System.nanoTime();
      ops.start();
      clock.runUntil(seconds);
      double wall = (System.nanoTime() - t0) / 1e9;
      records[slot] += count.get();
      return wall;
    } finally {
      if (ops != null) {
        ops.stop();
      }
      lab.stop();
    }
  }
}
