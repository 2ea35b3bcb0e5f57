package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.FRACTION;
import static dev.otlab.process.units.Shapes.p;

import java.util.List;
import java.util.Map;

/**
 * A splitter ({@code splitter}): one stream divided into two at a fraction the PLC may write
 * ({@code fraction} to {@code outlet1}, the rest to {@code outlet2}; a diverter valve without lag).
 * Both outlets carry the inlet's temperature, pressure and concentration, so the solute splits like
 * the flow.
 */
public final class SplitterUnit implements UnitKind {

  @Override
  public String kind() {
    return "splitter";
  }

  @Override
  public String description() {
    return "Divides a stream into two at a fraction that is an input.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(p("initial_fraction", 0.5, FRACTION, "", "fraction to outlet1 at t = 0"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of();
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in("inlet", StreamType.LIQUID, FlowRole.FOLLOWS, "liquid in"),
        Port.out("outlet1", StreamType.LIQUID, FlowRole.DEFINES, "the fraction"),
        Port.out("outlet2", StreamType.LIQUID, FlowRole.DEFINES, "the rest"));
  }

  @Override
  public void expand(UnitContext u) {
    u.input("fraction", "", "0", "1", "{initial_fraction}", false, null, null);
    u.flow("outlet1", "{fraction} * {inlet.flow}");
    u.flow("outlet2", "(1 - {fraction}) * {inlet.flow}");
    u.outlet("outlet1", "{inlet.temp}", "{fraction} * {inlet.solute}", "{inlet.pressure}");
    u.outlet("outlet2", "{inlet.temp}", "(1 - {fraction}) * {inlet.solute}", "{inlet.pressure}");
  }
}
