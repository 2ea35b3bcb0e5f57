package dev.otlab.scoring;

import dev.otlab.lab.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One plain sentence that says what a run, an evaluation or a comparison found, for the top of a
 * scorecard, a printable report or the CLI: the outcome first, then the one fact that explains it.
 * Times of a run are counted from the attack's first step, the one clock a reader needs.
 */
public final class Verdicts {
  private Verdicts() {}

  /** What one run found: reached (when, seen or not), prevented (where, by what) or undecided. */
  public static String of(Scorecard c) {
    String sentence;
    if (c.outcome() instanceof RunOutcome.Reached r) {
      sentence =
          "The attack reached its goal ("
              + c.objective()
              + ") "
              + sinceAttack(r.time(), c.attackStart())
              + (r.pastLength() ? ", after the scenario's planned length" : "");
    } else if (c.outcome() instanceof RunOutcome.Prevented p) {
      sentence = prevented(p, c);
    } else {
      RunOutcome.Undecided u = (RunOutcome.Undecided) c.outcome();
      sentence =
          "Undecided: the run stopped at "
              + duration(u.horizon())
              + " of run time with the goal ("
              + c.objective()
              + ") neither reached nor ruled out"
              + (u.projectedTime() == null
                  ? ""
                  : ", and the trend would meet the limit at "
                      + duration(u.projectedTime())
                      + " of run time");
    }
    return sentence + "; " + detection(c) + ".";
  }

  private static String prevented(RunOutcome.Prevented p, Scorecard c) {
    String step = p.step() == null ? "" : "step " + p.step();
    return switch (p.cause()) {
      case BLOCKED ->
          "perimeter".equals(p.conduit())
              ? "Prevented: the attacker had no way in (no entry point from the foothold)"
              : "Prevented: "
                  + step
                  + " was refused at conduit "
                  + p.conduit()
                  + (p.rule() == null ? " by its default deny" : " by rule " + p.rule());
      case FAILED -> "Prevented: " + step + " failed at its target (" + p.reason() + ")";
      case NOT_RUN -> "Prevented: the attack chain ended before " + step + " (" + p.reason() + ")";
      case SIS_TRIPPED ->
          "Prevented: every step ran, but the safety system (SIS) tripped and kept the process"
              + " short of the goal ("
              + c.objective()
              + ")";
      case SETTLED ->
          "Prevented: every step ran, but the process settled short of the goal ("
              + c.objective()
              + ")";
    };
  }

  private static String detection(Scorecard c) {
    Scorecard.Detection d = c.detection();
    if (!d.observable()) {
      return "there was nothing for detection to see";
    }
    if (d.trueAlerts() == 0 || d.timeToDetect() == null) {
      return "no detector raised an alert about it";
    }
    String first =
        d.timeToDetect() < 0.5 ? "at the first step" : duration(d.timeToDetect()) + " after it";
    String late =
        c.impact().impactTime() != null && !d.detectedBeforeImpact()
            ? ", too late: after the harm"
            : "";
    return "detection raised "
        + d.trueAlerts()
        + (d.trueAlerts() == 1 ? " true alert" : " true alerts")
        + ", the first "
        + first
        + late;
  }

  /** {@code 15 min 53 s after the attack began}, or {@code at 16 min 53 s of run time}. */
  private static String sinceAttack(double time, @Nullable Double attackStart) {
    return attackStart == null
        ? "at " + duration(time) + " of run time"
        : duration(Math.max(0, time - attackStart)) + " after the attack began";
  }

