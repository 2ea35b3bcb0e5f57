package dev.otlab.scoring;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A mean over seeds with its 95% interval (see {@link SeedStatistics} and the "Intervals" section
 * of docs/scoring.md for the methods). With one seed the interval is the point itself: one run says
 * nothing about the spread, and {@link #n()} says so.
 *
 * @param mean the mean of the samples (a share for a proportion)
 * @param low lower bound of the 95% interval
 * @param high upper bound of the 95% interval
 * @param n number of samples (seeds)
 */
public record Interval(double mean, double low, double high, int n) {

  public Interval {
    if (n < 1) {
      throw new IllegalArgumentException("an interval needs at least one sample, got " + n);
    }
    if (!(low <= mean && mean <= high)) {
      throw new IllegalArgumentException(
          "interval [" + low + ", " + high + "] does not hold its mean " + mean);
    }
  }

  /** Whether the interval is a single value (one seed, or every seed gave the same value). */
  @JsonIgnore
  public boolean isPoint() {
    return low == high;
  }

  /** Half the width of the interval. */
  public double halfWidth() {
    return (high - low) / 2;
  }

  /** Whether the two intervals share no value. */
  public boolean disjoint(Interval other) {
    return high < other.low || other.high < low;
  }

  /** Rounded to one decimal, as scores are shown. */
  Interval rounded() {
    double m = SubScores.round(mean);
    return new Interval(
        m, Math.min(m, SubScores.round(low)), Math.max(m, SubScores.round(high)), n);
  }
}
