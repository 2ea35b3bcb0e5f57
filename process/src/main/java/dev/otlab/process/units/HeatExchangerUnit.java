package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.NON_NEGATIVE;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.p;

import java.util.List;
import java.util.Map;

/**
 * A counter-current heat exchanger ({@code heat-exchanger}) by the NTU-effectiveness method: C =
 * ρ·cp·Q per side, NTU = UA / C_min, C_r = C_min / C_max, ε = (1 - e^(-NTU(1-C_r))) / (1 -
 * C_r·e^(-NTU(1-C_r))) (NTU / (1 + NTU) when C_r = 1), duty = ε·C_min·(T_hot,in - T_cold,in).
 *
 * <p>Why algebraic: an exchanger's residence time is seconds against the minutes of the tanks and
 * reactors around it, so its steady state is exact enough, costs no states, and has the closed form
 * the tests check. Both sides pass their flow through (each side's flow is set upstream or
 * downstream); a side with no flow exchanges nothing. {@code duty} (kW) is reported.
 */
public final class HeatExchangerUnit implements UnitKind {

  @Override
  public String kind() {
    return "heat-exchanger";
  }

  @Override
  public String description() {
    return "A counter-current heat exchanger, NTU-effectiveness (no holdup).";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("ua", 5000, NON_NEGATIVE, "W/K", "overall heat transfer coefficient times area"),
        p("hot_density", 1000, POSITIVE, "kg/m^3", "hot side density"),
        p("hot_heat_capacity", 4180, POSITIVE, "J/(kg K)", "hot side heat capacity"),
        p("cold_density", 1000, POSITIVE, "kg/m^3", "cold side density"),
        p("cold_heat_capacity", 4180, POSITIVE, "J/(kg K)", "cold side heat capacity"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of();
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in("hot_in", StreamType.LIQUID, FlowRole.PASSES, "hot side in").passing("hot_out"),
        Port.out("hot_out", StreamType.LIQUID, FlowRole.PASSES, "hot side out").passing("hot_in"),
        Port.in("cold_in", StreamType.LIQUID, FlowRole.PASSES, "cold side in").passing("cold_out"),
        Port.out("cold_out", StreamType.LIQUID, FlowRole.PASSES, "cold side out")
            .passing("cold_in"));
  }

  @Override
  public void expand(UnitContext u) {
    u.algebraic("c_hot", "W/K", "{hot_density} * {hot_heat_capacity} * {hot_in.flow}");
    u.algebraic("c_cold", "W/K", "{cold_density} * {cold_heat_capacity} * {cold_in.flow}");
    u.algebraic("c_min", "W/K", "min({c_hot}, {c_cold})");
    u.algebraic("c_ratio", "", "if({c_min} > 0, {c_min} / max({c_hot}, {c_cold}), 0)");
    u.algebraic("ntu", "", "if({c_min} > 0, {ua} / {c_min}, 0)");
    u.algebraic(
        "effectiveness",
        "",
        "if(abs(1 - {c_ratio}) < 1e-9, {ntu} / (1 + {ntu}),"
            + " (1 - exp(-{ntu} * (1 - {c_ratio})))"
            + " / (1 - {c_ratio} * exp(-{ntu} * (1 - {c_ratio}))))");
    u.algebraic("duty", "kW", "{effectiveness} * {c_min} * ({hot_in.temp} - {cold_in.temp})");
    u.report("duty");
    u.outlet(
        "hot_out",
        "{hot_in.temp} - if({c_hot} > 0, {duty} / {c_hot}, 0)",
        "{hot_in.solute}",
        "{hot_in.pressure}");
    u.outlet(
        "cold_out",
        "{cold_in.temp} + if({c_cold} > 0, {duty} / {c_cold}, 0)",
        "{cold_in.solute}",
        "{cold_in.pressure}");
  }
}
