package dev.otlab.network.relay;

import dev.otlab.network.RuleAction;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.network.relay.RelayDecision.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * MQTT inspection (3.1, 3.1.1 and 5): every PUBLISH and SUBSCRIBE of the client is judged against
 * the conduit's topic rules before it is forwarded; CONNECT, SUBSCRIBE, UNSUBSCRIBE and PUBLISH at
 * QoS 1 and 2 are paired with their acknowledgement (CONNACK, SUBACK, UNSUBACK, PUBACK or PUBREC)
 * so one tap event carries the request and its outcome; a QoS 0 PUBLISH, a DISCONNECT and every
 * PUBLISH the broker delivers to the client ({@code MQTT_DELIVER}) are reported as they pass.
 *
 * <p>Events: operation {@code MQTT_<PACKET>}; {@code code} the packet type; {@code nodeIds} {@code
 * key=value} pairs: {@code client=} (every event), {@code user=} and {@code version=} of a CONNECT
 * (never the password), {@code topic=} per topic or filter, {@code qos=}, {@code retain=} and
 * {@code bytes=} (payload size) of a PUBLISH; {@code values} the number of a JSON payload's {@code
 * "value"}; {@code status} the CONNACK return code, the first failing SUBACK code, or the MQTT 5
 * reason code; {@code write} for a client's PUBLISH.
 *
 * <p>Refusals. MQTT 3.1.1 has no way for a broker to refuse one PUBLISH, and refuses a SUBSCRIBE
 * only with a SUBACK failure code. DENY closes the connection (what a broker does on an
 * unauthorised publish under 3.1.1, and bounded for the client, as for Modbus). REJECT answers in
 * the broker's place and keeps the connection: a SUBSCRIBE gets a SUBACK with failure 0x80 (MQTT 5:
 * 0x87, not authorised) for each of its filters; a PUBLISH is dropped and, at QoS 1 or 2,
 * acknowledged (PUBACK, or PUBREC and then PUBCOMP; MQTT 5 with reason 0x87), which is what brokers
 * do with a publish their access list refuses. A SUBSCRIBE naming several filters is refused whole
 * when one is refused.
 *
 * <p>The stream must open with a CONNECT and hold one; packets of the wrong direction, a second
 * CONNECT, a topic alias never set or any packet that does not decode close the connection as
 * malformed (a relay cannot judge what it cannot read).
 */
public final class MqttInspector extends PairingInspector<Long, MqttInspector.Pending> {

  /** MQTT 5's reason code "not authorized". */
  private static final int NOT_AUTHORIZED = 0x87;

  record Pending(
      double time,
      String operation,
      int code,
      List<String> nodeIds,
      List<Double> values,
      boolean write,
      ConduitDecision decision) {}

  // Pending requests are keyed by packet type and id: CONNECT is -1, the acknowledgement's type
  // finds its request's.
  // Client side only.
  private final Map<Integer, String> clientAliases = new HashMap<>();
  private final Set<Integer> rejectedQos2 = new HashSet<>();
  // Server side only.
  private final Map<Integer, String> serverAliases = new HashMap<>();
  private volatile int version = 4;
  private volatile String clientId = "";
  private volatile boolean connected;

  public MqttInspector(ConnectionContext ctx) {
    super(ctx, MqttMessage::framer);
  }

