package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.FRACTION;
import static dev.otlab.process.ModelParameters.Constraint.NON_NEGATIVE;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.G;
import static dev.otlab.process.units.Shapes.p;

import dev.otlab.process.units.UnitKind.UnitOption;
import java.util.List;
import java.util.Map;

/**
 * An open tank of any cross-section ({@code tank}). The level is the state; dh/dt = (inflow -
 * outflow - spill) / A(h), with A(h) from the shape, so the same equation serves a vertical
 * cylinder (A constant), a horizontal cylinder, a sphere or an area given as an expression of the
 * level. At the rim the tank spills what it cannot hold (like the built-in models).
 *
 * <p>The outlet is either {@code drawn} (a pump or valve downstream sets the flow; the outlet
 * offers the hydrostatic pressure density·g·h, which a valve's Kv or a pump's suction uses) or
 * {@code gravity}: a free orifice, Torricelli's Cd·a·√(2gh), linear below {@code laminar_level} so
 * that the flow has a finite slope at an empty tank (as DrainingTankModel does).
 *
 * <p>Contents: with {@code track} the tank is perfectly mixed and integrates the concentration of
 * the dissolved component, V·dc/dt = solute_in - Q_in·c - k·V·c (first-order decay at {@code
 * decay}, like chlorine) and its temperature, V·dT/dt = Q_in·(T_in - T). The mixing volume is held
 * at least at {@code mixing_level} so that an empty tank does not divide by zero (the
 * water-treatment model's max(h, outlet_level)). Untracked, the outlet carries the inlet's
 * concentration and temperature unchanged, with no states.
 */
public final class TankUnit implements UnitKind {

  @Override
  public String kind() {
    return "tank";
  }

  @Override
  public String description() {
    return "An open tank of any cross-section, filled through its inlet, emptied by a pump or valve"
        + " downstream or by gravity through an orifice, spilling at its rim.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("area", 1, POSITIVE, "m^2", "cross-section (vertical cylinder)"),
        p("diameter", 2, POSITIVE, "m", "diameter (horizontal cylinder, sphere; also its rim)"),
        p("length", 4, POSITIVE, "m", "length (horizontal cylinder)"),
        p("height", 2, POSITIVE, "m", "overflow height (vertical cylinder, custom shape)"),
        p("initial_level", 1, NON_NEGATIVE, "m", "level at t = 0"),
        p("orifice_area", 1e-3, POSITIVE, "m^2", "outlet orifice area (gravity outlet)"),
        p("discharge_coefficient", 0.61, FRACTION, "", "orifice discharge coefficient Cd"),
        p("laminar_level", 1e-4, POSITIVE, "m", "level below which gravity outflow is linear"),
        p("density", 1000, POSITIVE, "kg/m^3", "liquid density"),
        p("decay", 0, NON_NEGATIVE, "1/s", "first-order decay rate of the dissolved component"),
        p("mixing_level", 0.02, POSITIVE, "m", "smallest level counted as mixing volume"),
        p("initial_concentration", 0, NON_NEGATIVE, "mg/L", "concentration at t = 0"),
        p("initial_temperature", 293.15, POSITIVE, "K", "temperature at t = 0"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of(
        new UnitOption("shape", Shapes.VERTICAL, Shapes.ALL, "the cross-section"),
        new UnitOption("outlet", "drawn", List.of("drawn", "gravity"), "who sets the outflow"),
        new UnitOption(
            "track",
            "both",
            List.of("both", "concentration", "temperature", "none"),
            "which contents the tank integrates"),
        new UnitOption("area", "", List.of(), "custom shape: the area as an expression of level"),
        new UnitOption(
            "volume", "", List.of(), "custom shape: the volume as an expression of level"));
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in("inlet", StreamType.LIQUID, FlowRole.FOLLOWS, "liquid in").asOptional(),
        Port.out(
                "outlet",
                StreamType.LIQUID,
                options.get("outlet").equals("gravity") ? FlowRole.DEFINES : FlowRole.FOLLOWS,
                "liquid out")
            .asOptional());
  }

  @Override
  public void expand(UnitContext u) {
    String shape = u.option("shape");
    String track = u.option("track");
    String rim = Shapes.rim(shape);
    u.algebraic(
        "overflow", "m^3/h", "if({level} >= " + rim + ", pos({inlet.flow} - {outlet.flow}), 0)");
    u.report("overflow");
    u.state(
        "level",
        "m",
        "{initial_level}",
        "({inlet.flow} - {outlet.flow} - {overflow}) / " + Shapes.area(u, shape, "{level}"),
        "0",
        rim);
    if (u.option("outlet").equals("gravity")) {
      u.flow(
          "outlet",
          "if({level} <= 0, 0, if({level} >= {laminar_level},"
              + " {discharge_coefficient} * {orifice_area} * sqrt(2 * "
              + G
              + " * {level}),"
              + " {discharge_coefficient} * {orifice_area} * sqrt(2 * "
              + G
              + " * {laminar_level}) * {level} / {laminar_level}))");
    }
    boolean concentration = track.equals("both") || track.equals("concentration");
    boolean temperature = track.equals("both") || track.equals("temperature");
    if (concentration || temperature) {
      u.algebraic("mixing_volume", "m^3", Shapes.volume(u, shape, "max({level}, {mixing_level})"));
    }
    String solute;
    if (concentration) {
      u.state(
          "concentration",
          "mg/L",
          "{initial_concentration}",
          "({inlet.solute} - {inlet.flow} * {concentration}) / {mixing_volume}"
              + " - {decay} * {concentration}",
          "0",
          null);
      solute = "{outlet.flow} * {concentration}";
    } else {
      solute =
          u.connected("inlet")
              ? "if({inlet.flow} > 0, {outlet.flow} * {inlet.solute} / {inlet.flow}, 0)"
              : "0[g/h]";
    }
    String temp;
    if (temperature) {
      u.state(
          "temperature",
          "K",
          "{initial_temperature}",
          "{inlet.flow} * ({inlet.temp} - {temperature}) / {mixing_volume}",
          null,
          null);
      temp = "{temperature}";
    } else {
      temp = u.connected("inlet") ? "{inlet.temp}" : "{initial_temperature}";
    }
    u.outlet("outlet", temp, solute, "{density} * " + G + " * {level}");
  }
}
