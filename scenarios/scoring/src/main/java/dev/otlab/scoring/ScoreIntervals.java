package dev.otlab.scoring;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Each sub-score and the total over the seeds of an evaluation: its mean with a 95% Student-t
 * interval ({@link SeedStatistics#mean}), rounded to one decimal as scores are.
 *
 * @param prevention prevention over the seeds
 * @param detection detection over the seeds, or null when no detection profile ran
 * @param impact impact containment over the seeds
 * @param operations operations over the seeds
 * @param total the total over the seeds (each seed's total, not a total of means)
 */
public record ScoreIntervals(
    Interval prevention,
    @Nullable Interval detection,
    Interval impact,
    Interval operations,
    Interval total) {

  /** The intervals of the sub-scores of each seed. */
  public static ScoreIntervals of(List<SubScores> perSeed) {
    if (perSeed.isEmpty()) {
      throw new IllegalArgumentException("no seed was scored");
    }
    boolean detection = perSeed.get(0).detection() != null;
    return new ScoreIntervals(
        of(perSeed, SubScores::prevention),
        detection ? of(perSeed, s -> requireDetection(s.detection())) : null,
        of(perSeed, SubScores::impact),
        of(perSeed, SubScores::operations),
        of(perSeed, SubScores::total));
  }

  private static double requireDetection(@Nullable Double d) {
    if (d == null) {
      throw new IllegalArgumentException("detection was scored for some seeds only");
    }
    return d;
  }

  private static Interval of(List<SubScores> perSeed, ToDoubleFunction<SubScores> score) {
    return SeedStatistics.mean(perSeed.stream().mapToDouble(score).toArray(), 0, 100).rounded();
  }

  /** The interval of one score by its name (prevention, detection, impact, operations, total). */
  public @Nullable Interval get(String score) {
    return Score.named(score).of(this);
  }

  /** The scores' names, in the order they are shown. */
  public static final List<String> NAMES = Stream.of(Score.values()).map(Score::label).toList();
}
