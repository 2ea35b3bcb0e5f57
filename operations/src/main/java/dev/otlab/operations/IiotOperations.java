package dev.otlab.operations;

import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.IiotSpec;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.ServiceAccess;
import dev.otlab.network.remote.LabTls;
import dev.otlab.operations.OperationRecord.Outcome;
import dev.otlab.simulator.clock.ClockTask;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.mqtt.MqttLink;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.plc.PointSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The IIoT convergence path's benign traffic: every {@code iiot-gateway} host reads its PLCs' tags
 * over OPC UA (sign-and-encrypt when the PLC offers it, as the historian does) and publishes each
 * as {@code {"ts":<lab seconds>,"value":<number>}} at QoS 0 on {@code <site>/<plc>/<tag>} to its
 * broker host, every {@link IiotSpec#publishSeconds()}; every {@code cloud} host subscribes to the
 * values of every gateway's site and, for each write-back tag, sends the value it last received
 * back as a setpoint command (QoS 1) on {@code <site>/<plc>/<tag>/set} every {@link
 * IiotSpec#commandSeconds()}; the gateway subscribes to its command topics and writes each command
 * it allows (its write-back tags) to the PLC over OPC UA at its next round. A cloud that confirms
 * the current setpoint changes nothing in the process and still exercises the whole write-back path
 * a compromised cloud would use.
 *
 * <p>The gateway polls rather than holding an OPC UA monitored-item subscription: deliveries of a
 * subscription come on the client's threads, off the lab clock, and a run would not repeat. Its
 * rounds run on the clock thread like every benign operation; commands arrive on the MQTT client's
 * thread and wait in a queue for the next round. Records: {@code iiot-collect} (gateway to PLC, OPC
 * UA), {@code iiot-publish} (gateway to broker, MQTT), {@code iiot-write-back} (gateway to PLC, OPC
 * UA) and {@code cloud-setpoint} (cloud to broker, MQTT).
 */
final class IiotOperations {

  private static final Duration MQTT_TIMEOUT = Duration.ofSeconds(2);

  private record Command(String plc, String tag, double value) {}

  private final ArchitectureSpec architecture;
  private final Map<String, PointMap> controllers;
  private final ServiceAccess fabric;
  private final LabClock clock;
  private final Consumer<OperationRecord> sink;
  private final OperationsOptions options;
  private final Predicate<String> actors;
  private final Map<String, MqttLink> links = new LinkedHashMap<>();
  private final UaSessions uaSessions;
  private final Map<String, ConcurrentLinkedQueue<Command>> commands = new ConcurrentHashMap<>();
  // What each cloud host last received, by topic.
  private final Map<String, Map<String, Double>> received = new ConcurrentHashMap<>();
  // Gateways whose connection holds their command subscription.
  private final java.util.Set<String> subscribedLinks = ConcurrentHashMap.newKeySet();
  private boolean running;

  /**
   * @param controllers the point map of each PLC host's controller, by host id
   */
  IiotOperations(
      ArchitectureSpec architecture,
      Map<String, PointMap> controllers,
      ServiceAccess fabric,
      LabClock clock,
      Consumer<OperationRecord> sink,
      OperationsOptions options,
      Predicate<String> actors) {
    this.architecture = architecture;
    this.controllers = Map.copyOf(controllers);
    this.fabric = fabric;
    this.clock = clock;
    this.sink = sink;
    this.options = options;
    this.uaSessions = new UaSessions(options);
    this.actors = actors;
  }

  /** Whether the architecture has a gateway or cloud host to run here. */
  boolean any() {
    return !gateways().isEmpty() || !clouds().isEmpty();
  }

  private List<HostSpec> gateways() {
    return architecture.hosts().stream()
        .filter(h -> h.role() == HostRole.IIOT_GATEWAY && h.iiot() != null)
        .filter(h -> actors.test(h.id()))
        .toList();
  }

  private List<HostSpec> clouds() {
    return architecture.hosts().stream()
        .filter(h -> h.role() == HostRole.CLOUD && actors.test(h.id()))
        .toList();
  }

  /** Every gateway of the architecture, wherever it runs: what the cloud hosts talk to. */
  private List<HostSpec> allGateways() {
    return architecture.hosts().stream()
        .filter(h -> h.role() == HostRole.IIOT_GATEWAY && h.iiot() != null)
        .toList();
  }

  /** Schedules the gateways' and clouds' rounds; their tasks join {@code tasks}. */
  synchronized void start(List<ClockTask> tasks) {
    running = true;
    uaSessions.start();
    double now = clock.now();
    for (HostSpec gw : gateways()) {
      IiotSpec spec = gw.iiot();
      commands.put(gw.id(), new ConcurrentLinkedQueue<>());
      SplittableRandom r = clock.random("benign:" + gw.id());
      double period = spec.publishSeconds();
      tasks.add(
          clock.schedulePeriodic(
              "benign:" + OperationRecord.IIOT_PUBLISH + ":" + gw.id(),
              Phase.OUTPUTS,
              period,
              now + r.nextDouble() * period,
              () -> gatewayRound(gw)));
    }
    for (HostSpec cloud : clouds()) {
      received.put(cloud.id(), new ConcurrentHashMap<>());
      SplittableRandom r = clock.random("benign:" + cloud.id());
      for (HostSpec gw : allGateways()) {
        IiotSpec spec = gw.iiot();
        if (spec.writeBack().isEmpty()) {
          continue;
        }
        double period = spec.commandSeconds();
        SplittableRandom draws = clock.random("benign:" + cloud.id() + ":" + gw.id());
        tasks.add(
            clock.schedulePeriodic(
                "benign:" + OperationRecord.CLOUD_SETPOINT + ":" + cloud.id() + ">" + gw.id(),
                Phase.OUTPUTS,
                period,
                now + r.nextDouble() * period,
                () -> cloudRound(cloud, gw, draws)));
      }
      // The cloud subscribes from the start, so it has values before its first command.
      tasks.add(
          clock.scheduleAt(
              "benign:cloud-subscribe:" + cloud.id(), Phase.OUTPUTS, now, () -> subscribe(cloud)));
    }
  }

  // ---------------------------------------------------------------- gateway

  private void gatewayRound(HostSpec gw) {
    IiotSpec spec = gw.iiot();
    applyCommands(gw, spec);
    for (HostSpec plc : plcs(spec)) {
      Map<String, Double> values = collect(gw, plc, tags(spec, plc));
      if (!values.isEmpty()) {
        publish(gw, spec, plc, values);
      }
    }
  }

  private List<HostSpec> plcs(IiotSpec spec) {
    return architecture.hosts().stream()
        .filter(h -> h.role() == HostRole.PLC && controllers.containsKey(h.id()))
        .filter(h -> spec.tags().isEmpty() || spec.tags().containsKey(h.id()))
        .toList();
  }

  private List<String> tags(IiotSpec spec, HostSpec plc) {
    List<String> listed = spec.tags().get(plc.id());
    if (listed != null) {
      return listed;
    }
    return controllers.get(plc.id()).controller().points().stream()
        .map(b -> b.point().tag())
        .toList();
  }

  /** Reads the tags over OPC UA; records the read; returns what was read. */
  private Map<String, Double> collect(HostSpec gw, HostSpec plc, List<String> tags) {
    Access access = access(gw, plc, Protocol.OPCUA, OperationRecord.IIOT_COLLECT);
    Map<String, Double> values = new LinkedHashMap<>();
    if (access == null) {
      return values;
    }
    String key = gw.id() + ">" + plc.id();
    OpcUaSecurityMode mode = BenignOperations.bestMode(plc);
    Outcome outcome = new Outcome.Ok();
    String detail;
    try {
      OpcUaClientSession session = uaSessions.get(key, gw, access, mode);
      String controller = controllers.get(plc.id()).controller().id();
      int bad = 0;
      // One Read request for all of a PLC's tags, as gateways read their points.
      List<OpcUaClientSession.TagReading> read = session.readTags(controller, tags);
      for (int i = 0; i < tags.size(); i++) {
        OpcUaClientSession.TagReading r = read.get(i);
        if (r.isGood()) {
          values.put(tags.get(i), r.asDouble());
        } else {
          bad++;
        }
      }
      detail = "read " + values.size() + " tags for MQTT (" + mode.label() + ")";
      if (bad > 0) {
        outcome = new Outcome.Failed(bad + " tags read with a bad status");
      }
    } catch (BenignOperations.Refused e) {
      detail = e.getMessage();
      outcome = BenignOperations.refusedHello(access, e.getMessage());
    } catch (OtlabException e) {
      uaSessions.close(key);
      detail = BenignOperations.named(e.getMessage(), access, plc.id(), Protocol.OPCUA.port());
      outcome = BenignOperations.uaFriction(access, e, detail);
    }
    emit(gw, plc, Protocol.OPCUA, OperationRecord.IIOT_COLLECT, detail, outcome, values);
    return values;
  }

  private void publish(HostSpec gw, IiotSpec spec, HostSpec plc, Map<String, Double> values) {
    HostSpec broker = architecture.host(spec.broker()).orElseThrow();
    Access access = brokerAccess(gw, broker, OperationRecord.IIOT_PUBLISH);
    if (access == null) {
      return;
    }
    Outcome outcome = new Outcome.Ok();
    String detail;
    try {
      MqttLink link = link(gw, broker, access, spec);
      double now = clock.now();
      for (Map.Entry<String, Double> v : values.entrySet()) {
        link.publish(
            spec.valueTopic(plc.id(), v.getKey()),
            payload(now, v.getValue()).getBytes(StandardCharsets.UTF_8),
            0,
            false);
      }
      detail =
          "published " + values.size() + " tags on " + spec.site() + "/" + plc.id() + "/+ (QoS 0)";
    } catch (IOException e) {
      closeLink(gw.id());
      detail = e.getMessage();
      outcome = mqttFriction(access, e);
    }
    emit(gw, broker, mqtt(broker), OperationRecord.IIOT_PUBLISH, detail, outcome, values);
  }

  /** Writes the commands that came since the last round, those of write-back tags only. */
  private void applyCommands(HostSpec gw, IiotSpec spec) {
    ConcurrentLinkedQueue<Command> queue = commands.get(gw.id());
    Command c;
    while ((c = queue.poll()) != null) {
      HostSpec plc = architecture.host(c.plc()).orElse(null);
      if (plc == null || !spec.writable(c.plc(), c.tag()) || !controllers.containsKey(c.plc())) {
        // The gateway's own allow-list: a command for any other point is dropped, as field
        // gateways map only configured points to the cloud.
        emit(
            gw,
            plc == null ? gw : plc,
            Protocol.OPCUA,
            OperationRecord.IIOT_WRITE_BACK,
            c.plc() + "." + c.tag() + " is not a write-back tag; command dropped by the gateway",
            new Outcome.Failed("not a write-back tag of " + gw.id()),
            Map.of(c.tag(), c.value()));
        continue;
      }
      write(gw, plc, c);
    }
  }

  private void write(HostSpec gw, HostSpec plc, Command c) {
    Access access = access(gw, plc, Protocol.OPCUA, OperationRecord.IIOT_WRITE_BACK);
    if (access == null) {
      return;
    }
    String key = gw.id() + ">" + plc.id();
    OpcUaSecurityMode mode = BenignOperations.bestMode(plc);
    Outcome outcome = new Outcome.Ok();
    String detail;
    try {
      OpcUaClientSession session = uaSessions.get(key, gw, access, mode);
      String refused =
          session.writeTagRefusal(controllers.get(plc.id()).controller().id(), c.tag(), c.value());
      detail =
          c.tag()
              + " := "
              + format(c.value())
              + " from the cloud"
              + (refused == null ? "" : " (" + refused + ")");
      if (refused != null) {
        outcome = new Outcome.Failed("the PLC answered " + refused);
      }
    } catch (BenignOperations.Refused e) {
      detail = e.getMessage();
      outcome = BenignOperations.refusedHello(access, e.getMessage());
    } catch (OtlabException e) {
      uaSessions.close(key);
      detail = BenignOperations.named(e.getMessage(), access, plc.id(), Protocol.OPCUA.port());
      outcome = BenignOperations.uaFriction(access, e, detail);
    }
    emit(
        gw,
        plc,
        Protocol.OPCUA,
        OperationRecord.IIOT_WRITE_BACK,
        detail,
        outcome,
        Map.of(c.tag(), c.value()));
  }

  /** The gateway's connection to its broker, subscribed to its command topics when it has any. */
  private MqttLink link(HostSpec gw, HostSpec broker, Access access, IiotSpec spec)
      throws IOException {
    MqttLink link = openLink(gw, broker, access);
    if (link.isConnected() && !spec.writeBack().isEmpty() && !subscribed(gw.id())) {
      ConcurrentLinkedQueue<Command> queue = commands.get(gw.id());
      String prefix = spec.site() + "/";
      link.subscribe(
          spec.commandFilter(),
          1,
          (topic, payload) -> {
            // <site>/<plc>/<tag>/set
            String[] levels = topic.substring(prefix.length()).split("/");
            Double v = value(payload);
            if (levels.length == 3 && v != null) {
              queue.add(new Command(levels[0], levels[1], v));
            }
          });
      markSubscribed(gw.id());
    }
    return link;
  }

  // ---------------------------------------------------------------- cloud

  private void subscribe(HostSpec cloud) {
    Map<String, Double> latest = received.get(cloud.id());
    for (HostSpec gw : allGateways()) {
      IiotSpec spec = gw.iiot();
      HostSpec broker = architecture.host(spec.broker()).orElseThrow();
      Access access = brokerAccess(cloud, broker, OperationRecord.CLOUD_SUBSCRIBE);
      if (access == null) {
        continue;
      }
      Outcome outcome = new Outcome.Ok();
      String filter = spec.site() + "/#";
      String detail = "subscribed to " + filter;
      try {
        MqttLink link = openLink(cloud, broker, access);
        link.subscribe(
            filter,
            0,
            (topic, payload) -> {
              Double v = value(payload);
              if (v != null) {
                latest.put(topic, v);
              }
            });
      } catch (IOException e) {
        closeLink(cloud.id() + ">" + broker.id());
        detail = e.getMessage();
        outcome = mqttFriction(access, e);
      }
      emit(cloud, broker, mqtt(broker), OperationRecord.CLOUD_SUBSCRIBE, detail, outcome, Map.of());
    }
  }

  private void cloudRound(HostSpec cloud, HostSpec gw, SplittableRandom draws) {
    IiotSpec spec = gw.iiot();
    HostSpec broker = architecture.host(spec.broker()).orElseThrow();
    Map<String, Double> latest = received.get(cloud.id());
    Map<String, Double> sent = new LinkedHashMap<>();
    Access access = brokerAccess(cloud, broker, OperationRecord.CLOUD_SETPOINT);
    if (access == null) {
      return;
    }
    Outcome outcome = new Outcome.Ok();
    String detail;
    try {
      MqttLink link = openLink(cloud, broker, access);
      double now = clock.now();
      // One write-back point per round, as an optimiser moves one setpoint at a time; chosen as
      // an operator would (PointMap#chooseSetpoint), from the value the cloud last received.
      List<String[]> points = new ArrayList<>();
      spec.writeBack().forEach((plc, tags) -> tags.forEach(t -> points.add(new String[] {plc, t})));
      String[] pick = points.get(draws.nextInt(points.size()));
      double u = draws.nextDouble();
      PointMap map = controllers.get(pick[0]);
      Double current = latest.get(spec.valueTopic(pick[0], pick[1]));
      if (map == null || current == null) {
        // Nothing received yet: the optimiser has nothing to work from.
        return;
      }
      PointSpec p =
          map.controller().points().stream()
              .map(b -> b.point())
              .filter(x -> x.tag().equals(pick[1]))
              .findFirst()
              .orElseThrow();
      double v = PointMap.chooseSetpoint(p, map.commissioned(p), current, u);
      link.publish(spec.commandTopic(pick[0], pick[1]), payload(now, v), 1);
      sent.put(pick[1], v);
      detail =
          pick[0]
              + "."
              + pick[1]
              + " "
              + format(current)
              + " -> "
              + format(v)
              + " "
              + p.unit()
              + " through "
              + gw.id();
    } catch (IOException e) {
      closeLink(cloud.id() + ">" + broker.id());
      detail = e.getMessage();
      outcome = mqttFriction(access, e);
    }
    emit(cloud, broker, mqtt(broker), OperationRecord.CLOUD_SETPOINT, detail, outcome, sent);
  }

  // ---------------------------------------------------------------- plumbing

  private boolean subscribed(String gateway) {
    return subscribedLinks.contains(gateway);
  }

  private void markSubscribed(String gateway) {
    subscribedLinks.add(gateway);
  }

  /** The actor's connection to a broker, opened on first use or after a failure. */
  private MqttLink openLink(HostSpec actor, HostSpec broker, Access access) throws IOException {
    String key =
        actor.role() == HostRole.IIOT_GATEWAY ? actor.id() : actor.id() + ">" + broker.id();
    MqttLink link;
    synchronized (this) {
      link = links.get(key);
    }
    if (link != null && link.isConnected()) {
      return link;
    }
    if (link != null) {
      closeLink(key);
    }
    Posture.BrokerListener listener = broker.clientBrokerListener().orElseThrow();
    // Over TLS the client checks the broker's certificate against the lab's and names the broker
    // in its hello, as a device configured with the broker's name and CA would.
    MqttLink.Tls tls =
        listener.tls() ? new MqttLink.Tls(LabTls.trustingClient(), broker.id()) : null;
    link =
        MqttLink.connect(
            access.address(),
            access.port(),
            actor.id(),
            actor.id(),
            null,
            options.timeout(MQTT_TIMEOUT),
            tls);
    synchronized (this) {
      if (!running) {
        link.close();
        throw new IOException("benign operations stopped");
      }
      links.put(key, link);
    }
    return link;
  }

  /**
   * Where {@code actor} reaches {@code broker}'s listener that the lab's clients use (the first its
   * posture lists: in clear, or over TLS); null, recorded, when the network cannot say.
   */
  private @Nullable Access brokerAccess(HostSpec actor, HostSpec broker, String operation) {
    Posture.BrokerListener l = broker.clientBrokerListener().orElseThrow();
    try {
      return fabric.access(actor.id(), broker.id(), l.protocol(), l.port());
    } catch (OtlabException e) {
      emit(
          actor,
          broker,
          l.protocol(),
          operation,
          e.getMessage(),
          new Outcome.Failed(e.getMessage()),
          Map.of());
      return null;
    }
  }

  /** The protocol the lab's clients speak to {@code broker}: MQTT, or MQTT over TLS. */
  private static Protocol mqtt(HostSpec broker) {
    return broker
        .clientBrokerListener()
        .map(Posture.BrokerListener::protocol)
        .orElse(Protocol.MQTT);
  }

  private void closeLink(String key) {
    MqttLink link;
    synchronized (this) {
      link = links.remove(key);
      subscribedLinks.remove(key);
    }
    if (link != null) {
      link.close();
    }
  }

  private @Nullable Access access(
      HostSpec actor, HostSpec target, Protocol protocol, String operation) {
    try {
      return fabric.access(actor.id(), target.id(), protocol);
    } catch (OtlabException e) {
      emit(
          actor,
          target,
          protocol,
          operation,
          e.getMessage(),
          new Outcome.Failed(e.getMessage()),
          Map.of());
      return null;
    }
  }

  /**
   * On a path through relays (or none) a connection that fails or closes, or a refused
   * subscription, is the conduits' doing as far as the actor can tell; on a direct path it is a
   * failure.
   */
  private static Outcome mqttFriction(Access access, IOException e) {
    String reason = String.valueOf(e.getMessage());
    if (access instanceof Access.Unreachable u) {
      return new Outcome.Denied("(none)", null, u.reason());
    }
    if (access instanceof Access.Relayed r) {
      return new Outcome.Denied(String.join(">", r.conduits()), null, reason);
    }
    return new Outcome.Failed(reason);
  }

  /** The lab's JSON payload style. */
  static String payload(double ts, double value) {
    return String.format(Locale.ROOT, "{\"ts\":%.3f,\"value\":%s}", ts, Double.toString(value));
  }

  /** The number of a payload in the lab's JSON style, or null. */
  static @Nullable Double value(byte[] payload) {
    String s = new String(payload, StandardCharsets.UTF_8);
    int k = s.indexOf("\"value\":");
    if (k < 0) {
      return null;
    }
    int end = k + 8;
    while (end < s.length() && "+-0123456789.eE".indexOf(s.charAt(end)) >= 0) {
      end++;
    }
    try {
      double v = Double.parseDouble(s.substring(k + 8, end));
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void emit(
      HostSpec actor,
      HostSpec target,
      Protocol protocol,
      String operation,
      String detail,
      Outcome outcome,
      Map<String, Double> values) {
    sink.accept(
        new OperationRecord(
            clock.now(), actor.id(), target.id(), protocol, operation, detail, outcome, values));
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** Closes every connection and session. */
  void stop() {
    List<MqttLink> openLinks;
    synchronized (this) {
      running = false;
      openLinks = new ArrayList<>(links.values());
      links.clear();
      subscribedLinks.clear();
    }
    openLinks.forEach(MqttLink::close);
    uaSessions.stop();
  }

  synchronized int openConnections() {
    return links.size() + uaSessions.size();
  }
}
