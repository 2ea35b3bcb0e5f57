package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.library.ScenarioSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The outcome decision on hand-built run states: no lab, no sockets. */
class OutcomeRuleTest {

  private static final OutcomeRule.Target OVERFLOW =
      new OutcomeRule.Target("treated_level", true, 3.9);
  private static final double LENGTH = 1200;
  private static final double HORIZON = OutcomeRule.horizon(LENGTH);

  private static RunTrace.StepRecord step(
      String id, double start, RunTrace.Outcome outcome, @Nullable String conduit) {
    return new RunTrace.StepRecord(
        id, "T0855", start, "ws-1", "plc-treatment", outcome, conduit, null, id + " detail");
  }

  private static final List<RunTrace.StepRecord> ALL_SUCCEEDED =
      List.of(
          step("rdp", 60, RunTrace.Outcome.SUCCEEDED, null),
          step("pump-on", 60, RunTrace.Outcome.SUCCEEDED, null));

  /** One sample a second over [0, until] of the level as a function of time. */
  private static List<RunTrace.Sample> level(double until, DoubleUnaryOperator f) {
    List<RunTrace.Sample> out = new ArrayList<>();
    for (int t = 0; t <= until; t++) {
      out.add(new RunTrace.Sample(t, Map.of("treated_level", f.applyAsDouble(t)), Map.of()));
    }
    return out;
  }

  private static @Nullable Double crossing(List<RunTrace.Sample> samples) {
    return samples.stream()
        .filter(s -> s.trueValues().get("treated_level") >= 3.9)
        .map(RunTrace.Sample::time)
        .findFirst()
        .orElse(null);
  }

  private static OutcomeRule.State state(
      List<RunTrace.StepRecord> played,
      List<String> neverStarted,
      boolean pending,
      List<RunTrace.Sample> samples,
      List<RunTrace.SisTrip> trips,
      double now) {
    return new OutcomeRule.State(
        OVERFLOW,
        played,
        neverStarted,
        pending,
        samples,
        trips,
        crossing(samples),
        now,
        LENGTH,
        HORIZON);
  }

  /**
   * What ScenarioRun does after the length: decide, else play one more slice, up to the horizon.
   */
  private static RunOutcome playOn(
      List<RunTrace.StepRecord> played, List<RunTrace.SisTrip> trips, DoubleUnaryOperator f) {
    double now = LENGTH;
    while (true) {
      Optional<RunOutcome> o =
          OutcomeRule.decide(state(played, List.of(), false, level(now, f), trips, now));
      if (o.isPresent()) {
        return o.get();
      }
      assertThat(now).isLessThan(HORIZON);
      now = Math.min(HORIZON, now + OutcomeRule.CHECK_SECONDS);
    }
  }

  @Test
  void aCrossingIsReachedWithItsTimeAndWhetherItCameAfterTheLength() {
    RunOutcome early =
        OutcomeRule.decide(
                state(
                    ALL_SUCCEEDED,
                    List.of(),
                    false,
                    level(LENGTH, t -> 2 + 0.002 * t),
                    List.of(),
                    LENGTH))
            .orElseThrow();
    assertThat(early).isEqualTo(new RunOutcome.Reached(950, false));
    assertThat(early.text()).isEqualTo("REACHED at t=950.0 s");
  }

  @Test
  void aBlockedChainIsPreventedAtItsStepWithTheConduitOnceTheProcessHasSettled() {
    List<RunTrace.StepRecord> played =
        List.of(
            step("rdp", 1000, RunTrace.Outcome.SUCCEEDED, null),
            step("pump-on", 1000, RunTrace.Outcome.BLOCKED, "ops-control"));
    List<RunTrace.Sample> flat = level(LENGTH, t -> 2.5 + 0.05 * Math.sin(t / 50));
    // At the length the last step is only 200 s old: too soon to say the process settled.
    assertThat(OutcomeRule.decide(state(played, List.of("after"), false, flat, List.of(), LENGTH)))
        .isEmpty();
    RunOutcome o = playOn(played, List.of(), t -> 2.5 + 0.05 * Math.sin(t / 50));
    assertThat(o).isInstanceOf(RunOutcome.Prevented.class);
    RunOutcome.Prevented p = (RunOutcome.Prevented) o;
    assertThat(p.step()).isEqualTo("pump-on");
    assertThat(p.cause()).isEqualTo(RunOutcome.Cause.BLOCKED);
    assertThat(p.conduit()).isEqualTo("ops-control");
    assertThat(p.decidedAt()).isEqualTo(1620);
    assertThat(p.reason()).startsWith("pump-on detail; treated_level came no closer than 2.55");
    assertThat(p.text()).startsWith("PREVENTED, blocked at pump-on by ops-control (default deny)");
  }

