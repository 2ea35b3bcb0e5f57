package dev.otlab.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.attacks.TechniqueCatalogue;
import dev.otlab.core.OtlabException;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.arch.CheckReport;
import dev.otlab.scoring.arch.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One architecture under one detection profile against one suite, played over one or more seeds:
 * sub-scores and total with their spread over the seeds, the share of seeds in which each objective
 * was reached, and for the first seed the scorecards, technique coverage and per-zone estimate; and
 * the static findings. Serialises to and from the JSON {@code otlab evaluate --json} prints and
 * {@code otlab compare} reads.
 *
 * @param format JSON format version
 * @param architecture architecture id
 * @param plant plant id
 * @param detectionProfile detection profile id, or null when none ran
 * @param suite suite id
 * @param seed the first seed: the scorecards, coverage and zones are those of the runs with it
 * @param seeds every seed played, the first one first ({@code seed, seed + 1, ...})
 * @param weights the weights used
 * @param attackVersion ATT&amp;CK release the technique catalogue was checked against
 * @param scores sub-scores and total: the means over the seeds
 * @param seedScores the sub-scores of each seed, in the order of {@code seeds}
 * @param intervals each sub-score and the total as a mean with its 95% interval over the seeds
 * @param scorecards one per scenario, in suite order, of the first seed
 * @param reach per scenario, in suite order, the share of seeds in which its objective was reached
 * @param skipped suite scenarios of other plants, not run
 * @param coverage per technique
 * @param findings static findings of {@code otlab check}
 * @param zones per-zone attacker estimate
 * @param simulatedSeconds simulated time of all runs including the benign twins
 * @param wallSeconds wall time of the evaluation (not part of the verdicts)
 * @param defence what the playbooks that defended every run averted and cost, or null for an
 *     undefended evaluation (its scores are then those of the defended runs)
 */
