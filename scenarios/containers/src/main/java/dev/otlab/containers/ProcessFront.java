package dev.otlab.containers;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.core.Sockets;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A PLC or SIS host of a scenario run in the container lab: the host's network presence on its
 * zones, on Modbus 502 and OPC UA 4840, in front of its controller, which runs in the runner's
 * process node beside the physics it controls. One plant simulated once is what lets an attack on
 * one controller reach what the others measure; the conduits, sensors and the host's address on its
 * zone are the same as with a controller of its own. When the process node is not there, a
 * connection is closed at once, as a device that is down would.
 */
public final class ProcessFront implements Lifecycle {

  /** First port of the process node's Modbus servers (one per controller, in plant order). */
  public static final int MODBUS_BASE = 15_000;

  /** First port of the process node's OPC UA servers. */
  public static final int OPCUA_BASE = 16_000;

  private final String process;
  private final int index;
  private final String bindAddress;
  private final List<ServerSocket> servers = new ArrayList<>();

  /**
   * @param process DNS name of the process node (the runner)
   * @param bindAddress where the front listens (0.0.0.0 in a container)
   */
  public ProcessFront(PlantSpec plant, HostSpec host, String process, String bindAddress) {
    this.process = process;
    this.index = controllerIndex(plant, host);
    this.bindAddress = bindAddress;
  }

  /** Position of the host's controller in the plant: its process node ports are base + this. */
  public static int controllerIndex(PlantSpec plant, HostSpec host) {
    List<ControllerSpec> cs = plant.controllers();
    for (int i = 0; i < cs.size(); i++) {
      if (cs.get(i).id().equals(host.controller())) {
        return i;
      }
    }
    throw new OtlabException(
        "NODE_ROLE_MISMATCH",
        "Host '" + host.id() + "' runs no controller of plant '" + plant.id() + "'.",
        "Start a front for a plc or sis host of the architecture.");
  }

  @Override
  public synchronized void start() {
    try {
      listen(Protocol.MODBUS.port(), MODBUS_BASE + index);
      listen(Protocol.OPCUA.port(), OPCUA_BASE + index);
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private void listen(int port, int target) {
    ServerSocket ss = Sockets.listen(bindAddress, port, "FRONT_BIND_FAILED", "Controller front");
    servers.add(ss);
    Sockets.acceptEach(ss, "front-" + port, client -> forward(client, port, target));
  }

  private void forward(Socket client, int port, int target) {
    Socket up = new Socket();
    try {
      up.setTcpNoDelay(true);
      up.connect(new InetSocketAddress(process, target), 3000);
      client.setTcpNoDelay(true);
      Pipe.join(client, up, "front:" + port);
    } catch (IOException e) {
      Sockets.closeQuietly(up);
      Sockets.closeQuietly(client);
    }
  }

  @Override
  public synchronized void stop() {
    servers.forEach(Sockets::closeQuietly);
    servers.clear();
  }
}
