package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.FRACTION;
import static dev.otlab.process.ModelParameters.Constraint.NON_NEGATIVE;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.p;

import dev.otlab.process.units.UnitKind.UnitOption;
import java.util.List;
import java.util.Map;

/**
 * A boiler steam drum ({@code drum}) with its evaporator, as one lumped volume of saturated water
 * and steam. States: the water level h and the saturation temperature T. Mass: ρ·A(h)·dh/dt =
 * feedwater - steam. Energy, with the water and the drum's metal at T: (M·c_w + C_metal)·dT/dt = Q
 * - steam·h_fg - feedwater·c_w·(T - T_fw), where Q is the heat from the {@code heat} port (a
 * burner) and M = ρ·V(h). The pressure is the saturation pressure at T by Clausius-Clapeyron
 * through a reference point: p = p_ref·e^((h_fg/R)(1/T_ref - 1/T)), R = 461.5 J/(kg K) for water
 * vapour. Steam leaves through the consumers' valve {@code steam_valve} (0..1) in critical flow,
 * proportional to the drum pressure (Napier's rule): steam = rated_steam_flow·x·p/p_ref.
 *
 * <p>Why lumped: it is the simplest model with the behaviour the controls and the attacks need
 * (level falls and pressure rises when the feedwater stops, pressure falls when the demand rises or
 * the flame fails) and parameters a plant engineer knows. Shrink and swell (the level's inverse
 * response to a steam step) is left out; it needs the steam volume under the level, a second-order
 * refinement. The pressure is absolute.
 */
public final class DrumUnit implements UnitKind {

  private static final String R_STEAM = "461.5[J/(kg K)]";

  @Override
  public String kind() {
    return "drum";
  }

  @Override
  public String description() {
    return "A boiler drum: water inventory and saturation pressure from a lumped energy balance,"
        + " steam leaving through a valve in critical flow.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("diameter", 1.5, POSITIVE, "m", "drum diameter (horizontal cylinder, sphere)"),
        p("length", 6, POSITIVE, "m", "drum length (horizontal cylinder)"),
        p("area", 2, POSITIVE, "m^2", "cross-section (vertical cylinder)"),
        p("height", 3, POSITIVE, "m", "height (vertical cylinder)"),
        p("initial_level", 0.75, NON_NEGATIVE, "m", "water level at t = 0"),
        p("initial_pressure", 10, POSITIVE, "bar", "pressure at t = 0 (absolute)"),
        p("water_density", 890, POSITIVE, "kg/m^3", "density of the boiling water"),
        p("water_heat_capacity", 4400, POSITIVE, "J/(kg K)", "heat capacity of the water"),
        p("latent_heat", 2.0e6, POSITIVE, "J/kg", "heat of evaporation h_fg"),
        p("metal_heat_capacity", 5e6, NON_NEGATIVE, "J/K", "heat capacity of drum and tubes"),
        p("reference_pressure", 10, POSITIVE, "bar", "saturation pressure at the reference T"),
        p("reference_temperature", 453.03, POSITIVE, "K", "saturation temperature at p_ref"),
        p("rated_steam_flow", 5, POSITIVE, "kg/s", "steam flow, valve open, at p_ref"),
        p("initial_steam_valve", 0.5, FRACTION, "", "steam valve at t = 0"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of(
        new UnitOption(
            "shape",
            Shapes.HORIZONTAL,
            List.of(Shapes.HORIZONTAL, Shapes.VERTICAL, Shapes.SPHERE),
            "the drum's cross-section"));
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in("feed", StreamType.LIQUID, FlowRole.FOLLOWS, "feedwater"),
        Port.in("heat", StreamType.HEAT, FlowRole.FOLLOWS, "heat input (from a burner)"));
  }

  @Override
  public void expand(UnitContext u) {
    String shape = u.option("shape");
    u.input("steam_valve", "", "0", "1", "{initial_steam_valve}", false, null, null);
    u.algebraic(
        "pressure",
        "bar",
        "{reference_pressure} * exp({latent_heat} / "
            + R_STEAM
            + " * (1 / {reference_temperature} - 1 / {temperature}))");
    u.algebraic(
        "steam_flow",
        "kg/s",
        "{rated_steam_flow} * clamp({steam_valve}, 0, 1) * {pressure} / {reference_pressure}");
    u.algebraic("feed_mass_flow", "kg/s", "{water_density} * {feed.flow}");
    u.algebraic("water_mass", "kg", "{water_density} * " + Shapes.volume(u, shape, "{level}"));
    u.state(
        "level",
        "m",
        "{initial_level}",
        "({feed_mass_flow} - {steam_flow}) / ({water_density} * "
            + Shapes.area(u, shape, "{level}")
            + ")",
        "0",
        Shapes.rim(shape));
    u.state(
        "temperature",
        "K",
        "1 / (1 / {reference_temperature} - "
            + R_STEAM
            + " * ln({initial_pressure} / {reference_pressure}) / {latent_heat})",
        "({heat.flow} - {steam_flow} * {latent_heat}"
            + " - {feed_mass_flow} * {water_heat_capacity} * ({temperature} - {feed.temp}))"
            + " / ({water_mass} * {water_heat_capacity} + {metal_heat_capacity})",
        null,
        null);
    u.report("pressure");
    u.report("steam_flow");
    u.report("feed_mass_flow");
  }
}
