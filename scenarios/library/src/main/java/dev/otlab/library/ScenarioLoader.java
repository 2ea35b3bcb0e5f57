package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.attacks.ParameterProblem;
import dev.otlab.attacks.StepScope;
import dev.otlab.attacks.Technique;
import dev.otlab.attacks.Techniques;
import dev.otlab.core.OtlabException;
import dev.otlab.network.HostRole;
import dev.otlab.network.Names;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.TagSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Loads and validates scenario files: every problem with its path, including steps that name
 * unknown techniques, targets, tags or steps, cyclic {@code after} chains and triggers past the
 * duration. Only a valid file becomes a {@link ScenarioSpec}.
 */
public final class ScenarioLoader {

  private ScenarioLoader() {}

  /** Techniques found on the class path, by id. */
  public static Map<String, Technique> techniques() {
    Map<String, Technique> m = new TreeMap<>();
    for (Technique t : ServiceLoader.load(Technique.class)) {
      m.put(t.id(), t);
    }
    return m;
  }

  public static ScenarioSpec load(String nameOrPath) {
    Library.Source src = Library.read("scenarios", nameOrPath);
    return parse(src.name(), src.text());
  }

  public static ScenarioSpec parse(String name, String yaml) {
    return Reader.validate("SCENARIO_INVALID", "scenario", name, yaml, ScenarioLoader::read);
  }

