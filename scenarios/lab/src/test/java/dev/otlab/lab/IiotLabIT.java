package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.detection.DetectionEngine;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayDecision;
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
 * The IIoT path on the embedded lab: the broker host runs a real broker, the gateway reads the
 * dosing PLC over OPC UA (sign-and-encrypt) and publishes through the tapped ops-iiot relay, the
 * cloud application subscribes and sends setpoints back through cloud-iiot, and the gateway writes
 * them to the PLC; a command for a point that is not a write-back tag is dropped by the gateway,
 * and a publish to a command topic from the gateway's side is refused by the topic rules.
 */
class IiotLabIT {

  private static final String DESIGN = "src/test/resources/architectures/water-treatment-iiot.yaml";

  @TempDir Path pki;

  @Test
  void gatewayPublishesCloudSetpointsReachThePlcAndTopicRulesHold() throws Exception {
    ArchitectureSpec arch = ArchitectureLoader.load(DESIGN);
    PlantSpec plant = PlantLoader.load(arch.plant());
    LabClock clock = new LabClock(5, Speed.MAX);
    List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
    List<RelayDecision> decisions = new CopyOnWriteArrayList<>();
    List<OperationRecord> records = new CopyOnWriteArrayList<>();
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
      // Past the full profile's 55 s of baseline training.
      clock.runUntil(60);
      // What an intruder on the gateway's side tries: a command, which the topic rules refuse,
      // and, from the cloud's side, a command for a measurement, which the gateway drops.
      Access fromGateway = lab.network().access("iiot-gw", "broker", Protocol.MQTT);
      try (MqttLink rogue =
          MqttLink.connect(
              fromGateway.address(),
              fromGateway.port(),
              "rogue",
              null,
              null,
              Duration.ofSeconds(3))) {
        rogue.publish("wt/plc-dosing/chlorine_sp/set", "{\"ts\":60,\"value\":2.9}", 1);
      }
      Access fromCloud = lab.network().access("cloud-app", "broker", Protocol.MQTT);
      try (MqttLink cloud =
          MqttLink.connect(
              fromCloud.address(),
              fromCloud.port(),
              "cloud-2",
              null,
              null,
              Duration.ofSeconds(3))) {
        cloud.publish("wt/plc-dosing/dosing_rate/set", "{\"ts\":60,\"value\":99}", 1);
      }
      double end = 90;
      while (clock.now() < 200
          && records.stream()
              .noneMatch(r -> r.operation().equals(OperationRecord.IIOT_WRITE_BACK))) {
        end = clock.now() + 10;
        clock.runUntil(end);
      }
      clock.runUntil(end + 10);
      double wall = (System.nanoTime() - started) / 1e9;
      lab.network().settle();

      // The gateway's benign publishes pass the tapped relay, labelled as what they are.
      List<ProtocolEvent> publishes =
          events.stream()
              .filter(e -> e.operation().equals("MQTT_PUBLISH"))
              .filter(e -> e.sourceHost().equals("iiot-gw"))
              .toList();
      assertThat(publishes).isNotEmpty();
      assertThat(publishes)
          .filteredOn(e -> e.nodeIds().contains("client=iiot-gw"))
          .isNotEmpty()
          .allSatisfy(
              e -> {
                assertThat(e.result()).isEqualTo(ProtocolEvent.Result.OK);
                assertThat(e.rule()).isEqualTo("gw-values");
                assertThat(e.values()).hasSize(1);
              });
      assertThat(publishes)
          .anySatisfy(e -> assertThat(e.nodeIds()).contains("topic=wt/plc-dosing/chlorine"));
      assertThat(records)
          .filteredOn(r -> r.operation().equals(OperationRecord.IIOT_PUBLISH))
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(OperationRecord.Outcome.Ok.class));
      assertThat(records)
          .filteredOn(r -> r.operation().equals(OperationRecord.IIOT_COLLECT))
          .allSatisfy(r -> assertThat(r.detail()).contains("SignAndEncrypt"));

      // The gateway subscribed to its commands; the cloud to the values.
      assertThat(events)
          .filteredOn(e -> e.operation().equals("MQTT_SUBSCRIBE"))
          .extracting(e -> e.sourceHost() + " " + e.nodeIds().get(1) + " " + e.result())
          .contains("iiot-gw topic=wt/+/+/set OK", "cloud-app topic=wt/# OK");

      // The rogue command on the gateway's side: acknowledged by the relay, never delivered.
      assertThat(events)
          .filteredOn(e -> e.nodeIds().contains("client=rogue"))
          .filteredOn(e -> e.operation().equals("MQTT_PUBLISH"))
          .singleElement()
          .satisfies(e -> assertThat(e.result()).isEqualTo(ProtocolEvent.Result.REJECTED));

