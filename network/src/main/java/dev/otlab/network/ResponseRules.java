package dev.otlab.network;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The rules a response writes into a conduit at run time, as ordinary {@link RuleSpec}s: the relays
 * judge them as they judge the architecture's own rules ({@code Policy}), so a response's denial
 * names its rule (e.g. {@code response:block-flow@t=123}) in decisions, firewall logs and tap
 * events like any other. Pure functions of a conduit; nothing here touches a relay.
 */
public final class ResponseRules {

  private ResponseRules() {}

  /** Every Modbus function code a read-only conduit still lets through: the four reads. */
  public static final Set<Integer> READ_FUNCTIONS = Set.of(1, 2, 3, 4);

  /**
   * {@code conduit} with a DENY rule {@code rule} first for connections from {@code source} to
   * {@code destination} on {@code protocol} (null: any protocol, any port).
   */
  public static ConduitSpec blockFlow(
      ConduitSpec conduit,
      String source,
      String destination,
      @Nullable Protocol protocol,
      String rule) {
    return prepend(
        conduit,
        List.of(
            deny(
                rule,
                Selector.host(source),
                Selector.host(destination),
                protocol == null ? Protocol.ANY : protocol)));
  }

  /** {@code conduit} with DENY rules {@code rule} first for everything from or to {@code host}. */
  public static ConduitSpec isolate(ConduitSpec conduit, String host, String rule) {
    return prepend(
        conduit,
        List.of(
            deny(rule, Selector.host(host), Selector.ANY, Protocol.ANY),
            deny(rule, Selector.ANY, Selector.host(host), Protocol.ANY)));
  }

  /**
   * {@code conduit} denying everything: one DENY rule {@code rule}, as if the cable were pulled.
   */
  public static ConduitSpec closed(ConduitSpec conduit, String rule) {
    return with(conduit, List.of(deny(rule, Selector.ANY, Selector.ANY, Protocol.ANY)));
  }

  /**
   * {@code conduit} letting only reads through its allow rules: Modbus function codes 1 to 4, OPC
   * UA services other than Write and Call, MQTT subscriptions without publishes. Each allow rule of
   * those protocols keeps its id, selectors, port, address ranges, topics and minimum security
   * mode, and its filter is narrowed; a REJECT rule {@code rule} right after it (same selectors,
   * protocol and port) answers what the narrowed filter no longer admits, so a write cannot fall
   * through to a later allow rule. An allow rule of any protocol gets the three narrowed rules in
   * front of it. An allow rule left admitting nothing becomes a REJECT rule {@code rule}. Other
   * protocols (remote access, MQTT over TLS, whose topics a relay cannot read) are unchanged, as
   * are DENY and REJECT rules. Connections the narrowed rules still allow stay allowed.
   */
  public static ConduitSpec readOnly(ConduitSpec conduit, String rule) {
    List<RuleSpec> out = new ArrayList<>();
    for (RuleSpec r : conduit.rules()) {
      if (r.action() != RuleAction.ALLOW) {
        out.add(r);
        continue;
      }
      if (r.protocol() == Protocol.ANY) {
        for (Protocol p : List.of(Protocol.MODBUS, Protocol.OPCUA, Protocol.MQTT)) {
          if (r.port() == null || r.port() == p.port()) {
            RuleSpec typed =
                new RuleSpec(r.id(), r.from(), r.to(), p, null, RuleAction.ALLOW, null, null, null);
            narrow(typed, rule, out);
          }
        }
        out.add(r);
      } else {
        narrow(r, rule, out);
      }
    }
    return with(conduit, out);
  }

  /** Appends {@code r} narrowed to reads (and the REJECT rule after it) to {@code out}. */
  private static void narrow(RuleSpec r, String rule, List<RuleSpec> out) {
    RuleSpec narrowed;
    switch (r.protocol()) {
      case MODBUS -> {
        ModbusFilter f = r.modbus();
        Set<Integer> codes = new TreeSet<>(READ_FUNCTIONS);
        if (f != null && !f.functionCodes().isEmpty()) {
          if (READ_FUNCTIONS.containsAll(f.functionCodes())) {
            out.add(r);
            return;
          }
          codes.retainAll(f.functionCodes());
        }
        narrowed =
            codes.isEmpty()
                ? null
                : withFilters(
                    r, new ModbusFilter(codes, f == null ? List.of() : f.ranges()), null, null);
      }
      case OPCUA -> {
        OpcUaFilter f = r.opcua();
        Set<OpcUaService> services =
            f == null || f.services().isEmpty()
                ? EnumSet.allOf(OpcUaService.class)
                : EnumSet.copyOf(f.services());
        if (f != null && !f.allowsWrites()) {
          out.add(r);
          return;
        }
        services.remove(OpcUaService.WRITE);
        services.remove(OpcUaService.CALL);
        narrowed =
            services.isEmpty()
                ? null
                : withFilters(
                    r,
                    null,
                    new OpcUaFilter(services, f == null ? OpcUaMode.NONE : f.minSecurityMode()),
                    null);
      }
      case MQTT -> {
        MqttFilter f = r.mqtt();
        MqttDirection d = f == null ? MqttDirection.ANY : f.direction();
        if (d == MqttDirection.SUBSCRIBE) {
          out.add(r);
          return;
        }
        narrowed =
            d == MqttDirection.PUBLISH
                ? null
                : withFilters(
                    r,
                    null,
                    null,
                    new MqttFilter(f == null ? List.of() : f.topics(), MqttDirection.SUBSCRIBE));
      }
      default -> {
        out.add(r);
        return;
      }
    }
    if (narrowed != null) {
      out.add(narrowed);
    }
    out.add(
        new RuleSpec(
            rule, r.from(), r.to(), r.protocol(), r.port(), RuleAction.REJECT, null, null, null));
  }

  private static RuleSpec withFilters(
      RuleSpec r,
      @Nullable ModbusFilter modbus,
      @Nullable OpcUaFilter opcua,
      @Nullable MqttFilter mqtt) {
    return new RuleSpec(
        r.id(), r.from(), r.to(), r.protocol(), r.port(), r.action(), modbus, opcua, mqtt);
  }

  private static RuleSpec deny(String id, Selector from, Selector to, Protocol protocol) {
    return new RuleSpec(id, from, to, protocol, null, RuleAction.DENY, null, null, null);
  }

  private static ConduitSpec prepend(ConduitSpec conduit, List<RuleSpec> first) {
    List<RuleSpec> rules = new ArrayList<>(first);
    rules.addAll(conduit.rules());
    return with(conduit, rules);
  }

  private static ConduitSpec with(ConduitSpec conduit, List<RuleSpec> rules) {
    return new ConduitSpec(
        conduit.id(),
        conduit.zoneA(),
        conduit.zoneB(),
        rules,
        conduit.description(),
        conduit.log());
  }
}
