package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.attacks.TechniqueCatalogue;
import dev.otlab.core.OtlabException;
import dev.otlab.detection.AlertSeverity;
import dev.otlab.detection.DetectorKind;
import dev.otlab.detection.DetectorKinds;
import dev.otlab.network.HostRole;
import dev.otlab.network.Names;
import dev.otlab.network.Protocol;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plant.TagSpec;
import dev.otlab.simulator.plc.SoftPlc;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Loads and validates playbook files ({@code scenarios/library/playbooks/NAME.yaml} or a path): the
 * schema first, then what it cannot see (the plant's tags and controllers, detectors and techniques
 * that exist, rules that name other rules, alert references in rules that fire on the plant's
 * values, bounds that can never hold), every problem with its path at once. Only a valid file
 * becomes a {@link PlaybookSpec}.
 */
public final class PlaybookLoader {

  private PlaybookLoader() {}

  /** A playbook of the library by name, or a file by path. */
  public static PlaybookSpec load(String nameOrPath) {
    Library.Source src = Library.read("playbooks", nameOrPath);
    return parse(src.name(), src.text());
  }

  public static PlaybookSpec parse(String name, String yaml) {
    return Reader.validate("PLAYBOOK_INVALID", "playbook", name, yaml, PlaybookLoader::read);
  }

  /**
   * Refuses a playbook written for another plant than the one a run plays.
   *
   * @throws OtlabException {@code PLAYBOOK_PLANT_MISMATCH}
   */
  public static void requirePlant(PlaybookSpec playbook, String plant, String architecture) {
    if (!playbook.plant().equals(plant)) {
      throw new OtlabException(
          "PLAYBOOK_PLANT_MISMATCH",
          "Playbook '"
              + playbook.id()
              + "' is written for plant "
              + playbook.plant()
              + ", and architecture '"
              + architecture
              + "' runs plant "
              + plant
              + ".",
          "Pick a playbook of plant "
              + plant
              + " (otlab lists the library's in the error of an unknown name), or write one.");
    }
  }

  private static final Map<String, AlertSeverity> SEVERITIES =
      Reader.byYamlName(AlertSeverity.values());
  private static final Map<String, PlaybookSpec.View> VIEWS =
      Reader.byYamlName(PlaybookSpec.View.values());
  private static final Map<String, ResponseAction.SafeMode> MODES =
      Reader.byYamlName(ResponseAction.SafeMode.values());
  private static final Map<String, ResponseAction.Tightening> TIGHTENINGS =
      Reader.byYamlName(ResponseAction.Tightening.values());
  private static final Map<String, Protocol> PROTOCOLS = Reader.byYamlName(Protocol.values());

  /** What one file's reading shares. */
  private record Context(Reader r, @Nullable PlantSpec plant, Set<String> ruleIds) {}

  private static @Nullable PlaybookSpec read(JsonNode root, Reader r) {
    if (!r.object(root)) {
      return null;
    }
    String id = r.text(root, "", "id", null);
    String plantId = r.text(root, "", "plant", null);
    PlantSpec plant = r.plant(plantId);
    // Rule ids first, so a condition may name a rule written after it.
    Set<String> ruleIds = new LinkedHashSet<>();
    r.list(
        root,
        "",
        "rules",
        (n, path) -> {
          String rid = n.isObject() ? r.text(n, path, "id", null) : "";
          if (!rid.isEmpty() && !ruleIds.add(rid)) {
            r.problem(
                path + ".id",
                "'" + rid + "' is used by another rule.",
                "Give every rule its own id.");
          }
        });
    Context c = new Context(r, plant, ruleIds);
    List<PlaybookSpec.Rule> rules = new ArrayList<>();
    r.list(
        root,
        "",
        "rules",
        (n, path) -> {
          PlaybookSpec.Rule rule = rule(n, path, c);
          if (rule != null) {
            rules.add(rule);
          }
        });
    if (!r.problems().isEmpty() || rules.isEmpty()) {
      return null;
    }
    return new PlaybookSpec(
        id,
        r.text(root, "", "title", id),
        plant == null ? plantId : plant.id(),
        r.text(root, "", "description", ""),
        rules);
  }