      // The cloud's benign setpoint came back through the gateway and reached the PLC.
      OperationRecord cloudSet =
          records.stream()
              .filter(r -> r.operation().equals(OperationRecord.CLOUD_SETPOINT))
              .findFirst()
              .orElseThrow();
      assertThat(cloudSet.values()).containsOnlyKeys("chlorine_sp");
      List<OperationRecord> writeBacks =
          records.stream()
              .filter(r -> r.operation().equals(OperationRecord.IIOT_WRITE_BACK))
              .toList();
      assertThat(writeBacks)
          .filteredOn(r -> r.outcome() instanceof OperationRecord.Outcome.Ok)
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.values()).containsOnlyKeys("chlorine_sp"));
      OperationRecord lastWrite =
          writeBacks.stream()
              .filter(r -> r.outcome() instanceof OperationRecord.Outcome.Ok)
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(lab.plant().controller("plc-dosing").image().get("chlorine_sp"))
          .isEqualTo(lastWrite.values().get("chlorine_sp"));
      assertThat(writeBacks)
          .filteredOn(r -> r.values().containsKey("dosing_rate"))
          .singleElement()
          .satisfies(
              r -> assertThat(r.outcome()).isInstanceOf(OperationRecord.Outcome.Failed.class));
      assertThat(lab.plant().controller("plc-dosing").image().get("chlorine_sp")).isNotEqualTo(2.9);
      assertThat(events)
          .filteredOn(e -> e.operation().equals("MQTT_DELIVER"))
          .filteredOn(e -> e.sourceHost().equals("iiot-gw"))
          .anySatisfy(e -> assertThat(e.nodeIds()).contains("topic=wt/plc-dosing/chlorine_sp/set"));
      // The full profile on what the MQTT taps saw: the benign gateway and cloud raise nothing;
      // the two extra clients are new clients (their disconnects are not: every benign client
      // disconnects when a run ends, which the profile documents), and the rogue behind the
      // gateway's relay publishes a command, which only a cloud may.
      DetectionEngine detection =
          new DetectionEngine(DetectionLoader.load("full"), plant, arch, null);
      // In time order, as the lab feeds its sensors: relays of different connections report on
      // their own threads, so arrival order is not time order.
      events.stream()
          .filter(e -> e.protocol() == Protocol.MQTT)
          .sorted(java.util.Comparator.comparingDouble(ProtocolEvent::time))
          .forEach(detection::accept);
      assertThat(detection.alerts())
          .as(
              () ->
                  "alerts: "
                      + detection.alerts().stream()
                          .map(a -> a.time() + " " + a.rule() + ": " + a.summary())
                          .toList()
                      + "; first time each topic passed the taps: "
                      + events.stream()
                          .filter(e -> e.protocol() == Protocol.MQTT)
                          .filter(e -> e.nodeIds().stream().anyMatch(n -> n.startsWith("topic=")))
                          .collect(
                              java.util.stream.Collectors.toMap(
                                  e ->
                                      e.sourceHost()
                                          + " "
                                          + e.operation()
                                          + " "
                                          + e.nodeIds().stream()
                                              .filter(n -> n.startsWith("topic="))
                                              .findFirst()
                                              .orElse(""),
                                  ProtocolEvent::time,
                                  Math::min,
                                  java.util.TreeMap::new))
                      + "; IIoT records not OK: "
                      + records.stream()
                          .filter(
                              r ->
                                  r.operation().startsWith("iiot")
                                      || r.operation().startsWith("cloud"))
                          .filter(r -> !(r.outcome() instanceof OperationRecord.Outcome.Ok))
                          .map(
                              r ->
                                  r.time()
                                      + " "
                                      + r.operation()
                                      + " "
                                      + r.target()
                                      + " "
                                      + r.outcome())
                          .toList())
          .extracting(a -> a.rule() + " " + a.sourceHost())
          .containsExactlyInAnyOrder(
              "mqtt-command-publish iiot-gw",
              "baseline-new-client iiot-gw",
              "baseline-new-client cloud-app");
      assertThat(detection.alerts())
          .filteredOn(a -> a.rule().startsWith("baseline-new-client"))
          .extracting(a -> a.summary().contains("rogue") || a.summary().contains("cloud-2"))
          .containsOnly(true);
      System.out.printf(
          "IIoT lab: %.0f lab s in %.1f s wall, %d MQTT events, %d IIoT records%n",
          clock.now(),
          wall,
          events.stream().filter(e -> e.protocol() == Protocol.MQTT).count(),
          records.stream().filter(r -> r.operation().startsWith("iiot")).count());
    } finally {
      if (ops != null) {
        ops.stop();
      }
      lab.stop();
    }
  }

  @Test
  void aTopicInjectionFromTheCloudReachesThePlcThroughTheGateway() {
    RunTrace t =
        new ScenarioRun(
                ScenarioLoader.load("src/test/resources/scenarios/wt-iiot-cloud-setpoint.yaml"),
                ArchitectureLoader.load(DESIGN),
                new ScenarioRun.Options(2, Speed.MAX, pki, r -> {}))
            .run();
    RunTrace.StepRecord inject = t.steps().get(0);
    assertThat(inject.outcome()).as(inject.detail()).isEqualTo(RunTrace.Outcome.SUCCEEDED);
    assertThat(inject.fromHost()).isEqualTo("cloud-app");
    // The publish is the attacker's on the wire...
    assertThat(t.events())
        .filteredOn(le -> le.event().operation().equals("MQTT_PUBLISH"))
        .filteredOn(le -> le.event().nodeIds().contains("topic=wt/plc-dosing/chlorine_sp/set"))
        .filteredOn(le -> le.event().values().contains(2.9))
        .singleElement()
        .satisfies(
            le -> {
              assertThat(le.label()).isEqualTo(Label.attack("inject"));
              assertThat(le.event().sourceHost()).isEqualTo("cloud-app");
              assertThat(le.event().rule()).isEqualTo("cloud-setpoints");
            });
    // ...and the gateway carries it to the PLC.
    assertThat(t.operations())
        .filteredOn(r -> r.operation().equals(OperationRecord.IIOT_WRITE_BACK))
        .filteredOn(r -> r.time() >= 60)
        .anySatisfy(
            r -> {
              assertThat(r.values()).containsEntry("chlorine_sp", 2.9);
              assertThat(r.outcome()).isInstanceOf(OperationRecord.Outcome.Ok.class);
            });
  }
}
