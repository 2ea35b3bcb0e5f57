package dev.otlab.network.fabric;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.ResponseRules;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.aitm.ModbusInterceptor;
import dev.otlab.network.aitm.ResponseRewriter;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.ConduitRelay;
import dev.otlab.network.relay.DecisionListener;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayCapture;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.network.relay.RelayRoute;
import dev.otlab.network.relay.TapListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The lab's network. Every host reaches a service of another zone only through relays, one per
 * conduit on the shortest zone path (fewest conduits; the first declared wins a tie, as a static
 * route would). Relays are chained back to front: the last forwards to the real server, each
 * earlier one to the next relay, and each enforces its own conduit for the same source and
 * destination host, so a rule sees who really connects, not the previous hop.
 *
 * <p>Inside a zone hosts connect directly. A zone with a span port gets a transparent relay that
 * enforces nothing and only feeds the tap, so detection sees intra-zone traffic too.
 */
public final class NetworkFabric implements Lifecycle, LabNetwork {

  private final ArchitectureSpec architecture;
  private final Map<String, List<ServiceEndpoint>> services = new LinkedHashMap<>();
  private final DoubleSupplier clock;
  private final DecisionListener decisions;
  private final TapListener tap;
  private final RelayConfig config;
  private final Map<String, Access> routes = new HashMap<>();
  private final List<Lifecycle> running = new ArrayList<>();
  private final Map<String, Interception> interceptions =
      new java.util.concurrent.ConcurrentHashMap<>();
  private boolean started;
  private RelayCapture capture = RelayCapture.NONE;
  // The rules the relays enforce now, by conduit id: the architecture's until a response changes
  // them. Relays made later (a route's first use) take these.
  private final Map<String, ConduitSpec> current = new LinkedHashMap<>();
  // Each route's flow and real service, by route key, to rebuild a route inside a zone when one of
  // its hosts is isolated.
  private final Map<String, Flow> flows = new HashMap<>();
  private final Map<String, ServiceEndpoint> targets = new HashMap<>();
  // Isolated hosts and the rule that isolated each.
  private final Map<String, String> isolated = new LinkedHashMap<>();

  public NetworkFabric(
      ArchitectureSpec architecture,
      List<ServiceEndpoint> endpoints,
      DoubleSupplier clock,
      DecisionListener decisions,
      TapListener tap,
      RelayConfig config) {
    this.architecture = architecture;
    this.clock = clock;
    this.decisions = decisions;
    this.tap = tap;
    this.config = config;
    for (ConduitSpec c : architecture.conduits()) {
      current.put(c.id(), c);
    }
    for (ServiceEndpoint e : endpoints) {
      host(e.host());
      services.computeIfAbsent(e.host(), h -> new ArrayList<>()).add(e);
    }
  }

  public ArchitectureSpec architecture() {
    return architecture;
  }

  /** Real services by host. */
  public Map<String, List<ServiceEndpoint>> services() {
    return java.util.Collections.unmodifiableMap(services);
  }

  @Override
  public synchronized void start() {
    started = true;
  }

  /**
   * Records what every sensor sees from now on: the relays of tapped conduits and the span relays
   * report their connections' bytes to {@code value}; other relays report nothing.
   */
  @Override
  public synchronized boolean capture(RelayCapture value) {
    capture = value;
    return true;
  }

  /**
   * Where {@code source} connects to reach {@code protocol} on {@code destination}: directly,
   * through relays (created now if this is the first time), or to a blackhole when no conduit path
   * exists.
   */
  @Override
  public synchronized Access access(String source, String destination, Protocol protocol) {
    return access(source, destination, protocol, -1);
  }

