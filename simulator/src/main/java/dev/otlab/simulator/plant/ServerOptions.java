package dev.otlab.simulator.plant;

import dev.otlab.core.OtlabException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a standalone plant serves its controllers: every controller gets the next Modbus and OPC UA
 * port after the previous one's.
 *
 * @param bindAddress address to listen on
 * @param modbusBasePort Modbus port of the first controller (0: ephemeral ports)
 * @param opcUaBasePort OPC UA port of the first controller (0: ephemeral ports)
 * @param users OPC UA accounts, user name to password
 * @param pkiDir where OPC UA certificates are generated and kept
 */
public record ServerOptions(
    String bindAddress,
    int modbusBasePort,
    int opcUaBasePort,
    Map<String, String> users,
    Path pkiDir) {

  public ServerOptions {
    users = Map.copyOf(users);
    for (int p : new int[] {modbusBasePort, opcUaBasePort}) {
      if (p < 0 || p > 65_000) {
        throw new OtlabException(
            "PORT_INVALID",
            "Port " + p + " is out of range.",
            "Use a port from 1 to 65000, or 0 for any free port.");
      }
    }
  }
}
