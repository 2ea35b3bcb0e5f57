package dev.otlab.network;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an {@code iiot-gateway} host bridges: PLC values read over OPC UA, published as MQTT to a
 * broker host, and optionally setpoints that come back from the cloud written to the PLCs.
 *
 * <p>Topics: {@code <site>/<plc-host>/<tag>} carries a value as {@code {"ts":<lab seconds>,
 * "value":<number>}}, one message per tag at QoS 0 every {@code publishSeconds}; a cloud
 * application that wants a write-back tag changed publishes the same shape on {@code
 * <site>/<plc-host>/<tag>/set}, which the gateway subscribes to and writes over OPC UA, only for
 * the tags of {@code writeBack}, as field gateways allow-list their writable points.
 *
 * @param broker the {@code mqtt-broker} host it publishes to
 * @param site the topics' first level
 * @param publishSeconds lab seconds between two publishes of a tag
 * @param tags per PLC host, the tags published (in the plant controller's names)
 * @param writeBack per PLC host, the tags the cloud may set through the gateway
 * @param commandSeconds lab seconds between two setpoint commands of a cloud application host
 */
public record IiotSpec(
    String broker,
    String site,
    double publishSeconds,
    Map<String, List<String>> tags,
    Map<String, List<String>> writeBack,
    double commandSeconds) {

  public static final double DEFAULT_PUBLISH_SECONDS = 5;
  public static final double DEFAULT_COMMAND_SECONDS = 900;

  public IiotSpec {
    tags = copy(tags);
    writeBack = copy(writeBack);
    if (broker.isBlank()) {
      throw new IllegalArgumentException("an IIoT gateway names its broker host");
    }
    if (MqttFilter.filterProblem(site) != null || site.contains("+") || site.contains("#")) {
      throw new IllegalArgumentException("site '" + site + "' is not a topic level");
    }
    if (!(publishSeconds > 0) || !Double.isFinite(publishSeconds)) {
      throw new IllegalArgumentException("publishSeconds must be positive: " + publishSeconds);
    }
    if (!(commandSeconds > 0) || !Double.isFinite(commandSeconds)) {
      throw new IllegalArgumentException("commandSeconds must be positive: " + commandSeconds);
    }
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> m) {
    Map<String, List<String>> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The topic a tag's value is published on. */
  public String valueTopic(String plcHost, String tag) {
    return site + "/" + plcHost + "/" + tag;
  }

  /** The topic a tag's setpoint command comes on. */
  public String commandTopic(String plcHost, String tag) {
    return valueTopic(plcHost, tag) + "/set";
  }

  /** The filter a gateway subscribes to for commands. */
  public String commandFilter() {
    return site + "/+/+/set";
  }

  /** Whether the cloud may set {@code tag} of {@code plcHost} through this gateway. */
  public boolean writable(String plcHost, String tag) {
    return writeBack.getOrDefault(plcHost, List.of()).contains(tag);
  }
}