  @Override
  public Verdict fromClient(byte[] frame) {
    double time = ctx.now();
    MqttMessage m;
    try {
      m = MqttMessage.decode(frame, version);
    } catch (IllegalArgumentException e) {
      return malformed(time, e.getMessage());
    }
    if (!connected && m.type() != MqttMessage.CONNECT) {
      return malformed(time, m.typeName() + " before CONNECT");
    }
    return switch (m.type()) {
      case MqttMessage.CONNECT -> {
        if (connected) {
          yield malformed(time, "a second CONNECT");
        }
        connected = true;
        version = m.protocolLevel();
        clientId = m.clientId();
        List<String> ids = new ArrayList<>();
        ids.add("client=" + m.clientId());
        if (m.userName() != null) {
          ids.add("user=" + m.userName());
        }
        ids.add("version=" + versionName(m.protocolLevel()));
        hold(
            key(MqttMessage.CONNACK, -1),
            new Pending(
                time,
                "MQTT_CONNECT",
                m.type(),
                ids,
                List.of(),
                false,
                ctx.matcher().connection(ctx.flow())));
        yield new Verdict.Forward(frame);
      }
      case MqttMessage.PUBLISH -> publish(time, m, frame);
      case MqttMessage.SUBSCRIBE -> subscribe(time, m, frame);
      case MqttMessage.UNSUBSCRIBE -> {
        hold(
            key(MqttMessage.UNSUBACK, m.packetId()),
            new Pending(
                time,
                "MQTT_UNSUBSCRIBE",
                m.type(),
                withClient(topicIds(m.topics())),
                List.of(),
                false,
                ctx.matcher().connection(ctx.flow())));
        yield new Verdict.Forward(frame);
      }
      case MqttMessage.PUBREL -> {
        if (rejectedQos2.remove(m.packetId())) {
          // The broker never saw the PUBLISH this releases: finish the exchange in its place.
          yield new Verdict.Answer(MqttMessage.ack(MqttMessage.PUBCOMP, m.packetId(), 0, version));
        }
        yield new Verdict.Forward(frame);
      }
      case MqttMessage.DISCONNECT -> {
        ctx.emitMessage(
            time,
            "MQTT_DISCONNECT",
            m.type(),
            withClient(List.of()),
            List.of(),
            Result.OK,
            Math.max(0, m.returnCode()),
            false,
            ctx.matcher().connection(ctx.flow()));
        yield new Verdict.Forward(frame);
      }
      case MqttMessage.PUBACK, MqttMessage.PUBREC, MqttMessage.PUBCOMP, MqttMessage.PINGREQ ->
          new Verdict.Forward(frame);
      case MqttMessage.AUTH -> new Verdict.Forward(frame);
      default -> malformed(time, m.typeName() + " sent by a client");
    };
  }

  private Verdict publish(double time, MqttMessage m, byte[] frame) {
    String topic = m.topics().get(0);
    if (m.topicAlias() != 0) {
      if (!topic.isEmpty()) {
        clientAliases.put(m.topicAlias(), topic);
      } else {
        topic = clientAliases.get(m.topicAlias());
        if (topic == null) {
          return malformed(time, "PUBLISH with topic alias " + m.topicAlias() + " never set");
        }
      }
    }
    Operation.Mqtt op;
    try {
      op = Operation.Mqtt.publish(topic);
    } catch (IllegalArgumentException e) {
      return malformed(time, "PUBLISH topic " + e.getMessage());
    }
    ConduitDecision decision =
        ctx.record(time, Scope.MESSAGE, op.toString(), ctx.matcher().mqtt(ctx.flow(), op));
    List<String> ids = withClient(publishIds(topic, m));
    List<Double> values = m.value() == null ? List.of() : List.of(m.value());
    if (decision instanceof ConduitDecision.Denied denied) {
      boolean reject = denied.action() == RuleAction.REJECT;
      ctx.emitMessage(
          time,
          "MQTT_PUBLISH",
          m.type(),
          ids,
          values,
          reject ? Result.REJECTED : Result.DENIED,
          reject && version >= 5 ? NOT_AUTHORIZED : 0,
          true,
          decision);
      if (!reject) {
        return new Verdict.Close(denied.reason(), null);
      }
      int reason = version >= 5 ? NOT_AUTHORIZED : 0;
      return switch (m.qos()) {
        case 1 ->
            new Verdict.Answer(MqttMessage.ack(MqttMessage.PUBACK, m.packetId(), reason, version));
        case 2 -> {
          rejectedQos2.add(m.packetId());
          yield new Verdict.Answer(
              MqttMessage.ack(MqttMessage.PUBREC, m.packetId(), reason, version));
        }
        default -> new Verdict.Answer(new byte[0]);
      };
    }
    if (m.qos() == 0) {
      ctx.emitMessage(time, "MQTT_PUBLISH", m.type(), ids, values, Result.OK, 0, true, decision);
    } else {
      int ackType = m.qos() == 1 ? MqttMessage.PUBACK : MqttMessage.PUBREC;
      hold(
          key(ackType, m.packetId()),
          new Pending(time, "MQTT_PUBLISH", m.type(), ids, values, true, decision));
    }
    return new Verdict.Forward(frame);
  }

