package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.NON_NEGATIVE;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.G;
import static dev.otlab.process.units.Shapes.p;

import java.util.List;
import java.util.Map;

/**
 * Where liquid leaves the plant ({@code sink}). By default it takes what arrives ({@code flow:
 * follows}, a drain). With {@code flow: demand} it is a consumer whose demand is an input; the
 * consumers get nothing from an empty line: the flow falls linearly to zero as the head at the
 * inlet (pressure / density·g) falls below {@code outlet_level}, as in the water-treatment model.
 */
public final class SinkUnit implements UnitKind {

  @Override
  public String kind() {
    return "sink";
  }

  @Override
  public String description() {
    return "A drain taking what arrives, or consumers whose demand is an input.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("max_demand", 100, POSITIVE, "m^3/h", "largest demand accepted (flow: demand)"),
        p("initial_demand", 0, NON_NEGATIVE, "m^3/h", "demand at t = 0 (flow: demand)"),
        p("outlet_level", 0.02, POSITIVE, "m", "inlet head below which supply starts to fail"),
        p("density", 1000, POSITIVE, "kg/m^3", "liquid density"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of(
        new UnitOption(
            "flow", "follows", List.of("follows", "demand"), "who sets the flow it takes"));
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in(
            "inlet",
            StreamType.LIQUID,
            options.get("flow").equals("demand") ? FlowRole.DEFINES : FlowRole.FOLLOWS,
            "liquid taken"));
  }

  @Override
  public void expand(UnitContext u) {
    if (u.option("flow").equals("demand")) {
      u.input("demand", "m^3/h", "0", "{max_demand}", "{initial_demand}", false, null, null);
      u.flow(
          "inlet",
          "{demand} * clamp({inlet.pressure} / ({density} * " + G + " * {outlet_level}), 0, 1)");
    }
  }
}
