package dev.otlab.network.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.relay.ConduitDecision.Refusal;
import dev.otlab.network.relay.ProtocolEvent.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MQTT framing, decoding, topic filters, the policy's topic rules and the inspector. */
class MqttInspectorTest {

  private static final HostRef GATEWAY = HostRef.of("iiot-gw", "operations");
  private static final HostRef BROKER = HostRef.of("broker", "iiot-dmz");

  private final List<RelayDecision> decisions = new ArrayList<>();
  private final List<ProtocolEvent> events = new ArrayList<>();
  private double now = 3.0;

  private static RuleSpec mqtt(
      String id, RuleAction action, MqttDirection direction, String... topics) {
    return new RuleSpec(
        id,
        Selector.ANY,
        Selector.ANY,
        Protocol.MQTT,
        null,
        action,
        null,
        null,
        new MqttFilter(List.of(topics), direction));
  }

  private static RuleSpec rest(RuleAction action) {
    return new RuleSpec(
        "rest", Selector.ANY, Selector.ANY, Protocol.MQTT, null, action, null, null);
  }

  private static List<ConduitSpec> conduits(RuleSpec... rules) {
    return List.of(new ConduitSpec("ops-iiot", "operations", "iiot-dmz", List.of(rules), "test"));
  }

  private MqttInspector inspector(RuleSpec... rules) {
    return new MqttInspector(
        new ConnectionContext(
            "relay-1",
            "relay-1#1",
            Flow.of(GATEWAY, BROKER, Protocol.MQTT),
            new ConduitMatcher(conduits(rules)),
            () -> now,
            decisions::add,
            events::add));
  }

