package dev.otlab.scoring;

import dev.otlab.lab.RunTrace;
import dev.otlab.process.ProductionMeasure;
import dev.otlab.simulator.plant.Limits;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.TagSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a plant produces, read from the true values of one sample as the plant describes it: its
 * file's {@code production:} section, else its Java model kind's ({@link PlantSpec#knowledge()}). A
 * plant without a description produces nothing, so production loss stays out of its impact.
 *
 * @param unit what the integral counts
 * @param measure the plant's description, or null when it produces nothing
 * @param quality the trip limits of the measure's quality tag in this plant (none: always counted)
 */
public record Production(String unit, @Nullable ProductionMeasure measure, Limits quality) {

  public static Production of(PlantSpec plant) {
    ProductionMeasure m = plant.knowledge().production().orElse(null);
    if (m == null) {
      return new Production("nothing (no production model)", null, Limits.NONE);
    }
    Limits band =
        m.qualityTag() == null
            ? Limits.NONE
            : plant.tag(m.qualityTag()).map(TagSpec::trip).orElse(Limits.NONE);
    return new Production(m.unit(), m, band);
  }

  /** Production rate per simulated second at one sample. */
  public double rate(RunTrace.Sample s) {
    if (measure == null) {
      return 0;
    }
    String q = measure.qualityTag();
    if (q != null && !quality.isEmpty()) {
      double v = s.trueValues().getOrDefault(q, Double.NaN);
      if (!(Double.isFinite(v) && quality.contains(v))) {
        return 0;
      }
    }
    return measure.ratePerSecond(s.trueValues());
  }

  /**
   * The integral over [0, until): each sample's rate held until the next sample (or {@code until}).
   */
  public double total(List<RunTrace.Sample> samples, double until) {
    double[] times = new double[samples.size()];
    double[] rates = new double[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      times[i] = samples.get(i).time();
      rates[i] = rate(samples.get(i));
    }
    return integrate(times, rates, until);
  }

  static double integrate(double[] times, double[] rates, double until) {
    double sum = 0;
    for (int i = 0; i < times.length && times[i] < until; i++) {
      double end = i + 1 < times.length ? Math.min(times[i + 1], until) : until;
      sum += rates[i] * (end - times[i]);
    }
    return sum;
  }
}
