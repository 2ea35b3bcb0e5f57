package dev.otlab.scoring;

import dev.otlab.lab.ResponseRecord;
import dev.otlab.lab.RunTrace;
import dev.otlab.operations.OperationRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The response part of a defended run: the harm the defence averted against the same scenario
 * played without it (same seed, so the same attack and the same benign operations), how soon it
 * contained the attack, and what responding cost, in the attacked run and in the benign twin played
 * with the same defence (its false-alarm responses). {@code docs/scoring.md} gives each formula.
 *
 * @param defence the playbooks (or other defenders) that defended the run, by id
 * @param responses responses carried out in the run
 * @param refused responses asked for and refused (an unknown host, a PLC that may not stop)
 * @param firstResponse time of the first response carried out, or null
 * @param containedAt time of the first response after which no attack step succeeded and the
 *     objective was not reached, or null when the defence never contained the attack
 * @param timeToContain containedAt minus the attack start, or null
 * @param harm h of the defended run
 * @param harmUndefended h of the same scenario and seed without the defence
 * @param harmAverted harmUndefended - harm: positive when the defence helped, negative when its own
 *     actions did harm
 * @param reachedUndefended whether the attacker reached the objective without the defence
 * @param reached whether it reached it with the defence
 * @param deniedUndefended benign operations refused in the undefended run
 * @param denied benign operations refused in the defended run
 * @param extraDenied denied - deniedUndefended: the benign work the response itself refused
 * @param productionLost fraction of the twin's production lost in the defended run
 * @param productionLostUndefended the same, undefended
 * @param extraProductionLost productionLost - productionLostUndefended: production the response
 *     itself cost (negative when it saved production the attack would have cost)
 * @param falseAlarmResponses responses the defence carried out in the benign twin, where every
 *     alert is a false alarm; null when the twin was not played defended
 * @param falseAlarmDenied benign operations refused in the defended twin after its first response;
 *     null when the twin was not played defended
 */
public record ResponseScore(
    List<String> defence,
    int responses,
    int refused,
    @Nullable Double firstResponse,
    @Nullable Double containedAt,
    @Nullable Double timeToContain,
    double harm,
    double harmUndefended,
    double harmAverted,
    boolean reachedUndefended,
    boolean reached,
    int deniedUndefended,
    int denied,
    int extraDenied,
    double productionLost,
    double productionLostUndefended,
    double extraProductionLost,
    @Nullable Integer falseAlarmResponses,
    @Nullable Integer falseAlarmDenied) {

  public ResponseScore {
    defence = List.copyOf(defence);
  }

  /** Whether the defence turned a reached objective into one not reached. */
  public boolean averted() {
    return reachedUndefended && !reached;
  }

  /**
   * Scores a defended run.
   *
   * @param defence who defended, by id
   * @param defended the defended run's scorecard
   * @param defendedTrace its trace
   * @param responses the responses of the defended run
   * @param undefended the same scenario and seed without the defence, scored against the same twin
   * @param falseAlarms what the defence did in the benign twin played with it, or null when that
   *     twin was not played
   */
  public static ResponseScore of(
      List<String> defence,
      Scorecard defended,
      RunTrace defendedTrace,
      List<ResponseRecord> responses,
      Scorecard undefended,
      @Nullable FalseAlarms falseAlarms) {
    List<ResponseRecord> done = responses.stream().filter(ResponseRecord::done).toList();
    Double first = done.isEmpty() ? null : done.get(0).time();
    Double attackStart = defended.attackStart();
    Double contained = containedAt(done, defendedTrace, defended, attackStart);
    double lost = defended.impact().productionLostFraction();
    double lostUndefended = undefended.impact().productionLostFraction();
    return new ResponseScore(
        defence,
        done.size(),
        responses.size() - done.size(),
        first,
        contained,
        contained == null || attackStart == null ? null : contained - attackStart,
        defended.impact().harm(),
        undefended.impact().harm(),
        undefended.impact().harm() - defended.impact().harm(),
        undefended.objectiveReached(),
        defended.objectiveReached(),
        undefended.operations().denied(),
        defended.operations().denied(),
        defended.operations().denied() - undefended.operations().denied(),
        lost,
        lostUndefended,
        lost - lostUndefended,
        falseAlarms == null ? null : falseAlarms.responses(),
        falseAlarms == null ? null : falseAlarms.denied());
  }

  /**
   * What a defence did in the benign twin played with it, where every alert is a false alarm: kept
   * per seed instead of the twin's trace.
   *
   * @param responses responses carried out
   * @param denied benign operations refused from the first of them on
   */
  public record FalseAlarms(int responses, int denied) {

    /** From the defended twin's trace. */
    public static FalseAlarms of(RunTrace defendedTwin) {
      List<ResponseRecord> done =
          defendedTwin.responses().stream().filter(ResponseRecord::done).toList();
      double from = done.isEmpty() ? Double.POSITIVE_INFINITY : done.get(0).time();
      int denied =
          (int)
              defendedTwin.operations().stream()
                  .filter(o -> o.time() >= from)
                  .filter(o -> o.outcome() instanceof OperationRecord.Outcome.Denied)
                  .count();
      return new FalseAlarms(done.size(), denied);
    }
  }

  /**
   * The first response, at or after the attack start, after which no step succeeded and the
   * objective was not reached: from then on the attacker made no progress.
   */
  private static @Nullable Double containedAt(
      List<ResponseRecord> done, RunTrace trace, Scorecard defended, @Nullable Double attackStart) {
    if (attackStart == null || defended.objectiveReached()) {
      return null;
    }
    for (ResponseRecord r : done) {
      if (r.time() < attackStart) {
        continue;
      }
      boolean progressAfter =
          trace.steps().stream()
              .anyMatch(
                  s ->
                      s.outcome() == RunTrace.Outcome.SUCCEEDED
                          && Double.isFinite(s.start())
                          && s.start() > r.time());
      if (!progressAfter) {
        return r.time();
      }
    }
    return null;
  }
}