  private static byte[] json(double value) {
    return ("{\"ts\":12.0,\"value\":" + value + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void topicFiltersMatchAndCoverAsMqttDefines() {
    assertThat(MqttFilter.matches("site/+/level", "site/plc-1/level")).isTrue();
    assertThat(MqttFilter.matches("site/+/level", "site/plc-1/flow")).isFalse();
    assertThat(MqttFilter.matches("site/#", "site")).isTrue();
    assertThat(MqttFilter.matches("site/#", "site/a/b/c")).isTrue();
    assertThat(MqttFilter.matches("site/+", "site/a/b")).isFalse();
    assertThat(MqttFilter.matches("#", "$SYS/broker/uptime")).isFalse();
    assertThat(MqttFilter.matches("$SYS/#", "$SYS/broker/uptime")).isTrue();
    assertThat(MqttFilter.covers("site/#", "site/+/level")).isTrue();
    assertThat(MqttFilter.covers("site/+/level", "site/#")).isFalse();
    assertThat(MqttFilter.covers("site/+/+", "site/+/level")).isTrue();
    assertThat(MqttFilter.covers("site/plc/level", "site/+/level")).isFalse();
    assertThat(MqttFilter.covers("site/#", "#")).isFalse();
    assertThat(MqttFilter.filterProblem("site/#/x")).contains("#");
    assertThat(MqttFilter.filterProblem("site/a+")).contains("+");
    assertThat(MqttFilter.filterProblem("")).isEqualTo("is empty");
    assertThatThrownBy(() -> new MqttFilter(List.of("a/#/b"), MqttDirection.ANY))
        .hasMessageContaining("a/#/b");
    assertThatThrownBy(
            () ->
                new RuleSpec(
                    "x",
                    Selector.ANY,
                    Selector.ANY,
                    Protocol.MODBUS,
                    null,
                    RuleAction.ALLOW,
                    null,
                    null,
                    new MqttFilter(List.of(), MqttDirection.ANY)))
        .hasMessageContaining("MQTT limits on a MODBUS rule");
  }

  @Test
  void policyJudgesTopicsAndDirections() {
    Flow flow = Flow.of(GATEWAY, BROKER, Protocol.MQTT);
    List<ConduitSpec> c =
        conduits(
            mqtt("values", RuleAction.ALLOW, MqttDirection.PUBLISH, "site/+/+"),
            mqtt("commands", RuleAction.ALLOW, MqttDirection.SUBSCRIBE, "site/+/+/set"));
    assertThat(Policy.decide(c, flow, Operation.Mqtt.publish("site/plc-1/level")).allowed())
        .isTrue();
    assertThat(Policy.decide(c, flow, Operation.Mqtt.subscribe("site/plc-1/+/set")).allowed())
        .isTrue();
    // The first allow rule whose filter refused names the refusal.
    ConduitDecision wrongWay = Policy.decide(c, flow, Operation.Mqtt.publish("site/plc-1/sp/set"));
    assertThat(wrongWay)
        .isInstanceOfSatisfying(
            ConduitDecision.Denied.class,
            d -> {
              assertThat(d.refusal()).isEqualTo(Refusal.TOPIC);
              assertThat(d.rule()).isEqualTo("values");
              assertThat(d.reason()).contains("site/plc-1/sp/set", "site/+/+");
            });
    ConduitDecision commandsOnly =
        Policy.decide(
            conduits(c.get(0).rules().get(1)), flow, Operation.Mqtt.publish("site/plc-1/sp/set"));
    assertThat(commandsOnly)
        .isInstanceOfSatisfying(
            ConduitDecision.Denied.class,
            d -> {
              assertThat(d.refusal()).isEqualTo(Refusal.DIRECTION);
              assertThat(d.rule()).isEqualTo("commands");
              assertThat(d.reason()).contains("publishing", "commands");
            });
    ConduitDecision everything = Policy.decide(c, flow, Operation.Mqtt.subscribe("#"));
    assertThat(everything)
        .isInstanceOfSatisfying(
            ConduitDecision.Denied.class,
            d -> {
              assertThat(d.refusal()).isEqualTo(Refusal.DIRECTION);
              assertThat(d.action()).isEqualTo(RuleAction.DENY);
            });
    List<ConduitSpec> topicsOnly =
        conduits(
            mqtt("values", RuleAction.ALLOW, MqttDirection.ANY, "site/#"), rest(RuleAction.REJECT));
    ConduitDecision other = Policy.decide(topicsOnly, flow, Operation.Mqtt.publish("other/x"));
    assertThat(other)
        .isInstanceOfSatisfying(
            ConduitDecision.Denied.class,
            d -> {
              assertThat(d.refusal()).isEqualTo(Refusal.TOPIC);
              assertThat(d.action()).isEqualTo(RuleAction.REJECT);
              assertThat(d.rule()).isEqualTo("rest");
              assertThat(d.reason()).contains("other/x", "values");
            });
    // The connection itself passes on the allow rule whatever its filter.
    assertThat(Policy.connection(topicsOnly, flow).allowed()).isTrue();
  }

  @Test
  void operationSpaceHasAPublishAndASubscriptionPerFilter() {
    OperationSpace space =
        OperationSpace.of(
            Protocol.MQTT,
            conduits(mqtt("values", RuleAction.ALLOW, MqttDirection.PUBLISH, "site/+/+")));
    assertThat(space.operations())
        .containsExactly(
            Operation.Mqtt.publish("site/x/x"),
            Operation.Mqtt.subscribe("site/+/+"),
            Operation.Mqtt.publish(OperationSpace.MQTT_OTHER),
            Operation.Mqtt.subscribe(OperationSpace.MQTT_OTHER),
            Operation.Mqtt.subscribe("#"));
    assertThat(space.writes().stream().boxed().toList()).containsExactly(0, 2);
    assertThat(space.classOf(Operation.Mqtt.subscribe("#"))).isEqualTo(4);
  }

  @Test
  void connectSubscribePublishAndDeliveriesAreReportedWithTheirAnswers() {
    MqttInspector insp = inspector(mqtt("all", RuleAction.ALLOW, MqttDirection.ANY, "site/#"));
    byte[] connect =
        MqttMessage.connect(
            "gw-1", "gateway", "s3cret-password".getBytes(StandardCharsets.UTF_8), 4);
    assertThat(insp.fromClient(connect)).isInstanceOf(Verdict.Forward.class);
    insp.fromServer(new byte[] {0x20, 2, 0, 0});
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.operation()).isEqualTo("MQTT_CONNECT");
              assertThat(e.nodeIds())
                  .containsExactly("client=gw-1", "user=gateway", "version=3.1.1");
              assertThat(e.nodeIds().toString()).doesNotContain("s3cret");
              assertThat(e.result()).isEqualTo(Result.OK);
              assertThat(e.protocol()).isEqualTo(Protocol.MQTT);
            });
    events.clear();

