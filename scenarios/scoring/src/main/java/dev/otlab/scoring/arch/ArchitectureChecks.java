package dev.otlab.scoring.arch;

import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.IiotSpec;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.Names;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.relay.Operation;
import dev.otlab.network.relay.OperationSpace;
import dev.otlab.network.relay.Policy;
import dev.otlab.scoring.arch.Reachability.Access;
import dev.otlab.scoring.arch.Reachability.Grant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The static checks of an architecture: what a reviewer of a segmentation design looks for before
 * anything runs. Each check is a method of its own so tests can trigger it alone; {@link #run} runs
 * them all and sorts the findings, most severe first.
 */
public final class ArchitectureChecks {

  /**
   * Entry points that stand for an outsider; a host they reach with weak credentials is a foothold.
   */
  static final Set<String> OUTSIDE_ENTRY_POINTS =
      Set.of("internet", "enterprise-workstation", "vendor-remote");

  private ArchitectureChecks() {}

  /** Every check, most severe first. */
  public static List<Finding> run(ArchitectureSpec spec) {
    return run(new Reachability(spec));
  }

  public static List<Finding> run(Reachability reach) {
    ArchitectureSpec spec = reach.spec();
    List<Finding> out = new ArrayList<>();
    out.addAll(unenforcedPaths(spec));
    out.addAll(skipsDmz(reach));
    out.addAll(anyRules(spec));
    out.addAll(writesIntoControl(spec));
    out.addAll(unenforceableFilters(spec));
    out.addAll(deadRules(reach));
    out.addAll(sisReachable(reach));
    out.addAll(sisSharedZone(spec));
    out.addAll(insecureOpcUa(spec));
    out.addAll(weakCredentials(reach));
    out.addAll(credentialReuse(spec));
    out.addAll(unmonitoredConduits(spec));
    out.addAll(bridgingHosts(spec));
    out.addAll(iiotWriteBack(reach));
    out.addAll(mqttTopicsBlindOnTls(reach));
    out.sort(Comparator.comparing(Finding::severity));
    return out;
  }

  public static boolean hasHigh(List<Finding> findings) {
    return findings.stream().anyMatch(f -> f.severity() == Severity.HIGH);
  }

  static String rule(ConduitSpec c, RuleSpec r) {
    return "rule:" + c.id() + "/" + r.id();
  }

  private static boolean isDmz(Reachability reach, String zone) {
    ZoneSpec z = reach.zoneOrNull(zone);
    return z != null && z.isDmz();
  }

  private static boolean isControl(Reachability reach, String zone) {
    ZoneSpec z = reach.zoneOrNull(zone);
    return z != null && z.isControl();
  }

  private static boolean isControl(ArchitectureSpec spec, String zone) {
    return spec.zone(zone).map(ZoneSpec::isControl).orElse(false);
  }

  /**
   * {@code unenforced-path}: conduits that enforce nothing (only allow rules, one of them allowing
   * any protocol from anyone to anyone) and multi-zone hosts, which carry traffic between their
   * zones beside every conduit.
   */
  public static List<Finding> unenforcedPaths(ArchitectureSpec spec) {
    List<Finding> out = new ArrayList<>();
    for (ConduitSpec c : spec.conduits()) {
      boolean allAllow =
          !c.rules().isEmpty() && c.rules().stream().allMatch(r -> r.action() == RuleAction.ALLOW);
      boolean anyAll =
          c.rules().stream()
              .anyMatch(
                  r -> r.isAnyToAny() && r.protocol() == Protocol.ANY && r.effectivePort() == -1);
      if (allAllow && anyAll) {
        out.add(
            new Finding(
                "unenforced-path",
                Severity.HIGH,
                "Conduit "
                    + c.id()
                    + " between "
                    + c.zoneA()
                    + " and "
                    + c.zoneB()
                    + " lets everything through: it enforces nothing.",
                List.of("conduit:" + c.id(), "zone:" + c.zoneA(), "zone:" + c.zoneB()),
                "Replace the any/any rule with one allow rule per flow the plant needs; the conduit"
                    + " denies the rest by default."));
      }
    }
    for (HostSpec h : spec.hosts()) {
      for (int i = 0; i < h.zones().size(); i++) {
        for (int j = i + 1; j < h.zones().size(); j++) {
          String a = h.zones().get(i);
          String b = h.zones().get(j);
          List<ConduitSpec> between = spec.conduitsBetween(a, b);
          if (between.isEmpty()) {
            out.add(
                new Finding(
                    "unenforced-path",
                    Severity.HIGH,
                    "Host "
                        + h.id()
                        + " sits in zones "
                        + a
                        + " and "
                        + b
                        + ", which have no conduit: the host itself is an unenforced path between"
                        + " them.",
                    List.of("host:" + h.id(), "zone:" + a, "zone:" + b),
                    "Put the host in one zone and let a conduit carry the flows it needs."));
          } else {
            out.add(
                new Finding(
                    "unenforced-path",
                    Severity.MEDIUM,
                    "Host "
                        + h.id()
                        + " sits in zones "
                        + a
                        + " and "
                        + b
                        + ": traffic through it bypasses conduit "
                        + between.stream().map(ConduitSpec::id).collect(Collectors.joining(", "))
                        + ".",
                    List.of("host:" + h.id(), "zone:" + a, "zone:" + b),
                    "Put the host in one zone; the conduit already carries what crosses."));
          }
        }
      }
    }
    return out;
  }

  /**
   * {@code it-ot-skips-dmz}: an enterprise or remote-access host that reaches a control zone
   * (Purdue level 2 or below, safety included) on a route that passes no DMZ, or IT hosts placed
   * inside a control zone.
   */
  public static List<Finding> skipsDmz(Reachability reach) {
    ArchitectureSpec spec = reach.spec();
    Set<String> itZones = new LinkedHashSet<>();
    for (ZoneSpec z : spec.zones()) {
      boolean remote =
          spec.hosts().stream()
              .anyMatch(h -> h.role() == HostRole.VENDOR_REMOTE && h.zones().contains(z.id()));
      if (z.isEnterprise() || remote) {
        itZones.add(z.id());
      }
    }
    List<Finding> out = new ArrayList<>();
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    // What a pair of hosts adds depends only on their classes (their zones among them) and the
    // service, so hosts alike share one search and one list of additions.
    // Per service, by source class times classes plus destination class.
    Map<Service, Map<Integer, List<Addition>>> searched = new HashMap<>();
    int classes = reach.classes();
    List<HostSpec> controlHosts =
        spec.hosts().stream()
            .filter(h -> h.zones().stream().anyMatch(z -> isControl(reach, z)))
            .toList();
    List<String> controlElements = controlHosts.stream().map(h -> "host:" + h.id()).toList();
    for (HostSpec src : spec.hosts()) {
      if (src.zones().stream().noneMatch(itZones::contains)) {
        continue;
      }
      int srcClass = reach.classOf(src.id());
      String srcElement = "host:" + src.id();
      for (int d = 0; d < controlHosts.size(); d++) {
        HostSpec dst = controlHosts.get(d);
        if (dst.id().equals(src.id())) {
          continue;
        }
        int pair = srcClass * classes + reach.classOf(dst.id());
        for (Service s : reach.services(dst.id())) {
          List<Addition> additions =
              searched
                  .computeIfAbsent(s, k -> new HashMap<>())
                  .computeIfAbsent(pair, k -> additions(reach, itZones, seen, src, dst, s));
          for (Addition a : additions) {
            a.elements().addAll(a.add());
            a.elements().add(srcElement);
            a.elements().add(controlElements.get(d));
          }
        }
      }
    }
    for (var e : seen.entrySet()) {
      String[] zones = e.getKey().split(">");
      out.add(
          new Finding(
              "it-ot-skips-dmz",
              Severity.HIGH,
              "Hosts in "
                  + zones[0]
                  + " reach the control zone "
                  + zones[1]
                  + " without passing a DMZ.",
              new ArrayList<>(e.getValue()),
              "Remove the direct conduit or rules; let IT and remote users reach control only"
                  + " through a jump host or a mirror in a DMZ (level 3.5)."));
    }
    for (HostSpec h : spec.hosts()) {
      if (h.role() != HostRole.WORKSTATION && h.role() != HostRole.VENDOR_REMOTE) {
        continue;
      }
      for (String z : h.zones()) {
        if (isControl(spec, z)) {
          out.add(
              new Finding(
                  "it-ot-skips-dmz",
                  Severity.HIGH,
                  "The "
                      + Names.yaml(h.role())
                      + " "
                      + h.id()
                      + " sits in the control zone "
                      + z
                      + ": IT reaches control with no DMZ at all.",
                  List.of("host:" + h.id(), "zone:" + z),
                  "Move office and remote-access hosts to an enterprise or vendor zone and give"
                      + " them a path through a DMZ."));
        }
      }
    }
    return out;
  }

  /** Elements to add to the elements of one {@code it-ot-skips-dmz} finding. */
  private record Addition(Set<String> elements, List<String> add) {}

  /**
   * What a pair of an IT host and a control host adds to the {@code it-ot-skips-dmz} findings for
   * one service: for each route that passes no DMZ, best first, the rules it crosses, to the
   * elements of its pair of end zones (made in {@code seen} when first met).
   */
  private static List<Addition> additions(
      Reachability reach,
      Set<String> itZones,
      Map<String, Set<String>> seen,
      HostSpec src,
      HostSpec dst,
      Service s) {
    if (dst.zones().stream().anyMatch(src.zones()::contains)) {
      return List.of(); // hosts sharing a zone talk there, past no conduit at all
    }
    // One search per pair of end zones over zones that are no DMZ: every zone pair with such a
    // route is a finding, whatever other routes pass a DMZ.
    List<Grant> grants = new ArrayList<>();
    for (String fromZone : src.zones()) {
      for (String toZone : dst.zones()) {
        if (!itZones.contains(fromZone) || isDmz(reach, fromZone) || isDmz(reach, toZone)) {
          continue;
        }
        reach
            .access(
                src.id(),
                dst.id(),
                s,
                z ->
                    !isDmz(reach, z)
                        && (!src.zones().contains(z) || z.equals(fromZone))
                        && (!dst.zones().contains(z) || z.equals(toZone)))
            .ifPresent(a -> grants.addAll(a.grants()));
      }
    }
    grants.sort(
        Comparator.<Grant>comparingInt(g -> g.route().hops().size())
            .thenComparingInt(g -> g.route().filteredRules()));
    List<Addition> out = new ArrayList<>();
    for (Grant g : grants) {
      String from = g.route().zones().get(0);
      String to = g.route().zones().get(g.route().zones().size() - 1);
      Set<String> elements = seen.computeIfAbsent(from + ">" + to, k -> new LinkedHashSet<>());
      // The end zones come first; a finding that has elements has them already.
      List<String> add = new ArrayList<>(List.of("zone:" + from, "zone:" + to));
      g.route().hops().forEach(hop -> add.add("rule:" + hop.conduit() + "/" + hop.rule()));
      out.add(new Addition(elements, add));
    }
    return out;
  }

  /** {@code any-any-rule}: allow rules from anyone to anyone, or for any protocol on any port. */
  public static List<Finding> anyRules(ArchitectureSpec spec) {
    List<Finding> out = new ArrayList<>();
    for (ConduitSpec c : spec.conduits()) {
      for (RuleSpec r : c.rules()) {
        if (r.action() != RuleAction.ALLOW) {
          continue;
        }
        boolean anyAny = r.isAnyToAny();
        boolean anyPort = r.protocol() == Protocol.ANY && r.effectivePort() == -1;
        if (anyAny || anyPort) {
          String what =
              anyAny && anyPort
                  ? "any source to any destination on any port"
                  : anyAny ? "any source to any destination" : "any protocol on any port";
          out.add(
              new Finding(
                  "any-any-rule",
                  anyAny ? Severity.HIGH : Severity.MEDIUM,
                  "Rule " + r.id() + " of conduit " + c.id() + " allows " + what + ".",
                  List.of(rule(c, r)),
                  "Name the source and destination hosts or zones and one protocol per rule."));
        }
      }
    }
    return out;
  }

  /**
   * {@code write-into-control}: allow rules that let Modbus or OPC UA writes into a control or
   * safety zone of their conduit from outside it. High without any filter; medium with write
   * filters that still leave any source or any register; low for one named host with function-code
   * and register (or service allow-lists on signed channels), which is a reviewed engineering path.
   * An OPC UA rule that lets SignAndEncrypt channels through lets writes through there whatever
   * services it names, since no relay sees them ({@link #unenforceableFilters} names the filter
   * that cannot hold). Whether a rule lets writes through is decided by the relays' {@link Policy}
   * over every class of operations; a rule's findings name only the zones its conduit joins, where
   * its writes arrive (what crosses further is the next conduit's rules' finding).
   */
  public static List<Finding> writesIntoControl(ArchitectureSpec spec) {
    List<Finding> out = new ArrayList<>();
    Map<Protocol, OperationSpace> spaces = new EnumMap<>(Protocol.class);
    for (ConduitSpec c : spec.conduits()) {
      for (RuleSpec r : c.rules()) {
        if (r.action() != RuleAction.ALLOW) {
          continue;
        }
        List<Protocol> protocols =
            r.protocol() == Protocol.ANY
                ? List.of(Protocol.MODBUS, Protocol.OPCUA)
                : List.of(r.protocol());
        Severity worst = null;
        Set<String> zones = new TreeSet<>();
        for (Protocol p : protocols) {
          if (p != Protocol.MODBUS && p != Protocol.OPCUA) {
            continue;
          }
          if (r.effectivePort() != -1
              && r.protocol() == Protocol.ANY
              && r.effectivePort() != p.port()) {
            continue;
          }
          OperationSpace space =
              spaces.computeIfAbsent(p, q -> OperationSpace.of(q, spec.conduits()));
          for (String z : destinationZones(spec, r.to())) {
            if (!c.joins(z) || !isControl(spec, z) || !fromOutside(spec, r.from(), z)) {
              continue;
            }
            Operations ops = alone(spec, space, c, r, z);
            // Encrypted OPC UA passes on its mode alone, whatever services the rule names: a
            // session on it writes as far as the server lets it (Operations#writeCapable).
            if (ops.isEmpty() || !(ops.seenWrites() || ops.unseen())) {
              continue;
            }
            Severity s = writeSeverity(r, p, ops);
            zones.add(z);
            worst = worst == null || s.compareTo(worst) < 0 ? s : worst;
          }
        }
        if (worst != null) {
          List<String> elements = new ArrayList<>(List.of(rule(c, r)));
          zones.forEach(z -> elements.add("zone:" + z));
          out.add(
              new Finding(
                  "write-into-control",
                  worst,
                  "Rule "
                      + r.id()
                      + " of conduit "
                      + c.id()
                      + " lets "
                      + r.from()
                      + " write into "
                      + String.join(", ", zones)
                      + (worst == Severity.HIGH
                          ? " with no function-code or service filter."
                          : worst == Severity.MEDIUM
                              ? " with a partial filter."
                              : " through a filtered single-host path."),
                  elements,
                  worst == Severity.LOW
                      ? "Keep this path to the one host that needs it; review its function codes"
                          + " and registers."
                      : "Allow writes only from the host that needs them (HMI or engineering"
                          + " workstation), with the write function codes and register ranges (or"
                          + " OPC UA services on signed channels) it needs."));
        }
      }
    }
    return out;
  }

  /**
   * {@code unenforceable-filter}: an allow rule with an OPC UA service filter whose conduit also
   * lets SignAndEncrypt channels through to a server that offers them. A relay cannot read the
   * services of an encrypted message, so it passes them on the mode alone ({@link Policy}): the
   * services the filter leaves out pass there too, and only the server's access control decides
   * what a session does. High when the services let through unseen include write or call and the
   * rule reaches a SIS; medium otherwise. Where the filter leaves nothing out (every service group
   * listed) it promises nothing it cannot hold.
   */
  public static List<Finding> unenforceableFilters(ArchitectureSpec spec) {
    List<Finding> out = new ArrayList<>();
    OperationSpace space = null;
    for (ConduitSpec c : spec.conduits()) {
      for (RuleSpec r : c.rules()) {
        if (r.action() != RuleAction.ALLOW
            || r.opcua() == null
            || r.opcua().services().isEmpty()
            || (r.protocol() != Protocol.OPCUA && r.protocol() != Protocol.ANY)) {
          continue;
        }
        EnumSet<OpcUaService> unseen = EnumSet.complementOf(EnumSet.copyOf(r.opcua().services()));
        if (unseen.isEmpty()) {
          continue;
        }
        if (space == null) {
          space = OperationSpace.of(Protocol.OPCUA, spec.conduits());
        }
        Set<String> zones = new TreeSet<>();
        Set<String> servers = new TreeSet<>();
        Set<String> sis = new TreeSet<>();
        for (String z : destinationZones(spec, r.to())) {
          if (!c.joins(z) || !fromOutside(spec, r.from(), z)) {
            continue;
          }
          if (!alone(spec, space, c, r, z).unseen()) {
            continue;
          }
          zones.add(z);
          for (HostSpec h : spec.hosts()) {
            if (h.zones().contains(z)
                && r.to().matches(h.id(), h.zones())
                && h.posture().opcUaModes().contains(OpcUaMode.SIGN_AND_ENCRYPT)) {
              servers.add(h.id());
              if (h.role() == HostRole.SIS) {
                sis.add(h.id());
              }
            }
          }
        }
        if (zones.isEmpty()) {
          continue;
        }
        boolean writes = unseen.contains(OpcUaService.WRITE) || unseen.contains(OpcUaService.CALL);
        Severity severity = writes && !sis.isEmpty() ? Severity.HIGH : Severity.MEDIUM;
        List<String> elements = new ArrayList<>(List.of(rule(c, r), "conduit:" + c.id()));
        zones.forEach(z -> elements.add("zone:" + z));
        (severity == Severity.HIGH ? sis : servers).forEach(h -> elements.add("host:" + h));
        String passing = unseen.stream().map(Names::yaml).collect(Collectors.joining(", "));
        out.add(
            new Finding(
                "unenforceable-filter",
                severity,
                "Rule "
                    + r.id()
                    + " of conduit "
                    + c.id()
                    + " allows only OPC UA "
                    + r.opcua().services().stream()
                        .sorted()
                        .map(Names::yaml)
                        .collect(Collectors.joining(", "))
                    + " from "
                    + r.from()
                    + ", but also lets sign-and-encrypt channels through to "
                    + String.join(", ", servers)
                    + ", whose services no relay can see: "
                    + passing
                    + " pass there as well"
                    + (severity == Severity.HIGH
                        ? ", so the rule opens writes to the SIS " + String.join(", ", sis) + "."
                        : "."),
                elements,
                "Make the filter hold: let the conduit see the services (minSecurity: sign, with"
                    + " the server offering sign and not sign-and-encrypt), or enforce read-only on"
                    + " the server with a user role for this client (which the posture model"
                    + " cannot express, so check counts the session as write-capable), or drop the"
                    + " service filter so the rule says what it lets through."));
      }
    }
    return out;
  }

  /**
   * What rule {@code r} alone lets a host it names as source do to one it names as destination in
   * zone {@code z}, decided by {@link Policy} for every class of operations.
   */
  private static Operations alone(
      ArchitectureSpec spec, OperationSpace space, ConduitSpec c, RuleSpec r, String z) {
    String fromZone = r.from().kind() == Selector.Kind.ZONE ? r.from().id() : c.other(z);
    HostRef source =
        new HostRef(
            r.from().kind() == Selector.Kind.HOST ? r.from().id() : "~source", List.of(fromZone));
    HostRef destination =
        new HostRef(r.to().kind() == Selector.Kind.HOST ? r.to().id() : "~destination", List.of(z));
    int port = r.effectivePort() != -1 ? r.effectivePort() : space.protocol().port();
    Flow flow = new Flow(source, destination, space.protocol(), port);
    ConduitSpec only = new ConduitSpec(c.id(), c.zoneA(), c.zoneB(), List.of(r), c.description());
    // Only the OPC UA modes some host the rule reaches there offers can carry anything.
    Set<OpcUaMode> offered = EnumSet.noneOf(OpcUaMode.class);
    spec.hosts().stream()
        .filter(h -> h.zones().contains(z) && r.to().matches(h.id(), h.zones()))
        .forEach(h -> offered.addAll(h.posture().opcUaModes()));
    BitSet ops = space.allowed(List.of(only), flow);
    ops.and(space.inModes(offered));
    return new Operations(space, ops);
  }

  private static Severity writeSeverity(RuleSpec r, Protocol p, Operations ops) {
    if (ops.unfiltered()
        || (p == Protocol.MODBUS && r.modbus() == null)
        || (p == Protocol.OPCUA && r.opcua() == null)) {
      return Severity.HIGH;
    }
    boolean oneHost = r.from().kind() == Selector.Kind.HOST;
    // FC 90 (mode and program) has no addresses to narrow: a rule that allows only it is as
    // narrow as a Modbus filter gets. OPC UA services on signed channels (Sign or
    // SignAndEncrypt) come from an authenticated client nobody in the middle can impersonate.
    boolean narrow =
        p == Protocol.MODBUS
            ? !r.modbus().ranges().isEmpty() || Set.of(90).equals(r.modbus().functionCodes())
            : r.opcua().minSecurityMode() != OpcUaMode.NONE;
    return oneHost && narrow ? Severity.LOW : Severity.MEDIUM;
  }

  /**
   * {@code dead-rule}: a rule that decides nothing, so the design does not do what it says. Its
   * source or destination names no host; no host it names as destination offers its protocol and
   * port (a rule for HTTPS on 443 in a plant without web servers); or the earlier rules of its
   * conduit decide every connection and every class of operations it matches (shadowed), each
   * decision taken by the relays' {@link Policy}. Medium for a deny or reject rule, which the
   * designer believes blocks something that earlier rules let through or refuse anyway; low for an
   * allow rule.
   */
  public static List<Finding> deadRules(Reachability reach) {
    ArchitectureSpec spec = reach.spec();
    List<Finding> out = new ArrayList<>();
    for (ConduitSpec c : spec.conduits()) {
      List<RuleSpec> rules = c.rules();
      // Hosts alike as sources (the rules of this conduit they match) stand for each other, and so
      // do destinations with one service: the decision depends on nothing else.
      Map<BitSet, HostSpec> sources = new LinkedHashMap<>();
      Map<List<Object>, HostSpec> destinations = new LinkedHashMap<>();
      for (HostSpec h : spec.hosts()) {
        BitSet asSource = new BitSet();
        BitSet asDestination = new BitSet();
        for (int i = 0; i < rules.size(); i++) {
          asSource.set(i, rules.get(i).from().matches(h.id(), h.zones()));
          asDestination.set(i, rules.get(i).to().matches(h.id(), h.zones()));
        }
        sources.putIfAbsent(asSource, h);
        for (Service svc : Service.of(h)) {
          destinations.putIfAbsent(List.of(asDestination, svc), h);
        }
      }
      Map<String, Set<String>> decidedBy = new LinkedHashMap<>();
      rules.forEach(r -> decidedBy.put(r.id(), new TreeSet<>()));
      Set<String> matched = new LinkedHashSet<>();
      for (HostSpec from : sources.values()) {
        for (Map.Entry<List<Object>, HostSpec> d : destinations.entrySet()) {
          HostSpec to = d.getValue();
          Service svc = (Service) d.getKey().get(1);
          Flow flow = new Flow(HostRef.of(from), HostRef.of(to), svc.protocol(), svc.port());
          List<String> matching = new ArrayList<>();
          for (RuleSpec r : rules) {
            if (Policy.matchesFlow(r, flow)) {
              matching.add(r.id());
            }
          }
          if (matching.isEmpty()) {
            continue;
          }
          matched.addAll(matching);
          Set<String> deciders = new LinkedHashSet<>();
          for (Operation op : reach.space(svc.protocol()).operations()) {
            ConduitDecision decision = Policy.verdict(List.of(c), flow, op);
            String by =
                decision instanceof ConduitDecision.Allowed a
                    ? a.rule()
                    : ((ConduitDecision.Denied) decision).rule();
            if (by != null) {
              deciders.add(by);
            }
          }
          for (String id : matching) {
            decidedBy.get(id).addAll(deciders);
          }
        }
      }
      for (RuleSpec r : rules) {
        Set<String> deciders = decidedBy.get(r.id());
        if (deciders.contains(r.id())) {
          continue;
        }
        String why;
        if (spec.hosts().stream().noneMatch(h -> r.from().matches(h.id(), h.zones()))) {
          why = "its source " + r.from() + " names no host";
        } else if (spec.hosts().stream().noneMatch(h -> r.to().matches(h.id(), h.zones()))) {
          why = "its destination " + r.to() + " names no host";
        } else if (!matched.contains(r.id())) {
          why =
              "no host it names as destination offers "
                  + (r.protocol() == Protocol.ANY ? "any service" : Names.yaml(r.protocol()))
                  + (r.effectivePort() == -1 ? "" : " on port " + r.effectivePort());
        } else {
          why =
              "earlier rules decide everything it matches"
                  + (deciders.isEmpty() ? "" : " (" + String.join(", ", deciders) + ")");
        }
        boolean blocks = r.action() != RuleAction.ALLOW;
        out.add(
            new Finding(
                "dead-rule",
                blocks ? Severity.MEDIUM : Severity.LOW,
                "Rule " + r.id() + " of conduit " + c.id() + " matches nothing: " + why + ".",
                List.of(rule(c, r), "zone:" + c.zoneA(), "zone:" + c.zoneB()),
                blocks
                    ? "Move the rule above the rules that decide its traffic, or remove it: as it"
                        + " stands it blocks nothing."
                    : "Remove the rule, or correct its hosts, zones, protocol or port: as it stands"
                        + " it allows nothing."));
      }
    }
    return out;
  }

  private static Set<String> destinationZones(ArchitectureSpec spec, Selector to) {
    if (to.kind() == Selector.Kind.ANY) {
      return spec.zones().stream()
          .map(ZoneSpec::id)
          .collect(Collectors.toCollection(LinkedHashSet::new));
    }
    if (to.kind() == Selector.Kind.ZONE) {
      return Set.of(to.id());
    }
    return spec.host(to.id())
        .map(h -> (Set<String>) new LinkedHashSet<>(h.zones()))
        .orElse(Set.of());
  }

  private static boolean fromOutside(ArchitectureSpec spec, Selector from, String zone) {
    if (from.kind() == Selector.Kind.ANY) {
      return true;
    }
    if (from.kind() == Selector.Kind.ZONE) {
      return !from.id().equals(zone);
    }
    return spec.host(from.id()).map(h -> !h.zones().contains(zone)).orElse(false);
  }

  /**
   * {@code sis-reachable}: a host outside the SIS's zone reaches it. High when it can write or log
   * in (remote service); low when it can only read (an HMI or engineering view).
   */
  public static List<Finding> sisReachable(Reachability reach) {
    ArchitectureSpec spec = reach.spec();
    List<Finding> out = new ArrayList<>();
    for (HostSpec sis : spec.hosts()) {
      if (sis.role() != HostRole.SIS) {
        continue;
      }
      for (HostSpec src : spec.hosts()) {
        if (src.id().equals(sis.id()) || src.zones().stream().anyMatch(sis.zones()::contains)) {
          continue;
        }
        List<Access> in = new ArrayList<>();
        for (Service s : Service.of(sis)) {
          reach.access(src.id(), sis.id(), s).ifPresent(in::add);
        }
        if (in.isEmpty()) {
          continue;
        }
        boolean dangerous =
            in.stream().anyMatch(a -> a.writeCapable() || a.service().isRemoteAccess());
        List<String> elements = new ArrayList<>(List.of("host:" + sis.id(), "host:" + src.id()));
        in.forEach(
            a ->
                a.best()
                    .route()
                    .hops()
                    .forEach(
                        h -> {
                          String e = "rule:" + h.conduit() + "/" + h.rule();
                          if (!elements.contains(e)) {
                            elements.add(e);
                          }
                        }));
        out.add(
            new Finding(
                "sis-reachable",
                dangerous ? Severity.HIGH : Severity.LOW,
                "The SIS "
                    + sis.id()
                    + " is reachable from "
                    + src.id()
                    + " ("
                    + src.zone()
                    + "): "
                    + in.stream()
                        .map(a -> a.service() + " " + a.describe())
                        .collect(Collectors.joining("; "))
                    + ".",
                elements,
                dangerous
                    ? "Let nothing outside the safety zone write to or log in to the SIS; allow at"
                        + " most read-only function codes or services from the HMI or engineering"
                        + " workstation."
                    : "Read-only access; keep it to the hosts that display SIS state."));
      }
    }
    return out;
  }

  /** {@code sis-shared-zone}: the SIS shares its zone with hosts that are not safety systems. */
  public static List<Finding> sisSharedZone(ArchitectureSpec spec) {
    List<Finding> out = new ArrayList<>();
    for (HostSpec sis : spec.hosts()) {
      if (sis.role() != HostRole.SIS) {
        continue;
      }
      for (String z : sis.zones()) {
        List<String> others =
            spec.hosts().stream()
                .filter(h -> h.role() != HostRole.SIS && h.zones().contains(z))
                .map(h -> "host:" + h.id())
                .toList();
        if (!others.isEmpty()) {
          List<String> elements = new ArrayList<>(List.of("host:" + sis.id(), "zone:" + z));
          elements.addAll(others);
          out.add(
              new Finding(
                  "sis-shared-zone",
                  Severity.HIGH,
                  "The SIS "
                      + sis.id()
                      + " shares zone "
                      + z
                      + " with "
                      + others.size()
                      + " other host(s), which reach it unfiltered.",
                  elements,
                  "Give safety systems a zone of their own behind a conduit that allows at most"
                      + " reads."));
        }
      }
    }
    return out;
  }

  /**
   * {@code opcua-insecure}: an OPC UA server offering security None or anonymous sessions in a zone
   * with SL-T 2 or more.
   */
  public static List<Finding> insecureOpcUa(ArchitectureSpec spec) {
    List<Finding> out = new ArrayList<>();
    for (HostSpec h : spec.hosts()) {
      boolean none = h.posture().opcUaModes().contains(OpcUaMode.NONE);
      boolean anonymous = h.posture().opcUaAnonymous() && !h.posture().opcUaModes().isEmpty();
      if (!none && !anonymous) {
        continue;
      }
      for (String z : h.zones()) {
        int slt = spec.zone(z).map(ZoneSpec::securityLevelTarget).orElse(1);
        if (slt >= 2) {
          String what =
              none && anonymous
                  ? "security mode None and anonymous sessions"
                  : none ? "security mode None" : "anonymous sessions";
          out.add(
              new Finding(
                  "opcua-insecure",
                  Severity.HIGH,
                  "Host "
                      + h.id()
                      + " offers OPC UA "
                      + what
                      + " in zone "
                      + z
                      + " (SL-T "
                      + slt
                      + ").",
                  List.of("host:" + h.id(), "zone:" + z),
                  "Offer only signed channels and turn anonymous access off (posture: {opcua:"
                      + " {modes: [sign], anonymous: false}}, or sign-and-encrypt where no conduit"
                      + " must read the services)."));
        }
      }
    }
    return out;
  }

  /**
   * {@code weak-credentials}: a host with default or weak credentials whose remote service is
   * reachable from a lower-trust zone (lower SL-T or higher Purdue level) or from an outsider's
   * entry point.
   */
  public static List<Finding> weakCredentials(Reachability reach) {
    ArchitectureSpec spec = reach.spec();
    List<Finding> out = new ArrayList<>();
    Set<String> outsiders = new LinkedHashSet<>();
    spec.entryPoints()
        .forEach(
            (name, host) -> {
              if (OUTSIDE_ENTRY_POINTS.contains(name)) {
                outsiders.add(host);
              }
            });
    // A source's least SL-T and highest level over its zones decide whether it is lower-trust;
    // by host index, with its class, for the loop over every pair of hosts.
    List<HostSpec> hosts = spec.hosts();
    int n = hosts.size();
    int[] leastSlt = new int[n];
    double[] highestLevel = new double[n];
    boolean[] outsider = new boolean[n];
    int[] classes = new int[n];
    for (int j = 0; j < n; j++) {
      HostSpec src = hosts.get(j);
      List<ZoneSpec> declared =
          src.zones().stream().map(reach::zoneOrNull).filter(Objects::nonNull).toList();
      leastSlt[j] =
          declared.stream().mapToInt(ZoneSpec::securityLevelTarget).min().orElse(Integer.MAX_VALUE);
      highestLevel[j] =
          declared.stream().mapToDouble(ZoneSpec::level).max().orElse(Double.NEGATIVE_INFINITY);
      outsider[j] = outsiders.contains(src.id());
      classes[j] = reach.classOf(src.id());
    }
    // The hosts of each class by index: a class reaches a service of a host the same way from
    // every one of its hosts, so one look-up per class decides for all of them.
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c < reach.classes(); c++) {
      members.add(new ArrayList<>());
    }
    for (int j = 0; j < n; j++) {
      members.get(classes[j]).add(j);
    }
    for (int i = 0; i < n; i++) {
      HostSpec h = hosts.get(i);
      if (h.posture().credentials() == Credentials.STRONG) {
        continue;
      }
      List<Service> remote =
          reach.services(h.id()).stream().filter(Service::isRemoteAccess).toList();
      if (remote.isEmpty()) {
        continue;
      }
      int slt =
          h.zones().stream()
              .mapToInt(z -> spec.zone(z).map(ZoneSpec::securityLevelTarget).orElse(1))
              .max()
              .orElse(1);
      double level =
          h.zones().stream()
              .mapToDouble(z -> spec.zone(z).map(ZoneSpec::level).orElse(0.0))
              .min()
              .orElse(0);
      Set<String> sources = new TreeSet<>();
      Set<String> services = new TreeSet<>();
      for (List<Integer> of : members) {
        if (of.isEmpty()) {
          continue;
        }
        // Zones, and with them trust, are the same for every host of a class; entry points for
        // outsiders are lower-trust wherever they sit.
        int first = of.get(0);
        boolean lowerClass = leastSlt[first] < slt || highestLevel[first] > level;
        int rep = -1;
        for (int j : of) {
          if (j != i && (lowerClass || outsider[j])) {
            rep = j;
            break;
          }
        }
        if (rep < 0) {
          continue;
        }
        for (Service s : remote) {
          if (reach.grants(classes[rep], classes[i], hosts.get(rep).id(), h.id(), s) != null) {
            for (int j : of) {
              if (j != i && (lowerClass || outsider[j])) {
                sources.add(hosts.get(j).id());
              }
            }
            services.add(s.toString());
          }
        }
      }
      if (sources.isEmpty()) {
        continue;
      }
      boolean control = h.zones().stream().anyMatch(z -> isControl(spec, z));
      Severity sev =
          h.posture().credentials() == Credentials.DEFAULT || control
              ? Severity.HIGH
              : Severity.MEDIUM;
      List<String> elements = new ArrayList<>(List.of("host:" + h.id()));
      sources.forEach(s -> elements.add("host:" + s));
      out.add(
          new Finding(
              "weak-credentials",
              sev,
              "Host "
                  + h.id()
                  + " has "
                  + Names.yaml(h.posture().credentials())
                  + " credentials and "
                  + String.join(", ", services)
                  + " reachable from lower-trust hosts "
                  + String.join(", ", sources)
                  + ": a pivot point.",
              elements,
              "Set strong, unique credentials (and multi-factor for remote access), or stop"
                  + " exposing the service to lower-trust zones."));
    }
    return out;
  }

  /**
   * {@code credential-reuse}: an account held on a host of lower trust (it logs in there or is
   * saved there) that logs in to a host of higher trust. Without a second factor whoever takes it
   * on the first host opens the second, whatever the second's own credentials: high when the
   * higher-trust host sits at Purdue level 3 or below (the account crosses into operations or
   * control), else medium. With one, low: only a live session taken over gets through.
   */
  public static List<Finding> credentialReuse(ArchitectureSpec spec) {
    List<Finding> out = new ArrayList<>();
    for (AccountSpec a : spec.accounts()) {
      Set<String> holders = new LinkedHashSet<>(a.hosts());
      holders.addAll(a.savedOn());
      Set<String> lower = new TreeSet<>();
      Set<String> higher = new TreeSet<>();
      double lowestLevel = Double.POSITIVE_INFINITY;
      for (String opened : a.hosts()) {
        HostSpec o = spec.host(opened).orElse(null);
        if (o == null) {
          continue;
        }
        for (String holder : holders) {
          HostSpec h = spec.host(holder).orElse(null);
          if (h == null || h.id().equals(o.id()) || !lowerTrust(spec, h, o)) {
            continue;
          }
          lower.add(h.id());
          higher.add(o.id());
          lowestLevel = Math.min(lowestLevel, level(spec, o, false));
        }
      }
      if (higher.isEmpty()) {
        continue;
      }
      List<String> elements = new ArrayList<>(List.of("account:" + a.id()));
      higher.forEach(h -> elements.add("host:" + h));
      lower.forEach(h -> elements.add("host:" + h));
      String services =
          a.services().stream().map(Names::yaml).sorted().collect(Collectors.joining(", "));
      if (a.mfa()) {
        // The second factor stops a stolen password, not a session taken over while its user
        // is logged in: a residual risk to know of, not a hole.
        out.add(
            new Finding(
                "credential-reuse",
                Severity.LOW,
                "Account "
                    + a.id()
                    + " is held on lower-trust "
                    + String.join(", ", lower)
                    + " and logs in to "
                    + String.join(", ", higher)
                    + " with a second factor: a stolen password opens nothing, but whoever holds "
                    + (lower.size() == 1 ? "that host" : "those hosts")
                    + " while the account's user is logged in can ride the live session.",
                elements,
                "Keep sessions short (log out idle remote sessions, close maintenance windows on"
                    + " time) and ask for the second factor again at each hop."));
        continue;
      }
      out.add(
          new Finding(
              "credential-reuse",
              lowestLevel <= 3 ? Severity.HIGH : Severity.MEDIUM,
              "Account "
                  + a.id()
                  + " ("
                  + services
                  + ") is held on lower-trust "
                  + String.join(", ", lower)
                  + (a.savedOn().isEmpty()
                      ? ""
                      : " (saved on " + String.join(", ", a.savedOn()) + ")")
                  + " and logs in to "
                  + String.join(", ", higher)
                  + ": whoever takes it there opens "
                  + (higher.size() == 1 ? "that host" : "those hosts")
                  + " without guessing anything.",
              elements,
              "Give each zone its own accounts, keep the password off lower-trust hosts, or"
                  + " require a second factor (mfa: true on account "
                  + a.id()
                  + ")."));
    }
    return out;
  }

  /**
   * Whether {@code a} is of lower trust than {@code b}: a lower least SL-T over its zones, or a
   * higher Purdue level.
   */
  private static boolean lowerTrust(ArchitectureSpec spec, HostSpec a, HostSpec b) {
    return leastSlt(spec, a) < leastSlt(spec, b) || level(spec, a, true) > level(spec, b, true);
  }

  private static int leastSlt(ArchitectureSpec spec, HostSpec h) {
    return h.zones().stream()
        .mapToInt(z -> spec.zone(z).map(ZoneSpec::securityLevelTarget).orElse(1))
        .min()
        .orElse(1);
  }

  /** A host's highest ({@code highest}) or lowest Purdue level over its zones. */
  private static double level(ArchitectureSpec spec, HostSpec h, boolean highest) {
    var levels = h.zones().stream().mapToDouble(z -> spec.zone(z).map(ZoneSpec::level).orElse(0.0));
    return (highest ? levels.max() : levels.min()).orElse(0);
  }

  /**
   * {@code unmonitored-conduit}: a conduit that is not tapped and neither of whose zones has a span
   * port.
   */
  public static List<Finding> unmonitoredConduits(ArchitectureSpec spec) {
    List<Finding> out = new ArrayList<>();
    for (ConduitSpec c : spec.conduits()) {
      boolean seen =
          spec.sensors().tappedConduits().contains(c.id())
              || spec.sensors().spanZones().contains(c.zoneA())
              || spec.sensors().spanZones().contains(c.zoneB());
      if (!seen) {
        out.add(
            new Finding(
                "unmonitored-conduit",
                Severity.MEDIUM,
                "Nothing watches conduit "
                    + c.id()
                    + ": traffic across it is invisible to detection.",
                List.of("conduit:" + c.id()),
                "Tap it (sensors: {taps: ["
                    + c.id()
                    + "]}) or put a span port on one of its zones."));
      }
    }
    return out;
  }

  /** {@code bridging-host}: a multi-zone host joining zones of different security level targets. */
  public static List<Finding> bridgingHosts(ArchitectureSpec spec) {
    List<Finding> out = new ArrayList<>();
    for (HostSpec h : spec.hosts()) {
      Map<String, Integer> slts = new LinkedHashMap<>();
      h.zones()
          .forEach(z -> slts.put(z, spec.zone(z).map(ZoneSpec::securityLevelTarget).orElse(1)));
      if (slts.values().stream().distinct().count() > 1) {
        List<String> elements = new ArrayList<>(List.of("host:" + h.id()));
        slts.keySet().forEach(z -> elements.add("zone:" + z));
        out.add(
            new Finding(
                "bridging-host",
                Severity.HIGH,
                "Host "
                    + h.id()
                    + " bridges zones with different security level targets "
                    + slts
                    + ": the weaker zone's attacker reaches the stronger one through it.",
                elements,
                "Keep the host in one zone, or make it a hardened jump host in a DMZ with conduits"
                    + " on both sides."));
      }
    }
    return out;
  }

  /**
   * {@code iiot-write-back}: an IIoT gateway writes to its PLCs the setpoints that arrive on its
   * command topics, so every host that can publish on them through the conduits (each route judged
   * by the relays' {@link Policy} with the concrete command topic) can change those setpoints,
   * wherever it sits. High when a host other than a cloud application can, medium when only cloud
   * applications can (the designed path, whose risk is the cloud's compromise).
   */
  public static List<Finding> iiotWriteBack(Reachability reach) {
    ArchitectureSpec spec = reach.spec();
    List<Finding> out = new ArrayList<>();
    for (HostSpec gw : spec.hosts()) {
      IiotSpec iiot = gw.iiot();
      if (iiot == null || iiot.writeBack().isEmpty()) {
        continue;
      }
      HostSpec broker = spec.host(iiot.broker()).orElse(null);
      if (broker == null) {
        continue;
      }
      List<String> topics = new ArrayList<>();
      iiot.writeBack()
          .forEach((plc, tags) -> tags.forEach(t -> topics.add(iiot.commandTopic(plc, t))));
      Set<String> publishers = new TreeSet<>();
      boolean beyondCloud = false;
      for (HostSpec h : spec.hosts()) {
        if (h.id().equals(gw.id()) || h.id().equals(broker.id())) {
          continue;
        }
        if (!commands(reach, h, broker, topics)) {
          continue;
        }
        publishers.add(h.id());
        beyondCloud |= h.role() != HostRole.CLOUD;
      }
      if (publishers.isEmpty()) {
        continue;
      }
      List<String> elements = new ArrayList<>();
      publishers.forEach(p -> elements.add("host:" + p));
      elements.add("host:" + broker.id());
      elements.add("host:" + gw.id());
      iiot.writeBack().keySet().forEach(p -> elements.add("host:" + p));
      out.add(
          new Finding(
              "iiot-write-back",
              beyondCloud ? Severity.HIGH : Severity.MEDIUM,
              "IIoT gateway "
                  + gw.id()
                  + " writes "
                  + iiot.writeBack()
                  + " with what arrives on "
                  + iiot.commandFilter()
                  + " at broker "
                  + broker.id()
                  + ", and "
                  + String.join(", ", publishers)
                  + " can publish there: "
                  + (beyondCloud
                      ? "hosts that are no cloud application can change those setpoints."
                      : "a compromised cloud application can change those setpoints."),
              elements,
              "Let only the cloud application publish on "
                  + iiot.commandFilter()
                  + " (an mqtt rule with those topics and direction: publish), keep writeBack to"
                  + " the setpoints the cloud must set, or leave writeBack out (values only)."));
    }
    return out;
  }

  /**
   * Whether {@code from} can publish on one of {@code topics} at {@code broker}: on a listener in
   * clear through some route whose relays let such a publish through, or on a listener over TLS
   * through any route at all (its relays see no topic: {@link #mqttTopicsBlindOnTls}).
   */
  private static boolean commands(
      Reachability reach, HostSpec from, HostSpec broker, List<String> topics) {
    for (Posture.BrokerListener l : broker.brokerListeners()) {
      Access a =
          reach.access(from.id(), broker.id(), new Service(l.protocol(), l.port())).orElse(null);
      if (a != null && (l.tls() || commands(reach.spec(), from, broker, l.port(), a, topics))) {
        return true;
      }
    }
    return false;
  }

  /** Whether some route of {@code a} lets {@code from} publish on one of {@code topics}. */
  private static boolean commands(
      ArchitectureSpec spec,
      HostSpec from,
      HostSpec broker,
      int port,
      Access a,
      List<String> topics) {
    Flow flow = new Flow(HostRef.of(from), HostRef.of(broker), Protocol.MQTT, port);
    for (Grant g : a.grants()) {
      if (g.route().hops().isEmpty()) {
        return true;
      }
      // One relay per conduit on the route, each judging with its own conduit's rules.
      for (String t : topics) {
        boolean passes = true;
        for (Reachability.Hop hop : g.route().hops()) {
          ConduitSpec c = spec.conduit(hop.conduit()).orElseThrow();
          passes &= Policy.verdict(List.of(c), flow, Operation.Mqtt.publish(t)).allowed();
        }
        if (passes) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code mqtt-topics-blind-on-tls}: an allow rule limits the MQTT topics or direction of hosts
   * towards a broker that also listens inside TLS ({@code mqtts}), and those hosts reach that
   * listener. A relay reads only a TLS session's ClientHello, so it decides an {@code mqtts}
   * connection by its rule's hosts and port alone ({@link Policy}; an {@code mqtts} rule cannot
   * name topics) and every publish and subscription inside passes unseen: the rule's limit holds on
   * the clear listener only, and a host it limits uses the TLS one to publish or subscribe
   * anything. High when the broker feeds a gateway's write-back (the limit was what kept commands
   * out), medium otherwise.
   */
  public static List<Finding> mqttTopicsBlindOnTls(Reachability reach) {
    ArchitectureSpec spec = reach.spec();
    List<Finding> out = new ArrayList<>();
    for (ConduitSpec c : spec.conduits()) {
      for (RuleSpec r : c.rules()) {
        if (r.action() != RuleAction.ALLOW || r.mqtt() == null) {
          continue;
        }
        for (HostSpec broker : spec.hosts()) {
          if (!r.to().matches(broker.id(), broker.zones())) {
            continue;
          }
          Set<String> clients = new TreeSet<>();
          Set<Integer> ports = new TreeSet<>();
          for (Posture.BrokerListener l : broker.brokerListeners()) {
            if (!l.tls()) {
              continue;
            }
            Service tls = new Service(l.protocol(), l.port());
            for (HostSpec h : spec.hosts()) {
              if (!h.id().equals(broker.id())
                  && r.from().matches(h.id(), h.zones())
                  && reach.access(h.id(), broker.id(), tls).isPresent()) {
                clients.add(h.id());
                ports.add(l.port());
              }
            }
          }
          if (clients.isEmpty()) {
            continue;
          }
          boolean writeBack =
              spec.hosts().stream()
                  .anyMatch(
                      g ->
                          g.iiot() != null
                              && g.iiot().broker().equals(broker.id())
                              && !g.iiot().writeBack().isEmpty());
          List<String> elements =
              new ArrayList<>(List.of(rule(c, r), "conduit:" + c.id(), "host:" + broker.id()));
          clients.forEach(h -> elements.add("host:" + h));
          String limit =
              (r.mqtt().topics().isEmpty() ? "any topic" : "topics " + r.mqtt().topics())
                  + (r.mqtt().direction() == MqttDirection.ANY
                      ? ""
                      : " (" + Names.yaml(r.mqtt().direction()) + " only)");
          String portList = ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
          String who = String.join(", ", clients) + (clients.size() == 1 ? " reaches " : " reach ");
          boolean tlsOnly = broker.brokerListeners().stream().allMatch(Posture.BrokerListener::tls);
          String blindness =
              tlsOnly
                  ? ", but "
                      + broker.id()
                      + " serves MQTT over TLS only, and "
                      + who
                      + "it there (port "
                      + portList
                      + "), where a relay reads only the ClientHello: the limit holds nowhere, and"
                      + " every topic passes unseen, both ways"
                  : ", but "
                      + who
                      + broker.id()
                      + "'s MQTT over TLS too (port "
                      + portList
                      + "), where a relay reads only the ClientHello: the limit holds in clear"
                      + " only, and every topic passes over TLS unseen, both ways";
          out.add(
              new Finding(
                  "mqtt-topics-blind-on-tls",
                  writeBack ? Severity.HIGH : Severity.MEDIUM,
                  "Rule "
                      + r.id()
                      + " of conduit "
                      + c.id()
                      + " limits MQTT from "
                      + r.from()
                      + " to broker "
                      + broker.id()
                      + " to "
                      + limit
                      + blindness
                      + (writeBack
                          ? ", including the commands a gateway writes back to its PLCs."
                          : "."),
                  elements,
                  "Let only hosts that need no topic limit reach the TLS listener (an mqtts rule"
                      + " naming them), serve the broker in clear (posture mqtt: [mqtt]) where the"
                      + " conduit must judge topics, or enforce the topics in the broker's own"
                      + " access list, which sees inside TLS."));
        }
      }
    }
    return out;
  }
}
