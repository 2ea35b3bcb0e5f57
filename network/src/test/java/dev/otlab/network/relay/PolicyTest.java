package dev.otlab.network.relay;

import static dev.otlab.network.relay.Rules.ENG;
import static dev.otlab.network.relay.Rules.HMI;
import static dev.otlab.network.relay.Rules.PLC;
import static dev.otlab.network.relay.Rules.conduit;
import static dev.otlab.network.relay.Rules.modbus;
import static dev.otlab.network.relay.Rules.opcua;
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
import dev.otlab.network.Selector;
import dev.otlab.simulator.plc.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decision function the relays and the static analysis share, class by class: every Modbus
 * function code 1..127 over address ranges inside, across and outside the allowed ones, and every
 * OPC UA service group and security mode, under rule sets that exercise first match, fall-through
 * past a failed filter, filtered deny rules, tables and unaddressed functions.
 */
class PolicyTest {

  private static final Selector HMI_SEL = Selector.host(HMI.id());
  private static final Selector ENG_SEL = Selector.host(ENG.id());
  private static final Selector PLCS = Selector.zone("control");

  /** Rule sets over ranges 0..15 and 100..109 (holding registers) and 200..200. */
  private static List<List<ConduitSpec>> ruleSets() {
    List<List<ConduitSpec>> out = new ArrayList<>();
    // The issue's example: engineering reads and writes 0..15, with device id (43) and FC 90.
    out.add(
        List.of(
            conduit(
                "ops-control",
                modbus(
                    "eng-modbus",
                    ENG_SEL,
                    PLCS,
                    RuleAction.ALLOW,
                    new ModbusFilter(
                        Set.of(1, 2, 3, 4, 5, 6, 15, 16, 23, 43, 90),
                        List.of(new RegisterRange(0, 15)))))));
    // Two allow rules: a message failing the first's filter falls through to the second.
    out.add(
        List.of(
            conduit(
                "ops-control",
                modbus(
                    "reads",
                    Selector.ANY,
                    PLCS,
                    RuleAction.ALLOW,
                    new ModbusFilter(Set.of(3), List.of(new RegisterRange(0, 15)))),
                modbus(
                    "writes",
                    ENG_SEL,
                    PLCS,
                    RuleAction.ALLOW,
                    new ModbusFilter(
                        Set.of(6, 16, 23, 22),
                        List.of(new RegisterRange(100, 109, Table.HOLDING_REGISTER)))),
                modbus(
                    "no-diagnostics",
                    Selector.ANY,
                    PLCS,
                    RuleAction.REJECT,
                    new ModbusFilter(Set.of(8, 43, 90), List.of())),
                rule("rest", Selector.ANY, PLCS, Protocol.MODBUS, RuleAction.ALLOW))));
    // Ranges only, no function list; then a range-less allow-list.
    out.add(
        List.of(
            conduit(
                "ops-control",
                modbus(
                    "ranges",
                    HMI_SEL,
                    PLCS,
                    RuleAction.ALLOW,
                    new ModbusFilter(
                        Set.of(), List.of(new RegisterRange(200, 200), new RegisterRange(0, 15)))),
                modbus(
                    "fcs",
                    Selector.ANY,
                    PLCS,
                    RuleAction.ALLOW,
                    new ModbusFilter(Set.of(1, 2, 24, 17), List.of())))));
    return out;
  }

  private static final List<RegisterRange> RANGES =
      List.of(
          new RegisterRange(0, 15),
          new RegisterRange(100, 109, Table.HOLDING_REGISTER),
          new RegisterRange(200, 200));

