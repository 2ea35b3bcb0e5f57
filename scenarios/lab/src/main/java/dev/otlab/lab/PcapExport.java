package dev.otlab.lab;

import dev.otlab.core.OtlabException;
import dev.otlab.network.AddressPlan;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.RuleAction;
import dev.otlab.network.capture.CapturedConnection;
import dev.otlab.network.capture.SensorCapture;
import dev.otlab.network.capture.TrafficCapture;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.RelayDecision;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Writes what each sensor of a run saw as a pcap file with two ground-truth label files beside it,
 * named after the sensor (a tapped conduit's id, or {@code span-ZONE} for a span port):
 *
 * <ul>
 *   <li>{@code SENSOR.pcap}: the frames (see {@link SensorCapture});
 *   <li>{@code SENSOR.flows.csv}: one row per TCP connection, with its five-tuple, times, sizes,
 *       how it ended, the conduit's decision and the ground truth (columns: {@link #FLOW_COLUMNS});
 *   <li>{@code SENSOR.packets.csv}: one row per frame, by frame number, with its flow and who
 *       caused it (columns: {@link #PACKET_COLUMNS}).
 * </ul>
 *
 * Every sensor the architecture declares gets its files, an empty capture included.
 */
public final class PcapExport {

  /** The columns of {@code SENSOR.flows.csv}; README.md (Packet captures) says what each holds. */
  public static final String FLOW_COLUMNS =
      "flow,connection,client,client_ip,client_port,server,server_ip,server_port,protocol,"
          + "start,end,frames,bytes_to_server,bytes_to_client,state,decision,conduit,rule,"
          + "denied_requests,operations,label,steps,techniques";

  /** The columns of {@code SENSOR.packets.csv}. */
  public static final String PACKET_COLUMNS =
      "frame,time,flow,direction,payload_bytes,label,step,technique";

  private PcapExport() {}

  /**
   * One sensor's files.
   *
   * @param sensor the sensor id
   * @param pcap the capture
   * @param flows the flow labels
   * @param packets the packet labels
   * @param frames frames written
   * @param flowCount flows written
   * @param attackFlows flows with attack traffic
   */
  public record Written(
      String sensor,
      Path pcap,
      Path flows,
      Path packets,
      int frames,
      int flowCount,
      int attackFlows) {}

  /**
   * What was written, the lab time the capture's limit stopped it at, if it did (everything after
   * is missing from every file), and what the capture held in memory.
   */
  public record Result(
      List<Written> files, OptionalDouble truncatedAt, long limitBytes, long heldBytes) {}

  /** The sensors of an architecture, as capture names them: tapped conduits, then span ports. */
  public static List<String> sensors(ArchitectureSpec architecture) {
    List<String> out = new ArrayList<>(new TreeSet<>(architecture.sensors().tappedConduits()));
    new TreeSet<>(architecture.sensors().spanZones()).forEach(z -> out.add("span:" + z));
    return out;
  }

  /**
   * Makes {@code dir} and checks it can be written, before a run spends its time.
   *
   * @throws OtlabException {@code PCAP_DIR_NOT_WRITABLE} when it cannot
   */
  public static void requireWritable(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".otlab-pcap", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      String why =
          e instanceof FileSystemException f && f.getReason() != null
              ? f.getReason()
              : e.getMessage();
      throw new OtlabException(
          "PCAP_DIR_NOT_WRITABLE",
          "Cannot write packet captures to " + dir + ": " + why + ".",
          "Give a folder you may create and write, e.g. --pcap ./pcap.",
          e);
    }
  }

  /** Writes every sensor's files into {@code dir}. */
  public static Result write(
      TrafficCapture capture, RunTrace trace, ArchitectureSpec architecture, Path dir) {
    requireWritable(dir);
    List<CapturedConnection> connections = capture.connections();
    Truth truth = new Truth(trace);
    AddressPlan plan = AddressPlan.of(architecture);
    List<Written> out = new ArrayList<>();
    for (String sensor : sensors(architecture)) {
      SensorCapture sc = SensorCapture.of(sensor, connections, plan);
      String name = SensorCapture.fileName(sensor);
      Path pcap = dir.resolve(name + ".pcap");
      Path flows = dir.resolve(name + ".flows.csv");
      Path packets = dir.resolve(name + ".packets.csv");
      int attackFlows;
      int frames;
      try {
        // One pass makes the frames: into the pcap and the packet labels at once.
        PacketLabels labels;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(pcap), 1 << 16);
            Writer w = Files.newBufferedWriter(packets, StandardCharsets.UTF_8)) {
          labels = new PacketLabels(truth, w);
          sc.writePcap(o, labels);
          labels.rethrow();
        }
        frames = labels.frames;
        try (Writer w = Files.newBufferedWriter(flows, StandardCharsets.UTF_8)) {
          attackFlows = writeFlows(sc, truth, labels, w);
        }
      } catch (IOException e) {
        throw new OtlabException(
            "PCAP_DIR_NOT_WRITABLE",
            "Cannot write packet captures to " + dir + ": " + e.getMessage(),
            "Check the folder's free space and permissions.",
            e);
      }
      out.add(new Written(sensor, pcap, flows, packets, frames, sc.flows().size(), attackFlows));
    }
    return new Result(out, capture.truncatedAt(), capture.limitBytes(), capture.heldBytes());
  }

  /** Writes the flow labels; returns how many flows carried attack traffic. */
  static int writeFlows(SensorCapture sc, Truth truth, PacketLabels packets, Writer w)
      throws IOException {
    w.write(FLOW_COLUMNS);
    w.write('\n');
    Map<Integer, double[]> span = packets.span;
    Map<Integer, Set<String>> stepsByFlow = packets.stepsByFlow;
    int attacks = 0;
    for (SensorCapture.Flow f : sc.flows()) {
      CapturedConnection c = f.connection();
      Set<String> steps = stepsByFlow.getOrDefault(f.index(), new LinkedHashSet<>());
      steps.addAll(truth.eventSteps.getOrDefault(c.connection(), Set.of()));
      Set<String> techniques = new LinkedHashSet<>();
      steps.forEach(s -> techniques.add(truth.technique(s)));
      if (!steps.isEmpty()) {
        attacks++;
      }
      RelayDecision connect = truth.connects.get(c.connection());
      String decision;
      String conduit;
      String rule;
      if (connect != null) {
        decision = decision(connect.decision());
        conduit = connect.decision().conduit();
        rule = rule(connect.decision());
      } else {
        // Span ports decide nothing (their events name the span), nor does a cap refusal.
        decision = "refused".equals(f.state()) ? "capped" : "allowed";
        conduit = c.sensor();
        rule = truth.eventRules.getOrDefault(c.connection(), "");
      }
      double[] times = span.getOrDefault(f.index(), new double[] {c.openTime(), c.openTime()});
      row(
          w,
          Integer.toString(f.index()),
          c.connection(),
          c.flow().source().id(),
          f.clientIp(),
          Integer.toString(f.clientPort()),
          c.flow().destination().id(),
          f.serverIp(),
          Integer.toString(f.serverPort()),
          c.flow().protocol().name(),
          time(times[0]),
          time(times[1]),
          Integer.toString(f.frames()),
          Long.toString(f.bytesToServer()),
          Long.toString(f.bytesToClient()),
          f.state(),
          decision,
          conduit,
          rule,
          Integer.toString(truth.deniedRequests.getOrDefault(c.connection(), 0)),
          String.join(";", truth.operations.getOrDefault(c.connection(), Set.of())),
          steps.isEmpty() ? "benign" : "attack",
          String.join(";", steps),
          String.join(";", techniques));
    }
    return attacks;
  }

  /**
   * Writes a row per frame as the pcap is written, and keeps what the flow rows need: each flow's
   * first and last frame times and the attack steps among its frames.
   */
  static final class PacketLabels implements Consumer<SensorCapture.Packet> {
    private final Truth truth;
    private final Writer w;
    final Map<Integer, double[]> span = new HashMap<>();
    final Map<Integer, Set<String>> stepsByFlow = new HashMap<>();
    int frames;
    private @Nullable IOException failed;

    PacketLabels(Truth truth, Writer w) throws IOException {
      this.truth = truth;
      this.w = w;
      w.write(PACKET_COLUMNS);
      w.write('\n');
    }

    @Override
    public void accept(SensorCapture.Packet p) {
      frames++;
      span.computeIfAbsent(p.flow(), k -> new double[] {p.time(), p.time()})[1] = p.time();
      String step = step(p.label());
      if (step != null) {
        stepsByFlow.computeIfAbsent(p.flow(), k -> new LinkedHashSet<>()).add(step);
      }
      if (failed != null) {
        return;
      }
      try {
        row(
            w,
            Integer.toString(p.number()),
            time(p.time()),
            Integer.toString(p.flow()),
            p.fromClient() ? "to_server" : "to_client",
            Integer.toString(p.payload()),
            step == null ? "benign" : "attack",
            step == null ? "" : step,
            step == null ? "" : truth.technique(step));
      } catch (IOException e) {
        failed = e;
      }
    }

    void rethrow() throws IOException {
      if (failed != null) {
        throw failed;
      }
    }
  }

  private static @Nullable String step(String label) {
    return label.startsWith("attack:") ? label.substring("attack:".length()) : null;
  }

  private static String decision(ConduitDecision d) {
    if (d instanceof ConduitDecision.Denied denied) {
      return denied.action() == RuleAction.REJECT ? "rejected" : "denied";
    }
    return "allowed";
  }

  private static String rule(ConduitDecision d) {
    String r = null;
    if (d instanceof ConduitDecision.Allowed a) {
      r = a.rule();
    } else if (d instanceof ConduitDecision.Denied denied) {
      r = denied.rule();
    }
    return r == null ? "(default deny)" : r;
  }

  private static String time(double t) {
    return String.format(Locale.ROOT, "%.6f", t);
  }

  private static void row(Writer w, String... cells) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(csv(cells[i]));
    }
    w.write('\n');
  }

  /** RFC 4180 quoting for a cell that needs it. */
  static String csv(String cell) {
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }

  /** What the run's trace says about each connection, by connection id. */
  static final class Truth {
    final Map<String, RelayDecision> connects = new HashMap<>();
    final Map<String, Integer> deniedRequests = new HashMap<>();
    final Map<String, Set<String>> operations = new HashMap<>();
    final Map<String, Set<String>> eventSteps = new HashMap<>();
    final Map<String, String> eventRules = new HashMap<>();
    final Map<String, String> techniques = new HashMap<>();

    Truth(RunTrace trace) {
      for (RelayDecision d : trace.decisions()) {
        if (d.scope() == RelayDecision.Scope.CONNECTION) {
          connects.putIfAbsent(d.connection(), d);
        } else if (!d.decision().allowed()) {
          deniedRequests.merge(d.connection(), 1, Integer::sum);
        }
      }
      for (RunTrace.LabelledEvent e : trace.events()) {
        String id = e.event().connection();
        operations.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(e.event().operation());
        if (e.label() instanceof Label.Attack a) {
          eventSteps.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(a.step());
        }
        String rule = e.event().rule();
        if (rule != null) {
          eventRules.putIfAbsent(id, rule);
        }
      }
      trace.steps().forEach(s -> techniques.putIfAbsent(s.step(), s.technique()));
    }

    String technique(String step) {
      return techniques.getOrDefault(step, "");
    }
  }
}
