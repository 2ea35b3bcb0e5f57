package dev.otlab.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import dev.otlab.detection.Alert;
import dev.otlab.detection.DetectionEngine;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.detection.export.CefSyslog;
import dev.otlab.lab.Label;
import dev.otlab.lab.PcapExport;
import dev.otlab.lab.PlaybookEngine;
import dev.otlab.lab.ResponseRecord;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.lab.TraceExport;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.AddressPlan;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.operations.OperationRecord;
import dev.otlab.process.LimitCrossing;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin PlantOption plant = new PlantOption();

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
          "Writes the trace as files: steps, events, decisions, the conduits' firewall logs,"
              + " operations, crossings, alerts (JSON lines), samples.csv, detection.json, and with a detection profile the"
              + " passive asset inventory (inventory.json) and the learned baseline"
              + " (baseline.json), and with --playbook what each playbook did (playbooks.json).")
  Path out;

  @Option(
      names = "--detection",
      defaultValue = "full",
      paramLabel = "PROFILE",
      description =
          "Detection profile: signatures, full, a path to a profile .yaml, or none. Default: ${DEFAULT-VALUE}.")
  String detection;

  @Option(
      names = "--syslog",
      paramLabel = "HOST:PORT",
      description =
          "Also sends every alert as CEF over UDP syslog to HOST:PORT (a SIEM's listener).")
  String syslog;

  @Option(
      names = "--pcap",
      paramLabel = "DIR",
      description =
          "Records what each sensor sees and writes, per tapped conduit and span port, a pcap"
              + " (SENSOR.pcap) with ground-truth labels per flow (SENSOR.flows.csv) and per"
              + " packet (SENSOR.packets.csv) into DIR. Costs memory, bounded by --pcap-limit.")
  Path pcap;

  @Option(
      names = "--pcap-limit",
      paramLabel = "MIB",
      defaultValue = "256",
      description =
          "The most memory the capture holds, in MiB; past it the capture stops and says when."
              + " Default: ${DEFAULT-VALUE}.")
  long pcapLimitMib;

  @Option(
      names = "--playbook",
      paramLabel = "FILE|ID",
      description =
          "Defends the run with a response playbook: a library name (wt-contain-it-pivot, ...) or"
              + " a path to a playbook .yaml; repeat for several. Its rules act on the live alerts"
              + " of --detection and on the plant's values; the responses are printed after the"
              + " run (see docs/playbooks.md).")
  List<String> playbooks = new ArrayList<>();

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
    PlantSpec given = plant.load();
    ScenarioSpec sc = ScenarioLoader.load(scenario);
    ArchitectureSpec arch = ArchitectureLoader.load(architecture);
    plant.forArchitecture(given, arch);
    DetectionProfile profile = detection.equals("none") ? null : DetectionLoader.load(detection);
    List<PlaybookEngine> engines = playbooks(arch, profile);
    if (pcap != null) {
      // Before the run spends its time: a capture with nowhere to go is an error now.
      if (pcapLimitMib < 1 || pcapLimitMib > 1 << 20) {
        throw new OtlabException(
            "CAPTURE_LIMIT_INVALID",
            "--pcap-limit " + pcapLimitMib + " MiB is not between 1 MiB and 1 TiB.",
            "Give the most memory the capture may hold in MiB, e.g. --pcap-limit 256.");
      }
      PcapExport.requireWritable(pcap);
      AddressPlan.of(arch).addresses();
    }
    if (!json) {
      w.printf(
          "scenario %s on %s, seed %d, %s simulated%n",
          sc.id(), arch.id(), seed, fmtTime(sc.durationSeconds()));
      w.flush();
    }
    ScenarioRun run =
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
                },
                profile));
    if (pcap != null) {
      run.capturing(pcapLimitMib << 20);
    }
    if (!engines.isEmpty()) {
      run.defendedBy(engines.toArray(PlaybookEngine[]::new));
    }
    RunTrace trace = run.run();
    Detection d = detection(trace, profile == null ? "none" : profile.id());
    if (syslog != null) {
      sendSyslog(trace, syslog);
    }
    if (out != null) {
      write(trace, out);
      if (!engines.isEmpty()) {
        Files.writeString(
            out.resolve("playbooks.json"), JSON.writeValueAsString(playbookNodes(trace, engines)));
      }
      Files.writeString(out.resolve("alerts.jsonl"), TraceExport.alertLines(trace));
      Files.writeString(out.resolve("detection.json"), JSON.writeValueAsString(d));
      if (profile != null) {
        // What the sensors taught the profile: the assets they saw and the learned baseline,
        // which a later profile can load instead of learning again.
        DetectionEngine engine =
            ScenarioRun.judge(trace, profile, PlantLoader.load(arch.plant()), arch);
        Files.writeString(out.resolve("inventory.json"), engine.inventory().toJson());
        engine.baseline().save(out.resolve("baseline.json"));
      }
    }
    if (pcap != null) {
      PcapExport.Result written = PcapExport.write(run.capture().orElseThrow(), trace, arch, pcap);
      PrintWriter notes = json ? spec.commandLine().getErr() : w;
      pcapLines(written, notes);
      notes.flush();
    }
    if (json) {
      printJson(trace, d, engines.isEmpty() ? null : playbookNodes(trace, engines), w);
      w.println();
    } else {
      w.println(alertLines(trace));
      if (!engines.isEmpty()) {
        w.println(responseLines(trace, engines));
      }
      w.println(summary(trace));
      w.println(detectionLine(d));
    }
    w.flush();
    return 0;
  }

  /** Where each sensor's capture went, and a notice when the limit cut it short. */
  static void pcapLines(PcapExport.Result r, PrintWriter out) {
    for (PcapExport.Written f : r.files()) {
      out.printf(
          Locale.ROOT,
          "pcap %s: %s (%d frames, %d flows, %d with attack traffic), labels %s and %s%n",
          f.sensor(),
          f.pcap(),
          f.frames(),
          f.flowCount(),
          f.attackFlows(),
          f.flows().getFileName(),
          f.packets().getFileName());
    }
    if (r.files().isEmpty()) {
      out.println(
          "pcap: the architecture taps no conduit and has no span port: nothing to capture");
    }
    out.printf(
        Locale.ROOT,
        "pcap: the capture held %.1f MiB of its %d MiB limit%n",
        r.heldBytes() / (double) (1 << 20),
        r.limitBytes() >> 20);
    if (r.truncatedAt().isPresent()) {
      out.printf(
          Locale.ROOT,
          "pcap: NOTICE the capture reached its limit of %d MiB at t=%.1f s and stopped there:"
              + " later traffic is missing from every file. Raise --pcap-limit.%n",
          r.limitBytes() >> 20,
          r.truncatedAt().getAsDouble());
    }
  }

  /**
   * How detection did in one run.
   *
   * @param profile detection profile id ({@code none} without detection)
   * @param alerts alerts raised
   * @param truePositives alerts linked to an attack step
   * @param falsePositives the others
   * @param techniques technique tags among true alerts
   * @param attackStart when the first step started, or null if none ran
   * @param firstTrueAlert time of the first true alert at or after the attack start, or null
   * @param timeToDetect first true alert minus attack start, or null when undetected
   * @param impactTime first safety-limit crossing after the attack start, or null
   * @param timeToImpact impact minus attack start, or null without impact
   * @param margin time to impact minus time to detect, or null when either is missing
   */
  public record Detection(
      String profile,
      int alerts,
      int truePositives,
      int falsePositives,
      List<String> techniques,
      @Nullable Double attackStart,
      @Nullable Double firstTrueAlert,
      @Nullable Double timeToDetect,
      @Nullable Double impactTime,
      @Nullable Double timeToImpact,
      @Nullable Double margin) {}

  /** Time to detect and detection margin of a trace. */
  public static Detection detection(RunTrace t, String profile) {
    Double start =
        t.steps().stream()
            .map(RunTrace.StepRecord::start)
            .filter(x -> !Double.isNaN(x))
            .min(Double::compare)
            .orElse(null);
    int tp = (int) t.alerts().stream().filter(RunTrace.LabelledAlert::truePositive).count();
    TreeSet<String> techniques = new TreeSet<>();
    t.alerts().stream()
        .filter(RunTrace.LabelledAlert::truePositive)
        .forEach(a -> techniques.addAll(a.alert().techniques()));
    Double first =
        start == null
            ? null
            : t.alerts().stream()
                .filter(RunTrace.LabelledAlert::truePositive)
                .map(a -> a.alert().time())
                .filter(x -> x >= start)
                .min(Double::compare)
                .orElse(null);
    Double impact =
        start == null
            ? null
            : t.crossings().stream()
                .filter(c -> c.entered() && c.time() >= start)
                .map(LimitCrossing::time)
                .min(Double::compare)
                .orElse(null);
    Double ttd = first == null ? null : first - start;
    Double tti = impact == null ? null : impact - start;
    return new Detection(
        profile,
        t.alerts().size(),
        tp,
        t.alerts().size() - tp,
        List.copyOf(techniques),
        start,
        first,
        ttd,
        impact,
        tti,
        ttd == null || tti == null ? null : tti - ttd);
  }

  static List<Alert> alerts(RunTrace t) {
    return t.alerts().stream().map(RunTrace.LabelledAlert::alert).toList();
  }

  static String alertLines(RunTrace t) {
    StringBuilder sb = new StringBuilder();
    for (RunTrace.LabelledAlert la : t.alerts()) {
      Alert a = la.alert();
      sb.append(
          String.format(
              Locale.ROOT,
              "t=%9.1f s  ALERT %s %-8s %-6s %s %s [%s] %s%n",
              a.time(),
              a.id(),
              a.severity(),
              a.detector(),
              a.rule(),
              String.join(",", a.techniques()),
              la.truePositive() ? "true: " + la.step() : "false",
              a.summary()));
    }
    return sb.length() == 0 ? "no alerts" : sb.toString().stripTrailing();
  }

  static String detectionLine(Detection d) {
    if (d.profile().equals("none")) {
      return "detection: none";
    }
    return String.format(
        Locale.ROOT,
        "detection (%s): %d alerts, %d true, %d false; time to detect %s; time to impact %s;"
            + " detection margin %s",
        d.profile(),
        d.alerts(),
        d.truePositives(),
        d.falsePositives(),
        d.timeToDetect() == null ? "not detected" : fmtSeconds(d.timeToDetect()),
        d.timeToImpact() == null ? "no impact" : fmtSeconds(d.timeToImpact()),
        d.margin() == null ? "-" : fmtSeconds(d.margin()));
  }

  private static String fmtSeconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  private static void sendSyslog(RunTrace t, String target) {
    int colon = target.lastIndexOf(':');
    int port;
    try {
      port = colon < 1 ? -1 : Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new OtlabException(
          "SYSLOG_TARGET_INVALID",
          "--syslog " + target + " is not HOST:PORT.",
          "Write e.g. --syslog 127.0.0.1:514.");
    }
    try (CefSyslog cef = new CefSyslog(target.substring(0, colon), port)) {
      cef.start();
      for (Alert a : alerts(t)) {
        cef.send(a);
      }
    }
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
    long attackEvents = t.events().stream().filter(e -> e.label() instanceof Label.Attack).count();
    sb.append(
        String.format(
            Locale.ROOT,
            "outcome %s%s%n",
            t.outcome().text(),
            t.playedSeconds() > t.durationSeconds()
                ? String.format(
                    Locale.ROOT,
                    " (played on to t=%.0f s past the %.0f s length to decide)",
                    t.playedSeconds(),
                    t.durationSeconds())
                : ""));
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
      lines(dir.resolve("firewall.jsonl"), t.firewall());
      lines(dir.resolve("operations.jsonl"), t.operations());
      lines(dir.resolve("crossings.jsonl"), t.crossings());
      lines(dir.resolve("sis-trips.jsonl"), t.sisTrips());
      lines(dir.resolve("outcome.jsonl"), List.of(t.outcome()));
      try (Writer out = Files.newBufferedWriter(dir.resolve("samples.csv"))) {
        TraceExport.writeSamplesCsv(t, out);
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
    try (Writer out = Files.newBufferedWriter(file)) {
      TraceExport.writeLines(records, out);
    }
  }

  /**
   * The trace as one JSON object with {@code detection} as its last field, written to {@code w} as
   * it is serialised: an hour-long run's trace is tens of megabytes of JSON, which neither a tree
   * of it nor one string of it should have to hold.
   */
  static void printJson(RunTrace trace, Detection d, Writer w) throws IOException {
    printJson(trace, d, null, w);
  }

  /**
   * Like {@link #printJson(RunTrace, Detection, Writer)}, with {@code playbooks} (what each
   * playbook did, {@link #playbookNodes}) before {@code detection} when the run was defended.
   */
  static void printJson(RunTrace trace, Detection d, @Nullable ArrayNode playbooks, Writer w)
      throws IOException {
    JsonGenerator g = JSON.createGenerator(w);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    JSON.writeValue(
        new JsonGeneratorDelegate(g, false) {
          @Override
          public void writeEndObject() throws IOException {
            if (delegate.getOutputContext().getParent().inRoot()) {
              if (playbooks != null) {
                delegate.writeFieldName("playbooks");
                JSON.writeTree(delegate, playbooks);
              }
              delegate.writeFieldName("detection");
              JSON.writeValue(delegate, d);
            }
            delegate.writeEndObject();
          }
        },
        trace);
    g.close();
  }

  /**
   * Refuses a playbook with rules on alerts where no detection profile raises any: it would wait
   * for alerts that never come and look like a playbook that did nothing.
   *
   * @throws OtlabException {@code PLAYBOOK_DETECTION_MISMATCH}
   */
  static void requireNoAlertRules(PlaybookSpec p) {
    if (p.rules().stream().anyMatch(r -> r.when() instanceof PlaybookSpec.Trigger.OnAlert)) {
      throw new OtlabException(
          "PLAYBOOK_DETECTION_MISMATCH",
          "Playbook '"
              + p.id()
              + "' has rules that fire on alerts, and --detection none raises none.",
          "Give a detection profile (--detection full, the default), or use a playbook whose"
              + " rules fire on the plant's values only.");
    }
  }

  /**
   * The playbooks of {@code --playbook}, loaded and checked against the architecture's plant before
   * anything runs, each as the defender that plays it.
   */
  private List<PlaybookEngine> playbooks(
      ArchitectureSpec arch, @Nullable DetectionProfile profile) {
    List<PlaybookEngine> out = new ArrayList<>();
    for (String name : playbooks) {
      PlaybookSpec p = PlaybookLoader.load(name);
      PlaybookLoader.requirePlant(p, arch.plant(), arch.id());
      if (profile == null) {
        requireNoAlertRules(p);
      }
      out.add(new PlaybookEngine(p));
    }
    return out;
  }

  /**
   * The responses of a defended run, one block each (when asked and done, who, what, the result and
   * its side effects, why), then what each playbook could not ask for on this architecture, and a
   * count.
   */
  static String responseLines(RunTrace t, List<PlaybookEngine> engines) {
    StringBuilder sb = new StringBuilder();
    int done = 0;
    for (ResponseRecord r : t.responses()) {
      done += r.done() ? 1 : 0;
      sb.append(
          String.format(
              Locale.ROOT,
              "t=%9.1f s  RESPONSE %s %s: %s (asked at t=%.1f s) %s%n",
              r.time(),
              r.who(),
              r.action().describe(),
              r.done() ? "DONE" : "REFUSED",
              r.requested(),
              r.result()));
      for (String e : r.effects()) {
        sb.append("               effect: ").append(e).append(System.lineSeparator());
      }
      sb.append("               why: ").append(r.why()).append(System.lineSeparator());
    }
    int skipped = 0;
    for (PlaybookEngine e : engines) {
      for (PlaybookEngine.Skipped k : e.skipped()) {
        skipped++;
        sb.append(
            String.format(
                Locale.ROOT,
                "t=%9.1f s  SKIPPED %s rule %s: %s: %s%n",
                k.time(),
                e.who(),
                k.rule(),
                k.action(),
                k.reason()));
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "responses: %d (%d done, %d refused) from %d playbook%s, %d rule firing%s, %d action%s"
                + " skipped on this architecture",
            t.responses().size(),
            done,
            t.responses().size() - done,
            engines.size(),
            engines.size() == 1 ? "" : "s",
            engines.stream().mapToInt(e -> e.firings().size()).sum(),
            engines.stream().mapToInt(e -> e.firings().size()).sum() == 1 ? "" : "s",
            skipped,
            skipped == 1 ? "" : "s"));
    return sb.toString();
  }

  /**
   * What each playbook did, as JSON: its id, its rules that fired (time, rule, why), the responses
   * it asked for as the trace export writes them, and the actions it skipped with why.
   */
  static ArrayNode playbookNodes(RunTrace t, List<PlaybookEngine> engines) {
    ArrayNode out = JSON.createArrayNode();
    for (PlaybookEngine e : engines) {
      ObjectNode n = out.addObject();
      n.put("id", e.playbook().id());
      n.put("who", e.who());
      n.set("firings", JSON.valueToTree(e.firings()));
      ArrayNode responses = n.putArray("responses");
      for (ResponseRecord r : t.responses()) {
        if (r.who().equals(e.who())) {
          responses.add(TraceExport.responseNode(r));
        }
      }
      n.set("skipped", JSON.valueToTree(e.skipped()));
    }
    return out;
  }
}
