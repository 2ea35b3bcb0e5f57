package dev.otlab.network;

import org.jspecify.annotations.Nullable;

/**
 * One rule of a conduit. Rules are evaluated in order; the first whose source, destination,
 * protocol and port match decides; no match means deny (default deny). For an ALLOW rule the
 * protocol filters then judge each message.
 *
 * @param id rule id, unique within its conduit (e.g. {@code r1} or {@code hmi-reads})
 * @param from source (the side that opens the connection)
 * @param to destination
 * @param protocol protocol, or ANY
 * @param port destination port; null means the protocol's well-known port (any port for ANY)
 * @param action allow, deny or reject
 * @param modbus Modbus limits, for MODBUS rules; null means no limits
 * @param opcua OPC UA limits, for OPCUA rules; null means no limits
 * @param mqtt MQTT topic and direction limits, for MQTT rules; null means no limits
 */
public record RuleSpec(
    String id,
    Selector from,
    Selector to,
    Protocol protocol,
    @Nullable Integer port,
    RuleAction action,
    @Nullable ModbusFilter modbus,
    @Nullable OpcUaFilter opcua,
    @Nullable MqttFilter mqtt) {

  public RuleSpec {
    if (modbus != null && protocol != Protocol.MODBUS) {
      throw new IllegalArgumentException(id + ": Modbus limits on a " + protocol + " rule");
    }
    if (opcua != null && protocol != Protocol.OPCUA) {
      throw new IllegalArgumentException(id + ": OPC UA limits on a " + protocol + " rule");
    }
    if (mqtt != null && protocol != Protocol.MQTT) {
      throw new IllegalArgumentException(id + ": MQTT limits on a " + protocol + " rule");
    }
    if (port != null && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException(id + ": port " + port + " out of range");
    }
  }

  /** A rule without MQTT limits (every rule of the other protocols). */
  public RuleSpec(
      String id,
      Selector from,
      Selector to,
      Protocol protocol,
      @Nullable Integer port,
      RuleAction action,
      @Nullable ModbusFilter modbus,
      @Nullable OpcUaFilter opcua) {
    this(id, from, to, protocol, port, action, modbus, opcua, null);
  }

  /** Whether the rule carries a protocol filter that judges each message. */
  public boolean filtered() {
    return modbus != null || opcua != null || mqtt != null;
  }

  /** The destination port the rule matches, or -1 for any. */
  public int effectivePort() {
    return port != null ? port : protocol.port();
  }

  /** True for rules that let anything from anywhere through: the finding static checks flag. */
  public boolean isAnyToAny() {
    return action == RuleAction.ALLOW
        && from.kind() == Selector.Kind.ANY
        && to.kind() == Selector.Kind.ANY;
  }
}
