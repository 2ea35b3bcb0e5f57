package dev.otlab.scenarios.lab;

import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.core.Lifecycle;
import dev.otlab.simulator.core.OtlabException;
import dev.otlab.simulator.network.ArchitectureSpec;
import dev.otlab.simulator.network.HostSpec;
import dev.otlab.simulator.network.OpcUaMode;
import dev.otlab.simulator.network.Protocol;
import dev.otlab.simulator.network.fabric.NetworkFabric;
import dev.otlab.simulator.network.fabric.ServiceEndpoint;
import dev.otlab.simulator.network.relay.DecisionListener;
import dev.otlab.simulator.network.relay.RelayConfig;
import dev.otlab.simulator.network.relay.TapListener;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantServers;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.ServerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One embedded lab: a plant on a lab clock, one Modbus and one OPC UA server per controller (with
 * the OPC UA security its host's posture declares), and the network fabric that places every host
 * in its zone and puts conduit relays between zones. Servers listen on ephemeral loopback ports
 * that only the fabric hands out, so the way to a controller is through the fabric.
 */
public final class Lab implements Lifecycle {

  private final PlantSpec plantSpec;
  private final ArchitectureSpec architecture;
  private final LabClock clock;
  private final Path pki;
  private final Map<String, String> users;
  private final DecisionListener decisions;
  private final TapListener tap;
  private @Nullable Plant plant;
  private @Nullable PlantServers servers;
  private @Nullable NetworkFabric fabric;

  public Lab(
      PlantSpec plantSpec,
      ArchitectureSpec architecture,
      LabClock clock,
      Path pki,
      Map<String, String> users,
      DecisionListener decisions,
      TapListener tap) {
    requireDrawnFor(plantSpec, architecture);
    this.plantSpec = plantSpec;
    this.architecture = architecture;
    this.clock = clock;
    this.pki = pki;
    this.users = Map.copyOf(users);
    this.decisions = decisions;
    this.tap = tap;
  }

  /** An architecture serves only the plant it is drawn for; every lab, embedded or not, checks. */
  public static void requireDrawnFor(PlantSpec plantSpec, ArchitectureSpec architecture) {
    if (!architecture.plant().equals(plantSpec.id())) {
      throw new OtlabException(
          "LAB_PLANT_MISMATCH",
          "Architecture '"
              + architecture.id()
              + "' is drawn for plant '"
              + architecture.plant()
              + "', not '"
              + plantSpec.id()
              + "'.",
          "Use an architecture of plant " + plantSpec.id() + ", or leave --plant out.");
    }
  }

  @Override
  public synchronized void start() {
    try {
      Plant p = Plant.create(plantSpec, clock);
      p.schedule();
      plant = p;
      Map<String, PlantServers.OpcUaSecurity> security = new HashMap<>();
      for (HostSpec h : architecture.hosts()) {
        if (h.controller() != null) {
          security.put(h.controller(), security(h));
        }
      }
      PlantServers s =
          new PlantServers(p, new ServerOptions("127.0.0.1", 0, 0, users, pki), security);
      servers = s;
      s.start();
      List<ServiceEndpoint> endpoints = new ArrayList<>();
      for (HostSpec h : architecture.hosts()) {
        if (h.controller() == null) {
          continue;
        }
        PlantServers.Endpoint e = s.endpoint(h.controller());
        endpoints.add(new ServiceEndpoint(h.id(), Protocol.MODBUS, e.modbusHost(), e.modbusPort()));
        endpoints.add(
            new ServiceEndpoint(
                h.id(), Protocol.OPCUA, e.modbusHost(), URI.create(e.opcUaUrl()).getPort()));
      }
      NetworkFabric f =
          new NetworkFabric(
              architecture, endpoints, clock::now, decisions, tap, RelayConfig.defaults());
      fabric = f;
      f.start();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /**
   * The OPC UA security a controller host's posture declares, as its servers offer it; container
   * nodes map it the same way.
   */
  public static PlantServers.OpcUaSecurity security(HostSpec h) {
    EnumSet<OpcUaSecurityMode> modes = EnumSet.noneOf(OpcUaSecurityMode.class);
    for (OpcUaMode m : h.posture().opcUaModes()) {
      modes.add(
          m == OpcUaMode.NONE
              ? OpcUaSecurityMode.NONE
              : m == OpcUaMode.SIGN
                  ? OpcUaSecurityMode.BASIC256SHA256_SIGN
                  : OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT);
    }
    if (modes.isEmpty()) {
      modes.add(OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT);
    }
    return new PlantServers.OpcUaSecurity(modes, h.posture().opcUaAnonymous());
  }

  public ArchitectureSpec architecture() {
    return architecture;
  }

  public LabClock clock() {
    return clock;
  }

  public Plant plant() {
    return require(plant);
  }

  public NetworkFabric network() {
    return require(fabric);
  }

  private <T> T require(@Nullable T part) {
    if (part == null) {
      throw new OtlabException(
          "LAB_NOT_STARTED", "The lab is not running.", "Start the lab first.");
    }
    return part;
  }

  @Override
  public synchronized void stop() {
    if (fabric != null) {
      fabric.stop();
      fabric = null;
    }
    if (servers != null) {
      servers.stop();
      servers = null;
    }
  }
}
