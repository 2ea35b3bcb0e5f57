package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.FRACTION;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.p;

import dev.otlab.process.SafetyLimit;
import java.util.List;
import java.util.Map;

/**
 * A burner ({@code burner}) turning fuel into heat for a drum or furnace. The combustion control
 * writes {@code firing_rate} (0..1, followed with the fuel valve's lag as {@code firing_actual});
 * the burner management system writes the shut-off {@code fuel_valve} (0/1) and the combustion air
 * fan {@code fan_on} (0/1).
 *
 * <pre>
 *   fuel_flow    = max_fuel_flow · firing_actual · fuel_valve
 *   flame        = fuel_valve ∧ fan_on ∧ firing_actual ≥ min_firing    (0/1)
 *   heat_release = flame · efficiency · heating_value · fuel_flow          (to the heat port)
 *   unburnt_fuel = fuel_valve ∧ ¬flame                                     (0/1, an event)
 *   d(purge_timer)/dt = 1 while the fan runs with the fuel shut, 0 while firing, -purge_timer/1 s
 *                   with the fan off (the purge is lost); purge_complete = purge_timer ≥ purge_time
 * </pre>
 *
 * Why so: a flame needs fuel, air and a firing rate above the burner's turn-down; fuel without a
 * flame is the hazard a BMS exists for (the furnace fills with fuel), so it is an event of the
 * unit; the purge timer lets a BMS require a purge before the fuel valve opens.
 */
public final class BurnerUnit implements UnitKind {

  @Override
  public String kind() {
    return "burner";
  }

  @Override
  public String description() {
    return "A burner: fuel to heat release with efficiency, a flame flag, an unburnt-fuel event"
        + " and a purge timer.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("max_fuel_flow", 0.3, POSITIVE, "kg/s", "fuel flow at full firing"),
        p("heating_value", 50, POSITIVE, "MJ/kg", "lower heating value of the fuel"),
        p("efficiency", 0.85, FRACTION, "", "share of the heat released that reaches the water"),
        p("min_firing", 0.1, FRACTION, "", "lowest firing rate that holds a flame (turn-down)"),
        p("time_constant", 3, POSITIVE, "s", "firing rate (fuel control valve) lag"),
        p("purge_time", 60, POSITIVE, "s", "air purge needed before light-off"),
        p("initial_firing_rate", 0, FRACTION, "", "firing rate at t = 0"),
        p("initial_fuel_valve", 0, FRACTION, "", "fuel shut-off valve at t = 0 (0 or 1)"),
        p("initial_fan_on", 0, FRACTION, "", "fan at t = 0 (0 or 1)"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of();
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(Port.out("heat", StreamType.HEAT, FlowRole.DEFINES, "heat released"));
  }

  @Override
  public void expand(UnitContext u) {
    u.input(
        "firing_rate",
        "",
        "0",
        "1",
        "{initial_firing_rate}",
        false,
        "{time_constant}",
        "firing_actual");
    u.input("fuel_valve", "", "0", "1", "{initial_fuel_valve}", true, null, null);
    u.input("fan_on", "", "0", "1", "{initial_fan_on}", true, null, null);
    u.algebraic(
        "fuel_flow",
        "kg/s",
        "{max_fuel_flow} * clamp({firing_actual}, 0, 1) * if({fuel_valve} >= 0.5, 1, 0)");
    u.algebraic(
        "flame", "", "{fuel_valve} >= 0.5 && {fan_on} >= 0.5 && {firing_actual} >= {min_firing}");
    u.algebraic("heat_release", "kW", "{flame} * {efficiency} * {heating_value} * {fuel_flow}");
    u.algebraic("unburnt_fuel", "", "{fuel_valve} >= 0.5 && !{flame}");
    u.state(
        "purge_timer",
        "s",
        "0",
        "if({fan_on} >= 0.5, if({fuel_valve} < 0.5, 1, 0), -{purge_timer} / 1[s])",
        "0",
        "{purge_time}");
    u.algebraic("purge_complete", "", "{purge_timer} >= {purge_time}");
    for (String reported :
        List.of("fuel_flow", "flame", "heat_release", "unburnt_fuel", "purge_complete")) {
      u.report(reported);
    }
    u.event(
        "unburnt_fuel",
        SafetyLimit.Direction.HIGH,
        0.5,
        "fuel admitted without a flame: furnace explosion");
    u.flow("heat", "{heat_release}");
  }
}
