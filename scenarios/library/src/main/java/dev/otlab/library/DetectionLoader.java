package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.core.OtlabException;
import dev.otlab.detection.AlertSeverity;
import dev.otlab.detection.BaselineAllow;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.detection.DetectionProfile.BaselineSettings;
import dev.otlab.detection.DetectionProfile.FunctionRule;
import dev.otlab.detection.DetectionProfile.OpcUaRules;
import dev.otlab.detection.DetectionProfile.ProcessSettings;
import dev.otlab.detection.DetectionProfile.Range;
import dev.otlab.detection.DetectionProfile.RateKind;
import dev.otlab.detection.DetectionProfile.RateRule;
import dev.otlab.detection.DetectionProfile.WriteTable;
import dev.otlab.detection.DetectionProfile.WriterRule;
import dev.otlab.network.HostRole;
import dev.otlab.network.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Loads and validates a detection profile ({@code scenarios/library/detection/NAME.yaml} or a
 * file). Every problem is collected with its path and a fix, and a file with any problem is refused
 * whole.
 */
public final class DetectionLoader {

  public static final String CODE = "DETECTION_INVALID";

  private static final Map<String, AlertSeverity> SEVERITIES =
      Reader.byYamlName(AlertSeverity.values());
  private static final Map<String, RateKind> KINDS = Reader.byYamlName(RateKind.values());
  private static final Map<String, WriteTable> TABLES = Reader.byYamlName(WriteTable.values());
  private static final Map<String, Protocol> PROTOCOLS =
      Map.of("modbus", Protocol.MODBUS, "opcua", Protocol.OPCUA);
  private static final Set<String> ROLES =
      new TreeSet<>(Reader.byYamlName(HostRole.values()).keySet());

  private DetectionLoader() {}

  /** Loads a library profile by name, or a file by path. */
  public static DetectionProfile load(String nameOrPath) {
    Library.Source s = Library.read("detection", nameOrPath);
    return parse(s.name(), s.text());
  }

  /** Parses and validates profile text; {@code name} is used in messages. */
  public static DetectionProfile parse(String name, String yaml) {
    return Reader.validate(CODE, "detection", name, yaml, DetectionLoader::read);
  }

  private static @Nullable DetectionProfile read(JsonNode root, Reader r) {
    if (!r.object(root)) {
      return null;
    }
    String id = r.text(root, "", "id", null);
    String description = r.text(root, "", "description", "");
    double cooldown = Durations.secondsOrZero(r.text(root, "", "cooldown", "60s"), "cooldown", r);
    int maxEvidence = r.integer(root, "", "maxEvidence", 10);
    Set<String> ids = new HashSet<>();
    List<FunctionRule> functions = new ArrayList<>();
    r.list(root, "", "functions", (n, p) -> function(n, p, r, ids, functions));
    List<WriterRule> writers = new ArrayList<>();
    r.list(root, "", "writers", (n, p) -> writer(n, p, r, ids, writers));
    List<RateRule> rates = new ArrayList<>();
    r.list(root, "", "rates", (n, p) -> rate(n, p, r, ids, rates));
    OpcUaRules opcua = root.hasNonNull("opcua") ? opcua(root.get("opcua"), r) : null;
    BaselineSettings baseline =
        root.hasNonNull("baseline") ? baseline(root.get("baseline"), r) : null;
    ProcessSettings process = root.hasNonNull("process") ? process(root.get("process"), r) : null;
    if (!r.problems().isEmpty()) {
      return null;
    }
    return build(
        r,
        "",
        () ->
            new DetectionProfile(
                id,
                description,
                cooldown,
                maxEvidence,
                functions,
                writers,
                rates,
                opcua,
                baseline,
                process));
  }

  private static void function(
      JsonNode n, String path, Reader r, Set<String> ids, List<FunctionRule> out) {
    if (!r.object(n)) {
      return;
    }
    String id = ruleId(n, path, r, ids);
    AlertSeverity severity = r.choice(n, "severity", SEVERITIES, null);
    List<String> techniques = techniques(n, path, r);
    String summary = r.text(n, path, "summary", null);
    Protocol protocol = n.hasNonNull("protocol") ? r.choice(n, "protocol", PROTOCOLS, null) : null;
    Set<Integer> codes = new LinkedHashSet<>();
    r.list(
        n,
        path,
        "functionCodes",
        (c, cp) -> {
          if (c.isIntegralNumber() && c.canConvertToInt()) {
            codes.add(c.asInt());
          }
        });
    Set<String> operations = new LinkedHashSet<>(strings(n, path, "operations", r));
    if (codes.isEmpty() && operations.isEmpty()) {
      r.problem(path, "matches nothing.", "Give functionCodes, operations or both.");
    }
    Set<String> except = roles(n, path, "exceptRoles", r);
    if (r.problems().isEmpty()) {
      out.add(
          build(
              r,
              path,
              () ->
                  new FunctionRule(
                      id, severity, techniques, summary, protocol, codes, operations, except)));
    }
  }

  private static void writer(
      JsonNode n, String path, Reader r, Set<String> ids, List<WriterRule> out) {
    if (!r.object(n)) {
      return;
    }
    String id = ruleId(n, path, r, ids);
    AlertSeverity severity = r.choice(n, "severity", SEVERITIES, null);
    List<String> techniques = techniques(n, path, r);
    Set<String> targets = roles(n, path, "targets", r);
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
    List<String> nodes = strings(n, path, "nodes", r);
    Set<String> writers = roles(n, path, "writers", r);
    if (r.problems().isEmpty()) {
      out.add(
          build(
              r,
              path,
              () ->
                  new WriterRule(
                      id, severity, techniques, targets, protocol, table, ranges, nodes, writers)));
    }
  }

