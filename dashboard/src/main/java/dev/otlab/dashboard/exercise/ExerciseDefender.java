package dev.otlab.dashboard.exercise;

import dev.otlab.lab.Defender;
import dev.otlab.lab.ResponseDesk;
import org.jspecify.annotations.Nullable;

/**
 * The trainees of one lab as its defender: it keeps the run's desk so their response actions (taken
 * over the API, on request threads) reach the run. It reacts to nothing by itself: the trainees
 * decide.
 */
final class ExerciseDefender implements Defender {
  private volatile @Nullable ResponseDesk desk;

  @Override
  public void started(ResponseDesk desk) {
    this.desk = desk;
  }

  /** The run's desk once it plays, or null before. */
  @Nullable ResponseDesk desk() {
    return desk;
  }
}
