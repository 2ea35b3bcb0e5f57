package dev.otlab.process.declared;

import static dev.otlab.process.ModelParameters.Constraint.FRACTION;
import static dev.otlab.process.ModelParameters.Constraint.NON_NEGATIVE;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;

import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.SafetyLimit.Direction;
import dev.otlab.process.declared.ProcessModelSpec.Algebraic;
import dev.otlab.process.declared.ProcessModelSpec.Event;
import dev.otlab.process.declared.ProcessModelSpec.Input;
import dev.otlab.process.declared.ProcessModelSpec.Output;
import dev.otlab.process.declared.ProcessModelSpec.Parameter;
import dev.otlab.process.declared.ProcessModelSpec.State;
import java.util.List;

/**
 * The three built-in Java models written as declared specs, the way a plant file will declare them.
 * They are the proof that the declared form can say what the Java models say; the Java models are
 * the reference the tests compare against.
 */
final class ReferenceSpecs {

  private ReferenceSpecs() {}

  private static Parameter p(
      String name, double value, Constraint c, String unit, String description) {
    return new Parameter(name, value, unit, description, c);
  }

  private static Parameter computed(
      String name, String expression, Constraint c, String unit, String description) {
    return new Parameter(name, expression, unit, description, c);
  }

  /** DrainingTankModel: Torricelli outflow with a laminar tail below laminar_level. */
  static ProcessModelSpec drainingTank() {
    return new ProcessModelSpec(
        "draining-tank-declared",
        "A tank draining through a bottom orifice",
        List.of(
            p("area", 1.0, POSITIVE, "m^2", "tank cross-section A"),
            p("orifice_area", 1e-3, POSITIVE, "m^2", "orifice area a"),
            p("discharge_coefficient", 0.61, FRACTION, "", "discharge coefficient Cd"),
            p("gravity", 9.81, POSITIVE, "m/s^2", "gravitational acceleration g"),
            p("height", 2.0, POSITIVE, "m", "overflow height H"),
            p("laminar_level", 1e-4, POSITIVE, "m", "level below which outflow is linear"),
            p("max_inflow", 10, POSITIVE, "m^3/h", "largest inflow accepted"),
            p("initial_level", 1.0, NON_NEGATIVE, "m", "level at t = 0"),
            p("initial_inflow", 0, NON_NEGATIVE, "m^3/h", "inflow at t = 0")),
        List.of(
            new State(
                "level", "m", "initial_level", "(inflow - orifice_flow) / area", "0", "height")),
        List.of(
            new Input("inflow", "m^3/h", "0", "max_inflow", "initial_inflow", false, null, null)),
        List.of(
            new Algebraic(
                "orifice_flow",
                "m^3/h",
                "if(level <= 0, 0,"
                    + " if(level >= laminar_level,"
                    + "    discharge_coefficient * orifice_area * sqrt(2 * gravity * level),"
                    + "    discharge_coefficient * orifice_area * sqrt(2 * gravity * laminar_level)"
                    + "      * level / laminar_level))")),
        List.of(
            new Output("outflow", "orifice_flow", null),
            new Output("overflow", "if(level >= height, pos(inflow - orifice_flow), 0)", "m^3/h")),
        List.of(new Event("level", Direction.LOW, 0.01, "tank nearly empty")));
  }

