package dev.otlab.network.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.relay.ConduitDecision.Refusal;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.simulator.mqtt.MqttBroker;
import dev.otlab.simulator.mqtt.MqttLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real broker (Moquette) behind a real relay, real clients (Paho) on both sides: the gateway
 * publishes values through the relay and subscribes to commands, the rules refuse other topics and
 * directions, and the tap reports connects, subscriptions, publishes and deliveries.
 */
class MqttRelayIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final HostRef GATEWAY = HostRef.of("iiot-gw", "operations");
  private static final HostRef BROKER = HostRef.of("broker", "iiot-dmz");
  private static final Flow FLOW = Flow.of(GATEWAY, BROKER, Protocol.MQTT);

  private final List<RelayDecision> decisions = new CopyOnWriteArrayList<>();
  private final List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private MqttBroker broker;

  @BeforeEach
  void startBroker() {
    broker = closing(new MqttBroker("broker", "127.0.0.1"));
    broker.start();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  private static RuleSpec mqtt(String id, RuleAction a, MqttDirection d, String... topics) {
    return new RuleSpec(
        id,
        Selector.host("iiot-gw"),
        Selector.zone("iiot-dmz"),
        Protocol.MQTT,
        null,
        a,
        null,
        null,
        new MqttFilter(List.of(topics), d));
  }

  private ConduitRelay relay(RuleSpec... rules) {
    ConduitSpec c = new ConduitSpec("ops-iiot", "operations", "iiot-dmz", List.of(rules), "test");
    ConduitRelay r =
        closing(
            new ConduitRelay(
                RelayRoute.of("gw-broker-mqtt", FLOW, c, broker.port()),
                RelayConfig.defaults(),
                () -> 7.0,
                decisions::add,
                events::add));
    r.start();
    return r;
  }

  private MqttLink link(int port, String clientId) throws IOException {
    return closing(MqttLink.connect("127.0.0.1", port, clientId, "gateway", null, TIMEOUT));
  }

  private static RuleSpec[] gatewayRules(RuleAction rest) {
    return new RuleSpec[] {
      mqtt("values", RuleAction.ALLOW, MqttDirection.PUBLISH, "wt/+/+"),
      mqtt("commands", RuleAction.ALLOW, MqttDirection.SUBSCRIBE, "wt/+/+/set"),
      new RuleSpec("rest", Selector.ANY, Selector.ANY, Protocol.MQTT, null, rest, null, null)
    };
  }

  @Test
  void allowedTopicsFlowBothWaysAndTheTapSeesThem() throws Exception {
    ConduitRelay relay = relay(gatewayRules(RuleAction.REJECT));
    MqttLink gateway = link(relay.port(), "gw-1");
    // The cloud side reaches the broker directly (its own zone).
    MqttLink cloud = link(broker.port(), "cloud-app");
    BlockingQueue<String> atCloud = new LinkedBlockingQueue<>();
    BlockingQueue<String> atGateway = new LinkedBlockingQueue<>();
    cloud.subscribe("wt/#", 1, (t, p) -> atCloud.add(t + " " + utf8(p)));
    gateway.subscribe("wt/plc-1/+/set", 1, (t, p) -> atGateway.add(t + " " + utf8(p)));

    gateway.publish("wt/plc-1/level", "{\"ts\":7.0,\"value\":4.25}", 1);
    assertThat(atCloud.poll(5, TimeUnit.SECONDS))
        .isEqualTo("wt/plc-1/level {\"ts\":7.0,\"value\":4.25}");
    cloud.publish("wt/plc-1/level_setpoint/set", "{\"ts\":8.0,\"value\":5.5}", 1);
    assertThat(atGateway.poll(5, TimeUnit.SECONDS))
        .isEqualTo("wt/plc-1/level_setpoint/set {\"ts\":8.0,\"value\":5.5}");
    // What a relay hop adds to a QoS 1 publish (PUBLISH in, PUBACK back): measured, not asserted.
    MqttLink direct = link(broker.port(), "gw-direct");
    System.out.printf(
        "MQTT QoS 1 publish round trip, median of 200: direct %.3f ms, through a relay %.3f ms%n",
        medianMillis(direct), medianMillis(gateway));

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(events)
                    .extracting(ProtocolEvent::operation)
                    .contains("MQTT_CONNECT", "MQTT_SUBSCRIBE", "MQTT_PUBLISH", "MQTT_DELIVER"));
    ProtocolEvent connect = first("MQTT_CONNECT");
    assertThat(connect.nodeIds()).containsExactly("client=gw-1", "user=gateway", "version=3.1.1");
    assertThat(connect.result()).isEqualTo(Result.OK);
    ProtocolEvent publish = first("MQTT_PUBLISH");
    assertThat(publish.nodeIds()).contains("topic=wt/plc-1/level", "qos=1");
    assertThat(publish.values()).containsExactly(4.25);
    assertThat(publish.write()).isTrue();
    assertThat(publish.result()).isEqualTo(Result.OK);
    assertThat(publish.rule()).isEqualTo("values");
    ProtocolEvent delivery = first("MQTT_DELIVER");
    assertThat(delivery.nodeIds()).contains("topic=wt/plc-1/level_setpoint/set");
    assertThat(delivery.values()).containsExactly(5.5);
    assertThat(first("MQTT_SUBSCRIBE").rule()).isEqualTo("commands");
  }

  @Test
  void rejectRefusesSubscriptionsWithASubackFailureAndKeepsTheConnection() throws Exception {
    ConduitRelay relay = relay(gatewayRules(RuleAction.REJECT));
    MqttLink gateway = link(relay.port(), "gw-1");
    MqttLink cloud = link(broker.port(), "cloud-app");
    BlockingQueue<String> atCloud = new LinkedBlockingQueue<>();
    cloud.subscribe("#", 1, (t, p) -> atCloud.add(t));

    // Wildcard reconnaissance from the gateway side: answered 0x80 in the broker's place.
    assertThatThrownBy(() -> gateway.subscribe("#", 0, (t, p) -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refused");
    // A publish to a command topic (the wrong direction) is dropped and acknowledged.
    gateway.publish("wt/plc-1/level_setpoint/set", "{\"value\":99}", 1);
    // The connection survives: the next allowed publish arrives, and nothing before it did.
    gateway.publish("wt/plc-1/level", "{\"value\":1}", 1);
    assertThat(atCloud.poll(5, TimeUnit.SECONDS)).isEqualTo("wt/plc-1/level");
    assertThat(gateway.isConnected()).isTrue();

    List<RelayDecision> refused = decisions.stream().filter(d -> !d.decision().allowed()).toList();
    assertThat(refused)
        .extracting(d -> ((ConduitDecision.Denied) d.decision()).refusal())
        .containsExactly(Refusal.DIRECTION, Refusal.TOPIC);
    assertThat(events)
        .filteredOn(e -> e.result() == Result.REJECTED)
        .extracting(ProtocolEvent::operation)
        .containsExactly("MQTT_SUBSCRIBE", "MQTT_PUBLISH");
  }

  @Test
  void denyClosesTheConnectionOnARefusedPublish() throws Exception {
    ConduitRelay relay = relay(gatewayRules(RuleAction.DENY));
    MqttLink gateway = link(relay.port(), "gw-1");
    MqttLink cloud = link(broker.port(), "cloud-app");
    BlockingQueue<String> atCloud = new LinkedBlockingQueue<>();
    cloud.subscribe("#", 1, (t, p) -> atCloud.add(t));

    assertThatThrownBy(() -> gateway.publish("other/topic", "{\"value\":1}", 1))
        .isInstanceOf(IOException.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.isConnected());
    assertThat(atCloud.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(events)
        .filteredOn(e -> e.operation().equals("MQTT_PUBLISH"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.result()).isEqualTo(Result.DENIED);
              assertThat(e.nodeIds()).contains("topic=other/topic");
            });
  }

  private static double medianMillis(MqttLink link) throws IOException {
    long[] took = new long[200];
    for (int i = 0; i < took.length; i++) {
      long t0 = System.nanoTime();
      link.publish("wt/plc-1/flow", "{\"value\":" + i + "}", 1);
      took[i] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(took);
    return took[took.length / 2] / 1e6;
  }

  private ProtocolEvent first(String operation) {
    return events.stream().filter(e -> e.operation().equals(operation)).findFirst().orElseThrow();
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
