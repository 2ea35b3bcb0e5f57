package dev.otlab.detection;

import dev.otlab.core.OtlabException;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.Protocol;
import dev.otlab.process.Balance;
import dev.otlab.process.ProcessModels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A detection profile: which detectors run and with what thresholds. Sensor placement is the
 * architecture's business; a profile names no hosts, only roles, so one profile fits every
 * architecture.
 *
 * <p>Each detector's settings sit under its {@link DetectorKind}'s name; the engine runs the kinds
 * a profile has settings for (and those that run always). The typed accessors below serve the
 * shipped kinds; a new kind reads its own settings with {@link #settings(String, Class)}.
 *
 * @param id profile id
 * @param description what it is for
 * @param cooldownSeconds an alert with the same detector, rule, source and destination within this
 *     many seconds of the last one is folded into it (its count grows) instead of raising another
 * @param maxEvidence evidence kept per alert (the first ones)
 * @param settings each configured detector kind's settings, by the kind's name
 */
public record DetectionProfile(
    String id,
    String description,
    double cooldownSeconds,
    int maxEvidence,
    Map<String, Object> settings) {

  public DetectionProfile {
    requireId(id, "profile");
    Objects.requireNonNull(description, "description");
    positive(cooldownSeconds, "profile " + id + ": cooldownSeconds");
    if (maxEvidence < 1) {
      throw invalid("profile " + id + ": maxEvidence must be at least 1", "Use e.g. 10.");
    }
    for (Map.Entry<String, Object> e : settings.entrySet()) {
      Objects.requireNonNull(e.getValue(), "settings of " + e.getKey());
    }
    settings = Collections.unmodifiableMap(new TreeMap<>(settings));
  }

  /**
   * A profile of the shipped detectors.
   *
   * @param functions function-code and service rules
   * @param writers who may write what
   * @param rates rate rules over sliding windows
   * @param opcua OPC UA session rules, or null for none
   * @param baseline the learned baseline, or null for none
   * @param process the process-aware detectors, or null for none
   */
  public DetectionProfile(
      String id,
      String description,
      double cooldownSeconds,
      int maxEvidence,
      List<FunctionRule> functions,
      List<WriterRule> writers,
      List<RateRule> rates,
      @Nullable OpcUaRules opcua,
      @Nullable BaselineSettings baseline,
      @Nullable ProcessSettings process) {
    this(
        id,
        description,
        cooldownSeconds,
        maxEvidence,
        shipped(new Rules(functions, writers, rates, opcua), baseline, process));
  }

  private static Map<String, Object> shipped(
      Rules rules, @Nullable BaselineSettings baseline, @Nullable ProcessSettings process) {
    Map<String, Object> m = new TreeMap<>();
    if (!rules.isEmpty()) {
      m.put(RulesKind.NAME, rules);
    }
    if (baseline != null) {
      m.put(BaselineKind.NAME, baseline);
    }
    if (process != null) {
      m.put(ProcessKind.NAME, process);
    }
    return m;
  }

  /** The settings of detector kind {@code kind}, if the profile configures it. */
  public <S> Optional<S> settings(String kind, Class<S> type) {
    Object s = settings.get(kind);
    return type.isInstance(s) ? Optional.of(type.cast(s)) : Optional.empty();
  }

  /** The rules of the profile (empty when it has none). */
  public Rules rules() {
    return settings(RulesKind.NAME, Rules.class).orElse(Rules.NONE);
  }

  public List<FunctionRule> functions() {
    return rules().functions();
  }

  public List<WriterRule> writers() {
    return rules().writers();
  }

  public List<RateRule> rates() {
    return rules().rates();
  }

  public @Nullable OpcUaRules opcua() {
    return rules().opcua();
  }

  /** The learned baseline, or null for none. */
  public @Nullable BaselineSettings baseline() {
    return settings(BaselineKind.NAME, BaselineSettings.class).orElse(null);
  }

  /** The process-aware detectors, or null for none. */
  public @Nullable ProcessSettings process() {
    return settings(ProcessKind.NAME, ProcessSettings.class).orElse(null);
  }

  /**
   * The rules as data, the settings of the {@code rules} detector (profile sections {@code
   * functions}, {@code writers}, {@code rates} and {@code opcua}). Rule ids are unique across the
   * three lists, because an alert names its rule.
   *
   * @param functions function-code and service rules
   * @param writers who may write what
   * @param rates rate rules over sliding windows
   * @param opcua OPC UA session rules, or null for none
   */
  public record Rules(
      List<FunctionRule> functions,
      List<WriterRule> writers,
      List<RateRule> rates,
      @Nullable OpcUaRules opcua) {

    static final Rules NONE = new Rules(List.of(), List.of(), List.of(), null);

    public Rules {
      functions = List.copyOf(functions);
      writers = List.copyOf(writers);
      rates = List.copyOf(rates);
      Set<String> ids = new HashSet<>();
      List<Rule> all = new ArrayList<>(functions);
      all.addAll(writers);
      all.addAll(rates);
      for (Rule r : all) {
        if (!ids.add(r.id())) {
          throw invalid("rule id '" + r.id() + "' is used twice", "Give every rule its own id.");
        }
      }
    }

    boolean isEmpty() {
      return functions.isEmpty() && writers.isEmpty() && rates.isEmpty() && opcua == null;
    }
  }

  /** What every rule has. */
  public interface Rule {
    String id();

    AlertSeverity severity();

    List<String> techniques();
  }

  /**
   * Alerts on a Modbus function code or a named operation (an OPC UA service such as {@code
   * WriteRequest}, or a vendor operation such as {@code PROGRAM_DOWNLOAD}).
   *
   * @param id rule id
   * @param severity severity
   * @param techniques ATT&amp;CK for ICS ids
   * @param summary what it means, one line
   * @param protocol only this protocol, or null for any
   * @param functionCodes Modbus function codes that match (Modbus only)
   * @param operations operation names that match (any protocol)
   * @param exceptRoles source host roles the rule does not apply to (their documented job)
   * @param topics MQTT topic filters narrowing an MQTT rule (empty: any topic): a published or
   *     delivered topic matches when one of them matches it; a subscription (or unsubscription)
   *     when its filter covers one of them, that is, it would receive every message on those topics
   *     ({@code #} covers {@code +/+/+}, {@code wt/#} does not)
   */
  public record FunctionRule(
      String id,
      AlertSeverity severity,
      List<String> techniques,
      String summary,
      @Nullable Protocol protocol,
      Set<Integer> functionCodes,
      Set<String> operations,
      Set<String> exceptRoles,
      List<String> topics)
      implements Rule {

    /** A rule on any topic. */
    public FunctionRule(
        String id,
        AlertSeverity severity,
        List<String> techniques,
        String summary,
        @Nullable Protocol protocol,
        Set<Integer> functionCodes,
        Set<String> operations,
        Set<String> exceptRoles) {
      this(
          id,
          severity,
          techniques,
          summary,
          protocol,
          functionCodes,
          operations,
          exceptRoles,
          List.of());
    }

    public FunctionRule {
      requireId(id, "rule");
      topics = List.copyOf(topics);
      for (String t : topics) {
        String problem = MqttFilter.filterProblem(t);
        if (problem != null) {
          throw invalid(
              "rule " + id + ": topic filter '" + t + "' " + problem,
              "Write an MQTT topic filter: levels joined by /, + for one level, # for the rest.");
        }
      }
      Objects.requireNonNull(severity, "severity");
      techniques = DetectionProfile.checkTechniques(techniques, id);
      functionCodes = Set.copyOf(functionCodes);
      operations = Set.copyOf(operations);
      exceptRoles = Set.copyOf(exceptRoles);
      if (functionCodes.isEmpty() && operations.isEmpty()) {
        throw invalid("rule " + id + " matches nothing", "Give functionCodes, operations or both.");
      }
      for (int fc : functionCodes) {
        if (fc < 1 || fc > 127) {
          throw invalid("rule " + id + ": function code " + fc + " is outside 1..127", "Fix it.");
        }
      }
    }
  }

  /** A Modbus table a writer rule covers. */
  public enum WriteTable {
    COIL,
    HOLDING_REGISTER,
    ANY
  }

  /**
   * Who may write what: a write that matches the target and the range from a host whose role is not
   * among the writers raises an alert.
   *
   * @param id rule id
   * @param severity severity
   * @param techniques ATT&amp;CK for ICS ids
   * @param targets roles of the destination hosts ({@code plc}, {@code sis})
   * @param protocol MODBUS or OPCUA, or null for both
   * @param table the Modbus table (ignored for OPC UA)
   * @param ranges Modbus register or coil ranges {@code [first, last]}, empty for all
   * @param nodes OPC UA node id fragments (a node matches when its id contains one), empty for all
   * @param writers roles allowed to write there
   */
  public record WriterRule(
      String id,
      AlertSeverity severity,
      List<String> techniques,
      Set<String> targets,
      @Nullable Protocol protocol,
      WriteTable table,
      List<Range> ranges,
      List<String> nodes,
      Set<String> writers)
      implements Rule {
    public WriterRule {
      requireId(id, "rule");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(table, "table");
      techniques = DetectionProfile.checkTechniques(techniques, id);
      targets = Set.copyOf(targets);
      ranges = List.copyOf(ranges);
      nodes = List.copyOf(nodes);
      writers = Set.copyOf(writers);
      if (targets.isEmpty()) {
        throw invalid("rule " + id + " has no targets", "Name destination roles, e.g. [plc].");
      }
    }

    /**
     * Whether {@code [address, address + quantity)} overlaps one of the ranges (or there are none).
     */
    public boolean covers(int address, int quantity) {
      if (ranges.isEmpty()) {
        return true;
      }
      int last = address + Math.max(quantity, 1) - 1;
      for (Range r : ranges) {
        if (address <= r.last() && last >= r.first()) {
          return true;
        }
      }
      return false;
    }
  }

  /** A Modbus address range, both ends included. */
  public record Range(int first, int last) {
    public Range {
      if (first < 0 || last < first || last > 0xFFFF) {
        throw invalid(
            "range [" + first + ", " + last + "] is not [first, last] within 0..65535",
            "Write ranges as [0, 15].");
      }
    }
  }

  /** What a rate rule counts. */
  public enum RateKind {
    /** Modbus exception 02 (illegal data address): a points-list scan (Quickdraw). */
    POINT_SCAN,
    /** Modbus exception 01 (illegal function): a function-code scan (Quickdraw). */
    FUNCTION_CODE_SCAN,
    /** Distinct read start addresses: a read sweep over the map. */
    READ_SWEEP,
    /** Write requests: brute-force I/O and write floods. */
    WRITE_FLOOD,
    /** Distinct connections: a connection flood. */
    CONNECTION_FLOOD,
    /** All requests: a request flood. */
    REQUEST_FLOOD,
    /** OPC UA ActivateSession refused: failed logins. */
    FAILED_LOGINS,
    /** Requests refused or unanswered on distinct flows: a sweep of hosts and ports. */
    HOST_SWEEP
  }

  /**
   * Alerts when at least {@code threshold} matching observations from one source (to one
   * destination, except HOST_SWEEP which counts destinations) fall inside {@code windowSeconds}.
   *
   * @param id rule id
   * @param severity severity
   * @param techniques ATT&amp;CK for ICS ids
   * @param kind what is counted
   * @param threshold how many
   * @param windowSeconds sliding window
   * @param exceptRoles source roles exempt
   */
  public record RateRule(
      String id,
      AlertSeverity severity,
      List<String> techniques,
      RateKind kind,
      int threshold,
      double windowSeconds,
      Set<String> exceptRoles)
      implements Rule {
    public RateRule {
      requireId(id, "rule");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(kind, "kind");
      techniques = DetectionProfile.checkTechniques(techniques, id);
      exceptRoles = Set.copyOf(exceptRoles);
      if (threshold < 1) {
        throw invalid("rule " + id + ": threshold must be at least 1", "Use e.g. 5.");
      }
      positive(windowSeconds, "rule " + id + ": window");
    }
  }

  /**
   * OPC UA session rules.
   *
   * @param securityNone severity of a session on a channel with security policy None, or null to
   *     not alert (a relay sees it: the channel's messages and the server's OPN answer are clear)
   * @param securityNoneTechniques its ATT&amp;CK ids
   * @param failedLogin severity of one refused ActivateSession, or null to leave it to the
   *     FAILED_LOGINS rate rule
   * @param failedLoginTechniques its ATT&amp;CK ids
   */
  public record OpcUaRules(
      @Nullable AlertSeverity securityNone,
      List<String> securityNoneTechniques,
      @Nullable AlertSeverity failedLogin,
      List<String> failedLoginTechniques) {
    public OpcUaRules {
      securityNoneTechniques =
          DetectionProfile.checkTechniques(securityNoneTechniques, "opcua.securityNone");
      failedLoginTechniques =
          DetectionProfile.checkTechniques(failedLoginTechniques, "opcua.failedLogin");
    }
  }

  /**
   * The learned baseline.
   *
   * @param trainingSeconds learn from the first this many seconds of the run (0 with a loaded
   *     baseline only)
   * @param allow documented operations added to what is learned: {@code from-role>to-role protocol
   *     op[,op...]} (for rare benign operations a short window cannot see)
   * @param severity severity of a new flow; new functions and addresses on a known flow are one
   *     step lower
   */
  public record BaselineSettings(
      double trainingSeconds, List<String> allow, AlertSeverity severity) {
    public BaselineSettings {
      if (!(trainingSeconds >= 0) || !Double.isFinite(trainingSeconds)) {
        throw invalid("baseline.trainingSeconds must be >= 0", "Use e.g. 55.");
      }
      allow = List.copyOf(allow);
      Objects.requireNonNull(severity, "severity");
      for (String a : allow) {
        BaselineAllow.parse(a);
      }
    }
  }

  /**
   * The process-aware detectors.
   *
   * @param envelope check written setpoints against the operating envelope (the alarm limits of the
   *     measured tag their control block acts on) and reported values against the alarm limits
   * @param residualWindowSeconds the physics residual is computed over windows this long
   * @param residualSigma per balance (one of {@link #knownBalances()}, e.g. {@code raw-tank}: level
   *     in m; {@code reactor-energy}: temperature in K), the standard deviation of a benign
   *     residual per window; it overrides the sigma a plant file declares with its balance
   * @param cusumDrift CUSUM allowance k, in sigmas
   * @param cusumThreshold CUSUM decision threshold h, in sigmas
   * @param frozenPolls a noisy reported value that repeats exactly this many polls in a row while
   *     the physics says it must move is flagged
   * @param replayLength a run of this many consecutive polls repeating an earlier run exactly is
   *     flagged as replay
   * @param calibration how the thresholds were set (recorded with the profile)
   */
  public record ProcessSettings(
      boolean envelope,
      double residualWindowSeconds,
      Map<String, Double> residualSigma,
      double cusumDrift,
      double cusumThreshold,
      int frozenPolls,
      int replayLength,
      String calibration) {
    public ProcessSettings {
      positive(residualWindowSeconds, "process.residualWindowSeconds");
      residualSigma = Map.copyOf(residualSigma);
      for (Map.Entry<String, Double> e : residualSigma.entrySet()) {
        Set<String> known = knownBalances();
        if (!known.contains(e.getKey())) {
          throw invalid(
              "process.residualSigma." + e.getKey() + " is not a balance",
              "Use "
                  + String.join(", ", known)
                  + " (a balance a plant file declares counts once that plant is loaded).");
        }
        positive(e.getValue(), "process.residualSigma." + e.getKey());
      }
      if (!(cusumDrift >= 0) || !Double.isFinite(cusumDrift)) {
        throw invalid("process.cusumDrift must be >= 0", "Use e.g. 0.5.");
      }
      positive(cusumThreshold, "process.cusumThreshold");
      if (frozenPolls < 2 || replayLength < 2) {
        throw invalid("process.frozenPolls and replayLength must be at least 2", "Use e.g. 30.");
      }
      Objects.requireNonNull(calibration, "calibration");
    }
  }

  /**
   * The balances the registered Java process model kinds describe (at their default parameters; a
   * balance's name does not depend on them), sorted: the keys the profile schema offers. A new
   * kind's balance gets its noise setting without an edit here.
   */
  public static final List<String> BALANCES = balances();

  /** Balances declared by the plant files loaded in this process (the library's, by path). */
  private static final Set<String> DECLARED = ConcurrentHashMap.newKeySet();

  private static List<String> balances() {
    Set<String> names = new TreeSet<>();
    for (String kind : ProcessModels.KINDS) {
      for (Balance b : ProcessModels.kind(kind).balances(ProcessModels.resolve(kind, Map.of()))) {
        names.add(b.name());
      }
    }
    return List.copyOf(names);
  }

  /**
   * Makes the balances a plant file declares valid keys of {@code process.residualSigma}; the plant
   * loader calls it for every plant it loads, so a profile may tune the balances of the library's
   * plants and of plants loaded by path, while a misspelt key is still refused.
   */
  public static void declareBalances(Collection<String> names) {
    DECLARED.addAll(names);
  }

  /** Every balance name a profile may give a sigma for: Java kinds' and loaded plants', sorted. */
  public static SortedSet<String> knownBalances() {
    SortedSet<String> all = new TreeSet<>(BALANCES);
    all.addAll(DECLARED);
    return Collections.unmodifiableSortedSet(all);
  }

  static List<String> checkTechniques(List<String> techniques, String where) {
    for (String t : techniques) {
      if (!t.matches("T\\d{4}(\\.\\d{3})?")) {
        throw invalid(where + ": '" + t + "' is not an ATT&CK id", "Write ids like T0855.");
      }
    }
    return List.copyOf(techniques);
  }

  private static void requireId(@Nullable String id, String what) {
    if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
      throw invalid(what + " id '" + id + "' is not kebab-case", "Use ids like fc43-device-id.");
    }
  }

  private static void positive(double v, String what) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw invalid(what + " must be a positive number", "Use e.g. 60.");
    }
  }

  static OtlabException invalid(String message, String remedy) {
    return new OtlabException("DETECTION_PROFILE_INVALID", message + ".", remedy);
  }
}
