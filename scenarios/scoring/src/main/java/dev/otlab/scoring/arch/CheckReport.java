package dev.otlab.scoring.arch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Names;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.RegisterRange;
import dev.otlab.scoring.arch.AttackPaths.AttackPath;
import dev.otlab.scoring.arch.AttackPaths.Step;
import dev.otlab.scoring.arch.Reachability.Access;
import dev.otlab.scoring.arch.Reachability.AccessGroup;
import dev.otlab.scoring.arch.Reachability.Grant;
import dev.otlab.scoring.arch.Reachability.Hop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything {@code otlab check} reports about one architecture: findings, the reachability matrix
 * and the attack paths. Scoring reuses it for the static part of an evaluation. What repeats over
 * hosts alike is reported once: findings with one cause as a {@link FindingGroup}, accesses of
 * hosts of one class as an {@link AccessGroup}.
 *
 * @param architecture the checked spec
 * @param findings findings, most severe first, every one (not grouped)
 * @param reachability every service each host reaches, hosts alike grouped
 * @param attackPaths best path from every lower-trust zone to every PLC and SIS
 */
public record CheckReport(
    ArchitectureSpec architecture,
    List<Finding> findings,
    List<AccessGroup> reachability,
    List<AttackPath> attackPaths) {

  public CheckReport {
    findings = List.copyOf(findings);
    reachability = List.copyOf(reachability);
    attackPaths = List.copyOf(attackPaths);
  }

  public static CheckReport of(ArchitectureSpec spec) {
    Reachability reach = new Reachability(spec);
    return new CheckReport(
        spec, ArchitectureChecks.run(reach), reach.groups(), AttackPaths.compute(reach));
  }

  /** True when no finding is HIGH: the exit status 0 of {@code otlab check}. */
  public boolean passed() {
    return !ArchitectureChecks.hasHigh(findings);
  }

  public long count(Severity s) {
    return findings.stream().filter(f -> f.severity() == s).count();
  }

  /** The findings with those of one cause grouped, most severe first. */
  public List<FindingGroup> groups() {
    return FindingGroup.of(findings);
  }

  /** Every access, one per source, destination and service (what the groups stand for). */
  public List<Access> accesses() {
    List<Access> out = new ArrayList<>();
    reachability.forEach(g -> out.addAll(g.accesses()));
    return out;
  }

  /**
   * The report as a JSON tree (stable field names, documented by the check command). A finding
   * group is one entry: the first finding's message and fix, every element of its findings, its
   * {@code count} and the first findings as {@code examples}; an access group is one entry whose
   * {@code from} and {@code to} are the first of {@code fromHosts} and {@code toHosts}.
   */
  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("architecture", architecture.id());
    root.put("plant", architecture.plant());
    root.put("passed", passed());
    ObjectNode counts = root.putObject("counts");
    for (Severity s : Severity.values()) {
      counts.put(s.name().toLowerCase(Locale.ROOT), count(s));
    }
    ArrayNode fs = root.putArray("findings");
    for (FindingGroup f : groups()) {
      ObjectNode o = fs.addObject();
      o.put("id", f.id());
      o.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
      o.put("message", f.message());
      ArrayNode el = o.putArray("elements");
      f.elements().forEach(el::add);
      o.put("fix", f.fix());
      o.put("count", f.count());
      if (f.count() > 1) {
        ArrayNode examples = o.putArray("examples");
        for (Finding e : f.examples()) {
          ObjectNode x = examples.addObject();
          x.put("message", e.message());
          ArrayNode xe = x.putArray("elements");
          e.elements().forEach(xe::add);
        }
      }
    }
    ArrayNode rs = root.putArray("reachability");
    for (AccessGroup a : reachability) {
      ObjectNode o = rs.addObject();
      o.put("from", a.from().get(0));
      o.put("to", a.to().get(0));
      o.put("service", a.service().toString());
      o.put("writeCapable", a.writeCapable());
      ArrayNode routes = o.putArray("routes");
      for (Grant g : a.grants()) {
        ObjectNode ro = routes.addObject();
        ArrayNode zones = ro.putArray("zones");
        g.route().zones().forEach(zones::add);
        ro.set("hops", hops(mapper, g.route().hops()));
        ro.set("operations", operations(mapper, g.operations(), a.serverModes()));
      }
      ArrayNode fromHosts = o.putArray("fromHosts");
      a.from().forEach(fromHosts::add);
      ArrayNode toHosts = o.putArray("toHosts");
      a.to().forEach(toHosts::add);
      o.put("pairs", a.pairs());
    }
    ArrayNode ps = root.putArray("attackPaths");
    for (AttackPath p : attackPaths) {
      ObjectNode o = ps.addObject();
      o.put("origin", p.origin());
      ArrayNode ep = o.putArray("entryPoints");
      p.entryPoints().forEach(ep::add);
      o.put("target", p.target());
      o.put("reachable", p.reachable());
      if (p.reachable()) {
        o.put("hops", p.hops());
        o.put("filteredRules", p.filteredRules());
        o.put("writeCapable", p.writeCapable());
      }
      ArrayNode steps = o.putArray("steps");
      for (Step s : p.steps()) {
        ObjectNode so = steps.addObject();
        so.put("from", s.from());
        so.put("to", s.to());
        so.put("service", s.service().toString());
        so.put("pivot", s.pivot());
        if (s.account() != null) {
          so.put("account", s.account());
          so.put("takenOn", s.takenOn());
        }
        ArrayNode zones = so.putArray("zones");
        s.route().zones().forEach(zones::add);
        so.set("hops", hops(mapper, s.route().hops()));
        so.set("operations", operations(mapper, s.operations(), s.serverModes()));
      }
    }
    return root;
  }

  private static ArrayNode hops(ObjectMapper mapper, List<Hop> hops) {
    ArrayNode out = mapper.createArrayNode();
    for (Hop h : hops) {
      ObjectNode o = out.addObject();
      o.put("conduit", h.conduit());
      o.put("rule", h.rule());
      o.put("from", h.fromZone());
      o.put("to", h.toZone());
      o.put("filtered", h.filtered());
    }
    return out;
  }

  /**
   * One route's operations on the channels the server offers; {@code write} counts encrypted OPC UA
   * the server accepts, which the conduits pass unseen, as writes ({@link
   * Operations#writeCapable(Set)}).
   */
  private static ObjectNode operations(
      ObjectMapper mapper, Operations ops, Set<OpcUaMode> serverModes) {
    ObjectNode o = mapper.createObjectNode();
    o.put("summary", ops.describe(serverModes));
    o.put("write", ops.writeCapable(serverModes));
    o.put("unfiltered", ops.unfiltered());
    if (ops.protocol() == dev.otlab.network.Protocol.OPCUA) {
      o.put("encryptedUnseen", ops.unseenOn(serverModes));
    }
    if (ops.functionCodes() != null && !ops.unfiltered()) {
      ArrayNode a = o.putArray("functionCodes");
      ops.functionCodes().forEach(a::add);
    }
    if (ops.ranges() != null) {
      ArrayNode a = o.putArray("ranges");
      for (RegisterRange r : ops.ranges()) {
        a.addArray().add(r.first()).add(r.last());
      }
    }
    if (ops.services() != null && !ops.unfiltered()) {
      ArrayNode a = o.putArray("services");
      ops.services().forEach(s -> a.add(Names.yaml(s)));
    }
    if (ops.protocol() == dev.otlab.network.Protocol.OPCUA) {
      o.put("minSecurity", Names.yaml(ops.minSecurity()));
    }
    return o;
  }
}
