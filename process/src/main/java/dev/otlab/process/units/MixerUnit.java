package dev.otlab.process.units;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mixer ({@code mixer}): a junction where {@code inlets} streams meet. Mass and component balance
 * without holdup: the outflow is the sum of the inflows, the solute flows add, the temperature is
 * the flow-weighted mean (equal heat capacities), the pressure the lowest inlet's. With no flow at
 * all the temperature is the plain mean, so it stays defined.
 */
public final class MixerUnit implements UnitKind {

  @Override
  public String kind() {
    return "mixer";
  }

  @Override
  public String description() {
    return "A junction: outflow the sum of the inflows, flow-weighted temperature, solutes added.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of();
  }

  @Override
  public List<UnitOption> options() {
    return List.of(new UnitOption("inlets", "2", List.of(), "number of inlets (2 to 6)"));
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    // An invalid count is reported by expand; the ports of the default stand in until then.
    int n = Math.max(2, Math.min(6, PipeUnit.whole(options.get("inlets"))));
    List<Port> ports = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ports.add(Port.in("inlet" + i, StreamType.LIQUID, FlowRole.FOLLOWS, "liquid in"));
    }
    ports.add(Port.out("outlet", StreamType.LIQUID, FlowRole.DEFINES, "mixed liquid out"));
    return ports;
  }

  @Override
  public void expand(UnitContext u) {
    int n = PipeUnit.count(u, "inlets", 2, 6);
    List<String> flows = new ArrayList<>();
    List<String> heat = new ArrayList<>();
    List<String> temps = new ArrayList<>();
    List<String> solutes = new ArrayList<>();
    List<String> pressures = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String p = "{inlet" + i;
      flows.add(p + ".flow}");
      heat.add(p + ".flow} * " + p + ".temp}");
      temps.add(p + ".temp}");
      solutes.add(p + ".solute}");
      pressures.add(p + ".pressure}");
    }
    u.algebraic("flow", "m^3/h", String.join(" + ", flows));
    u.flow("outlet", "{flow}");
    u.outlet(
        "outlet",
        "if({flow} > 0, ("
            + String.join(" + ", heat)
            + ") / {flow}, ("
            + String.join(" + ", temps)
            + ") / "
            + n
            + ")",
        String.join(" + ", solutes),
        "min(" + String.join(", ", pressures) + ")");
  }
}
