package dev.otlab.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One architecture under one detection profile against one suite: scorecards, sub-scores and total,
 * technique coverage, static findings and the per-zone estimate. Serialises to and from the JSON
 * {@code otlab evaluate --json} prints and {@code otlab compare} reads.
 *
 * @param format JSON format version
 * @param architecture architecture id
 * @param plant plant id
 * @param detectionProfile detection profile id, or null when none ran
 * @param suite suite id
 * @param seed seed of every run
 * @param weights the weights used
 * @param attackVersion ATT&amp;CK release the technique catalogue was checked against
 * @param scores sub-scores and total
 * @param scorecards one per scenario, in suite order
 * @param skipped suite scenarios of other plants, not run
 * @param coverage per technique
 * @param findings static findings of {@code otlab check}
 * @param zones per-zone attacker estimate
 * @param simulatedSeconds simulated time of all runs including the benign twins
 * @param wallSeconds wall time of the evaluation (not part of the verdicts)
 */
public record Evaluation(
    int format,
    String architecture,
    String plant,
    @Nullable String detectionProfile,
    String suite,
    long seed,
    Map<String, Double> weights,
    String attackVersion,
    SubScores scores,
    List<Scorecard> scorecards,
    List<String> skipped,
    List<TechniqueCoverage> coverage,
    List<StaticFinding> findings,
    List<ZoneEstimate> zones,
    double simulatedSeconds,
    double wallSeconds) {

  public static final int FORMAT = 1;

  public Evaluation {
    weights = Map.copyOf(weights);
    scorecards = List.copyOf(scorecards);
    skipped = List.copyOf(skipped);
    coverage = List.copyOf(coverage);
    findings = List.copyOf(findings);
    zones = List.copyOf(zones);
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

  public static Evaluation read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new OtlabException(
          "EVALUATION_INVALID",
          "Cannot read " + file + ": " + e.getMessage(),
          "Give a file written by 'otlab evaluate --json' or 'otlab evaluate --out DIR'.",
          e);
    }
    return parse(file.toString(), text);
  }

  /** An evaluation from its JSON ({@link #toJson()}); {@code source} names it in errors. */
  public static Evaluation parse(String source, String json) {
    try {
      Evaluation e = JSON.readValue(json, Evaluation.class);
      if (e.format() != FORMAT) {
        throw new OtlabException(
            "EVALUATION_INVALID",
            source + " has evaluation format " + e.format() + ", this otlab reads " + FORMAT + ".",
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
                + " Total %.1f. Catalogue: %s.",
            suite,
            seed,
            architecture,
            detectionProfile == null
                ? " (no detection profile ran)"
                : ", detection by " + detectionProfile,
            scores.total(),
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
