package dev.otlab.process;

import static dev.otlab.process.MimicLayout.pipe;

import dev.otlab.core.OtlabException;
import dev.otlab.process.MimicLayout.Anchor;
import dev.otlab.process.MimicLayout.Caption;
import dev.otlab.process.MimicLayout.Display;
import dev.otlab.process.MimicLayout.Medium;
import dev.otlab.process.MimicLayout.OnWhen;
import dev.otlab.process.MimicLayout.Pump;
import dev.otlab.process.MimicLayout.Readout;
import dev.otlab.process.MimicLayout.Tank;
import dev.otlab.process.MimicLayout.Valve;
import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.ModelParameters.Definition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SWaT-like water treatment stage (kind {@code water-treatment}): a raw water tank filled through
 * an inflow valve, a transfer pump into a treated water tank, chlorine dosed into the transfer
 * stream, and consumers drawing from the treated tank.
 *
 * <p>Equations, with t in seconds, flows converted from m³/h to m³/s:
 *
 * <pre>
 *   dv/dt   = (inflow_valve - v) / tau_v                      valve position v, first-order lag
 *   ds/dt   = (pump_on - s) / tau_p                           pump speed s (0..1), spin-up lag
 *   Q_in    = Q_in,max * v
 *   Q_p     = Q_p,nom * s * min(1, h_r / h_suction)           suction fails as the raw tank empties
 *   Q_out   = demand * min(1, h_t / h_outlet)                 consumers get nothing from an empty tank
 *   dh_r/dt = (Q_in - Q_p) / A_r                              0 while h_r = H_r and Q_in &gt; Q_p
 *   dh_t/dt = (Q_p - Q_out) / A_t                             0 while h_t = H_t and Q_p &gt; Q_out
 *   dC/dt   = D / V_t - (Q_p / V_t) C - k C,   V_t = A_t max(h_t, h_outlet)
 * </pre>
 *
 * The chlorine equation follows from the balances
 *
 * <pre>
 *   d(V C)/dt = D - (Q_out + Q_overflow) C - k V C,    dV/dt = Q_p - Q_out - Q_overflow
 * </pre>
 *
 * The water leaving carries the tank concentration, so only the incoming (unchlorinated) transfer
 * flow dilutes. D is the dosing rate in g/s, C is in g/m³ = mg/L, and k is first-order chlorine
 * decay. With everything steady, C = D / (Q_p + k V_t).
 *
 * <p>A tank at its height spills the excess, reported as {@code raw_overflow} and {@code
 * treated_overflow} (m³/h). {@code dry_run} is 1 while the pump is switched on and the raw level is
 * below {@code dry_run_level}: the pump still turns but moves little or no water, which is what
 * wrecks its seals. The dosing pump injects into the pipe whether or not the transfer pump runs, so
 * dosing against a stopped pump concentrates chlorine in the treated tank (a realistic attack
 * outcome).
 *
 * <p>By default the plant starts balanced: the inflow valve passes the pump flow, demand equals the
 * pump flow, and the dose holds the initial chlorine. Override the {@code initial_*} parameters to
 * start elsewhere.
 */
public final class WaterTreatmentModel extends AbstractProcessModel {

  public static final String KIND = "water-treatment";

  private static final double SECONDS_PER_HOUR = 3600.0;

