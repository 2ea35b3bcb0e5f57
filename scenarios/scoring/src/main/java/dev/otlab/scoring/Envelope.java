package dev.otlab.scoring;

import dev.otlab.process.LimitCrossing;
import dev.otlab.process.SafetyLimit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Time outside the safe envelope and crossing counts, from a run's limit crossings. */
final class Envelope {

  private Envelope() {}

  static String key(SafetyLimit l) {
    return l.tag() + " " + l.direction().name().toLowerCase(Locale.ROOT);
  }

  /**
   * Seconds in [0, until) during which at least one safety limit was violated: the union of the
   * intervals from each limit's entry to its exit (or {@code until}).
   */
  static double outsideSeconds(List<LimitCrossing> crossings, double until) {
    Map<String, Double> open = new HashMap<>();
    List<double[]> intervals = new ArrayList<>();
    List<LimitCrossing> sorted = new ArrayList<>(crossings);
    sorted.sort(Comparator.comparingDouble(LimitCrossing::time));
    for (LimitCrossing c : sorted) {
      String k = key(c.limit());
      if (c.entered()) {
        open.putIfAbsent(k, c.time());
      } else {
        Double from = open.remove(k);
        if (from != null) {
          intervals.add(new double[] {from, c.time()});
        }
      }
    }
    open.values().forEach(from -> intervals.add(new double[] {from, until}));
    intervals.sort(Comparator.comparingDouble(a -> a[0]));
    double total = 0;
    double curFrom = Double.NaN;
    double curTo = Double.NaN;
    for (double[] iv : intervals) {
      double a = Math.max(0, iv[0]);
      double b = Math.min(until, iv[1]);
      if (b <= a) {
        continue;
      }
      if (Double.isNaN(curFrom) || a > curTo) {
        if (!Double.isNaN(curFrom)) {
          total += curTo - curFrom;
        }
        curFrom = a;
        curTo = b;
      } else {
        curTo = Math.max(curTo, b);
      }
    }
    if (!Double.isNaN(curFrom)) {
      total += curTo - curFrom;
    }
    return total;
  }

  /** Entries into violation per limit key, within [0, until). */
  static Map<String, Integer> entries(List<LimitCrossing> crossings, double until) {
    Map<String, Integer> m = new TreeMap<>();
    for (LimitCrossing c : crossings) {
      if (c.entered() && c.time() < until) {
        m.merge(key(c.limit()), 1, Integer::sum);
      }
    }
    return m;
  }
}
