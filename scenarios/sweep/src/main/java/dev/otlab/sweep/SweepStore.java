package dev.otlab.sweep;

import java.util.Map;

/**
 * Where a sweep's plan and unit results go; one sweep per id. An engine writes each unit's result
 * (or failure) here as it ends, so progress can be followed and a sweep resumed elsewhere.
 */
public interface SweepStore extends AutoCloseable {

  /**
   * Files a sweep's plan. Idempotent for the same plan.
   *
   * @throws dev.otlab.core.OtlabException when the id holds a different plan
   */
  void create(String sweepId, SweepPlan plan);

  /**
   * The plan of a sweep.
   *
   * @throws dev.otlab.core.OtlabException when there is no such sweep
   */
  SweepPlan plan(String sweepId);

  /** Files a unit's result (the last one wins if a retried unit ends twice). */
  void put(String sweepId, String unitKey, UnitResult result, String worker);

  /** Files a failed attempt at a unit; failed attempts are counted. */
  void failed(String sweepId, String unitKey, String worker, String error);

  /** Marks a unit as being played by a worker (shown in {@link SweepProgress#running()}). */
  default void started(String sweepId, String unitKey, String worker) {}

  /** The results of the units done, by unit key. */
  Map<String, UnitResult> results(String sweepId);

  /** How far the sweep is. */
  SweepProgress progress(String sweepId);

  @Override
  default void close() {}
}
