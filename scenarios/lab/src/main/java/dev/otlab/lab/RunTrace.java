package dev.otlab.lab;

import dev.otlab.detection.Alert;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.operations.OperationRecord;
import dev.otlab.process.LimitCrossing;
import dev.otlab.simulator.plc.ControlBlock;
import dev.otlab.simulator.plc.SoftPlc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything one scenario run produced, in simulated time: what scoring, detection and the
 * dashboard read. Protocol events carry their ground truth: {@code benign}, or the attack step that
 * caused them.
 *
 * @param scenario scenario id
 * @param architecture architecture id
 * @param seed run seed
 * @param durationSeconds the scenario's length: the window impact, production and operations are
 *     scored over
 * @param foothold host the attacker started on, or null when the architecture offers no such entry
 * @param steps step outcomes in execution order (steps that never ran come last, as NOT_RUN)
 * @param events protocol events seen by relays and span ports, labelled
 * @param decisions conduit decisions
 * @param firewall what the conduits that log to the SOC logged of those decisions, labelled
 * @param operations benign operations and their outcomes
 * @param samples one per simulated second: true values, what the HMI saw and the controllers' state
 * @param crossings safety limit crossings
 * @param sisTrips SIS trip points that went active
 * @param objectiveReached whether the objective was reached
 * @param objectiveTime when, or null
 * @param alerts alerts the detection profile raised, each labelled against ground truth
 * @param playedSeconds how far the run played: the length, or further when the objective was still
 *     open at the length and the run went on until {@link OutcomeRule} decided or the horizon
 * @param outcome reached, prevented (where and why) or undecided at the horizon
 * @param responses what defenders did to the running lab, done or refused, in the order carried out
 *     (empty for a run nobody defended)
 */
public record RunTrace(
    String scenario,
    String architecture,
    long seed,
    double durationSeconds,
    @Nullable String foothold,
    List<StepRecord> steps,
    List<LabelledEvent> events,
    List<RelayDecision> decisions,
    List<LabelledRecord> firewall,
    List<OperationRecord> operations,
    List<Sample> samples,
    List<LimitCrossing> crossings,
    List<SisTrip> sisTrips,
    boolean objectiveReached,
    @Nullable Double objectiveTime,
    List<LabelledAlert> alerts,
    double playedSeconds,
    RunOutcome outcome,
    List<ResponseRecord> responses) {

  public RunTrace {
    responses = List.copyOf(responses);
    firewall = List.copyOf(firewall);
    alerts = List.copyOf(alerts);
    if (objectiveReached != outcome instanceof RunOutcome.Reached) {
      throw new IllegalArgumentException(
          "objectiveReached " + objectiveReached + " disagrees with the outcome " + outcome);
    }
  }

  /**
   * The same run with other alerts: detection reads only the trace, so one lab run can be judged by
   * several detection profiles.
   */
  public RunTrace withAlerts(List<LabelledAlert> newAlerts) {
    return new RunTrace(
        scenario,
        architecture,
        seed,
        durationSeconds,
        foothold,
        steps,
        events,
        decisions,
        firewall,
        operations,
        samples,
        crossings,
        sisTrips,
        objectiveReached,
        objectiveTime,
        newAlerts,
        playedSeconds,
        outcome,
        responses);
  }

  /** How a step ended. */
  public enum Outcome {
    SUCCEEDED,
    BLOCKED,
    FAILED,
    NOT_RUN
  }

  /**
   * One step's record.
   *
   * @param step step id
   * @param technique ATT&CK for ICS id
   * @param start simulated start time (NaN when not run)
   * @param fromHost host it ran from
   * @param target host it aimed at, if any
   * @param outcome how it ended
   * @param conduit the conduit that blocked it, if blocked
   * @param rule the rule that blocked it (null for a default deny)
   * @param detail what happened, in words
   */
  public record StepRecord(
      String step,
      String technique,
      double start,
      String fromHost,
      @Nullable String target,
      Outcome outcome,
      @Nullable String conduit,
      @Nullable String rule,
      String detail) {}

  /** A protocol event with its ground-truth label. */
  public record LabelledEvent(ProtocolEvent event, Label label, boolean sensed) {}

  /** A line of a conduit's log to the SOC with its ground-truth label. */
  public record LabelledRecord(FirewallRecord record, Label label) {}

  /**
   * True process values and the HMI's latest view of them at one instant, and the state of each
   * controller then. The controllers' state is not part of the exports ({@link TraceExport}'s
   * samples CSV holds values only), so traces without it read and export as before.
   *
   * @param controllers controller id to its state, in id order; empty when not recorded
   */
  public record Sample(
      double time,
      Map<String, Double> trueValues,
      Map<String, Double> hmiValues,
      Map<String, ControllerState> controllers) {

    public Sample {
      controllers = controllers == null ? Map.of() : controllers;
    }

    /** A sample of values only (no controller state recorded). */
    public Sample(double time, Map<String, Double> trueValues, Map<String, Double> hmiValues) {
      this(time, trueValues, hmiValues, Map.of());
    }
  }

  /**
   * What attacks change in a controller besides its values, as an operator's screen shows it: its
   * operating mode (T0858 Change Operating Mode), each loop's auto/manual switch (a manual loop no
   * longer corrects the process), and for a safety system which trips are bypassed (T0880 Loss of
   * Safety) and which have tripped.
   *
   * @param kind {@code plc} or {@code sis}
   * @param mode {@code RUN}, {@code PROGRAM} or {@code STOP}: only RUN executes the program
   * @param auto for each block of the running program with an auto switch, the tag it drives (its
   *     first output) and whether it is in automatic, in program order
   * @param bypassed the trip tags of the trips whose bypass is set, in program order
   * @param tripped the trip tags that are set (the trip has acted), in program order
   */
  public record ControllerState(
      String kind,
      String mode,
      Map<String, Boolean> auto,
      List<String> bypassed,
      List<String> tripped) {

    public ControllerState {
      auto = Collections.unmodifiableMap(new LinkedHashMap<>(auto));
      bypassed = List.copyOf(bypassed);
      tripped = List.copyOf(tripped);
    }

    /** The state of {@code c} now, read from its running program and its process image. */
    public static ControllerState of(SoftPlc c) {
      Map<String, Boolean> auto = new LinkedHashMap<>();
      List<String> bypassed = new ArrayList<>();
      List<String> tripped = new ArrayList<>();
      for (ControlBlock b : c.program()) {
        if (b.outputs().isEmpty()) {
          continue;
        }
        String output = b.outputs().get(0);
        b.autoTag().ifPresent(t -> auto.putIfAbsent(output, c.image().get(t) != 0));
        if (b.type().equals("trip")) {
          if (b.bypassTag().map(t -> c.image().get(t) != 0).orElse(false)) {
            bypassed.add(output);
          }
          if (c.image().get(output) != 0) {
            tripped.add(output);
          }
        }
      }
      return new ControllerState(
          c.kind().name().toLowerCase(Locale.ROOT), c.mode().name(), auto, bypassed, tripped);
    }
  }

  /**
   * An alert with its ground truth: a true positive names the attack step whose traffic or effect
   * triggered it; a false positive has none.
   */
  public record LabelledAlert(Alert alert, @Nullable String step) {
    public boolean truePositive() {
      return step != null;
    }
  }

  /** A SIS trip point that became active. */
  public record SisTrip(double time, String controller, String point) {}
}
