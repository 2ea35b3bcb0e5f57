package dev.otlab.simulator.plant;

import dev.otlab.core.Lifecycle;
import dev.otlab.simulator.modbus.ModbusServerConfig;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.opcua.OpcUaServerSettings;
import dev.otlab.simulator.opcua.PlcOpcUaServer;
import dev.otlab.simulator.plc.SoftPlc;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protocol servers of a standalone plant: one Modbus TCP server and one OPC UA server per
 * controller, each on its own port (j2mod-style one-slave-per-port, and real PLCs each have their
 * own address anyway). Started in controller order and stopped in reverse, all of them even when
 * one fails to stop.
 */
public final class PlantServers implements Lifecycle {

  /** Where one controller is served. */
  public record Endpoint(
      String controller,
      SoftPlc.Kind kind,
      String modbusHost,
      int modbusPort,
      int unitId,
      String opcUaUrl) {}

  /**
   * OPC UA security one controller's server offers, from the architecture's host posture.
   *
   * @param modes security modes offered
   * @param anonymous whether anonymous sessions are accepted
   */
  public record OpcUaSecurity(Set<OpcUaSecurityMode> modes, boolean anonymous) {
    public OpcUaSecurity {
      modes = Set.copyOf(modes);
    }

    /** What a standalone plant offers: every mode, anonymous allowed. */
    public static final OpcUaSecurity OPEN =
        new OpcUaSecurity(EnumSet.allOf(OpcUaSecurityMode.class), true);
  }

  private final Plant plant;
  private final ServerOptions options;
  private final Map<String, OpcUaSecurity> security;
  private final List<Lifecycle> started = new ArrayList<>();
  private final List<Endpoint> endpoints = new ArrayList<>();

  public PlantServers(Plant plant, ServerOptions options) {
    this(plant, options, Map.of());
  }

  /**
   * Servers whose OPC UA security is set per controller id; others get {@link OpcUaSecurity#OPEN}.
   */
  public PlantServers(Plant plant, ServerOptions options, Map<String, OpcUaSecurity> security) {
    this.plant = plant;
    this.options = options;
    this.security = Map.copyOf(security);
  }

  @Override
  public synchronized void start() {
    try {
      int i = 0;
      for (SoftPlc plc : plant.controllers()) {
        int mbPort = options.modbusBasePort() == 0 ? 0 : options.modbusBasePort() + i;
        int uaPort = options.opcUaBasePort() == 0 ? 0 : options.opcUaBasePort() + i;
        ModbusTcpServer mb =
            new ModbusTcpServer(
                plc,
                ModbusServerConfig.defaults()
                    .withBindAddress(options.bindAddress())
                    .withPort(mbPort));
        mb.start();
        started.add(mb);
        PlcOpcUaServer ua =
            new PlcOpcUaServer(
                plc.image(),
                OpcUaServerSettings.defaults()
                    .withBindAddress(options.bindAddress())
                    .withPort(uaPort)
                    // Users before anonymous: settings validate at each step, and a server
                    // without anonymous access needs at least one account.
                    .withUsers(options.users())
                    .withSecurityModes(security(plc.id()).modes())
                    .withAnonymousAllowed(security(plc.id()).anonymous())
                    .withPkiDir(options.pkiDir().resolve(plc.id())));
        ua.start();
        started.add(ua);
        endpoints.add(
            new Endpoint(
                plc.id(),
                plc.kind(),
                options.bindAddress(),
                mb.port(),
                plc.image().unitId(),
                ua.endpointUrl()));
        i++;
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private OpcUaSecurity security(String controller) {
    return security.getOrDefault(controller, OpcUaSecurity.OPEN);
  }

  /** Where a controller is served. */
  public synchronized Endpoint endpoint(String controller) {
    return endpoints.stream()
        .filter(e -> e.controller().equals(controller))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no running servers for " + controller));
  }

  public synchronized List<Endpoint> endpoints() {
    return List.copyOf(endpoints);
  }

  /** A table of the endpoints for a terminal. */
  public synchronized String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-15s %-4s %-22s %-5s %s%n", "CONTROLLER", "KIND", "MODBUS TCP", "UNIT", "OPC UA"));
    for (Endpoint e : endpoints) {
      sb.append(
          String.format(
              "%-15s %-4s %-22s %-5d %s%n",
              e.controller(),
              e.kind().name().toLowerCase(java.util.Locale.ROOT),
              e.modbusHost() + ":" + e.modbusPort(),
              e.unitId(),
              e.opcUaUrl()));
    }
    return sb.toString().stripTrailing();
  }

  @Override
  public synchronized void stop() {
    RuntimeException first = null;
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).stop();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    started.clear();
    endpoints.clear();
    if (first != null) {
      throw first;
    }
  }
}