public record Evaluation(
    int format,
    String architecture,
    String plant,
    @Nullable String detectionProfile,
    String suite,
    long seed,
    List<Long> seeds,
    Map<String, Double> weights,
    String attackVersion,
    SubScores scores,
    List<SubScores> seedScores,
    ScoreIntervals intervals,
    List<Scorecard> scorecards,
    List<Reach> reach,
    List<String> skipped,
    List<TechniqueCoverage> coverage,
    List<StaticFinding> findings,
    List<ZoneEstimate> zones,
    double simulatedSeconds,
    double wallSeconds,
    @Nullable DefenceSummary defence) {

  /** Format 2 added the seeds, their scores, the intervals and the reach; 1 still reads. */
  public static final int FORMAT = 2;

  public Evaluation {
    // A format 1 evaluation played one seed: its spread is that seed's point.
    seeds = seeds == null ? List.of(seed) : List.copyOf(seeds);
    seedScores = seedScores == null ? List.of(scores) : List.copyOf(seedScores);
    if (intervals == null) {
      intervals = ScoreIntervals.of(seedScores);
    }
    if (reach == null) {
      List<Long> one = seeds;
      reach = scorecards.stream().map(c -> Reach.of(c.scenario(), List.of(c), one)).toList();
    }
    int n = seeds.size();
    if (n == 0
        || seeds.get(0) != seed
        || seedScores.size() != n
        || intervals.total().n() != n
        || reach.stream().anyMatch(r -> r.seeds() != n)) {
      throw new IllegalArgumentException(
          "an evaluation has the scores and reach of each of its seeds, the first one first");
    }
    weights = Map.copyOf(weights);
    scorecards = List.copyOf(scorecards);
    reach = List.copyOf(reach);
    skipped = List.copyOf(skipped);
    coverage = List.copyOf(coverage);
    findings = List.copyOf(findings);
    zones = List.copyOf(zones);
  }

  /**
   * The evaluation of {@code arch} on {@code suite} from the scorecards of each seed: the one way
   * an evaluation is assembled, whether its runs were all played now or partly reused.
   *
   * @param seeds the seeds played, the first one first
   * @param cardsBySeed for each seed, in the same order, one scorecard per scenario of the suite
   *     for the architecture's plant, in suite order
   * @param simulatedSeconds simulated time of all runs including the benign twins
   * @param wallSeconds wall time of the evaluation
   */
  public static Evaluation of(
      ArchitectureSpec arch,
      SuiteSpec suite,
      @Nullable String detectionProfile,
      Weights weights,
      List<Long> seeds,
      List<List<Scorecard>> cardsBySeed,
      double simulatedSeconds,
      double wallSeconds) {
    return of(
        arch,
        suite,
        detectionProfile,
        weights,
        seeds,
        cardsBySeed,
        simulatedSeconds,
        wallSeconds,
        null);
  }

  /**
   * As {@link #of(ArchitectureSpec, SuiteSpec, String, Weights, List, List, double, double)}, for
   * an evaluation whose runs were defended: {@code defence} sums up their response parts.
   */
  public static Evaluation of(
      ArchitectureSpec arch,
      SuiteSpec suite,
      @Nullable String detectionProfile,
      Weights weights,
      List<Long> seeds,
      List<List<Scorecard>> cardsBySeed,
      double simulatedSeconds,
      double wallSeconds,
      @Nullable DefenceSummary defence) {
    if (seeds.isEmpty() || seeds.size() != cardsBySeed.size()) {
      throw new IllegalArgumentException(
          seeds.size() + " seeds for " + cardsBySeed.size() + " sets of scorecards");
    }
    List<String> skipped =
        suite.scenarios().stream()
            .filter(s -> !s.plant().equals(arch.plant()))
            .map(ScenarioSpec::id)
            .toList();
    List<SubScores> perSeed =
        cardsBySeed.stream()
            .map(cards -> SubScores.of(cards, detectionProfile != null, weights))
            .toList();
    List<Scorecard> first = cardsBySeed.get(0);
    List<Reach> reach = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      String scenario = first.get(i).scenario();
      List<Scorecard> bySeed = new ArrayList<>();
      for (List<Scorecard> cards : cardsBySeed) {
        Scorecard c = cards.get(i);
        if (!c.scenario().equals(scenario)) {
          throw new IllegalArgumentException(
              "seeds scored different scenarios: " + scenario + " and " + c.scenario());
        }
        bySeed.add(c);
      }
      reach.add(Reach.of(scenario, bySeed, seeds));
    }
    TechniqueCatalogue catalogue = TechniqueCatalogue.load();
    List<StaticFinding> findings = new ArrayList<>();
    for (Finding f : CheckReport.of(arch).findings()) {
      findings.add(
          new StaticFinding(
              f.id(),
              f.severity().name().toLowerCase(Locale.ROOT),
              f.message(),
              f.elements(),
              f.fix()));
    }
    return new Evaluation(
        FORMAT,
        arch.id(),
        arch.plant(),
        detectionProfile,
        suite.id(),
        seeds.get(0),
        seeds,
        weights.toMap(),
        catalogue.attackVersion(),
        SubScores.mean(perSeed),
        perSeed,
        ScoreIntervals.of(perSeed),
        first,
        reach,
        skipped,
        TechniqueCoverage.of(first, catalogue),
        findings,
        ZoneEstimate.of(arch, first),
        simulatedSeconds,
        wallSeconds,
        defence);
  }

  /**
   * How often one scenario's objective was reached over the seeds.
   *
   * @param scenario scenario id
   * @param reached seeds in which the objective was reached
   * @param seeds seeds played
   * @param share {@code reached / seeds} with its Wilson 95% interval
   * @param reachedWith the seeds in which it was reached, to replay one with {@code --seed}
   */
  public record Reach(
      String scenario, int reached, int seeds, Interval share, List<Long> reachedWith) {
    public Reach {
      reachedWith = List.copyOf(reachedWith);
      if (reached != reachedWith.size() || seeds != share.n() || reached > seeds) {
        throw new IllegalArgumentException(
            scenario + ": " + reached + " of " + seeds + " seeds do not match " + reachedWith);
      }
    }

    static Reach of(String scenario, List<Scorecard> bySeed, List<Long> seeds) {
      List<Long> with = new ArrayList<>();
      for (int i = 0; i < bySeed.size(); i++) {
        if (bySeed.get(i).objectiveReached()) {
          with.add(seeds.get(i));
        }
      }
      return new Reach(
          scenario,
          with.size(),
          bySeed.size(),
          SeedStatistics.share(with.size(), bySeed.size()),
          with);
    }
  }

  /**
   * The total as people read it: {@code 72.4} for one seed, {@code 72.4 [70.1, 74.7] over 5 seeds}
   * for more.
   */
  public String totalText() {
    Interval t = intervals.total();
    if (seeds.size() == 1) {
      return String.format(Locale.ROOT, "%.1f", scores.total());
    }
    return String.format(
        Locale.ROOT,
        "%.1f [%.1f, %.1f] over %d seeds",
        scores.total(),
        t.low(),
        t.high(),
        seeds.size());
  }

  /** The reach of one scenario. */
  public Reach reach(String scenario) {
    return reach.stream()
        .filter(r -> r.scenario().equals(scenario))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no reach for " + scenario));
  }

  /**
   * A finding of {@code otlab check}, as evaluations keep it.
   *
   * @param id check id
   * @param severity {@code high}, {@code medium}, {@code low} or {@code info}
   * @param message what is wrong
   * @param elements offending elements
   * @param fix how to fix it
   */
  public record StaticFinding(
      String id, String severity, String message, List<String> elements, String fix) {
    public StaticFinding {
      elements = List.copyOf(elements);
    }
  }

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("an evaluation always serialises", e);
    }
  }

  /**
   * The largest evaluation file {@link #read} accepts, in bytes (16 MiB). An evaluation of the
   * default suite over five seeds is about 150 KB; the limit turns a wrong file (a trace, a disk
   * image) into a message before it is read, where reading and parsing it would cost its size in
   * memory several times over.
   */
  public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  /**
   * Reads an evaluation file. Its size is checked before a byte is read, and the read stops past
   * {@link #MAX_FILE_BYTES} in case the file grows meanwhile.
   *
   * @throws OtlabException {@code EVALUATION_TOO_LARGE} for a file over the limit, {@code
   *     EVALUATION_INVALID} for one that is no evaluation
   */
  public static Evaluation read(Path file) {
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw tooLarge(file, Long.toString(size));
      }
      byte[] bytes;
      try (java.io.InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      }
      if (bytes.length > MAX_FILE_BYTES) {
        throw tooLarge(file, "more than " + MAX_FILE_BYTES);
      }
      text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OtlabException(
          "EVALUATION_INVALID",
          "Cannot read " + file + ": " + e.getMessage(),
          "Give a file written by 'otlab evaluate --json' or 'otlab evaluate --out DIR'.",
          e);
    }
    return parse(file.toString(), text);
  }

  private static OtlabException tooLarge(Path file, String size) {
    return new OtlabException(
        "EVALUATION_TOO_LARGE",
        file
            + " is too large for an evaluation: "
            + size
            + " bytes; the limit is "
            + MAX_FILE_BYTES
            + " bytes (16 MiB).",
        "Give a file written by 'otlab evaluate --json' or 'otlab evaluate --out DIR' (an"
            + " evaluation of a whole suite is a few hundred KB).");
  }

  /** An evaluation from its JSON ({@link #toJson()}); {@code source} names it in errors. */
  public static Evaluation parse(String source, String json) {
    try {
      Evaluation e = JSON.readValue(json, Evaluation.class);
      if (e.format() != FORMAT && e.format() != 1) {
        throw new OtlabException(
            "EVALUATION_INVALID",
            source
                + " has evaluation format "
                + e.format()
                + ", this otlab reads 1 to "
                + FORMAT
                + ".",
            "Evaluate again with this version of otlab.");
      }
      return e;
    } catch (IOException e) {
      throw new OtlabException(
          "EVALUATION_INVALID",
          "Cannot read " + source + " as an evaluation: " + e.getMessage(),
          "Give a file written by 'otlab evaluate --json' or 'otlab evaluate --out DIR'.",
          e);
    }
  }

  public Scorecard scorecard(String scenario) {
    return scorecards.stream()
        .filter(c -> c.scenario().equals(scenario))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no scorecard for " + scenario));
  }

  /**
   * The coverage as an ATT&amp;CK Navigator layer (layer format 4.5, domain {@code ics-attack}):
   * one entry per technique the suite exercised, coloured by its {@link CoverageClass} and scored
   * by {@link TechniqueCoverage#score()}, with a comment saying where it was stopped and what saw
   * it ({@link NavigatorLayer}).
   */
  public ObjectNode navigatorLayer() {
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "name",
        "otlab " + architecture + (detectionProfile == null ? "" : " + " + detectionProfile));
    ObjectNode versions = root.putObject("versions");
    String attack = attackVersion.replaceAll("^\\D*(\\d+).*$", "$1");
    versions.put("attack", attack.matches("\\d+") ? attack : "17");
    versions.put("navigator", "5.1.0");
    versions.put("layer", "4.5");
    root.put("domain", "ics-attack");
    root.put(
        "description",
        String.format(
            Locale.ROOT,
            "Suite %s, seed %d: per technique the worst coverage class of its steps on %s%s"
                + " (green prevented, yellow detected before impact, orange detected after impact,"
                + " red succeeded unseen); score: the mean class value (100, 50, 25, 0)."
                + " Total %s. Catalogue: %s.",
            suite,
            seed,
            architecture,
            detectionProfile == null
                ? " (no detection profile ran)"
                : ", detection by " + detectionProfile,
            totalText(),
            attackVersion));
    NavigatorLayer.addTechniques(root, coverage);
    root.put("hideDisabled", false);
    return root;
  }

  /** Writes evaluation.json, navigator-layer.json and one scorecard per scenario into a folder. */
  public void write(Path dir) {
    try {
      Files.createDirectories(dir.resolve("scorecards"));
      Files.writeString(dir.resolve("evaluation.json"), toJson());
      Files.writeString(
          dir.resolve("navigator-layer.json"), JSON.writeValueAsString(navigatorLayer()));
      for (Scorecard c : scorecards) {
        Files.writeString(
            dir.resolve("scorecards").resolve(c.scenario() + ".json"), JSON.writeValueAsString(c));
      }
    } catch (IOException e) {
      throw new OtlabException(
          "EVALUATION_UNWRITABLE",
          "Cannot write the evaluation to " + dir + ": " + e.getMessage(),
          "Choose a writable --out folder.",
          e);
    }
  }
}
