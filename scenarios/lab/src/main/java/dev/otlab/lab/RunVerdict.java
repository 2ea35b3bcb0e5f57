package dev.otlab.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a run decided, without its timings: whether the objective was reached, the run's outcome
 * ({@code REACHED}, {@code PREVENTED} or {@code UNDECIDED}) and the step the chain broke at, each
 * step's outcome and the conduit that blocked it, and the techniques of the alerts that caught an
 * attack step. Two runs of the same scenario and seed agree on these wherever they play (the
 * embedded lab or the container lab); times may jitter by a scan or two.
 *
 * @param outcome the {@link RunOutcome#label()}
 * @param brokeAt the step a prevented chain broke at, or empty
 * @param detected techniques of true alerts
 * @param lost devices the availability detector reported lost
 */
public record RunVerdict(
    String scenario,
    String architecture,
    boolean objectiveReached,
    String outcome,
    String brokeAt,
    List<Step> steps,
    SortedSet<String> blockedAt,
    SortedSet<String> detected,
    SortedSet<String> lost) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One step's outcome. */
  public record Step(String step, String outcome, String conduit) {}

  public RunVerdict {
    steps = List.copyOf(steps);
    blockedAt = new TreeSet<>(blockedAt);
    detected = new TreeSet<>(detected);
    lost = new TreeSet<>(lost);
  }

  /** The verdict of a finished run. */
  public static RunVerdict of(RunTrace t) {
    SortedSet<String> blocked = new TreeSet<>();
    List<Step> steps =
        t.steps().stream()
            .map(
                s -> {
                  if (s.outcome() == RunTrace.Outcome.BLOCKED && s.conduit() != null) {
                    blocked.add(s.conduit());
                  }
                  return new Step(
                      s.step(), s.outcome().name(), s.conduit() == null ? "" : s.conduit());
                })
            .toList();
    SortedSet<String> detected = new TreeSet<>();
    SortedSet<String> lost = new TreeSet<>();
    for (RunTrace.LabelledAlert a : t.alerts()) {
      if (a.truePositive()) {
        detected.addAll(a.alert().techniques());
      }
      if (a.alert().rule().equals("device-lost") && a.alert().destinationHost() != null) {
        lost.add(a.alert().destinationHost());
      }
    }
    String brokeAt =
        t.outcome() instanceof RunOutcome.Prevented p && p.step() != null ? p.step() : "";
    return new RunVerdict(
        t.scenario(),
        t.architecture(),
        t.objectiveReached(),
        t.outcome().label(),
        brokeAt,
        steps,
        blocked,
        detected,
        lost);
  }

  /** One JSON line. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a verdict did not serialise", e);
    }
  }

  /**
   * Reads {@link #toJson}'s line.
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static RunVerdict parse(String json) {
    try {
      return JSON.readValue(json, RunVerdict.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a run verdict: " + e.getMessage(), e);
    }
  }
}
