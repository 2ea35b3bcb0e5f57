package dev.otlab.detection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.detection.DetectionProfile.FunctionRule;
import dev.otlab.detection.DetectionProfile.OpcUaRules;
import dev.otlab.detection.DetectionProfile.Range;
import dev.otlab.detection.DetectionProfile.RateKind;
import dev.otlab.detection.DetectionProfile.RateRule;
import dev.otlab.detection.DetectionProfile.Rules;
import dev.otlab.detection.DetectionProfile.WriteTable;
import dev.otlab.detection.DetectionProfile.WriterRule;
import dev.otlab.network.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Signature rules as data: function codes and services ({@code functions}), allowed writers ({@code
 * writers}), rates over sliding windows ({@code rates}) and OPC UA sessions ({@code opcua}). One
 * kind owns the four sections because rule ids are unique across them (an alert names its rule) and
 * one detector evaluates them together.
 */
public final class RulesKind implements DetectorKind<Rules> {

  static final String NAME = RuleDetector.DETECTOR;

  private static final Map<String, RateKind> KINDS = SectionReader.byYamlName(RateKind.values());
  private static final Map<String, WriteTable> TABLES =
      SectionReader.byYamlName(WriteTable.values());
  private static final Map<String, Protocol> PROTOCOLS =
      Map.of("modbus", Protocol.MODBUS, "opcua", Protocol.OPCUA, "mqtt", Protocol.MQTT);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> sections() {
    return List.of("functions", "writers", "rates", "opcua");
  }

  @Override
  public int order() {
    return 100;
  }

  @Override
  public Class<Rules> settingsType() {
    return Rules.class;
  }

  @Override
  public @Nullable Rules read(JsonNode root, SectionReader r) {
    Set<String> ids = new HashSet<>();
    List<FunctionRule> functions = new ArrayList<>();
    r.list(root, "", "functions", (n, p) -> function(n, p, r, ids, functions));
    List<WriterRule> writers = new ArrayList<>();
    r.list(root, "", "writers", (n, p) -> writer(n, p, r, ids, writers));
    List<RateRule> rates = new ArrayList<>();
    r.list(root, "", "rates", (n, p) -> rate(n, p, r, ids, rates));
    OpcUaRules opcua = root.hasNonNull("opcua") ? opcua(root.get("opcua"), r) : null;
    if (r.hasProblems()) {
      return null;
    }
    return r.build("", () -> new Rules(functions, writers, rates, opcua));
  }

  @Override
  public Detector create(Rules settings, DetectorContext context) {
    return new RuleDetector(settings, context.hosts(), context.book());
  }

  private static void function(
      JsonNode n, String path, SectionReader r, Set<String> ids, List<FunctionRule> out) {
    if (!n.isObject()) {
      return;
    }
    RuleFields.Head head = RuleFields.head(n, path, r, ids);
    String summary = r.text(n, path, "summary", null);
    Protocol protocol = n.hasNonNull("protocol") ? r.choice(n, "protocol", PROTOCOLS, null) : null;
    Set<Integer> codes = RuleFields.integers(n, path, "functionCodes", r);
    Set<String> operations = new LinkedHashSet<>(RuleFields.strings(n, path, "operations", r));
    if (codes.isEmpty() && operations.isEmpty()) {
      r.problem(path, "matches nothing.", "Give functionCodes, operations or both.");
    }
    Set<String> except = RuleFields.roles(n, path, "exceptRoles", r);
    List<String> topics = RuleFields.strings(n, path, "topics", r);
    if (!topics.isEmpty() && protocol != Protocol.MQTT) {
      r.problem(path + ".topics", "only MQTT rules have topics.", "Set protocol: mqtt.");
    }
    RuleFields.keep(
        r,
        path,
        () ->
            new FunctionRule(
                head.id(),
                head.severity(),
                head.techniques(),
                summary,
                protocol,
                codes,
                operations,
                except,
                topics),
        out);
  }

  private static void writer(
      JsonNode n, String path, SectionReader r, Set<String> ids, List<WriterRule> out) {
    if (!n.isObject()) {
      return;
    }
    RuleFields.Head head = RuleFields.head(n, path, r, ids);
    Set<String> targets = RuleFields.roles(n, path, "targets", r);
    Protocol protocol = n.hasNonNull("protocol") ? r.choice(n, "protocol", PROTOCOLS, null) : null;
    WriteTable table = r.choice(n, "table", TABLES, "any");
    List<Range> ranges = new ArrayList<>();
    r.list(
        n,
        path,
        "ranges",
        (rn, rp) -> {
          if (!rn.isArray()
              || rn.size() != 2
              || !rn.get(0).isIntegralNumber()
              || !rn.get(1).isIntegralNumber()
              || rn.get(0).asInt() < 0
              || rn.get(1).asInt() < rn.get(0).asInt()
              || rn.get(1).asInt() > 0xFFFF) {
            r.problem(rp, "is not [first, last] within 0..65535.", "Write e.g. [0, 15].");
          } else {
            ranges.add(new Range(rn.get(0).asInt(), rn.get(1).asInt()));
          }
        });
    List<String> nodes = RuleFields.strings(n, path, "nodes", r);
    Set<String> writers = RuleFields.roles(n, path, "writers", r);
    RuleFields.keep(
        r,
        path,
        () ->
            new WriterRule(
                head.id(),
                head.severity(),
                head.techniques(),
                targets,
                protocol,
                table,
                ranges,
                nodes,
                writers),
        out);
  }

  private static void rate(
      JsonNode n, String path, SectionReader r, Set<String> ids, List<RateRule> out) {
    if (!n.isObject()) {
      return;
    }
    RuleFields.Head head = RuleFields.head(n, path, r, ids);
    RateKind kind = r.choice(n, "kind", KINDS, null);
    int threshold = r.integer(n, path, "threshold", 1);
    double window = r.seconds(r.text(n, path, "window", null), SectionReader.join(path, "window"));
    Set<String> except = RuleFields.roles(n, path, "exceptRoles", r);
    RuleFields.keep(
        r,
        path,
        () ->
            new RateRule(
                head.id(), head.severity(), head.techniques(), kind, threshold, window, except),
        out);
  }

  private static @Nullable OpcUaRules opcua(JsonNode n, SectionReader r) {
    if (!n.isObject()) {
      return null;
    }
    AlertSeverity none = null;
    List<String> noneT = List.of();
    AlertSeverity failed = null;
    List<String> failedT = List.of();
    if (n.hasNonNull("securityNone")) {
      JsonNode s = n.get("securityNone");
      if (s.isObject()) {
        none = r.choice(s, "severity", RuleFields.SEVERITIES, null);
        noneT = RuleFields.strings(s, "opcua.securityNone", "techniques", r);
      }
    }
    if (n.hasNonNull("failedLogin")) {
      JsonNode s = n.get("failedLogin");
      if (s.isObject()) {
        failed = r.choice(s, "severity", RuleFields.SEVERITIES, null);
        failedT = RuleFields.strings(s, "opcua.failedLogin", "techniques", r);
      }
    }
    AlertSeverity fNone = none;
    List<String> fNoneT = noneT;
    AlertSeverity fFailed = failed;
    List<String> fFailedT = failedT;
    return r.build("opcua", () -> new OpcUaRules(fNone, fNoneT, fFailed, fFailedT));
  }
}