  @Test
  void aChainBlockedAtEveryStepIsDecidedAtTheLengthWhateverBenignControlDoesNext() {
    // The raw tank is still filling towards its high setpoint in a slow benign cycle.
    List<RunTrace.StepRecord> played =
        List.of(
            step("trip-point", 60, RunTrace.Outcome.BLOCKED, "ops-safety"),
            step("hold-valve", 1160, RunTrace.Outcome.BLOCKED, "ops-control"));
    RunOutcome.Prevented p =
        (RunOutcome.Prevented)
            OutcomeRule.decide(
                    state(
                        played,
                        List.of(),
                        false,
                        level(LENGTH, t -> 1 + 0.0003 * t),
                        List.of(),
                        LENGTH))
                .orElseThrow();
    assertThat(p.step()).isEqualTo("hold-valve");
    assertThat(p.decidedAt()).isEqualTo(LENGTH);
    assertThat(p.reason()).endsWith("no step got past a conduit, the process ran unattacked");
    // One step through, and the same rising level plays on.
    List<RunTrace.StepRecord> oneThrough =
        List.of(
            step("trip-point", 60, RunTrace.Outcome.SUCCEEDED, null),
            step("hold-valve", 1160, RunTrace.Outcome.BLOCKED, "ops-control"));
    assertThat(
            OutcomeRule.decide(
                state(
                    oneThrough,
                    List.of(),
                    false,
                    level(LENGTH, t -> 1 + 0.0003 * t),
                    List.of(),
                    LENGTH)))
        .isEmpty();
  }

  @Test
  void theLastBreakNamesTheChainAndAStepThatNeverStartedComesNext() {
    List<RunTrace.StepRecord> played =
        List.of(
            // Chained steps start at the same simulated instant: the order of the trace counts.
            step("recon", 60, RunTrace.Outcome.FAILED, null),
            step("write", 60, RunTrace.Outcome.BLOCKED, "dmz-ops"),
            step("rdp", 60, RunTrace.Outcome.SUCCEEDED, null));
    RunOutcome.Prevented p =
        (RunOutcome.Prevented)
            OutcomeRule.decide(
                    state(
                        played,
                        List.of("pump-on"),
                        false,
                        level(LENGTH, t -> 2.0),
                        List.of(),
                        LENGTH))
                .orElseThrow();
    assertThat(p.step()).isEqualTo("write");
    assertThat(p.reason()).startsWith("write detail; treated_level came no closer than 2.00");
    assertThat(
            new RunOutcome.Prevented(
                    "discover", RunOutcome.Cause.BLOCKED, "perimeter", null, "no entry", 600)
                .text())
        .isEqualTo("PREVENTED, blocked at discover: no way in: no entry");
    RunOutcome.Prevented notRun =
        (RunOutcome.Prevented)
            OutcomeRule.decide(
                    state(
                        List.of(step("rdp", 60, RunTrace.Outcome.SUCCEEDED, null)),
                        List.of("pump-on"),
                        false,
                        level(LENGTH, t -> 2.0),
                        List.of(),
                        LENGTH))
                .orElseThrow();
    assertThat(notRun.step()).isEqualTo("pump-on");
    assertThat(notRun.cause()).isEqualTo(RunOutcome.Cause.NOT_RUN);
  }

  @Test
  void everyStepPlayedAndTheSisTrippedIsPreventedByTheSis() {
    RunOutcome.Prevented p =
        (RunOutcome.Prevented)
            playOn(
                ALL_SUCCEEDED,
                List.of(new RunTrace.SisTrip(700, "sis-water", "treated_high")),
                t -> Math.min(3.7, 2 + 0.003 * t));
    assertThat(p.cause()).isEqualTo(RunOutcome.Cause.SIS_TRIPPED);
    assertThat(p.step()).isNull();
    assertThat(p.reason()).contains("sis-water tripped on treated_high at t=700 s");
    // A plateau with no trip is the process settling.
    assertThat(((RunOutcome.Prevented) playOn(ALL_SUCCEEDED, List.of(), t -> 3.0)).cause())
        .isEqualTo(RunOutcome.Cause.SETTLED);
  }