  private static void rate(JsonNode n, String path, Reader r, Set<String> ids, List<RateRule> out) {
    if (!r.object(n)) {
      return;
    }
    String id = ruleId(n, path, r, ids);
    AlertSeverity severity = r.choice(n, "severity", SEVERITIES, null);
    List<String> techniques = techniques(n, path, r);
    RateKind kind = r.choice(n, "kind", KINDS, null);
    int threshold = r.integer(n, path, "threshold", 1);
    double window =
        Durations.secondsOrZero(r.text(n, path, "window", null), Reader.join(path, "window"), r);
    Set<String> except = roles(n, path, "exceptRoles", r);
    if (r.problems().isEmpty()) {
      out.add(
          build(
              r,
              path,
              () -> new RateRule(id, severity, techniques, kind, threshold, window, except)));
    }
  }

  private static @Nullable OpcUaRules opcua(JsonNode n, Reader r) {
    if (!r.object(n)) {
      return null;
    }
    AlertSeverity none = null;
    List<String> noneT = List.of();
    AlertSeverity failed = null;
    List<String> failedT = List.of();
    if (n.hasNonNull("securityNone")) {
      JsonNode s = n.get("securityNone");
      if (r.object(s)) {
        none = r.choice(s, "severity", SEVERITIES, null);
        noneT = techniques(s, "opcua.securityNone", r);
      }
    }
    if (n.hasNonNull("failedLogin")) {
      JsonNode s = n.get("failedLogin");
      if (r.object(s)) {
        failed = r.choice(s, "severity", SEVERITIES, null);
        failedT = techniques(s, "opcua.failedLogin", r);
      }
    }
    AlertSeverity fNone = none;
    List<String> fNoneT = noneT;
    AlertSeverity fFailed = failed;
    List<String> fFailedT = failedT;
    return build(r, "opcua", () -> new OpcUaRules(fNone, fNoneT, fFailed, fFailedT));
  }

  private static @Nullable BaselineSettings baseline(JsonNode n, Reader r) {
    if (!r.object(n)) {
      return null;
    }
    String t = r.text(n, "baseline", "training", "0");
    double training = t.trim().equals("0") ? 0 : Durations.secondsOrZero(t, "baseline.training", r);
    AlertSeverity severity = r.choice(n, "severity", SEVERITIES, "high");
    List<String> allow = new ArrayList<>();
    r.list(
        n,
        "baseline",
        "allow",
        (a, ap) -> {
          try {
            BaselineAllow parsed = BaselineAllow.parse(a.asText());
            for (String role : List.of(parsed.fromRole(), parsed.toRole())) {
              if (!ROLES.contains(role)) {
                r.problem(
                    ap, "role '" + role + "' is not a host role.", "Use one of " + ROLES + ".");
              }
            }
            allow.add(a.asText());
          } catch (OtlabException e) {
            r.problem(ap, e.getMessage(), e.remedy());
          }
        });
    return build(r, "baseline", () -> new BaselineSettings(training, allow, severity));
  }

  private static @Nullable ProcessSettings process(JsonNode n, Reader r) {
    if (!r.object(n)) {
      return null;
    }
    boolean envelope = r.bool(n, "envelope", true);
    double window =
        Durations.secondsOrZero(
            r.text(n, "process", "residualWindow", "30s"), "process.residualWindow", r);
    Map<String, Double> sigma = new LinkedHashMap<>(r.numbers(n, "process", "residualSigma"));
    double drift = r.number(n, "process", "cusumDrift", 0.5);
    double threshold = r.number(n, "process", "cusumThreshold", 8.0);
    int frozen = r.integer(n, "process", "frozenPolls", 30);
    int replay = r.integer(n, "process", "replayLength", 20);
    String calibration = r.text(n, "process", "calibration", null);
    return build(
        r,
        "process",
        () ->
            new ProcessSettings(
                envelope, window, sigma, drift, threshold, frozen, replay, calibration));
  }

  private static String ruleId(JsonNode n, String path, Reader r, Set<String> ids) {
    String id = r.text(n, path, "id", null);
    if (!id.isEmpty() && !ids.add(id)) {
      r.problem(
          Reader.join(path, "id"), "'" + id + "' is used twice.", "Give every rule its own id.");
    }
    return id;
  }

  private static List<String> techniques(JsonNode n, String path, Reader r) {
    return strings(n, path, "techniques", r);
  }

  private static Set<String> roles(JsonNode n, String path, String field, Reader r) {
    Set<String> out = new LinkedHashSet<>();
    r.list(
        n,
        path,
        field,
        (e, ep) -> {
          if (ROLES.contains(e.asText())) {
            out.add(e.asText());
          }
        });
    return out;
  }

  private static List<String> strings(JsonNode n, String path, String field, Reader r) {
    List<String> out = new ArrayList<>();
    r.list(
        n,
        path,
        field,
        (e, ep) -> {
          if (e.isTextual() && !e.asText().isBlank()) {
            out.add(e.asText());
          }
        });
    return out;
  }

  /** Builds a record; a rule the record itself refuses becomes a problem at {@code path}. */
  private static <T> @Nullable T build(Reader r, String path, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (OtlabException e) {
      r.problem(path, e.getMessage(), e.remedy());
      return null;
    }
  }
}
