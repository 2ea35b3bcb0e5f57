package dev.otlab.network.relay;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.Names;
import dev.otlab.network.OpcUaFilter;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.relay.ConduitDecision.Refusal;
import dev.otlab.simulator.plc.Table;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The one decision function of the lab's conduit rules, without I/O: relays call it for every
 * connection and message ({@link ConduitMatcher}), and the static analysis calls it for every class
 * of operations ({@link OperationSpace}), so the two cannot disagree.
 *
 * <p>Rules are evaluated like a stateful firewall's: in order (the conduits' rule lists one after
 * the other), first match decides, default deny. A rule matches a connection when its source,
 * destination, protocol (or ANY) and port match; a DENY or REJECT rule that carries a protocol
 * filter only ever matches messages, never a whole connection. A rule matches a message when it
 * matches the connection and its filter (if any) accepts the message: function codes and address
 * ranges for Modbus, service groups and minimum security mode for OPC UA, topics and direction for
 * MQTT (a SUBSCRIBE's filter must be covered by one of the rule's: see {@link MqttFilter}). So
 * "allow FC03; reject Modbus" refuses an FC06 with an exception, while "allow FC03" alone drops it
 * (default deny); in both cases the refusal names the ALLOW rule whose filter the message failed,
 * or the REJECT rule that answered, so a trace shows which line of the design stopped it.
 */
public final class Policy {

  private Policy() {}

  /** Whether the rule's selectors, protocol and port match the flow. */
  public static boolean matchesFlow(RuleSpec rule, Flow flow) {
    if (rule.protocol() != Protocol.ANY && rule.protocol() != flow.protocol()) {
      return false;
    }
    int port = rule.effectivePort();
    if (port != -1 && port != flow.port()) {
      return false;
    }
    return rule.from().matches(flow.source().id(), flow.source().zones())
        && rule.to().matches(flow.destination().id(), flow.destination().zones());
  }

  /** The L3/L4 decision when a connection opens. */
  public static ConduitDecision connection(List<ConduitSpec> conduits, Flow flow) {
    return connection(conduits, flow, true);
  }

  private static ConduitDecision connection(
      List<ConduitSpec> conduits, Flow flow, boolean explain) {
    requireConduits(conduits);
    for (ConduitSpec conduit : conduits) {
      for (RuleSpec rule : conduit.rules()) {
        if (!matchesFlow(rule, flow)) {
          continue;
        }
        boolean filtered = rule.filtered();
        if (rule.action() != RuleAction.ALLOW && filtered) {
          continue;
        }
        if (rule.action() == RuleAction.ALLOW) {
          return new ConduitDecision.Allowed(conduit.id(), rule.id());
        }
        return new ConduitDecision.Denied(
            conduit.id(),
            rule.id(),
            rule.action(),
            Refusal.RULE,
            !explain
                ? ""
                : "rule "
                    + rule.id()
                    + " of conduit "
                    + conduit.id()
                    + " "
                    + verb(rule.action())
                    + " "
                    + describe(flow));
      }
    }
    return defaultDeny(conduits, flow, explain);
  }

  private static ConduitDecision.Denied defaultDeny(
      List<ConduitSpec> conduits, Flow flow, boolean explain) {
    return new ConduitDecision.Denied(
        conduits.get(0).id(),
        null,
        RuleAction.DENY,
        Refusal.NO_RULE,
        !explain
            ? ""
            : "no rule of conduit "
                + conduits.stream().map(ConduitSpec::id).collect(Collectors.joining(", "))
                + " allows "
                + describe(flow)
                + " (default deny)");
  }

  /**
   * The decision for {@code operation} on a connection of {@code flow}: the connection's, and when
   * it is allowed, the message's. What a relay does, and what the static analysis asks about every
   * class of operations.
   */
  public static ConduitDecision decide(List<ConduitSpec> conduits, Flow flow, Operation operation) {
    return decide(conduits, flow, operation, true);
  }

  /**
   * {@link #decide} without the sentence for people (its reason is empty): the same conduit, rule,
   * action and refusal, for the static analysis, which asks about thousands of operations.
   */
  public static ConduitDecision verdict(
      List<ConduitSpec> conduits, Flow flow, Operation operation) {
    return decide(conduits, flow, operation, false);
  }

