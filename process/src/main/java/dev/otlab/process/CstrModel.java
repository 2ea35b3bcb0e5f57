package dev.otlab.process;

import static dev.otlab.process.MimicLayout.pipe;

import dev.otlab.core.OtlabException;
import dev.otlab.process.MimicLayout.Anchor;
import dev.otlab.process.MimicLayout.Caption;
import dev.otlab.process.MimicLayout.Display;
import dev.otlab.process.MimicLayout.Medium;
import dev.otlab.process.MimicLayout.OnWhen;
import dev.otlab.process.MimicLayout.Pump;
import dev.otlab.process.MimicLayout.Reactor;
import dev.otlab.process.MimicLayout.Readout;
import dev.otlab.process.MimicLayout.Valve;
import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.ModelParameters.Definition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exothermic first-order A -&gt; B continuous stirred tank reactor with a cooling jacket (kind
 * {@code chemical-reactor}), after Seborg, Edgar and Mellichamp, <i>Process Dynamics and
 * Control</i>.
 *
 * <p>The textbook balances are per minute; the ODE divides them by 60 so that t is in seconds:
 *
 * <pre>
 *   k       = k0 exp(-(E/R) / T)                                         [1/min]
 *   q_eff   = q x                      x = feed valve position (lag tau_f)
 *   UA_eff  = UA if coolant_pump = 1, else 0                             loss of cooling
 *   dCA/dt  = [ q_eff/V (CAf - CA) - k CA ] / 60
 *   dT/dt   = [ q_eff/V (Tf - T) + (-dH)/(rho Cp) k CA + UA_eff/(V rho Cp) (Tc - T) ] / 60
 *   dTc/dt  = (coolant_temp - Tc) / tau_c                  jacket coolant follows its command
 *   dx/dt   = (feed_valve - x) / tau_f
 * </pre>
 *
 * <p>With the defaults (V = 100 L, q = 100 L/min, CAf = 1 mol/L, Tf = 350 K, rho = 1000 g/L, Cp =
 * 0.239 J/(g K), dH = -5e4 J/mol, E/R = 8750 K, k0 = 7.2e10 1/min, UA = 5e4 J/(min K)) and the
 * coolant at 300 K there are three steady states, about (0.877 mol/L, 324.5 K), (0.500, 350.0) and
 * (0.209, 369.7); the middle one, the operating point, is unstable (open-loop pole about +2.8/min)
 * and needs a temperature controller on the coolant. With the coolant at 290 K the only steady
 * state is (0.9519 mol/L, 312.66 K). Without cooling the reactor runs away towards the adiabatic
 * temperature rise of (-dH) CAf / (rho Cp) = 209 K.
 *
 * <p>Derived tags: {@code reaction_rate} k CA in mol/(L min), {@code feed_flow} in L/min, {@code
 * heat_generated} and {@code heat_removed} (by the jacket) in kW, {@code conversion} 1 - CA/CAf.
 */
public final class CstrModel extends AbstractProcessModel {

  public static final String KIND = "chemical-reactor";

  private static final double SECONDS_PER_MINUTE = 60.0;

