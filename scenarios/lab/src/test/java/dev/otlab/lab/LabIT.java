package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.modbus.ModbusClient;
import dev.otlab.simulator.modbus.ModbusClientException;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Library architectures run as labs: real Modbus and OPC UA clients acting from one host reach
 * exactly what the conduit rules allow, denials name their rule, taps see the traffic, and no host
 * reaches a zone without a conduit.
 */
class LabIT {

  @TempDir Path pki;

  private Lab lab;
  private final List<RelayDecision> decisions = new CopyOnWriteArrayList<>();
  private final List<ProtocolEvent> events = new CopyOnWriteArrayList<>();

  private Lab start(String architecture) {
    var arch = ArchitectureLoader.load(architecture);
    lab =
        new Lab(
            PlantLoader.load(arch.plant()),
            arch,
            new LabClock(1, Speed.MAX),
            pki,
            Map.of("operator", "operator"),
            decisions::add,
            events::add);
    lab.start();
    return lab;
  }

  @AfterEach
  void stop() {
    if (lab != null) {
      lab.stop();
    }
  }

  /** What a Modbus request from a host came to. */
  enum Outcome {
    OK,
    EXCEPTION_01,
    EXCEPTION_02,
    REFUSED
  }

  private Outcome modbus(String from, String to, int unit, Consumer<ModbusClient> request) {
    Access a = lab.network().access(from, to, Protocol.MODBUS);
    try (ModbusClient c =
        ModbusClient.connect(a.address(), a.port(), unit, Duration.ofSeconds(3))) {
      request.accept(c);
      return Outcome.OK;
    } catch (ModbusClientException e) {
      if (e.rawExceptionCode() == 1) {
        return Outcome.EXCEPTION_01;
      }
      if (e.rawExceptionCode() == 2) {
        return Outcome.EXCEPTION_02;
      }
      return Outcome.REFUSED;
    }
  }

  private static Consumer<ModbusClient> readHolding() {
    return c -> c.readHoldingRegisters(0, 2);
  }

  private static Consumer<ModbusClient> writeSetpoint(int value) {
    return c -> c.writeRegister(1, value);
  }

  private static Consumer<ModbusClient> writeCoil() {
    // inflow_auto: 1 at start, so a write of 0 that lands is visible.
    return c -> c.writeCoil(1, false);
  }

  @Test
  void dpiConduitLetsTheHmiReadAndWriteSetpointsButNotCoils() {
    start("water-treatment-purdue-dmz-dpi");
    assertThat(modbus("hmi-1", "plc-intake", 1, readHolding())).isEqualTo(Outcome.OK);
    assertThat(modbus("hmi-1", "plc-intake", 1, writeSetpoint(3100))).isEqualTo(Outcome.OK);
    assertThat(lab.plant().controller("plc-intake").image().get("raw_high_sp")).isEqualTo(3.1);
    assertThat(modbus("hmi-1", "plc-intake", 1, writeCoil())).isEqualTo(Outcome.EXCEPTION_01);
    assertThat(lab.plant().controller("plc-intake").image().get("inflow_auto")).isEqualTo(1.0);

    RelayDecision denial =
        decisions.stream().filter(d -> !d.decision().allowed()).findFirst().orElseThrow();
    assertThat(denial.sourceHost()).isEqualTo("hmi-1");
    assertThat(denial.destinationHost()).isEqualTo("plc-intake");
    assertThat(denial.decision().conduit()).isEqualTo("ops-control");
    assertThat(((ConduitDecision.Denied) denial.decision()).rule()).isNotNull();
  }

  @Test
  void dpiConduitKeepsTheHistorianReadOnlyAndTheSisIsolated() {
    start("water-treatment-purdue-dmz-dpi");
    assertThat(modbus("historian", "plc-dosing", 3, readHolding())).isEqualTo(Outcome.OK);
    assertThat(modbus("historian", "plc-dosing", 3, writeSetpoint(160))).isNotEqualTo(Outcome.OK);
    assertThat(modbus("hmi-1", "sis-water", 10, c -> c.readInputRegisters(0, 2)))
        .isEqualTo(Outcome.OK);
    assertThat(modbus("hmi-1", "sis-water", 10, c -> c.writeCoil(0, true)))
        .isNotEqualTo(Outcome.OK);
    assertThat(lab.plant().controller("sis-water").image().get("sis_bypass")).isZero();
    assertThat(modbus("eng-ws", "plc-treatment", 2, c -> c.writeCoil(1, false)))
        .isEqualTo(Outcome.OK);
  }

  @Test
  void enterpriseHostsReachNoControllerThroughTheDmz() {
    start("water-treatment-purdue-dmz-dpi");
    for (String plc : List.of("plc-intake", "plc-treatment", "plc-dosing", "sis-water")) {
      assertThat(modbus("ws-1", plc, 1, readHolding())).as(plc).isEqualTo(Outcome.REFUSED);
    }
    assertThat(decisions)
        .anySatisfy(
            d -> {
              assertThat(d.sourceHost()).isEqualTo("ws-1");
              assertThat(d.decision().allowed()).isFalse();
            });
  }

