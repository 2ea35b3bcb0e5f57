package dev.otlab.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.relay.Operation;
import dev.otlab.network.relay.Policy;
import dev.otlab.network.relay.UaService;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules responses write are ordinary rules: {@link Policy} judges them. */
class ResponseRulesTest {

  private static final HostRef HMI = HostRef.of("hmi-1", "ops");
  private static final HostRef PLC = HostRef.of("plc-1", "control");
  private static final Flow MODBUS = new Flow(HMI, PLC, Protocol.MODBUS, 502);
  private static final Flow OPCUA = new Flow(HMI, PLC, Protocol.OPCUA, 4840);
  private static final Flow MQTT = new Flow(HMI, PLC, Protocol.MQTT, 1883);

  private static ConduitSpec conduit(RuleSpec... rules) {
    return new ConduitSpec("c", "ops", "control", List.of(rules), "test");
  }

  private static RuleSpec allowAny() {
    return new RuleSpec(
        "any", Selector.ANY, Selector.ANY, Protocol.ANY, null, RuleAction.ALLOW, null, null);
  }

  private static ConduitDecision modbus(ConduitSpec c, int fc) {
    return Policy.decide(List.of(c), MODBUS, new Operation.Modbus(fc, 0, 1, -1, 0));
  }

  @Test
  void readOnlyNarrowsAnAllowAnyRuleToReadsAndRejectsWrites() {
    ConduitSpec c = ResponseRules.readOnly(conduit(allowAny()), "response:ro");
    assertThat(Policy.connection(List.of(c), MODBUS).allowed()).isTrue();
    for (int fc = 1; fc <= 4; fc++) {
      assertThat(modbus(c, fc).allowed()).as("FC%d", fc).isTrue();
    }
    ConduitDecision write = modbus(c, 6);
    assertThat(write.allowed()).isFalse();
    assertThat(((ConduitDecision.Denied) write).rule()).isEqualTo("response:ro");
    assertThat(((ConduitDecision.Denied) write).action()).isEqualTo(RuleAction.REJECT);
    assertThat(
            Policy.decide(
                    List.of(c),
                    OPCUA,
                    new Operation.OpcUa(OpcUaMode.NONE, UaService.of(UaService.WRITE_REQUEST)))
                .allowed())
        .isFalse();
    assertThat(
            Policy.decide(
                    List.of(c),
                    OPCUA,
                    new Operation.OpcUa(OpcUaMode.NONE, UaService.of(UaService.READ_REQUEST)))
                .allowed())
        .isTrue();
    assertThat(
            Policy.decide(
                    List.of(c), MQTT, new Operation.Mqtt(MqttDirection.PUBLISH, "site/plc/x/set"))
                .allowed())
        .isFalse();
    assertThat(
            Policy.decide(List.of(c), MQTT, new Operation.Mqtt(MqttDirection.SUBSCRIBE, "site/#"))
                .allowed())
        .isTrue();
  }

  @Test
  void readOnlyKeepsAReadRuleAsItWasAndRefusesAWritesOnlyRule() {
    RuleSpec reads =
        new RuleSpec(
            "reads",
            Selector.ANY,
            Selector.ANY,
            Protocol.MODBUS,
            null,
            RuleAction.ALLOW,
            new ModbusFilter(Set.of(3), List.of()),
            null);
    assertThat(ResponseRules.readOnly(conduit(reads), "r").rules()).containsExactly(reads);
    RuleSpec writes =
        new RuleSpec(
            "writes",
            Selector.ANY,
            Selector.ANY,
            Protocol.MODBUS,
            null,
            RuleAction.ALLOW,
            new ModbusFilter(Set.of(6, 16), List.of()),
            null);
    ConduitSpec c = ResponseRules.readOnly(conduit(writes), "r");
    ConduitDecision d = Policy.connection(List.of(c), MODBUS);
    assertThat(d.allowed()).isFalse();
    assertThat(((ConduitDecision.Denied) d).rule()).isEqualTo("r");
  }

  @Test
  void blockIsolateAndCloseDenyFirstUnderTheResponsesRule() {
    ConduitSpec open = conduit(allowAny());
    ConduitDecision blocked =
        Policy.connection(
            List.of(ResponseRules.blockFlow(open, "hmi-1", "plc-1", Protocol.MODBUS, "b")), MODBUS);
    assertThat(((ConduitDecision.Denied) blocked).rule()).isEqualTo("b");
    assertThat(
            Policy.connection(
                    List.of(ResponseRules.blockFlow(open, "hmi-1", "plc-1", Protocol.MODBUS, "b")),
                    OPCUA)
                .allowed())
        .isTrue();
    assertThat(
            ((ConduitDecision.Denied)
                    Policy.connection(List.of(ResponseRules.isolate(open, "plc-1", "i")), OPCUA))
                .rule())
        .isEqualTo("i");
    assertThat(
            ((ConduitDecision.Denied)
                    Policy.connection(List.of(ResponseRules.closed(open, "x")), MQTT))
                .rule())
        .isEqualTo("x");
  }
}
