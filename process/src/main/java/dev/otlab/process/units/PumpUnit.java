package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.FRACTION;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.G;
import static dev.otlab.process.units.Shapes.p;

import dev.otlab.process.SafetyLimit;
import java.util.List;
import java.util.Map;

/**
 * A pump ({@code pump}) switched by the PLC ({@code on}, 0/1) that spins up and down with a
 * first-order lag ({@code speed}).
 *
 * <p>Curve: a {@code centrifugal} pump follows the quadratic head curve H = s²·H0 - k·Q² through
 * its shut-off head H0 and rated point (Q_r, H_r), scaled by the affinity laws at speed s, and
 * delivers where it meets the system: Q = Q_r·√(pos(s²·H0 - (H_dis - h_s)) / (H0 - H_r)), with the
 * static head {@code discharge_head} H_dis against it and the suction head h_s (inlet pressure /
 * density·g) helping. A {@code displacement} pump delivers Q_r·s whatever the head, the
 * water-treatment model's transfer pump.
 *
 * <p>Suction loss: as the suction head falls below {@code suction_level} the pump draws air and its
 * flow falls linearly to zero with the head (the water-treatment model's suction failure); the flag
 * {@code dry_run} is set while the pump is commanded on with less than {@code dry_run_level} of
 * suction head, and an event watches it.
 */
public final class PumpUnit implements UnitKind {

  @Override
  public String kind() {
    return "pump";
  }

  @Override
  public String description() {
    return "A centrifugal (quadratic head curve) or displacement pump with spin-up lag, suction"
        + " loss as the suction level falls, and a dry-run flag.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("rated_flow", 30, POSITIVE, "m^3/h", "flow at the rated point (full speed)"),
        p("rated_head", 20, POSITIVE, "m", "head at the rated flow (centrifugal)"),
        p("shutoff_head", 30, POSITIVE, "m", "head at zero flow (centrifugal)"),
        p("discharge_head", "{rated_head}", POSITIVE, "m", "static head the pump works against"),
        p("suction_level", 0.05, POSITIVE, "m", "suction head where suction starts to fail"),
        p("dry_run_level", 0.1, POSITIVE, "m", "suction head below which running is dry"),
        p("density", 1000, POSITIVE, "kg/m^3", "liquid density"),
        p("time_constant", 2, POSITIVE, "s", "spin-up lag"),
        p("initial_on", 1, FRACTION, "", "command at t = 0 (0 or 1)"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of(
        new UnitOption(
            "type", "centrifugal", List.of("centrifugal", "displacement"), "the pump's curve"));
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in("inlet", StreamType.LIQUID, FlowRole.DEFINES, "suction"),
        Port.out("outlet", StreamType.LIQUID, FlowRole.DEFINES, "discharge"));
  }

  @Override
  public void expand(UnitContext u) {
    u.input("on", "", "0", "1", "{initial_on}", true, "{time_constant}", "speed");
    u.algebraic("suction_head", "m", "{inlet.pressure} / ({density} * " + G + ")");
    String speed = "clamp({speed}, 0, 1)";
    String suction = "clamp({suction_head} / {suction_level}, 0, 1)";
    String head;
    if (u.option("type").equals("displacement")) {
      u.algebraic("flow", "m^3/h", "{rated_flow} * " + speed + " * " + suction);
      head = "{discharge_head}";
    } else {
      u.algebraic(
          "flow",
          "m^3/h",
          "{rated_flow} * sqrt(pos("
              + speed
              + "^2 * {shutoff_head} - ({discharge_head} - {suction_head}))"
              + " / ({shutoff_head} - {rated_head})) * "
              + suction);
      head =
          "{suction_head} + pos("
              + speed
              + "^2 * {shutoff_head}"
              + " - ({shutoff_head} - {rated_head}) * ({flow} / {rated_flow})^2)";
    }
    u.flow("inlet", "{flow}");
    u.flow("outlet", "{flow}");
    u.algebraic("dry_run", "", "{on} >= 0.5 && {suction_head} < {dry_run_level}");
    u.report("dry_run");
    u.event("dry_run", SafetyLimit.Direction.HIGH, 0.5, "pump runs dry");
    u.outlet("outlet", "{inlet.temp}", "{inlet.solute}", "{density} * " + G + " * (" + head + ")");
  }
}
