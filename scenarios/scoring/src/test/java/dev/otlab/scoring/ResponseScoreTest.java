package dev.otlab.scoring;

import static dev.otlab.scoring.Traces.crossing;
import static dev.otlab.scoring.Traces.operations;
import static dev.otlab.scoring.Traces.samples;
import static dev.otlab.scoring.Traces.step;
import static dev.otlab.scoring.Traces.trace;
import static dev.otlab.scoring.Traces.water;
import static dev.otlab.scoring.WorkedExampleTest.ARCH;
import static dev.otlab.scoring.WorkedExampleTest.PLANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.lab.ResponseRecord;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.RunTrace.Outcome;
import dev.otlab.library.ResponseAction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The response part on hand-built traces: averted harm, containment and cost. */
class ResponseScoreTest {

  private static final double D = ScorecardTest.D;

  private static ResponseRecord done(double t, ResponseAction a) {
    return new ResponseRecord(t - 30, t, "playbook:p", "hand-built", a, true, "done", List.of());
  }

  private static ResponseRecord refused(double t) {
    return new ResponseRecord(
        t,
        t,
        "playbook:p",
        "hand-built",
        new ResponseAction.IsolateHost("nobody"),
        false,
        "no host nobody",
        List.of());
  }

  /** The undefended run: the second step succeeds at 200 s and the tank overflows at 300 s. */
  private static RunTrace undefended() {
    return trace(
        "safety",
        D,
        List.of(
            step("s1", "T0886", 100, Outcome.SUCCEEDED, null, null),
            step("s2", "T0855", 200, Outcome.SUCCEEDED, null, null)),
        operations(100, 0),
        samples(D, t -> water(20, t < 300 ? 2.0 : 4.5)),
        List.of(crossing(300, "treated_level", 4.0, true)),
        List.of(),
        300.0,
        List.of());
  }

  /** Defended: the host is isolated at 150 s, so the second step is blocked and nothing crosses. */
  private static RunTrace defended(int denied) {
    return trace(
        "safety",
        D,
        List.of(
            step("s1", "T0886", 100, Outcome.SUCCEEDED, null, null),
            step("s2", "T0855", 200, Outcome.BLOCKED, "ops-control", "response:isolate")),
        operations(100, denied),
        samples(D, t -> water(t < 150 ? 20 : 15, 2.0)),
        List.of(),
        List.of(),
        null,
        List.of());
  }

  @Test
  void aResponseBeforeTheWriteAvertsTheOverflowAndItsCostShows() {
    BenignTwin twin = ScorecardTest.twin(20, List.of());
    Scorecard without =
        Scorecard.of(ScorecardTest.safety(), undefended(), PLANT, ARCH, twin, Weights.DEFAULT);
    RunTrace trace = defended(12);
    Scorecard with =
        Scorecard.of(ScorecardTest.safety(), trace, PLANT, ARCH, twin, Weights.DEFAULT);
    List<ResponseRecord> responses =
        List.of(refused(120), done(150, new ResponseAction.IsolateHost("hmi-1")));

    ResponseScore s = ResponseScore.of(List.of("p"), with, trace, responses, without, null);

    assertThat(s.responses()).isEqualTo(1);
    assertThat(s.refused()).isEqualTo(1);
    assertThat(s.firstResponse()).isEqualTo(150);
    assertThat(s.containedAt()).isEqualTo(150);
    assertThat(s.timeToContain()).isEqualTo(50);
    assertThat(s.reachedUndefended()).isTrue();
    assertThat(s.reached()).isFalse();
    assertThat(s.averted()).isTrue();
    assertThat(s.harmUndefended()).isGreaterThanOrEqualTo(0.5);
    assertThat(s.harmAverted()).isCloseTo(s.harmUndefended() - s.harm(), within(1e-12));
    assertThat(s.harmAverted()).isPositive();
    // The isolation refused twelve benign polls and cost a quarter of the outflow from 150 s on.
    assertThat(s.extraDenied()).isEqualTo(12);
    assertThat(s.extraProductionLost()).isPositive();
    assertThat(s.falseAlarmResponses()).isNull();
  }

  @Test
  void aResponseAfterTheLastSuccessfulStepStillRanTooLateWhenTheObjectiveWasReached() {
    BenignTwin twin = ScorecardTest.twin(20, List.of());
    Scorecard without =
        Scorecard.of(ScorecardTest.safety(), undefended(), PLANT, ARCH, twin, Weights.DEFAULT);
    List<ResponseRecord> late = List.of(done(400, new ResponseAction.IsolateHost("hmi-1")));

    ResponseScore s = ResponseScore.of(List.of("p"), without, undefended(), late, without, null);

    assertThat(s.containedAt()).isNull();
    assertThat(s.timeToContain()).isNull();
    assertThat(s.averted()).isFalse();
    assertThat(s.harmAverted()).isZero();
  }

  @Test
  void responsesInTheBenignTwinAreFalseAlarmsAndTheirDenialsCount() {
    BenignTwin twin = ScorecardTest.twin(20, List.of());
    Scorecard without =
        Scorecard.of(ScorecardTest.safety(), undefended(), PLANT, ARCH, twin, Weights.DEFAULT);
    RunTrace trace = defended(0);
    Scorecard with =
        Scorecard.of(ScorecardTest.safety(), trace, PLANT, ARCH, twin, Weights.DEFAULT);
    // The twin's 100 polls are at t = 0..99; the over-eager response came at 90 s and the last
    // ten were refused after it (the first five, before it, were the architecture's own).
    RunTrace twinTrace =
        trace(
            "twin",
            D,
            List.of(),
            deniedFrom(100, 90, 5),
            samples(D, t -> water(20, 2.0)),
            List.of(),
            List.of(),
            null,
            List.of());
    RunTrace defendedTwin =
        withResponses(
            twinTrace,
            List.of(
                done(
                    90,
                    new ResponseAction.TightenConduit(
                        "ops-control", ResponseAction.Tightening.CLOSED))));

    ResponseScore s =
        ResponseScore.of(
            List.of("p"),
            with,
            trace,
            List.of(done(150, new ResponseAction.IsolateHost("hmi-1"))),
            without,
            ResponseScore.FalseAlarms.of(defendedTwin));

    assertThat(s.falseAlarmResponses()).isEqualTo(1);
    assertThat(s.falseAlarmDenied()).isEqualTo(10);
  }

  /**
   * {@code n} polls at t = 0..n-1: the first {@code early} and every one from {@code from} on
   * refused.
   */
  private static List<dev.otlab.operations.OperationRecord> deniedFrom(int n, int from, int early) {
    List<dev.otlab.operations.OperationRecord> all = operations(n, 0);
    List<dev.otlab.operations.OperationRecord> refused = operations(n, n);
    List<dev.otlab.operations.OperationRecord> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i < early || i >= from ? refused.get(i) : all.get(i));
    }
    return out;
  }

  private static RunTrace withResponses(RunTrace t, List<ResponseRecord> responses) {
    return new RunTrace(
        t.scenario(),
        t.architecture(),
        t.seed(),
        t.durationSeconds(),
        t.foothold(),
        t.steps(),
        t.events(),
        t.decisions(),
        t.firewall(),
        t.operations(),
        t.samples(),
        t.crossings(),
        t.sisTrips(),
        t.objectiveReached(),
        t.objectiveTime(),
        t.alerts(),
        t.playedSeconds(),
        t.outcome(),
        responses);
  }
}
