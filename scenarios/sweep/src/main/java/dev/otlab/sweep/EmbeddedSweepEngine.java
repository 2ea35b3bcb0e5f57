package dev.otlab.sweep;

import java.util.function.Consumer;

/**
 * Plays a sweep on this machine: up to {@code jobs} units at once on a thread pool, phase 1 (twins)
 * before phase 2 (plays); a unit that throws is filed as failed and played once more.
 */
public final class EmbeddedSweepEngine implements SweepEngine {

  /** The name {@code --engine} takes. */
  public static final String NAME = "embedded";

  private final int jobs;

  /** An engine playing up to {@code jobs} units at once (1 to 64). */
  public EmbeddedSweepEngine(int jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void play(
      String sweepId, SweepPlan plan, SweepStore store, Consumer<SweepProgress> progress) {
    throw new UnsupportedOperationException("next commit " + jobs);
  }
}
