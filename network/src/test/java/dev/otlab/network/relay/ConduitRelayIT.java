package dev.otlab.network.relay;

import static dev.otlab.network.relay.Rules.HMI;
import static dev.otlab.network.relay.Rules.PLC;
import static dev.otlab.network.relay.Rules.conduit;
import static dev.otlab.network.relay.Rules.modbus;
import static dev.otlab.network.relay.Rules.opcua;
import static dev.otlab.network.relay.Rules.readOnly;
import static dev.otlab.network.relay.Rules.rule;
import static dev.otlab.network.relay.Rules.services;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.otlab.core.OtlabException;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.Selector;
import dev.otlab.network.relay.ConduitDecision.Denied;
import dev.otlab.network.relay.ConduitDecision.Refusal;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.network.relay.RelayDecision.Scope;
import dev.otlab.simulator.modbus.ModbusClient;
import dev.otlab.simulator.modbus.ModbusClientException;
import dev.otlab.simulator.modbus.ModbusPdu;
import dev.otlab.simulator.modbus.ModbusRequest;
import dev.otlab.simulator.modbus.ModbusServerConfig;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.opcua.OpcUaServerSettings;
import dev.otlab.simulator.opcua.PlcOpcUaServer;
import dev.otlab.simulator.plc.ProcessImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConduitRelayIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path pki;
  @TempDir Path clientPki;

  private final ProcessImage image = RelayFixtures.image();
  private final List<RelayDecision> decisions = new CopyOnWriteArrayList<>();
  private final List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private double labTime = 100.0;

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

  private ModbusTcpServer modbusServer() {
    ModbusTcpServer s = closing(new ModbusTcpServer(image, ModbusServerConfig.defaults()));
    s.start();
    return s;
  }

  private ConduitRelay relay(String id, Flow flow, ConduitSpec conduit, int target) {
    return relay(id, flow, conduit, target, RelayConfig.defaults());
  }

  private ConduitRelay relay(
      String id, Flow flow, ConduitSpec conduit, int target, RelayConfig config) {
    ConduitRelay r =
        closing(
            new ConduitRelay(
                RelayRoute.of(id, flow, conduit, target),
                config,
                () -> labTime,
                decisions::add,
                events::add));
    r.start();
    return r;
  }

  private ModbusClient modbusClient(ConduitRelay relay) {
    return closing(ModbusClient.connect("127.0.0.1", relay.port(), RelayFixtures.UNIT_ID, TIMEOUT));
  }

  private List<RelayDecision> denials() {
    return decisions.stream().filter(d -> !d.decision().allowed()).toList();
  }

  private static final Flow HMI_MODBUS = Flow.of(HMI, PLC, Protocol.MODBUS);
  private static final Flow HMI_OPCUA = Flow.of(HMI, PLC, Protocol.OPCUA);

  @Test
  void aReloadKeepsTheConnectionsTheNewRulesAllowAndClosesTheOnesTheyDeny() throws Exception {
    ModbusTcpServer server = modbusServer();
    ConduitSpec open =
        conduit(
            "ops-ctl",
            rule("modbus", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW));
    ConduitRelay hmi = relay("hmi-plc-modbus", HMI_MODBUS, open, server.port());
    ConduitRelay eng =
        relay("eng-plc-modbus", Flow.of(Rules.ENG, PLC, Protocol.MODBUS), open, server.port());
    ModbusClient hmiClient = modbusClient(hmi);
    ModbusClient engClient = modbusClient(eng);
    assertThat(hmiClient.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);
    assertThat(engClient.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);

    // Read-only still allows both connections: neither is dropped, writes are refused on them.
    labTime = 110;
    ConduitSpec readOnly = dev.otlab.network.ResponseRules.readOnly(open, "response:ro");
    assertThat(hmi.reload(List.of(readOnly))).isEmpty();
    assertThat(eng.reload(List.of(readOnly))).isEmpty();
    assertThat(hmiClient.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);
    assertThatThrownBy(() -> engClient.writeRegister(RelayFixtures.HR_SPEED, 50))
        .isInstanceOfSatisfying(
            ModbusClientException.class, e -> assertThat(e.rawExceptionCode()).isEqualTo(1));
    assertThat(engClient.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);
    assertThat(hmi.connectionCount()).isEqualTo(1);
    assertThat(eng.connectionCount()).isEqualTo(1);

    // Blocking eng-ws closes its live connection, with the denial recorded; the HMI's goes on.
    labTime = 120;
    ConduitSpec blocked =
        dev.otlab.network.ResponseRules.blockFlow(
            readOnly, "eng-ws", "plc-1", Protocol.MODBUS, "response:block");
    assertThat(hmi.reload(List.of(blocked))).isEmpty();
    List<String> closed = eng.reload(List.of(blocked));
    assertThat(closed).containsExactly("eng-plc-modbus#1");
    assertThat(eng.connectionCount()).isZero();
    assertThat(decisions)
        .filteredOn(d -> d.subject().equals("reload"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.time()).isEqualTo(120);
              assertThat(d.connection()).isEqualTo("eng-plc-modbus#1");
              assertThat(((Denied) d.decision()).rule()).isEqualTo("response:block");
            });
    assertThat(events)
        .filteredOn(e -> e.operation().equals("CLOSE"))
        .singleElement()
        .satisfies(e -> assertThat(e.result()).isEqualTo(Result.DENIED));
    assertThat(hmiClient.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);
    // A new connection of the blocked flow is dropped by the new rule (the relay records the
    // denial before it closes).
    try (Socket again = new Socket("127.0.0.1", eng.port())) {
      again.setSoTimeout((int) TIMEOUT.toMillis());
      assertThat(again.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(decisions)
        .filteredOn(d -> d.subject().equals("connect") && d.time() == 120)
        .singleElement()
        .satisfies(d -> assertThat(((Denied) d.decision()).rule()).isEqualTo("response:block"));
  }

  @Test
  void readOnlyConduitWithRejectLetsReadsThroughAndAnswersWritesWithAnException() {
    ModbusTcpServer server = modbusServer();
    ConduitSpec c = Rules.readOnlyThenRest(RuleAction.REJECT);
    ConduitRelay relay = relay("hmi-plc-modbus", HMI_MODBUS, c, server.port());
    ModbusClient client = modbusClient(relay);

    assertThat(client.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);
    labTime = 101.5;
    assertThatThrownBy(() -> client.writeRegister(RelayFixtures.HR_SPEED, 50))
        .isInstanceOfSatisfying(
            ModbusClientException.class, e -> assertThat(e.rawExceptionCode()).isEqualTo(1));
    assertThat(image.get("speed")).isEqualTo(1200.0);
    // The connection survives a REJECT.
    assertThat(client.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);

    assertThat(decisions)
        .filteredOn(d -> d.scope() == Scope.CONNECTION)
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.decision())
                    .isEqualTo(new ConduitDecision.Allowed("ops-ctl", "hmi-reads")));
    RelayDecision denial = denials().get(0);
    assertThat(denials()).hasSize(1);
    assertThat(denial.time()).isEqualTo(101.5);
    assertThat(denial.subject()).isEqualTo("FC06 WRITE_SINGLE_REGISTER 2+1");
    assertThat(denial.sourceHost()).isEqualTo("hmi-1");
    Denied d = (Denied) denial.decision();
    assertThat(d.rule()).isEqualTo("modbus-rest");
    assertThat(d.action()).isEqualTo(RuleAction.REJECT);
    assertThat(d.refusal()).isEqualTo(Refusal.FUNCTION);
    assertThat(d.reason()).contains("hmi-reads");
  }

  @Test
  void readOnlyConduitWithoutRejectDropsAWriteByClosingTheConnection() throws IOException {
    ModbusTcpServer server = modbusServer();
    ConduitSpec c =
        conduit(
            "ops-ctl",
            modbus(
                "hmi-reads",
                Selector.host("hmi-1"),
                Selector.zone("control"),
                RuleAction.ALLOW,
                readOnly()));
    ConduitRelay relay = relay("hmi-plc-modbus", HMI_MODBUS, c, server.port());
    try (RawSocket raw = new RawSocket(relay.port())) {
      byte[] read =
          ModbusPdu.requestFrame(
              1,
              1,
              new ModbusRequest.ReadRegisters(dev.otlab.simulator.plc.Table.HOLDING_REGISTER, 2, 1)
                  .encode());
      assertThat(ModbusPdu.hex(raw.exchange(read, 11)))
          .isEqualTo("00 01 00 00 00 05 01 03 02 04 b0");
      raw.send(ModbusPdu.requestFrame(2, 1, new ModbusRequest.WriteSingleRegister(2, 50).encode()));
      assertThat(raw.readUntilClosed()).isEmpty();
    }
    assertThat(image.get("speed")).isEqualTo(1200.0);
    Denied d = (Denied) denials().get(0).decision();
    assertThat(d.rule()).isEqualTo("hmi-reads");
    assertThat(d.action()).isEqualTo(RuleAction.DENY);
    await()
        .untilAsserted(
            () ->
                assertThat(events)
                    .anySatisfy(
                        e -> {
                          assertThat(e.code()).isEqualTo(6);
                          assertThat(e.result()).isEqualTo(Result.DENIED);
                          assertThat(e.rule()).isEqualTo("hmi-reads");
                        }));
  }

  @Test
  void aConnectionNoRuleMatchesIsDeniedByDefault() {
    ModbusTcpServer server = modbusServer();
    ConduitSpec c =
        conduit(
            "ops-ctl",
            rule(
                "eng-only",
                Selector.host("eng-ws"),
                Selector.ANY,
                Protocol.MODBUS,
                RuleAction.ALLOW));
    ConduitRelay relay = relay("hmi-plc-modbus", HMI_MODBUS, c, server.port());
    assertThatThrownBy(
            () -> {
              ModbusClient client = modbusClient(relay);
              client.readHoldingRegisters(0, 1);
            })
        .isInstanceOf(ModbusClientException.class);
    await().untilAsserted(() -> assertThat(decisions).isNotEmpty());
    RelayDecision d = decisions.get(0);
    assertThat(d.scope()).isEqualTo(Scope.CONNECTION);
    assertThat(((Denied) d.decision()).rule()).isNull();
    assertThat(((Denied) d.decision()).refusal()).isEqualTo(Refusal.NO_RULE);
    assertThat(server.connectionCount()).isZero();
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.operation()).isEqualTo("CONNECT");
              assertThat(e.result()).isEqualTo(Result.DENIED);
            });
  }

  @Test
  void aRejectRuleResetsTheConnection() throws IOException {
    ModbusTcpServer server = modbusServer();
    ConduitSpec c =
        conduit("ops-ctl", rule("no", Selector.ANY, Selector.ANY, Protocol.ANY, RuleAction.REJECT));
    ConduitRelay relay = relay("hmi-plc-modbus", HMI_MODBUS, c, server.port());
    // The reset can reach the client at any point from the connect on: even setting a socket
    // option right after connecting can report it.
    assertThatThrownBy(
            () -> {
              try (RawSocket raw = new RawSocket(relay.port())) {
                raw.send(ModbusPdu.requestFrame(1, 1, ModbusPdu.fromHex("03 00 00 00 01")));
                raw.readUntilClosed();
                raw.send(ModbusPdu.requestFrame(2, 1, ModbusPdu.fromHex("03 00 00 00 01")));
                raw.readUntilClosed();
              }
            })
        .isInstanceOf(SocketException.class);
  }

  @Test
  void aRelayWithASourceFilterResetsEveryOtherAddressBeforeAnyRuleIsConsulted() throws IOException {
    ModbusTcpServer server = modbusServer();
    ConduitSpec c =
        conduit("ops-ctl", rule("all", Selector.ANY, Selector.ANY, Protocol.ANY, RuleAction.ALLOW));
    ConduitRelay relay =
        closing(
            new ConduitRelay(
                RelayRoute.of("hmi-plc-modbus", HMI_MODBUS, c, server.port()),
                RelayConfig.defaults(),
                () -> labTime,
                decisions::add,
                events::add,
                ConnectionBudget.unlimited(),
                source -> source.getHostAddress().equals("127.0.0.2")));
    relay.start();
    byte[] read = ModbusPdu.requestFrame(1, 1, ModbusPdu.fromHex("03 00 00 00 01"));
    // The reset can reach the client at any point from the connect on (even setting a socket
    // option can report it), or show as a plain end of stream: either way, no answer comes back.
    byte[] answer;
    try (RawSocket other = new RawSocket(relay.port())) {
      other.send(read);
      answer = other.readUntilClosed();
    } catch (SocketException e) {
      answer = new byte[0];
    }
    assertThat(answer).isEmpty();
    assertThat(relay.refusedBySource()).isEqualTo(1);
    assertThat(decisions).isEmpty();
    try (RawSocket source = new RawSocket("127.0.0.2", relay.port())) {
      assertThat(source.exchange(read, 11)).hasSize(11);
    }
    assertThat(relay.refusedBySource()).isEqualTo(1);
    assertThat(decisions).isNotEmpty().allMatch(d -> d.decision().allowed());
  }

  @Test
  void tapsReportFunctionCodesAddressesValuesAndResults() {
    ModbusTcpServer server = modbusServer();
    ConduitSpec c =
        conduit(
            "ops-ctl", rule("all", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW));
    ConduitRelay relay = relay("hmi-plc-modbus", HMI_MODBUS, c, server.port());
    ModbusClient client = modbusClient(relay);
    client.readHoldingRegisters(RelayFixtures.HR_SPEED, 1);
    client.writeRegister(RelayFixtures.HR_SPEED, 900);
    assertThatThrownBy(() -> client.readHoldingRegisters(40, 2))
        .isInstanceOf(ModbusClientException.class);
    assertThat(image.get("speed")).isEqualTo(900.0);
    await().untilAsserted(() -> assertThat(events).hasSize(3));
    ProtocolEvent read = events.get(0);
    assertThat(read.protocol()).isEqualTo(Protocol.MODBUS);
    assertThat(read.code()).isEqualTo(3);
    assertThat(read.address()).isEqualTo(RelayFixtures.HR_SPEED);
    assertThat(read.quantity()).isEqualTo(1);
    assertThat(read.values()).containsExactly(1200.0);
    assertThat(read.result()).isEqualTo(Result.OK);
    assertThat(read.connection()).isEqualTo("hmi-plc-modbus#1");
    assertThat(read.time()).isEqualTo(100.0);
    ProtocolEvent write = events.get(1);
    assertThat(write.operation()).isEqualTo("WRITE_SINGLE_REGISTER");
    assertThat(write.values()).containsExactly(900.0);
    assertThat(write.write()).isTrue();
    assertThat(write.rule()).isEqualTo("all");
    ProtocolEvent bad = events.get(2);
    assertThat(bad.result()).isEqualTo(Result.ERROR);
    assertThat(bad.status()).isEqualTo(2);
  }

  @Test
  void malformedTrafficClosesOnlyItsOwnConnection() throws IOException {
    ModbusTcpServer server = modbusServer();
    ConduitSpec c =
        conduit(
            "ops-ctl", rule("all", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW));
    ConduitRelay relay = relay("hmi-plc-modbus", HMI_MODBUS, c, server.port());
    ModbusClient good = modbusClient(relay);
    assertThat(good.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);
    try (RawSocket bad = new RawSocket(relay.port())) {
      bad.send(ModbusPdu.fromHex("00 01 00 07 00 06 01 03 00 00 00 01"));
      assertThat(bad.readUntilClosed()).isEmpty();
    }
    try (RawSocket huge = new RawSocket(relay.port())) {
      huge.send(ModbusPdu.fromHex("00 01 00 00 ff ff 01 03"));
      assertThat(huge.readUntilClosed()).isEmpty();
    }
    assertThat(good.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);
    assertThat(events).filteredOn(e -> e.operation().equals("MALFORMED")).hasSize(2);
  }

  @Test
  void aStalledFrameTimesOutAndTheCapTurnsAwayExtraConnections() throws IOException {
    ModbusTcpServer server = modbusServer();
    ConduitSpec c =
        conduit(
            "ops-ctl", rule("all", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW));
    RelayConfig config =
        RelayConfig.defaults()
            .withMaxConnections(2)
            .withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(200));
    ConduitRelay relay = relay("hmi-plc-modbus", HMI_MODBUS, c, server.port(), config);
    try (RawSocket slow = new RawSocket(relay.port())) {
      slow.send(ModbusPdu.fromHex("00 01 00 00 00 06 01"));
      assertThat(slow.readUntilClosed()).isEmpty();
    }
    await().until(() -> relay.connectionCount() == 0);
    byte[] read = ModbusPdu.requestFrame(1, 1, ModbusPdu.fromHex("03 00 02 00 01"));
    try (RawSocket a = new RawSocket(relay.port());
        RawSocket b = new RawSocket(relay.port())) {
      a.exchange(read, 11);
      b.exchange(read, 11);
      // Turned away: reset right after accept (the reset may already hit the connect).
      assertThatThrownBy(
              () -> {
                try (RawSocket third = new RawSocket(relay.port())) {
                  third.send(read);
                  third.readUntilClosed();
                  third.send(read);
                  third.readUntilClosed();
                }
              })
          .isInstanceOf(IOException.class);
      await().until(() -> relay.refusedByCap() == 1);
      assertThat(b.exchange(read, 11)).hasSize(11);
    }
    await().until(() -> relay.connectionCount() == 0);
    try (RawSocket again = new RawSocket(relay.port())) {
      assertThat(again.exchange(read, 11)).hasSize(11);
    }
  }

  /**
   * A server at its connection cap accepts and closes at once. The request the client sent is
   * reported (NO_RESPONSE) however late it reaches the relay, and before the client sees the close,
   * with the relay's cap slot already free: a flood's trace must not depend on thread timing.
   */
  @Test
  void aServerThatHangsUpAtOnceStillHasTheClientsRequestReportedBeforeTheClientSeesTheClose()
      throws Exception {
    AtomicInteger hungUp = new AtomicInteger();
    ServerSocket full = closing(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    Thread acceptor =
        new Thread(
            () -> {
              while (!full.isClosed()) {
                try {
                  full.accept().close();
                  hungUp.incrementAndGet();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "full-server");
    acceptor.setDaemon(true);
    acceptor.start();
    ConduitSpec c =
        conduit(
            "ops-ctl", rule("all", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW));
    ConduitRelay relay =
        relay(
            "hmi-plc-modbus",
            HMI_MODBUS,
            c,
            full.getLocalPort(),
            RelayConfig.defaults().withMaxConnections(1));
    byte[] read = ModbusPdu.requestFrame(1, 1, ModbusPdu.fromHex("03 00 02 00 01"));
    for (int i = 1; i <= 20; i++) {
      int n = i;
      try (RawSocket client = new RawSocket(relay.port())) {
        // The request leaves only after the server has hung up on the relay.
        await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(2))
            .until(() -> hungUp.get() == n);
        client.send(read);
        assertThat(client.readUntilClosed()).isEmpty();
      }
      assertThat(events)
          .as("connection %d", n)
          .hasSize(n)
          .last()
          .satisfies(
              e -> {
                assertThat(e.connection()).isEqualTo("hmi-plc-modbus#" + n);
                assertThat(e.result()).isEqualTo(Result.NO_RESPONSE);
              });
      assertThat(relay.connectionCount()).isZero();
    }
    assertThat(relay.refusedByCap()).isZero();
  }

  @Test
  void twoRelaysInSeriesEachEnforceTheirOwnConduit() {
    ModbusTcpServer server = modbusServer();
    ConduitSpec inner =
        conduit(
            "dmz-ctl",
            modbus("reads", Selector.ANY, Selector.ANY, RuleAction.ALLOW, readOnly()),
            rule("rest", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.REJECT));
    ConduitSpec outer =
        new ConduitSpec(
            "ent-dmz",
            "enterprise",
            "dmz",
            List.of(
                rule("any-modbus", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW)),
            "");
    ConduitRelay second = relay("hop-2", HMI_MODBUS, inner, server.port());
    ConduitRelay first = relay("hop-1", HMI_MODBUS, outer, second.port());
    ModbusClient client = modbusClient(first);
    assertThat(client.readHoldingRegisters(RelayFixtures.HR_SPEED, 1)).containsExactly(1200);
    assertThatThrownBy(() -> client.writeRegister(RelayFixtures.HR_SPEED, 1))
        .isInstanceOfSatisfying(
            ModbusClientException.class, e -> assertThat(e.rawExceptionCode()).isEqualTo(1));
    assertThat(decisions)
        .filteredOn(d -> d.relay().equals("hop-1"))
        .extracting(d -> d.decision().allowed())
        .containsExactly(true, true, true);
    assertThat(decisions)
        .filteredOn(d -> d.relay().equals("hop-2"))
        .extracting(d -> d.decision().allowed())
        .containsExactly(true, true, false);
    assertThat(decisions)
        .filteredOn(d -> d.relay().equals("hop-2") && !d.decision().allowed())
        .singleElement()
        .satisfies(d -> assertThat(d.decision().conduit()).isEqualTo("dmz-ctl"));
    await()
        .untilAsserted(
            () -> assertThat(events).filteredOn(e -> e.relay().equals("hop-1")).hasSize(2));
    assertThat(events)
        .filteredOn(e -> e.relay().equals("hop-1") && e.code() == 6)
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(1));
  }

  private PlcOpcUaServer opcuaServer() {
    PlcOpcUaServer s =
        closing(
            new PlcOpcUaServer(
                image,
                OpcUaServerSettings.defaults()
                    .withPkiDir(pki)
                    .withSecurityModes(EnumSet.allOf(OpcUaSecurityMode.class))));
    s.start();
    return s;
  }

  private String viaRelay(PlcOpcUaServer server, ConduitRelay relay) {
    return server.endpointUrl().replace(":" + server.port() + "/", ":" + relay.port() + "/");
  }

  private OpcUaClientSession session(String url, OpcUaSecurityMode mode) {
    return closing(
        OpcUaClientSession.connect(
            OpcUaClientSession.Options.of(url, ClientIdentity.anonymous(), clientPki)
                .withSecurityMode(mode)
                .withTimeout(TIMEOUT)));
  }

  @Test
  void opcuaWriteAcrossAReadOnlyConduitIsDeniedWhileReadsPass() {
    PlcOpcUaServer server = opcuaServer();
    ConduitSpec c =
        conduit(
            "ops-ctl",
            opcua(
                "hmi-ro",
                Selector.host("hmi-1"),
                Selector.ANY,
                RuleAction.ALLOW,
                services(OpcUaMode.NONE, OpcUaService.BROWSE, OpcUaService.READ)));
    ConduitRelay relay = relay("hmi-plc-opcua", HMI_OPCUA, c, server.port());
    OpcUaClientSession session = session(viaRelay(server, relay), OpcUaSecurityMode.NONE);
    assertThat(session.browseTags(RelayFixtures.PLC_ID)).contains("level", "level_setpoint");
    assertThat(session.readTag(RelayFixtures.PLC_ID, "level").value()).isEqualTo(4.25);
    assertThatThrownBy(() -> session.writeTag(RelayFixtures.PLC_ID, "level_setpoint", 7.5))
        .isInstanceOf(OtlabException.class);
    assertThat(image.get("level_setpoint")).isEqualTo(5.0);

    RelayDecision denial = denials().get(0);
    assertThat(denial.subject()).startsWith("WriteRequest").contains("plc-tank.level_setpoint");
    Denied d = (Denied) denial.decision();
    assertThat(d.rule()).isEqualTo("hmi-ro");
    assertThat(d.refusal()).isEqualTo(Refusal.SERVICE);
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.operation()).isEqualTo("ReadRequest");
              assertThat(e.nodeIds()).anySatisfy(n -> assertThat(n).endsWith("s=plc-tank.level"));
              assertThat(e.values()).contains(4.25);
              assertThat(e.result()).isEqualTo(Result.OK);
            });
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.operation()).isEqualTo("WriteRequest");
              assertThat(e.values()).containsExactly(7.5);
              assertThat(e.result()).isEqualTo(Result.DENIED);
              assertThat(e.write()).isTrue();
            });
  }

  @Test
  void opcuaWritesPassAnUnrestrictedConduitAndAreTapped() {
    PlcOpcUaServer server = opcuaServer();
    ConduitSpec c =
        conduit(
            "ops-ctl", rule("ua", Selector.ANY, Selector.ANY, Protocol.OPCUA, RuleAction.ALLOW));
    ConduitRelay relay = relay("hmi-plc-opcua", HMI_OPCUA, c, server.port());
    OpcUaClientSession session = session(viaRelay(server, relay), OpcUaSecurityMode.NONE);
    assertThat(session.writeTag(RelayFixtures.PLC_ID, "level_setpoint", 7.5).isGood()).isTrue();
    assertThat(session.writeTag(RelayFixtures.PLC_ID, "level", 1.0).isBad()).isTrue();
    assertThat(image.get("level_setpoint")).isEqualTo(7.5);
    await()
        .untilAsserted(
            () ->
                assertThat(events)
                    .filteredOn(e -> e.operation().equals("WriteRequest"))
                    .hasSize(2));
    List<ProtocolEvent> writes =
        events.stream().filter(e -> e.operation().equals("WriteRequest")).toList();
    assertThat(writes.get(0).result()).isEqualTo(Result.OK);
    assertThat(writes.get(1).result()).isEqualTo(Result.ERROR);
    assertThat(writes.get(1).status()).isNotZero();
  }

  @Test
  void signAndEncryptPassesAMinimumOfSignWhileNoneIsDeniedByModeAlone() {
    PlcOpcUaServer server = opcuaServer();
    ConduitSpec c =
        conduit(
            "ops-ctl",
            opcua(
                "signed",
                Selector.ANY,
                Selector.ANY,
                RuleAction.ALLOW,
                services(OpcUaMode.SIGN, OpcUaService.BROWSE, OpcUaService.READ)));
    ConduitRelay relay = relay("hmi-plc-opcua", HMI_OPCUA, c, server.port());
    String url = viaRelay(server, relay);
    OpcUaClientSession secure = session(url, OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT);
    assertThat(secure.readTag(RelayFixtures.PLC_ID, "level").value()).isEqualTo(4.25);
    assertThat(events).anySatisfy(e -> assertThat(e.operation()).isEqualTo("Encrypted"));
    assertThat(denials()).isEmpty();

    assertThatThrownBy(() -> session(url, OpcUaSecurityMode.NONE))
        .isInstanceOf(OtlabException.class);
    // Discovery runs on a None channel by design and passes; the session itself is refused.
    assertThat(decisions)
        .anySatisfy(
            d -> {
              assertThat(d.subject()).isEqualTo("GetEndpointsRequest");
              assertThat(d.decision().allowed()).isTrue();
            });
    assertThat(denials())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.subject()).isEqualTo("CreateSessionRequest");
              assertThat(((Denied) d.decision()).refusal()).isEqualTo(Refusal.SECURITY_MODE);
              assertThat(((Denied) d.decision()).rule()).isEqualTo("signed");
            });
  }

  @Test
  void signIsToldFromSignAndEncryptOnRealTraffic() {
    PlcOpcUaServer server = opcuaServer();
    ConduitSpec c =
        conduit(
            "ops-ctl",
            opcua(
                "encrypted",
                Selector.ANY,
                Selector.ANY,
                RuleAction.ALLOW,
                services(OpcUaMode.SIGN_AND_ENCRYPT)));
    ConduitRelay relay = relay("hmi-plc-opcua", HMI_OPCUA, c, server.port());
    String url = viaRelay(server, relay);
    assertThat(
            session(url, OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT)
                .readTag(RelayFixtures.PLC_ID, "level")
                .value())
        .isEqualTo(4.25);
    assertThat(denials()).isEmpty();
    assertThatThrownBy(() -> session(url, OpcUaSecurityMode.BASIC256SHA256_SIGN))
        .isInstanceOf(OtlabException.class);
    assertThat(denials())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.subject()).isEqualTo("CreateSessionRequest");
              assertThat(((Denied) d.decision()).refusal()).isEqualTo(Refusal.SECURITY_MODE);
            });
  }

  /** A plain TCP client for bytes a real client would never send. */
  private static final class RawSocket implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;

    RawSocket(int port) throws IOException {
      this(null, port);
    }

    /** A client bound to {@code localAddress} (a loopback address) when it is not null. */
    RawSocket(@Nullable String localAddress, int port) throws IOException {
      if (localAddress != null) {
        socket.bind(new InetSocketAddress(localAddress, 0));
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(5000);
      in = socket.getInputStream();
    }

    void send(byte[] bytes) throws IOException {
      socket.getOutputStream().write(bytes);
    }

    byte[] exchange(byte[] frame, int responseLength) throws IOException {
      send(frame);
      return in.readNBytes(responseLength);
    }

    /** Reads until the peer closes; fails with a timeout if it never does. */
    byte[] readUntilClosed() throws IOException {
      return in.readAllBytes();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