  @Test
  void aLevelStillRisingAtTheLengthPlaysOnUntilItCrosses() {
    // The observed case in small: every step succeeded, the tank fills too slowly to overflow
    // within the length, and a cut-off run would have looked prevented.
    RunOutcome o = playOn(ALL_SUCCEEDED, List.of(), t -> 2 + 0.0012 * t);
    assertThat(o).isInstanceOf(RunOutcome.Reached.class);
    RunOutcome.Reached r = (RunOutcome.Reached) o;
    assertThat(r.time()).isEqualTo(1584);
    assertThat(r.pastLength()).isTrue();
  }

  @Test
  void aLevelStillRisingAtTheHorizonIsUndecidedWithItsProjection() {
    // 0.3 mm/s from 2 m meets 3.9 m at 6333 s, past the 4800 s horizon.
    RunOutcome o = playOn(ALL_SUCCEEDED, List.of(), t -> 2 + 0.0003 * t);
    assertThat(o).isInstanceOf(RunOutcome.Undecided.class);
    RunOutcome.Undecided u = (RunOutcome.Undecided) o;
    assertThat(u.horizon()).isEqualTo(HORIZON);
    assertThat(u.limit()).isEqualTo(3.9);
    assertThat(u.value())
        .isCloseTo(2 + 0.0003 * HORIZON, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(u.projectedTime())
        .isCloseTo(1.9 / 0.0003, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(u.text())
        .startsWith("UNDECIDED at the 4800 s horizon, trend meets the limit at t=6333 s");
  }

  @Test
  void stepsStillScheduledHoldTheDecisionUntilTheHorizon() {
    List<RunTrace.Sample> flat = level(HORIZON, t -> 2.0);
    assertThat(OutcomeRule.decide(state(ALL_SUCCEEDED, List.of(), true, flat, List.of(), LENGTH)))
        .isEmpty();
    RunOutcome o =
        OutcomeRule.decide(state(ALL_SUCCEEDED, List.of(), true, flat, List.of(), HORIZON))
            .orElseThrow();
    assertThat(o).isInstanceOf(RunOutcome.Undecided.class);
    assertThat(((RunOutcome.Undecided) o).projectedTime()).isNull();
  }

  @Test
  void aStepObjectiveIsDecidedWhenEveryStepHasPlayed() {
    OutcomeRule.State s =
        new OutcomeRule.State(
            null,
            List.of(step("read", 60, RunTrace.Outcome.FAILED, null)),
            List.of(),
            false,
            List.of(),
            List.of(),
            null,
            600,
            600,
            2400);
    RunOutcome.Prevented p = (RunOutcome.Prevented) OutcomeRule.decide(s).orElseThrow();
    assertThat(p.cause()).isEqualTo(RunOutcome.Cause.FAILED);
    assertThat(p.step()).isEqualTo("read");
  }

  @Test
  void theTargetIsTheTripLimitAndAnOutcomeSurvivesJson() throws Exception {
    var plant = dev.otlab.library.PlantLoader.load("water-treatment");
    assertThat(
            OutcomeRule.Target.of(
                new ScenarioSpec.Objective("treated_level", true, null, "overflow"), plant))
        .contains(OVERFLOW);
    ObjectMapper json = new ObjectMapper();
    for (RunOutcome o :
        List.of(
            new RunOutcome.Reached(12, true),
            new RunOutcome.Prevented("x", RunOutcome.Cause.BLOCKED, "ent-dmz", null, "denied", 600),
            new RunOutcome.Undecided(4800, "treated_level", 3.5, 3.9, 6000.0, "rising"))) {
      String line = json.writeValueAsString(o);
      assertThat(line).contains("\"kind\":\"" + o.label() + "\"");
      assertThat(json.readValue(line, RunOutcome.class)).isEqualTo(o);
    }
  }
}
