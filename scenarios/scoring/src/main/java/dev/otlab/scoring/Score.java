package dev.otlab.scoring;

import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The scores an evaluation reports, in the order they are shown: each sub-score and the total, with
 * its value in one seed's {@link SubScores} and its interval in {@link ScoreIntervals}.
 */
public enum Score {
  PREVENTION(SubScores::prevention, ScoreIntervals::prevention),
  DETECTION(SubScores::detection, ScoreIntervals::detection),
  IMPACT(SubScores::impact, ScoreIntervals::impact),
  OPERATIONS(SubScores::operations, ScoreIntervals::operations),
  TOTAL(SubScores::total, ScoreIntervals::total);

  private final Function<SubScores, @Nullable Double> value;
  private final Function<ScoreIntervals, @Nullable Interval> interval;

  Score(
      Function<SubScores, @Nullable Double> value,
      Function<ScoreIntervals, @Nullable Interval> interval) {
    this.value = value;
    this.interval = interval;
  }

  /** The name reports and JSON use: {@code prevention}, ..., {@code total}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The score named {@code label}; unknown names are a programming error. */
  public static Score named(String label) {
    for (Score s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no score " + label);
  }

  /** This score in one seed's scores; null for detection when no detection profile ran. */
  public @Nullable Double of(SubScores scores) {
    return value.apply(scores);
  }

  /** This score's interval over the seeds; null for detection when no detection profile ran. */
  public @Nullable Interval of(ScoreIntervals intervals) {
    return interval.apply(intervals);
  }
}
