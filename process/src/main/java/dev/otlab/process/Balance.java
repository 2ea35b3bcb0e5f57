package dev.otlab.process;

import static dev.otlab.process.Descriptions.checkName;
import static dev.otlab.process.Descriptions.invalid;
import static dev.otlab.process.Descriptions.names;
import static dev.otlab.process.Descriptions.nonBlank;
import static dev.otlab.process.Descriptions.positive;

import java.util.List;

/**
 * A mass or energy balance over process tags, as a process-aware detector checks it: the measured
 * tag should change at the rate the equation predicts from the other reported tags, e.g. for a tank
 * {@code d(raw_level)/dt = (inflow - pump_flow) / raw_area}. The detector integrates the predicted
 * rate over a window, compares it with the observed change and scales the residual by the noise
 * sigma its profile gives under {@link #name()}.
 *
 * @param name the balance's name: the key of its noise sigma in a detection profile and the suffix
 *     of its alert ({@code residual-NAME})
 * @param measured the tag whose rate of change the balance predicts
 * @param reads the tags {@link #rate} takes, in the order it takes them; a balance whose reads are
 *     not all freshly reported skips the window
 * @param rate the predicted rate of change of {@code measured}, per second
 * @param holdsAbove the balance holds only while {@code measured} is above this (exclusive; -inf
 *     for always), e.g. above the level where suction fails
 * @param holdsBelow and below this (exclusive; +inf for always), e.g. below the tank's rim
 * @param equation the balance for a reader, with the parameter names {@code parameters} lists
 * @param parameters the model parameters the equation uses, already resolved into {@code rate}
 * @param sigma the noise of a benign residual per window, in the unit of {@code measured}, as a
 *     plant file declares it; NaN when the balance leaves it to the detection profile (a profile's
 *     {@code process.residualSigma} entry of the same name overrides it either way)
 */
public record Balance(
    String name,
    String measured,
    List<String> reads,
    Rate rate,
    double holdsAbove,
    double holdsBelow,
    String equation,
    List<String> parameters,
    double sigma) {

  /** A balance whose noise sigma the detection profile gives. */
  public Balance(
      String name,
      String measured,
      List<String> reads,
      Rate rate,
      double holdsAbove,
      double holdsBelow,
      String equation,
      List<String> parameters) {
    this(name, measured, reads, rate, holdsAbove, holdsBelow, equation, parameters, Double.NaN);
  }

  /** The predicted rate of change from the values of {@link #reads()}, in their order. */
  @FunctionalInterface
  public interface Rate {
    double perSecond(double[] reads);
  }

  public Balance {
    checkName(name, "balance name");
    checkName(measured, "measured tag of balance " + name);
    reads = names(reads, "reads of balance " + name, false);
    parameters = names(parameters, "parameters of balance " + name, true);
    nonBlank(equation, "equation of balance " + name);
    if (rate == null) {
      throw invalid("Balance " + name + " has no rate.", "Give it the rate function.");
    }
    if (Double.isNaN(holdsAbove) || Double.isNaN(holdsBelow) || !(holdsAbove < holdsBelow)) {
      throw invalid(
          "Balance "
              + name
              + " holds above "
              + holdsAbove
              + " and below "
              + holdsBelow
              + ", which leaves nothing.",
          "Make holdsAbove less than holdsBelow; use infinities for a balance that always holds.");
    }
    if (!Double.isNaN(sigma)) {
      positive(sigma, "sigma of balance " + name);
    }
  }

  /** Whether the balance holds at this value of the measured tag (not at a full or empty tank). */
  public boolean holdsAt(double measuredValue) {
    return !(measuredValue <= holdsAbove || measuredValue >= holdsBelow);
  }
}