  /** Parameters with their defaults; pass overrides to the constructor by these names. */
  public static final List<Definition> PARAMETERS =
      List.of(
          p("raw_area", 5, Constraint.POSITIVE, "m^2", "raw tank cross-section"),
          p("raw_height", 4, Constraint.POSITIVE, "m", "raw tank overflow height"),
          p("max_inflow", 36, Constraint.POSITIVE, "m^3/h", "inflow with the valve fully open"),
          p("pump_flow", 30, Constraint.POSITIVE, "m^3/h", "transfer pump flow at full speed"),
          p("treated_area", 5, Constraint.POSITIVE, "m^2", "treated tank cross-section"),
          p("treated_height", 4, Constraint.POSITIVE, "m", "treated tank overflow height"),
          p("chlorine_decay", 1e-5, Constraint.NON_NEGATIVE, "1/s", "chlorine decay rate"),
          p("valve_time_constant", 5, Constraint.POSITIVE, "s", "inflow valve actuator lag"),
          p("pump_time_constant", 2, Constraint.POSITIVE, "s", "transfer pump spin-up lag"),
          p("dry_run_level", 0.1, Constraint.POSITIVE, "m", "raw level below which pumping is dry"),
          p(
              "suction_level",
              0.05,
              Constraint.POSITIVE,
              "m",
              "raw level where suction starts to fail"),
          p(
              "outlet_level",
              0.02,
              Constraint.POSITIVE,
              "m",
              "treated level where supply starts to fail"),
          p("max_dosing_rate", 150, Constraint.POSITIVE, "g/h", "chlorine dosing pump capacity"),
          p("max_demand", 100, Constraint.POSITIVE, "m^3/h", "largest consumer demand accepted"),
          p("initial_raw_level", 2.0, Constraint.NON_NEGATIVE, "m", "raw level at t = 0"),
          p("initial_treated_level", 2.0, Constraint.NON_NEGATIVE, "m", "treated level at t = 0"),
          p("initial_chlorine", 1.5, Constraint.NON_NEGATIVE, "mg/L", "chlorine at t = 0"),
          p(
              "initial_inflow_valve",
              30.0 / 36.0,
              Constraint.FRACTION,
              "",
              "valve command at t = 0 (default: pump_flow / max_inflow)"),
          p("initial_pump_on", 1, Constraint.FRACTION, "", "pump command at t = 0 (0 or 1)"),
          p(
              "initial_dosing_rate",
              1.5 * (30 + 1e-5 * 10 * SECONDS_PER_HOUR),
              Constraint.NON_NEGATIVE,
              "g/h",
              "dosing at t = 0 (default: the dose that holds initial_chlorine)"),
          p(
              "initial_demand",
              30,
              Constraint.NON_NEGATIVE,
              "m^3/h",
              "consumer demand at t = 0 (default: pump_flow)"));

  /**
   * The kind's plug-in: creates the model and describes its balances, product and drawing (the
   * reference for the sections scenarios/library/plants/water-treatment.yaml declares).
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
      return new WaterTreatmentModel(overrides);
    }

    @Override
    public List<Balance> balances(ModelParameters p) {
      return List.of(
          tank("raw-tank", "raw_level", "inflow", "pump_flow", "raw", "suction_level", p),
          tank(
              "treated-tank",
              "treated_level",
              "pump_flow",
              "outflow",
              "treated",
              "outlet_level",
              p));
    }

    /**
     * A tank's mass balance from its reported flows (m³/h). It holds only between 0.1 m above the
     * level where suction or the outlet fails and 5 cm below the rim, where the tank spills.
     */
    private static Balance tank(
        String name,
        String level,
        String in,
        String out,
        String tank,
        String bottomParameter,
        ModelParameters p) {
      double area = p.get(tank + "_area");
      return new Balance(
          name,
          level,
          List.of(in, out),
          q -> (q[0] - q[1]) / SECONDS_PER_HOUR / area,
          p.get(bottomParameter) + 0.1,
          p.get(tank + "_height") - 0.05,
          "d(" + level + ")/dt = (" + in + " - " + out + ") / 3600 / " + tank + "_area",
          List.of(tank + "_area", tank + "_height", bottomParameter));
    }

    /** Treated water delivered, counted only while the chlorine is inside its trip band. */
    @Override
    public Optional<ProductionMeasure> production(ModelParameters p) {
      return Optional.of(
          new ProductionMeasure(
              "m3 of treated water delivered",
              List.of("outflow"),
              1,
              SECONDS_PER_HOUR,
              "chlorine"));
    }

    @Override
    public Optional<MimicLayout> mimic(ModelParameters p) {
      return Optional.of(
          new MimicLayout(
              "Water treatment mimic: raw tank T-101, transfer pump P-101, treated tank T-301,"
                  + " dosing pump P-205",
              760,
              300,
              List.of(
                  pipe(Medium.PROCESS, 10, 80, 78, 80),
                  pipe(Medium.PROCESS, 102, 80, 150, 80),
                  pipe(Medium.PROCESS, 260, 215, 354, 215),
                  pipe(Medium.PROCESS, 386, 215, 470, 215),
                  pipe(Medium.DOSING, 416, 40, 520, 40, 520, 60),
                  pipe(Medium.PROCESS, 580, 215, 740, 215)),
              List.of(new Caption(740, 232, Anchor.END, "consumers →")),
              List.of(
                  new Tank(
                      "T-101 raw water",
                      150,
                      60,
                      110,
                      170,
                      "raw_level",
                      p.get("raw_height"),
                      "LIT-101"),
                  new Tank(
                      "T-301 treated water",
                      470,
                      60,
                      110,
                      170,
                      "treated_level",
                      p.get("treated_height"),
                      "LIT-301"),
                  new Valve(
                      "MV-101",
                      90,
                      80,
                      "valve_position",
                      Display.FRACTION,
                      new OnWhen("inflow_valve", 0.5)),
                  new Pump("P-101", 370, 215, "pump_on", Display.FLAG, new OnWhen("pump_on", 0.5)),
                  // Lit only above a trickle of 0.05 g/h, so a pump idling at zero reads as off.
                  new Pump(
                      "P-205 dosing",
                      400,
                      40,
                      "dosing_rate",
                      Display.VALUE,
                      new OnWhen("dosing_rate", Math.nextUp(0.05))),
                  readout("FIT-101 inflow", 10, 150, "inflow"),
                  readout("FIT-201 flow", 300, 280, "pump_flow"),
                  readout("AIT-201 chlorine", 600, 95, "chlorine"),
                  readout("FIT-401 to consumers", 600, 150, "outflow"),
                  readout("demand", 600, 200, "demand"))));
    }