  private static PlaybookSpec.@Nullable Rule rule(JsonNode n, String path, Context c) {
    Reader r = c.r();
    if (!r.object(n)) {
      return null;
    }
    int before = r.problems().size();
    String id = r.text(n, path, "id", null);
    PlaybookSpec.Trigger when = when(n.get("when"), path + ".when", c);
    boolean onAlert = when instanceof PlaybookSpec.Trigger.OnAlert;
    List<PlaybookSpec.Condition> conditions = conditions(n.get("if"), path + ".if", c);
    List<PlaybookSpec.Action> actions = actions(n, path, onAlert, c);
    PlaybookSpec.Escalation escalate = null;
    JsonNode esc = n.get("escalate");
    if (esc != null && r.object(esc)) {
      String ep = path + ".escalate";
      double after =
          esc.has("after")
              ? Durations.secondsOrZero(esc.get("after").asText(), ep + ".after", r)
              : 0;
      List<PlaybookSpec.Condition> econd = conditions(esc.get("if"), ep + ".if", c);
      List<PlaybookSpec.Action> eact = actions(esc, ep, onAlert, c);
      if (after > 0 && !eact.isEmpty()) {
        escalate = new PlaybookSpec.Escalation(after, econd, eact);
      }
    }
    Double every = null;
    String repeat = r.text(n, path, "repeat", "once").trim();
    if (repeat.startsWith("every ")) {
      every = Durations.secondsOrZero(repeat.substring(6), path + ".repeat", r);
    } else if (!repeat.equals("once")) {
      r.problem(
          path + ".repeat",
          "'" + repeat + "' says neither once nor every <duration>.",
          "Write repeat: once, or repeat: every 10m.");
    }
    if (r.problems().size() > before || when == null || actions.isEmpty()) {
      return null;
    }
    return new PlaybookSpec.Rule(
        id, r.text(n, path, "description", ""), when, conditions, actions, escalate, every);
  }

  private static PlaybookSpec.@Nullable Trigger when(@Nullable JsonNode n, String path, Context c) {
    Reader r = c.r();
    if (!r.object(n)) {
      return null;
    }
    JsonNode alert = n.get("alert");
    JsonNode process = n.get("process");
    if (alert != null && process == null && r.object(alert)) {
      return alertTrigger(alert, path + ".alert", c);
    }
    if (process != null && alert == null && r.object(process)) {
      PlaybookSpec.Level level = level(process, path + ".process", c);
      double hold = delay(process, path + ".process", "for", r);
      return level == null ? null : new PlaybookSpec.Trigger.OnProcess(level, hold);
    }
    return null;
  }

  private static PlaybookSpec.@Nullable Trigger alertTrigger(JsonNode n, String path, Context c) {
    Reader r = c.r();
    int before = r.problems().size();
    String detector = n.has("detector") ? r.text(n, path, "detector", null) : null;
    if (detector != null && !detector.isEmpty()) {
      Set<String> known = new TreeSet<>();
      for (DetectorKind<?> k : DetectorKinds.installed().kinds()) {
        known.add(k.name());
      }
      if (!known.contains(detector)) {
        r.problem(
            path + ".detector",
            "'" + detector + "' is not a detector of this lab.",
            "Use one of " + known + ".");
      }
    }
    String technique = n.has("technique") ? r.text(n, path, "technique", null) : null;
    if (technique != null
        && technique.matches("T[0-9]{4}")
        && TechniqueCatalogue.load().entry(technique).isEmpty()) {
      r.problem(
          path + ".technique",
          "'" + technique + "' is not a technique of the ATT&CK for ICS catalogue.",
          "Use a technique id alerts are tagged with, such as T0886 or T0855.");
    }
    PlaybookSpec.Ref host = matchRef(n, path, "host", c);
    PlaybookSpec.Ref source = matchRef(n, path, "source", c);
    PlaybookSpec.Ref destination = matchRef(n, path, "destination", c);
    int count = r.integer(n, path, "count", 1);
    Double within =
        n.has("within")
            ? Durations.secondsOrZero(n.get("within").asText(), path + ".within", r)
            : null;
    if (r.problems().size() > before || count < 1 || (within != null && within <= 0)) {
      return null;
    }
    return new PlaybookSpec.Trigger.OnAlert(
        detector,
        n.has("rule") ? r.text(n, path, "rule", null) : null,
        technique,
        r.choice(n, "severity", SEVERITIES, "low"),
        host,
        source,
        destination,
        count,
        within);
  }

