package dev.otlab.scoring.arch;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.relay.OperationSpace;
import dev.otlab.network.relay.Policy;
import dev.otlab.scoring.arch.Reachability.Access;
import dev.otlab.scoring.arch.Reachability.Grant;
import dev.otlab.scoring.arch.Reachability.Hop;
import dev.otlab.scoring.arch.Reachability.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The path enumerator {@link Reachability} replaced, kept as the reference of its differential
 * test: it walks every simple path over zones, which is exponential in a meshed architecture, so it
 * only serves small random architectures. Its semantics are the old ones: every route that lets
 * something through is a grant, fewest hops then fewest filtering rules first, ties in depth-first
 * order, at most {@code maxRoutes} of them.
 */
final class ExhaustiveReachability {

  private final int maxRoutes;

  private record Key(String from, String to, Service service) {}

  private final ArchitectureSpec spec;
  private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
  private final Map<String, ZoneSpec> zones = new LinkedHashMap<>();
  private final Map<String, List<ConduitSpec>> conduitsOf = new HashMap<>();
  private final Map<Key, Optional<Access>> cache = new HashMap<>();
  private final Map<List<Object>, Operations> conduitOps = new HashMap<>();
  private final Map<dev.otlab.network.Protocol, OperationSpace> spaces = new HashMap<>();

  ExhaustiveReachability(ArchitectureSpec spec, int maxRoutes) {
    this.spec = spec;
    this.maxRoutes = maxRoutes;
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
    Operations all =
        Operations.all(
            spaces.computeIfAbsent(service.protocol(), p -> OperationSpace.of(p, spec.conduits())));
    for (String z : from.zones()) {
      if (to.zones().contains(z)) {
        grants.add(new Grant(new Route(List.of(z), List.of()), all));
        return Optional.of(
            new Access(from.id(), to.id(), service, grants, to.posture().opcUaModes()));
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
            from.id(),
            to.id(),
            service,
            usable.subList(0, Math.min(maxRoutes, usable.size())),
            to.posture().opcUaModes()));
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
      // Each conduit decides by the relays' function, class by class.
      Flow flow = new Flow(HostRef.of(from), HostRef.of(to), service.protocol(), service.port());
      if (!(Policy.connection(List.of(c), flow) instanceof ConduitDecision.Allowed opened)) {
        continue;
      }
      Operations through =
          conduitOps.computeIfAbsent(
              List.of(c.id(), from.id(), to.id(), service),
              k -> Operations.through(ops.space(), List.of(c), flow));
      Operations narrowed = ops.and(through);
      if (narrowed.isEmpty()) {
        continue;
      }
      path.add(next);
      hops.add(new Hop(c.id(), zone, next, opened.rule(), !through.unfiltered()));
      if (to.zones().contains(next)) {
        out.add(new Grant(new Route(path, hops), narrowed));
      } else {
        visited.add(next);
        walk(from, to, service, next, narrowed, path, hops, visited, out);
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
