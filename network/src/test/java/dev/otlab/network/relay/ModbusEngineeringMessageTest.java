package dev.otlab.network.relay;

import static dev.otlab.network.relay.Rules.ENG;
import static dev.otlab.network.relay.Rules.HMI;
import static dev.otlab.network.relay.Rules.PLC;
import static dev.otlab.network.relay.Rules.conduit;
import static dev.otlab.network.relay.Rules.modbus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.ModbusFilter;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RuleAction;
import dev.otlab.network.Selector;
import dev.otlab.simulator.modbus.EngineeringProtocol;
import dev.otlab.simulator.modbus.ModbusPdu;
import dev.otlab.simulator.plc.PlcMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the relay names, classifies and filters FC90, the engineering function. */
class ModbusEngineeringMessageTest {

  private static ModbusMessage request(byte[] pdu) {
    return ModbusMessage.request(ModbusPdu.requestFrame(7, 1, pdu));
  }

  @Test
  void namesEachOperationAndMarksTheOnesThatChangeTheDevice() {
    byte[] program = "trip a=1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ModbusMessage info = request(EngineeringProtocol.info());
    ModbusMessage mode = request(EngineeringProtocol.setMode(PlcMode.PROGRAM));
    ModbusMessage upload = request(EngineeringProtocol.upload(0, 240));
    ModbusMessage begin = request(EngineeringProtocol.downloadBegin(program.length, 1));
    ModbusMessage segment =
        request(EngineeringProtocol.downloadSegment(0, program, 0, program.length));
    ModbusMessage commit = request(EngineeringProtocol.downloadCommit());

    assertThat(List.of(info, mode, upload, begin, segment, commit))
        .extracting(ModbusMessage::functionName)
        .containsExactly(
            "PROGRAM_INFO",
            "CHANGE_MODE",
            "PROGRAM_UPLOAD",
            "PROGRAM_DOWNLOAD",
            "PROGRAM_DOWNLOAD",
            "PROGRAM_DOWNLOAD");
    assertThat(List.of(info, mode, upload, begin, segment, commit))
        .extracting(ModbusMessage::isWrite)
        .containsExactly(false, true, false, true, true, true);
    assertThat(mode.values()).containsExactly(2);
    assertThat(mode.describe()).isEqualTo("FC90 CHANGE_MODE PROGRAM");
    assertThat(segment.values()).containsExactly(0, program.length);
    assertThat(commit.describe()).isEqualTo("FC90 PROGRAM_DOWNLOAD commit");
    assertThat(info.addressKnown()).isFalse();
    assertThat(request(new byte[] {0x5A, 0x09}).functionName()).isEqualTo("FC90_SUB9");
    assertThat(ModbusMessage.functionName(90)).isEqualTo("ENGINEERING");
  }

  @Test
  void aResponseKeepsTheRequestsSubFunction() {
    ModbusMessage req = request(EngineeringProtocol.setMode(PlcMode.STOP));
    ModbusMessage exception =
        ModbusMessage.response(ModbusPdu.requestFrame(7, 1, new byte[] {(byte) 0xDA, 4}), req);
    assertThat(exception.functionName()).isEqualTo("CHANGE_MODE");
    assertThat(exception.exceptionCode()).isEqualTo(4);
  }

  @Test
  void onlyAnAllowListNamingFc90LetsItThrough() {
    ConduitMatcher matcher =
        new ConduitMatcher(
            List.of(
                conduit(
                    "ops-ctl",
                    modbus(
                        "hmi-rw",
                        Selector.host("hmi-1"),
                        Selector.zone("control"),
                        RuleAction.ALLOW,
                        new ModbusFilter(Set.of(1, 2, 3, 4, 6, 16), List.of())),
                    modbus(
                        "eng-ranges",
                        Selector.host("eng-ws"),
                        Selector.zone("control"),
                        RuleAction.ALLOW,
                        new ModbusFilter(Set.of(), List.of(new RegisterRange(0, 100)))),
                    Rules.rule(
                        "rest", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.REJECT))));
    ModbusMessage download = request(EngineeringProtocol.downloadCommit());

    ConduitDecision hmi = matcher.modbus(Flow.of(HMI, PLC, Protocol.MODBUS), download);
    assertThat(hmi).isInstanceOf(ConduitDecision.Denied.class);
    assertThat(((ConduitDecision.Denied) hmi).reason()).contains("function code 90");
    // Address ranges cannot vouch for a function without addresses: refused, not waved through.
    ConduitDecision eng = matcher.modbus(Flow.of(ENG, PLC, Protocol.MODBUS), download);
    assertThat(eng).isInstanceOf(ConduitDecision.Denied.class);
    assertThat(((ConduitDecision.Denied) eng).reason()).contains("cannot be checked");

    ConduitMatcher programming =
        new ConduitMatcher(
            List.of(
                conduit(
                    "ops-ctl",
                    modbus(
                        "eng-program",
                        Selector.host("eng-ws"),
                        Selector.host("plc-1"),
                        RuleAction.ALLOW,
                        new ModbusFilter(Set.of(90), List.of())))));
    assertThat(programming.modbus(Flow.of(ENG, PLC, Protocol.MODBUS), download))
        .isEqualTo(new ConduitDecision.Allowed("ops-ctl", "eng-program"));
    assertThat(new ModbusFilter(Set.of(90), List.of()).allowsWrites()).isTrue();
  }
}