  private Verdict subscribe(double time, MqttMessage m, byte[] frame) {
    List<Operation.Mqtt> ops = new ArrayList<>();
    for (String f : m.topics()) {
      try {
        ops.add(Operation.Mqtt.subscribe(f));
      } catch (IllegalArgumentException e) {
        return malformed(time, "SUBSCRIBE filter " + e.getMessage());
      }
    }
    ConduitDecision decision = null;
    Operation.Mqtt judged = ops.get(0);
    for (Operation.Mqtt op : ops) {
      ConduitDecision d = ctx.matcher().mqtt(ctx.flow(), op);
      if (decision == null || !d.allowed()) {
        decision = d;
        judged = op;
      }
      if (!d.allowed()) {
        break;
      }
    }
    ctx.record(time, Scope.MESSAGE, judged.toString(), decision);
    List<String> ids = withClient(topicIds(m.topics()));
    if (decision instanceof ConduitDecision.Denied denied) {
      boolean reject = denied.action() == RuleAction.REJECT;
      int failure = version >= 5 ? NOT_AUTHORIZED : 0x80;
      ctx.emitMessage(
          time,
          "MQTT_SUBSCRIBE",
          m.type(),
          ids,
          List.of(),
          reject ? Result.REJECTED : Result.DENIED,
          reject ? failure : 0,
          false,
          decision);
      if (!reject) {
        return new Verdict.Close(denied.reason(), null);
      }
      List<Integer> codes = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        codes.add(failure);
      }
      return new Verdict.Answer(MqttMessage.suback(m.packetId(), codes, version));
    }
    hold(
        key(MqttMessage.SUBACK, m.packetId()),
        new Pending(time, "MQTT_SUBSCRIBE", m.type(), ids, List.of(), false, decision));
    return new Verdict.Forward(frame);
  }

  @Override
  public Verdict fromServer(byte[] frame) {
    MqttMessage m;
    try {
      m = MqttMessage.decode(frame, version);
    } catch (IllegalArgumentException e) {
      // The broker's bytes are its client's business: passed on, not reported.
      return new Verdict.Forward(frame);
    }
    switch (m.type()) {
      case MqttMessage.CONNACK -> acknowledged(key(MqttMessage.CONNACK, -1), m.returnCode(), m);
      case MqttMessage.PUBACK, MqttMessage.PUBREC, MqttMessage.UNSUBACK ->
          acknowledged(key(m.type(), m.packetId()), Math.max(0, m.returnCode()), m);
      case MqttMessage.SUBACK -> {
        int failure = 0;
        for (int c : m.codes()) {
          if (c >= 0x80) {
            failure = c;
            break;
          }
        }
        acknowledged(key(MqttMessage.SUBACK, m.packetId()), failure, m);
      }
      case MqttMessage.PUBLISH -> delivered(m);
      default -> {
        // PUBREL, PUBCOMP, PINGRESP, DISCONNECT, AUTH: plumbing.
      }
    }
    return new Verdict.Forward(frame);
  }

  private void delivered(MqttMessage m) {
    String topic = m.topics().get(0);
    if (m.topicAlias() != 0) {
      if (!topic.isEmpty()) {
        serverAliases.put(m.topicAlias(), topic);
      } else {
        topic = serverAliases.getOrDefault(m.topicAlias(), "");
      }
    }
    ctx.emitMessage(
        ctx.now(),
        "MQTT_DELIVER",
        m.type(),
        withClient(publishIds(topic, m)),
        m.value() == null ? List.of() : List.of(m.value()),
        Result.OK,
        0,
        false,
        ctx.matcher().connection(ctx.flow()));
  }

  private void acknowledged(long key, int status, MqttMessage answer) {
    Pending p = answered(key);
    if (p == null) {
      return;
    }
    boolean failed = answer.type() == MqttMessage.CONNACK ? status != 0 : status >= 0x80;
    ctx.emitMessage(
        p.time(),
        p.operation(),
        p.code(),
        p.nodeIds(),
        p.values(),
        failed ? Result.ERROR : Result.OK,
        status,
        p.write(),
        p.decision());
  }

  @Override
  protected void unanswered(Pending p) {
    ctx.emitMessage(
        p.time(),
        p.operation(),
        p.code(),
        p.nodeIds(),
        p.values(),
        Result.NO_RESPONSE,
        0,
        p.write(),
        p.decision());
  }

  private Verdict malformed(double time, @Nullable String reason) {
    ctx.emitConnection(time, "MALFORMED", Result.DENIED, null);
    return new Verdict.Close("malformed MQTT: " + reason, null);
  }

  private static long key(int ackType, int packetId) {
    return ((long) ackType << 32) | (packetId & 0xFFFFFFFFL);
  }

  private List<String> withClient(List<String> ids) {
    List<String> out = new ArrayList<>(ids.size() + 1);
    out.add("client=" + clientId);
    out.addAll(ids);
    return out;
  }

  private static List<String> topicIds(List<String> topics) {
    List<String> out = new ArrayList<>(topics.size());
    for (String t : topics) {
      out.add("topic=" + t);
    }
    return out;
  }

  private static List<String> publishIds(String topic, MqttMessage m) {
    return List.of(
        "topic=" + topic, "qos=" + m.qos(), "retain=" + m.retain(), "bytes=" + m.payloadSize());
  }

  private static String versionName(int level) {
    return switch (level) {
      case 3 -> "3.1";
      case 4 -> "3.1.1";
      default -> "5";
    };
  }
}
