package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.FINITE;
import static dev.otlab.process.ModelParameters.Constraint.NON_NEGATIVE;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.p;

import java.util.List;
import java.util.Map;

/**
 * Where liquid enters the plant ({@code source}): a supply at a fixed pressure, temperature and
 * concentration. By default it delivers whatever the valve or pump downstream passes ({@code flow:
 * follows}, a mains supply); with {@code flow: set} the flow is an input (a disturbance such as a
 * river's inflow).
 */
public final class SourceUnit implements UnitKind {

  @Override
  public String kind() {
    return "source";
  }

  @Override
  public String description() {
    return "A liquid supply at fixed pressure, temperature and concentration; the flow is set"
        + " downstream or by an input.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("pressure", 0, FINITE, "bar", "supply pressure (gauge)"),
        p("temperature", 293.15, POSITIVE, "K", "supply temperature"),
        p("concentration", 0, NON_NEGATIVE, "mg/L", "concentration of the dissolved component"),
        p("max_flow", 100, POSITIVE, "m^3/h", "largest flow accepted (flow: set)"),
        p("initial_flow", 0, NON_NEGATIVE, "m^3/h", "flow at t = 0 (flow: set)"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of(
        new UnitOption(
            "flow", "follows", List.of("follows", "set"), "who sets the flow it delivers"));
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.out(
            "outlet",
            StreamType.LIQUID,
            options.get("flow").equals("set") ? FlowRole.DEFINES : FlowRole.FOLLOWS,
            "liquid supplied"));
  }

  @Override
  public void expand(UnitContext u) {
    if (u.option("flow").equals("set")) {
      u.input("flow", "m^3/h", "0", "{max_flow}", "{initial_flow}", false, null, null);
      u.flow("outlet", "{flow}");
    }
    u.outlet("outlet", "{temperature}", "{outlet.flow} * {concentration}", "{pressure}");
  }
}
