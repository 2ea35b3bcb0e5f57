package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.FINITE;
import static dev.otlab.process.ModelParameters.Constraint.FRACTION;
import static dev.otlab.process.ModelParameters.Constraint.NON_NEGATIVE;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.p;

import java.util.List;
import java.util.Map;

/**
 * A jacketed continuous stirred-tank reactor ({@code cstr}): exothermic first-order A → B at the
 * Arrhenius rate k0·e^(-E/RT)·c_A, the equations of CstrModel. The reactor runs liquid-full, so the
 * outflow equals the feed (its ports pass the flow). The feed's reactant arrives as the stream's
 * solute (a mass flow, converted with {@code molar_mass}); the product stream carries the unreacted
 * A. The jacket is modelled as in CstrModel: the coolant temperature is an input with a first-order
 * lag ({@code coolant_temp_actual}), the coolant pump a 0/1 input that removes the jacket's UA when
 * off.
 */
public final class JacketedCstrUnit implements UnitKind {

  @Override
  public String kind() {
    return "cstr";
  }

  @Override
  public String description() {
    return "A jacketed CSTR: exothermic first-order reaction with Arrhenius rate, cooled through"
        + " a jacket with a lagging coolant temperature.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("volume", 100, POSITIVE, "L", "reactor volume V"),
        p("molar_mass", 100, POSITIVE, "g/mol", "molar mass of the reactant A"),
        p("density", 1000, POSITIVE, "g/L", "density rho"),
        p("heat_capacity", 0.239, POSITIVE, "J/(g K)", "heat capacity Cp"),
        p("reaction_enthalpy", -5e4, FINITE, "J/mol", "heat of reaction dH"),
        p("activation_temp", 8750, POSITIVE, "K", "activation energy over R, E/R"),
        p("rate_constant", 7.2e10, POSITIVE, "1/min", "pre-exponential factor k0"),
        p("ua", 5e4, NON_NEGATIVE, "J/(min K)", "jacket heat transfer UA"),
        p("coolant_time_constant", 10, POSITIVE, "s", "jacket temperature lag"),
        p("coolant_temp_min", 250, POSITIVE, "K", "coldest coolant available"),
        p("coolant_temp_max", 400, POSITIVE, "K", "hottest coolant available"),
        p("initial_concentration_a", 0.5, NON_NEGATIVE, "mol/L", "CA at t = 0"),
        p("initial_temp", 350, POSITIVE, "K", "reactor temperature at t = 0"),
        p("initial_coolant_temp", 300, POSITIVE, "K", "coolant temperature at t = 0"),
        p("initial_coolant_pump", 1, FRACTION, "", "coolant pump at t = 0 (0 or 1)"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of();
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in("inlet", StreamType.LIQUID, FlowRole.PASSES, "feed").passing("outlet"),
        Port.out("outlet", StreamType.LIQUID, FlowRole.PASSES, "product").passing("inlet"));
  }

  @Override
  public void expand(UnitContext u) {
    u.input(
        "coolant_temp",
        "K",
        "{coolant_temp_min}",
        "{coolant_temp_max}",
        "{initial_coolant_temp}",
        false,
        "{coolant_time_constant}",
        "coolant_temp_actual");
    u.input("coolant_pump", "", "0", "1", "{initial_coolant_pump}", true, null, null);
    u.algebraic(
        "rate",
        "mol/(L min)",
        "{rate_constant} * exp(-{activation_temp} / {temp}) * {concentration_a}");
    u.algebraic("ua_effective", "J/(min K)", "if({coolant_pump} >= 0.5, {ua}, 0)");
    u.algebraic("feed_a", "mol/s", "{inlet.solute} / {molar_mass}");
    u.state(
        "concentration_a",
        "mol/L",
        "{initial_concentration_a}",
        "({feed_a} - {inlet.flow} * {concentration_a}) / {volume} - {rate}",
        "0",
        null);
    u.state(
        "temp",
        "K",
        "{initial_temp}",
        "{inlet.flow} / {volume} * ({inlet.temp} - {temp})"
            + " + (-{reaction_enthalpy}) / ({density} * {heat_capacity}) * {rate}"
            + " + {ua_effective} / ({volume} * {density} * {heat_capacity})"
            + " * ({coolant_temp_actual} - {temp})",
        null,
        null);
    u.algebraic("heat_generated", "kW", "(-{reaction_enthalpy}) * {rate} * {volume}");
    u.algebraic("heat_removed", "kW", "{ua_effective} * ({temp} - {coolant_temp_actual})");
    u.report("rate");
    u.report("heat_generated");
    u.report("heat_removed");
    u.outlet(
        "outlet", "{temp}", "{outlet.flow} * {concentration_a} * {molar_mass}", "{inlet.pressure}");
  }
}