    private static Readout readout(String label, double x, double y, String tag) {
      return new Readout(label, x, y, Anchor.START, tag, Display.VALUE);
    }
  }

  // State indices.
  private static final int RAW = 0;
  private static final int TREATED = 1;
  private static final int CL = 2;
  private static final int VALVE = 3;
  private static final int SPEED = 4;

  // Input indices.
  private static final int IN_VALVE = 0;
  private static final int IN_PUMP = 1;
  private static final int IN_DOSE = 2;
  private static final int IN_DEMAND = 3;

  // Derived indices.
  private static final int D_INFLOW = 0;
  private static final int D_PUMP_FLOW = 1;
  private static final int D_OUTFLOW = 2;
  private static final int D_RAW_OVERFLOW = 3;
  private static final int D_TREATED_OVERFLOW = 4;
  private static final int D_DRY_RUN = 5;

  private final ModelParameters params;
  private final double rawArea;
  private final double rawHeight;
  private final double maxInflow;
  private final double pumpFlow;
  private final double treatedArea;
  private final double treatedHeight;
  private final double decay;
  private final double tauValve;
  private final double tauPump;
  private final double dryRunLevel;
  private final double suctionLevel;
  private final double outletLevel;
  private final double[] initial;
  private final double[] flows = new double[6];

  /** A model with the documented defaults. */
  public WaterTreatmentModel() {
    this(Map.of());
  }

  /**
   * @param overrides parameter values by name (see {@link #PARAMETERS})
   * @throws OtlabException {@code PROCESS_PARAMETER_UNKNOWN} or {@code PROCESS_PARAMETER_INVALID}
   */
  public WaterTreatmentModel(Map<String, Double> overrides) {
    super(
        KIND,
        List.of(
            new Tag("raw_level", "m"),
            new Tag("treated_level", "m"),
            new Tag("chlorine", "mg/L"),
            new Tag("valve_position", ""),
            new Tag("pump_speed", "")),
        List.of(
            new Tag("inflow", "m^3/h"),
            new Tag("pump_flow", "m^3/h"),
            new Tag("outflow", "m^3/h"),
            new Tag("raw_overflow", "m^3/h"),
            new Tag("treated_overflow", "m^3/h"),
            new Tag("dry_run", "")),
        List.of(
            new Input("inflow_valve", "", 0, 1, false),
            new Input("pump_on", "", 0, 1, true),
            new Input("dosing_rate", "g/h", 0, maxOf(overrides, "max_dosing_rate"), false),
            new Input("demand", "m^3/h", 0, maxOf(overrides, "max_demand"), false)));
    params = ModelParameters.resolve(KIND, PARAMETERS, overrides);
    rawArea = params.get("raw_area");
    rawHeight = params.get("raw_height");
    maxInflow = params.get("max_inflow");
    pumpFlow = params.get("pump_flow");
    treatedArea = params.get("treated_area");
    treatedHeight = params.get("treated_height");
    decay = params.get("chlorine_decay");
    tauValve = params.get("valve_time_constant");
    tauPump = params.get("pump_time_constant");
    dryRunLevel = params.get("dry_run_level");
    suctionLevel = params.get("suction_level");
    outletLevel = params.get("outlet_level");
    requireAtMost("initial_raw_level", "raw_height");
    requireAtMost("initial_treated_level", "treated_height");
    requireAtMost("dry_run_level", "raw_height");
    requireAtMost("suction_level", "raw_height");
    requireAtMost("outlet_level", "treated_height");

    double h0 = params.get("initial_treated_level");
    double c0 = params.get("initial_chlorine");
    double valve0 =
        params.isOverridden("initial_inflow_valve")
            ? params.get("initial_inflow_valve")
            : Math.min(1.0, pumpFlow / maxInflow);
    double pump0 = params.get("initial_pump_on") >= 0.5 ? 1.0 : 0.0;
    double demand0 =
        params.isOverridden("initial_demand") ? params.get("initial_demand") : pumpFlow * pump0;
    double dose0 =
        params.isOverridden("initial_dosing_rate")
            ? params.get("initial_dosing_rate")
            : c0 * (pumpFlow * pump0 + decay * treatedArea * h0 * SECONDS_PER_HOUR);
    setInput("inflow_valve", valve0);
    setInput("pump_on", pump0);
    setInput("dosing_rate", dose0);
    setInput("demand", demand0);
    initial = new double[] {params.get("initial_raw_level"), h0, c0, valve0, pump0};
  }

  private static Definition p(
      String name, double value, Constraint constraint, String unit, String meaning) {
    return new Definition(name, value, constraint, unit, meaning);
  }

  /** Input ranges come from parameters that are validated later; a bad value is caught there. */
  private static double maxOf(Map<String, Double> overrides, String name) {
    Double v = overrides.get(name);
    if (v != null && Double.isFinite(v) && v > 0) {
      return v;
    }
    return ModelParameters.defaults(PARAMETERS).get(name);
  }

  private void requireAtMost(String lower, String upper) {
    if (params.get(lower) > params.get(upper)) {
      throw new OtlabException(
          "PROCESS_PARAMETER_INVALID",
          "Parameter '"
              + lower
              + "' ("
              + params.get(lower)
              + ") of process model '"
              + KIND
              + "' exceeds '"
              + upper
              + "' ("
              + params.get(upper)
              + ").",
          "Make " + lower + " no larger than " + upper + ".");
    }
  }

  /** The resolved parameters of this instance. */
  public ModelParameters parameters() {
    return params;
  }

  @Override
  public double[] initialState() {
    return initial.clone();
  }

  /** Flows in m³/s into {@code out}: inflow, pump, outflow, raw overflow, treated overflow. */
  private void flows(double[] y, double[] out) {
    double qIn = maxInflow * clamp(y[VALVE], 0, 1) / SECONDS_PER_HOUR;
    double qPump =
        pumpFlow * clamp(y[SPEED], 0, 1) * clamp(y[RAW] / suctionLevel, 0, 1) / SECONDS_PER_HOUR;
    double qOut = in(IN_DEMAND) * clamp(y[TREATED] / outletLevel, 0, 1) / SECONDS_PER_HOUR;
    out[D_INFLOW] = qIn;
    out[D_PUMP_FLOW] = qPump;
    out[D_OUTFLOW] = qOut;
    out[D_RAW_OVERFLOW] = y[RAW] >= rawHeight ? Math.max(0, qIn - qPump) : 0;
    out[D_TREATED_OVERFLOW] = y[TREATED] >= treatedHeight ? Math.max(0, qPump - qOut) : 0;
  }

  @Override
  public void computeDerivatives(double t, double[] y, double[] yDot) {
    flows(y, flows);
    double qPump = flows[D_PUMP_FLOW];
    yDot[RAW] = (flows[D_INFLOW] - qPump - flows[D_RAW_OVERFLOW]) / rawArea;
    yDot[TREATED] = (qPump - flows[D_OUTFLOW] - flows[D_TREATED_OVERFLOW]) / treatedArea;
    double mixingVolume = treatedArea * Math.max(y[TREATED], outletLevel);
    double dose = in(IN_DOSE) / SECONDS_PER_HOUR;
    yDot[CL] = dose / mixingVolume - (qPump / mixingVolume) * y[CL] - decay * y[CL];
    yDot[VALVE] = (in(IN_VALVE) - y[VALVE]) / tauValve;
    yDot[SPEED] = (in(IN_PUMP) - y[SPEED]) / tauPump;
  }

  @Override
  protected void derive(double[] y, double[] out) {
    flows(y, out);
    for (int i = D_INFLOW; i <= D_TREATED_OVERFLOW; i++) {
      out[i] *= SECONDS_PER_HOUR;
    }
    out[D_DRY_RUN] = in(IN_PUMP) >= 0.5 && y[RAW] < dryRunLevel ? 1.0 : 0.0;
  }

  @Override
  public void constrain(double[] y) {
    y[RAW] = clamp(y[RAW], 0, rawHeight);
    y[TREATED] = clamp(y[TREATED], 0, treatedHeight);
    y[CL] = Math.max(0, y[CL]);
  }
}