  @Test
  void everyModbusClassDecodesToItselfAndTheRelayDecidesItAsThePolicyDoes() {
    OperationSpace space = OperationSpace.ofRanges(Protocol.MODBUS, RANGES);
    // Segments start at 0, 16, 100, 110, 200, 201: 21 spans per multi-point function.
    assertThat(space.segmentStarts()).containsExactly(0, 16, 100, 110, 200, 201);
    int checked = 0;
    for (List<ConduitSpec> conduits : ruleSets()) {
      ConduitMatcher relay = new ConduitMatcher(conduits);
      for (HostRef source : List.of(HMI, ENG)) {
        Flow flow = Flow.of(source, PLC, Protocol.MODBUS);
        for (int i = 0; i < space.size(); i++) {
          Operation.Modbus op = (Operation.Modbus) space.operations().get(i);
          ModbusMessage read = ModbusMessage.request(op.frame(i & 0xFFFF, 1));
          assertThat(Operation.Modbus.of(read)).as(op.toString()).isEqualTo(op);
          assertThat(space.classOf(Operation.Modbus.of(read))).isEqualTo(i);
          ConduitDecision policy = Policy.decide(conduits, flow, op);
          ConduitDecision live =
              relay.connection(flow).allowed() ? relay.modbus(flow, read) : relay.connection(flow);
          assertThat(live).as(source.id() + " " + op).isEqualTo(policy);
          // The analysis's quiet form decides the same, by the same rule.
          ConduitDecision quiet = Policy.verdict(conduits, flow, op);
          assertThat(quiet.allowed()).isEqualTo(policy.allowed());
          assertThat(decidingRule(quiet)).isEqualTo(decidingRule(policy));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(3 * 2 * 127);
  }

  @Test
  void theIssuesExampleFc90IsRefusedUnderRangesAndFc43And8PassOnlyWhenListed() {
    List<ConduitSpec> eng = ruleSets().get(0);
    Flow flow = Flow.of(ENG, PLC, Protocol.MODBUS);
    assertThat(Policy.decide(eng, flow, Operation.Modbus.unaddressed(90)))
        .isInstanceOfSatisfying(
            ConduitDecision.Denied.class,
            d -> assertThat(d.refusal()).isEqualTo(ConduitDecision.Refusal.ADDRESS));
    assertThat(Policy.decide(eng, flow, Operation.Modbus.unaddressed(43)).allowed()).isTrue();
    assertThat(Policy.decide(eng, flow, Operation.Modbus.unaddressed(8)).allowed()).isFalse();
    // Inside, across the end, outside.
    assertThat(Policy.decide(eng, flow, new Operation.Modbus(3, 0, 16, -1, 0)).allowed()).isTrue();
    assertThat(Policy.decide(eng, flow, new Operation.Modbus(3, 10, 10, -1, 0)).allowed())
        .isFalse();
    assertThat(Policy.decide(eng, flow, new Operation.Modbus(3, 16, 1, -1, 0)).allowed()).isFalse();
    // FC23 reads and writes inside, or writes outside.
    assertThat(Policy.decide(eng, flow, new Operation.Modbus(23, 0, 2, 4, 2)).allowed()).isTrue();
    assertThat(Policy.decide(eng, flow, new Operation.Modbus(23, 0, 2, 40, 2)).allowed()).isFalse();
  }

  @Test
  void aMessageFailingAnAllowRulesFilterFallsThroughToLaterRules() {
    List<ConduitSpec> c = ruleSets().get(1);
    Flow eng = Flow.of(ENG, PLC, Protocol.MODBUS);
    Flow hmi = Flow.of(HMI, PLC, Protocol.MODBUS);
    Operation.Modbus write = new Operation.Modbus(16, 100, 10, -1, 0);
    assertThat(Policy.decide(c, eng, write))
        .isEqualTo(new ConduitDecision.Allowed("ops-control", "writes"));
    // The HMI's write passes "rest": the filtered rules only narrow what they name.
    assertThat(Policy.decide(c, hmi, write))
        .isEqualTo(new ConduitDecision.Allowed("ops-control", "rest"));
    assertThat(Policy.decide(c, hmi, Operation.Modbus.unaddressed(43)))
        .isInstanceOfSatisfying(
            ConduitDecision.Denied.class, d -> assertThat(d.rule()).isEqualTo("no-diagnostics"));
  }

  @Test
  void everyRequestGetsTheDecisionOfItsClassRepresentative() {
    OperationSpace space = OperationSpace.ofRanges(Protocol.MODBUS, RANGES);
    Random random = new Random(16);
    int[] interesting = {0, 1, 14, 15, 16, 17, 99, 100, 105, 109, 110, 199, 200, 201, 65535};
    for (List<ConduitSpec> conduits : ruleSets()) {
      Flow flow = Flow.of(ENG, PLC, Protocol.MODBUS);
      for (int n = 0; n < 20_000; n++) {
        int fc = 1 + random.nextInt(127);
        int a = interesting[random.nextInt(interesting.length)];
        int last = Math.max(a, interesting[random.nextInt(interesting.length)]);
        int wa = interesting[random.nextInt(interesting.length)];
        int wl = Math.max(wa, interesting[random.nextInt(interesting.length)]);
        Operation.Modbus op;
        if (!Operation.Modbus.hasAddress(fc)) {
          op = Operation.Modbus.unaddressed(fc);
        } else if (fc == 5 || fc == 6 || fc == 22 || fc == 24) {
          op = new Operation.Modbus(fc, a, 1, -1, 0);
        } else if (fc == 23) {
          op = new Operation.Modbus(fc, a, last - a + 1, wa, wl - wa + 1);
        } else {
          op = new Operation.Modbus(fc, a, last - a + 1, -1, 0);
        }
        int k = space.classOf(op);
        assertThat(k).as(op.toString()).isNotNegative();
        assertThat(Policy.decide(conduits, flow, op).allowed())
            .as(op + " vs " + space.operations().get(k))
            .isEqualTo(Policy.decide(conduits, flow, space.operations().get(k)).allowed());
      }
    }
  }

  @Test
  void everyOpcUaClassIsDecidedByTheRelayAsByThePolicy() {
    List<ConduitSpec> conduits =
        List.of(
            conduit(
                "ops-control",
                opcua(
                    "hmi-ua",
                    HMI_SEL,
                    PLCS,
                    RuleAction.ALLOW,
                    services(OpcUaMode.SIGN, OpcUaService.READ, OpcUaService.BROWSE)),
                opcua(
                    "eng-ua",
                    ENG_SEL,
                    PLCS,
                    RuleAction.ALLOW,
                    services(OpcUaMode.SIGN_AND_ENCRYPT, OpcUaService.WRITE))));
    OperationSpace space = OperationSpace.ofRanges(Protocol.OPCUA, List.of());
    assertThat(space.size()).isEqualTo(2 * 8 + 1);
    ConduitMatcher relay = new ConduitMatcher(conduits);
    int allowed = 0;
    for (HostRef source : List.of(HMI, ENG)) {
      Flow flow = Flow.of(source, PLC, Protocol.OPCUA);
      for (Operation o : space.operations()) {
        Operation.OpcUa op = (Operation.OpcUa) o;
        ConduitDecision live = relay.opcua(flow, op.mode(), op.service());
        assertThat(live).as(source.id() + " " + op).isEqualTo(Policy.decide(conduits, flow, op));
        allowed += live.allowed() ? 1 : 0;
      }
    }
    // HMI: browse and read on Sign (2), discovery on None and Sign (2), sessions on Sign (1),
    // encrypted (1); engineering: discovery (2) and encrypted (1).
    assertThat(allowed).isEqualTo(9);
  }

  private static String decidingRule(ConduitDecision d) {
    return d instanceof ConduitDecision.Allowed a ? a.rule() : ((ConduitDecision.Denied) d).rule();
  }
}
