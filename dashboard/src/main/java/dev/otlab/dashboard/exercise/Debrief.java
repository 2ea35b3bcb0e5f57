package dev.otlab.dashboard.exercise;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Scores one trainee against the lab's ground truth: what they marked and attributed, when they
 * first saw the attack and when they contained it, and what their lab's defence cost and saved
 * against the same scenario played without defence (same seed).
 */
public final class Debrief {
  // A step that never ran has no start: the trace writes NaN there.
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private Debrief() {}

  /** An attack step as the run recorded it ({@code outcome} SUCCEEDED, BLOCKED, ..., NOT_RUN). */
  public record Step(
      String step,
      String technique,
      double start,
      String from,
      @Nullable String target,
      String outcome,
      String detail) {

    boolean ran() {
      return !"NOT_RUN".equals(outcome) && Double.isFinite(start);
    }

    boolean succeeded() {
      return "SUCCEEDED".equals(outcome);
    }
  }

  /** An alert the lab raised, with its ground truth (the live judgement). */
  public record AlertTruth(
      String id,
      double time,
      String detector,
      @Nullable String technique,
      List<String> hosts,
      String summary,
      boolean truePositive) {}

  /**
   * How a run ended, from its scorecard.
   *
   * @param harm the scorecard's harm (against the benign twin)
   * @param deniedOperations benign operations the conduits denied
   * @param productionLost the share of the benign twin's production the run did not make
   * @param objectiveTime when the attack reached its objective in the run, or null when it did not
   */
  public record Outcome(
      double harm, int deniedOperations, double productionLost, @Nullable Double objectiveTime) {}

  /** Something the trainee did: {@code triage}, {@code response} or {@code finding}. */
  public record Act(String kind, double simTime, JsonNode body) {}

  /**
   * One trainee's score. Times are simulated seconds from the attack's first step; a null says it
   * did not happen (no correct true mark, no containing response) or cannot be known (a run that
   * stored no scorecard).
   */
  public record Score(
      int marks,
      int marksCorrect,
      @Nullable Double triageAccuracy,
      int attributions,
      int attributionsCorrect,
      @Nullable Double attributionAccuracy,
      @Nullable Double timeToDetect,
      @Nullable Double timeToContain,
      int responses,
      int findings,
      @Nullable Double harm,
      @Nullable Double baselineHarm,
      @Nullable Double harmAverted,
      @Nullable Integer deniedOperations,
      @Nullable Integer baselineDeniedOperations,
      @Nullable Integer collateralCost,
      @Nullable Double productionLost,
      @Nullable Double baselineProductionLost) {

    /**
     * Whether the trainee met each objective: detect (a true alert marked true), attribute (at
     * least half of their attributions right, and one at least), contain (a response after which no
     * step succeeded, in a lab where the attack never reached its objective: steps that all ran
     * before anyone could act leave nothing to stop but their effect), keep production (their lab
     * lost no more production than the undefended run did: the defence cost no more than the attack
     * would have); null when not known yet.
     */
    public Map<String, @Nullable Boolean> met(List<ExerciseSpec.Objective> objectives) {
      Map<String, @Nullable Boolean> out = new LinkedHashMap<>();
      for (ExerciseSpec.Objective o : objectives) {
        out.put(
            o.wire(),
            switch (o) {
              case DETECT -> timeToDetect != null;
              case ATTRIBUTE ->
                  attributionsCorrect > 0
                      && attributionAccuracy != null
                      && attributionAccuracy >= 0.5;
              case CONTAIN -> timeToContain != null;
              case KEEP_PRODUCTION ->
                  productionLost == null || baselineProductionLost == null
                      ? null
                      : productionLost <= baselineProductionLost + 1e-9;
            });
      }
      return out;
    }
  }

  /** The CSV columns of {@link #csvRow}, in order. */
  public static final List<String> CSV_HEADER =
      List.of(
          "exercise",
          "title",
          "user",
          "team",
          "lab",
          "marks",
          "marks_correct",
          "triage_accuracy",
          "attributions",
          "attributions_correct",
          "attribution_accuracy",
          "time_to_detect_s",
          "time_to_contain_s",
          "responses",
          "findings",
          "harm",
          "baseline_harm",
          "harm_averted",
          "denied_operations",
          "baseline_denied_operations",
          "collateral_cost",
          "production_lost",
          "baseline_production_lost");

