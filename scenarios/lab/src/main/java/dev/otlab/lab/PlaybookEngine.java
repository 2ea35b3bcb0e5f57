package dev.otlab.lab;

import dev.otlab.detection.Alert;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ResponseAction;
import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plc.SoftPlc;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Plays a {@link PlaybookSpec} as a run's {@link Defender}: offers every live alert and every
 * sample to the playbook's rules in file order, and when a rule matches and its conditions hold,
 * resolves its references against the architecture and plant the run plays and asks the desk for
 * each action after its delay ({@code who = playbook:<id>}, {@code why} naming the rule and what
 * fired it). Everything happens on the lab's clock thread, so the same seed gives the same
 * responses.
 *
 * <p>Process triggers and conditions read the HMI's view unless the playbook says {@code view:
 * plant}: a playbook stands for people and tools at the plant, and an operator sees the HMI, late
 * by a poll and fooled where an adversary in the middle rewrites what it reports. A reference that
 * resolves to nothing on this architecture (no jump host, an alert without a source, a flow that
 * crosses no conduit) asks for nothing; the engine notes why in {@link #skipped()}, beside the
 * desk's own record of what was done or refused.
 */
public final class PlaybookEngine implements Defender {

  /**
   * A rule that fired.
   *
   * @param time simulated time
   * @param rule rule id, or {@code <rule>/escalate} for its escalation
   * @param why what fired it, as recorded with its actions
   * @param asked how many actions it asked the desk for
   */
  public record Firing(double time, String rule, String why, int asked) {}

  /**
   * An action a rule could not ask for on this architecture.
   *
   * @param time simulated time the rule fired
   * @param rule rule id (or {@code <rule>/escalate})
   * @param action the action as the playbook writes it ({@code isolate-host alert.source})
   * @param reason why nothing was asked, in one sentence
   */
  public record Skipped(double time, String rule, String action, String reason) {}

  private final PlaybookSpec playbook;
  private final String who;
  private @Nullable ResponseDesk desk;
  private final Map<String, ArrayDeque<Double>> counted = new HashMap<>();
  private final Map<String, Double> lastFired = new HashMap<>();
  private final Map<String, Double> holdingSince = new HashMap<>();
  // Actions that hold for the rest of the run once done, and when this playbook asked for each.
  private final Map<ResponseAction, Double> lasting = new HashMap<>();
  private RunTrace.@Nullable Sample latest;
  private final List<Firing> firings = new CopyOnWriteArrayList<>();
  private final List<Skipped> skipped = new CopyOnWriteArrayList<>();

  public PlaybookEngine(PlaybookSpec playbook) {
    this.playbook = playbook;
    this.who = "playbook:" + playbook.id();
  }

  public PlaybookSpec playbook() {
    return playbook;
  }

  /** {@code playbook:<id>}: who its responses are recorded as. */
  public String who() {
    return who;
  }

  /** The rules that fired, in order. */
  public List<Firing> firings() {
    return Collections.unmodifiableList(firings);
  }

  /** The actions a rule could not ask for on this architecture, in order, with why. */
  public List<Skipped> skipped() {
    return Collections.unmodifiableList(skipped);
  }

  @Override
  public void started(ResponseDesk desk) {
    PlaybookRefs.requirePlant(playbook, desk);
    this.desk = desk;
  }

  @Override
  public void alert(Alert alert) {
    ResponseDesk d = desk;
    if (d == null) {
      return;
    }
    for (PlaybookSpec.Rule rule : playbook.rules()) {
      if (!(rule.when() instanceof PlaybookSpec.Trigger.OnAlert on) || !matches(on, alert, d)) {
        continue;
      }
      ArrayDeque<Double> window = counted.computeIfAbsent(rule.id(), k -> new ArrayDeque<>());
      double t = alert.time();
      window.addLast(t);
      if (on.withinSeconds() != null) {
        // Alerts come in the order they were raised; the window ends at the newest.
        double newest = window.stream().mapToDouble(Double::doubleValue).max().orElse(t);
        window.removeIf(x -> x < newest - on.withinSeconds());
      }
      if (window.size() < on.count() || !mayFire(rule, d.now()) || !holds(rule.conditions())) {
        continue;
      }
      int n = window.size();
      window.clear();
      fire(rule, alert, whyAlert(rule, on, alert, n), d);
    }
  }

  @Override
  public void sample(RunTrace.Sample sample) {
    latest = sample;
    ResponseDesk d = desk;
    if (d == null) {
      return;
    }
    for (PlaybookSpec.Rule rule : playbook.rules()) {
      if (!(rule.when() instanceof PlaybookSpec.Trigger.OnProcess on)) {
        continue;
      }
      Double v = value(on.level(), sample);
      if (v == null || !on.level().holds(v)) {
        holdingSince.remove(rule.id());
        continue;
      }
      double since = holdingSince.computeIfAbsent(rule.id(), k -> sample.time());
      if (sample.time() - since < on.forSeconds()
          || !mayFire(rule, d.now())
          || !holds(rule.conditions())) {
        continue;
      }
      String why =
          "rule "
              + rule.id()
              + ": "
              + on.level().describe()
              + (on.forSeconds() > 0 ? " for " + secs(on.forSeconds()) : "")
              + " ("
              + fmt(v)
              + " at t="
              + fmt(sample.time())
              + ")";
      fire(rule, null, why, d);
    }
  }

  /** Whether a rule may fire now: never before, or again when it repeats and its time has come. */
  private boolean mayFire(PlaybookSpec.Rule rule, double now) {
    Double last = lastFired.get(rule.id());
    if (last == null) {
      return true;
    }
    Double every = rule.repeatEverySeconds();
    return every != null && now - last >= every;
  }

  private void fire(PlaybookSpec.Rule rule, @Nullable Alert alert, String why, ResponseDesk d) {
    double now = d.now();
    lastFired.put(rule.id(), now);
    int asked = ask(rule.id(), rule.actions(), alert, why, d, now);
    firings.add(new Firing(now, rule.id(), why, asked));
    PlaybookSpec.Escalation esc = rule.escalate();
    if (esc != null) {
      d.later(
          who + ":" + rule.id() + ":escalate",
          esc.afterSeconds(),
          () -> {
            if (!holds(esc.conditions())) {
              return;
            }
            double at = d.now();
            String because =
                "rule "
                    + rule.id()
                    + " escalated "
                    + secs(esc.afterSeconds())
                    + " after it fired"
                    + conditionsText(esc.conditions())
                    + " (first: "
                    + why
                    + ")";
            String id = rule.id() + "/escalate";
            int n = ask(id, esc.actions(), alert, because, d, at);
            firings.add(new Firing(at, id, because, n));
          });
    }
  }

  private int ask(
      String rule,
      List<PlaybookSpec.Action> actions,
      @Nullable Alert alert,
      String why,
      ResponseDesk d,
      double now) {
    PlaybookRefs refs = new PlaybookRefs(d.architecture(), d.plant(), alert);
    int asked = 0;
    for (PlaybookSpec.Action a : actions) {
      PlaybookRefs.Resolved r = refs.resolve(a.what());
      if (r.actions().isEmpty()) {
        skipped.add(new Skipped(now, rule, PlaybookRefs.describe(a.what()), r.reason()));
        continue;
      }
      for (ResponseAction action : r.actions()) {
        Double before = lasting.get(action);
        if (before != null) {
          // An isolated host stays isolated: asking again would only repeat the record (a
          // response's own side effects raise alerts, which fire rules again).
          skipped.add(
              new Skipped(
                  now,
                  rule,
                  PlaybookRefs.describe(a.what()),
                  action.describe() + " was asked already at t=" + fmt(before) + " and lasts"));
          continue;
        }
        if (lasts(action)) {
          lasting.put(action, now);
        }
        d.act(action, who, why, a.afterSeconds());
        asked++;
      }
    }
    return asked;
  }

  /**
   * Whether an action holds for the rest of the run once carried out (nothing undoes it), so asking
   * for it again changes nothing. Resets, restores, kills, safe states and operator writes act once
   * and may be needed again.
   */
  private static boolean lasts(ResponseAction a) {
    return a instanceof ResponseAction.IsolateHost
        || a instanceof ResponseAction.BlockFlow
        || a instanceof ResponseAction.TightenConduit
        || a instanceof ResponseAction.DisableAccount;
  }

  private boolean holds(List<PlaybookSpec.Condition> conditions) {
    for (PlaybookSpec.Condition c : conditions) {
      boolean ok;
      if (c instanceof PlaybookSpec.Condition.Process p) {
        RunTrace.Sample s = latest;
        Double v = s == null ? null : value(p.level(), s);
        ok = v != null && p.level().holds(v);
      } else if (c instanceof PlaybookSpec.Condition.Done done) {
        ok = lastFired.containsKey(done.rule());
      } else {
        ok = !lastFired.containsKey(((PlaybookSpec.Condition.NotDone) c).rule());
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable Double value(PlaybookSpec.Level level, RunTrace.Sample s) {
    return (level.view() == PlaybookSpec.View.HMI ? s.hmiValues() : s.trueValues())
        .get(level.tag());
  }

  private static boolean matches(PlaybookSpec.Trigger.OnAlert on, Alert a, ResponseDesk d) {
    if (on.detector() != null && !on.detector().equals(a.detector())) {
      return false;
    }
    if (on.rule() != null && !on.rule().equals(a.rule())) {
      return false;
    }
    if (on.technique() != null && !a.techniques().contains(on.technique())) {
      return false;
    }
    // AlertSeverity lists the most severe first.
    if (a.severity().ordinal() > on.severity().ordinal()) {
      return false;
    }
    PlaybookRefs refs = new PlaybookRefs(d.architecture(), d.plant(), null);
    if (on.host() != null) {
      Set<String> hosts = refs.hosts(on.host());
      if (!hosts.contains(a.sourceHost()) && !hosts.contains(a.destinationHost())) {
        return false;
      }
    }
    if (on.source() != null && !refs.hosts(on.source()).contains(a.sourceHost())) {
      return false;
    }
    return on.destination() == null || refs.hosts(on.destination()).contains(a.destinationHost());
  }

  private static String whyAlert(
      PlaybookSpec.Rule rule, PlaybookSpec.Trigger.OnAlert on, Alert a, int counted) {
    StringBuilder b = new StringBuilder("rule ").append(rule.id()).append(": alert ");
    b.append(a.detector()).append('/').append(a.rule());
    if (!a.techniques().isEmpty()) {
      b.append(' ').append(String.join(",", a.techniques()));
    }
    String src = a.sourceHost();
    String dst = a.destinationHost();
    if (src != null && dst != null) {
      b.append(" from ").append(src).append(" to ").append(dst);
    } else if (src != null || dst != null) {
      b.append(" on ").append(src != null ? src : dst);
    }
    b.append(" at t=").append(fmt(a.time()));
    if (on.count() > 1) {
      b.append(" (").append(counted).append(" matching alerts");
      if (on.withinSeconds() != null) {
        b.append(" within ").append(secs(on.withinSeconds()));
      }
      b.append(')');
    }
    return b.toString();
  }

  private static String conditionsText(List<PlaybookSpec.Condition> conditions) {
    List<String> parts = new ArrayList<>();
    for (PlaybookSpec.Condition c : conditions) {
      if (c instanceof PlaybookSpec.Condition.Process p) {
        parts.add(p.level().describe());
      } else if (c instanceof PlaybookSpec.Condition.Done done) {
        parts.add("rule " + done.rule() + " done");
      } else {
        parts.add("rule " + ((PlaybookSpec.Condition.NotDone) c).rule() + " not done");
      }
    }
    return parts.isEmpty() ? "" : " and " + String.join(" and ", parts);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String secs(double v) {
    return PlaybookRefs.num(v) + " s";
  }

  /**
   * Resolves a playbook's references against one architecture and plant, for one alert (or none):
   * each template becomes the concrete actions it names, or a reason why it names none here.
   */
  static final class PlaybookRefs {

    /** What a template names here: the actions, or (when none) why not. */
    record Resolved(List<ResponseAction> actions, String reason) {}

    private final ArchitectureSpec architecture;
    private final PlantSpec plant;
    private final @Nullable Alert alert;

    PlaybookRefs(ArchitectureSpec architecture, PlantSpec plant, @Nullable Alert alert) {
      this.architecture = architecture;
      this.plant = plant;
      this.alert = alert;
    }

    static void requirePlant(PlaybookSpec playbook, ResponseDesk desk) {
      dev.otlab.library.PlaybookLoader.requirePlant(
          playbook, desk.plant().id(), desk.architecture().id());
    }

    /** Host ids a reference names, in architecture order. */
    Set<String> hosts(PlaybookSpec.Ref ref) {
      Set<String> out = new LinkedHashSet<>();
      switch (ref.kind()) {
        case ALERT_SOURCE -> addHost(out, alert == null ? null : alert.sourceHost());
        case ALERT_DESTINATION -> addHost(out, alert == null ? null : alert.destinationHost());
        case PLC ->
            architecture.hosts().stream()
                .filter(h -> ref.value().equals(h.controller()))
                .forEach(h -> out.add(h.id()));
        case ROLE ->
            architecture.hosts().stream()
                .filter(h -> Names.yaml(h.role()).equals(ref.value()))
                .forEach(h -> out.add(h.id()));
        case ID -> addHost(out, ref.value());
        default -> {}
      }
      return out;
    }

    private void addHost(Set<String> out, @Nullable String id) {
      if (id != null && architecture.host(id).isPresent()) {
        out.add(id);
      }
    }

    /** Conduit ids a reference names. */
    Set<String> conduits(PlaybookSpec.Ref ref) {
      Set<String> out = new LinkedHashSet<>();
      if (ref.kind() == PlaybookSpec.Ref.Kind.ALERT_PATH) {
        if (alert == null || alert.sourceHost() == null || alert.destinationHost() == null) {
          return out;
        }
        Optional<HostSpec> a = architecture.host(alert.sourceHost());
        Optional<HostSpec> b = architecture.host(alert.destinationHost());
        if (a.isPresent() && b.isPresent()) {
          NetworkFabric.zonePath(architecture, a.get().zones(), b.get().zones())
              .ifPresent(p -> p.forEach(c -> out.add(c.id())));
        }
      } else if (architecture.conduit(ref.value()).isPresent()) {
        out.add(ref.value());
      }
      return out;
    }

    /** Account ids a reference names. */
    Set<String> accounts(PlaybookSpec.Ref ref) {
      Set<String> out = new LinkedHashSet<>();
      if (ref.kind() == PlaybookSpec.Ref.Kind.ACCOUNTS_ON) {
        Set<String> on = hosts(ref.hostsOf());
        for (AccountSpec acc : architecture.accounts()) {
          if (on.stream().anyMatch(acc::keptOn)) {
            out.add(acc.id());
          }
        }
      } else if (architecture.account(ref.value()).isPresent()) {
        out.add(ref.value());
      }
      return out;
    }

    /**
     * Plant controller ids a reference names: {@code plc:ID} itself, else the hosts' controllers.
     */
    Set<String> controllers(PlaybookSpec.Ref ref, SoftPlc.@Nullable Kind kind) {
      Set<String> out = new LinkedHashSet<>();
      if (ref.kind() == PlaybookSpec.Ref.Kind.PLC) {
        plant.controller(ref.value()).ifPresent(c -> out.add(c.id()));
      } else {
        for (String h : hosts(ref)) {
          String c = architecture.host(h).map(HostSpec::controller).orElse(null);
          if (c != null) {
            out.add(c);
          }
        }
      }
      if (kind != null) {
        out.removeIf(c -> plant.controller(c).map(ControllerSpec::kind).orElse(null) != kind);
      }
      return out;
    }

    Resolved resolve(PlaybookSpec.Template t) {
      List<ResponseAction> out = new ArrayList<>();
      String reason;
      if (t instanceof PlaybookSpec.Template.IsolateHost x) {
        hosts(x.host()).forEach(h -> out.add(new ResponseAction.IsolateHost(h)));
        reason = noHost(x.host());
      } else if (t instanceof PlaybookSpec.Template.BlockFlow x) {
        Set<String> src = hosts(x.source());
        Set<String> dst = hosts(x.destination());
        List<@Nullable String> via = new ArrayList<>();
        if (x.conduit() == null) {
          via.add(null);
        } else {
          via.addAll(conduits(x.conduit()));
        }
        for (String s : src) {
          for (String d : dst) {
            for (String c : via) {
              if (!s.equals(d)) {
                out.add(new ResponseAction.BlockFlow(s, d, x.protocol(), c));
              }
            }
          }
        }
        reason =
            src.isEmpty()
                ? noHost(x.source())
                : dst.isEmpty()
                    ? noHost(x.destination())
                    : via.isEmpty() ? noConduit(x.conduit()) : SAME_HOST;
      } else if (t instanceof PlaybookSpec.Template.TightenConduit x) {
        conduits(x.conduit()).forEach(c -> out.add(new ResponseAction.TightenConduit(c, x.to())));
        reason = noConduit(x.conduit());
      } else if (t instanceof PlaybookSpec.Template.KillConnections x) {
        Set<String> src = hosts(x.source());
        Set<String> dst = hosts(x.destination());
        for (String s : src) {
          for (String d : dst) {
            if (!s.equals(d)) {
              out.add(new ResponseAction.KillConnections(s, d));
            }
          }
        }
        reason =
            src.isEmpty()
                ? noHost(x.source())
                : dst.isEmpty() ? noHost(x.destination()) : SAME_HOST;
      } else if (t instanceof PlaybookSpec.Template.DisableAccount x) {
        accounts(x.account()).forEach(a -> out.add(new ResponseAction.DisableAccount(a)));
        reason = noAccount(x.account());
      } else if (t instanceof PlaybookSpec.Template.ResetCredential x) {
        accounts(x.account()).forEach(a -> out.add(new ResponseAction.ResetCredential(a)));
        reason = noAccount(x.account());
      } else if (t instanceof PlaybookSpec.Template.SafeState x) {
        controllers(x.controller(), null)
            .forEach(c -> out.add(new ResponseAction.SafeState(c, x.mode())));
        reason = noController(x.controller(), "");
      } else if (t instanceof PlaybookSpec.Template.RestoreProgram x) {
        controllers(x.controller(), null)
            .forEach(c -> out.add(new ResponseAction.RestoreProgram(c)));
        reason = noController(x.controller(), "");
      } else if (t instanceof PlaybookSpec.Template.ResetSis x) {
        controllers(x.controller(), SoftPlc.Kind.SIS)
            .forEach(c -> out.add(new ResponseAction.ResetSis(c)));
        reason = noController(x.controller(), "safety ");
      } else {
        PlaybookSpec.Template.Operator x = (PlaybookSpec.Template.Operator) t;
        if (x.hmi() == null) {
          out.add(new ResponseAction.OperatorAction(null, x.tag(), x.value()));
          reason = "";
        } else {
          hosts(x.hmi())
              .forEach(h -> out.add(new ResponseAction.OperatorAction(h, x.tag(), x.value())));
          reason = noHost(x.hmi());
        }
      }
      return new Resolved(List.copyOf(new LinkedHashSet<>(out)), reason);
    }

    private static final String SAME_HOST = "its source and destination are the same host";

    private String noHost(PlaybookSpec.Ref ref) {
      return switch (ref.kind()) {
        case ALERT_SOURCE ->
            alert == null || alert.sourceHost() == null
                ? "the alert names no source host"
                : "the alert's source "
                    + alert.sourceHost()
                    + " is no host of "
                    + architecture.id();
        case ALERT_DESTINATION ->
            alert == null || alert.destinationHost() == null
                ? "the alert names no destination host"
                : "the alert's destination "
                    + alert.destinationHost()
                    + " is no host of "
                    + architecture.id();
        case PLC -> architecture.id() + " has no host running controller " + ref.value();
        case ROLE -> architecture.id() + " has no " + ref.value() + " host";
        default -> architecture.id() + " has no host " + ref.value();
      };
    }

    private String noConduit(PlaybookSpec.@Nullable Ref ref) {
      if (ref == null || ref.kind() == PlaybookSpec.Ref.Kind.ALERT_PATH) {
        if (alert == null || alert.sourceHost() == null || alert.destinationHost() == null) {
          return "the alert names no flow between two hosts, so it has no path";
        }
        return "the flow from "
            + alert.sourceHost()
            + " to "
            + alert.destinationHost()
            + " crosses no conduit of "
            + architecture.id();
      }
      return architecture.id() + " has no conduit " + ref.value();
    }

    private String noAccount(PlaybookSpec.Ref ref) {
      if (ref.kind() == PlaybookSpec.Ref.Kind.ACCOUNTS_ON) {
        Set<String> on = hosts(ref.hostsOf());
        return on.isEmpty()
            ? noHost(ref.hostsOf())
            : architecture.id() + " keeps no account on " + String.join(", ", on);
      }
      return architecture.id() + " has no account " + ref.value();
    }

    private String noController(PlaybookSpec.Ref ref, String kind) {
      if (ref.kind() == PlaybookSpec.Ref.Kind.PLC) {
        return "plant " + plant.id() + " has no " + kind + "controller " + ref.value();
      }
      Set<String> on = hosts(ref);
      return on.isEmpty()
          ? noHost(ref)
          : String.join(", ", on) + " runs no " + kind + "controller of plant " + plant.id();
    }

    /** The template as a playbook writes it, for notes: {@code isolate-host alert.source}. */
    static String describe(PlaybookSpec.Template t) {
      String refs = String.join(", ", t.refs().stream().map(PlaybookSpec.Ref::text).toList());
      String more = "";
      if (t instanceof PlaybookSpec.Template.Operator o) {
        more = (refs.isEmpty() ? "" : " ") + o.tag() + "=" + num(o.value());
      } else if (t instanceof PlaybookSpec.Template.TightenConduit c) {
        more = " to " + c.to().yaml();
      } else if (t instanceof PlaybookSpec.Template.SafeState s) {
        more = " (" + s.mode().yaml() + ")";
      }
      return t.kind() + " " + refs + more;
    }

    static String num(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
  }
}
