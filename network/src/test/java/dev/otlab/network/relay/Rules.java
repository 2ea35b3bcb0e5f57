package dev.otlab.network.relay;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.OpcUaFilter;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import java.util.List;
import java.util.Set;

/** Hosts, zones and rules shared by the relay tests: an HMI in operations, a PLC in control. */
final class Rules {

  static final HostRef HMI = HostRef.of("hmi-1", "operations");
  static final HostRef ENG = HostRef.of("eng-ws", "operations");
  static final HostRef PLC = HostRef.of("plc-1", "control");
  static final HostRef VENDOR = HostRef.of("vendor", "remote");

  private Rules() {}

  static RuleSpec rule(String id, Selector from, Selector to, Protocol p, RuleAction a) {
    return new RuleSpec(id, from, to, p, null, a, null, null);
  }

  static RuleSpec modbus(String id, Selector from, Selector to, RuleAction a, ModbusFilter f) {
    return new RuleSpec(id, from, to, Protocol.MODBUS, null, a, f, null);
  }

  static RuleSpec opcua(String id, Selector from, Selector to, RuleAction a, OpcUaFilter f) {
    return new RuleSpec(id, from, to, Protocol.OPCUA, null, a, null, f);
  }

  static ModbusFilter readOnly(RegisterRange... ranges) {
    return new ModbusFilter(Set.of(1, 2, 3, 4), List.of(ranges));
  }

  static OpcUaFilter services(OpcUaMode min, OpcUaService... services) {
    return new OpcUaFilter(Set.of(services), min);
  }

  /** ops-ctl: hmi-1 may read the control zone over Modbus; any other Modbus gets {@code rest}. */
  static ConduitSpec readOnlyThenRest(RuleAction rest) {
    return conduit(
        "ops-ctl",
        modbus(
            "hmi-reads",
            Selector.host("hmi-1"),
            Selector.zone("control"),
            RuleAction.ALLOW,
            readOnly()),
        rule("modbus-rest", Selector.ANY, Selector.ANY, Protocol.MODBUS, rest));
  }

  static ConduitSpec conduit(String id, RuleSpec... rules) {
    return new ConduitSpec(id, "operations", "control", List.of(rules), "test conduit");
  }
}
