package dev.otlab.containers;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.lab.Lab;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.modbus.ModbusServerConfig;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.opcua.OpcUaServerSettings;
import dev.otlab.simulator.opcua.PlcOpcUaServer;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantServers;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plc.SoftPlc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plc or sis host in its own container: the plant's process simulation on this node's clock, and
 * the host's controller served over Modbus TCP and OPC UA on their well-known ports on every
 * interface of the container (the container's only interfaces are its zone networks).
 *
 * <p>Each controller node simulates the whole plant, because the process models couple all units;
 * only its own controller is served. Writes to another node's controller therefore do not reach
 * this node's copy of the process: a shared process node is the next step (see the issue note).
 */
public final class ControllerNode implements Lifecycle {

  private final HostSpec host;
  private final Plant plant;
  private final SoftPlc controller;
  private final String bindAddress;
  private final Map<String, String> users;
  private final Path pki;
  private final List<Lifecycle> started = new ArrayList<>();
  private int modbusPort = -1;

  /**
   * @param bindAddress where to listen (0.0.0.0 in a container)
   * @param users OPC UA accounts
   * @param pki where OPC UA certificates are kept
   */
  public ControllerNode(
      ArchitectureSpec architecture,
      PlantSpec plantSpec,
      String hostId,
      LabClock clock,
      String bindAddress,
      Map<String, String> users,
      Path pki) {
    this.host = NodeHosts.host(architecture, hostId);
    String controllerId = host.controller();
    if (controllerId == null) {
      throw new OtlabException(
          "NODE_ROLE_MISMATCH",
          "Host '" + hostId + "' runs no controller in architecture '" + architecture.id() + "'.",
          "Start a plc or sis node for one of "
              + architecture.hosts().stream()
                  .filter(h -> h.controller() != null)
                  .map(HostSpec::id)
                  .toList()
              + ".");
    }
    this.plant = Plant.create(plantSpec, clock);
    this.controller = plant.controller(controllerId);
    this.bindAddress = bindAddress;
    this.users = Map.copyOf(users);
    this.pki = pki;
  }

  public Plant plant() {
    return plant;
  }

  public SoftPlc controller() {
    return controller;
  }

  /** The bound Modbus port (the well-known one in a container). */
  public int modbusPort() {
    return modbusPort;
  }

  /** Schedules the plant and starts the servers; the caller runs the clock. */
  @Override
  public synchronized void start() {
    try {
      plant.schedule();
      ModbusTcpServer mb =
          new ModbusTcpServer(
              controller,
              ModbusServerConfig.defaults()
                  .withBindAddress(bindAddress)
                  .withPort(Protocol.MODBUS.port()));
      mb.start();
      started.add(mb);
      modbusPort = mb.port();
      PlantServers.OpcUaSecurity security = Lab.security(host);
      PlcOpcUaServer ua =
          new PlcOpcUaServer(
              controller.image(),
              OpcUaServerSettings.defaults()
                  .withBindAddress(bindAddress)
                  .withPort(Protocol.OPCUA.port())
                  // Endpoint URLs name the host's DNS name, never the container's address.
                  .withAdvertisedHost(host.id())
                  .withUsers(users)
                  .withSecurityModes(security.modes())
                  .withAnonymousAllowed(security.anonymous())
                  .withPkiDir(pki.resolve(controller.id())));
      ua.start();
      started.add(ua);
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
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
    modbusPort = -1;
    plant.close();
    if (first != null) {
      throw first;
    }
  }
}
