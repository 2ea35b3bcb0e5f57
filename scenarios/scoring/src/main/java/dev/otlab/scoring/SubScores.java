package dev.otlab.scoring;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The four sub-scores (0 to 100, higher is better) and their weighted total, each rounded to one
 * decimal. Detection is null when no detection profile ran; the total then uses the other three.
 *
 * @param prevention 100 x sum of w over scenarios whose outcome is PREVENTED / sum of w (a run
 *     UNDECIDED at its horizon earns nothing, like a reached one)
 * @param detection 100 x sum of w d over observable scenarios / sum of w over them
 * @param impact 100 x (1 - sum of w h / sum of w)
 * @param operations 100 x (1 - min(1, rho / rho_max)) x (1 - min(1, phi / phi_max))
 * @param total weighted mean of the sub-scores that were scored
 * @param deniedFraction rho: benign operations denied / benign operations
 * @param falseAlertsPerHour phi: false alerts / simulated hours
 */
public record SubScores(
    double prevention,
    @Nullable Double detection,
    double impact,
    double operations,
    double total,
    double deniedFraction,
    double falseAlertsPerHour) {

  /** Computes the sub-scores of a set of scorecards; {@code detection} false leaves it unscored. */
  public static SubScores of(List<Scorecard> cards, boolean detection, Weights w) {
    double sumW = 0;
    double prevented = 0;
    double harm = 0;
    double obsW = 0;
    double credit = 0;
    long benign = 0;
    long denied = 0;
    long falseAlerts = 0;
    double seconds = 0;
    for (Scorecard c : cards) {
      sumW += c.severity();
      prevented += c.prevented() ? c.severity() : 0;
      harm += c.severity() * c.impact().harm();
      if (c.detection().observable()) {
        obsW += c.severity();
        credit += c.severity() * c.detection().credit();
      }
      benign += c.operations().benign();
      denied += c.operations().denied();
      falseAlerts += c.detection().falseAlerts();
      seconds += c.playedSeconds();
    }
    double p = sumW == 0 ? 100 : 100 * prevented / sumW;
    double i = sumW == 0 ? 100 : 100 * (1 - harm / sumW);
    Double d = detection ? (obsW == 0 ? 100.0 : 100 * credit / obsW) : null;
    double rho = benign == 0 ? 0 : (double) denied / benign;
    double phi = seconds == 0 ? 0 : falseAlerts / (seconds / 3600.0);
    double o =
        100
            * (1 - Math.min(1, rho / w.deniedSaturation()))
            * (1 - Math.min(1, phi / w.falseAlertSaturation()));
    double num = w.prevention() * p + w.impact() * i + w.operations() * o;
    double den = w.prevention() + w.impact() + w.operations();
    if (d != null) {
      num += w.detection() * d;
      den += w.detection();
    }
    double total = den == 0 ? 0 : num / den;
    return new SubScores(
        round(p), d == null ? null : round(d), round(i), round(o), round(total), rho, phi);
  }

  /**
   * The mean of each sub-score, the total and the two operations terms over the seeds of an
   * evaluation (each seed's total, so the mean total is the mean of the totals).
   */
  public static SubScores mean(List<SubScores> perSeed) {
    if (perSeed.isEmpty()) {
      throw new IllegalArgumentException("no seed was scored");
    }
    if (perSeed.size() == 1) {
      return perSeed.get(0);
    }
    boolean detection = perSeed.get(0).detection() != null;
    return new SubScores(
        round(mean(perSeed, SubScores::prevention)),
        detection ? round(mean(perSeed, s -> s.detection() == null ? 0 : s.detection())) : null,
        round(mean(perSeed, SubScores::impact)),
        round(mean(perSeed, SubScores::operations)),
        round(mean(perSeed, SubScores::total)),
        mean(perSeed, SubScores::deniedFraction),
        mean(perSeed, SubScores::falseAlertsPerHour));
  }

  private static double mean(List<SubScores> perSeed, ToDoubleFunction<SubScores> score) {
    return perSeed.stream().mapToDouble(score).average().orElseThrow();
  }

  /** One score by its name (prevention, detection, impact, operations, total). */
  public @Nullable Double get(String score) {
    return Score.named(score).of(this);
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
