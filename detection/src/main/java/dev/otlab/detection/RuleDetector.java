package dev.otlab.detection;

import dev.otlab.detection.DetectionProfile.FunctionRule;
import dev.otlab.detection.DetectionProfile.RateKind;
import dev.otlab.detection.DetectionProfile.RateRule;
import dev.otlab.detection.DetectionProfile.WriteTable;
import dev.otlab.detection.DetectionProfile.WriterRule;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.ProtocolEvent.Result;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The rules of a profile, as data: function codes and services, allowed writers, rates, OPC UA. */
final class RuleDetector implements Detector {

  static final String DETECTOR = "rules";

  private record Hit(double time, String key) {}

  /** One sliding window: entries in time order and a count per distinct key. */
  private static final class Window {
    final Deque<Hit> hits = new ArrayDeque<>();
    final Map<String, Integer> distinct = new HashMap<>();

    int add(double time, String key, double span, boolean countDistinct) {
      hits.addLast(new Hit(time, key));
      distinct.merge(key, 1, Integer::sum);
      while (!hits.isEmpty() && hits.peekFirst().time() < time - span) {
        Hit old = hits.removeFirst();
        distinct.computeIfPresent(old.key(), (k, n) -> n == 1 ? null : n - 1);
      }
      return countDistinct ? distinct.size() : hits.size();
    }
  }

  private final DetectionProfile.Rules profile;
  private final Hosts hosts;
  private final AlertBook book;
  private final Map<String, Window> windows = new HashMap<>();
  private final Set<String> clearChannels = new HashSet<>();

  RuleDetector(DetectionProfile.Rules profile, Hosts hosts, AlertBook book) {
    this.profile = profile;
    this.hosts = hosts;
    this.book = book;
  }

  @Override
  public void accept(ProtocolEvent e) {
    String sourceRole = hosts.role(e.sourceHost());
    for (FunctionRule r : profile.functions()) {
      if (matches(r, e) && !r.exceptRoles().contains(sourceRole)) {
        book.raise(
            e.time(),
            DETECTOR,
            r.id(),
            r.severity(),
            r.techniques(),
            e.sourceHost(),
            e.destinationHost(),
            r.summary()
                + ": "
                + e.operation()
                + " from "
                + e.sourceHost()
                + " to "
                + e.destinationHost(),
            AlertBook.evidence(e));
      }
    }
    if (e.write()) {
      for (WriterRule r : profile.writers()) {
        if (covers(r, e) && !r.writers().contains(sourceRole)) {
          book.raise(
              e.time(),
              DETECTOR,
              r.id(),
              r.severity(),
              r.techniques(),
              e.sourceHost(),
              e.destinationHost(),
              e.sourceHost()
                  + " ("
                  + sourceRole
                  + ") wrote to "
                  + e.destinationHost()
                  + ", which only "
                  + String.join(", ", new java.util.TreeSet<>(r.writers()))
                  + " may write there",
              AlertBook.evidence(e));
        }
      }
    }
    for (RateRule r : profile.rates()) {
      if (!r.exceptRoles().contains(sourceRole)) {
        rate(r, e);
      }
    }
    opcua(e);
  }

  private static boolean matches(FunctionRule r, ProtocolEvent e) {
    if (r.protocol() != null && r.protocol() != e.protocol()) {
      return false;
    }
    if (e.protocol() == Protocol.MODBUS && r.functionCodes().contains(e.code())) {
      return true;
    }
    return r.operations().contains(e.operation()) && topicsMatch(r, e);
  }

