package dev.otlab.scoring.arch;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.ZoneSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who can reach which service with which operations, following conduit chains. A connection from
 * one host to another crosses a chain of conduits (zones without a conduit cannot talk at all);
 * every conduit on the chain decides it with its first rule whose source, destination, protocol and
 * port match (no match: denied), and the operations that pass are the intersection of the allow
 * rules' filters. Hosts sharing a zone reach each other directly with everything. A dual-homed host
 * does not forward traffic by itself; taking it over is a pivot, which {@link AttackPaths} models.
 *
 * <p>Routes are simple paths over zones; an attacker may use any of them, so every route that lets
 * something through is kept (up to {@link #MAX_ROUTES} per service, shortest first).
 */
public final class Reachability {

  /** Cap on routes kept per source, destination and service, so dense meshes stay cheap. */
  public static final int MAX_ROUTES = 16;

  /**
   * One conduit crossed.
   *
   * @param conduit conduit id
   * @param fromZone zone the connection enters the conduit from
   * @param toZone zone it leaves into
   * @param rule id of the allow rule that let it through
   * @param filtered whether that rule has deep-packet-inspection limits
   */
  public record Hop(
      String conduit, String fromZone, String toZone, String rule, boolean filtered) {}

  /**
   * A chain of zones and the conduits between them.
   *
   * @param zones zones passed, first the source's, last the destination's
   * @param hops conduits crossed (empty within one zone)
   */
  public record Route(List<String> zones, List<Hop> hops) {
    public Route {
      zones = List.copyOf(zones);
      hops = List.copyOf(hops);
    }

    /** Allow rules with deep-packet-inspection limits on the route: more is stronger. */
    public int filteredRules() {
      return (int) hops.stream().filter(Hop::filtered).count();
    }

    @Override
    public String toString() {
      if (hops.isEmpty()) {
        return "within " + zones.get(0);
      }
      StringBuilder sb = new StringBuilder(zones.get(0));
      for (Hop h : hops) {
        sb.append(" -[")
            .append(h.conduit())
            .append('/')
            .append(h.rule())
            .append("]-> ")
            .append(h.toZone());
      }
      return sb.toString();
    }
  }

  /** What one route lets through. */
  public record Grant(Route route, Operations operations) {}

  /**
   * How a source host reaches one service of a destination host.
   *
   * @param from source host id
   * @param to destination host id
   * @param service the service
   * @param grants every route that lets something through, fewest hops first
   */
  public record Access(String from, String to, Service service, List<Grant> grants) {
    public Access {
      grants = List.copyOf(grants);
      if (grants.isEmpty()) {
        throw new IllegalArgumentException("an access has at least one route");
      }
    }

    /** The route with the fewest conduits, then the weakest controls. */
    public Grant best() {
      return grants.get(0);
    }

    public boolean writeCapable() {
      return grants.stream().anyMatch(g -> g.operations().writeCapable());
    }

    /** Distinct operations over all routes, e.g. {@code read FC 3,4 on 0..9}. */
    public String describe() {
      return grants.stream()
          .map(g -> g.operations().describe())
          .distinct()
          .collect(Collectors.joining(" | "));
    }
  }

  private record Key(String from, String to, Service service) {}

  private final ArchitectureSpec spec;
  private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
  private final Map<String, ZoneSpec> zones = new LinkedHashMap<>();
  private final Map<String, List<ConduitSpec>> conduitsOf = new HashMap<>();
  private final Map<Key, Optional<Access>> cache = new HashMap<>();

  public Reachability(ArchitectureSpec spec) {
    this.spec = spec;
    spec.hosts().forEach(h -> hosts.put(h.id(), h));
    spec.zones().forEach(z -> zones.put(z.id(), z));
    for (ConduitSpec c : spec.conduits()) {
      conduitsOf.computeIfAbsent(c.zoneA(), k -> new ArrayList<>()).add(c);
      conduitsOf.computeIfAbsent(c.zoneB(), k -> new ArrayList<>()).add(c);
    }
  }

  public ArchitectureSpec spec() {
    return spec;
  }

  /**
   * The rule of {@code conduit} that decides a connection, if any: the first whose source,
   * destination, protocol and port match. None means the conduit's default deny.
   */
  public static Optional<RuleSpec> firstMatch(
      ConduitSpec conduit, HostSpec from, HostSpec to, Protocol protocol, int port) {
    for (RuleSpec r : conduit.rules()) {
      if (matches(r, from, to, protocol, port)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Whether a rule's source, destination, protocol and port match a connection. */
  public static boolean matches(
      RuleSpec r, HostSpec from, HostSpec to, Protocol protocol, int port) {
    return r.from().matches(from.id(), from.zones())
        && r.to().matches(to.id(), to.zones())
        && (r.protocol() == Protocol.ANY || r.protocol() == protocol)
        && (r.effectivePort() == -1 || r.effectivePort() == port);
  }

  public HostSpec host(String id) {
    HostSpec h = hosts.get(id);
    if (h == null) {
      throw new IllegalArgumentException("no host " + id);
    }
    return h;
  }

  /** How {@code from} reaches {@code service} on {@code to}; empty when nothing gets through. */
  public Optional<Access> access(String from, String to, Service service) {
    return cache.computeIfAbsent(
        new Key(from, to, service), k -> compute(host(from), host(to), service));
  }

  /** Every service of every other host that {@code from} reaches. */
  public List<Access> from(String from) {
    List<Access> out = new ArrayList<>();
    for (HostSpec to : hosts.values()) {
      if (!to.id().equals(from)) {
        for (Service s : Service.of(to)) {
          access(from, to.id(), s).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** The whole matrix: every source host, every service it reaches. */
  public List<Access> matrix() {
    List<Access> out = new ArrayList<>();
    for (String h : hosts.keySet()) {
      out.addAll(from(h));
    }
    return out;
  }

  private Optional<Access> compute(HostSpec from, HostSpec to, Service service) {
    List<Grant> grants = new ArrayList<>();
    Operations all = Operations.all(service.protocol());
    for (String z : from.zones()) {
      if (to.zones().contains(z)) {
        grants.add(new Grant(new Route(List.of(z), List.of()), all));
        return Optional.of(new Access(from.id(), to.id(), service, grants));
      }
    }
    Set<String> visited = new HashSet<>(from.zones());
    for (String z : from.zones()) {
      List<String> path = new ArrayList<>(List.of(z));
      walk(from, to, service, z, all, path, new ArrayList<>(), visited, grants);
    }
    List<Grant> usable = new ArrayList<>();
    for (Grant g : grants) {
      g.operations()
          .offeredBy(to.posture().opcUaModes())
          .ifPresent(o -> usable.add(new Grant(g.route(), o)));
    }
    if (usable.isEmpty()) {
      return Optional.empty();
    }
    usable.sort(
        Comparator.<Grant>comparingInt(g -> g.route().hops().size())
            .thenComparingInt(g -> g.route().filteredRules()));
    return Optional.of(
        new Access(
            from.id(), to.id(), service, usable.subList(0, Math.min(MAX_ROUTES, usable.size()))));
  }

  private void walk(
      HostSpec from,
      HostSpec to,
      Service service,
      String zone,
      Operations ops,
      List<String> path,
      List<Hop> hops,
      Set<String> visited,
      List<Grant> out) {
    for (ConduitSpec c : conduitsOf.getOrDefault(zone, List.of())) {
      String next = c.other(zone);
      if (visited.contains(next)) {
        continue;
      }
      Optional<RuleSpec> rule = firstMatch(c, from, to, service.protocol(), service.port());
      if (rule.isEmpty() || rule.get().action() != RuleAction.ALLOW) {
        continue;
      }
      Optional<Operations> narrowed = ops.restrict(rule.get());
      if (narrowed.isEmpty()) {
        continue;
      }
      RuleSpec r = rule.get();
      path.add(next);
      hops.add(new Hop(c.id(), zone, next, r.id(), r.modbus() != null || r.opcua() != null));
      if (to.zones().contains(next)) {
        out.add(new Grant(new Route(path, hops), narrowed.get()));
      } else {
        visited.add(next);
        walk(from, to, service, next, narrowed.get(), path, hops, visited, out);
        visited.remove(next);
      }
      path.remove(path.size() - 1);
      hops.remove(hops.size() - 1);
    }
  }

  /** Zone of an id (for checks that look at levels on a route). */
  public ZoneSpec zone(String id) {
    ZoneSpec z = zones.get(id);
    if (z == null) {
      throw new IllegalArgumentException("no zone " + id);
    }
    return z;
  }
}
