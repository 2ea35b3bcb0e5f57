package dev.otlab.network;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How exposed a host is.
 *
 * @param listeners the remote-access services it listens on, each on its port
 * @param credentials strength of its accounts
 * @param opcUaModes OPC UA security modes its server offers (empty when it runs none)
 * @param opcUaAnonymous whether its OPC UA server accepts anonymous sessions
 * @param brokerListeners for an {@code mqtt-broker} host, where its broker listens (MQTT in clear,
 *     MQTT over TLS, or both); empty means the role's default, MQTT in clear on 1883 ({@link
 *     HostSpec#brokerListeners()})
 */
public record Posture(
    List<Listener> listeners,
    Credentials credentials,
    Set<OpcUaMode> opcUaModes,
    boolean opcUaAnonymous,
    List<BrokerListener> brokerListeners) {

  public static final Posture DEFAULT = new Posture(Set.of(), Credentials.STRONG, Set.of(), false);

  /**
   * One listener of a host's MQTT broker.
   *
   * @param protocol {@link Protocol#MQTT} in clear or {@link Protocol#MQTTS} inside TLS
   * @param port the TCP port it listens on (rules and relays see this port)
   */
  public record BrokerListener(Protocol protocol, int port) {
    public BrokerListener {
      Objects.requireNonNull(protocol, "protocol");
      if (protocol != Protocol.MQTT && protocol != Protocol.MQTTS) {
        throw new IllegalArgumentException(
            "a broker listens for mqtt or mqtts, not " + Names.yaml(protocol));
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            Names.yaml(protocol) + ": port " + port + " is not 1..65535");
      }
    }

    /** On the protocol's well-known port: 1883 in clear, 8883 over TLS. */
    public static BrokerListener of(Protocol protocol) {
      return new BrokerListener(protocol, protocol.port());
    }

    /** Whether clients speak TLS to it (and relays read only its ClientHello). */
    public boolean tls() {
      return protocol == Protocol.MQTTS;
    }
  }

  /** A posture without broker listeners (every host but a broker, or a broker's default). */
  public Posture(
      List<Listener> listeners,
      Credentials credentials,
      Set<OpcUaMode> opcUaModes,
      boolean opcUaAnonymous) {
    this(listeners, credentials, opcUaModes, opcUaAnonymous, List.of());
  }

  /**
   * One remote-access service a host listens on.
   *
   * @param service the service
   * @param port the TCP port it listens on (rules and relays see this port)
   * @param name what the service is, for a vendor service (e.g. {@code historian-sync}); else the
   *     service's own name
   */
  public record Listener(RemoteService service, int port, String name) {
    public Listener {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(name, "name");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(service + ": port " + port + " is not 1..65535");
      }
      if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
        throw new IllegalArgumentException(service + ": name '" + name + "' is not kebab-case");
      }
    }

    /** The service on its well-known port. */
    public static Listener of(RemoteService service) {
      if (service.port() < 0) {
        throw new IllegalArgumentException(service + " has no well-known port: give one");
      }
      return new Listener(service, service.port(), Names.yaml(service));
    }

    public Protocol protocol() {
      return service.protocol();
    }
  }

  /** A posture whose services listen on their well-known ports. */
  public Posture(
      Set<RemoteService> remoteServices,
      Credentials credentials,
      Set<OpcUaMode> opcUaModes,
      boolean opcUaAnonymous) {
    this(wellKnown(remoteServices), credentials, opcUaModes, opcUaAnonymous);
  }

  public Posture {
    listeners = List.copyOf(listeners);
    opcUaModes = Set.copyOf(opcUaModes);
    brokerListeners = List.copyOf(brokerListeners);
    Set<Integer> ports = new HashSet<>();
    for (Listener l : listeners) {
      if (!ports.add(l.port())) {
        throw new IllegalArgumentException("two services listen on port " + l.port());
      }
    }
    for (BrokerListener l : brokerListeners) {
      if (!ports.add(l.port())) {
        throw new IllegalArgumentException("two services listen on port " + l.port());
      }
    }
  }

  /** This posture with its broker listening as {@code broker} says. */
  public Posture withBrokerListeners(List<BrokerListener> broker) {
    return new Posture(listeners, credentials, opcUaModes, opcUaAnonymous, broker);
  }

  private static List<Listener> wellKnown(Set<RemoteService> services) {
    List<Listener> out = new ArrayList<>();
    // In enum order: a set's iteration order is its own, and the listeners are a list.
    for (RemoteService s :
        services.isEmpty() ? Set.<RemoteService>of() : EnumSet.copyOf(services)) {
      out.add(Listener.of(s));
    }
    return out;
  }

  /** The remote-access services it listens on, whatever their ports. */
  public Set<RemoteService> remoteServices() {
    Set<RemoteService> out = EnumSet.noneOf(RemoteService.class);
    listeners.forEach(l -> out.add(l.service()));
    return out;
  }

  /** Where it listens for {@code service}: the first listener of it, if any. */
  public Optional<Listener> listener(RemoteService service) {
    return listeners.stream().filter(l -> l.service() == service).findFirst();
  }
}
