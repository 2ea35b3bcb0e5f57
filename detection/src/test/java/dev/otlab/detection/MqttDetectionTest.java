package dev.otlab.detection;

import static dev.otlab.detection.Fixtures.host;
import static dev.otlab.detection.Fixtures.profile;
import static dev.otlab.detection.Fixtures.water;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.detection.DetectionProfile.BaselineSettings;
import dev.otlab.detection.DetectionProfile.FunctionRule;
import dev.otlab.detection.DetectionProfile.RateKind;
import dev.otlab.detection.DetectionProfile.RateRule;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.Protocol;
import dev.otlab.network.SensorSpec;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.ProtocolEvent.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MQTT in the rules (topics, directions by role, no write flood) and in the baseline. */
class MqttDetectionTest {

  static final FunctionRule COMMANDS =
      new FunctionRule(
          "mqtt-command-publish",
          AlertSeverity.HIGH,
          List.of("T0855"),
          "command",
          Protocol.MQTT,
          Set.of(),
          Set.of("MQTT_PUBLISH"),
          Set.of("cloud"),
          List.of("+/+/+/set"));

  static final FunctionRule WILDCARD =
      new FunctionRule(
          "mqtt-wildcard-subscribe",
          AlertSeverity.MEDIUM,
          List.of("T0861"),
          "wildcard",
          Protocol.MQTT,
          Set.of(),
          Set.of("MQTT_SUBSCRIBE"),
          Set.of(),
          List.of("+/+/+"));

  static ArchitectureSpec architecture() {
    return new ArchitectureSpec(
        "test-iiot",
        "test",
        "one zone",
        "water-treatment",
        List.of(new ZoneSpec("plant", 1, 1, "everything")),
        List.of(
            host("iiot-gw", HostRole.IIOT_GATEWAY, null),
            host("broker", HostRole.MQTT_BROKER, null),
            host("cloud-app", HostRole.CLOUD, null),
            host("ws-1", HostRole.WORKSTATION, null),
            host("plc-intake", HostRole.PLC, "plc-intake"),
            host("plc-treatment", HostRole.PLC, "plc-treatment")),
        List.of(),
        new SensorSpec(Set.of(), Set.of("plant")),
        Map.of());
  }

  static DetectionEngine engine(DetectionProfile p) {
    return new DetectionEngine(p, water(), architecture(), null);
  }

  static ProtocolEvent mqtt(double t, String from, String op, String... nodes) {
    List<String> ids = new ArrayList<>(List.of(nodes));
    return new ProtocolEvent(
        t,
        "r",
        from + "#1",
        from,
        "broker",
        Protocol.MQTT,
        op,
        3,
        -1,
        -1,
        0,
        -1,
        0,
        ids,
        List.of(1.0),
        Result.OK,
        0,
        op.equals("MQTT_PUBLISH"),
        null,
        null);
  }

  @Test
  void commandTopicsFromAnyoneButTheCloudAndWildcardSubscriptionsAlert() {
    DetectionEngine e =
        engine(
            profile(
                List.of(COMMANDS, WILDCARD),
                List.of(),
                List.of(
                    new RateRule(
                        "write-flood",
                        AlertSeverity.HIGH,
                        List.of("T0806"),
                        RateKind.WRITE_FLOOD,
                        5,
                        10,
                        Set.of())),
                null,
                null,
                null));
    // The gateway's values, many a second, and the cloud's commands: benign.
    for (int i = 0; i < 20; i++) {
      e.accept(mqtt(i * 0.1, "iiot-gw", "MQTT_PUBLISH", "client=gw", "topic=wt/plc-1/level"));
    }
    e.accept(mqtt(3, "cloud-app", "MQTT_PUBLISH", "client=c", "topic=wt/plc-1/sp/set"));
    e.accept(mqtt(3, "cloud-app", "MQTT_SUBSCRIBE", "client=c", "topic=wt/#"));
    assertThat(e.alerts()).isEmpty();
    e.accept(mqtt(4, "ws-1", "MQTT_PUBLISH", "client=x", "topic=wt/plc-1/sp/set"));
    e.accept(mqtt(5, "ws-1", "MQTT_SUBSCRIBE", "client=x", "topic=#"));
    e.accept(mqtt(6, "iiot-gw", "MQTT_SUBSCRIBE", "client=gw", "topic=wt/+/+/set"));
    assertThat(e.alerts())
        .extracting(a -> a.rule() + " " + a.sourceHost())
        .containsExactly("mqtt-command-publish ws-1", "mqtt-wildcard-subscribe ws-1");
  }

  @Test
  void topicsAreFiltersOfMqttRulesOnly() {
    assertThatThrownBy(
            () ->
                new FunctionRule(
                    "x",
                    AlertSeverity.LOW,
                    List.of(),
                    "x",
                    Protocol.MQTT,
                    Set.of(),
                    Set.of("MQTT_PUBLISH"),
                    Set.of(),
                    List.of("a/#/b")))
        .hasMessageContaining("a/#/b");
  }

  @Test
  void theBaselineLearnsClientsAndTopicsAndFlagsNewOnes() {
    DetectionEngine e =
        engine(
            profile(
                List.of(),
                List.of(),
                List.of(),
                null,
                new BaselineSettings(
                    55, List.of("iiot-gateway>mqtt-broker mqtt MQTT_DELIVER"), AlertSeverity.HIGH),
                null));
    for (int t = 0; t < 50; t += 5) {
      e.accept(mqtt(t, "iiot-gw", "MQTT_CONNECT", "client=gw", "user=gw", "version=3.1.1"));
      e.accept(
          mqtt(t, "iiot-gw", "MQTT_PUBLISH", "client=gw", "topic=wt/plc-1/level", "bytes=" + t));
    }
    // Known client, known topic, a payload of another size: nothing new.
    e.accept(mqtt(60, "iiot-gw", "MQTT_PUBLISH", "client=gw", "topic=wt/plc-1/level", "bytes=99"));
    // A documented delivery of a command: any topic.
    e.accept(mqtt(61, "iiot-gw", "MQTT_DELIVER", "client=gw", "topic=wt/plc-1/sp/set"));
    assertThat(e.alerts()).isEmpty();
    e.accept(mqtt(70, "iiot-gw", "MQTT_CONNECT", "client=rogue", "version=3.1.1"));
    e.accept(mqtt(140, "iiot-gw", "MQTT_PUBLISH", "client=gw", "topic=wt/plc-1/level/set"));
    assertThat(e.alerts())
        .extracting(Alert::rule)
        .containsExactly("baseline-new-client", "baseline-new-topic");
    assertThat(e.alerts().get(1).summary()).contains("wt/plc-1/level/set");
  }
}
