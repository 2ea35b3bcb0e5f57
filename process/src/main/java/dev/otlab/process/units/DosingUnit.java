package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.NON_NEGATIVE;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.p;

import java.util.List;
import java.util.Map;

/**
 * A dosing point ({@code dosing}): a metering pump injecting the dissolved component into a line at
 * a rate the PLC writes ({@code rate}, g/h). The injected mass flow adds to the stream's solute;
 * the volume dosed is negligible, so the flow passes unchanged. The component's first-order decay
 * happens where it stays, in the tank ({@code decay}) or pipe downstream, which gives the
 * water-treatment model's chlorine balance dc/dt = dose/V - Q·c/V - k·c in the tank it feeds.
 * Because the stream carries a mass flow, a dose into a stopped line still reaches that tank, as in
 * the water-treatment model.
 */
public final class DosingUnit implements UnitKind {

  @Override
  public String kind() {
    return "dosing";
  }

  @Override
  public String description() {
    return "A metering pump injecting a dissolved component (g/h) into a line; it decays"
        + " first-order in the tank downstream.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("max_rate", 150, POSITIVE, "g/h", "dosing pump capacity"),
        p("initial_rate", 0, NON_NEGATIVE, "g/h", "dose at t = 0"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of();
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in("inlet", StreamType.LIQUID, FlowRole.PASSES, "line in").passing("outlet"),
        Port.out("outlet", StreamType.LIQUID, FlowRole.PASSES, "dosed line out").passing("inlet"));
  }

  @Override
  public void expand(UnitContext u) {
    u.input("rate", "g/h", "0", "{max_rate}", "{initial_rate}", false, null, null);
    u.outlet("outlet", "{inlet.temp}", "{inlet.solute} + {rate}", "{inlet.pressure}");
  }
}