  private static double duration(JsonNode parent, String path, String field, Reader r) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return 0;
    }
    try {
      return Durations.seconds(n.asText(), Reader.join(path, field));
    } catch (OtlabException e) {
      r.problem(Reader.join(path, field), e.getMessage(), e.remedy());
      return 0;
    }
  }

  private static @Nullable ScenarioSpec read(JsonNode root, Reader r) {
    if (!r.object(root)) {
      return null;
    }
    String id = r.text(root, "", "id", null);
    String plantId = r.text(root, "", "plant", null);
    PlantSpec plant = r.plant(plantId);
    List<ScenarioSpec.Foothold> footholds = footholds(root, r, plant);
    String foothold = footholds.isEmpty() ? "" : footholds.get(0).id();
    Set<String> footholdIds = new HashSet<>();
    footholds.forEach(f -> footholdIds.add(f.id()));
    List<ScenarioSpec.Grant> credentials = new ArrayList<>();
    r.list(
        root,
        "",
        "credentials",
        (n, path) -> {
          if (!r.object(n)) {
            return;
          }
          String account = r.text(n, path, "account", null);
          String how = r.text(n, path, "how", "phished");
          if (!ScenarioSpec.Grant.HOWS.contains(how)) {
            r.problem(
                path + ".how",
                "'" + how + "' is not a way to come by an account.",
                "Use one of " + ScenarioSpec.Grant.HOWS + ".");
          } else if (!account.isEmpty()) {
            credentials.add(new ScenarioSpec.Grant(account, how));
          }
        });
    double duration = duration(root, "", "duration", r);
    Map<String, Technique> techniques = techniques();
    List<ScenarioSpec.Step> steps = new ArrayList<>();
    Set<String> stepIds = new HashSet<>();
    final PlantSpec p = plant;
    r.list(
        root,
        "",
        "steps",
        (n, path) -> {
          ScenarioSpec.Step s = step(n, path, r, techniques, p, duration);
          if (s != null && s.from() != null && !footholdIds.contains(s.from())) {
            r.problem(
                path + ".from",
                "'" + s.from() + "' is not a foothold of this scenario.",
                "Name one of " + footholdIds + ", or leave from out to act from the first.");
          }
          if (s != null) {
            if (!stepIds.add(s.id())) {
              r.problem(
                  path + ".id",
                  "'" + s.id() + "' is used by another step.",
                  "Give every step its own id.");
            }
            steps.add(s);
          }
        });
    // References are checked on the raw list, so a step with other problems keeps its index
    // and still takes part in the after-chain checks.
    List<String> ids = new ArrayList<>();
    List<String> afters = new ArrayList<>();
    JsonNode rawSteps = root.path("steps");
    for (int i = 0; i < rawSteps.size(); i++) {
      ids.add(rawSteps.get(i).path("id").asText(""));
      afters.add(rawSteps.get(i).path("trigger").path("after").asText(null));
    }
    for (int i = 0; i < afters.size(); i++) {
      String after = afters.get(i);
      if (after != null && !ids.contains(after)) {
        r.problem(
            "steps[" + i + "].trigger.after",
            "'" + after + "' is not a step of this scenario.",
            "Name a step id: " + ids + ".");
      }
    }
    checkCycles(ids, afters, r);
    // Against every step id written, so a step with its own problems is not reported again as
    // missing.
    ScenarioSpec.Objective objective =
        objective(root.get("objective"), r, p, new java.util.LinkedHashSet<>(ids));
    Map<String, ScenarioSpec.Expectation> expected = new LinkedHashMap<>();
    JsonNode ex = root.get("expected");
    if (ex != null && !ex.isNull()) {
      if (ex.isObject()) {
        for (Map.Entry<String, JsonNode> e : ex.properties()) {
          String path = "expected." + e.getKey();
          if (!r.object(e.getValue())) {
            continue;
          }
          // detected: techniques that must appear among true alerts under the full detection
          // profile.
          List<String> detected = new ArrayList<>();
          r.list(
              e.getValue(),
              path,
              "detected",
              (d, dp) -> {
                detected.add(d.asText());
              });
          String o = r.text(e.getValue(), path, "objective", null);
          List<String> blocked = new ArrayList<>();
          r.list(e.getValue(), path, "blockedAt", (b, bp) -> blocked.add(b.asText()));
          expected.put(
              e.getKey(), new ScenarioSpec.Expectation(o.equals("reached"), blocked, detected));
        }
      }
    }
    ScenarioSpec.Window maintenance = null;
    JsonNode mw = root.get("maintenance");
    if (mw != null && r.object(mw)) {
      double from = duration(mw, "maintenance", "from", r);
      double to = duration(mw, "maintenance", "to", r);
      if (from > 0 && to > 0) {
        if (to <= from) {
          r.problem(
              "maintenance.to",
              "ends at " + to + " s, not after its start at " + from + " s.",
              "Give a window such as {from: 20m, to: 40m}.");
        } else if (duration > 0 && from >= duration) {
          r.problem(
              "maintenance.from",
              "is at " + from + " s, after the scenario ends (" + duration + " s).",
              "Open the window before the end or lengthen the duration.");
        } else {
          maintenance = new ScenarioSpec.Window(from, to, r.bool(mw, "downloads", true));
        }
      }
    }
    if (!r.problems().isEmpty() || objective == null) {
      return null;
    }
    return new ScenarioSpec(
        id,
        r.text(root, "", "title", id),
        r.text(root, "", "description", ""),
        plant == null ? plantId : plant.id(),
        foothold,
        duration,
        steps,
        objective,
        expected,
        maintenance,
        footholds,
        credentials);
  }

  /**
   * {@code foothold: NAME} or {@code footholds: [...]}: each an entry point name, a host selector
   * ({@code role:ROLE}, {@code plc:ID}) or an attached host {@code {id, attach, how}}; an object
   * may also be {@code {id, at, how}}.
   */
  private static List<ScenarioSpec.Foothold> footholds(
      JsonNode root, Reader r, @Nullable PlantSpec plant) {
    List<ScenarioSpec.Foothold> out = new ArrayList<>();
    boolean one = root.has("foothold");
    boolean many = root.has("footholds");
    if (one == many) {
      r.problem(
          "foothold",
          one ? "is given with footholds." : "is missing.",
          "Write foothold: <entry point or role:ROLE>, or footholds: [...] for several.");
      return out;
    }
    Set<String> ids = new HashSet<>();
    if (one) {
      ScenarioSpec.Foothold f = foothold(root.get("foothold"), "foothold", r, plant);
      if (f != null) {
        out.add(f);
      }
      return out;
    }
    r.list(
        root,
        "",
        "footholds",
        (n, path) -> {
          ScenarioSpec.Foothold f = foothold(n, path, r, plant);
          if (f == null) {
            return;
          }
          if (!ids.add(f.id())) {
            r.problem(path, "'" + f.id() + "' is listed twice.", "Give each foothold its own id.");
            return;
          }
          out.add(f);
        });
    if (out.isEmpty() && r.problems().isEmpty()) {
      r.problem("footholds", "is empty.", "List at least one foothold.");
    }
    return out;
  }

  private static ScenarioSpec.@Nullable Foothold foothold(
      @Nullable JsonNode n, String path, Reader r, @Nullable PlantSpec plant) {
    if (n != null && n.isTextual()) {
      String at = n.asText();
      return place(at, path, r, plant) ? ScenarioSpec.Foothold.entry(at) : null;
    }
    if (!r.object(n)) {
      return null;
    }
    int before = r.problems().size();
    String id = r.text(n, path, "id", null);
    String at = n.has("at") ? r.text(n, path, "at", null) : null;
    String attach = n.has("attach") ? r.text(n, path, "attach", null) : null;
    String how = n.has("how") ? r.text(n, path, "how", null) : null;
    if ((at == null) == (attach == null)) {
      r.problem(
          path,
          "needs exactly one of at and attach.",
          "Write at: <entry point or role:ROLE> for a host of the architecture, or attach:"
              + " <role:ROLE> to plug a new host in beside it.");
    }
    if (at != null) {
      place(at, path + ".at", r, plant);
    }
    if (attach != null) {
      place(attach, path + ".attach", r, plant);
    }
    if (how != null && !ScenarioSpec.Foothold.HOWS.contains(how)) {
      r.problem(
          path + ".how",
          "'" + how + "' is not a way in.",
          "Use one of " + ScenarioSpec.Foothold.HOWS + ".");
    }
    if (!id.isEmpty() && !id.matches("[a-z][a-z0-9_-]*")) {
      r.problem(
          path + ".id",
          "'" + id + "' is not an id.",
          "Use lower-case letters, digits, - and _, starting with a letter.");
    }
    if (r.problems().size() > before) {
      return null;
    }
    return new ScenarioSpec.Foothold(id, at, attach, how);
  }

  /** An entry point name or a host selector a foothold stands on or is attached beside. */
  private static boolean place(String text, String path, Reader r, @Nullable PlantSpec plant) {
    int before = r.problems().size();
    if (text.startsWith("plc:") || text.startsWith("role:")) {
      checkTarget(text, path, r, plant);
    } else if (!ENTRY_POINTS.contains(text)) {
      r.problem(
          path,
          "'" + text + "' is neither an entry point nor a host selector.",
          "Use one of " + ENTRY_POINTS + ", role:<role> or plc:<controller id>.");
    }
    return r.problems().size() == before;
  }

  /** The entry point names architectures map to hosts. */
  static final List<String> ENTRY_POINTS =
      List.of("internet", "enterprise-workstation", "vendor-remote", "control-insider");

  private static ScenarioSpec.@Nullable Step step(
      JsonNode n,
      String path,
      Reader r,
      Map<String, Technique> techniques,
      @Nullable PlantSpec plant,
      double duration) {
    if (!r.object(n)) {
      return null;
    }
    int before = r.problems().size();
    String id = r.text(n, path, "id", null);
    String technique = r.text(n, path, "technique", null);
    Technique t = techniques.get(technique);
    if (!technique.isEmpty() && t == null) {
      r.problem(
          path + ".technique",
          "'" + technique + "' is not an implemented technique.",
          "Use one of " + techniques.keySet() + ".");
    }
    Map<String, String> params = new LinkedHashMap<>();
    JsonNode pn = n.get("params");
    if (pn != null && !pn.isNull()) {
      if (pn.isObject()) {
        for (Map.Entry<String, JsonNode> e : pn.properties()) {
          if (e.getValue().isValueNode()) {
            params.put(e.getKey(), e.getValue().asText());
          }
        }
      }
    }
    if (t != null) {
      // The technique checks its own parameters: names, then (with the plant known) values,
      // choices, ranges and the targeted controller's tags, so a mistake is a load error here
      // instead of a step that fails at run time and reads as a defence.
      List<ParameterProblem> found =
          plant == null
              ? Techniques.nameProblems(t, params)
              : t.check(params, new StepScope(plant, params.get("target")));
      String step = id.isEmpty() ? path : "step '" + id + "'";
      for (ParameterProblem pp : found) {
        r.problem(
            pp.parameter().isEmpty() ? path + ".params" : path + ".params." + pp.parameter(),
            step + " (" + technique + "): " + pp.message(),
            pp.remedy());
      }
    }
    String target = params.get("target");
    if (target != null) {
      checkTarget(target, path + ".params.target", r, plant);
    }
    ScenarioSpec.Trigger trigger = trigger(n.get("trigger"), path + ".trigger", r, plant, duration);
    if (r.problems().size() > before || trigger == null) {
      return null;
    }
    String from = n.has("from") ? r.text(n, path, "from", null) : null;
    return new ScenarioSpec.Step(id, technique, params, trigger, from);
  }

  /** Targets name plant controllers ({@code plc:ID}) or roles ({@code role:ROLE}), never hosts. */
  static void checkTarget(String target, String path, Reader r, @Nullable PlantSpec plant) {
    if (target.startsWith("plc:")) {
      String c = target.substring(4);
      if (plant != null && plant.controller(c).isEmpty()) {
        r.problem(
            path,
            "'" + c + "' is not a controller of plant " + plant.id() + ".",
            "Use one of " + plant.controllers().stream().map(x -> x.id()).toList() + ".");
      }
    } else if (target.startsWith("role:")) {
      String role = target.substring(5);
      boolean known = false;
      for (HostRole hr : HostRole.values()) {
        known |= Names.yaml(hr).equals(role);
      }
      if (!known) {
        List<String> roles = new ArrayList<>();
        for (HostRole hr : HostRole.values()) {
          roles.add(Names.yaml(hr));
        }
        r.problem(path, "'" + role + "' is not a host role.", "Use one of " + roles + ".");
      }
    } else if (!target.equals("all")) {
      r.problem(
          path,
          "'" + target + "' names no controller or role.",
          "Write plc:<controller id>, role:<role> or all: scenarios never name an architecture's hosts.");
    }
  }

  private static ScenarioSpec.@Nullable Trigger trigger(
      @Nullable JsonNode n, String path, Reader r, @Nullable PlantSpec plant, double duration) {
    if (!r.object(n)) {
      return null;
    }
    Double at = null;
    if (n.has("at")) {
      at = Durations.secondsOrZero(n.get("at").asText(), path + ".at", r);
      if (at > duration) {
        r.problem(
            path + ".at",
            "is at " + at + " s, after the scenario ends (" + duration + " s).",
            "Trigger the step before the end or lengthen the duration.");
      }
    }
    String after = n.has("after") ? r.text(n, path, "after", null) : null;
    String outcome = r.text(n, path, "outcome", "succeeded");
    String tag = null;
    Double above = null;
    Double below = null;
    JsonNode when = n.get("when");
    if (when != null && r.object(when)) {
      tag = r.text(when, path + ".when", "tag", null);
      if (plant != null && !tag.isEmpty() && plant.tag(tag).isEmpty()) {
        r.problem(
            path + ".when.tag",
            "'" + tag + "' is not a tag of plant " + plant.id() + ".",
            "Use one of " + plant.tags().stream().map(TagSpec::name).toList() + ".");
      }
      above = when.has("above") ? r.number(when, path + ".when", "above", null) : null;
      below = when.has("below") ? r.number(when, path + ".when", "below", null) : null;
      if (above == null && below == null) {
        r.problem(path + ".when", "needs above, below or both (between).", "Add above: or below:.");
      }
    }
    int kinds = (at != null ? 1 : 0) + (after != null ? 1 : 0) + (tag != null ? 1 : 0);
    if (kinds != 1) {
      r.problem(path, "must have exactly one of at, after or when.", "Pick one trigger.");
    }
    Double every = null;
    int count = 0;
    JsonNode rep = n.get("repeat");
    if (rep != null && r.object(rep)) {
      every = Durations.secondsOrZero(rep.path("every").asText(""), path + ".repeat.every", r);
      count = r.integer(rep, path + ".repeat", "count", 1);
    }
    return new ScenarioSpec.Trigger(
        at, after, outcome.equals("succeeded"), tag, above, below, every, count);
  }

  private static void checkCycles(List<String> ids, List<String> afters, Reader r) {
    Map<String, String> after = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      if (afters.get(i) != null) {
        after.put(ids.get(i), afters.get(i));
      }
    }
    for (int i = 0; i < ids.size(); i++) {
      Set<String> seen = new java.util.LinkedHashSet<>();
      String cur = ids.get(i);
      while (cur != null && seen.add(cur)) {
        cur = after.get(cur);
      }
      if (cur != null && cur.equals(ids.get(i))) {
        r.problem(
            "steps[" + i + "].trigger.after",
            "step '" + cur + "' waits for itself through " + seen + ".",
            "Break the cycle: start one of these steps at a time or on a tag.");
      }
    }
  }

  private static ScenarioSpec.@Nullable Objective objective(
      @Nullable JsonNode n, Reader r, @Nullable PlantSpec plant, Set<String> steps) {
    if (!r.object(n)) {
      return null;
    }
    String limit = n.has("limit") ? r.text(n, "objective", "limit", null) : null;
    String step = n.has("step") ? r.text(n, "objective", "step", null) : null;
    if ((limit == null) == (step == null)) {
      r.problem(
          "objective",
          "needs exactly one of limit (physical) or step (cyber).",
          "Write limit: <tag> with direction: high|low, or step: <step id>.");
      return null;
    }
    String direction = r.text(n, "objective", "direction", "high");
    boolean knownDirection = direction.equals("high") || direction.equals("low");
    if (!knownDirection) {
      r.problem(
          "objective.direction",
          "'" + direction + "' is not a direction of a trip limit.",
          "Write direction: high (the tag rises past its high trip) or low (it falls past its low"
              + " trip).");
    }
    if (limit != null && plant != null && knownDirection) {
      var t = plant.tag(limit);
      if (t.isEmpty()) {
        r.problem(
            "objective.limit",
            "'" + limit + "' is not a tag of plant " + plant.id() + ".",
            "Use a tag with trip limits.");
      } else if ((direction.equals("high") ? t.get().trip().high() : t.get().trip().low())
          == null) {
        r.problem(
            "objective.direction",
            "tag '" + limit + "' has no " + direction + " trip limit.",
            t.get().trip().high() == null && t.get().trip().low() == null
                ? "Use a tag with a trip limit."
                : "Use the direction its trip limit has: "
                    + (t.get().trip().high() != null ? "high" : "low")
                    + ".");
      }
    }
    if (step != null && !steps.contains(step)) {
      r.problem(
          "objective.step",
          "'" + step + "' is not a step of this scenario.",
          "Name one of " + steps + ".");
    }
    return new ScenarioSpec.Objective(
        limit, !direction.equals("low"), step, r.text(n, "objective", "description", ""));
  }
}