    now = 4.0;
    insp.fromClient(MqttMessage.subscribe(1, List.of("site/+/level/set"), 4));
    insp.fromClient(MqttMessage.publish("site/plc-1/level", 1, 2, json(4.25), 4));
    insp.fromClient(MqttMessage.publish("site/plc-1/flow", 0, 0, json(1.5), 4));
    // The QoS 0 publish is reported at once; the others wait for their acknowledgements.
    assertThat(events).singleElement().satisfies(e -> assertThat(e.values()).containsExactly(1.5));
    insp.fromServer(MqttMessage.ack(MqttMessage.PUBACK, 2, 0, 4));
    insp.fromServer(MqttMessage.suback(1, List.of(0), 4));
    insp.fromServer(MqttMessage.publish("site/plc-1/level/set", 0, 0, json(5.5), 4));
    assertThat(events).hasSize(4);
    ProtocolEvent pub = events.get(1);
    assertThat(pub.operation()).isEqualTo("MQTT_PUBLISH");
    assertThat(pub.write()).isTrue();
    assertThat(pub.nodeIds())
        .containsExactly(
            "client=gw-1",
            "topic=site/plc-1/level",
            "qos=1",
            "retain=false",
            "bytes=" + json(4.25).length);
    assertThat(pub.values()).containsExactly(4.25);
    assertThat(pub.time()).isEqualTo(4.0);
    ProtocolEvent sub = events.get(2);
    assertThat(sub.operation()).isEqualTo("MQTT_SUBSCRIBE");
    assertThat(sub.nodeIds()).containsExactly("client=gw-1", "topic=site/+/level/set");
    assertThat(sub.result()).isEqualTo(Result.OK);
    ProtocolEvent delivery = events.get(3);
    assertThat(delivery.operation()).isEqualTo("MQTT_DELIVER");
    assertThat(delivery.write()).isFalse();
    assertThat(delivery.values()).containsExactly(5.5);
    assertThat(decisions)
        .extracting(RelayDecision::subject)
        .containsExactly(
            "subscribe site/+/level/set", "publish site/plc-1/level", "publish site/plc-1/flow");
  }

  @Test
  void refusedConnectsAndSubscriptionsReportTheBrokersAnswer() {
    MqttInspector insp = inspector(rest(RuleAction.ALLOW));
    insp.fromClient(MqttMessage.connect("intruder", null, null, 4));
    insp.fromServer(new byte[] {0x20, 2, 0, 5});
    insp.fromClient(MqttMessage.subscribe(9, List.of("#"), 4));
    insp.fromServer(MqttMessage.suback(9, List.of(0x80), 4));
    assertThat(events)
        .extracting(ProtocolEvent::result)
        .containsExactly(Result.ERROR, Result.ERROR);
    assertThat(events).extracting(ProtocolEvent::status).containsExactly(5L, 0x80L);
  }

  @Test
  void rejectAnswersInTheBrokersPlaceAndDenyCloses() {
    RuleSpec values = mqtt("values", RuleAction.ALLOW, MqttDirection.ANY, "site/#");
    MqttInspector reject = inspector(values, rest(RuleAction.REJECT));
    reject.fromClient(MqttMessage.connect("c", null, null, 4));
    Verdict sub = reject.fromClient(MqttMessage.subscribe(3, List.of("site/#", "#"), 4));
    assertThat(((Verdict.Answer) sub).toClient())
        .containsExactly(MqttMessage.suback(3, List.of(0x80, 0x80), 4));
    Verdict q0 = reject.fromClient(MqttMessage.publish("other", 0, 0, new byte[0], 4));
    assertThat(((Verdict.Answer) q0).toClient()).isEmpty();
    Verdict q1 = reject.fromClient(MqttMessage.publish("other", 1, 4, new byte[0], 4));
    assertThat(((Verdict.Answer) q1).toClient())
        .containsExactly(MqttMessage.ack(MqttMessage.PUBACK, 4, 0, 4));
    Verdict q2 = reject.fromClient(MqttMessage.publish("other", 2, 5, new byte[0], 4));
    assertThat(((Verdict.Answer) q2).toClient())
        .containsExactly(MqttMessage.ack(MqttMessage.PUBREC, 5, 0, 4));
    Verdict rel = reject.fromClient(MqttMessage.ack(MqttMessage.PUBREL, 5, 0, 4));
    assertThat(((Verdict.Answer) rel).toClient())
        .containsExactly(MqttMessage.ack(MqttMessage.PUBCOMP, 5, 0, 4));
    assertThat(events).extracting(ProtocolEvent::result).containsOnly(Result.REJECTED).hasSize(4);
    assertThat(events.get(0).nodeIds()).contains("topic=#");

    events.clear();
    MqttInspector deny = inspector(values);
    deny.fromClient(MqttMessage.connect("c", null, null, 5));
    assertThat(deny.fromClient(MqttMessage.publish("other", 1, 1, new byte[0], 5)))
        .isInstanceOf(Verdict.Close.class);
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.result()).isEqualTo(Result.DENIED));
  }

  @Test
  void mqtt5PropertiesAndTopicAliasesAreRead() {
    MqttInspector insp = inspector(mqtt("values", RuleAction.ALLOW, MqttDirection.ANY, "a/#"));
    insp.fromClient(MqttMessage.connect("v5", "u", null, 5));
    // PUBLISH QoS 0, topic a/b, properties: topic alias 7, a user property.
    byte[] first = v5Publish("a/b", new byte[] {0x23, 0, 7, 0x26, 0, 1, 'k', 0, 1, 'v'});
    assertThat(insp.fromClient(first)).isInstanceOf(Verdict.Forward.class);
    // Then the alias alone names the topic.
    assertThat(insp.fromClient(v5Publish("", new byte[] {0x23, 0, 7})))
        .isInstanceOf(Verdict.Forward.class);
    assertThat(events)
        .extracting(e -> e.nodeIds().get(1))
        .containsExactly("topic=a/b", "topic=a/b");
    assertThat(insp.fromClient(v5Publish("", new byte[] {0x23, 0, 8})))
        .isInstanceOf(Verdict.Close.class);
    assertThat(events.get(2).operation()).isEqualTo("MALFORMED");
  }

  private static byte[] v5Publish(String topic, byte[] properties) {
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    byte[] payload = json(1);
    int remaining = 2 + t.length + 1 + properties.length + payload.length;
    byte[] out = new byte[2 + remaining];
    out[0] = 0x30;
    out[1] = (byte) remaining;
    out[2] = 0;
    out[3] = (byte) t.length;
    System.arraycopy(t, 0, out, 4, t.length);
    out[4 + t.length] = (byte) properties.length;
    System.arraycopy(properties, 0, out, 5 + t.length, properties.length);
    System.arraycopy(payload, 0, out, 5 + t.length + properties.length, payload.length);
    return out;
  }

  @Test
  void protocolViolationsCloseTheConnection() {
    MqttInspector insp = inspector(rest(RuleAction.ALLOW));
    assertThat(insp.fromClient(MqttMessage.publish("a", 0, 0, new byte[0], 4)))
        .isInstanceOf(Verdict.Close.class);
    MqttInspector twice = inspector(rest(RuleAction.ALLOW));
    twice.fromClient(MqttMessage.connect("c", null, null, 4));
    assertThat(twice.fromClient(MqttMessage.connect("c", null, null, 4)))
        .isInstanceOf(Verdict.Close.class);
    assertThat(twice.fromClient(MqttMessage.suback(1, List.of(0), 4)))
        .isInstanceOf(Verdict.Close.class);
    assertThat(events).extracting(ProtocolEvent::operation).containsOnly("MALFORMED").hasSize(3);
    assertThatThrownBy(() -> MqttMessage.decode(MqttMessage.connect("c", null, null, 6), 4))
        .hasMessageContaining("not MQTT");
    assertThatThrownBy(() -> MqttMessage.decode(new byte[] {0x32, 3, 0, 1, 'a'}, 4))
        .hasMessageContaining("truncated");
  }

  @Test
  void framingCutsPacketsWhateverTheChunkingAndRefusesBadLengths() {
    byte[] big = MqttMessage.publish("t", 0, 0, new byte[300], 4);
    assertThat(big[1] & 0x80).isNotZero();
    byte[] stream = concat(MqttMessage.connect("c", null, null, 4), big, MqttMessage.empty(12));
    StreamFramer f = MqttMessage.framer();
    List<Integer> types = new ArrayList<>();
    for (byte b : stream) {
      f.feed(new byte[] {b});
      while (f.next() instanceof StreamFramer.Next.Frame fr) {
        types.add((fr.bytes()[0] & 0xFF) >> 4);
      }
    }
    assertThat(types).containsExactly(1, 3, 12);
    StreamFramer tooLong = MqttMessage.framer();
    tooLong.feed(new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1});
    assertThat(tooLong.next()).isInstanceOf(StreamFramer.Next.Malformed.class);
    StreamFramer huge = MqttMessage.framer();
    huge.feed(new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
    assertThat(huge.next())
        .isInstanceOfSatisfying(
            StreamFramer.Next.Malformed.class, m -> assertThat(m.reason()).contains("limit"));
    StreamFramer reserved = MqttMessage.framer();
    reserved.feed(new byte[] {0x00, 0});
    assertThat(reserved.next()).isInstanceOf(StreamFramer.Next.Malformed.class);
  }

  @Test
  void randomBytesNeverThrowOrHang() {
    SplittableRandom rnd = new SplittableRandom(17);
    byte[][] seeds = {
      MqttMessage.connect("client", "user", new byte[] {1, 2}, 4),
      MqttMessage.connect("client", "user", null, 5),
      MqttMessage.publish("site/a/b", 1, 3, json(2), 4),
      MqttMessage.subscribe(4, List.of("site/#", "x/+"), 5),
      MqttMessage.suback(4, List.of(0, 0x80), 5)
    };
    int frames = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] b = seeds[rnd.nextInt(seeds.length)].clone();
      int flips = 1 + rnd.nextInt(4);
      for (int k = 0; k < flips; k++) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      }
      if (rnd.nextBoolean()) {
        b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
      }
      StreamFramer f = MqttMessage.framer();
      f.feed(b);
      MqttInspector insp = inspector(mqtt("v", RuleAction.ALLOW, MqttDirection.ANY, "site/#"));
      insp.fromClient(MqttMessage.connect("c", null, null, 4));
      StreamFramer.Next next;
      while ((next = f.next()) instanceof StreamFramer.Next.Frame fr) {
        frames++;
        assertThat(insp.fromClient(fr.bytes())).isNotNull();
        assertThat(insp.fromServer(fr.bytes())).isInstanceOf(Verdict.Forward.class);
      }
      insp.closed();
    }
    assertThat(frames).isPositive();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
