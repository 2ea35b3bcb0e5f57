package dev.otlab.cli;

import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.Limits;
import dev.otlab.simulator.plant.OverrideSpec;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plant.TagSpec;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.Table;

/**
 * The tag dictionary and register maps of a plant as text, for {@code otlab plant NAME --describe}:
 * what a trainee needs beside mbpoll or an OPC UA browser.
 */
final class PlantDescription {

  private PlantDescription() {}

  static String of(PlantSpec p) {
    StringBuilder sb = new StringBuilder();
    sb.append(p.title())
        .append(" (")
        .append(p.id())
        .append(")\n")
        .append(p.description())
        .append("\n\n");
    sb.append("TAG DICTIONARY\n");
    sb.append(
        String.format(
            "%-20s %-9s %-15s %-15s %-15s %s%n",
            "tag", "unit", "normal", "alarm", "trip", "description"));
    for (TagSpec t : p.tags()) {
      sb.append(
          String.format(
              "%-20s %-9s %-15s %-15s %-15s %s%n",
              t.name(),
              t.unit(),
              range(t.normal()),
              range(t.alarm()),
              range(t.trip()),
              t.description()));
      if (!t.hazard().isEmpty()) {
        sb.append(String.format("%-20s hazard: %s%n", "", t.hazard()));
      }
      if (!t.attack().isEmpty()) {
        sb.append(String.format("%-20s attack: %s%n", "", t.attack()));
      }
    }
    for (ControllerSpec c : p.controllers()) {
      sb.append("\n")
          .append(c.kind().name())
          .append(' ')
          .append(c.id())
          .append(" (unit ")
          .append(c.unitId())
          .append(", scan ")
          .append(Math.round(c.scanSeconds() * 1000))
          .append(" ms): ")
          .append(c.description())
          .append('\n');
      sb.append(
          String.format(
              "  %-16s %-8s %-7s %-8s %-6s %-17s %-5s %s%n",
              "table", "address", "mbpoll", "type", "scale", "range", "rw", "tag / wiring"));
      for (PointBinding b : c.points()) {
        PointSpec s = b.point();
        String wiring =
            b.input() != null ? " <- " + b.input() : b.output() != null ? " -> " + b.output() : "";
        sb.append(
            String.format(
                "  %-16s %-8d %-7s %-8s %-6s %-17s %-5s %s%s  %s%n",
                s.table().yamlName(),
                s.address(),
                mbpoll(s),
                s.type().yamlName(),
                s.type() == DataType.INT16 || s.type() == DataType.UINT16 ? fmt(s.scale()) : "",
                s.type() == DataType.BOOL
                    ? ""
                    : "[" + fmt(s.min()) + ", " + fmt(s.max()) + "] " + s.unit(),
                s.writable() ? "rw" : "r",
                s.tag(),
                wiring,
                s.description()));
      }
      for (OverrideSpec o : c.overrides()) {
        sb.append("  while ")
            .append(o.when())
            .append(" is set, the SIS forces ")
            .append(o.output())
            .append(" = ")
            .append(fmt(o.value()))
            .append('\n');
      }
      // What a defender's safe-state response does to it (see the plant file's safe: and stop:).
      sb.append("  safe state: loops in manual")
          .append(
              c.safe().isEmpty()
                  ? " holding their outputs"
                  : c.safe().entrySet().stream()
                      .map(e -> e.getKey() + " = " + fmt(e.getValue()))
                      .collect(java.util.stream.Collectors.joining(", ", ", ", "")))
          .append("; stop ")
          .append(c.stopTolerated() ? "tolerated" : "refused")
          .append('\n');
    }
    return sb.toString();
  }

  /** mbpoll's one-based reference and table type for the point, e.g. {@code -t 3 -r 1}. */
  private static String mbpoll(PointSpec s) {
    String t =
        s.table() == Table.COIL
            ? "0"
            : s.table() == Table.DISCRETE_INPUT
                ? "1"
                : s.table() == Table.INPUT_REGISTER ? "3" : "4";
    return t + ":" + (s.address() + 1);
  }

  private static String range(Limits l) {
    if (l.isEmpty()) {
      return "";
    }
    return (l.low() == null ? "" : fmt(l.low())) + ".." + (l.high() == null ? "" : fmt(l.high()));
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : Double.toString(d);
  }
}
