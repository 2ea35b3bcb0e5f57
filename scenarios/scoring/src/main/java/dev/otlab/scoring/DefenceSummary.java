package dev.otlab.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * The response part of a defended evaluation, over every scenario and seed: how often the defence
 * averted an objective the attacker reached without it, the harm it averted, how soon it contained,
 * and what responding cost, in the attacked runs and as false alarms in the benign twins. Each
 * run's own part is its scorecard's {@link ResponseScore}.
 *
 * @param defence the playbooks that defended every run, by id
 * @param runs defended runs (scenarios x seeds)
 * @param reachedUndefended runs whose objective was reached without the defence
 * @param reached runs whose objective was reached with it
 * @param averted runs reached without the defence and not with it
 * @param meanHarmAverted mean over the runs of h(undefended) - h(defended)
 * @param contained runs the defence contained (see {@link ResponseScore#containedAt})
 * @param meanTimeToContain mean time to contain over the contained runs, or null when none
 * @param responses responses carried out over all runs
 * @param extraDenied benign operations the responses refused, over all runs (defended minus
 *     undefended)
 * @param meanExtraProductionLost mean over the runs of the production fraction the response cost
 * @param falseAlarmResponses responses the defence took in the benign twins (one per seed), where
 *     every alert is false
 * @param falseAlarmDenied benign operations refused in those twins from their first response on
 * @param scenarios per scenario, in suite order
 */
public record DefenceSummary(
    List<String> defence,
    int runs,
    int reachedUndefended,
    int reached,
    int averted,
    double meanHarmAverted,
    int contained,
    @Nullable Double meanTimeToContain,
    int responses,
    int extraDenied,
    double meanExtraProductionLost,
    int falseAlarmResponses,
    int falseAlarmDenied,
    List<PerScenario> scenarios) {

  public DefenceSummary {
    defence = List.copyOf(defence);
    scenarios = List.copyOf(scenarios);
  }

  /**
   * One scenario over the seeds.
   *
   * @param scenario scenario id
   * @param seeds seeds played
   * @param reachedUndefended seeds in which it reached its objective undefended
   * @param reached seeds in which it reached it defended
   * @param meanHarmAverted mean harm averted over the seeds
   * @param meanTimeToContain mean time to contain over the seeds it was contained in, or null
   * @param extraDenied benign operations the responses refused, over the seeds
   */
  public record PerScenario(
      String scenario,
      int seeds,
      int reachedUndefended,
      int reached,
      double meanHarmAverted,
      @Nullable Double meanTimeToContain,
      int extraDenied) {}

  /**
   * Sums up the defended scorecards of each seed (each with its {@link Scorecard#response}).
   *
   * @param falseAlarms the defended benign twin's false alarms, one per seed
   */
  public static DefenceSummary of(
      List<String> defence,
      List<List<Scorecard>> cardsBySeed,
      List<ResponseScore.FalseAlarms> falseAlarms) {
    Map<String, List<ResponseScore>> byScenario = new LinkedHashMap<>();
    for (List<Scorecard> cards : cardsBySeed) {
      for (Scorecard c : cards) {
        ResponseScore r = c.response();
        if (r == null) {
          throw new IllegalArgumentException(
              c.scenario() + " (seed " + c.seed() + ") was not defended");
        }
        byScenario.computeIfAbsent(c.scenario(), k -> new ArrayList<>()).add(r);
      }
    }
    List<ResponseScore> all = byScenario.values().stream().flatMap(List::stream).toList();
    List<PerScenario> per = new ArrayList<>();
    byScenario.forEach(
        (id, rs) ->
            per.add(
                new PerScenario(
                    id,
                    rs.size(),
                    (int) rs.stream().filter(ResponseScore::reachedUndefended).count(),
                    (int) rs.stream().filter(ResponseScore::reached).count(),
                    rs.stream().mapToDouble(ResponseScore::harmAverted).average().orElse(0),
                    meanTimeToContain(rs),
                    rs.stream().mapToInt(ResponseScore::extraDenied).sum())));
    return new DefenceSummary(
        defence,
        all.size(),
        (int) all.stream().filter(ResponseScore::reachedUndefended).count(),
        (int) all.stream().filter(ResponseScore::reached).count(),
        (int) all.stream().filter(ResponseScore::averted).count(),
        all.stream().mapToDouble(ResponseScore::harmAverted).average().orElse(0),
        (int) all.stream().filter(r -> r.timeToContain() != null).count(),
        meanTimeToContain(all),
        all.stream().mapToInt(ResponseScore::responses).sum(),
        all.stream().mapToInt(ResponseScore::extraDenied).sum(),
        all.stream().mapToDouble(ResponseScore::extraProductionLost).average().orElse(0),
        falseAlarms.stream().mapToInt(ResponseScore.FalseAlarms::responses).sum(),
        falseAlarms.stream().mapToInt(ResponseScore.FalseAlarms::denied).sum(),
        per);
  }

  /** The scenario's part, if it was played. */
  public java.util.Optional<PerScenario> scenario(String id) {
    return scenarios.stream().filter(p -> p.scenario().equals(id)).findFirst();
  }

  private static @Nullable Double meanTimeToContain(List<ResponseScore> rs) {
    OptionalDouble mean =
        rs.stream()
            .map(ResponseScore::timeToContain)
            .filter(java.util.Objects::nonNull)
            .mapToDouble(Double::doubleValue)
            .average();
    return mean.isPresent() ? mean.getAsDouble() : null;
  }
}
