package dev.otlab.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.network.Names;
import dev.otlab.network.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Rules over the logs conduits send to the SOC ({@code firewall}): refusals and session records
 * matched by the hosts' roles, protocol, port, conduit and the rule that decided, each alone or
 * counted per source over a sliding window. What the log says is what the firewall knows: who tried
 * to reach whom on which service, never the content.
 */
public final class FirewallKind implements DetectorKind<FirewallKind.Rules> {

  static final String NAME = FirewallDetector.DETECTOR;

  private static final Map<String, Verdict> VERDICTS = SectionReader.byYamlName(Verdict.values());

  /** Protocols by their YAML spelling; ANY is no protocol a record can carry. */
  static final Map<String, Protocol> PROTOCOLS = protocols();

  private static Map<String, Protocol> protocols() {
    Map<String, Protocol> m = new LinkedHashMap<>();
    for (Protocol p : Protocol.values()) {
      if (p != Protocol.ANY) {
        m.put(Names.yaml(p), p);
      }
    }
    return m;
  }

  /** Which records a rule matches. */
  public enum Verdict {
    /** Refused connections and messages (DENY and REJECT). */
    DENIED,
    /** Session records: connections the conduit let open. */
    ALLOWED,
    /** Both. */
    ANY
  }

  /**
   * The settings: the rules, in order.
   *
   * @param rules firewall rules, ids unique
   */
  public record Rules(List<Rule> rules) {
    public Rules {
      rules = List.copyOf(rules);
      Set<String> ids = new HashSet<>();
      for (Rule r : rules) {
        if (!ids.add(r.id())) {
          throw DetectionProfile.invalid(
              "firewall rule id '" + r.id() + "' is used twice", "Give every rule its own id.");
        }
      }
    }
  }

  /**
   * Alerts on log lines that match: at once when {@code threshold} is 1, else when a source has
   * {@code threshold} matching lines within {@code windowSeconds}. An empty set matches anything.
   *
   * @param id rule id
   * @param severity severity
   * @param techniques ATT&amp;CK for ICS ids
   * @param summary what it means, one line
   * @param verdict refusals, session records, or both
   * @param protocols protocols of the refused or allowed traffic
   * @param ports logical destination ports
   * @param conduits the conduits whose log counts
   * @param conduitRules ids of the conduit rules that decided ({@code default-deny} for none)
   * @param fromRoles roles of the source host
   * @param toRoles roles of the destination host
   * @param exceptRoles source roles the rule does not apply to
   * @param threshold how many matching lines from one source
   * @param windowSeconds the sliding window they must fall in (ignored for threshold 1)
   */
  public record Rule(
      String id,
      AlertSeverity severity,
      List<String> techniques,
      String summary,
      Verdict verdict,
      Set<Protocol> protocols,
      Set<Integer> ports,
      Set<String> conduits,
      Set<String> conduitRules,
      Set<String> fromRoles,
      Set<String> toRoles,
      Set<String> exceptRoles,
      int threshold,
      double windowSeconds)
      implements DetectionProfile.Rule {

    /** How {@code conduitRules} names a refusal no rule decided. */
    public static final String DEFAULT_DENY = "default-deny";

    public Rule {
      if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
        throw DetectionProfile.invalid(
            "rule id '" + id + "' is not kebab-case", "Use ids like firewall-denials.");
      }
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(verdict, "verdict");
      techniques = DetectionProfile.checkTechniques(techniques, id);
      protocols = Set.copyOf(protocols);
      ports = Set.copyOf(ports);
      conduits = Set.copyOf(conduits);
      conduitRules = Set.copyOf(conduitRules);
      fromRoles = Set.copyOf(fromRoles);
      toRoles = Set.copyOf(toRoles);
      exceptRoles = Set.copyOf(exceptRoles);
      if (protocols.contains(Protocol.ANY)) {
        throw DetectionProfile.invalid(
            "rule " + id + ": a log line has a concrete protocol", "Leave protocols out for any.");
      }
      for (int p : ports) {
        if (p < 1 || p > 0xFFFF) {
          throw DetectionProfile.invalid(
              "rule " + id + ": port " + p + " is not 1..65535", "Fix it.");
        }
      }
      if (threshold < 1) {
        throw DetectionProfile.invalid(
            "rule " + id + ": threshold must be at least 1", "Use 1 to alert on each line.");
      }
      if (threshold > 1 && (!(windowSeconds > 0) || !Double.isFinite(windowSeconds))) {
        throw DetectionProfile.invalid(
            "rule " + id + ": a threshold above 1 needs a positive window", "Use e.g. 60s.");
      }
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> sections() {
    return List.of("firewall");
  }

  @Override
  public int order() {
    return 450;
  }

  @Override
  public Class<Rules> settingsType() {
    return Rules.class;
  }

  @Override
  public ObjectNode schema(ObjectNode fragment) {
    ArrayNode names =
        ((ObjectNode) fragment.path("$defs").path("firewallProtocol")).putArray("enum");
    PROTOCOLS.keySet().forEach(names::add);
    return fragment;
  }

  @Override
  public @Nullable Rules read(JsonNode root, SectionReader r) {
    Set<String> ids = new HashSet<>();
    List<Rule> rules = new ArrayList<>();
    r.list(root, "", "firewall", (n, p) -> rule(n, p, r, ids, rules));
    if (r.hasProblems()) {
      return null;
    }
    return r.build("firewall", () -> new Rules(rules));
  }

  private static void rule(
      JsonNode n, String path, SectionReader r, Set<String> ids, List<Rule> out) {
    if (!n.isObject()) {
      return;
    }
    RuleFields.Head head = RuleFields.head(n, path, r, ids);
    String summary = r.text(n, path, "summary", null);
    Verdict verdict = r.choice(n, "verdict", VERDICTS, "any");
    Set<Protocol> protocols =
        RuleFields.listed(
            n, path, "protocols", r, e -> PROTOCOLS.get(e.asText()), new LinkedHashSet<>());
    Set<Integer> ports = RuleFields.integers(n, path, "ports", r);
    Set<String> conduits = new LinkedHashSet<>(RuleFields.strings(n, path, "conduits", r));
    Set<String> conduitRules = new LinkedHashSet<>(RuleFields.strings(n, path, "rules", r));
    Set<String> from = RuleFields.roles(n, path, "fromRoles", r);
    Set<String> to = RuleFields.roles(n, path, "toRoles", r);
    Set<String> except = RuleFields.roles(n, path, "exceptRoles", r);
    int threshold = r.integer(n, path, "threshold", 1);
    double window =
        n.hasNonNull("window")
            ? r.seconds(r.text(n, path, "window", null), SectionReader.join(path, "window"))
            : 0;
    RuleFields.keep(
        r,
        path,
        () ->
            new Rule(
                head.id(),
                head.severity(),
                head.techniques(),
                summary,
                verdict,
                protocols,
                ports,
                conduits,
                conduitRules,
                from,
                to,
                except,
                threshold,
                window),
        out);
  }

  @Override
  public Detector create(Rules settings, DetectorContext context) {
    return new FirewallDetector(settings, context.hosts(), context.book());
  }
}