  /**
   * What an evaluation found: which scenarios were prevented, reached or undecided (over several
   * seeds: in how many, with the Wilson 95% interval of the share) and the total with its interval.
   */
  public static String of(Evaluation e) {
    List<String> prevented = new ArrayList<>();
    List<String> reached = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    int seeds = e.seeds().size();
    for (Scorecard c : e.scorecards()) {
      Evaluation.Reach r =
          e.reach().stream()
              .filter(x -> x.scenario().equals(c.scenario()))
              .findFirst()
              .orElse(null);
      if (seeds > 1 && r != null && r.reached() > 0) {
        reached.add(
            r.reached() == r.seeds()
                ? c.scenario() + " (every seed)"
                : String.format(
                    Locale.ROOT,
                    "%s (%d of %d seeds, 95%% interval %.0f-%.0f %%)",
                    c.scenario(),
                    r.reached(),
                    r.seeds(),
                    100 * r.share().low(),
                    100 * r.share().high()));
      } else if (c.objectiveReached()) {
        reached.add(c.scenario());
      } else if (c.prevented()) {
        prevented.add(c.scenario());
      } else {
        undecided.add(c.scenario());
      }
    }
    int n = e.scorecards().size();
    StringBuilder sb = new StringBuilder();
    sb.append(e.architecture())
        .append(seeds > 1 ? " over " + seeds + " seeds: " : ": ")
        .append("prevented ")
        .append(prevented.size())
        .append(" of ")
        .append(n)
        .append(n == 1 ? " scenario" : " scenarios")
        .append(prevented.isEmpty() ? "" : " (" + String.join(", ", prevented) + ")");
    if (!reached.isEmpty()) {
      sb.append("; the attack reached its goal in ").append(String.join(", ", reached));
    }
    if (!undecided.isEmpty()) {
      sb.append("; undecided: ").append(String.join(", ", undecided));
    }
    Interval t = e.intervals().total();
    sb.append(String.format(Locale.ROOT, "; total score %.1f of 100", e.scores().total()));
    if (t != null && t.n() > 1) {
      sb.append(String.format(Locale.ROOT, " (95%% interval %.1f-%.1f)", t.low(), t.high()));
    }
    return sb.append('.').toString();
  }

  /**
   * A comparison's conclusion first: which side did better on the total, whether that is beyond the
   * noise over the seeds, and the scenarios whose verdict flipped.
   */
  public static String of(Comparison c) {
    Comparison.ScoreDifference total =
        c.differences().stream().filter(d -> d.score().equals("total")).findFirst().orElse(null);
    List<String> nowPrevented = new ArrayList<>();
    List<String> nowReached = new ArrayList<>();
    for (Comparison.ScenarioChange s : c.scenarios()) {
      if (s.inA() && s.inB() && s.reachedA() != s.reachedB()) {
        (s.reachedA() ? nowPrevented : nowReached).add(s.scenario());
      }
    }
    StringBuilder sb = new StringBuilder();
    if (total == null || total.change() == null) {
      sb.append("The totals cannot be compared: one side has no total");
    } else if (Math.abs(total.change()) < 0.05) {
      sb.append(
          String.format(Locale.ROOT, "A and B scored the same total (%.1f)", mean(total.a())));
    } else {
      boolean bBetter = total.change() > 0;
      sb.append(bBetter ? "B (" + c.b() + ")" : "A (" + c.a() + ")")
          .append(" did better: total ")
          .append(
              String.format(
                  Locale.ROOT, "%.1f against %.1f", best(total, bBetter), worst(total, bBetter)))
          .append(", ")
          .append(
              total.exceedsNoise() == null
                  ? "but with one seed a side nobody can tell that from seed noise"
                  : total.exceedsNoise()
                      ? "a difference beyond seed noise" + pText(total.pValue())
                      : "a difference within seed noise"
                          + pText(total.pValue())
                          + ", so not shown");
    }
    if (!nowPrevented.isEmpty()) {
      sb.append("; B prevented what reached its goal in A: ")
          .append(String.join(", ", nowPrevented));
    }
    if (!nowReached.isEmpty()) {
      sb.append("; B let through what A prevented: ").append(String.join(", ", nowReached));
    }
    if (nowPrevented.isEmpty() && nowReached.isEmpty()) {
      sb.append("; every scenario has the same verdict on both sides");
    }
    return sb.append('.').toString();
  }

  private static double mean(@Nullable Interval i) {
    return i == null ? Double.NaN : i.mean();
  }

  private static double best(Comparison.ScoreDifference d, boolean bBetter) {
    return bBetter ? mean(d.b()) : mean(d.a());
  }

  private static double worst(Comparison.ScoreDifference d, boolean bBetter) {
    return bBetter ? mean(d.a()) : mean(d.b());
  }

  private static String pText(@Nullable Double p) {
    if (p == null) {
      return "";
    }
    return p < 0.001 ? " (p < 0.001)" : String.format(Locale.ROOT, " (p %.3f)", p);
  }

  /** Simulated seconds as people say them: {@code 40 s}, {@code 15 min 53 s}, {@code 2 h 5 min}. */
  public static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 120) {
      return s + " s";
    }
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long r = s % 60;
    if (h > 0) {
      return h + " h" + (m > 0 ? " " + m + " min" : "");
    }
    return m + " min" + (r > 0 ? " " + r + " s" : "");
  }
}
