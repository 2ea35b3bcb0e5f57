package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.FINITE;
import static dev.otlab.process.ModelParameters.Constraint.FRACTION;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.p;

import java.util.List;
import java.util.Map;

/**
 * A control valve ({@code valve}) with an actuator lag and an inherent characteristic. The PLC
 * writes {@code command} (0..1); the stem follows as {@code position} with a first-order lag of
 * {@code time_constant}. The characteristic f(x) of the position x is {@code linear} (f = x),
 * {@code equal-percentage} (f = R^(x-1) with rangeability R, 0 when shut) or {@code quick-opening}
 * (f = √x, the usual approximation).
 *
 * <p>Sizing: {@code max-flow} gives Q = max_flow·f(x), a valve whose pressure drop the line holds
 * constant (the water-treatment inflow valve); {@code kv} gives the liquid sizing equation Q =
 * Kv·f(x)·√(Δp / 1 bar / SG), Δp = inlet pressure - {@code outlet_pressure}, so a valve below a
 * tank drains it like an orifice and slows as the level falls. (Kv is the metric flow coefficient:
 * m³/h of water at 1 bar drop; Cv = 1.156·Kv.)
 */
public final class ValveUnit implements UnitKind {

  @Override
  public String kind() {
    return "valve";
  }

  @Override
  public String description() {
    return "A control valve with actuator lag and a linear, equal-percentage or quick-opening"
        + " characteristic, sized by its largest flow or its Kv.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("max_flow", 10, POSITIVE, "m^3/h", "flow fully open (sizing: max-flow)"),
        p("kv", 10, POSITIVE, "m^3/h", "flow coefficient Kv (sizing: kv)"),
        p("rangeability", 50, POSITIVE, "", "rangeability R (equal-percentage)"),
        p("time_constant", 5, POSITIVE, "s", "actuator lag"),
        p("initial_command", 0, FRACTION, "", "command and position at t = 0"),
        p("density", 1000, POSITIVE, "kg/m^3", "liquid density (sizing: kv)"),
        p("outlet_pressure", 0, FINITE, "bar", "pressure downstream (gauge)"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of(
        new UnitOption(
            "characteristic",
            "linear",
            List.of("linear", "equal-percentage", "quick-opening"),
            "inherent flow characteristic"),
        new UnitOption("sizing", "max-flow", List.of("max-flow", "kv"), "flow equation"));
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in("inlet", StreamType.LIQUID, FlowRole.DEFINES, "liquid in"),
        Port.out("outlet", StreamType.LIQUID, FlowRole.DEFINES, "liquid out"));
  }

  @Override
  public void expand(UnitContext u) {
    u.input("command", "", "0", "1", "{initial_command}", false, "{time_constant}", "position");
    String x = "clamp({position}, 0, 1)";
    String f =
        switch (u.option("characteristic")) {
          case "equal-percentage" -> "if(" + x + " > 0, {rangeability}^(" + x + " - 1), 0)";
          case "quick-opening" -> "sqrt(" + x + ")";
          default -> x;
        };
    u.algebraic("opening", "", f);
    if (u.option("sizing").equals("kv")) {
      u.algebraic(
          "flow",
          "m^3/h",
          "{kv} * {opening} * sqrt(pos({inlet.pressure} - {outlet_pressure}) / 1[bar]"
              + " / ({density} / 1000[kg/m^3]))");
    } else {
      u.algebraic("flow", "m^3/h", "{max_flow} * {opening}");
    }
    u.flow("inlet", "{flow}");
    u.flow("outlet", "{flow}");
    u.outlet("outlet", "{inlet.temp}", "{inlet.solute}", "{outlet_pressure}");
  }
}
