package dev.otlab.scoring;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.jspecify.annotations.Nullable;

/**
 * The statistics of an evaluation over seeds, chosen for a handful of seeds and scores bounded by 0
 * and 100 (docs/scoring.md, "Intervals"):
 *
 * <ul>
 *   <li>a score's mean: Student-t interval, {@code mean +- t(0.975, n-1) s / sqrt(n)}, clipped to
 *       the score's range. The t quantile (2.78 for five seeds, 4.30 for three) widens the interval
 *       for the few samples an evaluation has, where a normal quantile would be far too narrow;
 *   <li>the share of seeds in which an objective was reached: Wilson score interval, which unlike
 *       the normal approximation stays inside 0 to 1 and is not a point at 0 of 5 or 5 of 5;
 *   <li>whether two means differ beyond the noise: Welch's two-sided t-test at 5%, which does not
 *       assume the two architectures vary alike.
 * </ul>
 */
public final class SeedStatistics {

  /** The confidence of every interval. */
  public static final double CONFIDENCE = 0.95;

  /** The significance level of a difference: the complement of {@link #CONFIDENCE}. */
  public static final double ALPHA = 1 - CONFIDENCE;

  /** The normal quantile of the Wilson interval, 1.96. */
  private static final double Z =
      new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - ALPHA / 2);

  private SeedStatistics() {}

  /**
   * The mean of {@code samples} with its Student-t 95% interval, clipped to {@code [min, max]}. One
   * sample, or samples all alike, give a point.
   */
  public static Interval mean(double[] samples, double min, double max) {
    int n = samples.length;
    if (n == 0) {
      throw new IllegalArgumentException("no samples");
    }
    double mean = Arrays.stream(samples).sum() / n;
    // Every sample alike: no spread (exactly, where floating-point summing might leave a trace).
    if (n == 1 || Arrays.stream(samples).allMatch(v -> v == samples[0])) {
      return new Interval(samples[0], samples[0], samples[0], n);
    }
    double half = tQuantile(n - 1) * Math.sqrt(variance(samples, mean) / n);
    return new Interval(mean, Math.max(min, mean - half), Math.min(max, mean + half), n);
  }

  /** The share {@code k / n} with its Wilson score 95% interval. */
  public static Interval share(int k, int n) {
    if (n < 1 || k < 0 || k > n) {
      throw new IllegalArgumentException(k + " of " + n + " is not a share");
    }
    double p = (double) k / n;
    double z = Z;
    double z2n = z * z / n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4 * n));
    // At 0 and 1 the bound on that side is exact; rounding must not push the share outside.
    double low = k == 0 ? 0 : Math.min(p, centre - half);
    double high = k == n ? 1 : Math.max(p, centre + half);
    return new Interval(p, low, high, n);
  }

  /**
   * The two-sided p-value of Welch's t-test that {@code a} and {@code b} have the same mean, or
   * null when a side has a single sample (one seed says nothing about the noise). When neither side
   * varies at all the answer is exact: 1 for equal values, 0 for different ones.
   */
  public static @Nullable Double welchP(double[] a, double[] b) {
    if (a.length < 2 || b.length < 2) {
      return null;
    }
    double ma = Arrays.stream(a).sum() / a.length;
    double mb = Arrays.stream(b).sum() / b.length;
    double qa = variance(a, ma) / a.length;
    double qb = variance(b, mb) / b.length;
    if (qa + qb == 0) {
      return ma == mb ? 1.0 : 0.0;
    }
    double t = (mb - ma) / Math.sqrt(qa + qb);
    double df = (qa + qb) * (qa + qb) / (qa * qa / (a.length - 1) + qb * qb / (b.length - 1));
    return 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
  }

  /**
   * Whether the means of {@code a} and {@code b} differ beyond the noise (Welch, 5%), or null when
   * that cannot be told (a side played one seed).
   */
  public static @Nullable Boolean exceedsNoise(double[] a, double[] b) {
    Double p = welchP(a, b);
    return p == null ? null : p < ALPHA;
  }

  private static double tQuantile(int degreesOfFreedom) {
    return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(1 - ALPHA / 2);
  }

  private static double variance(double[] samples, double mean) {
    double ss = 0;
    for (double v : samples) {
      ss += (v - mean) * (v - mean);
    }
    return ss / (samples.length - 1);
  }
}
