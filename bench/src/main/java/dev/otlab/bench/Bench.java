package dev.otlab.bench;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * The entry point of {@code bench/run}: measures each plant in turn and prints one table (and, with
 * {@code --json}, the same as JSON). Progress goes to standard error, the table to standard output.
 */
public final class Bench {

  /**
   * Repetitions of the bare plant and of the benign run, taken in turns; the median of each is
   * reported, so one preempted repetition does not count.
   */
  private static final int REPEATS = 3;

  /** Simulated seconds of each benign run that warms up the lab's code paths (and certificates). */
  private static final double RUN_WARM_UP_SECONDS = 300;

  /**
   * Benign warm-up runs: the JIT compiles the lab's paths over the first few runs, and a run
   * measured before that would report the compiler rather than the lab.
   */
  private static final int RUN_WARM_UPS = 3;

  private final BenchOptions options;
  private final Path home;
  private final PrintStream progress;

  Bench(BenchOptions options, Path home, PrintStream progress) {
    this.options = options;
    this.home = home;
    this.progress = progress;
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage() + " See bench/run --help.");
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    Path home = Path.of(System.getProperty("otlab.bench.home", ".")).toAbsolutePath().normalize();
    Results r = new Bench(options, home, System.err).run();
    System.out.print(r.table());
    Path json = options.json();
    if (json != null) {
      Files.writeString(json, r.json() + "\n", StandardCharsets.UTF_8);
      System.out.println("written to " + json);
    }
  }

  Results run() throws IOException, InterruptedException {
    Results r = new Results(Results.rows(options), options.plants());
    Runtime rt = Runtime.getRuntime();
    r.header("commit", System.getProperty("otlab.bench.commit", "unknown"));
    r.header(
        "machine",
        String.format(
            Locale.ROOT,
            "%d cores, %s %s (%s), max heap %d MiB, %s %s",
            rt.availableProcessors(),
            System.getProperty("java.vm.name"),
            System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.vendor"),
            rt.maxMemory() >> 20,
            System.getProperty("os.name"),
            System.getProperty("os.version")));
    r.header(
        "options",
        String.format(
            Locale.ROOT,
            "bare %.0f sim s and benign run %.0f sim s (medians of %d, in turns, after %d warm-up"
                + " runs), %d FC03 round trips per hop configuration, seed %d%s",
            options.bareSeconds(),
            options.runSeconds(),
            REPEATS,
            RUN_WARM_UPS,
            options.hopRequests(),
            options.seed(),
            options.suites()
                ? ", suite " + options.suite() + " with 1 and " + options.seeds() + " seeds"
                : ", no suites (--quick)"));
    StringBuilder archs = new StringBuilder();
    for (String plant : options.plants()) {
      archs.append(archs.length() == 0 ? "" : ", ").append(options.architecture(plant));
    }
    r.header("architectures", archs.toString());
    Path pki = home.resolve("bench/target/pki");
    for (String plant : options.plants()) {
      measureInProcess(r, plant, pki);
    }
    if (options.suites()) {
      String launcherOpts = System.getenv().getOrDefault("OTLAB_JAVA_OPTS", "");
      r.header(
          "evaluations",
          "./otlab evaluate --suite "
              + options.suite()
              + " --speed max --json --pki bench/target/pki/evaluate, launcher defaults"
              + (launcherOpts.isBlank() ? "" : " with OTLAB_JAVA_OPTS=" + launcherOpts)
              + ", one at a time after the in-process measures");
      String rssSource = "";
      double total = 0;
      for (String plant : options.plants()) {
        for (int seeds : new int[] {1, options.seeds()}) {
          String arch = options.architecture(plant);
          progress.printf("%s: otlab evaluate --seeds %d on %s ...%n", plant, seeds, arch);
          SuiteRun s =
              SuiteRun.launch(
                  home.resolve("otlab"),
                  arch,
                  options.suite(),
                  seeds,
                  pki.resolve("evaluate"),
                  home.resolve("bench/target/evaluations"));
          String prefix = seeds == 1 ? "suite." : "suiteSeeds.";
          r.put(plant, prefix + "wallSeconds", s.wallSeconds());
          r.put(plant, prefix + "simulatedSeconds", s.simulatedSeconds());
          r.put(plant, prefix + "speed", s.simulatedSeconds() / s.wallSeconds());
          r.put(plant, prefix + "peakRssMiB", s.peakRssMiB());
          rssSource = s.rssSource();
          if (seeds == options.seeds()) {
            total += s.wallSeconds();
          }
          progress.printf(
              Locale.ROOT,
              "%s: %.1f s wall (evaluation itself %.1f s), %.0f sim s, peak RSS %.0f MiB%n",
              plant,
              s.wallSeconds(),
              s.evaluationWallSeconds(),
              s.simulatedSeconds(),
              s.peakRssMiB());
        }
      }
      r.note(
          String.format(
              Locale.ROOT,
              "evaluations: wall time from launching ./otlab to its exit (JVM start included);"
                  + " simulated time from its --json; peak RSS: %s. All plants' --seeds %d"
                  + " evaluations together: %.1f s wall.",
              rssSource,
              options.seeds(),
              total));
    }
    r.note(
        "protocol requests: the run trace's protocol events, one per request a relay's tap saw (a"
            + " request through two relays counts twice); requests between hosts of one zone reach"
            + " the controller without a relay and are not counted.");
    r.note(
        "benign operations: HMI polls, operator changes, historian pulls, engineering sessions"
            + " (each one or more requests).");
    r.note(
        "hop: FC03 of a controller's holding registers to its Modbus TCP server, directly and"
            + " through one conduit relay with inspection; added = relayed - direct at the same"
            + " percentile; over kernel sockets (as external tools connect), and in process (as"
            + " the embedded lab's own clients connect, see core's loopback package).");
    return r;
  }

  private void measureInProcess(Results r, String plant, Path pki) throws IOException {
    PlantSpec spec = PlantLoader.load(plant);
    ArchitectureSpec arch = ArchitectureLoader.load(options.architecture(plant));
    if (!arch.plant().equals(plant)) {
      throw new IllegalArgumentException(
          "Architecture " + arch.id() + " is for plant " + arch.plant() + ", not " + plant + ".");
    }
    ScenarioSpec like = SuiteLoader.load(options.suite()).requireFor(plant).get(0);
    r.put(plant, "architecture.hosts", arch.hosts().size());

    progress.printf(
        Locale.ROOT,
        "%s: warming up (bare plant, %d benign runs of %.0f s) ...%n",
        plant,
        RUN_WARM_UPS,
        RUN_WARM_UP_SECONDS);
    PlantSpeed.bare(spec, options.seed(), options.bareSeconds());
    for (int i = 0; i < RUN_WARM_UPS; i++) {
      PlantSpeed.benign(like, arch, options.seed(), RUN_WARM_UP_SECONDS, pki);
    }

    double[] bare = new double[REPEATS];
    PlantSpeed.Run[] runs = new PlantSpeed.Run[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      bare[i] = PlantSpeed.bare(spec, options.seed(), options.bareSeconds());
      runs[i] = PlantSpeed.benign(like, arch, options.seed(), options.runSeconds(), pki);
    }
    Arrays.sort(bare);
    double bareSpeed = bare[REPEATS / 2];
    Arrays.sort(runs, Comparator.comparingDouble(PlantSpeed.Run::wallSeconds));
    PlantSpeed.Run run = runs[REPEATS / 2];
    progress.printf(Locale.ROOT, "%s: bare plant %.0f sim s/wall s%n", plant, bareSpeed);
    int requests = run.trace().events().size();
    progress.printf(
        Locale.ROOT,
        "%s: benign run %.0f sim s in %.1f s wall, %.0f sim s/wall s, %d requests%n",
        plant,
        run.trace().playedSeconds(),
        run.wallSeconds(),
        run.speed(),
        requests);
    r.put(plant, "bare.speed", bareSpeed);
    r.put(plant, "run.speed", run.speed());
    r.put(plant, "run.ratio", 100 * run.speed() / bareSpeed);
    r.put(plant, "run.requests", requests);
    r.put(plant, "run.requestsPerWallSecond", requests / run.wallSeconds());
    r.put(plant, "run.requestsPerSimulatedSecond", requests / run.trace().playedSeconds());
    r.put(plant, "run.operations", run.trace().operations().size());

    progress.printf("%s: relay hop, %d round trips each ...%n", plant, options.hopRequests());
    HopLatency.Sample hop = HopLatency.measure(spec, options.hopRequests(), false);
    Percentiles direct = new Percentiles(hop.direct());
    Percentiles relayed = new Percentiles(hop.relayed());
    r.put(plant, "hop.direct.p50", direct.at(50));
    r.put(plant, "hop.direct.p99", direct.at(99));
    r.put(plant, "hop.relayed.p50", relayed.at(50));
    r.put(plant, "hop.relayed.p99", relayed.at(99));
    r.put(plant, "hop.added.p50", relayed.at(50) - direct.at(50));
    r.put(plant, "hop.added.p99", relayed.at(99) - direct.at(99));
    progress.printf(
        "%s: relay hop in process, %d round trips each ...%n", plant, options.hopRequests());
    HopLatency.Sample local = HopLatency.measure(spec, options.hopRequests(), true);
    Percentiles localDirect = new Percentiles(local.direct());
    Percentiles localRelayed = new Percentiles(local.relayed());
    r.put(plant, "hop.inProcess.relayed.p50", localRelayed.at(50));
    r.put(plant, "hop.inProcess.relayed.p99", localRelayed.at(99));
    r.put(plant, "hop.inProcess.added.p50", localRelayed.at(50) - localDirect.at(50));
    r.put(plant, "hop.inProcess.added.p99", localRelayed.at(99) - localDirect.at(99));
    r.note(
        String.format(
            Locale.ROOT,
            "%s hop: controller %s, %d holding registers per read, %d events tapped by the relay.",
            plant,
            hop.controller(),
            hop.registers(),
            hop.relayEvents()));
    progress.printf(
        Locale.ROOT,
        "%s: hop to %s (%d registers): added p50 %.1f us, p99 %.1f us%n",
        plant,
        hop.controller(),
        hop.registers(),
        relayed.at(50) - direct.at(50),
        relayed.at(99) - direct.at(99));
  }
}
