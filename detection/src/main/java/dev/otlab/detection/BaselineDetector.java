package dev.otlab.detection;

import dev.otlab.detection.DetectionProfile.BaselineSettings;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.ProtocolEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Learns the baseline during the training window (on top of a loaded one, if any), then flags what
 * is new: a flow, an operation on a known flow, a unit id, an address outside the learned range of
 * the flow's table, a write value outside the learned range of its address, an MQTT client id, user
 * or topic. The session records of conduits that log to the SOC teach and check flows too (a log
 * line names no operation), so a conduit without a tap still shows a session nobody opened in
 * training.
 */
final class BaselineDetector implements Detector {

  static final String DETECTOR = "baseline";

  private final BaselineSettings settings;
  private final Hosts hosts;
  private final AlertBook book;
  private final Baseline baseline;
  private final List<BaselineAllow> allow = new ArrayList<>();

  BaselineDetector(
      BaselineSettings settings, Hosts hosts, AlertBook book, @Nullable Baseline loaded) {
    this.settings = settings;
    this.hosts = hosts;
    this.book = book;
    this.baseline = loaded == null ? Baseline.empty() : loaded.copy();
    for (String a : settings.allow()) {
      allow.add(BaselineAllow.parse(a));
    }
  }

  Baseline baseline() {
    return baseline;
  }

  boolean training(double time) {
    return time < settings.trainingSeconds();
  }

  @Override
  public void accept(ProtocolEvent e) {
    if (training(e.time())) {
      baseline.learn(e);
      return;
    }
    String flow = Baseline.flow(e);
    String op = BaselineAllow.key(e);
    if (!baseline.flows().contains(flow) && !allowed(e, null)) {
      raise(e, "new-flow", settings.severity(), "new flow " + flow + " (" + e.operation() + ")");
      return;
    }
    Set<String> ops = baseline.operations().get(flow);
    if ((ops == null || !ops.contains(op)) && !allowed(e, op)) {
      raise(
          e,
          "new-operation",
          lower(settings.severity()),
          "new operation " + e.operation() + " on " + flow);
      return;
    }
    if (e.protocol() == Protocol.MQTT) {
      mqtt(e, flow);
      return;
    }
    if (e.protocol() != Protocol.MODBUS) {
      return;
    }
    Set<Integer> units = baseline.units().get(flow);
    if (e.unitId() >= 0 && units != null && !units.contains(e.unitId())) {
      raise(e, "new-unit", lower(settings.severity()), "new unit id " + e.unitId() + " on " + flow);
      return;
    }
    String table = Baseline.table(e.code());
    if (table == null) {
      return;
    }
    List<Integer> range = baseline.ranges().get(flow + "|" + table);
    int address = e.writeAddress() >= 0 ? e.writeAddress() : e.address();
    int quantity = e.writeAddress() >= 0 ? e.writeQuantity() : e.quantity();
    if (range != null
        && address >= 0
        && (address < range.get(0) || address + Math.max(quantity, 1) - 1 > range.get(1))) {
      raise(
          e,
          "new-address",
          lower(settings.severity()),
          table + " " + address + "+" + quantity + " outside the learned " + range + " on " + flow);
      return;
    }
    if (e.write()) {
      for (int i = 0; i < e.values().size(); i++) {
        List<Double> r = baseline.values().get(flow + "|" + table + "|" + (address + i));
        double v = e.values().get(i);
        if (r != null) {
          double slack = Math.max(r.get(1) - r.get(0), 0.1 * Math.max(Math.abs(r.get(1)), 1));
          if (v < r.get(0) - slack || v > r.get(1) + slack) {
            raise(
                e,
                "write-value",
                lower(settings.severity()),
                "value "
                    + v
                    + " written to "
                    + table
                    + " "
                    + (address + i)
                    + " outside the learned "
                    + r);
            return;
          }
        }
      }
    }
  }

  @Override
  public void accept(FirewallRecord r) {
    if (r.denied()) {
      // Refusals are not normal traffic, and the firewall rules judge them.
      return;
    }
    String flow = r.sourceHost() + ">" + r.destinationHost() + " " + r.protocol().name();
    if (training(r.time())) {
      baseline.flows().add(flow);
      return;
    }
    if (baseline.flows().contains(flow)) {
      return;
    }
    String from = hosts.role(r.sourceHost());
    String to = hosts.role(r.destinationHost());
    for (BaselineAllow a : allow) {
      if (a.fromRole().equals(from) && a.toRole().equals(to) && a.protocol() == r.protocol()) {
        return;
      }
    }
    book.raise(
        r.time(),
        DETECTOR,
        "baseline-new-flow",
        settings.severity(),
        RemoteService.of(r.protocol()).isPresent() ? List.of("T0886") : List.of("T0846"),
        r.sourceHost(),
        r.destinationHost(),
        "new flow " + flow + " (session logged by " + r.conduit() + ")",
        AlertBook.evidence(r));
  }

  /**
   * MQTT on a known flow: a client id or user never seen on it (another device or a stolen
   * session's client), or a topic never published, subscribed or delivered on it (an injected or
   * reconnoitred topic).
   */
  private void mqtt(ProtocolEvent e, String flow) {
    Set<String> known = baseline.nodes().get(flow);
    // A documented operation (a cloud's occasional setpoint, its delivery to the gateway) may name
    // topics the training window never saw.
    if (known == null
        || e.result() == ProtocolEvent.Result.DENIED
        || allowed(e, BaselineAllow.key(e))) {
      return;
    }
    for (String node : e.nodeIds()) {
      if (!Baseline.mqttIdentity(node) || known.contains(node)) {
        continue;
      }
      boolean topic = node.startsWith("topic=");
      raise(
          e,
          topic ? "new-topic" : "new-client",
          lower(settings.severity()),
          (topic ? "new MQTT topic " : "new MQTT ")
              + node.substring(topic ? 6 : 0)
              + " in "
              + e.operation()
              + " on "
              + flow);
      return;
    }
  }

  /** Whether a documented operation covers the event's flow and {@code op} (any op when null). */
  private boolean allowed(ProtocolEvent e, @Nullable String op) {
    String from = hosts.role(e.sourceHost());
    String to = hosts.role(e.destinationHost());
    for (BaselineAllow a : allow) {
      if (a.fromRole().equals(from)
          && a.toRole().equals(to)
          && a.protocol() == e.protocol()
          && (op == null || a.operations().contains(op))) {
        return true;
      }
    }
    return false;
  }

  private void raise(ProtocolEvent e, String rule, AlertSeverity severity, String summary) {
    book.raise(
        e.time(),
        DETECTOR,
        "baseline-" + rule,
        severity,
        EventTechniques.of(e),
        e.sourceHost(),
        e.destinationHost(),
        summary,
        AlertBook.evidence(e));
  }

  private static AlertSeverity lower(AlertSeverity s) {
    return s == AlertSeverity.LOW ? s : AlertSeverity.values()[s.ordinal() + 1];
  }
}
