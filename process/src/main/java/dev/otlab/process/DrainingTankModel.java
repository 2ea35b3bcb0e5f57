package dev.otlab.process;

import dev.otlab.core.OtlabException;
import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.ModelParameters.Definition;
import java.util.List;
import java.util.Map;

/**
 * A tank draining through a bottom orifice (kind {@code draining-tank}), the reference case for the
 * integration: Torricelli's law has a closed-form drain time.
 *
 * <pre>
 *   Q_out = Cd a sqrt(2 g h)                         for h &gt;= h_lam
 *   Q_out = Cd a sqrt(2 g h_lam) h / h_lam           for 0 &lt;= h &lt; h_lam
 *   dh/dt = (Q_in - Q_out) / A                       0 while h = H and Q_in &gt; Q_out
 * </pre>
 *
 * With no inflow the time to fall from h0 to h1 (both at or above h_lam) is (A / (Cd a)) (sqrt(2 h0
 * / g) - sqrt(2 h1 / g)). Below {@code laminar_level} the outflow becomes linear in h: at a film of
 * water the flow is viscous rather than inertial, and the linear law keeps the equation Lipschitz
 * so an adaptive integrator does not grind its step size to nothing at h = 0, where sqrt(h) has an
 * infinite slope.
 */
public final class DrainingTankModel extends AbstractProcessModel {

  public static final String KIND = "draining-tank";

  private static final double SECONDS_PER_HOUR = 3600.0;

  /** Parameters with their defaults; pass overrides to the constructor by these names. */
  public static final List<Definition> PARAMETERS =
      List.of(
          p("area", 1.0, Constraint.POSITIVE, "m^2", "tank cross-section A"),
          p("orifice_area", 1e-3, Constraint.POSITIVE, "m^2", "orifice area a"),
          p("discharge_coefficient", 0.61, Constraint.FRACTION, "", "discharge coefficient Cd"),
          p("gravity", 9.81, Constraint.POSITIVE, "m/s^2", "gravitational acceleration g"),
          p("height", 2.0, Constraint.POSITIVE, "m", "overflow height H"),
          p("laminar_level", 1e-4, Constraint.POSITIVE, "m", "level below which outflow is linear"),
          p("max_inflow", 10, Constraint.POSITIVE, "m^3/h", "largest inflow accepted"),
          p("initial_level", 1.0, Constraint.NON_NEGATIVE, "m", "level at t = 0"),
          p("initial_inflow", 0, Constraint.NON_NEGATIVE, "m^3/h", "inflow at t = 0"));

  /**
   * The kind's plug-in. The reference case describes no balance, product or drawing: it exists to
   * check the integration, not to be attacked.
   */
  public static final class Provider implements ProcessModelKind {

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public List<Definition> parameters() {
      return PARAMETERS;
    }

    @Override
    public ProcessModel create(Map<String, Double> overrides) {
      return new DrainingTankModel(overrides);
    }
  }

  private final ModelParameters params;
  private final double area;
  private final double orificeFactor;
  private final double height;
  private final double laminarLevel;
  private final double laminarSlope;
  private final double[] initial;

  public DrainingTankModel() {
    this(Map.of());
  }

  /**
   * @param overrides parameter values by name (see {@link #PARAMETERS})
   * @throws OtlabException {@code PROCESS_PARAMETER_UNKNOWN} or {@code PROCESS_PARAMETER_INVALID}
   */
  public DrainingTankModel(Map<String, Double> overrides) {
    super(
        KIND,
        List.of(new Tag("level", "m")),
        List.of(new Tag("outflow", "m^3/h"), new Tag("overflow", "m^3/h")),
        List.of(new Input("inflow", "m^3/h", 0, maxInflowOf(overrides), false)));
    params = ModelParameters.resolve(KIND, PARAMETERS, overrides);
    if (params.get("discharge_coefficient") <= 0) {
      throw new OtlabException(
          "PROCESS_PARAMETER_INVALID",
          "discharge_coefficient of process model '" + KIND + "' must be above 0.",
          "Use a discharge coefficient between 0 and 1; 0.61 suits a sharp-edged orifice.");
    }
    area = params.get("area");
    height = params.get("height");
    laminarLevel = params.get("laminar_level");
    orificeFactor =
        params.get("discharge_coefficient")
            * params.get("orifice_area")
            * Math.sqrt(2 * params.get("gravity"));
    laminarSlope = orificeFactor * Math.sqrt(laminarLevel) / laminarLevel;
    if (params.get("initial_level") > height) {
      throw new OtlabException(
          "PROCESS_PARAMETER_INVALID",
          "initial_level of process model '" + KIND + "' is above its height.",
          "Make initial_level no larger than height.");
    }
    setInput("inflow", params.get("initial_inflow"));
    initial = new double[] {params.get("initial_level")};
  }

  private static Definition p(
      String name, double value, Constraint constraint, String unit, String meaning) {
    return new Definition(name, value, constraint, unit, meaning);
  }

  private static double maxInflowOf(Map<String, Double> overrides) {
    Double v = overrides.get("max_inflow");
    return v != null && Double.isFinite(v) && v > 0 ? v : 10.0;
  }

  public ModelParameters parameters() {
    return params;
  }

  @Override
  public double[] initialState() {
    return initial.clone();
  }

  /** Orifice outflow in m³/s. */
  private double outflow(double h) {
    if (h <= 0) {
      return 0;
    }
    return h >= laminarLevel ? orificeFactor * Math.sqrt(h) : laminarSlope * h;
  }

  @Override
  public void computeDerivatives(double t, double[] y, double[] yDot) {
    double net = in(0) / SECONDS_PER_HOUR - outflow(y[0]);
    yDot[0] = y[0] >= height && net > 0 ? 0 : net / area;
  }

  @Override
  protected void derive(double[] y, double[] out) {
    double qOut = outflow(y[0]);
    out[0] = qOut * SECONDS_PER_HOUR;
    out[1] = y[0] >= height ? Math.max(0, in(0) - out[0]) : 0;
  }

  @Override
  public void constrain(double[] y) {
    y[0] = clamp(y[0], 0, height);
  }
}
