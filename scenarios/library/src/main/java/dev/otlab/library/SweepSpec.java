package dev.otlab.library;

import java.util.ArrayList;
import java.util.List;

/**
 * A sweep: many evaluations in one file, every architecture against every suite under every
 * detection profile and every set of playbooks, each over the same seeds. {@code otlab sweep}
 * expands it into units (benign twins, then scenario plays) that an engine plays, embedded or
 * spread over machines, with the results of {@code otlab evaluate} for each configuration.
 *
 * @param id sweep id
 * @param title human title
 * @param architectures library architecture names or paths, in order
 * @param suites library suite names or paths, in order
 * @param seed the first seed
 * @param seeds how many seeds each scenario is played with: {@code seed, seed + 1, ...}
 * @param detection detection profile names, {@code none} for no detection
 * @param defences playbook sets (library names or paths); an empty set is the undefended design
 */
public record SweepSpec(
    String id,
    String title,
    List<String> architectures,
    List<String> suites,
    long seed,
    int seeds,
    List<String> detection,
    List<List<String>> defences) {

  /** The most seeds a sweep plays, as for one evaluation. */
  public static final int MAX_SEEDS = 100;

  /** The detection entry that means no detection profile. */
  public static final String NO_DETECTION = "none";

  public SweepSpec {
    architectures = List.copyOf(architectures);
    suites = List.copyOf(suites);
    detection = List.copyOf(detection);
    List<List<String>> sets = new ArrayList<>();
    for (List<String> d : defences) {
      sets.add(List.copyOf(d));
    }
    defences = List.copyOf(sets);
    if (id.isBlank()) {
      throw new IllegalArgumentException("a sweep needs an id");
    }
    if (architectures.isEmpty() || suites.isEmpty() || detection.isEmpty() || defences.isEmpty()) {
      throw new IllegalArgumentException(
          "sweep " + id + " needs architectures, suites, detection and defences");
    }
    if (seeds < 1 || seeds > MAX_SEEDS) {
      throw new IllegalArgumentException(
          "sweep " + id + " plays " + seeds + " seeds; give 1 to " + MAX_SEEDS);
    }
    if (seed > Long.MAX_VALUE - (seeds - 1)) {
      throw new IllegalArgumentException("sweep " + id + ": seeds from " + seed + " overflow");
    }
  }

  /** The seeds played: {@code seed, seed + 1, ..., seed + seeds - 1}. */
  public List<Long> seedList() {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      out.add(seed + i);
    }
    return out;
  }
}
