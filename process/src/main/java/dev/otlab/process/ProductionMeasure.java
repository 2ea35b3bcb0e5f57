package dev.otlab.process;

import static dev.otlab.process.Descriptions.checkName;
import static dev.otlab.process.Descriptions.finite;
import static dev.otlab.process.Descriptions.names;
import static dev.otlab.process.Descriptions.nonBlank;
import static dev.otlab.process.Descriptions.positive;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a plant produces, read from the true values of one sample: the product of some tags (a flow
 * and a conversion, say) times a constant, per time unit of those tags, and counted only while an
 * optional quality tag is inside the trip limits the plant file gives it (water outside its
 * chlorine band is not a product). Negative rates count as nothing made, not as product destroyed.
 *
 * @param unit what the integral counts, e.g. {@code m3 of treated water delivered}
 * @param factors the tags whose product is the production rate per {@code secondsPerTimeUnit}; a
 *     tag missing from a sample counts as 0
 * @param scale a constant factor, e.g. the feed concentration that turns converted litres into
 *     moles
 * @param secondsPerTimeUnit seconds in the time unit of the factors' rate (3600 for m3/h)
 * @param qualityTag the tag that must be inside its trip limits for the product to count, or null
 */
public record ProductionMeasure(
    String unit,
    List<String> factors,
    double scale,
    double secondsPerTimeUnit,
    @Nullable String qualityTag) {

  public ProductionMeasure {
    nonBlank(unit, "production unit");
    factors = names(factors, "production factors", false);
    finite(scale, "production scale");
    positive(secondsPerTimeUnit, "production secondsPerTimeUnit");
    if (qualityTag != null) {
      checkName(qualityTag, "production quality tag");
    }
  }

  /**
   * Production per second for the true values of one sample, not yet gated by quality (the trip
   * limits belong to the plant file, which the caller holds).
   */
  public double ratePerSecond(Map<String, Double> values) {
    double product = 1;
    for (String f : factors) {
      product *= values.getOrDefault(f, 0.0);
    }
    return Math.max(0, product * scale) / secondsPerTimeUnit;
  }
}
