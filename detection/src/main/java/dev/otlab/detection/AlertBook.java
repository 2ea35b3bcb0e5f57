package dev.otlab.detection;

import dev.otlab.network.Names;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.ProtocolEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Cooldown and deduplication: one open alert per detector, rule, source and destination; an
 * observation within the cooldown of the open alert's last one is folded into it (count and last
 * time grow, evidence up to the cap), so a flood is one alert with a count. Detectors raise alerts
 * here; the engine owns the book.
 */
public final class AlertBook {

  private static final class Open {
    final double time;
    final String detector;
    final String rule;
    final AlertSeverity severity;
    final List<String> techniques;
    final @Nullable String source;
    final @Nullable String destination;
    final String summary;
    final List<Alert.Evidence> evidence = new ArrayList<>();
    double lastTime;
    int count;

    Open(
        double time,
        String detector,
        String rule,
        AlertSeverity severity,
        List<String> techniques,
        @Nullable String source,
        @Nullable String destination,
        String summary) {
      this.time = time;
      this.lastTime = time;
      this.detector = detector;
      this.rule = rule;
      this.severity = severity;
      this.techniques = List.copyOf(techniques);
      this.source = source;
      this.destination = destination;
      this.summary = summary;
    }
  }

  private final double cooldown;
  private final int maxEvidence;
  private final List<Open> raised = new ArrayList<>();
  private final Map<String, Open> open = new HashMap<>();

  AlertBook(double cooldown, int maxEvidence) {
    this.cooldown = cooldown;
    this.maxEvidence = maxEvidence;
  }

  public void raise(
      double time,
      String detector,
      String rule,
      AlertSeverity severity,
      List<String> techniques,
      @Nullable String source,
      @Nullable String destination,
      String summary,
      Alert.Evidence evidence) {
    raise(
        time,
        detector,
        rule,
        severity,
        techniques,
        source,
        destination,
        summary,
        List.of(evidence));
  }

  public void raise(
      double time,
      String detector,
      String rule,
      AlertSeverity severity,
      List<String> techniques,
      @Nullable String source,
      @Nullable String destination,
      String summary,
      List<Alert.Evidence> evidence) {
    String key = detector + "|" + rule + "|" + source + "|" + destination + "|" + techniques;
    Open o = open.get(key);
    if (o == null || time - o.lastTime > cooldown) {
      o = new Open(time, detector, rule, severity, techniques, source, destination, summary);
      open.put(key, o);
      raised.add(o);
    }
    o.lastTime = Math.max(o.lastTime, time);
    o.count++;
    for (Alert.Evidence ev : evidence) {
      if (o.evidence.size() < maxEvidence) {
        o.evidence.add(ev);
      }
    }
  }

  int size() {
    return raised.size();
  }

  List<Alert> alerts() {
    List<Alert> out = new ArrayList<>(raised.size());
    int n = 0;
    for (Open o : raised) {
      n++;
      String summary = o.count > 1 ? o.summary + " (" + o.count + " times)" : o.summary;
      out.add(
          new Alert(
              String.format(Locale.ROOT, "A-%04d", n),
              o.time,
              o.lastTime,
              o.detector,
              o.rule,
              o.severity,
              o.techniques,
              o.source,
              o.destination,
              summary,
              o.count,
              o.evidence));
    }
    return out;
  }

  /** One line for a protocol event, as evidence. */
  public static Alert.Evidence evidence(ProtocolEvent e) {
    StringBuilder sb = new StringBuilder();
    if (e.protocol() == Protocol.MODBUS) {
      sb.append(String.format(Locale.ROOT, "FC%02d %s", e.code(), e.operation()));
      if (e.unitId() >= 0) {
        sb.append(" unit ").append(e.unitId());
      }
      if (e.address() >= 0) {
        sb.append(' ').append(e.address()).append('+').append(e.quantity());
      }
      if (e.writeAddress() >= 0) {
        sb.append(" write ").append(e.writeAddress()).append('+').append(e.writeQuantity());
      }
    } else {
      sb.append(e.protocol().name()).append(' ').append(e.operation());
      if (!e.nodeIds().isEmpty()) {
        sb.append(' ').append(e.nodeIds().size() <= 3 ? e.nodeIds() : e.nodeIds().subList(0, 3));
      }
    }
    if (e.write() && !e.values().isEmpty()) {
      List<Double> v = e.values().size() <= 4 ? e.values() : e.values().subList(0, 4);
      sb.append(" values ").append(v);
    }
    sb.append(' ')
        .append(e.sourceHost())
        .append(" -> ")
        .append(e.destinationHost())
        .append(' ')
        .append(e.result().name());
    if (e.status() != 0) {
      sb.append(" status ").append(e.status());
    }
    return new Alert.Evidence(e.time(), "event", e.connection(), sb.toString());
  }

  /**
   * One line of a conduit's log, as evidence: {@code DENY rdp ws-1 -> eng-ws:3389 connect at
   * ent-dmz (default deny)}.
   */
  public static Alert.Evidence evidence(FirewallRecord r) {
    String by = r.rule() == null ? "default deny" : "rule " + r.rule();
    String why = r.refusal() == null ? by : by + ", " + Names.yaml(r.refusal());
    return new Alert.Evidence(
        r.time(),
        "firewall",
        r.connection(),
        r.action().name()
            + " "
            + Names.yaml(r.protocol())
            + " "
            + r.sourceHost()
            + " -> "
            + r.destinationHost()
            + ":"
            + r.port()
            + " "
            + r.subject()
            + " at "
            + r.conduit()
            + " ("
            + why
            + ")");
  }

  /** A line of process evidence at {@code time}, for alerts raised on a computed value. */
  public static Alert.Evidence sample(double time, String description) {
    return new Alert.Evidence(time, "sample", null, description);
  }
}
