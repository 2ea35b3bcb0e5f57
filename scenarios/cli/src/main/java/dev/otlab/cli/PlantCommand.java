package dev.otlab.cli;

import dev.otlab.core.OtlabException;
import dev.otlab.library.Durations;
import dev.otlab.library.PlantLoader;
import dev.otlab.process.LimitCrossing;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantServers;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.ServerOptions;
import dev.otlab.simulator.plant.TagSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code otlab plant NAME}: runs one plant with its PLCs and SIS, standalone. */
@Command(
    name = "plant",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a plant with its PLCs and SIS and serves every controller over Modbus TCP and OPC UA.",
      "Without --duration it runs until Ctrl-C."
    })
public final class PlantCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      completionCandidates = LibraryPlants.class,
      description = "Library plant (${COMPLETION-CANDIDATES}) or a path to a plant .yaml file.")
  String name;

  /** The library's plants as the help lists them: read from the library, so a new plant shows. */
  static final class LibraryPlants implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return dev.otlab.library.Library.names("plants").iterator();
    }
  }

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      description = "Simulated run time: 90s, 15m, 2h, 1h30m. Default: until Ctrl-C.")
  String duration;

  @Option(
      names = "--speed",
      paramLabel = "S",
      defaultValue = "1",
      description = "1 (real time), a factor such as 10, or max. Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed for noise and disturbances. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--set",
      paramLabel = "TAG=VALUE",
      description =
          "Sets a setpoint, or forces an output (its controller goes to manual), at start. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description =
          "Writes one row per simulated second: time and every tag (true process values).")
  Path csv;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address the servers listen on. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(
      names = "--modbus-port",
      defaultValue = "5020",
      description =
          "Modbus TCP port of the first controller; the next ones count up. Default: ${DEFAULT-VALUE}.")
  int modbusPort;

  @Option(
      names = "--opcua-port",
      defaultValue = "4840",
      description =
          "OPC UA port of the first controller; the next ones count up. Default: ${DEFAULT-VALUE}.")
  int opcuaPort;

  @Option(
      names = "--opcua-user",
      paramLabel = "USER:PASSWORD",
      description =
          "OPC UA user account (repeatable). Default: operator:operator (a lab default, and weak on purpose).")
  List<String> users = new ArrayList<>();

  @Option(
      names = "--pki",
      paramLabel = "DIR",
      defaultValue = "${sys:user.home}/.otlab/pki",
      description = "Where OPC UA certificates are kept. Default: ${DEFAULT-VALUE}.")
  Path pki;

  @Option(names = "--no-servers", description = "Simulate only; serve no protocol.")
  boolean noServers;

  @Option(
      names = "--describe",
      description = "Prints the plant's tag dictionary and register maps, then exits.")
  boolean describe;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Speed s = Speed.parse(speed);
    double seconds = duration == null ? Double.NaN : Durations.seconds(duration, "--duration");
    if (duration == null && s.isMax()) {
      throw new OtlabException(
          "DURATION_INVALID", "--speed max needs --duration.", "Add e.g. --duration 2h.");
    }
    Map<String, Double> setValues = parseSets();
    Map<String, String> accounts = parseUsers();
    PlantSpec plantSpec = PlantLoader.load(name);
    if (describe) {
      out.print(PlantDescription.of(plantSpec));
      out.flush();
      return 0;
    }

    LabClock clock = new LabClock(seed, s);
    Plant plant = Plant.create(plantSpec, clock);
    for (var e : setValues.entrySet()) {
      String controller = plant.set(e.getKey(), e.getValue());
      out.printf("set %s=%s on %s%n", e.getKey(), e.getValue(), controller);
    }
    plant.schedule();
    plant.process().addListener(c -> out.println(describe(c)));

    PlantServers servers = null;
    PlantCsv writer = null;
    long wallStart = System.nanoTime();
    try {
      if (!noServers) {
        servers =
            new PlantServers(plant, new ServerOptions(bind, modbusPort, opcuaPort, accounts, pki));
        servers.start();
        out.println(servers.describe());
      }
      if (csv != null) {
        PlantCsv w = new PlantCsv(plant, csv);
        writer = w;
        clock.schedulePeriodic("csv", Phase.SENSORS, 1.0, 0, w::sample);
      }
      out.printf(
          "plant %s running at %s, seed %d%s%n",
          plantSpec.id(),
          s,
          seed,
          duration == null ? " (Ctrl-C to stop)" : " for " + duration + " simulated");
      out.flush();
      ClockRunner.run(clock, seconds);
    } finally {
      if (writer != null) {
        writer.close();
      }
      if (servers != null) {
        servers.stop();
      }
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    try {
      out.println(summary(plant, wall));
    } finally {
      plant.close();
    }
    return 0;
  }

  private Map<String, Double> parseSets() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new OtlabException(
            "SET_INVALID",
            "--set '" + s + "' is not TAG=VALUE.",
            "Write e.g. --set coolant_temp=290.");
      }
      String v = s.substring(eq + 1).trim();
      double d;
      if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on")) {
        d = 1;
      } else if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("off")) {
        d = 0;
      } else {
        try {
          d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new OtlabException(
              "SET_INVALID",
              "--set " + s + ": '" + v + "' is not a number.",
              "Give a number, or true/false for switches.");
        }
        if (!Double.isFinite(d)) {
          throw new OtlabException(
              "SET_INVALID", "--set " + s + ": the value is not finite.", "Give a finite number.");
        }
      }
      m.put(s.substring(0, eq).trim(), d);
    }
    return m;
  }

  private Map<String, String> parseUsers() {
    Map<String, String> m = new LinkedHashMap<>();
    if (users.isEmpty()) {
      m.put("operator", "operator");
    }
    for (String u : users) {
      int c = u.indexOf(':');
      if (c <= 0 || c == u.length() - 1) {
        throw new OtlabException(
            "USER_INVALID",
            "--opcua-user '" + u + "' is not USER:PASSWORD.",
            "Write e.g. --opcua-user alice:s3cret.");
      }
      m.put(u.substring(0, c), u.substring(c + 1));
    }
    return m;
  }

  private static String describe(LimitCrossing c) {
    return String.format(
        "t=%9.1f s  %s %s %s limit %s (%s)",
        c.time(),
        c.entered() ? "CROSSED" : "back inside",
        c.limit().tag(),
        c.limit().direction().name().toLowerCase(java.util.Locale.ROOT),
        c.limit().value(),
        c.limit().hazard());
  }

  private static String summary(Plant plant, double wall) {
    StringBuilder sb = new StringBuilder();
    double sim = plant.clock().now();
    sb.append(
        String.format(
            "simulated %.1f s in %.2f s wall (%.0f simulated s per wall s)%n",
            sim, wall, wall > 0 ? sim / wall : 0));
    Map<String, Double> v = plant.processValues();
    sb.append("final values:\n");
    for (TagSpec t : plant.spec().tags()) {
      Double d = v.get(t.name());
      if (d != null) {
        sb.append(String.format("  %-22s %12.4f %s%n", t.name(), d, t.unit()));
      }
    }
    long entered = plant.crossings().stream().filter(LimitCrossing::entered).count();
    sb.append("safety limit crossings: ").append(entered);
    return sb.toString();
  }
}