  private static ConduitDecision decide(
      List<ConduitSpec> conduits, Flow flow, Operation operation, boolean explain) {
    ConduitDecision opened = connection(conduits, flow, explain);
    if (!opened.allowed() || operation instanceof Operation.Connect) {
      return opened;
    }
    return message(conduits, flow, operation, explain);
  }

  /**
   * The decision for one message on an allowed connection of {@code flow}: the first rule whose
   * flow matches and whose filter accepts the message decides.
   */
  public static ConduitDecision message(
      List<ConduitSpec> conduits, Flow flow, Operation operation) {
    return message(conduits, flow, operation, true);
  }

  private static ConduitDecision message(
      List<ConduitSpec> conduits, Flow flow, Operation operation, boolean explain) {
    requireConduits(conduits);
    if (operation instanceof Operation.Modbus m) {
      return message(conduits, flow, rule -> modbusVerdict(rule.modbus(), rule.id(), m), explain);
    }
    if (operation instanceof Operation.OpcUa o) {
      return message(
          conduits,
          flow,
          rule -> opcuaVerdict(rule.opcua(), rule.id(), o.mode(), o.service()),
          explain);
    }
    if (operation instanceof Operation.Mqtt q) {
      return message(conduits, flow, rule -> mqttVerdict(rule.mqtt(), rule.id(), q), explain);
    }
    return connection(conduits, flow, explain);
  }

  private static void requireConduits(List<ConduitSpec> conduits) {
    if (conduits.isEmpty()) {
      throw new IllegalArgumentException("a decision needs at least one conduit");
    }
  }

  private interface FilterCheck {
    /** Null when the rule's filter accepts the message (or it has none), else the refusal. */
    @Nullable Failure check(RuleSpec rule);
  }

  /** A refusal, its sentence built only when someone reads it. */
  private record Failure(Refusal refusal, Supplier<String> reason) {}

  private static ConduitDecision message(
      List<ConduitSpec> conduits, Flow flow, FilterCheck filter, boolean explain) {
    String failedConduit = null;
    String failedRule = null;
    Failure failure = null;
    for (ConduitSpec conduit : conduits) {
      for (RuleSpec rule : conduit.rules()) {
        if (!matchesFlow(rule, flow)) {
          continue;
        }
        Failure f = filter.check(rule);
        if (f != null) {
          if (rule.action() == RuleAction.ALLOW && failure == null) {
            failure = f;
            failedConduit = conduit.id();
            failedRule = rule.id();
          }
          continue;
        }
        if (rule.action() == RuleAction.ALLOW) {
          return new ConduitDecision.Allowed(conduit.id(), rule.id());
        }
        String reason =
            !explain
                ? ""
                : "rule " + rule.id() + " of conduit " + conduit.id() + " " + verb(rule.action());
        return new ConduitDecision.Denied(
            conduit.id(),
            rule.id(),
            rule.action(),
            failure != null ? failure.refusal() : Refusal.RULE,
            !explain
                ? ""
                : failure != null ? failure.reason().get() + "; " + reason : reason + " it");
      }
    }
    if (failure != null) {
      return new ConduitDecision.Denied(
          failedConduit,
          failedRule,
          RuleAction.DENY,
          failure.refusal(),
          explain ? failure.reason().get() : "");
    }
    return defaultDeny(conduits, flow, explain);
  }

