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
 * @param scoreChanges sub-score and total changes, one line each
 * @param scenarios per scenario present in either
 * @param findingsAdded static findings of B not in A ({@code id elements})
 * @param findingsRemoved static findings of A not in B
 */
public record Comparison(
    String a,
    String b,
    List<String> scoreChanges,
    List<ScenarioChange> scenarios,
    List<String> findingsAdded,
    List<String> findingsRemoved) {

  public Comparison {
    scoreChanges = List.copyOf(scoreChanges);
    scenarios = List.copyOf(scenarios);
    findingsAdded = List.copyOf(findingsAdded);
    findingsRemoved = List.copyOf(findingsRemoved);
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
    score(scores, "prevention", a.scores().prevention(), b.scores().prevention());
    score(scores, "detection", a.scores().detection(), b.scores().detection());
    score(scores, "impact", a.scores().impact(), b.scores().impact());
    score(scores, "operations", a.scores().operations(), b.scores().operations());
    score(scores, "total", a.scores().total(), b.scores().total());
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
      changes.add(scenario(ca, cb));
    }
    TreeSet<String> fa = new TreeSet<>();
    a.findings().forEach(f -> fa.add(f.severity() + " " + f.id() + " " + f.elements()));
    TreeSet<String> fb = new TreeSet<>();
    b.findings().forEach(f -> fb.add(f.severity() + " " + f.id() + " " + f.elements()));
    List<String> added = fb.stream().filter(f -> !fa.contains(f)).toList();
    List<String> removed = fa.stream().filter(f -> !fb.contains(f)).toList();
    return new Comparison(label(a), label(b), scores, changes, added, removed);
  }

  static String label(Evaluation e) {
    return e.architecture()
        + (e.detectionProfile() == null ? "" : " + " + e.detectionProfile())
        + " (suite "
        + e.suite()
        + ", seed "
        + e.seed()
        + ")";
  }

  private static void score(List<String> out, String name, @Nullable Double a, @Nullable Double b) {
    if (Objects.equals(a, b)) {
      return;
    }
    out.add(
        String.format(
            Locale.ROOT,
            "%-10s %6s -> %6s  (%s)",
            name,
            a == null ? "n/a" : String.format(Locale.ROOT, "%.1f", a),
            b == null ? "n/a" : String.format(Locale.ROOT, "%.1f", b),
            a == null || b == null
                ? "scored on one side only"
                : String.format(Locale.ROOT, "%+.1f", b - a)));
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
