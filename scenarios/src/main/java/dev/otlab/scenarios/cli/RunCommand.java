package dev.otlab.scenarios.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otlab.scenarios.arch.ArchitectureLoader;
import dev.otlab.scenarios.scenario.RunTrace;
import dev.otlab.scenarios.scenario.ScenarioLoader;
import dev.otlab.scenarios.scenario.ScenarioRun;
import dev.otlab.scenarios.scenario.ScenarioSpec;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.core.OtlabException;
import dev.otlab.simulator.network.ArchitectureSpec;
import dev.otlab.simulator.operations.OperationRecord;
import dev.otlab.simulator.process.LimitCrossing;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code otlab run SCENARIO --architecture FILE}: plays one attack scenario against a design. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Plays an attack scenario against an architecture with benign operations running, and prints the timeline.")
public final class RunCommand implements Callable<Integer> {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO",
      description = "Library scenario name or a path to a scenario .yaml file.")
  String scenario;

  @Option(
      names = "--architecture",
      required = true,
      paramLabel = "FILE",
      description = "Library architecture name or a path.")
  String architecture;

  @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--speed",
      defaultValue = "max",
      paramLabel = "S",
      description = "1, a factor such as 10, or max. Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(
      names = "--json",
      description = "Prints the whole run trace as JSON instead of the timeline.")
  boolean json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Writes the trace as files: steps, events, decisions, operations, crossings (JSON lines) and samples.csv.")
  Path out;

  @Option(
      names = "--pki",
      paramLabel = "DIR",
      defaultValue = "${sys:user.home}/.otlab/pki",
      description = "Where OPC UA certificates are kept. Default: ${DEFAULT-VALUE}.")
  Path pki;

  @Override
  public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    Speed s = Speed.parse(speed);
    ScenarioSpec sc = ScenarioLoader.load(scenario);
    ArchitectureSpec arch = ArchitectureLoader.load(architecture);
    if (!json) {
      w.printf(
          "scenario %s on %s, seed %d, %s simulated%n",
          sc.id(), arch.id(), seed, fmtTime(sc.durationSeconds()));
      w.flush();
    }
    RunTrace trace =
        new ScenarioRun(
                sc,
                arch,
                new ScenarioRun.Options(
                    seed,
                    s,
                    pki,
                    r -> {
                      if (!json) {
                        w.println(line(r));
                        w.flush();
                      }
                    }))
            .run();
    if (out != null) {
      write(trace, out);
    }
    if (json) {
      w.println(JSON.writeValueAsString(trace));
    } else {
      w.println(summary(trace));
    }
    w.flush();
    return 0;
  }

  static String line(RunTrace.StepRecord r) {
    String where =
        r.outcome() == RunTrace.Outcome.BLOCKED
            ? " at " + r.conduit() + (r.rule() == null ? " (default deny)" : " rule " + r.rule())
            : "";
    return String.format(
        "t=%9s  %-22s %-6s %-14s -> %-14s %-9s%s  %s",
        Double.isNaN(r.start()) ? "-" : String.format(Locale.ROOT, "%.1f s", r.start()),
        r.step(),
        r.technique(),
        r.fromHost(),
        r.target() == null ? "-" : r.target(),
        r.outcome(),
        where,
        r.detail());
  }

  static String summary(RunTrace t) {
    StringBuilder sb = new StringBuilder();
    for (LimitCrossing c : t.crossings()) {
      if (c.entered()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "t=%9.1f s  SAFETY LIMIT %s %s %s crossed (%s)%n",
                c.time(),
                c.limit().tag(),
                c.limit().direction().name().toLowerCase(Locale.ROOT),
                c.limit().value(),
                c.limit().hazard()));
      }
    }
    for (RunTrace.SisTrip trip : t.sisTrips()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "t=%9.1f s  SIS TRIP %s %s%n",
              trip.time(),
              trip.controller(),
              trip.point()));
    }
    long denied = t.decisions().stream().filter(d -> !d.decision().allowed()).count();
    long friction =
        t.operations().stream()
            .filter(o -> o.outcome().kind() == OperationRecord.Outcome.Kind.DENIED)
            .count();
    long attackEvents = t.events().stream().filter(e -> !e.label().equals("benign")).count();
    sb.append(
        String.format(
            Locale.ROOT,
            "objective %s%s%n",
            t.objectiveReached() ? "REACHED" : "not reached",
            t.objectiveTime() == null
                ? ""
                : String.format(Locale.ROOT, " at t=%.1f s", t.objectiveTime())));
    sb.append(
        String.format(
            Locale.ROOT,
            "conduit denials %d; protocol events %d (%d from the attack); benign operations %d, %d denied by the architecture%n",
            denied,
            t.events().size(),
            attackEvents,
            t.operations().size(),
            friction));
    TreeSet<String> blockedAt = new TreeSet<>();
    t.steps().stream()
        .filter(r -> r.outcome() == RunTrace.Outcome.BLOCKED)
        .forEach(r -> blockedAt.add(r.conduit()));
    sb.append("blocked at: ")
        .append(blockedAt.isEmpty() ? "nothing" : String.join(", ", blockedAt));
    return sb.toString();
  }

  private static String fmtTime(double s) {
    return s >= 3600
        ? String.format(Locale.ROOT, "%.1f h", s / 3600)
        : s >= 60
            ? String.format(Locale.ROOT, "%.0f min", s / 60)
            : String.format(Locale.ROOT, "%.0f s", s);
  }

  static void write(RunTrace t, Path dir) {
    try {
      Files.createDirectories(dir);
      lines(dir.resolve("steps.jsonl"), t.steps());
      lines(dir.resolve("events.jsonl"), t.events());
      lines(dir.resolve("decisions.jsonl"), t.decisions());
      lines(dir.resolve("operations.jsonl"), t.operations());
      lines(dir.resolve("crossings.jsonl"), t.crossings());
      lines(dir.resolve("sis-trips.jsonl"), t.sisTrips());
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("samples.csv"))) {
        List<String> tags =
            t.samples().isEmpty()
                ? List.of()
                : List.copyOf(new TreeSet<>(t.samples().get(0).trueValues().keySet()));
        w.write(
            "time_s,"
                + String.join(",", tags)
                + ","
                + String.join(",", tags.stream().map(x -> "hmi_" + x).toList()));
        w.newLine();
        for (RunTrace.Sample s : t.samples()) {
          StringBuilder sb = new StringBuilder(Double.toString(s.time()));
          for (String tag : tags) {
            sb.append(',').append(s.trueValues().getOrDefault(tag, Double.NaN));
          }
          for (String tag : tags) {
            Double v = s.hmiValues().get(tag);
            sb.append(',').append(v == null ? "" : v.toString());
          }
          w.write(sb.toString());
          w.newLine();
        }
      }
      Files.writeString(dir.resolve("summary.txt"), summary(t) + System.lineSeparator());
    } catch (IOException e) {
      throw new OtlabException(
          "TRACE_UNWRITABLE",
          "Cannot write the trace to " + dir + ": " + e.getMessage(),
          "Choose a writable --out folder.",
          e);
    }
  }

  private static void lines(Path file, List<?> records) throws IOException {
    ObjectMapper compact = new ObjectMapper();
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (Object r : records) {
        w.write(compact.writeValueAsString(r));
        w.newLine();
      }
    }
  }
}
