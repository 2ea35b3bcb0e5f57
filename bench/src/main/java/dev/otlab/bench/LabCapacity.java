package dev.otlab.bench;

import dev.otlab.lab.Defender;
import dev.otlab.lab.ResponseDesk;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.clock.Speed;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The entry point of {@code bench/capacity}: how many labs one JVM (the dashboard's embedded labs,
 * a trainee's each) keeps at a speed. For each count N it starts N runs of one scenario at once,
 * each on its own clock at the speed, and watches each run's clock against the wall through a
 * defender that only listens to the samples (one per simulated second): a lab keeps up when the
 * wall time from its first sample to its last stays within the tolerance of the simulated time
 * between them divided by the speed. The lab's start (servers, certificates) is not counted: a
 * trainee waits for it once, while falling behind shows all through the exercise. Prints one line
 * per N: the slowest lab's wall time over its budget, its worst lag behind the paced clock, the CPU
 * the round used and the JVM's peak resident memory; stops after the first N that fell behind.
 *
 * <p>Arguments: scenario, architecture, speed, tolerance, counts (one or more).
 */
public final class LabCapacity {

  private LabCapacity() {}

  /** Simulated seconds after a lab's first sample from which its lag is called settled. */
  static final double SETTLED_SECONDS = 120;

  /** Watches one run's clock against the wall, on the run's clock thread. */
  static final class Pace implements Defender {
    private final double speed;
    private long firstWall = -1;
    private double firstSim;
    private long lastWall;
    private double lastSim;
    private double worstLag;
    private long settledWall = -1;
    private double settledSim;
    private double worstSettledLag;

    Pace(double speed) {
      this.speed = speed;
    }

    @Override
    public void started(ResponseDesk desk) {}

    @Override
    public void sample(RunTrace.Sample sample) {
      long now = System.nanoTime();
      if (firstWall < 0) {
        firstWall = now;
        firstSim = sample.time();
      }
      lastWall = now;
      lastSim = sample.time();
      worstLag = Math.max(worstLag, wall() - (lastSim - firstSim) / speed);
      // From two simulated minutes on, every lab of the round has started: labs starting at once
      // compete for the CPU (servers, certificates) and the first to start lags behind meanwhile.
      if (settledWall < 0 && lastSim - firstSim >= SETTLED_SECONDS) {
        settledWall = now;
        settledSim = lastSim;
      }
      if (settledWall >= 0) {
        worstSettledLag =
            Math.max(worstSettledLag, (now - settledWall) / 1e9 - (lastSim - settledSim) / speed);
      }
    }

    /** Wall seconds from the first sample to the last. */
    double wall() {
      return (lastWall - firstWall) / 1e9;
    }

    /** What the paced clock should have taken for the same span. */
    double budget() {
      return (lastSim - firstSim) / speed;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println(
          "usage: LabCapacity SCENARIO ARCHITECTURE SPEED TOLERANCE N... (see bench/capacity)");
      System.exit(2);
      return;
    }
    ScenarioSpec scenario = ScenarioLoader.load(args[0]);
    ArchitectureSpec architecture = ArchitectureLoader.load(args[1]);
    double speed = Double.parseDouble(args[2]);
    double tolerance = Double.parseDouble(args[3]);
    Path pki = Files.createTempDirectory("otlab-capacity-pki");
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf(
        Locale.ROOT,
        "%s on %s at %sx, one JVM; a lab keeps up when its clock's wall time is within %.0f%% of"
            + " simulated/%s; %d cores, %d MiB of RAM, max heap %d MiB%n",
        scenario.id(),
        architecture.id(),
        args[2],
        100 * tolerance,
        args[2],
        Runtime.getRuntime().availableProcessors(),
        os.getTotalMemorySize() >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        Locale.ROOT,
        "%-4s %-22s %-12s %-14s %-9s %-10s %-12s %s%n",
        "N",
        "SLOWEST / BUDGET",
        "WORST LAG",
        "LAG FROM 2 MIN",
        "KEPT UP",
        "CPU",
        "PEAK RSS",
        "LOAD");
    for (int i = 4; i < args.length; i++) {
      int n = Integer.parseInt(args[i]);
      List<Pace> paces = new ArrayList<>();
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(n);
      List<Future<RunTrace>> runs = new ArrayList<>();
      for (int lab = 1; lab <= n; lab++) {
        Pace pace = new Pace(speed);
        paces.add(pace);
        // Each lab its own certificates: labs creating one key store at once would clash.
        Path dir = pki.resolve("lab-" + lab);
        long seed = lab;
        runs.add(
            pool.submit(
                () ->
                    new ScenarioRun(
                            scenario,
                            architecture,
                            new ScenarioRun.Options(
                                seed,
                                new Speed(speed),
                                dir,
                                r -> {},
                                DetectionLoader.load("full"),
                                dev.otlab.lab.RunObserver.NONE))
                        .defendedBy(pace)
                        .run()));
      }
      for (Future<RunTrace> run : runs) {
        run.get();
      }
      pool.shutdown();
      double cores = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
      Pace slowest =
          paces.stream()
              .max((a, b) -> Double.compare(a.wall() / a.budget(), b.wall() / b.budget()))
              .orElseThrow();
      double worstLag = paces.stream().mapToDouble(p -> p.worstLag).max().orElse(0);
      double settledLag = paces.stream().mapToDouble(p -> p.worstSettledLag).max().orElse(0);
      boolean keptUp = paces.stream().allMatch(p -> p.wall() <= p.budget() * (1 + tolerance));
      System.out.printf(
          Locale.ROOT,
          "%-4d %-22s %-12s %-14s %-9s %-10s %-12s %s%n",
          n,
          String.format(Locale.ROOT, "%.1f / %.1f s", slowest.wall(), slowest.budget()),
          String.format(Locale.ROOT, "%.1f s", worstLag),
          String.format(Locale.ROOT, "%.1f s", settledLag),
          keptUp ? "yes" : "no",
          String.format(Locale.ROOT, "%.2f cores", cores),
          peakRss(),
          Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0]
              + " "
              + Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[1]);
      System.out.flush();
      if (!keptUp) {
        break;
      }
    }
  }

  /** The JVM's peak resident memory so far (VmHWM), where the system reports it. */
  private static String peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return (kb >> 10) + " MiB";
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return "-";
    }
    return "-";
  }
}
