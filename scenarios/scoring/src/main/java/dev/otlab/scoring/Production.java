package dev.otlab.scoring;

import dev.otlab.lab.RunTrace;
import dev.otlab.simulator.plant.Limits;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.TagSpec;
import java.util.List;

/**
 * What a plant produces, read from the true values of one sample: treated water delivered within
 * the chlorine band for the water plant, moles of product B for the reactor. A plant model without
 * a definition produces nothing, so production loss stays out of its impact.
 *
 * @param unit what the integral counts
 * @param kind which definition applies
 */
public record Production(String unit, Kind kind, Limits quality, double feedConcentration) {

  /** The definitions known. */
  public enum Kind {
    /** {@code outflow} (m3/h) counted only while {@code chlorine} is inside its trip band. */
    TREATED_WATER,
    /** {@code feed_flow} (L/min) x {@code conversion} x CAf: moles of B leaving the reactor. */
    REACTOR_PRODUCT,
    /** No definition for this plant model. */
    NONE
  }

  public static Production of(PlantSpec plant) {
    if (plant.model().equals("water-treatment")) {
      Limits band = plant.tag("chlorine").map(TagSpec::trip).orElse(Limits.NONE);
      return new Production("m3 of treated water delivered", Kind.TREATED_WATER, band, 0);
    }
    if (plant.model().equals("chemical-reactor")) {
      return new Production(
          "mol of product B",
          Kind.REACTOR_PRODUCT,
          Limits.NONE,
          plant.parameters().getOrDefault("feed_concentration", 1.0));
    }
    return new Production("nothing (no production model)", Kind.NONE, Limits.NONE, 0);
  }

  /** Production rate per simulated second at one sample. */
  public double rate(RunTrace.Sample s) {
    if (kind == Kind.TREATED_WATER) {
      double chlorine = s.trueValues().getOrDefault("chlorine", Double.NaN);
      if (!quality.isEmpty() && !(Double.isFinite(chlorine) && quality.contains(chlorine))) {
        return 0;
      }
      return Math.max(0, s.trueValues().getOrDefault("outflow", 0.0)) / 3600.0;
    }
    if (kind == Kind.REACTOR_PRODUCT) {
      double flow = s.trueValues().getOrDefault("feed_flow", 0.0);
      double conversion = s.trueValues().getOrDefault("conversion", 0.0);
      return Math.max(0, flow * conversion * feedConcentration) / 60.0;
    }
    return 0;
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