  /** Parameters with their defaults; pass overrides to the constructor by these names. */
  public static final List<Definition> PARAMETERS =
      List.of(
          p("volume", 100, Constraint.POSITIVE, "L", "reactor volume V"),
          p("feed_flow", 100, Constraint.POSITIVE, "L/min", "feed flow q with the valve open"),
          p("feed_concentration", 1, Constraint.NON_NEGATIVE, "mol/L", "feed concentration CAf"),
          p("feed_temp", 350, Constraint.POSITIVE, "K", "feed temperature Tf"),
          p("density", 1000, Constraint.POSITIVE, "g/L", "density rho"),
          p("heat_capacity", 0.239, Constraint.POSITIVE, "J/(g K)", "heat capacity Cp"),
          p("reaction_enthalpy", -5e4, Constraint.FINITE, "J/mol", "heat of reaction dH"),
          p("activation_temp", 8750, Constraint.POSITIVE, "K", "activation energy over R, E/R"),
          p("rate_constant", 7.2e10, Constraint.POSITIVE, "1/min", "pre-exponential factor k0"),
          p("ua", 5e4, Constraint.NON_NEGATIVE, "J/(min K)", "jacket heat transfer UA"),
          p("coolant_time_constant", 10, Constraint.POSITIVE, "s", "jacket temperature lag"),
          p("feed_valve_time_constant", 3, Constraint.POSITIVE, "s", "feed valve actuator lag"),
          p("coolant_temp_min", 250, Constraint.POSITIVE, "K", "coldest coolant available"),
          p("coolant_temp_max", 400, Constraint.POSITIVE, "K", "hottest coolant available"),
          p("initial_concentration_a", 0.5, Constraint.NON_NEGATIVE, "mol/L", "CA at t = 0"),
          p("initial_reactor_temp", 350, Constraint.POSITIVE, "K", "T at t = 0"),
          p("initial_coolant_temp", 300, Constraint.POSITIVE, "K", "coolant temperature at t = 0"),
          p("initial_feed_valve", 1, Constraint.FRACTION, "", "feed valve position at t = 0"),
          p("initial_coolant_pump", 1, Constraint.FRACTION, "", "coolant pump at t = 0 (0 or 1)"));

  /**
   * The kind's plug-in: creates the model and describes its balance, product and drawing (the
   * reference for the sections scenarios/library/plants/chemical-reactor.yaml declares).
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
      return new CstrModel(overrides);
    }

    /**
     * The reactor's energy balance from the reported temperatures, concentration, feed valve
     * command and coolant pump. The reaction heat is the model's own Arrhenius term, so a reported
     * temperature that is held still while the reactor runs away leaves a residual.
     */
    @Override
    public List<Balance> balances(ModelParameters m) {
      double volume = m.get("volume");
      double q = m.get("feed_flow");
      double tf = m.get("feed_temp");
      double rhoCp = m.get("density") * m.get("heat_capacity");
      double dh = m.get("reaction_enthalpy");
      double er = m.get("activation_temp");
      double k0 = m.get("rate_constant");
      double ua = m.get("ua");
      return List.of(
          new Balance(
              "reactor-energy",
              "reactor_temp",
              List.of(
                  "reactor_temp",
                  "concentration_a",
                  "coolant_temp_actual",
                  "feed_valve",
                  "coolant_pump"),
              r -> {
                double t = r[0];
                double k = k0 * Math.exp(-er / t);
                double perMinute =
                    q * r[3] / volume * (tf - t)
                        + (-dh) / rhoCp * k * r[1]
                        + (r[4] >= 0.5 ? ua : 0) / (volume * rhoCp) * (r[2] - t);
                return perMinute / SECONDS_PER_MINUTE;
              },
              Double.NEGATIVE_INFINITY,
              Double.POSITIVE_INFINITY,
              "d(reactor_temp)/dt = [feed_flow * feed_valve / volume * (feed_temp - reactor_temp)"
                  + " + (-reaction_enthalpy) / (density * heat_capacity) * rate_constant"
                  + " * exp(-activation_temp / reactor_temp) * concentration_a"
                  + " + (ua if coolant_pump else 0) / (volume * density * heat_capacity)"
                  + " * (coolant_temp_actual - reactor_temp)] / 60",
              List.of(
                  "volume",
                  "feed_flow",
                  "feed_temp",
                  "density",
                  "heat_capacity",
                  "reaction_enthalpy",
                  "activation_temp",
                  "rate_constant",
                  "ua")));
    }

    /** Moles of product B leaving: feed flow (L/min) x conversion x feed concentration. */
    @Override
    public Optional<ProductionMeasure> production(ModelParameters m) {
      return Optional.of(
          new ProductionMeasure(
              "mol of product B",
              List.of("feed_flow", "conversion"),
              m.get("feed_concentration"),
              SECONDS_PER_MINUTE,
              null));
    }

