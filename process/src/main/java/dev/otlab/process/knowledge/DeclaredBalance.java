package dev.otlab.process.knowledge;

import dev.otlab.core.OtlabException;
import dev.otlab.process.Balance;
import dev.otlab.process.expr.Dimension;
import dev.otlab.process.expr.Evaluator;
import dev.otlab.process.expr.Expression;
import dev.otlab.process.expr.Scope;
import dev.otlab.process.expr.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A balance as a plant file declares it: the rate of change of a measured tag as an expression over
 * reported tags and process parameters. It is kept as text (with the values of the parameters it
 * uses) so that a plant stays a value; {@link #compile} makes the {@link Balance} a detector runs.
 *
 * <p>The rate computes in SI: every tag is converted from the unit the plant's tag dictionary gives
 * it and every parameter from its declared unit, the result must have the dimension of the measured
 * tag per time, and it is converted back to the measured tag's unit per second. So {@code (inflow -
 * pump_flow) / raw_area} with flows in m^3/h and the area in m^2 gives metres per second by itself.
 * A name that is both a tag and a parameter means the tag: the detector checks what is reported.
 *
 * @param name the balance's name (alert {@code residual-NAME}, profile key)
 * @param measured the tag whose change the rate predicts
 * @param rate the expression, as written
 * @param holdsAbove the balance holds only while the measured value is above this (measured unit;
 *     -inf for always)
 * @param holdsBelow and below this (+inf for always)
 * @param sigma the noise of a benign residual per window in the measured unit, NaN when the
 *     detection profile must give it
 * @param description what the balance says, for a reader
 * @param parameters the process parameters the rate names that are not tags, with their values and
 *     declared units
 */
public record DeclaredBalance(
    String name,
    String measured,
    String rate,
    double holdsAbove,
    double holdsBelow,
    double sigma,
    String description,
    Map<String, Quantity> parameters) {

  /** A parameter's value in the unit it is declared in. */
  public record Quantity(double value, String unit) {}

  public DeclaredBalance {
    parameters = Map.copyOf(parameters);
  }

  /**
   * The runnable balance, for a plant whose tag dictionary gives these units.
   *
   * @param tagUnits unit of each tag of the plant's dictionary, as written there
   * @throws OtlabException {@code EXPRESSION_INVALID}, {@code UNIT_UNKNOWN}, {@code UNIT_MISMATCH}
   *     or {@code PROCESS_DESCRIPTION_INVALID}, saying what to change
   */
  public Balance compile(Map<String, String> tagUnits) {
    String unitOfMeasured = tagUnits.get(measured);
    if (unitOfMeasured == null) {
      throw new OtlabException(
          "PROCESS_DESCRIPTION_INVALID",
          "Balance " + name + " measures '" + measured + "', which the tag dictionary lacks.",
          "Measure a tag the plant's tags: section lists.");
    }
    Unit measuredUnit = Unit.parse(unitOfMeasured, "tag " + measured);
    String where = "rate of balance " + name;
    Expression e = Expression.parse(rate, where);
    List<String> reads = new ArrayList<>();
    List<Unit> readUnits = new ArrayList<>();
    Map<String, Scope.Variable> scope = new LinkedHashMap<>();
    List<String> used = new ArrayList<>();
    for (String v : e.variables()) {
      String tagUnit = tagUnits.get(v);
      if (tagUnit != null) {
        Unit u = Unit.parse(tagUnit, "tag " + v);
        scope.put(v, Scope.Variable.slot(reads.size(), u.dimension()));
        reads.add(v);
        readUnits.add(u);
      } else if (parameters.containsKey(v)) {
        Quantity q = parameters.get(v);
        Unit u = Unit.parse(q.unit(), "parameter " + v);
        scope.put(v, Scope.Variable.constant(u.toSi(q.value()), u.dimension()));
        used.add(v);
      } else {
        throw new OtlabException(
            "EXPRESSION_INVALID",
            "The " + where + " names '" + v + "', which is no tag of the dictionary.",
            "Name a tag listed under tags: (its unit converts it to SI) or a process parameter.");
      }
    }
    Expression.Compiled c = e.compile(n -> Optional.ofNullable(scope.get(n)), where);
    Dimension wanted = measuredUnit.dimension().over(Dimension.TIME);
    if (!c.dimension().equals(wanted)) {
      throw new OtlabException(
          "UNIT_MISMATCH",
          "The "
              + where
              + " has dimension "
              + c.dimension()
              + ", but d("
              + measured
              + ")/dt needs "
              + wanted
              + " ("
              + (unitOfMeasured.isBlank() ? "1" : unitOfMeasured)
              + " per time).",
          "Write the rate in SI: tags and parameters are converted from their declared units, so"
              + " a flow in m^3/h over an area in m^2 already gives m/s; no 3600 is needed.");
    }
    if (reads.isEmpty()) {
      throw new OtlabException(
          "PROCESS_DESCRIPTION_INVALID",
          "The " + where + " reads no tag, so nothing reported could break it.",
          "Write the rate over the reported tags (flows, positions, temperatures).");
    }
    Evaluator ev = c.evaluator();
    double[] scales = readUnits.stream().mapToDouble(Unit::scale).toArray();
    double back = measuredUnit.scale();
    Balance.Rate r =
        values -> {
          double[] si = new double[scales.length];
          for (int i = 0; i < si.length; i++) {
            si[i] = values[i] * scales[i];
          }
          return ev.evaluate(si) / back;
        };
    return new Balance(
        name,
        measured,
        reads,
        r,
        holdsAbove,
        holdsBelow,
        "d(" + measured + ")/dt = " + rate,
        used,
        sigma);
  }
}
