package dev.otlab.network.relay;

import static dev.otlab.network.relay.Rules.ENG;
import static dev.otlab.network.relay.Rules.HMI;
import static dev.otlab.network.relay.Rules.PLC;
import static dev.otlab.network.relay.Rules.VENDOR;
import static dev.otlab.network.relay.Rules.conduit;
import static dev.otlab.network.relay.Rules.modbus;
import static dev.otlab.network.relay.Rules.opcua;
import static dev.otlab.network.relay.Rules.readOnly;
import static dev.otlab.network.relay.Rules.rule;
import static dev.otlab.network.relay.Rules.services;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.relay.ConduitDecision.Allowed;
import dev.otlab.network.relay.ConduitDecision.Denied;
import dev.otlab.network.relay.ConduitDecision.Refusal;
import dev.otlab.simulator.modbus.ModbusPdu;
import dev.otlab.simulator.modbus.ModbusRequest;
import dev.otlab.simulator.plc.Table;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConduitMatcherTest {

  private static final Flow HMI_MODBUS = Flow.of(HMI, PLC, Protocol.MODBUS);
  private static final Flow HMI_OPCUA = Flow.of(HMI, PLC, Protocol.OPCUA);

  private static ConduitMatcher matcher(RuleSpec... rules) {
    return new ConduitMatcher(List.of(conduit("ops-ctl", rules)));
  }

  private static ModbusMessage mb(ModbusRequest r) {
    return ModbusMessage.request(ModbusPdu.requestFrame(1, 1, r.encode()));
  }

  private static ModbusMessage mbHex(String pdu) {
    return ModbusMessage.request(ModbusPdu.requestFrame(1, 1, ModbusPdu.fromHex(pdu)));
  }

  @Test
  void noRuleMeansDefaultDenyWithoutARule() {
    ConduitDecision d =
        matcher(
                rule(
                    "r1", Selector.host("eng-ws"), Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW))
            .connection(HMI_MODBUS);
    assertThat(d).isInstanceOf(Denied.class);
    Denied denied = (Denied) d;
    assertThat(denied.rule()).isNull();
    assertThat(denied.refusal()).isEqualTo(Refusal.NO_RULE);
    assertThat(denied.action()).isEqualTo(RuleAction.DENY);
    assertThat(denied.conduit()).isEqualTo("ops-ctl");
    assertThat(denied.reason()).contains("default deny");
  }

  @Test
  void firstMatchingRuleDecides() {
    ConduitMatcher m =
        matcher(
            rule("deny-hmi", Selector.host("hmi-1"), Selector.ANY, Protocol.ANY, RuleAction.REJECT),
            rule(
                "ops",
                Selector.zone("operations"),
                Selector.zone("control"),
                Protocol.MODBUS,
                RuleAction.ALLOW));
    Denied d = (Denied) m.connection(HMI_MODBUS);
    assertThat(d.rule()).isEqualTo("deny-hmi");
    assertThat(d.action()).isEqualTo(RuleAction.REJECT);
    assertThat(d.refusal()).isEqualTo(Refusal.RULE);
    assertThat(m.connection(Flow.of(ENG, PLC, Protocol.MODBUS)))
        .isEqualTo(new Allowed("ops-ctl", "ops"));
    // Reversed order: the allow comes first.
    ConduitMatcher reversed =
        matcher(
            rule(
                "ops",
                Selector.zone("operations"),
                Selector.zone("control"),
                Protocol.MODBUS,
                RuleAction.ALLOW),
            rule(
                "deny-hmi", Selector.host("hmi-1"), Selector.ANY, Protocol.ANY, RuleAction.REJECT));
    assertThat(reversed.connection(HMI_MODBUS)).isEqualTo(new Allowed("ops-ctl", "ops"));
  }

  @Test
  void selectorsMatchByZoneHostOrAnyAndRulesAreDirectional() {
    RuleSpec byZone =
        rule(
            "z",
            Selector.zone("operations"),
            Selector.zone("control"),
            Protocol.MODBUS,
            RuleAction.ALLOW);
    assertThat(matcher(byZone).connection(HMI_MODBUS).allowed()).isTrue();
    assertThat(matcher(byZone).connection(Flow.of(PLC, HMI, Protocol.MODBUS)).allowed()).isFalse();
    assertThat(matcher(byZone).connection(Flow.of(VENDOR, PLC, Protocol.MODBUS)).allowed())
        .isFalse();
    RuleSpec byHost =
        rule(
            "h", Selector.host("hmi-1"), Selector.host("plc-1"), Protocol.MODBUS, RuleAction.ALLOW);
    assertThat(matcher(byHost).connection(HMI_MODBUS).allowed()).isTrue();
    assertThat(matcher(byHost).connection(Flow.of(ENG, PLC, Protocol.MODBUS)).allowed()).isFalse();
    RuleSpec any = rule("a", Selector.ANY, Selector.ANY, Protocol.ANY, RuleAction.ALLOW);
    assertThat(matcher(any).connection(Flow.of(VENDOR, PLC, Protocol.SSH)).allowed()).isTrue();
    HostRef dualHomed = new HostRef("historian", List.of("dmz", "operations"));
    assertThat(matcher(byZone).connection(Flow.of(dualHomed, PLC, Protocol.MODBUS)).allowed())
        .isTrue();
  }

  @Test
  void protocolsAndPortsMustMatch() {
    RuleSpec modbusWellKnown =
        rule("m", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW);
    assertThat(matcher(modbusWellKnown).connection(HMI_OPCUA).allowed()).isFalse();
    assertThat(
            matcher(modbusWellKnown)
                .connection(new Flow(HMI, PLC, Protocol.MODBUS, 5020))
                .allowed())
        .isFalse();
    RuleSpec custom =
        new RuleSpec(
            "c", Selector.ANY, Selector.ANY, Protocol.MODBUS, 5020, RuleAction.ALLOW, null, null);
    assertThat(matcher(custom).connection(new Flow(HMI, PLC, Protocol.MODBUS, 5020)).allowed())
        .isTrue();
    assertThat(matcher(custom).connection(HMI_MODBUS).allowed()).isFalse();
    RuleSpec anyOnPort =
        new RuleSpec(
            "p", Selector.ANY, Selector.ANY, Protocol.ANY, 22, RuleAction.ALLOW, null, null);
    assertThat(matcher(anyOnPort).connection(Flow.of(HMI, PLC, Protocol.SSH)).allowed()).isTrue();
    assertThat(matcher(anyOnPort).connection(HMI_MODBUS).allowed()).isFalse();
  }

  @Test
  void readOnlyConduitAllowsReadsAndNamesItsRuleWhenItDropsAWrite() {
    ConduitMatcher m =
        matcher(
            modbus(
                "hmi-reads",
                Selector.host("hmi-1"),
                Selector.zone("control"),
                RuleAction.ALLOW,
                readOnly()));
    assertThat(m.connection(HMI_MODBUS)).isEqualTo(new Allowed("ops-ctl", "hmi-reads"));
    assertThat(
            m.modbus(
                HMI_MODBUS, mb(new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 0, 10))))
        .isEqualTo(new Allowed("ops-ctl", "hmi-reads"));
    ConduitDecision write = m.modbus(HMI_MODBUS, mb(new ModbusRequest.WriteSingleRegister(1, 5)));
    assertThat(write).isInstanceOf(Denied.class);
    Denied d = (Denied) write;
    assertThat(d.rule()).isEqualTo("hmi-reads");
    assertThat(d.action()).isEqualTo(RuleAction.DENY);
    assertThat(d.refusal()).isEqualTo(Refusal.FUNCTION);
    assertThat(d.modbusException()).isEqualTo(1);
    assertThat(d.reason()).contains("function code 6").contains("[1, 2, 3, 4]");
  }

  @Test
  void aLaterRejectRuleTurnsAFilterRefusalIntoAnExceptionOfTheRightKind() {
    ConduitMatcher m =
        matcher(
            modbus(
                "reads",
                Selector.ANY,
                Selector.ANY,
                RuleAction.ALLOW,
                readOnly(new RegisterRange(0, 9))),
            rule("rest", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.REJECT));
    assertThat(m.connection(HMI_MODBUS)).isEqualTo(new Allowed("ops-ctl", "reads"));
    Denied fc = (Denied) m.modbus(HMI_MODBUS, mb(new ModbusRequest.WriteSingleRegister(1, 5)));
    assertThat(fc.rule()).isEqualTo("rest");
    assertThat(fc.action()).isEqualTo(RuleAction.REJECT);
    assertThat(fc.modbusException()).isEqualTo(1);
    Denied addr =
        (Denied)
            m.modbus(
                HMI_MODBUS, mb(new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 5, 10)));
    assertThat(addr.refusal()).isEqualTo(Refusal.ADDRESS);
    assertThat(addr.modbusException()).isEqualTo(2);
    assertThat(addr.reason()).contains("addresses 5..14").contains("0..9");
  }

  @Test
  void filteredDenyRulesJudgeMessagesNotConnections() {
    ConduitMatcher m =
        matcher(
            modbus(
                "no-writes",
                Selector.ANY,
                Selector.ANY,
                RuleAction.REJECT,
                new ModbusFilter(ModbusFilter.WRITES, List.of())),
            rule("modbus", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW));
    assertThat(m.connection(HMI_MODBUS)).isEqualTo(new Allowed("ops-ctl", "modbus"));
    assertThat(
            m.modbus(HMI_MODBUS, mb(new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 0, 1)))
                .allowed())
        .isTrue();
    Denied d =
        (Denied)
            m.modbus(HMI_MODBUS, mb(new ModbusRequest.WriteMultipleRegisters(0, new short[] {1})));
    assertThat(d.rule()).isEqualTo("no-writes");
    assertThat(d.refusal()).isEqualTo(Refusal.RULE);
  }

  @Test
  void rangesMustContainTheWholeRequestAndFc23ChecksBoth() {
    ModbusFilter f =
        new ModbusFilter(Set.of(), List.of(new RegisterRange(0, 9), new RegisterRange(100, 119)));
    ConduitMatcher m = matcher(modbus("r", Selector.ANY, Selector.ANY, RuleAction.ALLOW, f));
    assertThat(
            m.modbus(HMI_MODBUS, mb(new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 0, 10)))
                .allowed())
        .isTrue();
    assertThat(
            m.modbus(
                    HMI_MODBUS,
                    mb(new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 100, 20)))
                .allowed())
        .isTrue();
    // Spans the gap between two allowed ranges: not inside one.
    assertThat(
            m.modbus(HMI_MODBUS, mb(new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 9, 2)))
                .allowed())
        .isFalse();
    assertThat(
            m.modbus(
                    HMI_MODBUS,
                    mb(new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 110, 11)))
                .allowed())
        .isFalse();
    assertThat(
            m.modbus(
                    HMI_MODBUS,
                    mb(new ModbusRequest.ReadWriteRegisters(0, 5, 100, new short[] {1})))
                .allowed())
        .isTrue();
    assertThat(
            m.modbus(
                    HMI_MODBUS, mb(new ModbusRequest.ReadWriteRegisters(0, 5, 50, new short[] {1})))
                .allowed())
        .isFalse();
    assertThat(
            m.modbus(
                    HMI_MODBUS, mb(new ModbusRequest.ReadWriteRegisters(50, 5, 0, new short[] {1})))
                .allowed())
        .isFalse();
    // Functions without addresses are judged by function code only; unknown layouts are refused.
    assertThat(m.modbus(HMI_MODBUS, mbHex("08 00 00 12 34")).allowed()).isTrue();
    assertThat(m.modbus(HMI_MODBUS, mbHex("11")).allowed()).isTrue();
    assertThat(m.modbus(HMI_MODBUS, mbHex("2b 0e 01 00")).allowed()).isTrue();
    assertThat(((Denied) m.modbus(HMI_MODBUS, mbHex("14 07 06 00 01 00 00 00 02"))).refusal())
        .isEqualTo(Refusal.ADDRESS);
    ConduitMatcher fcOnly =
        matcher(
            modbus(
                "d",
                Selector.ANY,
                Selector.ANY,
                RuleAction.ALLOW,
                new ModbusFilter(Set.of(8, 17, 43), List.of(new RegisterRange(0, 0)))));
    assertThat(fcOnly.modbus(HMI_MODBUS, mbHex("08 00 00 12 34")).allowed()).isTrue();
    assertThat(fcOnly.modbus(HMI_MODBUS, mbHex("2b 0e 01 00")).allowed()).isTrue();
    assertThat(fcOnly.modbus(HMI_MODBUS, mbHex("03 00 00 00 01")).allowed()).isFalse();
  }

  @Test
  void aRangeWithATableCoversOnlyThatTable() {
    ModbusFilter f =
        new ModbusFilter(
            Set.of(),
            List.of(
                new RegisterRange(0, 9, Table.INPUT_REGISTER),
                new RegisterRange(2, 3, Table.HOLDING_REGISTER)));
    ConduitMatcher m = matcher(modbus("t", Selector.ANY, Selector.ANY, RuleAction.ALLOW, f));
    assertThat(
            m.modbus(HMI_MODBUS, mb(new ModbusRequest.ReadRegisters(Table.INPUT_REGISTER, 0, 10)))
                .allowed())
        .isTrue();
    // The same addresses in the holding registers are outside the input-register range.
    Denied d =
        (Denied)
            m.modbus(
                HMI_MODBUS, mb(new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 0, 10)));
    assertThat(d.refusal()).isEqualTo(Refusal.ADDRESS);
    assertThat(d.reason()).contains("holding-register table").contains("input-register 0..9");
    assertThat(m.modbus(HMI_MODBUS, mbHex("06 00 02 00 07")).allowed()).isTrue();
    assertThat(m.modbus(HMI_MODBUS, mbHex("06 00 05 00 07")).allowed()).isFalse();
    // Coil 2 is not holding register 2.
    assertThat(m.modbus(HMI_MODBUS, mbHex("05 00 02 ff 00")).allowed()).isFalse();
    assertThat(m.modbus(HMI_MODBUS, mbHex("01 00 00 00 08")).allowed()).isFalse();
  }

  @Test
  void rangeCheckAgreesWithABruteForceOracle() {
    SplittableRandom random = new SplittableRandom(99);
    for (int round = 0; round < 2000; round++) {
      int first = random.nextInt(200);
      RegisterRange range = new RegisterRange(first, first + random.nextInt(50));
      ConduitMatcher m =
          matcher(
              modbus(
                  "r",
                  Selector.ANY,
                  Selector.ANY,
                  RuleAction.ALLOW,
                  new ModbusFilter(Set.of(), List.of(range))));
      int address = random.nextInt(300);
      int qty = 1 + random.nextInt(60);
      boolean inside = true;
      for (int a = address; a < address + qty; a++) {
        inside &= a >= range.first() && a <= range.last();
      }
      assertThat(
              m.modbus(
                      HMI_MODBUS,
                      mb(new ModbusRequest.ReadRegisters(Table.INPUT_REGISTER, address, qty)))
                  .allowed())
          .as("%s vs %d+%d", range, address, qty)
          .isEqualTo(inside);
    }
  }

  @Test
  void opcuaServicesAndSessionManagement() {
    ConduitMatcher m =
        matcher(
            opcua(
                "ro",
                Selector.ANY,
                Selector.ANY,
                RuleAction.ALLOW,
                services(OpcUaMode.NONE, OpcUaService.BROWSE, OpcUaService.READ)));
    assertThat(m.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(631)).allowed()).isTrue();
    assertThat(m.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(527)).allowed()).isTrue();
    assertThat(m.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(461)).allowed()).isTrue();
    assertThat(m.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(446)).allowed()).isTrue();
    Denied write = (Denied) m.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(673));
    assertThat(write.refusal()).isEqualTo(Refusal.SERVICE);
    assertThat(write.rule()).isEqualTo("ro");
    assertThat(write.reason()).contains("WriteRequest").contains("write");
    assertThat(m.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(712)).allowed()).isFalse();
    assertThat(m.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(826)).allowed()).isFalse();
    assertThat(m.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(488)).allowed()).isFalse();
    assertThat(m.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(31337)).allowed()).isFalse();
    // Encrypted: the service is unknown, only the mode is judged.
    assertThat(m.opcua(HMI_OPCUA, OpcUaMode.SIGN_AND_ENCRYPT, null).allowed()).isTrue();
    ConduitMatcher unrestricted =
        matcher(
            opcua("all", Selector.ANY, Selector.ANY, RuleAction.ALLOW, services(OpcUaMode.NONE)));
    assertThat(unrestricted.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(31337)).allowed())
        .isTrue();
  }

  @Test
  void opcuaMinimumSecurityMode() {
    ConduitMatcher sign =
        matcher(opcua("s", Selector.ANY, Selector.ANY, RuleAction.ALLOW, services(OpcUaMode.SIGN)));
    assertThat(sign.connection(HMI_OPCUA).allowed()).isTrue();
    // Discovery and channel plumbing run on None channels by design.
    assertThat(sign.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(446)).allowed()).isTrue();
    assertThat(sign.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(428)).allowed()).isTrue();
    Denied none = (Denied) sign.opcua(HMI_OPCUA, OpcUaMode.NONE, UaService.of(461));
    assertThat(none.refusal()).isEqualTo(Refusal.SECURITY_MODE);
    assertThat(none.reason()).contains("none").contains("sign");
    assertThat(sign.opcua(HMI_OPCUA, OpcUaMode.SIGN, UaService.of(631)).allowed()).isTrue();
    assertThat(sign.opcua(HMI_OPCUA, OpcUaMode.SIGN_AND_ENCRYPT, null).allowed()).isTrue();
    ConduitMatcher encrypt =
        matcher(
            opcua(
                "e",
                Selector.ANY,
                Selector.ANY,
                RuleAction.ALLOW,
                services(OpcUaMode.SIGN_AND_ENCRYPT)));
    assertThat(encrypt.opcua(HMI_OPCUA, OpcUaMode.SIGN, UaService.of(631)).allowed()).isFalse();
    assertThat(encrypt.opcua(HMI_OPCUA, OpcUaMode.SIGN_AND_ENCRYPT, null).allowed()).isTrue();
  }

  @Test
  void severalConduitsActAsOneRuleListInOrder() {
    ConduitSpec first =
        conduit(
            "c1",
            rule("x", Selector.host("eng-ws"), Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW));
    ConduitSpec second =
        new ConduitSpec(
            "c2",
            "operations",
            "control",
            List.of(rule("y", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW)),
            "");
    ConduitMatcher m = new ConduitMatcher(List.of(first, second));
    assertThat(m.connection(HMI_MODBUS)).isEqualTo(new Allowed("c2", "y"));
    assertThat(m.connection(Flow.of(ENG, PLC, Protocol.MODBUS))).isEqualTo(new Allowed("c1", "x"));
    assertThat(((Denied) m.connection(HMI_OPCUA)).conduit()).isEqualTo("c1");
  }
}
