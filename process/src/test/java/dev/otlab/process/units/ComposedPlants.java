package dev.otlab.process.units;

import dev.otlab.process.SafetyLimit.Direction;
import dev.otlab.process.declared.ProcessModelSpec.Event;
import dev.otlab.process.units.UnitPlant.Stream;
import dev.otlab.process.units.UnitPlant.UnitInstance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plants composed from units, as a plant file's {@code process: units:} would write them. */
final class ComposedPlants {

  private ComposedPlants() {}

  /** Parameters or options from name, value pairs. */
  static Map<String, String> with(Object... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], String.valueOf(pairs[i + 1]));
    }
    return out;
  }

  static UnitInstance unit(String id, String kind, Map<String, String> parameters) {
    return new UnitInstance(id, kind, parameters, Map.of());
  }

  static UnitInstance unit(
      String id, String kind, Map<String, String> parameters, Map<String, String> options) {
    return new UnitInstance(id, kind, parameters, options);
  }

  static Stream stream(String id, String from, String to) {
    return new Stream(id, from, to);
  }

  /**
   * WaterTreatmentModel composed: supply, inflow valve MV-101, raw tank T-101, transfer pump P-101
   * (displacement: the Java model's pump delivers its flow whatever the head), dosing P-205,
   * treated tank T-301 (chlorine tracked, decaying), consumers. The tags bind the Java model's tag
   * names; the parameters keep the units' names (t101_area for raw_area), since the Java model uses
   * pump_flow both as a parameter and as a tag, which one namespace cannot hold.
   */
  static UnitPlant waterTreatment() {
    return new UnitPlant(
        "water-treatment-units",
        "A SWaT-like water treatment stage composed from units",
        List.of(
            unit(
                "p101",
                "pump",
                with(
                    "rated_flow", 30,
                    "time_constant", 2,
                    "suction_level", 0.05,
                    "dry_run_level", 0.1,
                    "initial_on", 1),
                with("type", "displacement")),
            unit(
                "t101",
                "tank",
                with("area", 5, "height", 4, "initial_level", 2),
                with("track", "none")),
            unit(
                "t301",
                "tank",
                with(
                    "area",
                    5,
                    "height",
                    4,
                    "initial_level",
                    2,
                    "decay",
                    1e-5,
                    "mixing_level",
                    0.02,
                    "initial_concentration",
                    1.5),
                with("track", "concentration")),
            unit("supply", "source", with()),
            unit(
                "mv101",
                "valve",
                with(
                    "max_flow", 36,
                    "time_constant", 5,
                    "initial_command", "min(1, p101_rated_flow / {max_flow})")),
            unit(
                "d205",
                "dosing",
                with(
                    "max_rate",
                    150,
                    "initial_rate",
                    "t301_initial_concentration * (p101_rated_flow * if(p101_initial_on >= 0.5,"
                        + " 1, 0) + t301_decay * t301_area * t301_initial_level)")),
            unit(
                "consumers",
                "sink",
                with(
                    "max_demand",
                    100,
                    "outlet_level",
                    0.02,
                    "initial_demand",
                    "p101_rated_flow * if(p101_initial_on >= 0.5, 1, 0)"),
                with("flow", "demand"))),
        List.of(
            stream("mains", "supply", "mv101"),
            stream("raw_in", "mv101", "t101"),
            stream("suction", "t101", "p101"),
            stream("transfer", "p101", "d205"),
            stream("dosed", "d205", "t301"),
            stream("delivery", "t301", "consumers")),
        Map.ofEntries(
            Map.entry("raw_level", "t101_level"),
            Map.entry("treated_level", "t301_level"),
            Map.entry("chlorine", "t301_concentration"),
            Map.entry("valve_position", "mv101_position"),
            Map.entry("pump_speed", "p101_speed"),
            Map.entry("inflow_valve", "mv101_command"),
            Map.entry("pump_on", "p101_on"),
            Map.entry("dosing_rate", "d205_rate"),
            Map.entry("demand", "consumers_demand"),
            Map.entry("inflow", "raw_in_flow"),
            Map.entry("pump_flow", "transfer_flow"),
            Map.entry("outflow", "delivery_flow"),
            Map.entry("raw_overflow", "t101_overflow"),
            Map.entry("treated_overflow", "t301_overflow"),
            Map.entry("dry_run", "p101_dry_run")),
        List.of(),
        List.of(
            new Event("raw_level", Direction.HIGH, 3.8, "raw tank overflow"),
            new Event("treated_level", Direction.LOW, 0.3, "treated tank runs dry"),
            new Event("chlorine", Direction.HIGH, 4, "chlorine overdose")));
  }
}
