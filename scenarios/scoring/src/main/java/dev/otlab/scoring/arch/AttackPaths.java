package dev.otlab.scoring.arch;

import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.ZoneSpec;
import dev.otlab.scoring.arch.Reachability.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Shortest attack paths from every lower-trust zone to every PLC and SIS. An attacker holds the
 * hosts of the starting zone, may take over any host whose remote service (ssh, rdp, vnc, ...) it
 * reaches and logs in to (a pivot: it then continues from that host, with that host's identity and
 * zones), and wins a target when it reaches the target's Modbus or OPC UA service. It logs in where
 * the host's credentials are default or weak, where an account of the service has a guessable
 * password, and where it holds an account of the service without a second factor: holding a host
 * gives it every account that logs in there and every account saved there ({@link
 * AccountSpec#savedOn}), which is how a shared or reused account carries an attack across zones.
 * Paths are ranked by conduit hops, then by the number of deep-packet-inspection rules crossed
 * (fewer means weaker controls, which an attacker prefers).
 *
 * <p>Accounts are gathered to a fixed point: the hosts reached with the accounts held so far give
 * more accounts, and the search runs again until no new one comes. A path may so use an account
 * taken on a host off its own route; the step names the account and where it came from.
 */
public final class AttackPaths {

  /**
   * One move: reaching a service of a host.
   *
   * @param from host the attacker acts from
   * @param to host reached
   * @param service service used
   * @param route zones and conduits crossed
   * @param operations what the route lets through
   * @param pivot whether the move takes the host over (remote service, weak credentials)
   * @param serverModes the OPC UA modes the host reached offers
   * @param account for a pivot with an account the attacker took: the account id; null when it
   *     guessed a password or the move is no pivot
   * @param takenOn for such a pivot: the host the account was taken on; null otherwise
   */
  public record Step(
      String from,
      String to,
      Service service,
      Route route,
      Operations operations,
      boolean pivot,
      Set<OpcUaMode> serverModes,
      @Nullable String account,
      @Nullable String takenOn) {
    public Step {
      serverModes = Set.copyOf(serverModes);
    }

    /** A move that uses no taken account. */
    public Step(
        String from,
        String to,
        Service service,
        Route route,
        Operations operations,
        boolean pivot,
        Set<OpcUaMode> serverModes) {
      this(from, to, service, route, operations, pivot, serverModes, null, null);
    }

    /**
     * Whether the move can write: a write the route sees and lets through, or an encrypted OPC UA
     * channel the host offers, which the route passes unseen ({@link Operations#writeCapable}).
     */
    public boolean writeCapable() {
      return operations.writeCapable(serverModes);
    }

    /** What the move can do on the channels the host offers. */
    public String describe() {
      return operations.describe(serverModes);
    }
  }

  /**
   * The best path from one origin zone to one target, or none.
   *
   * @param origin zone the attacker starts in
   * @param entryPoints entry points whose host sits in that zone
   * @param target PLC or SIS host
   * @param steps moves in order; empty when the target is out of reach
   */
  public record AttackPath(
      String origin, List<String> entryPoints, String target, List<Step> steps) {
    public AttackPath {
      entryPoints = List.copyOf(entryPoints);
      steps = List.copyOf(steps);
    }

    public boolean reachable() {
      return !steps.isEmpty();
    }

    /** Conduits crossed in total. */
    public int hops() {
      return steps.stream().mapToInt(s -> s.route().hops().size()).sum();
    }

    /** Filtering (DPI) rules crossed in total. */
    public int filteredRules() {
      return steps.stream().mapToInt(s -> s.route().filteredRules()).sum();
    }

    /** Whether the final move can write (change setpoints, force outputs, call methods). */
    public boolean writeCapable() {
      return reachable() && steps.get(steps.size() - 1).writeCapable();
    }
  }

  private record Cost(int hops, int filtered) implements Comparable<Cost> {
    Cost plus(Route r) {
      return new Cost(hops + r.hops().size(), filtered + r.filteredRules());
    }

    @Override
    public int compareTo(Cost o) {
      return hops != o.hops ? Integer.compare(hops, o.hops) : Integer.compare(filtered, o.filtered);
    }
  }

  private AttackPaths() {}

  /**
   * Zones an attack starts from: enterprise and internet zones (level 4 and up), DMZs, zones that
   * hold vendor remote-access hosts, and the zone of every entry point's host.
   */
  public static Set<String> lowerTrustZones(ArchitectureSpec spec) {
    Set<String> out = new LinkedHashSet<>();
    for (ZoneSpec z : spec.zones()) {
      boolean remote =
          spec.hosts().stream()
              .anyMatch(h -> h.role() == HostRole.VENDOR_REMOTE && h.zones().contains(z.id()));
      if (z.isEnterprise() || z.isDmz() || remote) {
        out.add(z.id());
      }
    }
    new TreeSet<>(spec.entryPoints().keySet())
        .forEach(e -> spec.host(spec.entryPoints().get(e)).ifPresent(h -> out.add(h.zone())));
    return out;
  }

  /** Every origin zone to every PLC and SIS host. */
  public static List<AttackPath> compute(Reachability reach) {
    ArchitectureSpec spec = reach.spec();
    List<AttackPath> out = new ArrayList<>();
    List<HostSpec> targets =
        spec.hosts().stream()
            .filter(h -> h.role() == HostRole.PLC || h.role() == HostRole.SIS)
            .toList();
    for (String origin : lowerTrustZones(spec)) {
      List<String> entries =
          spec.entryPoints().entrySet().stream()
              .filter(
                  e -> spec.host(e.getValue()).map(h -> h.zones().contains(origin)).orElse(false))
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      Map<String, Cost> cost = new HashMap<>();
      Map<String, Step> via = new HashMap<>();
      controlled(reach, origin, cost, via);
      for (HostSpec t : targets) {
        out.add(new AttackPath(origin, entries, t.id(), best(reach, t, cost, via)));
      }
    }
    return out;
  }

  /**
   * The hosts the attacker can hold from {@code origin}, with their cost and the move that took
   * each, gathering accounts to a fixed point.
   */
  private static void controlled(
      Reachability reach, String origin, Map<String, Cost> cost, Map<String, Step> via) {
    ArchitectureSpec spec = reach.spec();
    // Account id to the host it was first taken on, in spec order of hosts.
    Map<String, String> held = new LinkedHashMap<>();
    while (true) {
      cost.clear();
      via.clear();
      search(reach, origin, held, cost, via);
      boolean more = false;
      for (HostSpec h : spec.hosts()) {
        if (!cost.containsKey(h.id())) {
          continue;
        }
        for (AccountSpec a : spec.accounts()) {
          if (a.keptOn(h.id()) && !held.containsKey(a.id())) {
            held.put(a.id(), h.id());
            more = true;
          }
        }
      }
      if (!more) {
        return;
      }
    }
  }

  /**
   * How the attacker logs in to remote service {@code s} of {@code h}: a guess (weak or default
   * host credentials, or a guessable account), a held account without a second factor, or not at
   * all (null).
   */
  private static @Nullable Entry login(
      ArchitectureSpec spec, HostSpec h, Service s, Map<String, String> held) {
    if (h.posture().credentials() != Credentials.STRONG) {
      return new Entry(null, null);
    }
    List<AccountSpec> accounts = spec.accountsFor(h.id(), s.protocol());
    for (AccountSpec a : accounts) {
      if (a.guessable()) {
        return new Entry(null, null);
      }
    }
    for (AccountSpec a : accounts) {
      if (!a.mfa() && held.containsKey(a.id())) {
        return new Entry(a.id(), held.get(a.id()));
      }
    }
    return null;
  }

  /** How a pivot logs in: with a taken account ({@code account} on {@code takenOn}) or a guess. */
  private record Entry(@Nullable String account, @Nullable String takenOn) {}

  /**
   * Dijkstra over hosts the attacker can hold, starting with every host of the origin zone. Hosts
   * of one class ({@link Reachability#classOf}) reach every other host the same way, and hosts
   * leave the queue cheapest first: so once one host of a class has been expanded, another of it
   * can improve no cost (its moves cost at least as much) and is not expanded again.
   */
  private static void search(
      Reachability reach,
      String origin,
      Map<String, String> held,
      Map<String, Cost> cost,
      Map<String, Step> via) {
    record Queued(String host, Cost cost) {}
    ArchitectureSpec spec = reach.spec();
    PriorityQueue<Queued> queue = new PriorityQueue<>(Comparator.comparing(Queued::cost));
    for (HostSpec h : spec.hosts()) {
      if (h.zones().contains(origin)) {
        cost.put(h.id(), new Cost(0, 0));
        queue.add(new Queued(h.id(), new Cost(0, 0)));
      }
    }
    // The hosts an attacker can take over, with how it logs in to each remote service, in spec
    // order.
    Map<HostSpec, Map<Service, Entry>> pivots = new LinkedHashMap<>();
    for (HostSpec h : spec.hosts()) {
      for (Service s : reach.services(h.id())) {
        if (!s.isRemoteAccess()) {
          continue;
        }
        Entry e = login(spec, h, s, held);
        if (e != null) {
          pivots.computeIfAbsent(h, k -> new LinkedHashMap<>()).put(s, e);
        }
      }
    }
    boolean[] expanded = new boolean[reach.classes()];
    while (!queue.isEmpty()) {
      Queued e = queue.poll();
      if (e.cost().compareTo(cost.get(e.host())) > 0) {
        continue;
      }
      int hostClass = reach.classOf(e.host());
      if (expanded[hostClass]) {
        continue;
      }
      expanded[hostClass] = true;
      for (var pivot : pivots.entrySet()) {
        HostSpec next = pivot.getKey();
        if (next.id().equals(e.host())) {
          continue;
        }
        for (var service : pivot.getValue().entrySet()) {
          Service s = service.getKey();
          List<Reachability.Grant> grants = reach.grants(e.host(), next.id(), s);
          if (grants == null) {
            continue;
          }
          Reachability.Grant g = grants.get(0);
          Cost c = e.cost().plus(g.route());
          Cost old = cost.get(next.id());
          if (old == null || c.compareTo(old) < 0) {
            cost.put(next.id(), c);
            via.put(
                next.id(),
                new Step(
                    e.host(),
                    next.id(),
                    s,
                    g.route(),
                    g.operations(),
                    true,
                    next.posture().opcUaModes(),
                    service.getValue().account(),
                    service.getValue().takenOn()));
            queue.add(new Queued(next.id(), c));
          }
        }
      }
    }
  }

  private static List<Step> best(
      Reachability reach, HostSpec target, Map<String, Cost> cost, Map<String, Step> via) {
    Step bestStep = null;
    Cost bestCost = null;
    for (var held : cost.entrySet()) {
      if (held.getKey().equals(target.id())) {
        continue;
      }
      for (Service s : reach.services(target.id())) {
        if (!s.isIndustrial()) {
          continue;
        }
        List<Reachability.Grant> grants = reach.grants(held.getKey(), target.id(), s);
        if (grants == null) {
          continue;
        }
        Reachability.Grant g = grants.get(0);
        Cost c = held.getValue().plus(g.route());
        Step step =
            new Step(
                held.getKey(),
                target.id(),
                s,
                g.route(),
                g.operations(),
                false,
                target.posture().opcUaModes());
        if (bestCost == null
            || c.compareTo(bestCost) < 0
            || (c.compareTo(bestCost) == 0 && better(step, bestStep))) {
          bestCost = c;
          bestStep = step;
        }
      }
    }
    if (bestStep == null) {
      return List.of();
    }
    List<Step> steps = new ArrayList<>();
    steps.add(bestStep);
    String at = bestStep.from();
    while (via.containsKey(at)) {
      Step s = via.get(at);
      steps.add(0, s);
      at = s.from();
    }
    return steps;
  }

  /** Among equal costs prefer a write-capable move, then a stable order by host and service. */
  private static boolean better(Step a, Step b) {
    if (a.writeCapable() != b.writeCapable()) {
      return a.writeCapable();
    }
    int c = a.from().compareTo(b.from());
    return c != 0 ? c < 0 : a.service().compareTo(b.service()) < 0;
  }
}
