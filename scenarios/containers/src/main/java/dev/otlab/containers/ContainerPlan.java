package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.lab.Lab;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Addressing of an architecture in the container lab, computed the same way by every node from the
 * architecture alone: each host is a container whose DNS name is its host id, each conduit is a
 * gateway container named {@code gw-<conduit>} attached to the two zone networks it joins, each
 * controller serves Modbus and OPC UA on their well-known ports, and each host's container serves
 * the remote-access services its posture lists on their ports (and a broker host MQTT on 1883).
 *
 * <p>A connection between zones goes through one relay per conduit on its zone path (the path the
 * embedded lab's fabric picks), each relay on its own port of its gateway; the port is the route's
 * position in a fixed enumeration, so a probe knows where to connect without asking anyone.
 */
public final class ContainerPlan {

  /** First port a gateway gives to its relays; above the services any lab host offers. */
  public static final int FIRST_RELAY_PORT = 20_000;

  /** Protocols a controller serves in the container lab, on their well-known ports. */
  public static final List<Protocol> CONTROLLER_PROTOCOLS =
      List.of(Protocol.MODBUS, Protocol.OPCUA);

  /**
   * One relay of a route.
   *
   * @param conduit the conduit this relay enforces
   * @param gateway the gateway container (DNS name) it runs in
   * @param ingressZone the zone network it listens on
   * @param port its listening port on the gateway
   * @param nextHost where it forwards (DNS name of the next gateway or the destination host)
   * @param nextPort port there
   */
  public record Hop(
      ConduitSpec conduit,
      String gateway,
      String ingressZone,
      int port,
      String nextHost,
      int nextPort) {}

  /**
   * How {@code flow.source()} reaches a service of {@code flow.destination()}.
   *
   * @param flow who connects to whom, as rules see it
   * @param hops relays in path order; empty when both hosts share a zone
   */
  public record Route(Flow flow, List<Hop> hops) {
    public Route {
      hops = List.copyOf(hops);
    }

    /** Where the source connects: the first relay, or the destination itself. */
    public String firstHost() {
      return hops.isEmpty() ? flow.destination().id() : hops.get(0).gateway();
    }

    public int firstPort() {
      return hops.isEmpty() ? flow.port() : hops.get(0).port();
    }

    /**
     * The route's name, as the embedded lab names its relays: a protocol's well-known port keeps
     * the plain key, another port is a route of its own.
     */
    public String key() {
      return key(flow.source().id(), flow.destination().id(), flow.protocol(), flow.port());
    }

    static String key(String source, String destination, Protocol protocol, int port) {
      return source
          + ">"
          + destination
          + ":"
          + protocol
          + (port == protocol.port() ? "" : "/" + port);
    }
  }

  private final ArchitectureSpec architecture;
  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final Map<String, Route> firstRoutes = new LinkedHashMap<>();
  private final Map<String, List<Hop>> hopsByConduit = new LinkedHashMap<>();

  public ContainerPlan(ArchitectureSpec architecture) {
    this.architecture = architecture;
    Map<String, Integer> nextPort = new LinkedHashMap<>();
    for (ConduitSpec c : architecture.conduits()) {
      hopsByConduit.put(c.id(), new ArrayList<>());
      nextPort.put(c.id(), FIRST_RELAY_PORT);
    }
    // The controllers' services first, then every other host's: a lab whose hosts offer nothing
    // else keeps the relay ports it always had.
    List<Map.Entry<HostSpec, Service>> targets = new ArrayList<>();
    for (HostSpec destination : architecture.hosts()) {
      if (destination.controller() != null) {
        for (Protocol protocol : CONTROLLER_PROTOCOLS) {
          targets.add(Map.entry(destination, new Service(protocol, protocol.port())));
        }
      }
    }
    for (HostSpec destination : architecture.hosts()) {
      for (Service s : hostServices(destination)) {
        targets.add(Map.entry(destination, s));
      }
    }
    for (Map.Entry<HostSpec, Service> target : targets) {
      HostSpec destination = target.getKey();
      Service service = target.getValue();
      for (HostSpec source : architecture.hosts()) {
        if (source.id().equals(destination.id())) {
          continue;
        }
        Flow flow =
            new Flow(
                HostRef.of(source), HostRef.of(destination), service.protocol(), service.port());
        boolean shared = source.zones().stream().anyMatch(destination.zones()::contains);
        Optional<List<ConduitSpec>> path =
            shared
                ? Optional.of(List.of())
                : NetworkFabric.zonePath(architecture, source.zones(), destination.zones());
        if (path.isEmpty()) {
          continue;
        }
        List<ConduitSpec> conduits = path.get();
        // Ports first (in path order), then next hops from the far end back.
        int[] ports = new int[conduits.size()];
        for (int i = 0; i < conduits.size(); i++) {
          String id = conduits.get(i).id();
          ports[i] = nextPort.get(id);
          nextPort.put(id, ports[i] + 1);
        }
        List<Hop> hops = new ArrayList<>();
        List<String> zone = new ArrayList<>(source.zones());
        for (int i = 0; i < conduits.size(); i++) {
          ConduitSpec c = conduits.get(i);
          String ingress = zone.stream().filter(c::joins).findFirst().orElseThrow();
          boolean last = i == conduits.size() - 1;
          Hop hop =
              new Hop(
                  c,
                  gatewayName(c.id()),
                  ingress,
                  ports[i],
                  last ? destination.id() : gatewayName(conduits.get(i + 1).id()),
                  last ? servedPort(destination, service) : ports[i + 1]);
          hops.add(hop);
          hopsByConduit.get(c.id()).add(hop);
          zone = List.of(c.other(ingress));
        }
        Route r = new Route(flow, hops);
        routes.put(r.key(), r);
        firstRoutes.putIfAbsent(source.id() + ">" + destination.id() + ":" + service.protocol(), r);
      }
    }
  }

  /**
   * A service a host's container serves itself: a remote-access service its posture lists, on the
   * listener's port, or a listener (MQTT in clear or over TLS) of an {@code mqtt-broker} host.
   */
  public record Service(Protocol protocol, int port) {
    @Override
    public String toString() {
      return protocol + " on " + port;
    }
  }

  /**
   * The services {@code host}'s own container serves (not its controller's, which the process node
   * runs), in the order the embedded lab starts them: remote-access services by service and port,
   * then the broker's listeners.
   */
  public static List<Service> hostServices(HostSpec host) {
    List<Service> out = new ArrayList<>();
    for (Posture.Listener l : Lab.listeners(host)) {
      out.add(new Service(l.protocol(), l.port()));
    }
    for (Posture.BrokerListener l : host.brokerListeners()) {
      out.add(new Service(l.protocol(), l.port()));
    }
    return out;
  }

  /**
   * The port the host's container really listens on for {@code service}: its own, except a broker
   * listener beyond the first of its kind (clear or TLS), which the one broker serves on the first
   * one's port (it serves one port of each kind, as embedded).
   */
  public static int servedPort(HostSpec host, Service service) {
    return host.brokerPort(service.protocol()).orElse(service.port());
  }

  /** DNS name of the gateway container that enforces {@code conduitId}. */
  public static String gatewayName(String conduitId) {
    return "gw-" + conduitId;
  }

  public ArchitectureSpec architecture() {
    return architecture;
  }

  /** Every route, in the fixed enumeration order. */
  public List<Route> routes() {
    return List.copyOf(routes.values());
  }

  /**
   * How {@code source} reaches {@code protocol} on {@code destination}, if any path exists: its
   * first service of that protocol (in {@link #services} order), as the embedded lab answers.
   */
  public Optional<Route> route(String source, String destination, Protocol protocol) {
    return Optional.ofNullable(firstRoutes.get(source + ">" + destination + ":" + protocol));
  }

  /**
   * How {@code source} reaches the service of {@code protocol} on {@code port} of {@code
   * destination}.
   */
  public Optional<Route> route(String source, String destination, Protocol protocol, int port) {
    return Optional.ofNullable(routes.get(Route.key(source, destination, protocol, port)));
  }

  /**
   * Every service {@code host} offers in the container lab, on its port: its controller's Modbus
   * and OPC UA, then what {@link #hostServices} lists.
   */
  public List<Service> services(String host) {
    HostSpec h = NodeHosts.host(architecture, host);
    List<Service> out = new ArrayList<>();
    if (h.controller() != null) {
      CONTROLLER_PROTOCOLS.forEach(p -> out.add(new Service(p, p.port())));
    }
    out.addAll(hostServices(h));
    return out;
  }

  /** The relays a conduit's gateway runs, each paired with the route it serves. */
  public List<Map.Entry<Route, Hop>> relays(String conduitId) {
    if (!hopsByConduit.containsKey(conduitId)) {
      throw new OtlabException(
          "CONDUIT_UNKNOWN",
          "Architecture '" + architecture.id() + "' has no conduit '" + conduitId + "'.",
          "Use one of " + hopsByConduit.keySet() + ".");
    }
    List<Map.Entry<Route, Hop>> out = new ArrayList<>();
    for (Route r : routes.values()) {
      for (Hop h : r.hops()) {
        if (h.conduit().id().equals(conduitId)) {
          out.add(Map.entry(r, h));
        }
      }
    }
    return out;
  }

  /** Zones of the lab: one internal Docker network each. */
  public List<String> zones() {
    return architecture.zones().stream().map(z -> z.id()).toList();
  }
}
