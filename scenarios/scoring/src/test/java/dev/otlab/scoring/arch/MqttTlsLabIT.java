package dev.otlab.scoring.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.lab.Lab;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.Library;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.network.remote.LabTls;
import dev.otlab.operations.BenignOperations;
import dev.otlab.operations.OperationRecord;
import dev.otlab.operations.OperationsOptions;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.mqtt.MqttLink;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's converged water design with its broker serving MQTT over TLS only: the gateway
 * publishes over TLS through the tapped ops-iiot relay, a cloud client over TLS through cloud-iiot
 * receives the values and sends a setpoint back, which the gateway writes to the PLC. The relays
 * read each session's ClientHello and nothing inside: no topic, no MQTT event, no message decision,
 * so the topic rules the design keeps for MQTT in clear hold nothing here, which the static check
 * reports (mqtt-topics-blind-on-tls) and whose connections it decides as the relays did.
 */
class MqttTlsLabIT {

  @TempDir Path pki;

  /** water-treatment-converged, its broker on TLS only and an mqtts rule for each client. */
  static ArchitectureSpec convergedOverTls() {
    String yaml = Library.read("architectures", "water-treatment-converged").text();
    String tls =
        yaml.replace(
                "{id: broker, zone: iiot-dmz, role: mqtt-broker, description: \"MQTT broker\"}",
                "{id: broker, zone: iiot-dmz, role: mqtt-broker, posture: {mqtt: [mqtts]},"
                    + " description: \"MQTT broker, TLS only\"}")
            .replace(
                "      - {id: mqtt-rest,",
                "      - {id: gw-tls, from: host:iiot-gw, to: host:broker, protocol: mqtts,"
                    + " action: allow}\n      - {id: mqtt-rest,")
            .replace(
                "      - {id: cloud-commands,",
                "      - {id: cloud-tls, from: host:cloud-app, to: host:broker, protocol: mqtts,"
                    + " action: allow}\n      - {id: cloud-commands,");
    assertThat(tls).as("the design changed as meant").contains("gw-tls", "cloud-tls", "[mqtts]");
    return ArchitectureLoader.parse("water-treatment-converged-tls", tls);
  }

  @Test
  void gatewayAndCloudSpeakMqttOverTlsAndTheRelaysSeeOnlyTheHello() throws Exception {
    ArchitectureSpec arch = convergedOverTls();
    PlantSpec plant = PlantLoader.load(arch.plant());
    LabClock clock = new LabClock(5, Speed.MAX);
    List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
    List<RelayDecision> decisions = new CopyOnWriteArrayList<>();
    List<OperationRecord> records = new CopyOnWriteArrayList<>();
    List<String> received = new CopyOnWriteArrayList<>();
    Lab lab =
        new Lab(
            plant,
            arch,
            clock,
            pki.resolve("servers"),
            Map.of("operator", "operator"),
            decisions::add,
            events::add);
    BenignOperations ops = null;
    try {
      lab.start();
      // Only the TLS listener exists: nothing answers for MQTT in clear.
      assertThatThrownBy(() -> lab.network().access("iiot-gw", "broker", Protocol.MQTT))
          .hasMessageContaining("offers no MQTT service");
      ops =
          new BenignOperations(
              arch,
              plant,
              lab.network(),
              clock,
              records::add,
              OperationsOptions.defaults(pki.resolve("benign")).withOperatorChangesPerHour(0));
      long started = System.nanoTime();
      ops.start();
      clock.runUntil(20);
      // A cloud client over TLS, as the optimiser's second instance would be: it receives the
      // gateway's values and sends a setpoint, both through cloud-iiot's relay.
      Access fromCloud = lab.network().access("cloud-app", "broker", Protocol.MQTTS, 8883);
      assertThat(fromCloud).isInstanceOf(Access.Relayed.class);
      // A client that does not trust the lab's certificate (the JDK's own trust store) is
      // refused in the handshake: the clients check whom they talk to.
      assertThatThrownBy(
              () ->
                  MqttLink.connect(
                      fromCloud.address(),
                      fromCloud.port(),
                      "untrusting",
                      null,
                      null,
                      Duration.ofSeconds(5),
                      new MqttLink.Tls(javax.net.ssl.SSLContext.getDefault(), "broker")))
          .isInstanceOf(java.io.IOException.class);
      try (MqttLink cloud =
          MqttLink.connect(
              fromCloud.address(),
              fromCloud.port(),
              "cloud-2",
              null,
              null,
              Duration.ofSeconds(5),
              new MqttLink.Tls(LabTls.trustingClient(), "broker"))) {
        cloud.subscribe("wt/#", 0, (topic, payload) -> received.add(topic));
        clock.runUntil(40);
        cloud.publish("wt/plc-dosing/chlorine_sp/set", "{\"ts\":40,\"value\":1.7}", 1);
        clock.runUntil(60);
      }
      double wall = (System.nanoTime() - started) / 1e9;
      lab.network().settle();

      // The cloud received the gateway's values, and its setpoint reached the PLC.
      assertThat(received).contains("wt/plc-dosing/chlorine");
      assertThat(records)
          .filteredOn(r -> r.operation().equals(OperationRecord.IIOT_PUBLISH))
          .isNotEmpty()
          .allSatisfy(
              r -> {
                assertThat(r.outcome()).isInstanceOf(OperationRecord.Outcome.Ok.class);
                assertThat(r.protocol()).isEqualTo(Protocol.MQTTS);
              });
      assertThat(records)
          .filteredOn(r -> r.operation().equals(OperationRecord.IIOT_WRITE_BACK))
          .anySatisfy(
              r -> {
                assertThat(r.values()).containsEntry("chlorine_sp", 1.7);
                assertThat(r.outcome()).isInstanceOf(OperationRecord.Outcome.Ok.class);
              });
      assertThat(lab.plant().controller("plc-dosing").image().get("chlorine_sp")).isEqualTo(1.7);

      // What the relays saw: one ClientHello per session, naming the broker, and nothing else.
      List<ProtocolEvent> tls =
          events.stream().filter(e -> e.protocol() == Protocol.MQTTS).toList();
      assertThat(tls)
          .filteredOn(e -> e.sourceHost().equals("iiot-gw"))
          .isNotEmpty()
          .allSatisfy(
              e -> {
                assertThat(e.operation()).isEqualTo("TLS_CLIENT_HELLO");
                assertThat(e.nodeIds())
                    .containsExactly("sni=broker", "alpn=mqtt", "version=TLS1.3");
                assertThat(e.conduit()).isEqualTo("ops-iiot");
                assertThat(e.rule()).isEqualTo("gw-tls");
              });
      assertThat(tls)
          .filteredOn(e -> e.sourceHost().equals("cloud-app"))
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.operation()).isEqualTo("TLS_CLIENT_HELLO"));
      assertThat(events)
          .noneMatch(e -> e.protocol() == Protocol.MQTT)
          .noneMatch(e -> e.nodeIds().stream().anyMatch(s -> s.startsWith("topic=")));
      List<RelayDecision> mqtts =
          decisions.stream().filter(d -> d.protocol() == Protocol.MQTTS).toList();
      assertThat(mqtts)
          .isNotEmpty()
          .allSatisfy(
              d -> {
                assertThat(d.scope()).isEqualTo(RelayDecision.Scope.CONNECTION);
                assertThat(d.decision().allowed()).isTrue();
                assertThat(d.port()).isEqualTo(8883);
              });

