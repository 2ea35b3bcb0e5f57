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
  private final Runnable onStart;
  private volatile @Nullable ResponseDesk desk;

  /**
   * @param onStart run on the lab's clock as it starts, before anything else happens in the lab
   *     (the exercise puts the lab's clock where the trainer has put the others')
   */
  ExerciseDefender(Runnable onStart) {
    this.onStart = onStart;
  }

  @Override
  public void started(ResponseDesk desk) {
    this.desk = desk;
    onStart.run();
  }

  /** The run's desk once it plays, or null before. */
  @Nullable ResponseDesk desk() {
    return desk;
  }
}