  private static PlaybookSpec.@Nullable Ref matchRef(
      JsonNode n, String path, String field, Context c) {
    if (!n.has(field)) {
      return null;
    }
    String text = c.r().text(n, path, field, null);
    if (text.isEmpty()) {
      return null;
    }
    if (text.startsWith("alert.")) {
      c.r()
          .problem(
              Reader.join(path, field),
              "'" + text + "' refers to the alert being matched.",
              "Match on hosts: plc:<controller>, role:<role> or a host id.");
      return null;
    }
    return hostRef(text, Reader.join(path, field), c);
  }

  /** A level: a tag the view can read and bounds that can hold. */
  private static PlaybookSpec.@Nullable Level level(JsonNode n, String path, Context c) {
    Reader r = c.r();
    int before = r.problems().size();
    String tag = r.text(n, path, "tag", null);
    PlaybookSpec.View view = r.choice(n, "view", VIEWS, "hmi");
    Double above = n.has("above") ? r.number(n, path, "above", null) : null;
    Double below = n.has("below") ? r.number(n, path, "below", null) : null;
    PlantSpec plant = c.plant();
    if (plant != null && !tag.isEmpty()) {
      if (view == PlaybookSpec.View.PLANT && plant.tag(tag).isEmpty()) {
        r.problem(
            path + ".tag",
            "'" + tag + "' is not a process tag of plant " + plant.id() + ".",
            "Use one of " + plant.tags().stream().map(TagSpec::name).toList() + ".");
      } else if (view == PlaybookSpec.View.HMI && !pointTags(plant).contains(tag)) {
        r.problem(
            path + ".tag",
            "'" + tag + "' is not a point the HMI polls from plant " + plant.id() + ".",
            "Use one of " + pointTags(plant) + ", or view: plant for a process tag.");
      }
    }
    if (above != null && below != null && above >= below) {
      r.problem(
          path,
          "is above " + above + " and below " + below + ", which no value is.",
          "Give above alone, below alone, or above lower than below (between).");
    }
    if (r.problems().size() > before || tag.isEmpty() || (above == null && below == null)) {
      return null;
    }
    return new PlaybookSpec.Level(tag, above, below, view);
  }

  private static Set<String> pointTags(PlantSpec plant) {
    Set<String> out = new TreeSet<>();
    for (ControllerSpec cs : plant.controllers()) {
      for (PointBinding p : cs.points()) {
        out.add(p.point().tag());
      }
    }
    return out;
  }

  private static Set<String> writableTags(PlantSpec plant) {
    Set<String> out = new TreeSet<>();
    for (ControllerSpec cs : plant.controllers()) {
      for (PointBinding p : cs.points()) {
        if (p.point().writable()) {
          out.add(p.point().tag());
        }
      }
    }
    return out;
  }

  private static List<PlaybookSpec.Condition> conditions(
      @Nullable JsonNode n, String path, Context c) {
    List<PlaybookSpec.Condition> out = new ArrayList<>();
    Reader r = c.r();
    if (n == null || !r.object(n)) {
      return out;
    }
    JsonNode process = n.get("process");
    if (process != null && r.object(process)) {
      PlaybookSpec.Level level = level(process, path + ".process", c);
      if (level != null) {
        out.add(new PlaybookSpec.Condition.Process(level));
      }
    }
    for (String field : List.of("done", "not-done")) {
      for (String rule : ruleIds(n.get(field), Reader.join(path, field), c)) {
        out.add(
            field.equals("done")
                ? new PlaybookSpec.Condition.Done(rule)
                : new PlaybookSpec.Condition.NotDone(rule));
      }
    }
    return out;
  }