  /**
   * Where {@code source} connects to reach the service of {@code protocol} that {@code destination}
   * offers on {@code port} (its architecture port, which the relays' rules see), or on any port
   * when {@code port} is -1: each (host, port) has relays of its own.
   */
  @Override
  public synchronized Access access(
      String source, String destination, Protocol protocol, int port) {
    if (!started) {
      throw new OtlabException(
          "FABRIC_NOT_STARTED",
          "The lab network is not running.",
          "Start the lab before connecting.");
    }
    HostSpec from = host(source);
    HostSpec to = host(destination);
    ServiceEndpoint target =
        services.getOrDefault(destination, List.of()).stream()
            .filter(s -> s.protocol() == protocol && (port == -1 || s.servicePort() == port))
            .findFirst()
            .orElseThrow(
                () ->
                    ServiceAccess.unknownService(
                        destination,
                        protocol,
                        port,
                        "this lab",
                        services.getOrDefault(destination, List.of())));
    // A protocol's first service keeps the key it always had (its trace's relay ids); another
    // port is a route of its own.
    String key =
        source
            + ">"
            + destination
            + ":"
            + protocol
            + (target.servicePort() == protocol.port() ? "" : "/" + target.servicePort());
    Access known = routes.get(key);
    if (known != null) {
      return known;
    }
    Flow flow = new Flow(HostRef.of(from), HostRef.of(to), protocol, target.servicePort());
    flows.put(key, flow);
    targets.put(key, target);
    Access access;
    Optional<String> shared = from.zones().stream().filter(to.zones()::contains).findFirst();
    if (shared.isPresent()) {
      String cut = isolated.containsKey(source) ? source : destination;
      access =
          isolated.containsKey(cut)
              ? isolatedRoute(key, flow, target, shared.get(), cut)
              : direct(key, flow, target, shared.get());
    } else {
      Optional<List<ConduitSpec>> path = zonePath(from.zones(), to.zones());
      access =
          path.isPresent()
              ? relayed(key, flow, target, path.get())
              : unreachable(key, flow, from, to);
    }
    routes.put(key, access);
    return access;
  }

  private Access direct(String key, Flow flow, ServiceEndpoint target, String zone) {
    if (!architecture.sensors().spanZones().contains(zone)) {
      return new Access.Direct(target.address(), target.port(), false);
    }
    ConduitSpec span = spanConduit(zone);
    ConduitRelay relay =
        new ConduitRelay(
            new RelayRoute(
                key + "@span:" + zone, flow, List.of(span), target.address(), target.port()),
            config,
            clock,
            DecisionListener.NONE,
            tap);
    relay.capture(capture);
    relay.start();
    running.add(relay);
    return new Access.Direct(config.bindAddress(), relay.port(), true);
  }

  /**
   * A route inside a zone to or from an isolated host: a relay that enforces the isolation alone (a
   * pseudo conduit {@code isolation:HOST} whose one rule is the response's DENY), reporting its
   * denials like a conduit's, as a switch port shut down by the response would.
   */
  private Access isolatedRoute(
      String key, Flow flow, ServiceEndpoint target, String zone, String host) {
    ConduitSpec isolation = isolationConduit(zone, host, isolated.get(host));
    ConduitRelay relay =
        new ConduitRelay(
            new RelayRoute(
                key + "@isolation:" + host,
                flow,
                List.of(isolation),
                target.address(),
                target.port()),
            config,
            clock,
            decisions,
            tap);
    relay.start();
    running.add(relay);
    return new Access.Relayed(config.bindAddress(), relay.port(), List.of(isolation.id()));
  }

  @Override
  public synchronized List<ConduitSpec> conduits() {
    return List.copyOf(current.values());
  }

  @Override
  public synchronized RuleChange replaceRules(List<ConduitSpec> conduits) {
    Map<String, ConduitSpec> changed =
        LabNetwork.checkedChange(architecture.id(), current, conduits);
    current.putAll(changed);
    List<String> relays = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    for (ConduitRelay relay : relays()) {
      List<ConduitSpec> enforced = relay.route().conduits();
      if (enforced.stream().noneMatch(c -> changed.containsKey(c.id()))) {
        continue;
      }
      closed.addAll(
          relay.reload(enforced.stream().map(c -> current.getOrDefault(c.id(), c)).toList()));
      relays.add(relay.route().id());
    }
    return new RuleChange(relays, closed);
  }