  /**
   * Scores a trainee.
   *
   * @param steps the lab's attack steps
   * @param alerts the lab's alerts by id, with their ground truth
   * @param acts the trainee's own actions, in the order they were done
   * @param lab how the trainee's lab ended, or null when it stored no scorecard
   * @param baseline how the undefended run ended, or null when it has not (yet)
   */
  public static Score score(
      List<Step> steps,
      Map<String, AlertTruth> alerts,
      List<Act> acts,
      @Nullable Outcome lab,
      @Nullable Outcome baseline) {
    double attackStart =
        steps.stream().filter(Step::ran).mapToDouble(Step::start).min().orElse(Double.NaN);
    Set<String> techniques = new HashSet<>();
    Set<String> hosts = new HashSet<>();
    for (Step s : steps) {
      if (s.ran()) {
        techniques.add(s.technique());
        if (!s.from().isEmpty()) {
          hosts.add(s.from());
        }
        if (s.target() != null) {
          hosts.add(s.target());
        }
      }
    }
    // The last mark of an alert counts: a trainee may change their mind.
    Map<String, Boolean> marks = new LinkedHashMap<>();
    int attributions = 0;
    int attributionsCorrect = 0;
    Double detected = null;
    Double contained = null;
    int responses = 0;
    int findings = 0;
    for (Act a : acts) {
      switch (a.kind()) {
        case "triage" -> {
          String id = a.body().path("alert").asText();
          AlertTruth truth = alerts.get(id);
          if (truth == null) {
            continue;
          }
          boolean verdict = a.body().path("verdict").asBoolean();
          marks.put(id, verdict);
          if (verdict && truth.truePositive() && detected == null && Double.isFinite(attackStart)) {
            detected = Math.max(0, a.simTime() - attackStart);
          }
          String technique = a.body().path("technique").asText("");
          String host = a.body().path("host").asText("");
          if (!technique.isEmpty()) {
            attributions++;
            if (techniques.contains(technique.toUpperCase(Locale.ROOT))) {
              attributionsCorrect++;
            }
          }
          if (!host.isEmpty()) {
            attributions++;
            if (hosts.contains(host)) {
              attributionsCorrect++;
            }
          }
        }
        case "response" -> {
          responses++;
          if (contained == null
              && Double.isFinite(attackStart)
              && a.body().path("done").asBoolean(true)
              && (lab == null || lab.objectiveTime() == null)
              && steps.stream().noneMatch(s -> s.succeeded() && s.start() > a.simTime())) {
            contained = Math.max(0, a.simTime() - attackStart);
          }
        }
        case "finding" -> findings++;
        default -> {}
      }
    }
    int correct = 0;
    for (Map.Entry<String, Boolean> m : marks.entrySet()) {
      if (alerts.get(m.getKey()).truePositive() == m.getValue()) {
        correct++;
      }
    }
    Double harm = lab == null ? null : lab.harm();
    Double baseHarm = baseline == null ? null : baseline.harm();
    Integer denied = lab == null ? null : lab.deniedOperations();
    Integer baseDenied = baseline == null ? null : baseline.deniedOperations();
    return new Score(
        marks.size(),
        correct,
        marks.isEmpty() ? null : correct / (double) marks.size(),
        attributions,
        attributionsCorrect,
        attributions == 0 ? null : attributionsCorrect / (double) attributions,
        detected,
        contained,
        responses,
        findings,
        harm,
        baseHarm,
        harm == null || baseHarm == null ? null : baseHarm - harm,
        denied,
        baseDenied,
        denied == null || baseDenied == null ? null : denied - baseDenied,
        lab == null ? null : lab.productionLost(),
        baseline == null ? null : baseline.productionLost());
  }

  /** The steps of a run's trace (JSON lines of {@code TraceExport.allLines}), in time order. */
  public static List<Step> steps(String traceLines) {
    List<Step> out = new ArrayList<>();
    for (String line : traceLines.split("\n")) {
      if (!line.startsWith("{\"type\":\"step\"")) {
        continue;
      }
      JsonNode n = read(line);
      out.add(
          new Step(
              n.path("step").asText(),
              n.path("technique").asText(),
              n.path("start").isNumber() ? n.get("start").asDouble() : Double.NaN,
              n.path("fromHost").asText(""),
              n.hasNonNull("target") ? n.get("target").asText() : null,
              n.path("outcome").asText(),
              n.path("detail").asText("")));
    }
    out.sort(
        (a, b) ->
            Double.compare(
                Double.isNaN(a.start()) ? Double.MAX_VALUE : a.start(),
                Double.isNaN(b.start()) ? Double.MAX_VALUE : b.start()));
    return out;
  }

  /**
   * The responses a run's trace records ({@code response} lines: who, when asked and when carried
   * out, done or refused, the result and side effects), in the order they took effect.
   */
  public static List<JsonNode> responses(String traceLines) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : traceLines.split("\n")) {
      if (line.startsWith("{\"type\":\"response\"")) {
        out.add(read(line));
      }
    }
    return out;
  }

  /** How a run ended, from its {@code scorecard.json}. */
  public static Outcome outcome(String scorecardJson) {
    JsonNode n = read(scorecardJson);
    return new Outcome(
        n.path("impact").path("harm").asDouble(),
        n.path("operations").path("denied").asInt(),
        n.path("impact").path("productionLostFraction").asDouble(),
        n.path("objectiveReached").asBoolean() && n.path("objectiveTime").isNumber()
            ? n.path("objectiveTime").asDouble()
            : null);
  }

  /** A trainee's row of the class record. */
  public static List<String> csvRow(
      String exercise, String title, String user, @Nullable String team, String lab, Score s) {
    return List.of(
        exercise,
        title,
        user,
        team == null ? "" : team,
        lab,
        Integer.toString(s.marks()),
        Integer.toString(s.marksCorrect()),
        num(s.triageAccuracy()),
        Integer.toString(s.attributions()),
        Integer.toString(s.attributionsCorrect()),
        num(s.attributionAccuracy()),
        num(s.timeToDetect()),
        num(s.timeToContain()),
        Integer.toString(s.responses()),
        Integer.toString(s.findings()),
        num(s.harm()),
        num(s.baselineHarm()),
        num(s.harmAverted()),
        s.deniedOperations() == null ? "" : s.deniedOperations().toString(),
        s.baselineDeniedOperations() == null ? "" : s.baselineDeniedOperations().toString(),
        s.collateralCost() == null ? "" : s.collateralCost().toString(),
        num(s.productionLost()),
        num(s.baselineProductionLost()));
  }

  /** One CSV line: fields quoted where they hold a comma, quote or line break. */
  public static String csvLine(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      if (i > 0) {
        sb.append(',');
      }
      // A field a spreadsheet would run as a formula is kept as text.
      if (!f.isEmpty() && "=+-@".indexOf(f.charAt(0)) >= 0 && !f.matches("-?[0-9.E]+")) {
        f = "'" + f;
      }
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    return sb.append('\n').toString();
  }

  private static String num(@Nullable Double d) {
    return d == null ? "" : Double.toString(Math.round(d * 1e4) / 1e4);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a stored record is not JSON", e);
    }
  }
}
