package dev.otlab.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code bench/run} measures and for how long.
 *
 * @param plants plant ids, one column each, in this order
 * @param architectures plant id to architecture for the plants not on the default one
 * @param bareSeconds simulated seconds of the bare plant
 * @param runSeconds simulated seconds of the benign run
 * @param hopRequests FC03 round trips per configuration (direct, one relay) after the warm-up
 * @param suite suite the evaluations play
 * @param seeds seeds of the multi-seed evaluation
 * @param suites whether to launch the evaluations (the slow part; off with --quick)
 * @param seed seed of the bare plant and the benign run
 * @param json file to write the results to as JSON, or null
 */
public record BenchOptions(
    List<String> plants,
    Map<String, String> architectures,
    double bareSeconds,
    double runSeconds,
    int hopRequests,
    String suite,
    int seeds,
    boolean suites,
    long seed,
    @Nullable Path json) {

  /** Both library plants. */
  public static final List<String> PLANTS = List.of("water-treatment", "chemical-reactor");

  /** The architecture a plant is measured on unless {@code --architecture} names another. */
  public static final String DEFAULT_LAYOUT = "purdue-dmz-dpi";

  public static final String USAGE =
      """
      Usage: bench/run [options]
      Measures, per plant: the bare plant's speed (physics, scans, SIS; no servers), a benign run's
      speed (the benign twin: all benign operations through the relays, no attack) right after it
      in the same JVM and their ratio, the protocol requests of that run per wall second, the
      latency of a Modbus FC03 round trip directly and through one conduit relay, and the wall time
      and peak RSS of `otlab evaluate` on the suite with 1 seed and with --seeds seeds.

        --plants P,Q             plants to measure (default: water-treatment,chemical-reactor)
        --architecture P=ARCH    architecture of plant P (repeatable; default: P-purdue-dmz-dpi)
        --bare-seconds N         simulated seconds of the bare plant (default 3600)
        --run-seconds N          simulated seconds of the benign run (default 1800)
        --hop-requests N         FC03 round trips per hop configuration (default 20000)
        --suite NAME             suite of the evaluations (default: default)
        --seeds N                seeds of the multi-seed evaluation (default 5)
        --seed S                 seed of the bare plant and the benign run (default 1)
        --quick                  skip the evaluations (the suites)
        --json FILE              also write the results as JSON to FILE
        --help                   this text
      """;

  public BenchOptions {
    plants = List.copyOf(plants);
    architectures = Map.copyOf(architectures);
    if (plants.isEmpty()) {
      throw new IllegalArgumentException("--plants names no plant.");
    }
    for (String p : architectures.keySet()) {
      if (!plants.contains(p)) {
        throw new IllegalArgumentException(
            "--architecture " + p + "=... names a plant that is not measured " + plants + ".");
      }
    }
    positive("--bare-seconds", bareSeconds);
    positive("--run-seconds", runSeconds);
    positive("--hop-requests", hopRequests);
    if (seeds < 1 || seeds > 100) {
      throw new IllegalArgumentException("--seeds " + seeds + " is not between 1 and 100.");
    }
  }

  private static void positive(String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " " + value + " is not a positive number.");
    }
  }

  /** The defaults: both plants on their Purdue DMZ DPI architecture, suites included. */
  public static BenchOptions defaults() {
    return new BenchOptions(PLANTS, Map.of(), 3600, 1800, 20_000, "default", 5, true, 1, null);
  }

  /** The architecture plant {@code plant} is measured on. */
  public String architecture(String plant) {
    return architectures.getOrDefault(plant, plant + "-" + DEFAULT_LAYOUT);
  }

  /**
   * Reads the command line; {@code null} for {@code --help}.
   *
   * @throws IllegalArgumentException saying which argument is wrong
   */
  public static @Nullable BenchOptions parse(String... args) {
    BenchOptions d = defaults();
    List<String> plants = d.plants;
    Map<String, String> archs = new LinkedHashMap<>();
    double bare = d.bareSeconds;
    double run = d.runSeconds;
    int hop = d.hopRequests;
    String suite = d.suite;
    int seeds = d.seeds;
    boolean suites = d.suites;
    long seed = d.seed;
    Path json = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> {
          return null;
        }
        case "--quick" -> suites = false;
        case "--plants" -> plants = names(value(args, ++i, a));
        case "--architecture" -> {
          String v = value(args, ++i, a);
          int eq = v.indexOf('=');
          if (eq <= 0 || eq == v.length() - 1) {
            throw new IllegalArgumentException(
                "--architecture " + v + " is not PLANT=ARCHITECTURE.");
          }
          archs.put(v.substring(0, eq), v.substring(eq + 1));
        }
        case "--bare-seconds" -> bare = number(value(args, ++i, a), a);
        case "--run-seconds" -> run = number(value(args, ++i, a), a);
        case "--hop-requests" -> hop = whole(value(args, ++i, a), a);
        case "--suite" -> suite = value(args, ++i, a);
        case "--seeds" -> seeds = whole(value(args, ++i, a), a);
        case "--seed" -> seed = whole(value(args, ++i, a), a);
        case "--json" -> json = Path.of(value(args, ++i, a));
        default -> throw new IllegalArgumentException("Unknown argument '" + a + "'.");
      }
    }
    return new BenchOptions(plants, archs, bare, run, hop, suite, seeds, suites, seed, json);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value.");
    }
    return args[i];
  }

  private static List<String> names(String list) {
    List<String> out = new ArrayList<>();
    for (String s : list.split(",")) {
      if (!s.isBlank() && !out.contains(s.trim())) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static double number(String v, String option) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " " + v + " is not a number.", e);
    }
  }

  private static int whole(String v, String option) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " " + v + " is not a whole number.", e);
    }
  }
}
