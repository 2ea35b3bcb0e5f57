package dev.otlab.detection;

import dev.otlab.network.Protocol;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A documented operation added to the learned baseline, written {@code hmi>plc modbus 6,16}: hosts
 * of role {@code hmi} may use Modbus functions 6 and 16 towards hosts of role {@code plc}. Rare
 * benign operations (an operator's setpoint change a few times an hour, an engineer's status read
 * every few minutes) do not all show up in a short training window, and an asset owner knows them.
 *
 * @param fromRole source role
 * @param toRole destination role
 * @param protocol protocol
 * @param operations Modbus function codes as numbers, or operation names
 */
public record BaselineAllow(
    String fromRole, String toRole, Protocol protocol, List<String> operations) {

  public BaselineAllow {
    operations = List.copyOf(operations);
  }

  /** Parses {@code from>to protocol op[,op...]}. */
  public static BaselineAllow parse(String text) {
    String[] parts = text.trim().split("\\s+");
    String[] roles = parts.length == 3 ? parts[0].split(">") : new String[0];
    if (roles.length != 2 || roles[0].isBlank() || roles[1].isBlank()) {
      throw DetectionProfile.invalid(
          "baseline.allow '" + text + "' is not 'from-role>to-role protocol op[,op]'",
          "Write e.g. 'hmi>plc modbus 6,16'.");
    }
    Protocol protocol;
    try {
      protocol = Protocol.valueOf(parts[1].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw DetectionProfile.invalid(
          "baseline.allow '" + text + "': unknown protocol " + parts[1],
          "Use modbus, opcua, mqtt or a remote-access service (rdp, ssh, ...).");
    }
    return new BaselineAllow(roles[0], roles[1], protocol, Arrays.asList(parts[2].split(",")));
  }

  /** The operation key as the baseline stores it: the function code for Modbus, else the name. */
  static String key(dev.otlab.network.relay.ProtocolEvent e) {
    return e.protocol() == Protocol.MODBUS && e.code() >= 0
        ? Integer.toString(e.code())
        : e.operation();
  }
}
