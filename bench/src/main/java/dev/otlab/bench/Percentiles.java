package dev.otlab.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample: the smallest value at least p% of the sample reach. */
public final class Percentiles {

  private final double[] sorted;

  public Percentiles(double[] sample) {
    if (sample.length == 0) {
      throw new IllegalArgumentException("A percentile of no sample is undefined.");
    }
    this.sorted = sample.clone();
    Arrays.sort(sorted);
  }

  /** The {@code p}th percentile, {@code p} in (0, 100]. */
  public double at(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("Percentile " + p + " is not in (0, 100].");
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