  @Override
  public synchronized RuleChange isolate(String host, String rule) {
    host(host);
    isolated.putIfAbsent(host, rule);
    RuleChange byConduits =
        replaceRules(
            current.values().stream().map(c -> ResponseRules.isolate(c, host, rule)).toList());
    List<String> relays = new ArrayList<>(byConduits.relays());
    List<String> closed = new ArrayList<>(byConduits.closed());
    // Routes inside a zone: a span relay's live connections are cut, and the route leads to an
    // isolation relay from now on (clients reconnect when their route changes).
    for (Map.Entry<String, Access> e : new ArrayList<>(routes.entrySet())) {
      Flow flow = flows.get(e.getKey());
      if (flow == null
          || !(e.getValue() instanceof Access.Direct)
          || interceptions.containsKey(e.getKey())
          || !(flow.source().id().equals(host) || flow.destination().id().equals(host))) {
        continue;
      }
      HostSpec from = host(flow.source().id());
      String zone =
          from.zones().stream()
              .filter(host(flow.destination().id()).zones()::contains)
              .findFirst()
              .orElseThrow();
      for (ConduitRelay relay : relays()) {
        if (relay.route().id().equals(e.getKey() + "@span:" + zone)) {
          closed.addAll(relay.killByResponse(rule, "host " + host + " isolated"));
          relays.add(relay.route().id());
        }
      }
      routes.put(e.getKey(), isolatedRoute(e.getKey(), flow, targets.get(e.getKey()), zone, host));
    }
    return new RuleChange(relays, closed);
  }

  @Override
  public synchronized RuleChange kill(String source, String destination, String rule) {
    host(source);
    host(destination);
    return RuleChange.killFlow(
        relays(),
        source,
        destination,
        rule,
        "live connections " + source + " -> " + destination + " killed");
  }

