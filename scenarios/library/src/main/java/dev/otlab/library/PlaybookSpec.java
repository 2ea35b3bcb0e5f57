package dev.otlab.library;

import dev.otlab.detection.AlertSeverity;
import dev.otlab.network.Protocol;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A response playbook as data: rules that watch a running lab's live alerts and the plant's values,
 * and act through its response desk when they match. Like a scenario it names no architecture's
 * hosts: it refers to them through {@link Ref}s ({@code alert.source}, {@code plc:plc-treatment},
 * {@code role:jump-host}, a host id), resolved against the architecture a run plays when a rule
 * fires. The loader ({@link PlaybookLoader}) checks everything a file can say wrong with paths;
 * these records check their own invariants, so a spec built in code holds them too.
 *
 * @param id playbook id ({@code who} of its responses is {@code playbook:<id>})
 * @param title one line for people
 * @param plant the plant it is written for
 * @param description when to use it, and what it costs
 * @param rules its rules, in file order (one alert or sample is offered to them in this order)
 */
public record PlaybookSpec(
    String id, String title, String plant, String description, List<Rule> rules) {

  public PlaybookSpec {
    requireText("id", id);
    requireText("plant", plant);
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("playbook " + id + " has no rules");
    }
    Set<String> ids = new HashSet<>();
    for (Rule r : rules) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("playbook " + id + ": rule " + r.id() + " twice");
      }
    }
    for (Rule r : rules) {
      for (Condition c : r.conditions()) {
        checkRuleNamed(c, ids, r.id());
      }
      if (r.escalate() != null) {
        for (Condition c : r.escalate().conditions()) {
          checkRuleNamed(c, ids, r.id());
        }
      }
    }
  }

  private static void checkRuleNamed(Condition c, Set<String> ids, String rule) {
    String named =
        c instanceof Condition.Done d
            ? d.rule()
            : c instanceof Condition.NotDone n ? n.rule() : null;
    if (named != null && !ids.contains(named)) {
      throw new IllegalArgumentException("rule " + rule + " names no rule " + named);
    }
  }

  /** The rule with {@code id}. */
  public java.util.Optional<Rule> rule(String ruleId) {
    return rules.stream().filter(r -> r.id().equals(ruleId)).findFirst();
  }

  /**
   * One rule: a trigger, conditions that must hold when it matches, the actions it asks for, an
   * optional escalation, and whether it may fire again.
   *
   * @param id rule id, unique in the playbook
   * @param description what it is for, for people (may be empty)
   * @param when what makes it fire
   * @param conditions what must also hold then (all of them)
   * @param actions what it asks the desk for, each after its own delay
   * @param escalate a second look some time after it fired, or null
   * @param repeatEverySeconds null: fires once; else it may fire again once this long has passed
   */
  public record Rule(
      String id,
      String description,
      Trigger when,
      List<Condition> conditions,
      List<Action> actions,
      @Nullable Escalation escalate,
      @Nullable Double repeatEverySeconds) {

    public Rule {
      requireText("rule id", id);
      description = description == null ? "" : description;
      if (when == null) {
        throw new IllegalArgumentException("rule " + id + " says when it fires");
      }
      conditions = List.copyOf(conditions);
      actions = List.copyOf(actions);
      if (actions.isEmpty()) {
        throw new IllegalArgumentException("rule " + id + " has no actions");
      }
      if (repeatEverySeconds != null && !(repeatEverySeconds > 0)) {
        throw new IllegalArgumentException("rule " + id + ": repeat every must be positive");
      }
      if (!(when instanceof Trigger.OnAlert)) {
        for (Action a : actions) {
          requireNoAlertRef(id, a);
        }
        if (escalate != null) {
          escalate.actions().forEach(a -> requireNoAlertRef(id, a));
        }
      }
    }

    private static void requireNoAlertRef(String rule, Action a) {
      for (Ref r : a.what().refs()) {
        if (r.fromAlert()) {
          throw new IllegalArgumentException(
              "rule " + rule + " fires on the process, so it has no alert to take " + r + " from");
        }
      }
    }
  }

  /** What makes a rule fire. */
  public sealed interface Trigger {

    /**
     * Alerts: {@code count} matching alerts within {@code withinSeconds} (the newest and the oldest
     * counted at most that far apart).
     *
     * @param detector the detector that raised it ({@code rules}, {@code baseline}, ...), or null
     * @param rule the rule or check within the detector, or null
     * @param technique an ATT&amp;CK for ICS technique the alert is tagged with, or null
     * @param severity at least this severe ({@link AlertSeverity#LOW} matches every alert)
     * @param host either end of the alert's flow is one of the hosts this names, or null
     * @param source its source is one of these hosts, or null
     * @param destination its destination is one of these hosts, or null
     * @param count how many matching alerts it takes (at least 1)
     * @param withinSeconds how close together they must be; null for anywhere in the run
     */
    record OnAlert(
        @Nullable String detector,
        @Nullable String rule,
        @Nullable String technique,
        AlertSeverity severity,
        @Nullable Ref host,
        @Nullable Ref source,
        @Nullable Ref destination,
        int count,
        @Nullable Double withinSeconds)
        implements Trigger {
      public OnAlert {
        if (severity == null) {
          throw new IllegalArgumentException("an alert trigger has a least severity");
        }
        if (count < 1) {
          throw new IllegalArgumentException("an alert trigger counts at least one alert");
        }
        if (withinSeconds != null && !(withinSeconds > 0)) {
          throw new IllegalArgumentException("an alert trigger's window must be positive");
        }
        for (Ref r : new Ref[] {host, source, destination}) {
          if (r != null && !r.namesHosts()) {
            throw new IllegalArgumentException(r + " names no hosts: an alert is matched on hosts");
          }
          if (r != null && r.fromAlert()) {
            throw new IllegalArgumentException(r + " cannot match the alert it is taken from");
          }
        }
      }
    }

    /**
     * The plant: {@code tag} above or below (or between) its bounds in every sample for {@code
     * forSeconds}.
     */
    record OnProcess(Level level, double forSeconds) implements Trigger {
      public OnProcess {
        if (level == null) {
          throw new IllegalArgumentException("a process trigger names a tag and its bounds");
        }
        if (!(forSeconds >= 0) || !Double.isFinite(forSeconds)) {
          throw new IllegalArgumentException("a process trigger holds for 0 s or more");
        }
      }
    }
  }

  /** Whose values a process trigger or condition reads. */
  public enum View {
    /**
     * What the operator's HMI last polled: what a person at the plant sees, late by a poll and
     * falsified when an adversary in the middle rewrites the answers. The default.
     */
    HMI,
    /**
     * The true values in the plant: what an independent instrument (a second transmitter, a safety
     * system's own sensor) reads; for automated responses that do not trust the HMI.
     */
    PLANT;

    public String yaml() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A tag's value against bounds: above {@code above}, below {@code below}, or between when both.
   */
  public record Level(String tag, @Nullable Double above, @Nullable Double below, View view) {
    public Level {
      requireText("tag", tag);
      if (above == null && below == null) {
        throw new IllegalArgumentException(tag + ": a level needs above, below or both");
      }
      if (above != null && !Double.isFinite(above) || below != null && !Double.isFinite(below)) {
        throw new IllegalArgumentException(tag + ": bounds are finite");
      }
      if (view == null) {
        throw new IllegalArgumentException(tag + ": a level says whose values it reads");
      }
    }

    /** Whether {@code value} is past the bounds. */
    public boolean holds(double value) {
      return (above == null || value > above) && (below == null || value < below);
    }

    /** "treated_level above 3.5 on the HMI". */
    public String describe() {
      return tag
          + (above != null ? " above " + num(above) : "")
          + (above != null && below != null ? " and" : "")
          + (below != null ? " below " + num(below) : "")
          + (view == View.HMI ? " on the HMI" : " in the plant");
    }
  }

  /** What must hold when a rule fires or escalates. */
  public sealed interface Condition {
    /** The plant's value now (the latest sample). */
    record Process(Level level) implements Condition {
      public Process {
        if (level == null) {
          throw new IllegalArgumentException("a process condition names a level");
        }
      }
    }

    /** Another rule (or this one) has fired. */
    record Done(String rule) implements Condition {
      public Done {
        requireText("rule", rule);
      }
    }

    /** Another rule (or this one) has not fired. */
    record NotDone(String rule) implements Condition {
      public NotDone {
        requireText("rule", rule);
      }
    }
  }

  /**
   * A second look {@code afterSeconds} after the rule fired: when its conditions hold then, its
   * actions are asked for.
   */
  public record Escalation(double afterSeconds, List<Condition> conditions, List<Action> actions) {
    public Escalation {
      if (!(afterSeconds > 0) || !Double.isFinite(afterSeconds)) {
        throw new IllegalArgumentException("an escalation looks again after a positive delay");
      }
      conditions = List.copyOf(conditions);
      actions = List.copyOf(actions);
      if (actions.isEmpty()) {
        throw new IllegalArgumentException("an escalation has actions");
      }
    }
  }

  /**
   * One action of a rule, on references, and the delay before the desk carries it out (the time a
   * person or a tool takes to respond).
   */
  public record Action(Template what, double afterSeconds) {
    public Action {
      if (what == null) {
        throw new IllegalArgumentException("an action says what to do");
      }
      if (!(afterSeconds >= 0) || !Double.isFinite(afterSeconds)) {
        throw new IllegalArgumentException("an action's delay is 0 s or more");
      }
    }
  }

  /**
   * A {@link ResponseAction} on references instead of ids: each kind mirrors the response kind of
   * the same YAML name, and the engine turns it into one action per resolved id (or combination).
   */
  public sealed interface Template {

    /** The kind's YAML name, as {@link ResponseAction#kind()}. */
    String kind();

    /** The references it holds, for checks. */
    List<Ref> refs();

    /** {@code isolate-host: <host>}. */
    record IsolateHost(Ref host) implements Template {
      public IsolateHost {
        requireHosts(host);
      }

      @Override
      public String kind() {
        return "isolate-host";
      }

      @Override
      public List<Ref> refs() {
        return List.of(host);
      }
    }

    /** {@code block-flow: {source, destination, protocol, conduit}}. */
    record BlockFlow(
        Ref source, Ref destination, @Nullable Protocol protocol, @Nullable Ref conduit)
        implements Template {
      public BlockFlow {
        requireHosts(source);
        requireHosts(destination);
        if (conduit != null) {
          requireConduits(conduit);
        }
      }

      @Override
      public String kind() {
        return "block-flow";
      }

      @Override
      public List<Ref> refs() {
        return conduit == null
            ? List.of(source, destination)
            : List.of(source, destination, conduit);
      }
    }

    /** {@code tighten-conduit: {conduit, to}}. */
    record TightenConduit(Ref conduit, ResponseAction.Tightening to) implements Template {
      public TightenConduit {
        requireConduits(conduit);
        if (to == null) {
          throw new IllegalArgumentException("tighten-conduit says what to tighten to");
        }
      }

      @Override
      public String kind() {
        return "tighten-conduit";
      }

      @Override
      public List<Ref> refs() {
        return List.of(conduit);
      }
    }

    /** {@code kill-connections: {source, destination}}. */
    record KillConnections(Ref source, Ref destination) implements Template {
      public KillConnections {
        requireHosts(source);
        requireHosts(destination);
      }

      @Override
      public String kind() {
        return "kill-connections";
      }

      @Override
      public List<Ref> refs() {
        return List.of(source, destination);
      }
    }

    /** {@code disable-account: <account>}. */
    record DisableAccount(Ref account) implements Template {
      public DisableAccount {
        requireAccounts(account);
      }

      @Override
      public String kind() {
        return "disable-account";
      }

      @Override
      public List<Ref> refs() {
        return List.of(account);
      }
    }

    /** {@code reset-credential: <account>}. */
    record ResetCredential(Ref account) implements Template {
      public ResetCredential {
        requireAccounts(account);
      }

      @Override
      public String kind() {
        return "reset-credential";
      }

      @Override
      public List<Ref> refs() {
        return List.of(account);
      }
    }

    /** {@code safe-state: {controller, mode}}. */
    record SafeState(Ref controller, ResponseAction.SafeMode mode) implements Template {
      public SafeState {
        requireHosts(controller);
        if (mode == null) {
          throw new IllegalArgumentException("safe-state says which mode");
        }
      }

      @Override
      public String kind() {
        return "safe-state";
      }

      @Override
      public List<Ref> refs() {
        return List.of(controller);
      }
    }

    /** {@code restore-program: <controller>}. */
    record RestoreProgram(Ref controller) implements Template {
      public RestoreProgram {
        requireHosts(controller);
      }

      @Override
      public String kind() {
        return "restore-program";
      }

      @Override
      public List<Ref> refs() {
        return List.of(controller);
      }
    }

    /** {@code reset-sis: <controller>}. */
    record ResetSis(Ref controller) implements Template {
      public ResetSis {
        requireHosts(controller);
      }

      @Override
      public String kind() {
        return "reset-sis";
      }

      @Override
      public List<Ref> refs() {
        return List.of(controller);
      }
    }

    /** {@code operator: {tag, value, hmi}}. */
    record Operator(@Nullable Ref hmi, String tag, double value) implements Template {
      public Operator {
        if (hmi != null) {
          requireHosts(hmi);
        }
        requireText("tag", tag);
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException("an operator action writes a finite value");
        }
      }

      @Override
      public String kind() {
        return "operator";
      }

      @Override
      public List<Ref> refs() {
        return hmi == null ? List.of() : List.of(hmi);
      }
    }

    private static void requireHosts(Ref r) {
      if (r == null || !r.namesHosts()) {
        throw new IllegalArgumentException(r + " names no host");
      }
    }

    private static void requireConduits(Ref r) {
      if (r == null || !r.namesConduits()) {
        throw new IllegalArgumentException(r + " names no conduit");
      }
    }

    private static void requireAccounts(Ref r) {
      if (r == null || !r.namesAccounts()) {
        throw new IllegalArgumentException(r + " names no account");
      }
    }
  }

  /**
   * A reference to hosts, conduits or accounts of whatever architecture a run plays, resolved when
   * a rule fires:
   *
   * <ul>
   *   <li>{@code alert.source}, {@code alert.destination}: the hosts of the alert that fired the
   *       rule; {@code alert.path}: the conduits its flow crosses
   *   <li>{@code plc:<controller>}: the host that runs that plant controller (for a controller
   *       action, the controller itself)
   *   <li>{@code role:<role>}: every host of that role
   *   <li>{@code accounts-on:<host reference>}: every account kept on those hosts
   *   <li>anything else: a host, conduit or account id (by where it is written)
   * </ul>
   */
  public record Ref(String text) {

    /** What a reference names. */
    public enum Kind {
      ALERT_SOURCE,
      ALERT_DESTINATION,
      ALERT_PATH,
      PLC,
      ROLE,
      ACCOUNTS_ON,
      ID
    }

    public static final String ALERT_SOURCE = "alert.source";
    public static final String ALERT_DESTINATION = "alert.destination";
    public static final String ALERT_PATH = "alert.path";
    public static final String ACCOUNTS_ON = "accounts-on:";

    public Ref {
      requireText("reference", text);
      if (text.startsWith(ACCOUNTS_ON)) {
        Ref inner = new Ref(text.substring(ACCOUNTS_ON.length()));
        if (!inner.namesHosts()) {
          throw new IllegalArgumentException(text + ": accounts-on names hosts");
        }
      } else if (text.startsWith("alert.")
          && !List.of(ALERT_SOURCE, ALERT_DESTINATION, ALERT_PATH).contains(text)) {
        throw new IllegalArgumentException(
            text + " is no part of an alert: alert.source, alert.destination or alert.path");
      } else if ((text.startsWith("plc:") || text.startsWith("role:"))
          && text.indexOf(':') == text.length() - 1) {
        throw new IllegalArgumentException(text + " names nothing after the colon");
      }
    }

    public Kind kind() {
      if (text.startsWith(ACCOUNTS_ON)) {
        return Kind.ACCOUNTS_ON;
      }
      return switch (text) {
        case ALERT_SOURCE -> Kind.ALERT_SOURCE;
        case ALERT_DESTINATION -> Kind.ALERT_DESTINATION;
        case ALERT_PATH -> Kind.ALERT_PATH;
        default ->
            text.startsWith("plc:") ? Kind.PLC : text.startsWith("role:") ? Kind.ROLE : Kind.ID;
      };
    }

    /** The part after {@code plc:}, {@code role:} or {@code accounts-on:}; else the text. */
    public String value() {
      return switch (kind()) {
        case PLC -> text.substring(4);
        case ROLE -> text.substring(5);
        case ACCOUNTS_ON -> text.substring(ACCOUNTS_ON.length());
        default -> text;
      };
    }

    /** The host reference of {@code accounts-on:<host reference>}. */
    public Ref hostsOf() {
      if (kind() != Kind.ACCOUNTS_ON) {
        throw new IllegalStateException(text + " is no accounts-on reference");
      }
      return new Ref(value());
    }

    /** Whether it is taken from the alert that fired the rule (directly or through accounts-on). */
    public boolean fromAlert() {
      return switch (kind()) {
        case ALERT_SOURCE, ALERT_DESTINATION, ALERT_PATH -> true;
        case ACCOUNTS_ON -> hostsOf().fromAlert();
        default -> false;
      };
    }

    public boolean namesHosts() {
      return switch (kind()) {
        case ALERT_SOURCE, ALERT_DESTINATION, PLC, ROLE, ID -> true;
        default -> false;
      };
    }

    public boolean namesConduits() {
      return kind() == Kind.ALERT_PATH || kind() == Kind.ID;
    }

    public boolean namesAccounts() {
      return kind() == Kind.ACCOUNTS_ON || kind() == Kind.ID;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static void requireText(String what, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a playbook names its " + what);
    }
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