  @Test
  void signedOpcUaAcrossZonesIsJudgedByService() throws Exception {
    start("water-treatment-purdue-dmz-dpi");
    Access a = lab.network().access("eng-ws", "plc-dosing", Protocol.OPCUA);
    String url = "opc.tcp://" + a.address() + ":" + a.port() + "/otlab";
    var options =
        OpcUaClientSession.Options.of(
                url, ClientIdentity.user("operator", "operator"), pki.resolve("client"))
            .withSecurityMode(OpcUaSecurityMode.BASIC256SHA256_SIGN);
    try (OpcUaClientSession s = OpcUaClientSession.connect(options)) {
      assertThat(s.readTag("plc-dosing", "chlorine_sp").asDouble()).isEqualTo(1.5);
    }
    // The design signs OPC UA and does not encrypt it, so the conduit sees the service: the
    // historian reads, and its write (which a SignAndEncrypt channel would have hidden) is
    // refused although the server would take it from the operator account.
    Access h = lab.network().access("historian", "plc-dosing", Protocol.OPCUA);
    var hist =
        OpcUaClientSession.Options.of(
                "opc.tcp://" + h.address() + ":" + h.port() + "/otlab",
                ClientIdentity.user("operator", "operator"),
                pki.resolve("client"))
            .withSecurityMode(OpcUaSecurityMode.BASIC256SHA256_SIGN);
    try (OpcUaClientSession s = OpcUaClientSession.connect(hist)) {
      assertThat(s.readTag("plc-dosing", "chlorine").status().isGood()).isTrue();
      boolean landed;
      try {
        landed = s.writeTag("plc-dosing", "chlorine_sp", 2.5).isGood();
      } catch (OtlabException refused) {
        landed = false;
      }
      assertThat(landed).isFalse();
    }
    assertThat(lab.plant().controller("plc-dosing").image().get("chlorine_sp")).isEqualTo(1.5);
    assertThat(decisions)
        .anySatisfy(
            d -> {
              assertThat(d.sourceHost()).isEqualTo("historian");
              assertThat(d.decision().allowed()).isFalse();
            });
  }

  @Test
  void l4OnlyDesignLetsTheHmiWriteAnything() {
    start("water-treatment-purdue-dmz");
    assertThat(modbus("hmi-1", "plc-intake", 1, writeCoil())).isEqualTo(Outcome.OK);
    assertThat(lab.plant().controller("plc-intake").image().get("inflow_auto")).isZero();
  }

  @Test
  void flatNetworkLetsTheOfficeWorkstationWriteTheSis() {
    start("water-treatment-flat");
    assertThat(modbus("ws-1", "sis-water", 10, c -> c.writeCoil(0, true))).isEqualTo(Outcome.OK);
    assertThat(lab.plant().controller("sis-water").image().get("sis_bypass")).isEqualTo(1.0);
  }

  @Test
  void vendorBackdoorReachesTheControlZoneDirectly() {
    start("water-treatment-vendor-backdoor");
    String vendor = lab.architecture().entryPoints().get("vendor-remote");
    Access a = lab.network().access(vendor, "plc-intake", Protocol.MODBUS);
    assertThat(a).isInstanceOf(Access.Relayed.class);
    assertThat(((Access.Relayed) a).conduits()).hasSize(1);
    assertThat(modbus(vendor, "plc-intake", 1, writeSetpoint(3600))).isEqualTo(Outcome.OK);
  }

  @Test
  void hostsInOneZoneConnectDirectlyAndASpanPortStillSeesThem() {
    start("water-treatment-flat");
    Access a = lab.network().access("hmi-1", "plc-dosing", Protocol.MODBUS);
    assertThat(a).isInstanceOf(Access.Direct.class);
    assertThat(((Access.Direct) a).spanned()).isTrue();
    assertThat(modbus("hmi-1", "plc-dosing", 3, readHolding())).isEqualTo(Outcome.OK);
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.sourceHost()).isEqualTo("hmi-1");
              assertThat(e.code()).isEqualTo(3);
              assertThat(lab.network().sensed(e)).isTrue();
            });
    assertThat(decisions).isEmpty();
  }

  @Test
  void tapsSeeWhatCrossesTappedConduits() {
    start("water-treatment-purdue-dmz-dpi");
    modbus("hmi-1", "plc-intake", 1, readHolding());
    modbus("hmi-1", "plc-intake", 1, writeCoil());
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.sourceHost()).isEqualTo("hmi-1");
              assertThat(e.destinationHost()).isEqualTo("plc-intake");
              assertThat(e.code()).isEqualTo(3);
              assertThat(e.result()).isEqualTo(ProtocolEvent.Result.OK);
              assertThat(lab.network().sensed(e)).isTrue();
            });
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.code()).isEqualTo(5);
              assertThat(e.result()).isNotEqualTo(ProtocolEvent.Result.OK);
            });
  }
}
