package dev.otlab.library;

import dev.otlab.network.ArchitectureSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A sweep: many evaluations in one file, every architecture against every suite under every
 * detection profile and every set of playbooks, each over the same seeds. {@code otlab sweep}
 * expands it into units (benign twins, then scenario plays) that an engine plays, embedded or
 * spread over machines, with the results of {@code otlab evaluate} for each configuration.
 *
 * @param id sweep id
 * @param title human title
 * @param architectures what each configuration plays, in order: library architecture names or
 *     paths, then the ids of the variants
 * @param suites library suite names or paths, in order
 * @param seed the first seed
 * @param seeds how many seeds each scenario is played with: {@code seed, seed + 1, ...}
 * @param detection detection profile names, {@code none} for no detection
 * @param defences playbook sets (library names or paths); an empty set is the undefended design
 * @param variants designs derived from others by changes ({@link ArchitectureVariant}), each named
 *     by its id in {@code architectures}
 */
public record SweepSpec(
    String id,
    String title,
    List<String> architectures,
    List<String> suites,
    long seed,
    int seeds,
    List<String> detection,
    List<List<String>> defences,
    List<ArchitectureVariant> variants) {

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
    // A plan stored before sweeps had variants has none in its JSON: it reads as none.
    variants = variants == null ? List.of() : List.copyOf(variants);
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
    java.util.Set<String> ids = new HashSet<>();
    for (ArchitectureVariant v : variants) {
      if (!ids.add(v.id()) || !architectures.contains(v.id())) {
        throw new IllegalArgumentException(
            "sweep " + id + ": variant " + v.id() + " must be named once and in architectures");
      }
    }
  }

  /** A sweep without variants. */
  public SweepSpec(
      String id,
      String title,
      List<String> architectures,
      List<String> suites,
      long seed,
      int seeds,
      List<String> detection,
      List<List<String>> defences) {
    this(id, title, architectures, suites, seed, seeds, detection, defences, List.of());
  }

  /** The variant an entry of {@link #architectures()} names, if it names one. */
  public Optional<ArchitectureVariant> variant(String architecture) {
    return variants.stream().filter(v -> v.id().equals(architecture)).findFirst();
  }

  /**
   * The design an entry of {@link #architectures()} names: a variant derived ({@link
   * ArchitectureVariants#derive}), anything else loaded ({@link ArchitectureLoader#load}).
   */
  public ArchitectureSpec architecture(String architecture) {
    Optional<ArchitectureVariant> v = variant(architecture);
    return v.isPresent()
        ? ArchitectureVariants.derive(v.get())
        : ArchitectureLoader.load(architecture);
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
