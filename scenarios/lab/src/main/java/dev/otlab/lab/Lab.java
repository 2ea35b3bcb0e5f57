package dev.otlab.lab;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.LabNetwork;
import dev.otlab.network.fabric.ServiceEndpoint;
import dev.otlab.network.relay.DecisionListener;
import dev.otlab.network.relay.RelayCapture;
import dev.otlab.network.relay.TapListener;
import dev.otlab.network.remote.LabTls;
import dev.otlab.network.remote.RemoteServiceServer;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.mqtt.MqttBroker;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantServers;
import dev.otlab.simulator.plant.PlantSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One embedded lab: a plant on a lab clock, one Modbus and one OPC UA server per controller (with
 * the OPC UA security its host's posture declares), an MQTT broker per {@code mqtt-broker} host,
 * and the network fabric that places every host in its zone and puts conduit relays between zones.
 * Servers listen on ephemeral loopback ports that only the fabric hands out, so the way to a
 * controller is through the fabric.
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
  private final Wiring wiring;
  private @Nullable LabNetwork fabric;
  private Map<String, List<ServiceEndpoint>> services = Map.of();
  private final List<RemoteServiceServer> remoteServers = new ArrayList<>();
  private @Nullable RelayCapture capture;
  private final List<MqttBroker> brokers = new ArrayList<>();

  public Lab(
      PlantSpec plantSpec,
      ArchitectureSpec architecture,
      LabClock clock,
      Path pki,
      Map<String, String> users,
      DecisionListener decisions,
      TapListener tap) {
    this(plantSpec, architecture, clock, pki, users, decisions, tap, Wiring.EMBEDDED);
  }

  /** A lab wired as {@code wiring} says: embedded, or across the container lab. */
  public Lab(
      PlantSpec plantSpec,
      ArchitectureSpec architecture,
      LabClock clock,
      Path pki,
      Map<String, String> users,
      DecisionListener decisions,
      TapListener tap,
      Wiring wiring) {
    this.wiring = wiring;
    requireDrawnFor(plantSpec, architecture);
    this.plantSpec = plantSpec;
    this.architecture = architecture;
    this.clock = clock;
    this.pki = pki;
    // The architecture's OPC UA accounts log in to the plant servers too; the caller's own (the
    // benign operations' operator) win a clash of user names.
    Map<String, String> all = new java.util.LinkedHashMap<>(architecture.opcUaLogins());
    all.putAll(users);
    this.users = Map.copyOf(all);
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
          "Use an architecture whose plant: names "
              + plantSpec.id()
              + ", or the plant file whose id is "
              + architecture.plant()
              + ".");
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
      PlantServers s = new PlantServers(p, wiring.servers(users, pki), security);
      servers = s;
      s.start();
      List<ServiceEndpoint> endpoints = new ArrayList<>();
      for (HostSpec h : architecture.hosts()) {
        if (h.controller() == null) {
          continue;
        }
        endpoints.addAll(serviceEndpoints(h.id(), s.endpoint(h.controller())));
      }
      Optional<String> remoteAddress = wiring.remoteServiceAddress();
      if (remoteAddress.isPresent()) {
        for (HostSpec h : architecture.hosts()) {
          for (Posture.Listener listener : listeners(h)) {
            RemoteServiceServer r =
                new RemoteServiceServer(h.id(), listener, remoteAddress.get(), 0);
            remoteServers.add(r);
            r.start();
            endpoints.add(
                new ServiceEndpoint(
                    h.id(), listener.protocol(), r.address(), r.port(), listener.port()));
          }
        }
      }
      Optional<String> brokerAddress = wiring.mqttBrokerAddress();
      if (brokerAddress.isPresent()) {
        for (HostSpec h : architecture.hosts()) {
          if (h.role() == HostRole.MQTT_BROKER) {
            boolean clear = h.brokerPort(Protocol.MQTT).isPresent();
            boolean tls = h.brokerPort(Protocol.MQTTS).isPresent();
            // One broker whatever its listeners: a client over TLS and one in clear share topics.
            // Moquette serves one port of each kind; a second listener of a kind is the same
            // socket under another architecture port.
            MqttBroker b =
                new MqttBroker(
                    h.id(),
                    brokerAddress.get(),
                    clear ? 0 : -1,
                    tls ? LabTls.serverKeys() : null,
                    0);
            brokers.add(b);
            b.start();
            for (Posture.BrokerListener l : h.brokerListeners()) {
              endpoints.add(
                  new ServiceEndpoint(
                      h.id(),
                      l.protocol(),
                      b.address(),
                      l.tls() ? b.tlsPort() : b.port(),
                      l.port()));
            }
          }
        }
      }
      Map<String, List<ServiceEndpoint>> byHost = new LinkedHashMap<>();
      endpoints.forEach(e -> byHost.computeIfAbsent(e.host(), k -> new ArrayList<>()).add(e));
      services = Collections.unmodifiableMap(byHost);
      LabNetwork f = wiring.network(architecture, endpoints, clock, decisions, tap);
      fabric = f;
      if (capture != null && !f.capture(capture)) {
        throw new OtlabException(
            "CAPTURE_UNSUPPORTED",
            "This lab cannot record packet captures: its relays run in other processes (the"
                + " container lab's gateways).",
            "Play the run in the embedded lab to export what its sensors saw as pcap.");
      }
      f.start();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /**
   * The remote-access services a host offers, in the order every lab starts them (by service, then
   * port): the embedded lab's servers and the container lab's routes enumerate them alike, so the
   * first service of a protocol is the same one in both.
   */
  public static List<Posture.Listener> listeners(HostSpec h) {
    List<Posture.Listener> listeners = new ArrayList<>(h.posture().listeners());
    listeners.sort(
        Comparator.comparing(Posture.Listener::service).thenComparingInt(Posture.Listener::port));
    return listeners;
  }

  /**
   * Where the network reaches a controller host's two services: each at the address its own server
   * listens on, so a wiring that serves OPC UA elsewhere than Modbus is still reached.
   */
  static List<ServiceEndpoint> serviceEndpoints(String host, PlantServers.Endpoint e) {
    URI opcUa = URI.create(e.opcUaUrl());
    return List.of(
        new ServiceEndpoint(host, Protocol.MODBUS, e.modbusHost(), e.modbusPort()),
        new ServiceEndpoint(host, Protocol.OPCUA, opcUa.getHost(), opcUa.getPort()));
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

  /**
   * Has the relays the sensors watch report their connections' bytes to {@code value} (a packet
   * capture); call before {@link #start()}.
   */
  public void capture(RelayCapture value) {
    capture = value;
  }

  public LabClock clock() {
    return clock;
  }

  public Plant plant() {
    return require(plant);
  }

  public LabNetwork network() {
    return require(fabric);
  }

  /**
   * The real services by host, where the lab's network leads: each controller's Modbus and OPC UA
   * servers, the remote-access services hosts' postures list and the brokers of mqtt-broker hosts
   * (when the wiring runs them).
   */
  public Map<String, List<ServiceEndpoint>> services() {
    require(fabric);
    return services;
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
    remoteServers.forEach(RemoteServiceServer::stop);
    remoteServers.clear();
    brokers.forEach(MqttBroker::stop);
    brokers.clear();
    if (servers != null) {
      servers.stop();
      servers = null;
    }
    // The plant stays readable for results; only what it holds natively (an FMU) is released.
    if (plant != null) {
      plant.close();
    }
  }
}