  /** Whether an MQTT event names a topic the rule is about (any, when the rule names none). */
  private static boolean topicsMatch(FunctionRule r, ProtocolEvent e) {
    if (r.topics().isEmpty()) {
      return true;
    }
    boolean subscription = e.operation().endsWith("SUBSCRIBE");
    for (String node : e.nodeIds()) {
      if (!node.startsWith("topic=")) {
        continue;
      }
      String topic = node.substring(6);
      for (String filter : r.topics()) {
        if (subscription
            ? MqttFilter.filterProblem(topic) == null && MqttFilter.covers(topic, filter)
            : MqttFilter.matches(filter, topic)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean covers(WriterRule r, ProtocolEvent e) {
    if (r.protocol() != null && r.protocol() != e.protocol()) {
      return false;
    }
    if (!r.targets().contains(hosts.role(e.destinationHost()))) {
      return false;
    }
    if (e.protocol() == Protocol.OPCUA) {
      if (r.nodes().isEmpty()) {
        return true;
      }
      for (String node : e.nodeIds()) {
        for (String fragment : r.nodes()) {
          if (node.contains(fragment)) {
            return true;
          }
        }
      }
      return false;
    }
    WriteTable table = table(e.code());
    if (r.table() != WriteTable.ANY && table != r.table()) {
      return false;
    }
    int address = e.writeAddress() >= 0 ? e.writeAddress() : e.address();
    int quantity = e.writeAddress() >= 0 ? e.writeQuantity() : e.quantity();
    return address < 0 || r.covers(address, quantity);
  }

  static WriteTable table(int functionCode) {
    return functionCode == 5 || functionCode == 15 ? WriteTable.COIL : WriteTable.HOLDING_REGISTER;
  }

  private void rate(RateRule r, ProtocolEvent e) {
    String key;
    boolean distinct = false;
    String what;
    switch (r.kind()) {
      case POINT_SCAN:
        if (!modbusException(e, 2)) {
          return;
        }
        key = e.connection() + "#" + e.time();
        what = "illegal-data-address exceptions";
        break;
      case FUNCTION_CODE_SCAN:
        if (!modbusException(e, 1)) {
          return;
        }
        key = e.connection() + "#" + e.time();
        what = "illegal-function exceptions";
        break;
      case READ_SWEEP:
        if (e.protocol() != Protocol.MODBUS || e.write() || e.address() < 0) {
          return;
        }
        key = e.code() + ":" + e.unitId() + ":" + e.address();
        distinct = true;
        what = "distinct read addresses";
        break;
      case WRITE_FLOOD:
        // Device writes: an MQTT publish is a message to a broker, and a gateway publishes every
        // tag of every PLC each round.
        if (!e.write() || e.protocol() == Protocol.MQTT) {
          return;
        }
        key = e.connection() + "#" + e.time();
        what = "writes";
        break;
      case CONNECTION_FLOOD:
        key = e.connection();
        distinct = true;
        what = "connections";
        break;
      case REQUEST_FLOOD:
        key = e.connection() + "#" + e.time();
        what = "requests";
        break;
      case FAILED_LOGINS:
        if (!e.operation().equals("ActivateSessionRequest") || e.result() != Result.ERROR) {
          return;
        }
        key = e.connection() + "#" + e.time();
        what = "refused OPC UA logins";
        break;
      case HOST_SWEEP:
        key = e.destinationHost() + ":" + e.protocol();
        distinct = true;
        what = "distinct destinations";
        break;
      default:
        throw new IllegalStateException(r.kind().name());
    }
    boolean perSource = r.kind() == RateKind.HOST_SWEEP;
    String flow = perSource ? e.sourceHost() : e.sourceHost() + ">" + e.destinationHost();
    Window w = windows.computeIfAbsent(r.id() + "|" + flow, k -> new Window());
    int n = w.add(e.time(), key, r.windowSeconds(), distinct);
    if (n >= r.threshold()) {
      book.raise(
          e.time(),
          DETECTOR,
          r.id(),
          r.severity(),
          r.techniques(),
          e.sourceHost(),
          perSource ? null : e.destinationHost(),
          String.format(
              Locale.ROOT,
              "%s: %d %s within %.0f s from %s%s",
              r.id(),
              n,
              what,
              r.windowSeconds(),
              e.sourceHost(),
              perSource ? "" : " to " + e.destinationHost()),
          AlertBook.evidence(e));
    }
  }

  private static boolean modbusException(ProtocolEvent e, int code) {
    return e.protocol() == Protocol.MODBUS
        && (e.result() == Result.ERROR || e.result() == Result.REJECTED)
        && e.status() == code;
  }

  private void opcua(ProtocolEvent e) {
    DetectionProfile.OpcUaRules rules = profile.opcua();
    if (rules == null || e.protocol() != Protocol.OPCUA) {
      return;
    }
    String op = e.operation();
    if (op.equals("OpenSecureChannelRequest")) {
      // The relay reads the server's OPN answer only on a channel with policy None.
      if (e.result() == Result.OK) {
        clearChannels.add(e.connection());
      }
      return;
    }
    if (rules.securityNone() != null
        && clearChannels.contains(e.connection())
        && !op.equals("GetEndpointsRequest")
        && !op.startsWith("FindServers")
        && !op.equals("CloseSecureChannelRequest")
        && !op.equals("Encrypted")) {
      book.raise(
          e.time(),
          DETECTOR,
          "opcua-security-none",
          rules.securityNone(),
          rules.securityNoneTechniques(),
          e.sourceHost(),
          e.destinationHost(),
          "OPC UA session without security (policy None) from "
              + e.sourceHost()
              + " to "
              + e.destinationHost(),
          AlertBook.evidence(e));
    }
    if (rules.failedLogin() != null
        && op.equals("ActivateSessionRequest")
        && e.result() == Result.ERROR) {
      book.raise(
          e.time(),
          DETECTOR,
          "opcua-failed-login",
          rules.failedLogin(),
          rules.failedLoginTechniques(),
          e.sourceHost(),
          e.destinationHost(),
          "OPC UA login refused for " + e.sourceHost() + " at " + e.destinationHost(),
          AlertBook.evidence(e));
    }
  }

  /** Forgets per-connection state of connections that can no longer matter (bounded memory). */
  void trim() {
    if (clearChannels.size() > 100_000) {
      clearChannels.clear();
    }
  }
}