      // The static check decides those connections as the relays did, and says what the design's
      // topic rules no longer hold.
      Reachability reach = new Reachability(arch);
      Service brokerTls = new Service(Protocol.MQTTS, 8883);
      assertThat(reach.access("iiot-gw", "broker", brokerTls)).isPresent();
      assertThat(reach.access("cloud-app", "broker", brokerTls)).isPresent();
      assertThat(reach.access("hmi-1", "broker", brokerTls)).isEmpty();
      List<Finding> blind = ArchitectureChecks.mqttTopicsBlindOnTls(reach);
      assertThat(blind)
          .extracting(f -> f.elements().get(0))
          .containsExactlyInAnyOrder(
              "rule:ops-iiot/gw-values",
              "rule:ops-iiot/gw-commands",
              "rule:cloud-iiot/cloud-values",
              "rule:cloud-iiot/cloud-commands");
      assertThat(blind)
          .allSatisfy(
              f -> {
                assertThat(f.severity()).isEqualTo(Severity.HIGH);
                assertThat(f.message())
                    .contains("broker serves MQTT over TLS only", "the limit holds nowhere");
              });
      assertThat(ArchitectureChecks.iiotWriteBack(reach))
          .singleElement()
          .satisfies(f -> assertThat(f.message()).contains("cloud-app can publish there"));
      System.out.printf(
          "MQTT over TLS lab: %.0f lab s in %.1f s wall, %d TLS hellos tapped, %d values received%n",
          clock.now(), wall, tls.size(), received.size());
    } finally {
      if (ops != null) {
        ops.stop();
      }
      lab.stop();
    }
  }

  @Test
  void aCompromisedCloudRetunesTheLoopOverTlsWhereNoConduitSeesTheTopic() {
    // wt-cloud-retune-dosing on the TLS design: the cloud application, held by the attacker,
    // zeroes the dosing gain with the broker's own listener, over TLS.
    RunTrace t =
        new ScenarioRun(
                ScenarioLoader.load("wt-cloud-retune-dosing"),
                convergedOverTls(),
                new ScenarioRun.Options(1, Speed.MAX, pki, r -> {}, DetectionLoader.load("full")))
            .run();
    assertThat(t.objectiveReached()).isTrue();
    assertThat(t.steps())
        .isNotEmpty()
        .allSatisfy(
            s -> {
              assertThat(s.outcome()).isEqualTo(RunTrace.Outcome.SUCCEEDED);
              assertThat(s.detail()).contains("dosing_kp");
            });
    // The attacker's sessions, like the cloud's own, show the relay a ClientHello and no topic.
    assertThat(t.events())
        .filteredOn(e -> e.label() instanceof dev.otlab.lab.Label.Attack)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.event().protocol()).isEqualTo(Protocol.MQTTS);
              assertThat(e.event().operation()).isEqualTo("TLS_CLIENT_HELLO");
            });
  }
}