    @Override
    public Optional<MimicLayout> mimic(ModelParameters m) {
      return Optional.of(
          new MimicLayout(
              "Reactor mimic: feed valve XV-101, CSTR R-101 with cooling jacket, coolant pump"
                  + " P-301",
              760,
              300,
              List.of(
                  pipe(Medium.PROCESS, 10, 70, 98, 70),
                  pipe(Medium.PROCESS, 122, 70, 280, 70, 280, 90),
                  pipe(Medium.COOLANT, 196, 255, 260, 255, 260, 200),
                  pipe(Medium.PROCESS, 430, 200, 740, 200)),
              List.of(new Caption(740, 190, Anchor.END, "product →")),
              List.of(
                  // Filled by temperature from 300 K (cold) up to the trip: a runaway fills it.
                  new Reactor(
                      "R-101 CSTR (cooling jacket)", 260, 50, 190, 190, "reactor_temp", 300, 400),
                  new Valve(
                      "XV-101 feed",
                      110,
                      70,
                      "feed_valve",
                      Display.FLAG,
                      new OnWhen("feed_valve", 0.5)),
                  new Readout(
                      "TT-101 temperature", 355, 140, Anchor.MIDDLE, "reactor_temp", Display.VALUE),
                  new Readout(
                      "AT-101 conc. A", 355, 185, Anchor.MIDDLE, "concentration_a", Display.VALUE),
                  new Pump(
                      "P-301 coolant",
                      180,
                      255,
                      "coolant_pump",
                      Display.FLAG,
                      new OnWhen("coolant_pump", 0.5)),
                  new Readout(
                      "TIC-101 coolant command",
                      470,
                      265,
                      Anchor.START,
                      "coolant_temp",
                      Display.VALUE),
                  new Readout(
                      "TT-301 coolant actual",
                      470,
                      230,
                      Anchor.START,
                      "coolant_temp_actual",
                      Display.VALUE),
                  new Readout(
                      "ZT-101 feed position",
                      10,
                      120,
                      Anchor.START,
                      "feed_position",
                      Display.FRACTION))));
    }
  }

  private static final int CA = 0;
  private static final int T = 1;
  private static final int TC = 2;
  private static final int FEED = 3;

  private static final int IN_COOLANT = 0;
  private static final int IN_FEED = 1;
  private static final int IN_PUMP = 2;

  private static final int D_RATE = 0;
  private static final int D_FEED_FLOW = 1;
  private static final int D_HEAT_GENERATED = 2;
  private static final int D_HEAT_REMOVED = 3;
  private static final int D_CONVERSION = 4;

  private final ModelParameters params;
  private final double volume;
  private final double feedFlow;
  private final double feedConc;
  private final double feedTemp;
  private final double rhoCp;
  private final double minusDh;
  private final double activationTemp;
  private final double k0;
  private final double ua;
  private final double tauCoolant;
  private final double tauFeed;
  private final double[] initial;

  /** A reactor with the textbook parameters. */
  public CstrModel() {
    this(Map.of());
  }

  /**
   * @param overrides parameter values by name (see {@link #PARAMETERS})
   * @throws OtlabException {@code PROCESS_PARAMETER_UNKNOWN} or {@code PROCESS_PARAMETER_INVALID}
   */
  public CstrModel(Map<String, Double> overrides) {
    super(
        KIND,
        List.of(
            new Tag("concentration_a", "mol/L"),
            new Tag("reactor_temp", "K"),
            new Tag("coolant_temp_actual", "K"),
            new Tag("feed_position", "")),
        List.of(
            new Tag("reaction_rate", "mol/(L min)"),
            new Tag("feed_flow", "L/min"),
            new Tag("heat_generated", "kW"),
            new Tag("heat_removed", "kW"),
            new Tag("conversion", "")),
        List.of(
            new Input(
                "coolant_temp",
                "K",
                rangeOf(overrides, "coolant_temp_min"),
                Math.max(
                    rangeOf(overrides, "coolant_temp_min"), rangeOf(overrides, "coolant_temp_max")),
                false),
            new Input("feed_valve", "", 0, 1, false),
            new Input("coolant_pump", "", 0, 1, true)));
    params = ModelParameters.resolve(KIND, PARAMETERS, overrides);
    volume = params.get("volume");
    feedFlow = params.get("feed_flow");
    feedConc = params.get("feed_concentration");
    feedTemp = params.get("feed_temp");
    rhoCp = params.get("density") * params.get("heat_capacity");
    minusDh = -params.get("reaction_enthalpy");
    activationTemp = params.get("activation_temp");
    k0 = params.get("rate_constant");
    ua = params.get("ua");
    tauCoolant = params.get("coolant_time_constant");
    tauFeed = params.get("feed_valve_time_constant");
    if (params.get("coolant_temp_min") > params.get("coolant_temp_max")) {
      throw new OtlabException(
          "PROCESS_PARAMETER_INVALID",
          "coolant_temp_min ("
              + params.get("coolant_temp_min")
              + " K) is above coolant_temp_max ("
              + params.get("coolant_temp_max")
              + " K).",
          "Make coolant_temp_min no larger than coolant_temp_max.");
    }
    setInput("coolant_temp", params.get("initial_coolant_temp"));
    setInput("feed_valve", params.get("initial_feed_valve"));
    setInput("coolant_pump", params.get("initial_coolant_pump"));
    initial =
        new double[] {
          params.get("initial_concentration_a"),
          params.get("initial_reactor_temp"),
          input("coolant_temp"),
          params.get("initial_feed_valve")
        };
  }

  private static Definition p(
      String name, double value, Constraint constraint, String unit, String meaning) {
    return new Definition(name, value, constraint, unit, meaning);
  }

  /** Input ranges come from parameters that are validated later; a bad value is caught there. */
  private static double rangeOf(Map<String, Double> overrides, String name) {
    Double v = overrides.get(name);
    if (v != null && Double.isFinite(v) && v > 0) {
      return v;
    }
    return ModelParameters.defaults(PARAMETERS).get(name);
  }

  /** The resolved parameters of this instance. */
  public ModelParameters parameters() {
    return params;
  }

  @Override
  public double[] initialState() {
    return initial.clone();
  }

  /** Rate constant k(T) in 1/min. */
  private double k(double temp) {
    return k0 * Math.exp(-activationTemp / temp);
  }

  private double uaEffective() {
    return in(IN_PUMP) >= 0.5 ? ua : 0.0;
  }

  @Override
  public void computeDerivatives(double t, double[] y, double[] yDot) {
    double ca = y[CA];
    double temp = y[T];
    double dilution = feedFlow * clamp(y[FEED], 0, 1) / volume;
    double rate = k(temp) * ca;
    yDot[CA] = (dilution * (feedConc - ca) - rate) / SECONDS_PER_MINUTE;
    yDot[T] =
        (dilution * (feedTemp - temp)
                + minusDh / rhoCp * rate
                + uaEffective() / (volume * rhoCp) * (y[TC] - temp))
            / SECONDS_PER_MINUTE;
    yDot[TC] = (in(IN_COOLANT) - y[TC]) / tauCoolant;
    yDot[FEED] = (in(IN_FEED) - y[FEED]) / tauFeed;
  }

  @Override
  protected void derive(double[] y, double[] out) {
    double rate = k(y[T]) * y[CA];
    out[D_RATE] = rate;
    out[D_FEED_FLOW] = feedFlow * clamp(y[FEED], 0, 1);
    // J/min to kW.
    out[D_HEAT_GENERATED] = minusDh * rate * volume / SECONDS_PER_MINUTE / 1000.0;
    out[D_HEAT_REMOVED] = uaEffective() * (y[T] - y[TC]) / SECONDS_PER_MINUTE / 1000.0;
    out[D_CONVERSION] = feedConc > 0 ? 1.0 - y[CA] / feedConc : 0.0;
  }

  @Override
  public void constrain(double[] y) {
    y[CA] = Math.max(0, y[CA]);
  }
}