  /** WaterTreatmentModel: two tanks, transfer pump, chlorine dosing, valve and pump lags. */
  static ProcessModelSpec waterTreatment() {
    return new ProcessModelSpec(
        "water-treatment-declared",
        "A SWaT-like water treatment stage",
        List.of(
            p("raw_area", 5, POSITIVE, "m^2", "raw tank cross-section"),
            p("raw_height", 4, POSITIVE, "m", "raw tank overflow height"),
            p("max_inflow", 36, POSITIVE, "m^3/h", "inflow with the valve fully open"),
            p("pump_flow", 30, POSITIVE, "m^3/h", "transfer pump flow at full speed"),
            p("treated_area", 5, POSITIVE, "m^2", "treated tank cross-section"),
            p("treated_height", 4, POSITIVE, "m", "treated tank overflow height"),
            p("chlorine_decay", 1e-5, NON_NEGATIVE, "1/s", "chlorine decay rate"),
            p("valve_time_constant", 5, POSITIVE, "s", "inflow valve actuator lag"),
            p("pump_time_constant", 2, POSITIVE, "s", "transfer pump spin-up lag"),
            p("dry_run_level", 0.1, POSITIVE, "m", "raw level below which pumping is dry"),
            p("suction_level", 0.05, POSITIVE, "m", "raw level where suction starts to fail"),
            p("outlet_level", 0.02, POSITIVE, "m", "treated level where supply starts to fail"),
            p("max_dosing_rate", 150, POSITIVE, "g/h", "chlorine dosing pump capacity"),
            p("max_demand", 100, POSITIVE, "m^3/h", "largest consumer demand accepted"),
            p("initial_raw_level", 2.0, NON_NEGATIVE, "m", "raw level at t = 0"),
            p("initial_treated_level", 2.0, NON_NEGATIVE, "m", "treated level at t = 0"),
            p("initial_chlorine", 1.5, NON_NEGATIVE, "mg/L", "chlorine at t = 0"),
            // Defaults that follow the plant: it starts balanced unless the plant file says not.
            computed(
                "initial_inflow_valve",
                "min(1, pump_flow / max_inflow)",
                FRACTION,
                "",
                "valve command at t = 0 (default: pump_flow / max_inflow)"),
            p("initial_pump_on", 1, FRACTION, "", "pump command at t = 0 (0 or 1)"),
            computed(
                "initial_dosing_rate",
                "initial_chlorine * (pump_flow * if(initial_pump_on >= 0.5, 1, 0)"
                    + " + chlorine_decay * treated_area * initial_treated_level)",
                NON_NEGATIVE,
                "g/h",
                "dosing at t = 0 (default: the dose that holds initial_chlorine)"),
            computed(
                "initial_demand",
                "pump_flow * if(initial_pump_on >= 0.5, 1, 0)",
                NON_NEGATIVE,
                "m^3/h",
                "consumer demand at t = 0 (default: pump_flow)")),
        List.of(
            new State(
                "raw_level",
                "m",
                "initial_raw_level",
                "(q_in - q_pump - raw_spill) / raw_area",
                "0",
                "raw_height"),
            new State(
                "treated_level",
                "m",
                "initial_treated_level",
                "(q_pump - q_out - treated_spill) / treated_area",
                "0",
                "treated_height"),
            new State(
                "chlorine",
                "mg/L",
                "initial_chlorine",
                "dosing_rate / mixing_volume - q_pump / mixing_volume * chlorine"
                    + " - chlorine_decay * chlorine",
                "0",
                null)),
        List.of(
            new Input(
                "inflow_valve",
                "",
                "0",
                "1",
                "initial_inflow_valve",
                false,
                "valve_time_constant",
                "valve_position"),
            new Input(
                "pump_on",
                "",
                "0",
                "1",
                "initial_pump_on",
                true,
                "pump_time_constant",
                "pump_speed"),
            new Input(
                "dosing_rate",
                "g/h",
                "0",
                "max_dosing_rate",
                "initial_dosing_rate",
                false,
                null,
                null),
            new Input("demand", "m^3/h", "0", "max_demand", "initial_demand", false, null, null)),
        List.of(
            // Declared out of order on purpose: the compiler sorts by dependency.
            new Algebraic(
                "raw_spill", "m^3/h", "if(raw_level >= raw_height, pos(q_in - q_pump), 0)"),
            new Algebraic(
                "treated_spill",
                "m^3/h",
                "if(treated_level >= treated_height, pos(q_pump - q_out), 0)"),
            new Algebraic("q_in", "m^3/h", "max_inflow * clamp(valve_position, 0, 1)"),
            new Algebraic(
                "q_pump",
                "m^3/h",
                "pump_flow * clamp(pump_speed, 0, 1) * clamp(raw_level / suction_level, 0, 1)"),
            new Algebraic("q_out", "m^3/h", "demand * clamp(treated_level / outlet_level, 0, 1)"),
            new Algebraic(
                "mixing_volume", "m^3", "treated_area * max(treated_level, outlet_level)")),
        List.of(
            new Output("inflow", "q_in", null),
            new Output("pump_flow", "q_pump", null),
            new Output("outflow", "q_out", null),
            new Output("raw_overflow", "raw_spill", null),
            new Output("treated_overflow", "treated_spill", null),
            new Output("dry_run", "pump_on >= 0.5 && raw_level < dry_run_level", "")),
        List.of(
            new Event("raw_level", Direction.HIGH, 3.8, "raw tank overflow"),
            new Event("treated_level", Direction.LOW, 0.3, "treated tank runs dry"),
            new Event("dry_run", Direction.HIGH, 0.5, "transfer pump runs dry"),
            new Event("chlorine", Direction.HIGH, 4, "chlorine overdose")));
  }

