package dev.otlab.network.relay;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.RuleSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The conduits one relay enforces, deciding through {@link Policy}: the relay's handle on the one
 * decision function the static analysis shares. A response may replace them while the relay runs
 * ({@link #reload}): the list is swapped as a whole, so every decision reads either the old rules
 * or the new ones, never a mix.
 */
public final class ConduitMatcher {

  private volatile List<ConduitSpec> conduits;

  public ConduitMatcher(List<ConduitSpec> conduits) {
    this.conduits = checked(conduits);
  }

  private static List<ConduitSpec> checked(List<ConduitSpec> conduits) {
    if (conduits.isEmpty()) {
      throw new IllegalArgumentException("a relay enforces at least one conduit");
    }
    return List.copyOf(conduits);
  }

  public List<ConduitSpec> conduits() {
    return conduits;
  }

  /** Enforces {@code replacement} from the next decision on (the same conduits, new rules). */
  public void reload(List<ConduitSpec> replacement) {
    conduits = checked(replacement);
  }

  /** Whether the rule's selectors, protocol and port match the flow. */
  public static boolean matchesFlow(RuleSpec rule, Flow flow) {
    return Policy.matchesFlow(rule, flow);
  }

  /** The L3/L4 decision when a connection opens. */
  public ConduitDecision connection(Flow flow) {
    return Policy.connection(conduits, flow);
  }

  /** The decision for one Modbus request on a connection of {@code flow}. */
  public ConduitDecision modbus(Flow flow, ModbusMessage request) {
    return Policy.message(conduits, flow, Operation.Modbus.of(request));
  }

  /**
   * The decision for one OPC UA message.
   *
   * @param mode the channel's message security mode as far as the relay knows it
   * @param service the request's service type, or null when the body is encrypted (service filters
   *     cannot be enforced then: only the mode is judged)
   */
  public ConduitDecision opcua(Flow flow, OpcUaMode mode, @Nullable UaService service) {
    return Policy.message(conduits, flow, new Operation.OpcUa(mode, service));
  }

  /** The decision for one MQTT PUBLISH or SUBSCRIBE (one topic filter). */
  public ConduitDecision mqtt(Flow flow, Operation.Mqtt operation) {
    return Policy.message(conduits, flow, operation);
  }
}