  /** The running relays, in the order they were made. */
  private List<ConduitRelay> relays() {
    List<ConduitRelay> out = new ArrayList<>();
    for (Lifecycle l : running) {
      if (l instanceof ConduitRelay r) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The pseudo conduit {@code isolation:HOST} of a route inside {@code zone} to or from an isolated
   * host: one rule, the response's DENY {@code rule}, as a switch port shut down.
   */
  public static ConduitSpec isolationConduit(String zone, String host, String rule) {
    return new ConduitSpec(
        "isolation:" + host,
        zone,
        zone + "~isolation",
        List.of(
            new RuleSpec(
                rule, Selector.ANY, Selector.ANY, Protocol.ANY, null, RuleAction.DENY, null, null)),
        "host " + host + " isolated by a response");
  }

  /**
   * A span port sees the traffic but never blocks it: an allow-everything pseudo conduit, whose id
   * ({@code span:ZONE}) marks its events as sensed.
   */
  public static ConduitSpec spanConduit(String zone) {
    return new ConduitSpec(
        "span:" + zone,
        zone,
        zone + "~span",
        List.of(
            new RuleSpec(
                "span",
                Selector.ANY,
                Selector.ANY,
                Protocol.ANY,
                null,
                RuleAction.ALLOW,
                null,
                null)),
        "span port of zone " + zone);
  }

  /**
   * Takes an adversary-in-the-middle position on the Modbus route from {@code source} to {@code
   * destination}, or returns the one already there. The route's access now leads to an in-path
   * interceptor that forwards to where the route led before, so every conduit and tap on the way
   * still sees the source's traffic; where the source's zone has a span port, a span relay also
   * sees the leg between the source and the interceptor. Clients notice the new access on their
   * next connection (benign operations reconnect when it changes). Whether the attacker can stand
   * there is the caller's judgement: this is a modelled position.
   *
   * @param label ground-truth label for traffic the position causes until a step relabels it
   * @throws OtlabException {@code AITM_NO_ROUTE} when the source cannot reach the destination at
   *     all, {@code AITM_PROTOCOL} for anything but Modbus
   */
  @Override
  public synchronized Interception intercept(
      String source, String destination, Protocol protocol, String label) {
    if (protocol != Protocol.MODBUS) {
      throw new OtlabException(
          "AITM_PROTOCOL",
          "The lab can only place an adversary-in-the-middle on Modbus routes, not "
              + protocol
              + ".",
          "Intercept the client's Modbus route instead.");
    }
    String key = source + ">" + destination + ":" + protocol;
    Interception existing = interceptions.get(key);
    if (existing != null) {
      return existing;
    }
    Access original = access(source, destination, protocol);
    if (original instanceof Access.Unreachable u) {
      throw new OtlabException(
          "AITM_NO_ROUTE",
          "Host '" + source + "' has no route to '" + destination + "' (" + u.reason() + ").",
          "Pick a client that can reach the server: there is no traffic to ride otherwise.");
    }
    ModbusInterceptor interceptor =
        new ModbusInterceptor(
            config.bindAddress(),
            original.address(),
            original.port(),
            new ResponseRewriter(),
            clock,
            (int) config.connectTimeout().toMillis());
    interceptor.start();
    String entryAddress = config.bindAddress();
    int entryPort = interceptor.port();
    ConduitRelay span = null;
    String spanId = null;
    HostSpec from = host(source);
    Optional<String> spanned =
        from.zones().stream().filter(architecture.sensors().spanZones()::contains).findFirst();
    if (spanned.isPresent()) {
      spanId = key + "@aitm-span:" + spanned.get();
      span =
          new ConduitRelay(
              new RelayRoute(
                  spanId,
                  Flow.of(HostRef.of(from), HostRef.of(host(destination)), protocol),
                  List.of(spanConduit(spanned.get())),
                  interceptor.bindAddress(),
                  interceptor.port()),
              config,
              clock,
              DecisionListener.NONE,
              tap);
      span.capture(capture);
      span.start();
      entryPort = span.port();
    }
    Interception i =
        new Interception(
            this, key, source, destination, original, interceptor, span, spanId, label);
    Access entry;
    if (original instanceof Access.Relayed r) {
      entry = new Access.Relayed(entryAddress, entryPort, r.conduits());
    } else {
      entry = new Access.Direct(entryAddress, entryPort, ((Access.Direct) original).spanned());
    }
    routes.put(key, entry);
    interceptions.put(key, i);
    running.add(i);
    return i;
  }

  /** Hands a route back when its interception stops. */
  synchronized void release(String key, Interception i) {
    if (interceptions.remove(key, i)) {
      if (started) {
        routes.put(key, i.original());
      }
      running.remove(i);
    }
  }

  /** The active interception of a route, if any. */
  @Override
  public Optional<Interception> interception(String source, String destination, Protocol protocol) {
    return Optional.ofNullable(interceptions.get(source + ">" + destination + ":" + protocol));
  }

  /**
   * The ground-truth label an adversary-in-the-middle position gives {@code event}: its own
   * injected requests, and everything on a client-facing leg it created. Empty for other events.
   * Safe on tap threads.
   */
  @Override
  public Optional<String> attribution(ProtocolEvent event) {
    return attribution(event.relay());
  }

  /** The label an adversary-in-the-middle position gives what relay {@code relay} carries. */
  @Override
  public Optional<String> attribution(String relay) {
    for (Interception i : interceptions.values()) {
      Optional<String> label = i.attribution(relay);
      if (label.isPresent()) {
        return label;
      }
    }
    return Optional.empty();
  }

  private Access relayed(String key, Flow flow, ServiceEndpoint target, List<ConduitSpec> path) {
    String nextAddress = target.address();
    int nextPort = target.port();
    for (int i = path.size() - 1; i >= 0; i--) {
      ConduitSpec conduit = current.getOrDefault(path.get(i).id(), path.get(i));
      ConduitRelay relay =
          new ConduitRelay(
              new RelayRoute(
                  key + "@" + conduit.id(), flow, List.of(conduit), nextAddress, nextPort),
              config,
              clock,
              decisions,
              tap);
      if (architecture.sensors().tappedConduits().contains(conduit.id())) {
        relay.capture(capture);
      }
      relay.start();
      running.add(relay);
      nextAddress = config.bindAddress();
      nextPort = relay.port();
    }
    return new Access.Relayed(nextAddress, nextPort, path.stream().map(ConduitSpec::id).toList());
  }

  private Access unreachable(String key, Flow flow, HostSpec from, HostSpec to) {
    String reason =
        "no conduit path from zone "
            + String.join("/", from.zones())
            + " to zone "
            + String.join("/", to.zones());
    Blackhole hole =
        new Blackhole(
            config.bindAddress(),
            () ->
                decisions.onDecision(
                    new RelayDecision(
                        clock.getAsDouble(),
                        key + "@none",
                        key + "@none",
                        flow.source().id(),
                        flow.destination().id(),
                        flow.protocol(),
                        flow.port(),
                        RelayDecision.Scope.CONNECTION,
                        "connect",
                        new ConduitDecision.Denied(
                            "(none)",
                            null,
                            RuleAction.REJECT,
                            ConduitDecision.Refusal.NO_RULE,
                            reason))));
    hole.start();
    running.add(hole);
    return new Access.Unreachable(config.bindAddress(), hole.port(), reason);
  }

  /** Shortest chain of conduits from any of {@code from} to any of {@code to}, if one exists. */
  public Optional<List<ConduitSpec>> zonePath(List<String> from, List<String> to) {
    return zonePath(architecture, from, to);
  }

  /**
   * The route search of the fabric, for whoever must predict it without a running lab (a pivot's
   * reachability, the container plan): breadth first over the conduits, the first declared winning
   * a tie.
   */
  public static Optional<List<ConduitSpec>> zonePath(
      ArchitectureSpec architecture, List<String> from, List<String> to) {
    Map<String, ConduitSpec> via = new HashMap<>();
    Map<String, String> previous = new HashMap<>();
    ArrayDeque<String> queue = new ArrayDeque<>(from);
    Set<String> seen = new java.util.HashSet<>(from);
    while (!queue.isEmpty()) {
      String zone = queue.poll();
      if (to.contains(zone)) {
        List<ConduitSpec> path = new ArrayList<>();
        for (String z = zone; via.containsKey(z); z = previous.get(z)) {
          path.add(0, via.get(z));
        }
        return Optional.of(path);
      }
      for (ConduitSpec c : architecture.conduits()) {
        if (c.joins(zone) && seen.add(c.other(zone))) {
          via.put(c.other(zone), c);
          previous.put(c.other(zone), zone);
          queue.add(c.other(zone));
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a sensor sees an event: its conduit is tapped, or it is intra-zone in a span zone. */
  @Override
  public boolean sensed(ProtocolEvent event) {
    String conduit = event.conduit();
    if (conduit == null) {
      return false;
    }
    return conduit.startsWith("span:") || architecture.sensors().tappedConduits().contains(conduit);
  }

  private HostSpec host(String id) {
    return architecture
        .host(id)
        .orElseThrow(
            () ->
                new OtlabException(
                    "HOST_UNKNOWN",
                    "Architecture '" + architecture.id() + "' has no host '" + id + "'.",
                    "Use one of "
                        + architecture.hosts().stream().map(HostSpec::id).toList()
                        + "."));
  }

  @Override
  public synchronized void stop() {
    RuntimeException first = null;
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).stop();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    running.clear();
    routes.clear();
    flows.clear();
    targets.clear();
    started = false;
    if (first != null) {
      throw first;
    }
  }
}