  /** CstrModel: exothermic A -> B with a cooling jacket; time constants per minute via units. */
  static ProcessModelSpec cstr() {
    return new ProcessModelSpec(
        "chemical-reactor-declared",
        "Exothermic first-order CSTR with a cooling jacket",
        List.of(
            p("volume", 100, POSITIVE, "L", "reactor volume V"),
            p("feed_flow", 100, POSITIVE, "L/min", "feed flow q with the valve open"),
            p("feed_concentration", 1, NON_NEGATIVE, "mol/L", "feed concentration CAf"),
            p("feed_temp", 350, POSITIVE, "K", "feed temperature Tf"),
            p("density", 1000, POSITIVE, "g/L", "density rho"),
            p("heat_capacity", 0.239, POSITIVE, "J/(g K)", "heat capacity Cp"),
            p("reaction_enthalpy", -5e4, Constraint.FINITE, "J/mol", "heat of reaction dH"),
            p("activation_temp", 8750, POSITIVE, "K", "activation energy over R, E/R"),
            p("rate_constant", 7.2e10, POSITIVE, "1/min", "pre-exponential factor k0"),
            p("ua", 5e4, NON_NEGATIVE, "J/(min K)", "jacket heat transfer UA"),
            p("coolant_time_constant", 10, POSITIVE, "s", "jacket temperature lag"),
            p("feed_valve_time_constant", 3, POSITIVE, "s", "feed valve actuator lag"),
            p("coolant_temp_min", 250, POSITIVE, "K", "coldest coolant available"),
            p("coolant_temp_max", 400, POSITIVE, "K", "hottest coolant available"),
            p("initial_concentration_a", 0.5, NON_NEGATIVE, "mol/L", "CA at t = 0"),
            p("initial_reactor_temp", 350, POSITIVE, "K", "T at t = 0"),
            p("initial_coolant_temp", 300, POSITIVE, "K", "coolant temperature at t = 0"),
            p("initial_feed_valve", 1, FRACTION, "", "feed valve position at t = 0"),
            p("initial_coolant_pump", 1, FRACTION, "", "coolant pump at t = 0 (0 or 1)")),
        List.of(
            new State(
                "concentration_a",
                "mol/L",
                "initial_concentration_a",
                "q / volume * (feed_concentration - concentration_a) - rate",
                "0",
                null),
            new State(
                "reactor_temp",
                "K",
                "initial_reactor_temp",
                "q / volume * (feed_temp - reactor_temp)"
                    + " + (-reaction_enthalpy) / (density * heat_capacity) * rate"
                    + " + ua_effective / (volume * density * heat_capacity)"
                    + "   * (coolant_temp_actual - reactor_temp)",
                null,
                null)),
        List.of(
            new Input(
                "coolant_temp",
                "K",
                "coolant_temp_min",
                "coolant_temp_max",
                "initial_coolant_temp",
                false,
                "coolant_time_constant",
                null),
            new Input(
                "feed_valve",
                "",
                "0",
                "1",
                "initial_feed_valve",
                false,
                "feed_valve_time_constant",
                "feed_position"),
            new Input("coolant_pump", "", "0", "1", "initial_coolant_pump", true, null, null)),
        List.of(
            new Algebraic(
                "rate",
                "mol/(L min)",
                "rate_constant * exp(-activation_temp / reactor_temp) * concentration_a"),
            new Algebraic("q", "L/min", "feed_flow * clamp(feed_position, 0, 1)"),
            new Algebraic("ua_effective", "J/(min K)", "if(coolant_pump >= 0.5, ua, 0)")),
        List.of(
            new Output("reaction_rate", "rate", null),
            new Output("feed_flow", "q", null),
            new Output("heat_generated", "(-reaction_enthalpy) * rate * volume", "kW"),
            new Output("heat_removed", "ua_effective * (reactor_temp - coolant_temp_actual)", "kW"),
            new Output(
                "conversion",
                "if(feed_concentration > 0, 1 - concentration_a / feed_concentration, 0)",
                null)),
        List.of(new Event("reactor_temp", Direction.HIGH, 400, "thermal runaway")));
  }
}
