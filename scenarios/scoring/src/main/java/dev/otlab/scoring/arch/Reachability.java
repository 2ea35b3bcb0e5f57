package dev.otlab.scoring.arch;

import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.relay.OperationSpace;
import dev.otlab.network.relay.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Who can reach which service with which operations, following conduit chains. A connection from
 * one host to another crosses a chain of conduits (zones without a conduit cannot talk at all);
 * every conduit on the chain decides the connection and each class of operations ({@link
 * OperationSpace}: every Modbus function code over every class of address ranges, every OPC UA
 * service group and security mode) with the relays' own decision function ({@link Policy}), and the
 * operations that pass a route are those every conduit on it lets through. Hosts sharing a zone
 * reach each other directly with everything. A dual-homed host does not forward traffic by itself;
 * taking it over is a pivot, which {@link AttackPaths} models.
 *
 * <p>Routes are paths over zones, and which rule decides a conduit depends only on the two hosts
 * and the service, not on the route. So one access is a search over states (zone, operations still
 * let through), each visited once: polynomial in zones, conduits and the distinct filter
 * intersections, where enumerating every simple path was exponential in a meshed design. An access
 * keeps the best route (fewest conduits, then fewest filtering rules, then the first in conduit
 * order) and, for every largest set of operations some route lets through, the best route that
 * does: together they let through exactly what all routes do. The work is bounded ({@link
 * #MAX_STATES}, {@link #MAX_STEPS}) and the search stops when its thread is interrupted.
 */
public final class Reachability {

  /**
   * Most (zone, operations) states one access may visit: zones times the distinct intersections of
   * filters along routes. A fully meshed 30-zone design with allow-any conduits visits 30.
   */
  public static final int MAX_STATES = 100_000;

  /**
   * Most conduit crossings the whole analysis may consider. A fully meshed 30-zone, 300-host design
   * with allow-any conduits considers about 8e7 (28 zones times 29 conduits per cross-zone access).
   */
  public static final long MAX_STEPS = 2_000_000_000L;

  /**
   * One conduit crossed.
   *
   * @param conduit conduit id
   * @param fromZone zone the connection enters the conduit from
   * @param toZone zone it leaves into
   * @param rule id of the allow rule that opens the connection (a message its filter refuses may
   *     still pass by a later rule of the conduit)
   * @param filtered whether the conduit refuses some class of operations on this connection
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
      int n = 0;
      for (Hop h : hops) {
        n += h.filtered() ? 1 : 0;
      }
      return n;
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
   * @param grants the best route first, then for each largest set of operations some route lets
   *     through the best route that does, fewest hops first
   * @param serverModes the OPC UA modes the destination offers, which decide whether encrypted
   *     messages the routes pass unseen reach a channel at all
   */
  public record Access(
      String from, String to, Service service, List<Grant> grants, Set<OpcUaMode> serverModes) {
    public Access {
      grants = List.copyOf(grants);
      serverModes = Set.copyOf(serverModes);
      if (grants.isEmpty()) {
        throw new IllegalArgumentException("an access has at least one route");
      }
    }

    /** The route with the fewest conduits, then the weakest controls. */
    public Grant best() {
      return grants.get(0);
    }

    /**
     * Whether some route lets the source write: a write the conduits see and let through, or an
     * encrypted OPC UA channel the server offers, whose services no conduit sees ({@link
     * Operations#writeCapable(Set)}).
     */
    public boolean writeCapable() {
      return grants.stream().anyMatch(g -> g.operations().writeCapable(serverModes));
    }

    /** Whether some route passes encrypted OPC UA the server accepts, whatever it carries. */
    public boolean unseen() {
      return grants.stream().anyMatch(g -> g.operations().unseenOn(serverModes));
    }

    /**
     * Distinct operations of the grants on the channels the server offers, e.g. {@code read FC 3,4
     * on 0..9}.
     */
    public String describe() {
      return grants.stream()
          .map(g -> g.operations().describe(serverModes))
          .distinct()
          .collect(Collectors.joining(" | "));
    }
  }

  /**
   * Accesses alike, reported once: every host of {@code from} reaches {@code service} on every host
   * of {@code to} other than itself, with the same routes and operations. The hosts of one list are
   * of one class ({@link #classOf}): they sit in the same zones, match the same rule endpoints and
   * offer the same OPC UA modes, so nothing tells their accesses apart.
   *
   * @param from source hosts, in spec order
   * @param to destination hosts offering the service, in spec order
   * @param service the service
   * @param grants as {@link Access#grants()}
   * @param serverModes the OPC UA modes the destinations offer
   */
  public record AccessGroup(
      List<String> from,
      List<String> to,
      Service service,
      List<Grant> grants,
      Set<OpcUaMode> serverModes) {
    public AccessGroup {
      from = List.copyOf(from);
      to = List.copyOf(to);
      grants = List.copyOf(grants);
      serverModes = Set.copyOf(serverModes);
      if (from.isEmpty() || to.isEmpty() || grants.isEmpty()) {
        throw new IllegalArgumentException("a group has a source, a destination and a route");
      }
    }

    /** The route with the fewest conduits, then the weakest controls. */
    public Grant best() {
      return grants.get(0);
    }

    /** As {@link Access#writeCapable()}, for every pair of the group. */
    public boolean writeCapable() {
      return grants.stream().anyMatch(g -> g.operations().writeCapable(serverModes));
    }

    /** As {@link Access#describe()}, for every pair of the group. */
    public String describe() {
      return grants.stream()
          .map(g -> g.operations().describe(serverModes))
          .distinct()
          .collect(Collectors.joining(" | "));
    }

    /** How many accesses the group stands for: every source to every destination but itself. */
    public long pairs() {
      Set<String> targets = Set.copyOf(to);
      return (long) from.size() * to.size() - from.stream().filter(targets::contains).count();
    }

    /** The accesses the group stands for, source by source. */
    public List<Access> accesses() {
      List<Access> out = new ArrayList<>();
      for (String f : from) {
        for (String t : to) {
          if (!f.equals(t)) {
            out.add(new Access(f, t, service, grants, serverModes));
          }
        }
      }
      return out;
    }
  }

  /**
   * What the search sees of a host: its zones, which rule endpoints it matches (as source and as
   * destination, over every rule of every conduit) and the OPC UA modes it offers. Two hosts with
   * the same signature get the same routes and operations, so a meshed design with many hosts per
   * zone needs one search per pair of signatures and service, not one per pair of hosts.
   */
  private record Signature(
      List<String> zones, BitSet asSource, BitSet asDestination, Set<OpcUaMode> opcUaModes) {}

  private final ArchitectureSpec spec;
  private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
  private final Map<String, ZoneSpec> zones = new LinkedHashMap<>();
  // Every host's class: hosts with one signature share it, and with it every access's routes.
  private final Map<String, Integer> classOf = new HashMap<>();
  private final Map<String, List<Service>> services = new HashMap<>();
  private int classes;
  // Per service and source class, the grants to every destination class: null while not yet
  // searched, NOTHING when nothing gets through. Rows are made when first asked for.
  private final Map<Service, Object[][]> byClass = new HashMap<>();
  private static final Object NOTHING = new Object();
  // The conduit graph with zones and conduits as indices: zone i's conduits in spec order (the
  // order ties between equally good routes are broken in), and the zone each leads to.
  private final Map<String, Integer> zoneIndex = new HashMap<>();
  private final List<String> zoneIds = new ArrayList<>();
  private final ConduitSpec[] conduits;
  private final int[][] conduitsOf;
  private final int[][] otherOf;
  private final int maxStates;
  private final long maxSteps;
  private long steps;
  private long calls;
  private int searches;
  private final int[] decidedIn;
  private final @Nullable ConduitGrant[] grantIn;
  private final Map<Protocol, OperationSpace> spaces = new EnumMap<>(Protocol.class);
  private final Map<GrantKey, Optional<ConduitGrant>> grants = new HashMap<>();

  /**
   * What one conduit lets through for a connection: the allow rule that opens it, whether any class
   * of operations is refused, and the classes that pass, every one decided by {@link Policy}.
   */
  private record ConduitGrant(String rule, boolean filtered, Operations operations) {}

  /** A conduit, which of its rules match a connection's hosts, and the service. */
  private record GrantKey(int conduit, BitSet matching, Service service) {}

  public Reachability(ArchitectureSpec spec) {
    this(spec, MAX_STATES, MAX_STEPS);
  }

  /** With other bounds than {@link #MAX_STATES} and {@link #MAX_STEPS}, for tests of them. */
  Reachability(ArchitectureSpec spec, int maxStates, long maxSteps) {
    this.spec = spec;
    this.maxStates = maxStates;
    this.maxSteps = maxSteps;
    spec.hosts().forEach(h -> hosts.put(h.id(), h));
    spec.zones().forEach(z -> zones.put(z.id(), z));
    spec.zones().forEach(z -> index(z.id()));
    spec.hosts().forEach(h -> h.zones().forEach(this::index));
    conduits = spec.conduits().toArray(ConduitSpec[]::new);
    decidedIn = new int[conduits.length];
    grantIn = new ConduitGrant[conduits.length];
    for (ConduitSpec c : conduits) {
      index(c.zoneA());
      index(c.zoneB());
    }
    Map<Signature, Integer> signatures = new HashMap<>();
    for (HostSpec h : spec.hosts()) {
      classOf.put(h.id(), signatures.computeIfAbsent(signature(h), k -> signatures.size()));
      services.put(h.id(), List.copyOf(Service.of(h)));
    }
    classes = signatures.size();
    List<List<Integer>> of = new ArrayList<>();
    zoneIds.forEach(z -> of.add(new ArrayList<>()));
    for (int i = 0; i < conduits.length; i++) {
      of.get(zoneIndex.get(conduits[i].zoneA())).add(i);
      of.get(zoneIndex.get(conduits[i].zoneB())).add(i);
    }
    conduitsOf = new int[zoneIds.size()][];
    otherOf = new int[zoneIds.size()][];
    for (int z = 0; z < zoneIds.size(); z++) {
      conduitsOf[z] = of.get(z).stream().mapToInt(Integer::intValue).toArray();
      otherOf[z] = new int[conduitsOf[z].length];
      for (int k = 0; k < conduitsOf[z].length; k++) {
        otherOf[z][k] = zoneIndex.get(conduits[conduitsOf[z][k]].other(zoneIds.get(z)));
      }
    }
  }

  private void index(String zone) {
    if (!zoneIndex.containsKey(zone)) {
      zoneIndex.put(zone, zoneIds.size());
      zoneIds.add(zone);
    }
  }

  public ArchitectureSpec spec() {
    return spec;
  }

  /** Conduit crossings considered so far, the work {@link #MAX_STEPS} bounds. */
  long steps() {
    return steps;
  }

  /** The classes of operations of {@code protocol} in this architecture. */
  public OperationSpace space(Protocol protocol) {
    return spaces.computeIfAbsent(protocol, p -> OperationSpace.of(p, spec.conduits()));
  }

  /**
   * The rule of {@code conduit} that decides a connection, if any, as the relays decide it ({@link
   * Policy#connection}): the first allow rule, or unfiltered deny or reject rule, whose source,
   * destination, protocol and port match (a deny rule with a filter judges messages only). None
   * means the conduit's default deny.
   */
  public static Optional<RuleSpec> firstMatch(
      ConduitSpec conduit, HostSpec from, HostSpec to, Protocol protocol, int port) {
    Flow flow = new Flow(HostRef.of(from), HostRef.of(to), protocol, port);
    ConduitDecision d = Policy.connection(List.of(conduit), flow);
    String id =
        d instanceof ConduitDecision.Allowed a ? a.rule() : ((ConduitDecision.Denied) d).rule();
    return conduit.rules().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** Whether a rule's source, destination, protocol and port match a connection. */
  public static boolean matches(
      RuleSpec r, HostSpec from, HostSpec to, Protocol protocol, int port) {
    return Policy.matchesFlow(r, new Flow(HostRef.of(from), HostRef.of(to), protocol, port));
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
    List<Grant> grants = grants(from, to, service);
    return grants == null
        ? Optional.empty()
        : Optional.of(new Access(from, to, service, grants, host(to).posture().opcUaModes()));
  }

  /**
   * The grants of {@link #access(String, String, Service)}, null when nothing gets through: one
   * search per pair of host classes and service, shared by every pair of hosts of those classes.
   */
  @Nullable List<Grant> grants(String from, String to, Service service) {
    if ((++calls & 1023) == 0) {
      checkCancelled();
    }
    return grants(classOf(from), classOf(to), from, to, service);
  }

  /**
   * The grants between two classes ({@link #classOf}), searched with two hosts of theirs, {@code
   * from} and {@code to}, when first asked.
   */
  @SuppressWarnings("unchecked")
  @Nullable List<Grant> grants(
      int fromClass, int toClass, String from, String to, Service service) {
    Object[][] rows = byClass.computeIfAbsent(service, k -> new Object[classes][]);
    Object[] row = rows[fromClass];
    if (row == null) {
      row = new Object[classes];
      rows[fromClass] = row;
    }
    Object found = row[toClass];
    if (found == null) {
      found =
          compute(host(from), host(to), service, z -> true)
              .<Object>map(Access::grants)
              .orElse(NOTHING);
      row[toClass] = found;
    }
    return found == NOTHING ? null : (List<Grant>) found;
  }

  /**
   * The class of a host: hosts of one class match the same rule endpoints, sit in the same zones
   * and offer the same OPC UA modes, so every access from or to them has the same routes and
   * operations.
   */
  public int classOf(String host) {
    Integer c = classOf.get(host);
    if (c == null) {
      throw new IllegalArgumentException("no host " + host);
    }
    return c;
  }

  /** How many classes of hosts there are ({@link #classOf}). */
  public int classes() {
    return classes;
  }

  /** What a host serves ({@link Service#of}), computed once. */
  public List<Service> services(String host) {
    List<Service> s = services.get(host);
    if (s == null) {
      throw new IllegalArgumentException("no host " + host);
    }
    return s;
  }

  private Signature signature(HostSpec h) {
    BitSet asSource = new BitSet();
    BitSet asDestination = new BitSet();
    int i = 0;
    for (ConduitSpec c : conduits) {
      for (RuleSpec r : c.rules()) {
        asSource.set(i, r.from().matches(h.id(), h.zones()));
        asDestination.set(i, r.to().matches(h.id(), h.zones()));
        i++;
      }
    }
    return new Signature(List.copyOf(h.zones()), asSource, asDestination, h.posture().opcUaModes());
  }

  /**
   * Like {@link #access(String, String, Service)} over routes that pass only zones {@code through}
   * accepts, first and last included (not cached). Hosts sharing a zone still reach each other
   * there directly.
   */
  public Optional<Access> access(
      String from, String to, Service service, Predicate<String> through) {
    return compute(host(from), host(to), service, through);
  }

  /** Every service of every other host that {@code from} reaches. */
  public List<Access> from(String from) {
    List<Access> out = new ArrayList<>();
    for (HostSpec to : hosts.values()) {
      if (!to.id().equals(from)) {
        for (Service s : services(to.id())) {
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

  /**
   * The whole matrix with hosts alike grouped ({@link AccessGroup}): source classes, destination
   * classes and services, each in the order of {@link #matrix()}, which the groups expand to (in
   * another order where a class has several hosts). One search per pair of classes and service, so
   * a site with hundreds of hosts in a few dozen classes costs what a few dozen hosts do.
   */
  public List<AccessGroup> groups() {
    List<List<HostSpec>> members = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      members.add(new ArrayList<>());
    }
    // Classes are numbered in the order of their first host.
    hosts.values().forEach(h -> members.get(classOf(h.id())).add(h));
    List<AccessGroup> out = new ArrayList<>();
    for (int fc = 0; fc < classes; fc++) {
      List<String> sources = members.get(fc).stream().map(HostSpec::id).toList();
      for (int tc = 0; tc < classes; tc++) {
        Set<Service> offered = new java.util.TreeSet<>();
        members.get(tc).forEach(h -> offered.addAll(services(h.id())));
        for (Service s : offered) {
          List<String> targets =
              members.get(tc).stream()
                  .map(HostSpec::id)
                  .filter(h -> services(h).contains(s))
                  .toList();
          // Any pair of two hosts stands for the classes; one host alone does not reach itself.
          String from = sources.get(0);
          String to =
              targets.get(0).equals(from)
                  ? (targets.size() > 1 ? targets.get(1) : null)
                  : targets.get(0);
          if (to == null && sources.size() > 1) {
            from = sources.get(1);
            to = targets.get(0);
          }
          if (to == null) {
            continue;
          }
          List<Grant> g = grants(fc, tc, from, to, s);
          if (g != null) {
            out.add(new AccessGroup(sources, targets, s, g, host(to).posture().opcUaModes()));
          }
        }
      }
    }
    return out;
  }

  private Optional<Access> compute(
      HostSpec from, HostSpec to, Service service, Predicate<String> through) {
    checkCancelled();
    Operations all = Operations.all(space(service.protocol()));
    for (String z : from.zones()) {
      if (to.zones().contains(z)) {
        return Optional.of(
            new Access(
                from.id(),
                to.id(),
                service,
                List.of(new Grant(new Route(List.of(z), List.of()), all)),
                to.posture().opcUaModes()));
      }
    }
    Search s = new Search(from, to, service, through);
    s.explore(all);
    return s.access();
  }

  /** Throws when the thread was interrupted, e.g. because the job running the analysis ended. */
  private static void checkCancelled() {
    if (Thread.currentThread().isInterrupted()) {
      throw new OtlabException(
          "ANALYSIS_CANCELLED",
          "The static analysis of an architecture was cancelled: its thread was interrupted.",
          "Nothing to fix; run it again for a result.");
    }
  }

  private OtlabException tooLarge(String what) {
    int rules = spec.conduits().stream().mapToInt(c -> c.rules().size()).sum();
    return new OtlabException(
        "ARCHITECTURE_TOO_COMPLEX",
        "Architecture '"
            + spec.id()
            + "' is too large for the static analysis: "
            + what
            + " (it has "
            + spec.zones().size()
            + " zones, "
            + spec.conduits().size()
            + " conduits with "
            + rules
            + " rules, "
            + spec.hosts().size()
            + " hosts).",
        "Split it into smaller architectures, or use fewer conduits and fewer distinct function-code,"
            + " register or service filters: every distinct combination of them along a route is"
            + " a state the analysis visits.");
  }

  /** A candidate grant and its place in conduit order (start zone, then conduit per zone). */
  private record Candidate(Grant grant, int[] order) {}

  private static final Comparator<Candidate> BEST_FIRST =
      Comparator.<Candidate>comparingInt(c -> c.grant().route().hops().size())
          .thenComparingInt(c -> c.grant().route().filteredRules())
          .thenComparing(Candidate::order, Arrays::compare);

  /**
   * One access: the graph of states (zone, operations still let through) reachable from the
   * source's zones, then shortest routes over it. A route that comes back to a zone lets through at
   * most what it does without the detour and is longer, so the best routes are simple paths, as the
   * old path enumerator's were.
   */
  private final class Search {
    private static final int UNSEEN = Integer.MAX_VALUE;

    private final HostSpec from;
    private final HostSpec to;
    private final Service service;
    private final Flow flow;
    private final boolean[] source;
    private final boolean[] target;
    private final boolean[] open;
    // Per conduit, shared by all searches (one at a time) and stamped with this search's number:
    // whether an allow rule decides it (rule[c]) or it is denied.
    private final int search = ++searches;
    private final int[] decided = decidedIn;
    private final @Nullable ConduitGrant[] grant = grantIn;
    private final List<Operations> opsOf = new ArrayList<>();
    private final Map<Operations, Integer> opsIds = new HashMap<>();
    private final List<int[]> stateOf = new ArrayList<>();
    private int count;
    private int[] zoneOf = new int[16];
    private int[] opsIdOf = new int[16];
    private int[] startOf = new int[16];
    private int[] edgeStart = new int[16];
    private int[] edgeEnd = new int[16];
    private int edges;
    private int[] edgeTo = new int[64];
    private int[] edgePos = new int[64];
    private boolean[] edgeFiltered = new boolean[64];
    // Incoming edges per state and each edge's source, built by reverse() when first needed.
    private int[] revStart = new int[0];
    private int[] revEdges = new int[0];
    private int[] edgeSource = new int[0];

    Search(HostSpec from, HostSpec to, Service service, Predicate<String> through) {
      this.from = from;
      this.to = to;
      this.service = service;
      this.flow = new Flow(HostRef.of(from), HostRef.of(to), service.protocol(), service.port());
      int n = zoneIds.size();
      source = new boolean[n];
      target = new boolean[n];
      open = new boolean[n];
      from.zones().forEach(z -> source[zoneIndex.get(z)] = true);
      to.zones().forEach(z -> target[zoneIndex.get(z)] = true);
      for (int z = 0; z < n; z++) {
        open[z] = through.test(zoneIds.get(z));
      }
    }

    void explore(Operations all) {
      List<String> starts = from.zones();
      for (int k = 0; k < starts.size(); k++) {
        int z = zoneIndex.get(starts.get(k));
        if (open[z]) {
          startOf[state(z, opsId(all))] = k;
        }
      }
      for (int v = 0; v < count; v++) {
        if ((v & 1023) == 1023) {
          checkCancelled();
        }
        edgeStart[v] = edges;
        int z = zoneOf[v];
        if (!target[z]) {
          Operations ops = opsOf.get(opsIdOf[v]);
          int[] cs = conduitsOf[z];
          steps += cs.length;
          if (steps > maxSteps) {
            throw tooLarge("it needs more than " + maxSteps + " conduit crossings to search");
          }
          for (int k = 0; k < cs.length; k++) {
            int next = otherOf[z][k];
            if (source[next] || !open[next] || !allows(cs[k])) {
              continue;
            }
            ConduitGrant g = Objects.requireNonNull(grant[cs[k]]);
            Operations narrowed = narrow(ops, g);
            if (narrowed == ops) {
              edge(k, state(next, opsIdOf[v]), g.filtered());
            } else if (narrowed != null) {
              edge(k, state(next, opsId(narrowed)), g.filtered());
            }
          }
        }
        edgeEnd[v] = edges;
      }
    }

    private boolean allows(int c) {
      if (decided[c] != search) {
        decided[c] = search;
        grant[c] = grant(c, flow, service).orElse(null);
      }
      return grant[c] != null;
    }

    /** The operations past a conduit, the same instance when it refuses none of them. */
    private @Nullable Operations narrow(Operations ops, ConduitGrant g) {
      if (!g.filtered()) {
        return ops;
      }
      Operations out = ops.and(g.operations());
      return out.isEmpty() ? null : out;
    }

    private int opsId(Operations ops) {
      Integer id = opsIds.get(ops);
      if (id == null) {
        id = opsOf.size();
        opsIds.put(ops, id);
        opsOf.add(ops);
        int[] none = new int[zoneIds.size()];
        Arrays.fill(none, -1);
        stateOf.add(none);
      }
      return id;
    }

    private int state(int zone, int id) {
      int[] states = stateOf.get(id);
      if (states[zone] < 0) {
        if (count == maxStates) {
          throw tooLarge(
              "routes from "
                  + from.id()
                  + " to "
                  + service
                  + " on "
                  + to.id()
                  + " pass more than "
                  + maxStates
                  + " combinations of zone and operations let through");
        }
        if (count == zoneOf.length) {
          int size = count * 2;
          zoneOf = Arrays.copyOf(zoneOf, size);
          opsIdOf = Arrays.copyOf(opsIdOf, size);
          startOf = Arrays.copyOf(startOf, size);
          edgeStart = Arrays.copyOf(edgeStart, size);
          edgeEnd = Arrays.copyOf(edgeEnd, size);
        }
        zoneOf[count] = zone;
        opsIdOf[count] = id;
        startOf[count] = -1;
        states[zone] = count++;
      }
      return states[zone];
    }

    private void edge(int pos, int toState, boolean filtered) {
      if (edges == edgeTo.length) {
        int size = edges * 2;
        edgeTo = Arrays.copyOf(edgeTo, size);
        edgePos = Arrays.copyOf(edgePos, size);
        edgeFiltered = Arrays.copyOf(edgeFiltered, size);
      }
      edgeTo[edges] = toState;
      edgePos[edges] = pos;
      edgeFiltered[edges] = filtered;
      edges++;
    }

    Optional<Access> access() {
      Set<OpcUaMode> offered = to.posture().opcUaModes();
      boolean[] usable = new boolean[count];
      List<Integer> kinds = new ArrayList<>();
      boolean[] kindSeen = new boolean[opsOf.size()];
      boolean any = false;
      for (int v = 0; v < count; v++) {
        if (target[zoneOf[v]] && opsOf.get(opsIdOf[v]).offeredBy(offered).isPresent()) {
          usable[v] = true;
          any = true;
          if (!kindSeen[opsIdOf[v]]) {
            kindSeen[opsIdOf[v]] = true;
            kinds.add(opsIdOf[v]);
          }
        }
      }
      if (!any) {
        return Optional.empty();
      }
      List<Candidate> grants = new ArrayList<>();
      grants.add(best(usable));
      // The largest operations, in classes of equal ones (intersections met in another order
      // can list the same ranges differently); each class's best route joins the grants.
      steps += (long) kinds.size() * kinds.size();
      if (steps > maxSteps) {
        throw tooLarge("it needs more than " + maxSteps + " conduit crossings to search");
      }
      List<Integer> largest = new ArrayList<>();
      for (int i : kinds) {
        Operations oi = opsOf.get(i);
        boolean below = false;
        for (int j : kinds) {
          Operations oj = opsOf.get(j);
          if (j != i && oj.includes(oi) && !oi.includes(oj)) {
            below = true;
            break;
          }
        }
        if (!below) {
          largest.add(i);
        }
      }
      boolean[] classed = new boolean[opsOf.size()];
      for (int i : largest) {
        if (classed[i]) {
          continue;
        }
        boolean[] members = new boolean[opsOf.size()];
        for (int j : largest) {
          if (!classed[j] && opsOf.get(i).includes(opsOf.get(j))) {
            classed[j] = true;
            members[j] = true;
          }
        }
        boolean[] goal = new boolean[count];
        for (int v = 0; v < count; v++) {
          goal[v] = usable[v] && members[opsIdOf[v]];
        }
        Candidate c = best(goal);
        if (grants.stream().noneMatch(g -> g.grant().route().equals(c.grant().route()))) {
          grants.add(c);
        }
      }
      grants.sort(BEST_FIRST);
      return Optional.of(
          new Access(
              from.id(),
              to.id(),
              service,
              grants.stream().map(Candidate::grant).toList(),
              offered));
    }

    /**
     * The best route to a goal state: fewest conduits (breadth-first backwards from the goals),
     * then fewest filtering rules among those, then the first in conduit order.
     */
    private Candidate best(boolean[] goal) {
      reverse();
      int[] hops = new int[count];
      int[] filtered = new int[count];
      Arrays.fill(hops, UNSEEN);
      int[] queue = new int[count];
      int tail = 0;
      for (int v = 0; v < count; v++) {
        if (goal[v]) {
          hops[v] = 0;
          queue[tail++] = v;
        }
      }
      for (int head = 0; head < tail; head++) {
        int u = queue[head];
        if (hops[u] > 0) {
          // Every state one conduit nearer was queued before this one.
          int least = UNSEEN;
          for (int e = edgeStart[u]; e < edgeEnd[u]; e++) {
            int w = edgeTo[e];
            if (hops[w] == hops[u] - 1) {
              least = Math.min(least, filtered[w] + (edgeFiltered[e] ? 1 : 0));
            }
          }
          filtered[u] = least;
        }
        for (int i = revStart[u]; i < revStart[u + 1]; i++) {
          int e = revEdges[i];
          int v = edgeSource[e];
          if (hops[v] == UNSEEN) {
            hops[v] = hops[u] + 1;
            queue[tail++] = v;
          }
        }
      }
      int at = -1;
      for (int v = 0; v < count; v++) {
        if (startOf[v] >= 0
            && hops[v] != UNSEEN
            && (at < 0
                || hops[v] < hops[at]
                || (hops[v] == hops[at] && filtered[v] < filtered[at])
                || (hops[v] == hops[at]
                    && filtered[v] == filtered[at]
                    && startOf[v] < startOf[at]))) {
          at = v;
        }
      }
      List<String> zonesPassed = new ArrayList<>(List.of(zoneIds.get(zoneOf[at])));
      List<Hop> crossed = new ArrayList<>();
      List<ConduitGrant> passed = new ArrayList<>();
      int[] order = new int[hops[at] + 1];
      order[0] = startOf[at];
      while (hops[at] > 0) {
        for (int e = edgeStart[at]; e < edgeEnd[at]; e++) {
          int w = edgeTo[e];
          int f = filtered[w] + (edgeFiltered[e] ? 1 : 0);
          if (hops[w] == hops[at] - 1 && f == filtered[at]) {
            int z = zoneOf[at];
            ConduitSpec c = conduits[conduitsOf[z][edgePos[e]]];
            ConduitGrant g = Objects.requireNonNull(grant[conduitsOf[z][edgePos[e]]]);
            crossed.add(
                new Hop(c.id(), zoneIds.get(z), zoneIds.get(zoneOf[w]), g.rule(), edgeFiltered[e]));
            zonesPassed.add(zoneIds.get(zoneOf[w]));
            passed.add(g);
            order[crossed.size()] = edgePos[e];
            at = w;
            break;
          }
        }
      }
      Operations ops = Operations.all(space(service.protocol()));
      for (ConduitGrant g : passed) {
        ops = Objects.requireNonNull(narrow(ops, g));
      }
      return new Candidate(new Grant(new Route(zonesPassed, crossed), ops), order);
    }

    /** Incoming edges per state, built once for all the backward searches of this access. */
    private void reverse() {
      if (revStart.length == count + 1) {
        return;
      }
      edgeSource = new int[edges];
      int[] start = new int[count + 1];
      for (int v = 0; v < count; v++) {
        for (int e = edgeStart[v]; e < edgeEnd[v]; e++) {
          edgeSource[e] = v;
          start[edgeTo[e] + 1]++;
        }
      }
      for (int v = 0; v < count; v++) {
        start[v + 1] += start[v];
      }
      int[] fill = Arrays.copyOf(start, count);
      int[] in = new int[edges];
      for (int e = 0; e < edges; e++) {
        in[fill[edgeTo[e]]++] = e;
      }
      revStart = start;
      revEdges = in;
    }
  }

  /**
   * What conduit {@code c} lets {@code from} do with {@code service} on {@code to}, decided by the
   * relays' {@link Policy} for every class of operations; empty when it lets nothing through.
   * Cached by the rules of the conduit the two hosts match, which is all the decision depends on.
   */
  private Optional<ConduitGrant> grant(int c, Flow flow, Service service) {
    ConduitSpec conduit = conduits[c];
    BitSet matching = new BitSet();
    List<RuleSpec> rules = conduit.rules();
    for (int i = 0; i < rules.size(); i++) {
      matching.set(i, Policy.matchesFlow(rules.get(i), flow));
    }
    return grants.computeIfAbsent(
        new GrantKey(c, matching, service),
        k -> {
          ConduitDecision opened = Policy.connection(List.of(conduit), flow);
          if (!(opened instanceof ConduitDecision.Allowed allowed)) {
            return Optional.empty();
          }
          OperationSpace space = space(service.protocol());
          Operations ops = Operations.through(space, List.of(conduit), flow);
          if (ops.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(new ConduitGrant(allowed.rule(), !ops.unfiltered(), ops));
        });
  }

  /** Zone of an id, or null when the spec declares none of that id (a hand-made spec may not). */
  @Nullable ZoneSpec zoneOrNull(String id) {
    return zones.get(id);
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
