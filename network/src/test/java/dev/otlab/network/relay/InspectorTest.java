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

import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.simulator.modbus.ModbusPdu;
import dev.otlab.simulator.modbus.ModbusRequest;
import dev.otlab.simulator.plc.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectorTest {

  private final List<RelayDecision> decisions = new ArrayList<>();
  private final List<ProtocolEvent> events = new ArrayList<>();
  private double now = 12.5;

  private ConnectionContext context(Protocol protocol, RuleSpec... rules) {
    return new ConnectionContext(
        "relay-1",
        "relay-1#1",
        Flow.of(HMI, PLC, protocol),
        new ConduitMatcher(List.of(conduit("ops-ctl", rules))),
        () -> now,
        decisions::add,
        events::add);
  }

  private static byte[] frame(int tx, ModbusRequest r) {
    return ModbusPdu.requestFrame(tx, 1, r.encode());
  }

  @Test
  void modbusRequestsArePairedWithResponsesByTransactionId() {
    ModbusInspector insp =
        new ModbusInspector(
            context(
                Protocol.MODBUS,
                modbus("reads", Selector.ANY, Selector.ANY, RuleAction.ALLOW, readOnly())));
    byte[] req1 = frame(1, new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 0, 2));
    byte[] req2 = frame(2, new ModbusRequest.ReadRegisters(Table.INPUT_REGISTER, 5, 1));
    assertThat(insp.fromClient(req1)).isInstanceOf(Verdict.Forward.class);
    now = 13;
    assertThat(insp.fromClient(req2)).isInstanceOf(Verdict.Forward.class);
    // Answered out of order.
    insp.fromServer(ModbusPdu.requestFrame(2, 1, ModbusPdu.fromHex("84 02")));
    insp.fromServer(ModbusPdu.requestFrame(1, 1, ModbusPdu.fromHex("03 04 00 0a 00 0b")));
    assertThat(events).hasSize(2);
    ProtocolEvent second = events.get(0);
    assertThat(second.code()).isEqualTo(4);
    assertThat(second.address()).isEqualTo(5);
    assertThat(second.result()).isEqualTo(Result.ERROR);
    assertThat(second.status()).isEqualTo(2);
    assertThat(second.time()).isEqualTo(13.0);
    ProtocolEvent first = events.get(1);
    assertThat(first.operation()).isEqualTo("READ_HOLDING_REGISTERS");
    assertThat(first.values()).containsExactly(10.0, 11.0);
    assertThat(first.result()).isEqualTo(Result.OK);
    assertThat(first.time()).isEqualTo(12.5);
    assertThat(first.conduit()).isEqualTo("ops-ctl");
    assertThat(first.rule()).isEqualTo("reads");
    assertThat(first.sourceHost()).isEqualTo("hmi-1");
    assertThat(first.destinationHost()).isEqualTo("plc-1");
    assertThat(decisions)
        .hasSize(2)
        .allSatisfy(d -> assertThat(d.scope()).isEqualTo(RelayDecision.Scope.MESSAGE));
  }

  @Test
  void modbusRejectAnswersWithAnExceptionAndDenyCloses() {
    ModbusInspector reject =
        new ModbusInspector(
            context(
                Protocol.MODBUS,
                modbus("reads", Selector.ANY, Selector.ANY, RuleAction.ALLOW, readOnly()),
                rule("rest", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.REJECT)));
    Verdict v = reject.fromClient(frame(7, new ModbusRequest.WriteSingleRegister(1, 99)));
    assertThat(v).isInstanceOf(Verdict.Answer.class);
    assertThat(ModbusPdu.hex(((Verdict.Answer) v).toClient()))
        .isEqualTo("00 07 00 00 00 03 01 86 01");
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.result()).isEqualTo(Result.REJECTED);
              assertThat(e.status()).isEqualTo(1);
              assertThat(e.rule()).isEqualTo("rest");
              assertThat(e.values()).containsExactly(99.0);
              assertThat(e.write()).isTrue();
            });
    events.clear();

    ModbusInspector deny =
        new ModbusInspector(
            context(
                Protocol.MODBUS,
                modbus("reads", Selector.ANY, Selector.ANY, RuleAction.ALLOW, readOnly())));
    assertThat(deny.fromClient(frame(8, new ModbusRequest.WriteSingleRegister(1, 99))))
        .isInstanceOf(Verdict.Close.class);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.result()).isEqualTo(Result.DENIED);
              assertThat(e.rule()).isEqualTo("reads");
            });
  }

  @Test
  void unansweredModbusRequestsAreReportedAtClose() {
    ModbusInspector insp =
        new ModbusInspector(
            context(
                Protocol.MODBUS,
                rule("all", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW)));
    insp.fromClient(frame(1, new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 0, 1)));
    insp.closed();
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.result()).isEqualTo(Result.NO_RESPONSE));
  }

  @Test
  void opcuaNoneChannelIsDecodedAndAWriteIsDeniedWithAnErr() {
    OpcUaInspector insp =
        new OpcUaInspector(
            context(
                Protocol.OPCUA,
                opcua(
                    "ro",
                    Selector.ANY,
                    Selector.ANY,
                    RuleAction.ALLOW,
                    services(OpcUaMode.NONE, OpcUaService.READ))));
    assertThat(insp.fromClient(UaBytes.opn(OpcUaMessage.POLICY_NONE, 1)))
        .isInstanceOf(Verdict.Forward.class);
    assertThat(insp.modeKnown()).isTrue();
    assertThat(insp.mode()).isEqualTo(OpcUaMode.NONE);
    byte[] read =
        UaBytes.msg(
            2,
            2,
            new UaBytes()
                .numericNodeId(0, 631)
                .requestHeader()
                .f64(0)
                .u32(3)
                .u32(1)
                .stringNodeId(2, "plc-tank.level")
                .u32(13)
                .nullString()
                .u16(0)
                .nullString()
                .bytes());
    assertThat(insp.fromClient(read)).isInstanceOf(Verdict.Forward.class);
    byte[] response =
        UaBytes.msg(
            2,
            2,
            new UaBytes()
                .numericNodeId(0, 634)
                .responseHeader(0)
                .u32(1)
                .u8(1)
                .u8(11)
                .f64(4.25)
                .u32(0)
                .bytes());
    assertThat(insp.fromServer(response)).isInstanceOf(Verdict.Forward.class);
    ProtocolEvent readEvent = events.get(events.size() - 1);
    assertThat(readEvent.operation()).isEqualTo("ReadRequest");
    assertThat(readEvent.nodeIds()).containsExactly("ns=2;s=plc-tank.level");
    assertThat(readEvent.values()).containsExactly(4.25);
    assertThat(readEvent.result()).isEqualTo(Result.OK);

    byte[] write =
        UaBytes.msg(
            3,
            3,
            new UaBytes()
                .numericNodeId(0, 673)
                .requestHeader()
                .u32(1)
                .stringNodeId(2, "plc-tank.level_setpoint")
                .u32(13)
                .nullString()
                .u8(1)
                .u8(11)
                .f64(7.5)
                .bytes());
    Verdict v = insp.fromClient(write);
    assertThat(v).isInstanceOf(Verdict.Close.class);
    assertThat(((Verdict.Close) v).toClient()).isNotNull();
    ProtocolEvent denied = events.get(events.size() - 1);
    assertThat(denied.result()).isEqualTo(Result.DENIED);
    assertThat(denied.write()).isTrue();
    assertThat(denied.nodeIds()).containsExactly("ns=2;s=plc-tank.level_setpoint");
    assertThat(denied.values()).containsExactly(7.5);
    assertThat(decisions.get(decisions.size() - 1).decision().allowed()).isFalse();
  }

  @Test
  void opcuaSecuredChannelTellsSignFromSignAndEncryptAtTheFirstMessage() {
    String basic = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256";
    RuleSpec encryptOnly =
        opcua(
            "enc",
            Selector.ANY,
            Selector.ANY,
            RuleAction.ALLOW,
            services(OpcUaMode.SIGN_AND_ENCRYPT, OpcUaService.READ));

    OpcUaInspector encrypted = new OpcUaInspector(context(Protocol.OPCUA, encryptOnly));
    assertThat(encrypted.fromClient(UaBytes.opn(basic, 1))).isInstanceOf(Verdict.Forward.class);
    assertThat(encrypted.modeKnown()).isFalse();
    byte[] cipher = new byte[80];
    for (int i = 0; i < cipher.length; i++) {
      cipher[i] = (byte) (i * 73 + 5);
    }
    assertThat(encrypted.fromClient(UaBytes.msg(0, 0, cipher))).isInstanceOf(Verdict.Forward.class);
    assertThat(encrypted.mode()).isEqualTo(OpcUaMode.SIGN_AND_ENCRYPT);
    assertThat(events.get(events.size() - 1).operation()).isEqualTo("Encrypted");
    assertThat(events.get(events.size() - 1).result()).isEqualTo(Result.OPAQUE);

    OpcUaInspector signed = new OpcUaInspector(context(Protocol.OPCUA, encryptOnly));
    signed.fromClient(UaBytes.opn(basic, 1));
    byte[] createSession = UaBytes.msg(2, 2, new UaBytes().numericNodeId(0, 461).pad(40).bytes());
    Verdict v = signed.fromClient(createSession);
    assertThat(signed.mode()).isEqualTo(OpcUaMode.SIGN);
    assertThat(v).isInstanceOf(Verdict.Close.class);
    assertThat(((Verdict.Close) v).reason()).contains("weaker");
  }

  @Test
  void opcuaMultiChunkMessagesAreJudgedByTheirFirstChunk() {
    OpcUaInspector insp =
        new OpcUaInspector(
            context(
                Protocol.OPCUA,
                opcua(
                    "ro",
                    Selector.ANY,
                    Selector.ANY,
                    RuleAction.ALLOW,
                    services(OpcUaMode.NONE, OpcUaService.READ))));
    insp.fromClient(UaBytes.opn(OpcUaMessage.POLICY_NONE, 1));
    int before = decisions.size();
    byte[] first =
        UaBytes.chunk(
            "MSG",
            'C',
            5,
            2,
            new UaBytes().numericNodeId(0, 631).requestHeader().f64(0).u32(3).u32(2).bytes());
    byte[] last =
        UaBytes.chunk("MSG", 'F', 5, 3, new UaBytes().numericNodeId(0, 673).pad(10).bytes());
    assertThat(insp.fromClient(first)).isInstanceOf(Verdict.Forward.class);
    // The continuation's bytes happen to look like a Write; it is not judged on its own.
    assertThat(insp.fromClient(last)).isInstanceOf(Verdict.Forward.class);
    assertThat(decisions.size() - before).isEqualTo(1);
  }
}