  private static List<String> ruleIds(@Nullable JsonNode n, String path, Context c) {
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    List<JsonNode> items = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(items::add);
    } else {
      items.add(n);
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String at = n.isArray() ? path + "[" + i + "]" : path;
      if (!item.isTextual()) {
        c.r().problem(at, "is not a rule id.", "Write a rule id, or a list of them.");
        continue;
      }
      String rule = item.asText();
      if (!c.ruleIds().contains(rule)) {
        c.r()
            .problem(
                at,
                "'" + rule + "' is not a rule of this playbook.",
                "Name one of " + c.ruleIds() + ".");
      } else {
        out.add(rule);
      }
    }
    return out;
  }

  private static List<PlaybookSpec.Action> actions(
      JsonNode parent, String path, boolean onAlert, Context c) {
    List<PlaybookSpec.Action> out = new ArrayList<>();
    c.r()
        .list(
            parent,
            path,
            "actions",
            (n, ap) -> {
              PlaybookSpec.Action a = action(n, ap, onAlert, c);
              if (a != null) {
                out.add(a);
              }
            });
    return out;
  }

  private static PlaybookSpec.@Nullable Action action(
      JsonNode n, String path, boolean onAlert, Context c) {
    Reader r = c.r();
    if (!r.object(n)) {
      return null;
    }
    int before = r.problems().size();
    double after = delay(n, path, "after", r);
    String kind = null;
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("after")) {
        kind = kind == null ? f : "";
      }
    }
    if (kind == null || kind.isEmpty()) {
      // The schema names the kinds (none or several given).
      return null;
    }
    JsonNode v = n.get(kind);
    String kp = path + "." + kind;
    PlaybookSpec.Template t =
        switch (kind) {
          case "isolate-host" -> hostOf(v, kp, c, PlaybookSpec.Template.IsolateHost::new);
          case "block-flow" -> blockFlow(v, kp, c);
          case "tighten-conduit" -> tighten(v, kp, c);
          case "kill-connections" -> kill(v, kp, c);
          case "disable-account" -> account(v, kp, c, PlaybookSpec.Template.DisableAccount::new);
          case "reset-credential" -> account(v, kp, c, PlaybookSpec.Template.ResetCredential::new);
          case "safe-state" -> safeState(v, kp, c);
          case "restore-program" ->
              controllerOf(v, kp, c, null, PlaybookSpec.Template.RestoreProgram::new);
          case "reset-sis" ->
              controllerOf(v, kp, c, SoftPlc.Kind.SIS, PlaybookSpec.Template.ResetSis::new);
          case "operator" -> operator(v, kp, c);
          default -> null;
        };
    if (t != null && !onAlert) {
      for (PlaybookSpec.Ref ref : t.refs()) {
        if (ref.fromAlert()) {
          r.problem(
              kp,
              "refers to " + ref + ", and the rule fires on the plant's values, not on an alert.",
              "Name hosts by plc:<controller>, role:<role> or id here, or fire the rule on an"
                  + " alert.");
        }
      }
    }
    if (r.problems().size() > before || t == null) {
      return null;
    }
    return new PlaybookSpec.Action(t, after);
  }

  private static PlaybookSpec.@Nullable Template hostOf(
      @Nullable JsonNode v,
      String path,
      Context c,
      java.util.function.Function<PlaybookSpec.Ref, PlaybookSpec.Template> make) {
    PlaybookSpec.Ref ref = v != null && v.isTextual() ? hostRef(v.asText(), path, c) : null;
    return ref == null ? null : make.apply(ref);
  }

  private static PlaybookSpec.@Nullable Template account(
      @Nullable JsonNode v,
      String path,
      Context c,
      java.util.function.Function<PlaybookSpec.Ref, PlaybookSpec.Template> make) {
    if (v == null || !v.isTextual()) {
      return null;
    }
    String text = v.asText();
    if (text.startsWith(PlaybookSpec.Ref.ACCOUNTS_ON)) {
      if (hostRef(text.substring(PlaybookSpec.Ref.ACCOUNTS_ON.length()), path, c) == null) {
        return null;
      }
    } else if (!text.matches("[a-z][a-z0-9_-]*")) {
      return null;
    }
    return make.apply(new PlaybookSpec.Ref(text));
  }

  private static PlaybookSpec.@Nullable Template controllerOf(
      @Nullable JsonNode v,
      String path,
      Context c,
      SoftPlc.@Nullable Kind kind,
      java.util.function.Function<PlaybookSpec.Ref, PlaybookSpec.Template> make) {
    if (v == null || !v.isTextual()) {
      return null;
    }
    PlaybookSpec.Ref ref = controllerRef(v.asText(), path, c, kind);
    return ref == null ? null : make.apply(ref);
  }

  private static PlaybookSpec.@Nullable Ref controllerRef(
      String text, String path, Context c, SoftPlc.@Nullable Kind kind) {
    PlaybookSpec.Ref ref = hostRef(text, path, c);
    PlantSpec plant = c.plant();
    if (ref != null && kind != null && ref.kind() == PlaybookSpec.Ref.Kind.PLC && plant != null) {
      plant
          .controller(ref.value())
          .filter(cs -> cs.kind() != kind)
          .ifPresent(
              cs ->
                  c.r()
                      .problem(
                          path,
                          "'" + cs.id() + "' is not a safety controller.",
                          "Name a safety controller: "
                              + plant.controllers().stream()
                                  .filter(x -> x.kind() == kind)
                                  .map(x -> "plc:" + x.id())
                                  .toList()
                              + "."));
    }
    return ref;
  }

  private static PlaybookSpec.@Nullable Template blockFlow(
      @Nullable JsonNode v, String path, Context c) {
    if (v == null || !c.r().object(v)) {
      return null;
    }
    PlaybookSpec.Ref source = hostField(v, path, "source", c);
    PlaybookSpec.Ref destination = hostField(v, path, "destination", c);
    String protocol = c.r().text(v, path, "protocol", "any");
    PlaybookSpec.Ref conduit = null;
    if (v.has("conduit")) {
      String text = c.r().text(v, path, "conduit", null);
      conduit = conduitRef(text);
      if (conduit == null) {
        return null;
      }
    }
    if (source == null || destination == null || !PROTOCOLS.containsKey(protocol)) {
      return null;
    }
    Protocol p = PROTOCOLS.get(protocol);
    return new PlaybookSpec.Template.BlockFlow(
        source, destination, p == Protocol.ANY ? null : p, conduit);
  }

  private static PlaybookSpec.@Nullable Template tighten(
      @Nullable JsonNode v, String path, Context c) {
    if (v == null || !c.r().object(v)) {
      return null;
    }
    PlaybookSpec.Ref conduit = conduitRef(c.r().text(v, path, "conduit", null));
    String to = c.r().text(v, path, "to", null);
    if (conduit == null || !TIGHTENINGS.containsKey(to)) {
      return null;
    }
    return new PlaybookSpec.Template.TightenConduit(conduit, TIGHTENINGS.get(to));
  }

  private static PlaybookSpec.@Nullable Template kill(
      @Nullable JsonNode v, String path, Context c) {
    if (v == null || !c.r().object(v)) {
      return null;
    }
    PlaybookSpec.Ref source = hostField(v, path, "source", c);
    PlaybookSpec.Ref destination = hostField(v, path, "destination", c);
    return source == null || destination == null
        ? null
        : new PlaybookSpec.Template.KillConnections(source, destination);
  }

  private static PlaybookSpec.@Nullable Template safeState(
      @Nullable JsonNode v, String path, Context c) {
    if (v == null || !c.r().object(v)) {
      return null;
    }
    String text = c.r().text(v, path, "controller", null);
    PlaybookSpec.Ref ref =
        text.isEmpty() ? null : controllerRef(text, path + ".controller", c, null);
    String mode = c.r().text(v, path, "mode", null);
    if (ref == null || !MODES.containsKey(mode)) {
      return null;
    }
    return new PlaybookSpec.Template.SafeState(ref, MODES.get(mode));
  }

  private static PlaybookSpec.@Nullable Template operator(
      @Nullable JsonNode v, String path, Context c) {
    Reader r = c.r();
    if (v == null || !r.object(v)) {
      return null;
    }
    int before = r.problems().size();
    String tag = r.text(v, path, "tag", null);
    PlantSpec plant = c.plant();
    if (plant != null && !tag.isEmpty() && !writableTags(plant).contains(tag)) {
      r.problem(
          path + ".tag",
          "'" + tag + "' is not a point an operator can write in plant " + plant.id() + ".",
          "Use one of " + writableTags(plant) + ".");
    }
    double value = r.number(v, path, "value", null);
    PlaybookSpec.Ref hmi = v.has("hmi") ? hostField(v, path, "hmi", c) : null;
    if (r.problems().size() > before || tag.isEmpty() || !v.has("value")) {
      return null;
    }
    return new PlaybookSpec.Template.Operator(hmi, tag, value);
  }

  private static PlaybookSpec.@Nullable Ref hostField(
      JsonNode v, String path, String field, Context c) {
    String text = c.r().text(v, path, field, null);
    return text.isEmpty() ? null : hostRef(text, Reader.join(path, field), c);
  }

  private static PlaybookSpec.@Nullable Ref conduitRef(String text) {
    if (text.equals(PlaybookSpec.Ref.ALERT_PATH) || text.matches("[a-z][a-z0-9_-]*")) {
      return new PlaybookSpec.Ref(text);
    }
    return null;
  }

  /**
   * A host reference: {@code plc:} must name a controller of the plant, {@code role:} a host role;
   * a plain id is the architecture's to resolve (playbooks name no architecture). Malformed text is
   * the schema's to report.
   */
  private static PlaybookSpec.@Nullable Ref hostRef(String text, String path, Context c) {
    Reader r = c.r();
    if (text.startsWith("plc:")) {
      String id = text.substring(4);
      PlantSpec plant = c.plant();
      if (plant != null && plant.controller(id).isEmpty()) {
        r.problem(
            path,
            "'" + id + "' is not a controller of plant " + plant.id() + ".",
            "Use one of " + plant.controllers().stream().map(x -> "plc:" + x.id()).toList() + ".");
        return null;
      }
    } else if (text.startsWith("role:")) {
      String role = text.substring(5);
      List<String> roles = new ArrayList<>();
      for (HostRole hr : HostRole.values()) {
        roles.add(Names.yaml(hr));
      }
      if (!roles.contains(role)) {
        r.problem(path, "'" + role + "' is not a host role.", "Use one of " + roles + ".");
        return null;
      }
    } else if (!text.equals(PlaybookSpec.Ref.ALERT_SOURCE)
        && !text.equals(PlaybookSpec.Ref.ALERT_DESTINATION)
        && !text.matches("[a-z][a-z0-9_-]*")) {
      return null;
    }
    return new PlaybookSpec.Ref(text);
  }

  /** A delay that may be 0 (an action's {@code after}, a trigger's {@code for}). */
  private static double delay(JsonNode parent, String path, String field, Reader r) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return 0;
    }
    if (n.isNumber()) {
      double v = n.asDouble();
      return v >= 0 && Double.isFinite(v) ? v : 0;
    }
    String text = n.asText().trim().toLowerCase(Locale.ROOT);
    if (text.matches("0+(\\.0+)?(h|ms|m|s)?")) {
      return 0;
    }
    return Durations.secondsOrZero(text, Reader.join(path, field), r);
  }
}