  private static @Nullable Failure modbusVerdict(
      @Nullable ModbusFilter filter, String ruleId, Operation.Modbus m) {
    if (filter == null) {
      return null;
    }
    if (!filter.functionCodes().isEmpty() && !filter.functionCodes().contains(m.functionCode())) {
      return new Failure(
          Refusal.FUNCTION,
          () ->
              "function code "
                  + m.functionCode()
                  + " is not in rule "
                  + ruleId
                  + "'s allow-list "
                  + new TreeSet<>(filter.functionCodes()));
    }
    if (filter.ranges().isEmpty() || ModbusMessage.NO_ADDRESS.contains(m.functionCode())) {
      return null;
    }
    if (!m.addressKnown()) {
      return new Failure(
          Refusal.ADDRESS,
          () ->
              "the addresses of function code "
                  + m.functionCode()
                  + " cannot be checked against rule "
                  + ruleId
                  + "'s ranges");
    }
    Table table = ModbusFilter.tableOf(m.functionCode());
    if (!covered(filter.ranges(), table, m.address(), m.quantity())) {
      return new Failure(
          Refusal.ADDRESS, () -> rangeReason(ruleId, table, m.address(), m.quantity(), filter));
    }
    if (m.writeAddress() >= 0
        && !covered(filter.ranges(), table, m.writeAddress(), m.writeQuantity())) {
      return new Failure(
          Refusal.ADDRESS,
          () -> rangeReason(ruleId, table, m.writeAddress(), m.writeQuantity(), filter));
    }
    return null;
  }

  private static boolean covered(
      List<RegisterRange> ranges, @Nullable Table table, int address, int quantity) {
    for (RegisterRange r : ranges) {
      if (r.covers(table, address, Math.max(1, quantity))) {
        return true;
      }
    }
    return false;
  }

  private static String rangeReason(
      String ruleId, @Nullable Table table, int address, int quantity, ModbusFilter f) {
    return "addresses "
        + address
        + ".."
        + (address + Math.max(1, quantity) - 1)
        + (table == null ? "" : " of the " + table.yamlName() + " table")
        + " are not inside one of rule "
        + ruleId
        + "'s ranges "
        + f.ranges().stream().map(RegisterRange::toString).collect(Collectors.joining(", "));
  }

  private static @Nullable Failure opcuaVerdict(
      @Nullable OpcUaFilter filter, String ruleId, OpcUaMode mode, @Nullable UaService service) {
    if (filter == null || (service != null && service.discovery())) {
      return null;
    }
    if (mode.compareTo(filter.minSecurityMode()) < 0) {
      return new Failure(
          Refusal.SECURITY_MODE,
          () ->
              "security mode "
                  + Names.yaml(mode)
                  + " is weaker than rule "
                  + ruleId
                  + "'s minimum "
                  + Names.yaml(filter.minSecurityMode()));
    }
    if (filter.services().isEmpty() || service == null) {
      return null;
    }
    if (service.category() == UaService.Category.SESSION) {
      return null;
    }
    OpcUaService group = service.category().group();
    if (group == null || !filter.services().contains(group)) {
      return new Failure(
          Refusal.SERVICE,
          () ->
              service.name()
                  + " ("
                  + (group == null ? "not a filterable service" : Names.yaml(group))
                  + ") is not among rule "
                  + ruleId
                  + "'s services "
                  + filter.services().stream().map(Names::yaml).sorted().toList());
    }
    return null;
  }

  private static @Nullable Failure mqttVerdict(
      @Nullable MqttFilter filter, String ruleId, Operation.Mqtt q) {
    if (filter == null) {
      return null;
    }
    boolean publish = q.direction() == MqttDirection.PUBLISH;
    if (filter.direction() != MqttDirection.ANY && filter.direction() != q.direction()) {
      return new Failure(
          Refusal.DIRECTION,
          () ->
              (publish ? "publishing" : "subscribing")
                  + " is not allowed by rule "
                  + ruleId
                  + ", which allows "
                  + Names.yaml(filter.direction())
                  + " only");
    }
    if (publish ? filter.allowsPublish(q.topic()) : filter.allowsSubscribe(q.topic())) {
      return null;
    }
    return new Failure(
        Refusal.TOPIC,
        () ->
            (publish ? "topic " : "subscription ")
                + q.topic()
                + " is not "
                + (publish ? "matched" : "covered")
                + " by rule "
                + ruleId
                + "'s topics "
                + filter.topics());
  }

  private static String verb(RuleAction action) {
    return action == RuleAction.REJECT ? "rejects" : "denies";
  }

  private static String describe(Flow flow) {
    return Names.yaml(flow.protocol())
        + " from "
        + flow.source().id()
        + " to "
        + flow.destination().id()
        + ":"
        + flow.port();
  }
}
