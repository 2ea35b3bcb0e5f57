package dev.otlab.dashboard.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.LibraryNames;
import dev.otlab.library.Problem;
import dev.otlab.library.ValidationException;
import dev.otlab.simulator.clock.Speed;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An exercise as a trainer sets it up. The scenarios stay hidden from trainees: every lab of the
 * exercise plays the same one of them, picked by the seed ({@link #scenario()}), so trainees cannot
 * tell which from the list either.
 *
 * @param title what trainees see it called
 * @param architecture the architecture the labs play (library or uploaded id)
 * @param detection detection profile id ({@code full}, {@code signatures}, an uploaded one); not
 *     {@code none}: trainees triage alerts
 * @param scenarios the hidden scenario ids, 1 to {@link #MAX_SCENARIOS}
 * @param speed the labs' clock speed ({@code 1}, {@code 10}, {@code max}), as for a run
 * @param seed the labs' seed (the undefended baseline plays the same)
 * @param objectives what trainees are asked to do
 * @param hints hints for the trainees, released at a simulated time or by hand
 * @param mode each trainee or team its own lab, or one lab for all
 * @param lab where the labs play: embedded in the service, or across the container lab it drives
 *     (one lab at a time there, so only {@link Mode#SHARED})
 */
public record ExerciseSpec(
    String title,
    String architecture,
    String detection,
    List<String> scenarios,
    String speed,
    long seed,
    List<Objective> objectives,
    List<Hint> hints,
    Mode mode,
    Lab lab) {

  public static final int MAX_TITLE = 120;
  public static final int MAX_SCENARIOS = 10;
  public static final int MAX_HINTS = 20;
  public static final int MAX_HINT = 500;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of(
          "title",
          "architecture",
          "detection",
          "scenarios",
          "speed",
          "seed",
          "objectives",
          "hints",
          "mode",
          "lab");

  /** What trainees are asked to do; the debrief scores each. */
  public enum Objective {
    /** Mark the attack's alerts true and the noise false. */
    DETECT,
    /** Name the technique and the host of what they marked true. */
    ATTRIBUTE,
    /** Stop the attack with response actions. */
    CONTAIN,
    /** Keep the plant producing: respond without denying the plant's own work. */
    KEEP_PRODUCTION;

    public String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static @Nullable Objective parse(String text) {
      for (Objective o : values()) {
        if (o.wire().equals(text)) {
          return o;
        }
      }
      return null;
    }
  }

  /** Each trainee (or team) its own lab, or one lab everyone shares. */
  public enum Mode {
    INDIVIDUAL,
    SHARED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Where the exercise's labs play: embedded in the service (as many labs as trainees and teams),
   * or across the container lab the service is the process node of. The container lab has one set
   * of controllers and host containers, so it plays one run at a time: an exercise there plays one
   * shared lab.
   */
  public enum Lab {
    EMBEDDED,
    CONTAINERS;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A hint.
   *
   * @param text what it says
   * @param at simulated seconds into the lab when it is released by itself, or null: only by hand
   */
  public record Hint(String text, @Nullable Double at) {}

  public ExerciseSpec {
    scenarios = List.copyOf(scenarios);
    objectives = List.copyOf(objectives);
    hints = List.copyOf(hints);
    List<Problem> problems =
        problems(title, architecture, detection, scenarios, speed, seed, hints);
    if (lab == Lab.CONTAINERS && mode != Mode.SHARED) {
      problems.add(containersShared());
    }
    if (objectives.isEmpty()) {
      problems.add(
          new Problem(
              "objectives", "no objective", "Give at least one of " + objectiveNames() + "."));
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
  }

  /** The scenario every lab of the exercise plays: one of the hidden ones, picked by the seed. */
  public String scenario() {
    return scenarios.get((int) Math.floorMod(seed, (long) scenarios.size()));
  }

  private static List<Problem> problems(
      String title,
      String architecture,
      String detection,
      List<String> scenarios,
      String speed,
      long seed,
      List<Hint> hints) {
    List<Problem> p = new ArrayList<>();
    if (title.isBlank() || title.length() > MAX_TITLE || hasControl(title)) {
      p.add(
          new Problem(
              "title",
              "the title is empty, longer than " + MAX_TITLE + " or has control characters",
              "Give a one-line title of 1 to " + MAX_TITLE + " characters."));
    }
    name(p, "architecture", architecture);
    name(p, "detection", detection);
    if ("none".equals(detection)) {
      p.add(
          new Problem(
              "detection",
              "an exercise without detection gives trainees no alerts to triage",
              "Use full, signatures or a detection profile's id."));
    }
    if (scenarios.isEmpty() || scenarios.size() > MAX_SCENARIOS) {
      p.add(
          new Problem(
              "scenarios",
              scenarios.size() + " scenarios",
              "Give 1 to " + MAX_SCENARIOS + " scenario ids."));
    }
    for (int i = 0; i < scenarios.size(); i++) {
      name(p, "scenarios[" + i + "]", scenarios.get(i));
    }
    try {
      if (speed.length() > 16) {
        throw new OtlabException("SPEED_INVALID", "too long", "");
      }
      Speed.parse(speed);
    } catch (OtlabException e) {
      p.add(new Problem("speed", "'" + cut(speed) + "' is not a speed", "Give max or a factor."));
    }
    if (seed < 0) {
      p.add(new Problem("seed", "the seed " + seed + " is negative", "Give a seed of 0 or more."));
    }
    if (hints.size() > MAX_HINTS) {
      p.add(new Problem("hints", hints.size() + " hints", "Give at most " + MAX_HINTS + "."));
    }
    for (int i = 0; i < hints.size(); i++) {
      Hint h = hints.get(i);
      if (h.text().isBlank() || h.text().length() > MAX_HINT) {
        p.add(
            new Problem(
                "hints[" + i + "].text",
                "the hint is empty or longer than " + MAX_HINT + " characters",
                "Write 1 to " + MAX_HINT + " characters."));
      }
      if (h.at() != null && !(h.at() >= 0 && Double.isFinite(h.at()))) {
        p.add(
            new Problem(
                "hints[" + i + "].at",
                "release time " + h.at() + " is not a time into the lab",
                "Give simulated seconds of 0 or more, or leave it out to release it by hand."));
      }
    }
    return p;
  }

  private static Problem containersShared() {
    return new Problem(
        "mode",
        "the container lab plays one lab at a time, so a lab per trainee or team would wait for"
            + " the one before it to end",
        "Use mode shared (one lab for everyone) with lab containers, or lab embedded for a lab"
            + " each.");
  }

  private static void name(List<Problem> p, String path, String value) {
    if (!LibraryNames.valid(value)) {
      p.add(
          new Problem(
              path,
              "'" + cut(value) + "' is not a library id",
              "Give the id of a library or uploaded file (letters, digits, '_', '-')."));
    }
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  private static String cut(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static String objectiveNames() {
    List<String> names = new ArrayList<>();
    for (Objective o : Objective.values()) {
      names.add(o.wire());
    }
    return String.join(", ", names);
  }

  static ValidationException invalid(List<Problem> problems) {
    return new ValidationException("EXERCISE_INVALID", "The exercise", problems);
  }

  /**
   * Reads an exercise from the API's JSON, reporting every problem at once: unknown fields, wrong
   * types and values. Left out: {@code detection} full, {@code speed} 1, {@code seed} 1, every
   * objective, no hints, {@code mode} individual, {@code lab} embedded.
   */
  public static ExerciseSpec fromJson(JsonNode body) {
    List<Problem> p = new ArrayList<>();
    if (!body.isObject()) {
      throw invalid(List.of(new Problem("", "not a JSON object", "Send the exercise as {...}.")));
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        p.add(new Problem(f, "unknown field", "Use only " + new java.util.TreeSet<>(FIELDS)));
      }
    }
    String title = text(body, "title", null, p);
    String architecture = text(body, "architecture", null, p);
    String detection = text(body, "detection", "full", p);
    String speed =
        body.has("speed") && body.get("speed").isNumber()
            ? body.get("speed").asText()
            : text(body, "speed", "1", p);
    long seed = 1;
    if (body.has("seed")) {
      if (body.get("seed").canConvertToLong() && body.get("seed").isIntegralNumber()) {
        seed = body.get("seed").asLong();
      } else {
        p.add(new Problem("seed", "not a whole number", "Give a seed such as 1."));
      }
    }
    List<String> scenarios = new ArrayList<>();
    JsonNode sc = body.get("scenarios");
    if (sc == null || !sc.isArray()) {
      p.add(new Problem("scenarios", "missing or not a list", "Give [\"scenario-id\", ...]."));
    } else {
      for (int i = 0; i < sc.size(); i++) {
        if (sc.get(i).isTextual()) {
          scenarios.add(sc.get(i).asText());
        } else {
          p.add(new Problem("scenarios[" + i + "]", "not a text", "Give a scenario id."));
        }
      }
    }
    Set<Objective> objectives = new LinkedHashSet<>();
    JsonNode ob = body.get("objectives");
    if (ob == null) {
      objectives.addAll(List.of(Objective.values()));
    } else if (!ob.isArray()) {
      p.add(new Problem("objectives", "not a list", "Give a list of " + objectiveNames() + "."));
    } else {
      for (int i = 0; i < ob.size(); i++) {
        Objective o = ob.get(i).isTextual() ? Objective.parse(ob.get(i).asText()) : null;
        if (o == null) {
          p.add(
              new Problem(
                  "objectives[" + i + "]", "not an objective", "Use " + objectiveNames() + "."));
        } else {
          objectives.add(o);
        }
      }
    }
    List<Hint> hints = new ArrayList<>();
    JsonNode hs = body.get("hints");
    if (hs != null && !hs.isArray()) {
      p.add(new Problem("hints", "not a list", "Give [{\"text\": \"...\", \"at\": 120}]."));
    } else if (hs != null) {
      for (int i = 0; i < hs.size(); i++) {
        JsonNode h = hs.get(i);
        JsonNode t = h.get("text");
        JsonNode at = h.get("at");
        if (!h.isObject() || t == null || !t.isTextual()) {
          p.add(new Problem("hints[" + i + "]", "no text", "Give {\"text\": \"...\"}."));
          continue;
        }
        if (at != null && !at.isNull() && !at.isNumber()) {
          p.add(new Problem("hints[" + i + "].at", "not a number", "Give simulated seconds."));
          continue;
        }
        hints.add(new Hint(t.asText(), at == null || at.isNull() ? null : at.asDouble()));
      }
    }
    Mode mode = Mode.INDIVIDUAL;
    String m = text(body, "mode", "individual", p);
    if (m != null) {
      if (m.equals("shared")) {
        mode = Mode.SHARED;
      } else if (!m.equals("individual")) {
        p.add(new Problem("mode", "'" + cut(m) + "' is not a mode", "Use individual or shared."));
      }
    }
    Lab lab = Lab.EMBEDDED;
    String where = text(body, "lab", "embedded", p);
    if (where != null) {
      if (where.equals("containers")) {
        lab = Lab.CONTAINERS;
      } else if (!where.equals("embedded")) {
        p.add(
            new Problem("lab", "'" + cut(where) + "' is not a lab", "Use embedded or containers."));
      }
    }
    if (title != null && architecture != null && detection != null && speed != null) {
      p.addAll(problems(title, architecture, detection, scenarios, speed, seed, hints));
    }
    if (lab == Lab.CONTAINERS && mode != Mode.SHARED) {
      p.add(containersShared());
    }
    if (ob != null && ob.isArray() && ob.isEmpty()) {
      p.add(new Problem("objectives", "no objective", "Give at least one of " + objectiveNames()));
    }
    if (!p.isEmpty()) {
      throw invalid(p);
    }
    return new ExerciseSpec(
        title,
        architecture,
        detection,
        scenarios,
        speed,
        seed,
        List.copyOf(objectives),
        hints,
        mode,
        lab);
  }

  private static @Nullable String text(
      JsonNode body, String field, @Nullable String dflt, List<Problem> p) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      if (dflt == null) {
        p.add(new Problem(field, "missing", "Give " + field + "."));
      }
      return dflt;
    }
    if (!n.isTextual()) {
      p.add(new Problem(field, "not a text", "Give " + field + " as a text."));
      return null;
    }
    return n.asText();
  }

  /** The exercise as stored and as trainers see it. */
  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("title", title);
    n.put("architecture", architecture);
    n.put("detection", detection);
    ArrayNode sc = n.putArray("scenarios");
    scenarios.forEach(sc::add);
    n.put("speed", speed);
    n.put("seed", seed);
    ArrayNode ob = n.putArray("objectives");
    objectives.forEach(o -> ob.add(o.wire()));
    n.set("hints", hints(null));
    n.put("mode", mode.wire());
    n.put("lab", lab.wire());
    return n;
  }

  /** The hints as JSON, each with its index; {@code released} marks those a trainee may read. */
  ArrayNode hints(@Nullable Set<Integer> released) {
    ArrayNode hs = JSON.createArrayNode();
    for (int i = 0; i < hints.size(); i++) {
      if (released != null && !released.contains(i)) {
        continue;
      }
      ObjectNode h = hs.addObject();
      h.put("index", i);
      h.put("text", hints.get(i).text());
      if (hints.get(i).at() == null) {
        h.putNull("at");
      } else {
        h.put("at", hints.get(i).at());
      }
    }
    return hs;
  }

  /** Reads back what {@link #toJson()} stored. */
  public static ExerciseSpec stored(String json) {
    try {
      return fromJson(JSON.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a stored exercise is not JSON", e);
    }
  }
}
