package dev.otlab.scoring;

import dev.otlab.core.OtlabException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every constant the scoring formulas use, documented in {@code docs/scoring.md}. The sub-score
 * weights are relative (they need not sum to 1); the others set where a term saturates.
 *
 * @param prevention weight of the prevention sub-score in the total
 * @param detection weight of the detection sub-score (dropped when no detection profile ran)
 * @param impact weight of the impact-containment sub-score
 * @param operations weight of the operations sub-score
 * @param safetyObjective severity weight of a scenario whose objective is a safety limit
 * @param controlObjective severity weight of a cyber objective that changes control (tactics Impair
 *     Process Control, Inhibit Response Function, Impact)
 * @param reconObjective severity weight of any other cyber objective (discovery, collection,
 *     access)
 * @param timeToDetect gamma: how much of a detection's credit depends on how early it came (0:
 *     none, 1: a detection at the moment of impact earns nothing)
 * @param outsideSaturation tau, seconds outside the safe envelope at which that term is full harm
 * @param excursionSaturation epsilon, the excursion beyond a limit (as a fraction of the limit)
 *     that is full harm
 * @param productionSaturation q, the fraction of the twin's production lost that is full harm
 * @param productionNoise losses below this fraction of the twin's production are scan jitter
 * @param sisTripHarm harm of each SIS trip the twin did not have (capped at 0.5: a trip is the
 *     safety system working)
 * @param deniedSaturation rho_max, the fraction of benign operations denied that zeroes that term
 * @param falseAlertSaturation phi_max, false alerts per simulated hour that zero that term
 */
public record Weights(
    double prevention,
    double detection,
    double impact,
    double operations,
    double safetyObjective,
    double controlObjective,
    double reconObjective,
    double timeToDetect,
    double outsideSaturation,
    double excursionSaturation,
    double productionSaturation,
    double productionNoise,
    double sisTripHarm,
    double deniedSaturation,
    double falseAlertSaturation) {

  public static final Weights DEFAULT =
      new Weights(0.35, 0.25, 0.25, 0.15, 3, 2, 1, 0.5, 600, 0.1, 0.25, 0.01, 0.25, 0.05, 2);

  public Weights {
    Map<String, Double> all =
        asMap(
            prevention,
            detection,
            impact,
            operations,
            safetyObjective,
            controlObjective,
            reconObjective,
            timeToDetect,
            outsideSaturation,
            excursionSaturation,
            productionSaturation,
            productionNoise,
            sisTripHarm,
            deniedSaturation,
            falseAlertSaturation);
    for (Map.Entry<String, Double> e : all.entrySet()) {
      if (!Double.isFinite(e.getValue()) || e.getValue() < 0) {
        throw invalid(
            e.getKey() + " is " + e.getValue() + ": weights are finite and not negative.");
      }
    }
    if (prevention + detection + impact + operations <= 0) {
      throw invalid("the four sub-score weights are all zero.");
    }
    if (timeToDetect > 1) {
      throw invalid("timeToDetect is " + timeToDetect + ": it is a fraction between 0 and 1.");
    }
    for (String k :
        new String[] {
          "outsideSaturation",
          "excursionSaturation",
          "productionSaturation",
          "deniedSaturation",
          "falseAlertSaturation"
        }) {
      if (all.get(k) == 0) {
        throw invalid(k + " is 0: a saturation point must be positive.");
      }
    }
  }

  private static OtlabException invalid(String what) {
    return new OtlabException(
        "WEIGHTS_INVALID",
        "Scoring weights: " + what,
        "Give NAME=VALUE pairs with finite non-negative values, as docs/scoring.md lists them.");
  }

  private static Map<String, Double> asMap(double... v) {
    String[] names = names();
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], v[i]);
    }
    return m;
  }

  private static String[] names() {
    return new String[] {
      "prevention",
      "detection",
      "impact",
      "operations",
      "safetyObjective",
      "controlObjective",
      "reconObjective",
      "timeToDetect",
      "outsideSaturation",
      "excursionSaturation",
      "productionSaturation",
      "productionNoise",
      "sisTripHarm",
      "deniedSaturation",
      "falseAlertSaturation"
    };
  }

  /** The weights by name, in declaration order. */
  public Map<String, Double> toMap() {
    return asMap(
        prevention,
        detection,
        impact,
        operations,
        safetyObjective,
        controlObjective,
        reconObjective,
        timeToDetect,
        outsideSaturation,
        excursionSaturation,
        productionSaturation,
        productionNoise,
        sisTripHarm,
        deniedSaturation,
        falseAlertSaturation);
  }

  /**
   * These weights with some replaced: {@code prevention=0.5,detection=0.2}. Unknown names and bad
   * numbers are errors, all listed at once.
   */
  public Weights with(String overrides) {
    Map<String, Double> m = toMap();
    StringBuilder problems = new StringBuilder();
    for (String pair : overrides.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      String key = kv[0].trim();
      if (kv.length != 2 || !m.containsKey(key)) {
        problems
            .append(problems.length() == 0 ? "" : "; ")
            .append("'")
            .append(pair.trim())
            .append("' is not NAME=VALUE with NAME one of ")
            .append(m.keySet());
        continue;
      }
      try {
        m.put(key, Double.parseDouble(kv[1].trim()));
      } catch (NumberFormatException e) {
        problems
            .append(problems.length() == 0 ? "" : "; ")
            .append(key)
            .append(": '")
            .append(kv[1].trim())
            .append("' is not a number");
      }
    }
    if (problems.length() > 0) {
      throw invalid(problems.toString() + ".");
    }
    return fromMap(m);
  }

  static Weights fromMap(Map<String, Double> m) {
    return new Weights(
        m.get("prevention"),
        m.get("detection"),
        m.get("impact"),
        m.get("operations"),
        m.get("safetyObjective"),
        m.get("controlObjective"),
        m.get("reconObjective"),
        m.get("timeToDetect"),
        m.get("outsideSaturation"),
        m.get("excursionSaturation"),
        m.get("productionSaturation"),
        m.get("productionNoise"),
        m.get("sisTripHarm"),
        m.get("deniedSaturation"),
        m.get("falseAlertSaturation"));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    toMap()
        .forEach(
            (k, v) ->
                sb.append(sb.length() == 0 ? "" : ",")
                    .append(k)
                    .append('=')
                    .append(String.format(Locale.ROOT, "%s", v)));
    return sb.toString();
  }
}
