package dev.otlab.process.units;

import static dev.otlab.process.ModelParameters.Constraint.NON_NEGATIVE;
import static dev.otlab.process.ModelParameters.Constraint.POSITIVE;
import static dev.otlab.process.units.Shapes.p;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pipe with transport delay ({@code pipe}). Its flow is the flow of the stream on its other side
 * (liquid is incompressible); what it delays is what the liquid carries: temperature and the
 * dissolved component.
 *
 * <p>Plug flow is approximated by {@code stages} = N perfectly mixed cells in series, each of
 * volume V/N: dT_i/dt = (N·Q/V)·(T_{i-1} - T_i). The delay follows the flow as a real pipe's does
 * (mean delay V/Q exactly, for any N), stops when the flow stops, and a step comes out as an Erlang
 * curve whose spread shrinks as 1/√N. The integrator has no delay states (Commons Math integrates
 * ODEs, and an exact delay would need the history of the inlet at a time that moves with the flow),
 * so N lags are the sound choice; N is a structural option because it fixes the number of states.
 * The component may decay on the way at {@code decay}, as in a tank.
 */
public final class PipeUnit implements UnitKind {

  @Override
  public String kind() {
    return "pipe";
  }

  @Override
  public String description() {
    return "A pipe whose temperature and concentration lag by its residence time V/Q, as N mixed"
        + " cells in series.";
  }

  @Override
  public List<UnitParameter> parameters() {
    return List.of(
        p("volume", 1, POSITIVE, "m^3", "internal volume V (delay V/Q)"),
        p("decay", 0, NON_NEGATIVE, "1/s", "first-order decay rate of the dissolved component"),
        p("initial_temperature", 293.15, POSITIVE, "K", "temperature in the pipe at t = 0"),
        p("initial_concentration", 0, NON_NEGATIVE, "mg/L", "concentration at t = 0"));
  }

  @Override
  public List<UnitOption> options() {
    return List.of(
        new UnitOption("stages", "10", List.of(), "number of mixed cells N (1 to 100)"),
        new UnitOption(
            "track",
            "both",
            List.of("both", "concentration", "temperature", "none"),
            "which contents are delayed"));
  }

  @Override
  public List<Port> ports(Map<String, String> options) {
    return List.of(
        Port.in("inlet", StreamType.LIQUID, FlowRole.PASSES, "liquid in").passing("outlet"),
        Port.out("outlet", StreamType.LIQUID, FlowRole.PASSES, "liquid out").passing("inlet"));
  }

  /** A whole number written as text ("10" or, from YAML's number, "10.0"), or -1. */
  static int whole(String text) {
    try {
      double d = Double.parseDouble(text.trim());
      return d == Math.rint(d) && Math.abs(d) < 1000 ? (int) d : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static int count(UnitContext u, String option, int min, int max) {
    String text = u.option(option);
    int n = whole(text);
    if (n < min || n > max) {
      throw UnitPlant.invalid(
          "Option '" + option + "' of unit '" + u.id() + "' is '" + text + "'.",
          "Give a whole number from " + min + " to " + max + ".");
    }
    return n;
  }

  @Override
  public void expand(UnitContext u) {
    int n = count(u, "stages", 1, 100);
    String track = u.option("track");
    String rate = n + " * {inlet.flow} / {volume}";
    String temp = "{inlet.temp}";
    if (track.equals("both") || track.equals("temperature")) {
      for (int i = 1; i <= n; i++) {
        String previous = i == 1 ? "{inlet.temp}" : "{temp_" + (i - 1) + "}";
        u.state(
            "temp_" + i,
            "K",
            "{initial_temperature}",
            rate + " * (" + previous + " - {temp_" + i + "})",
            null,
            null);
      }
      temp = "{temp_" + n + "}";
    }
    String solute = "{inlet.solute}";
    if (track.equals("both") || track.equals("concentration")) {
      List<String> cells = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        cells.add("{conc_" + i + "}");
      }
      for (int i = 1; i <= n; i++) {
        // The first cell takes the solute's mass flow, so no division by a flow that may be 0.
        String in =
            i == 1
                ? n + " / {volume} * ({inlet.solute} - {inlet.flow} * {conc_1})"
                : rate + " * (" + cells.get(i - 2) + " - " + cells.get(i - 1) + ")";
        u.state(
            "conc_" + i,
            "mg/L",
            "{initial_concentration}",
            in + " - {decay} * " + cells.get(i - 1),
            "0",
            null);
      }
      solute = "{outlet.flow} * " + cells.get(n - 1);
    }
    u.outlet("outlet", temp, solute, "{inlet.pressure}");
  }
}
