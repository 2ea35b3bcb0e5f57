package dev.otlab.sweep;

import java.util.function.Consumer;

/**
 * Plays a plan's units somewhere: on this machine ({@link EmbeddedSweepEngine}), as Swarm tasks, or
 * (later) as Kubernetes Jobs. Every engine plays phase 1 before phase 2, skips units the store
 * already has, plays each unit with {@link UnitPlayer}, and retries a failed unit.
 */
public interface SweepEngine {

  /** The engine's name, as {@code otlab sweep --engine} takes it. */
  String name();

  /**
   * Plays every unit the store has no result for, and returns when all have one.
   *
   * @param progress called after each unit ends (and may be called more often)
   * @throws dev.otlab.core.OtlabException when a unit fails after its retries
   */
  void play(String sweepId, SweepPlan plan, SweepStore store, Consumer<SweepProgress> progress);
}
