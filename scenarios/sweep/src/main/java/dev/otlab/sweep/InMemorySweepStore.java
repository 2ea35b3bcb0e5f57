package dev.otlab.sweep;

import dev.otlab.core.OtlabException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A store in this JVM's memory, for embedded sweeps, which end with the process. Thread-safe: an
 * engine's workers file their results at once.
 */
public final class InMemorySweepStore implements SweepStore {

  private final Map<String, Sweep> sweeps = new HashMap<>();

  private static final class Sweep {
    final SweepPlan plan;
    final Map<String, UnitResult> results = new LinkedHashMap<>();
    final Map<String, String> running = new LinkedHashMap<>();
    int failedAttempts;

    Sweep(SweepPlan plan) {
      this.plan = plan;
    }
  }

  @Override
  public synchronized void create(String sweepId, SweepPlan plan) {
    Sweep s = sweeps.get(sweepId);
    if (s == null) {
      sweeps.put(sweepId, new Sweep(plan));
    } else if (!s.plan.equals(plan)) {
      throw new OtlabException(
          "SWEEP_ID_TAKEN",
          "Sweep '" + sweepId + "' is stored with another plan.",
          "Give the sweep another id, or play the same sweep file as before.");
    }
  }

  @Override
  public synchronized SweepPlan plan(String sweepId) {
    return sweep(sweepId).plan;
  }

  @Override
  public synchronized void started(String sweepId, String unitKey, String worker) {
    sweep(sweepId).running.put(unitKey, worker);
  }

  @Override
  public synchronized void put(String sweepId, String unitKey, UnitResult result, String worker) {
    Sweep s = sweep(sweepId);
    s.running.remove(unitKey);
    s.results.put(unitKey, result);
  }

  @Override
  public synchronized void failed(String sweepId, String unitKey, String worker, String error) {
    Sweep s = sweep(sweepId);
    s.running.remove(unitKey);
    s.failedAttempts++;
  }

  @Override
  public synchronized Map<String, UnitResult> results(String sweepId) {
    return Map.copyOf(sweep(sweepId).results);
  }

  @Override
  public synchronized SweepProgress progress(String sweepId) {
    Sweep s = sweep(sweepId);
    return new SweepProgress(s.plan.units().size(), s.results.size(), s.failedAttempts, s.running);
  }

  private Sweep sweep(String sweepId) {
    Sweep s = sweeps.get(sweepId);
    if (s == null) {
      throw new OtlabException(
          "SWEEP_NOT_FOUND",
          "No sweep '" + sweepId + "' is stored here.",
          "Start the sweep first (otlab sweep FILE).");
    }
    return s;
  }
}
