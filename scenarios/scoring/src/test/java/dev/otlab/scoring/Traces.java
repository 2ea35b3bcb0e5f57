package dev.otlab.scoring;

import dev.otlab.detection.Alert;
import dev.otlab.detection.AlertSeverity;
import dev.otlab.lab.OutcomeRule;
import dev.otlab.lab.RunOutcome;
import dev.otlab.lab.RunTrace;
import dev.otlab.network.Protocol;
import dev.otlab.operations.OperationRecord;
import dev.otlab.process.LimitCrossing;
import dev.otlab.process.SafetyLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.jspecify.annotations.Nullable;

/** Hand-built run traces for the formula tests: no lab, no sockets. */
final class Traces {

  private Traces() {}

  static RunTrace.StepRecord step(
      String id,
      String technique,
      double start,
      RunTrace.Outcome outcome,
      @Nullable String conduit,
      @Nullable String rule) {
    return new RunTrace.StepRecord(
        id, technique, start, "ws-1", "plc-treatment", outcome, conduit, rule, "hand-built");
  }

  /** One sample a second over [0, duration): every tag from the function of time. */
  static List<RunTrace.Sample> samples(
      double duration, DoubleFunction<Map<String, Double>> values) {
    List<RunTrace.Sample> out = new ArrayList<>();
    for (int t = 0; t < duration; t++) {
      out.add(new RunTrace.Sample(t, values.apply(t), Map.of()));
    }
    return out;
  }

  static Map<String, Double> water(double outflow, double treatedLevel) {
    return Map.of(
        "outflow", outflow, "chlorine", 1.5, "treated_level", treatedLevel, "raw_level", 2.0);
  }

  /** {@code n} HMI polls, the first {@code denied} of them refused by a conduit. */
  static List<OperationRecord> operations(int n, int denied) {
    List<OperationRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      OperationRecord.Outcome o =
          i < denied
              ? new OperationRecord.Outcome.Denied("ops-control", "hmi-read", "refused")
              : new OperationRecord.Outcome.Ok();
      out.add(
          new OperationRecord(
              i,
              "hmi-1",
              "plc-treatment",
              Protocol.MODBUS,
              OperationRecord.HMI_POLL,
              "",
              o,
              Map.of()));
    }
    return out;
  }

  static LimitCrossing crossing(double time, String tag, double value, boolean entered) {
    return new LimitCrossing(
        time, new SafetyLimit(tag, SafetyLimit.Direction.HIGH, value, "overflow"), entered);
  }

  static RunTrace.LabelledAlert alert(double time, @Nullable String step, String rule) {
    return new RunTrace.LabelledAlert(
        new Alert(
            "A-" + (int) time,
            time,
            time,
            "rules",
            rule,
            AlertSeverity.HIGH,
            List.of(),
            "ws-1",
            "plc-treatment",
            "hand-built",
            1,
            List.of()),
        step);
  }

  static RunTrace trace(
      String scenario,
      double duration,
      List<RunTrace.StepRecord> steps,
      List<OperationRecord> ops,
      List<RunTrace.Sample> samples,
      List<LimitCrossing> crossings,
      List<RunTrace.SisTrip> trips,
      @Nullable Double objectiveTime,
      List<RunTrace.LabelledAlert> alerts) {
    // Decided as a run decides at its length: reached, or prevented where the chain broke.
    RunOutcome outcome =
        OutcomeRule.decide(
                new OutcomeRule.State(
                    null,
                    steps,
                    List.of(),
                    false,
                    samples,
                    trips,
                    objectiveTime,
                    duration,
                    duration,
                    duration))
            .orElseThrow();
    return decided(scenario, duration, steps, ops, samples, crossings, trips, outcome, alerts);
  }

  /** A trace with the outcome given; it played to the outcome's decision or horizon. */
  static RunTrace decided(
      String scenario,
      double duration,
      List<RunTrace.StepRecord> steps,
      List<OperationRecord> ops,
      List<RunTrace.Sample> samples,
      List<LimitCrossing> crossings,
      List<RunTrace.SisTrip> trips,
      RunOutcome outcome,
      List<RunTrace.LabelledAlert> alerts) {
    Double objectiveTime = outcome instanceof RunOutcome.Reached r ? r.time() : null;
    double played = duration;
    if (outcome instanceof RunOutcome.Reached r) {
      played = Math.max(duration, r.time());
    } else if (outcome instanceof RunOutcome.Prevented p) {
      played = Math.max(duration, p.decidedAt());
    } else if (outcome instanceof RunOutcome.Undecided u) {
      played = u.horizon();
    }
    return new RunTrace(
        scenario,
        "water-treatment-purdue-dmz-dpi",
        1,
        duration,
        "ws-1",
        steps,
        List.of(),
        List.of(),
        List.of(),
        ops,
        samples,
        crossings,
        trips,
        objectiveTime != null,
        objectiveTime,
        alerts,
        played,
        outcome,
        List.of());
  }
}
