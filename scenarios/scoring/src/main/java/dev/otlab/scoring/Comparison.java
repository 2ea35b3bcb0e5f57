package dev.otlab.scoring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What changed between two evaluations, scenario by scenario, and what made the difference: the
 * first step whose outcome differs (and the conduit and rule that blocked it on one side), and the
 * detectors that saw the attack on one side only.
 *
 * @param a label of the first evaluation
 * @param b label of the second
 * @param scoreChanges sub-score and total changes, one line each, saying whether each exceeds the
 *     noise over the seeds
 * @param differences every sub-score and the total on both sides, with the verdict on the noise
 * @param scenarios per scenario present in either
 * @param findingsAdded static findings of B not in A ({@code id elements})
 * @param findingsRemoved static findings of A not in B
 */
public record Comparison(
    String a,
    String b,
    List<String> scoreChanges,
    List<ScoreDifference> differences,
    List<ScenarioChange> scenarios,
    List<String> findingsAdded,
    List<String> findingsRemoved) {

  public Comparison {
    scoreChanges = List.copyOf(scoreChanges);
    differences = List.copyOf(differences);
    scenarios = List.copyOf(scenarios);
    findingsAdded = List.copyOf(findingsAdded);
    findingsRemoved = List.copyOf(findingsRemoved);
  }

  /**
   * One sub-score or the total in both evaluations.
   *
   * @param score prevention, detection, impact, operations or total
   * @param a its mean and 95% interval over A's seeds, or null when A did not score it
   * @param b the same for B
   * @param change B's mean minus A's, or null when one side did not score it
   * @param pValue two-sided p-value of Welch's t-test over the two sides' per-seed values, or null
   *     when it cannot be computed (a side played one seed, or did not score it)
   * @param exceedsNoise whether the change is beyond the noise ({@code pValue} under 0.05), or null
   *     when that cannot be told
   */
  public record ScoreDifference(
      String score,
      @Nullable Interval a,
      @Nullable Interval b,
      @Nullable Double change,
      @Nullable Double pValue,
      @Nullable Boolean exceedsNoise) {

    static ScoreDifference of(String score, Evaluation ea, Evaluation eb) {
      Interval ia = ea.intervals().get(score);
      Interval ib = eb.intervals().get(score);
      Double ma = ea.scores().get(score);
      Double mb = eb.scores().get(score);
      if (ia == null || ib == null || ma == null || mb == null) {
        return new ScoreDifference(score, ia, ib, null, null, null);
      }
      Double p = SeedStatistics.welchP(values(ea, score), values(eb, score));
      return new ScoreDifference(
          score, ia, ib, SubScores.round(mb - ma), p, p == null ? null : p < SeedStatistics.ALPHA);
    }

    private static double[] values(Evaluation e, String score) {
      return e.seedScores().stream()
          .map(s -> s.get(score))
          .mapToDouble(v -> v == null ? Double.NaN : v)
          .toArray();
    }

    /** The verdict on the noise, for a person. */
    public String noiseText() {
      if (pValue == null || exceedsNoise == null) {
        return a == null || b == null ? "scored on one side only" : "noise unknown: one seed";
      }
      return String.format(
          Locale.ROOT,
          "%s (Welch p %s)",
          exceedsNoise ? "beyond the noise" : "within the noise",
          pValue < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", pValue));
    }
  }

  /**
   * One scenario's change.
   *
   * @param scenario scenario id
   * @param inA whether A ran it
   * @param inB whether B ran it
   * @param reachedA objective reached in A
   * @param reachedB objective reached in B
   * @param changes every difference, one line each (empty: same verdicts)
   * @param madeTheDifference the conduit, rule or detector that explains a changed verdict, or null
   */
  public record ScenarioChange(
      String scenario,
      boolean inA,
      boolean inB,
      boolean reachedA,
      boolean reachedB,
      List<String> changes,
      @Nullable String madeTheDifference) {
    public ScenarioChange {
      changes = List.copyOf(changes);
    }
  }

  public static Comparison of(Evaluation a, Evaluation b) {
    List<String> scores = new ArrayList<>();
    List<ScoreDifference> differences = new ArrayList<>();
    for (String name : ScoreIntervals.NAMES) {
      ScoreDifference d = ScoreDifference.of(name, a, b);
      if (d.a() != null || d.b() != null) {
        differences.add(d);
      }
      score(scores, d, a.scores().get(name), b.scores().get(name));
    }
    scores.addAll(defence(a.defence(), b.defence()));
    Set<String> ids = new LinkedHashSet<>();
    a.scorecards().forEach(c -> ids.add(c.scenario()));
    b.scorecards().forEach(c -> ids.add(c.scenario()));
    List<ScenarioChange> changes = new ArrayList<>();
    for (String id : ids) {
      Scorecard ca = find(a, id);
      Scorecard cb = find(b, id);
      if (ca == null || cb == null) {
        changes.add(
            new ScenarioChange(
                id,
                ca != null,
                cb != null,
                ca != null && ca.objectiveReached(),
                cb != null && cb.objectiveReached(),
                List.of(ca == null ? "only in B" : "only in A"),
                null));
        continue;
      }
      ScenarioChange c = scenario(ca, cb);
      String reach = reach(a.reach(id), b.reach(id));
      if (reach != null) {
        List<String> lines = new ArrayList<>(c.changes());
        lines.add(0, reach);
        c =
            new ScenarioChange(
                id, true, true, c.reachedA(), c.reachedB(), lines, c.madeTheDifference());
      }
      changes.add(c);
    }
    TreeSet<String> fa = new TreeSet<>();
    a.findings().forEach(f -> fa.add(f.severity() + " " + f.id() + " " + f.elements()));
    TreeSet<String> fb = new TreeSet<>();
    b.findings().forEach(f -> fb.add(f.severity() + " " + f.id() + " " + f.elements()));
    List<String> added = fb.stream().filter(f -> !fa.contains(f)).toList();
    List<String> removed = fa.stream().filter(f -> !fb.contains(f)).toList();
    return new Comparison(label(a), label(b), scores, differences, changes, added, removed);
  }

  /**
   * The response parts side by side, one line each, when either evaluation was defended: two
   * playbooks (or a playbook and none) weighed by what they averted and what they cost.
   */
  static List<String> defence(@Nullable DefenceSummary a, @Nullable DefenceSummary b) {
    if (a == null && b == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add(
        "defence: "
            + (a == null ? "none" : String.join(" + ", a.defence()))
            + " -> "
            + (b == null ? "none" : String.join(" + ", b.defence())));
    if (a == null || b == null) {
      return out;
    }
    out.add(
        String.format(
            Locale.ROOT,
            "averted %d of %d runs reached undefended -> %d of %d",
            a.averted(),
            a.reachedUndefended(),
            b.averted(),
            b.reachedUndefended()));
    out.add(
        String.format(
            Locale.ROOT,
            "mean harm averted %+.2f -> %+.2f",
            a.meanHarmAverted(),
            b.meanHarmAverted()));
    out.add(
        String.format(
            Locale.ROOT,
            "benign operations the responses denied %d -> %d; false-alarm responses in the benign"
                + " twins %d -> %d",
            a.extraDenied(),
            b.extraDenied(),
            a.falseAlarmResponses(),
            b.falseAlarmResponses()));
    return out;
  }

  /**
   * The change in the share of seeds that reached a scenario's objective, when either side played
   * more than one seed and the shares differ; beyond the noise when the Wilson intervals are
   * disjoint.
   */
  static @Nullable String reach(Evaluation.Reach a, Evaluation.Reach b) {
    if (a.seeds() == 1 && b.seeds() == 1 || a.share().mean() == b.share().mean()) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "reached in %d of %d seeds -> %d of %d (%s)",
        a.reached(),
        a.seeds(),
        b.reached(),
        b.seeds(),
        a.share().disjoint(b.share()) ? "beyond the noise" : "within the noise");
  }

  static String label(Evaluation e) {
    return e.architecture()
        + (e.detectionProfile() == null ? "" : " + " + e.detectionProfile())
        + (e.defence() == null ? "" : " defended by " + String.join(" + ", e.defence().defence()))
        + " (suite "
        + e.suite()
        + (e.seeds().size() == 1
            ? ", seed " + e.seed()
            : ", seeds " + e.seed() + ".." + e.seeds().get(e.seeds().size() - 1))
        + ")";
  }

  private static void score(
      List<String> out, ScoreDifference d, @Nullable Double a, @Nullable Double b) {
    if (Objects.equals(a, b)) {
      return;
    }
    out.add(
        String.format(
            Locale.ROOT,
            "%-10s %s -> %s  (%s)",
            d.score(),
            text(a, d.a()),
            text(b, d.b()),
            a == null || b == null
                ? "scored on one side only"
                : String.format(Locale.ROOT, "%+.1f, %s", b - a, d.noiseText())));
  }

  private static String text(@Nullable Double mean, @Nullable Interval i) {
    if (mean == null) {
      return "n/a";
    }
    if (i == null || i.n() == 1) {
      return String.format(Locale.ROOT, "%.1f", mean);
    }
    return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", mean, i.low(), i.high());
  }

  private static @Nullable Scorecard find(Evaluation e, String id) {
    return e.scorecards().stream().filter(c -> c.scenario().equals(id)).findFirst().orElse(null);
  }

  static ScenarioChange scenario(Scorecard a, Scorecard b) {
    List<String> lines = new ArrayList<>();
    String difference = null;
    if (a.objectiveReached() != b.objectiveReached()) {
      lines.add(
          "objective " + reached(a.objectiveReached()) + " -> " + reached(b.objectiveReached()));
    }
    for (Scorecard.StepVerdict sa : a.steps()) {
      Scorecard.StepVerdict sb =
          b.steps().stream().filter(s -> s.step().equals(sa.step())).findFirst().orElse(null);
      if (sb == null) {
        continue;
      }
      if (!sa.outcome().equals(sb.outcome())
          || !Objects.equals(sa.blockedWhere(), sb.blockedWhere())) {
        lines.add(
            "step "
                + sa.step()
                + " ("
                + sa.technique()
                + "): "
                + outcome(sa)
                + " -> "
                + outcome(sb));
        if (difference == null && a.objectiveReached() != b.objectiveReached()) {
          Scorecard.StepVerdict blocked = sa.outcome().equals("BLOCKED") ? sa : sb;
          Scorecard.StepVerdict other = blocked == sa ? sb : sa;
          if (blocked.outcome().equals("BLOCKED") && !other.outcome().equals("BLOCKED")) {
            difference =
                "conduit "
                    + blocked.conduit()
                    + (blocked.rule() == null ? " (default deny)" : " rule " + blocked.rule())
                    + " blocked step "
                    + blocked.step()
                    + " in "
                    + (blocked == sa ? "A" : "B");
          } else if (!sa.outcome().equals(sb.outcome())) {
            difference =
                "step " + sa.step() + ": " + outcome(sa) + " in A, " + outcome(sb) + " in B";
          }
        }
      }
      if (!sa.detectedBy().equals(sb.detectedBy())) {
        lines.add(
            "step "
                + sa.step()
                + " detected by "
                + list(sa.detectedBy())
                + " -> "
                + list(sb.detectedBy()));
      }
    }
    Scorecard.Detection da = a.detection();
    Scorecard.Detection db = b.detection();
    if (da.detectedBeforeImpact() != db.detectedBeforeImpact()
        || !Objects.equals(da.firstDetector(), db.firstDetector())) {
      lines.add("detection " + detected(da) + " -> " + detected(db));
      if (difference == null && da.detectedBeforeImpact() != db.detectedBeforeImpact()) {
        Scorecard.Detection seen = da.detectedBeforeImpact() ? da : db;
        difference =
            "detector "
                + seen.firstDetector()
                + " saw it before impact in "
                + (seen == da ? "A" : "B")
                + " only";
      }
    }
    if (da.falseAlerts() != db.falseAlerts()) {
      lines.add("false alerts " + da.falseAlerts() + " -> " + db.falseAlerts());
    }
    if (Math.abs(a.impact().harm() - b.impact().harm()) >= 0.005) {
      lines.add(
          String.format(
              Locale.ROOT,
              "impact h %.2f -> %.2f (%s -> %s)",
              a.impact().harm(),
              b.impact().harm(),
              a.impactText(),
              b.impactText()));
    }
    if (a.operations().denied() != b.operations().denied()) {
      lines.add(
          "benign operations denied "
              + a.operations().denied()
              + " "
              + a.operations().deniedBy()
              + " -> "
              + b.operations().denied()
              + " "
              + b.operations().deniedBy());
    }
    return new ScenarioChange(
        a.scenario(), true, true, a.objectiveReached(), b.objectiveReached(), lines, difference);
  }

  private static String reached(boolean r) {
    return r ? "REACHED" : "not reached";
  }

  private static String outcome(Scorecard.StepVerdict s) {
    return s.outcome().equals("BLOCKED") ? "BLOCKED at " + s.blockedWhere() : s.outcome();
  }

  private static String list(List<String> l) {
    return l.isEmpty() ? "nothing" : String.join(", ", l);
  }

  private static String detected(Scorecard.Detection d) {
    if (d.detectTime() == null) {
      return "not detected";
    }
    return String.format(
        Locale.ROOT,
        "%s at %.0f s%s",
        d.firstDetector(),
        d.detectTime(),
        d.detectedBeforeImpact() ? " (before impact)" : " (after impact)");
  }

  /** The comparison for a person. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("A: ").append(a).append('\n').append("B: ").append(b).append("\n\n");
    sb.append("SCORES").append('\n');
    if (scoreChanges.isEmpty()) {
      sb.append("  unchanged\n");
    }
    scoreChanges.forEach(l -> sb.append("  ").append(l).append('\n'));
    sb.append("\nSCENARIOS\n");
    int same = 0;
    for (ScenarioChange c : scenarios) {
      if (c.changes().isEmpty()) {
        same++;
        continue;
      }
      sb.append("  ").append(c.scenario()).append('\n');
      c.changes().forEach(l -> sb.append("    ").append(l).append('\n'));
      if (c.madeTheDifference() != null) {
        sb.append("    => ").append(c.madeTheDifference()).append('\n');
      }
    }
    sb.append("  ").append(same).append(" scenario(s) with the same verdicts\n");
    if (!findingsAdded.isEmpty() || !findingsRemoved.isEmpty()) {
      sb.append("\nSTATIC FINDINGS\n");
      findingsRemoved.forEach(f -> sb.append("  - ").append(f).append('\n'));
      findingsAdded.forEach(f -> sb.append("  + ").append(f).append('\n'));
    }
    return sb.toString();
  }
}
