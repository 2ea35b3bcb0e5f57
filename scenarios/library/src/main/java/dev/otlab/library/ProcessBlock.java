package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.core.OtlabException;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessModels;
import dev.otlab.process.SafetyLimit;
import dev.otlab.process.declared.ProcessModelSpec;
import dev.otlab.process.expr.Expression;
import dev.otlab.process.expr.Unit;
import dev.otlab.process.fmi.FmuProcessModel;
import dev.otlab.process.fmi.FmuSpec;
import dev.otlab.process.units.UnitPlant;
import dev.otlab.simulator.plant.PlantProcess;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a plant file's {@code process:} block: exactly one of {@code model} (a Java model kind),
 * {@code equations} (a {@link ProcessModelSpec} written field for field), {@code units} (unit
 * models joined by streams) or {@code fmu} (an {@link FmuSpec}, its file relative to the plant
 * file), and the {@code parameters} every form takes. The model is built once here, so its tags and
 * inputs check the rest of the file and every problem is reported at load, at its path.
 */
final class ProcessBlock {

  /** The forms of a process block, in the order messages list them. */
  static final List<String> FORMS = List.of("model", "equations", "units", "fmu");

  private static final Map<String, ModelParameters.Constraint> CONSTRAINTS =
      Reader.byYamlName(ModelParameters.Constraint.values());
  private static final Map<String, SafetyLimit.Direction> DIRECTIONS =
      Map.of("above", SafetyLimit.Direction.HIGH, "below", SafetyLimit.Direction.LOW);

  private ProcessBlock() {}

  /**
   * A process that loaded: what it is, its kind for messages, every tag it reports and the inputs
   * the controllers may drive.
   */
  record Loaded(PlantProcess process, String kind, Set<String> tags, Set<String> inputs) {}

  /** The process block of plant {@code plantId}, or null with problems recorded. */
  static @Nullable Loaded read(String plantId, String description, JsonNode block, Reader r) {
    if (!r.object(block)) {
      return null;
    }
    Map<String, Double> parameters = r.numbers(block, "process", "parameters");
    List<String> given = FORMS.stream().filter(block::has).toList();
    if (given.size() != 1) {
      r.problem(
          "process",
          given.isEmpty()
              ? "names no process model."
              : "has " + String.join(" and ", given) + "; a plant has one process model.",
          "Give exactly one of: model (a built-in model kind), equations (a model declared as"
              + " equations), units (unit models joined by streams) or fmu (an FMU file).");
      return null;
    }
    if (plantId.isEmpty()) {
      return null;
    }
    return switch (given.get(0)) {
      case "model" -> kind(r.text(block, "process", "model", null), parameters, r);
      case "equations" -> equations(plantId, description, block.get("equations"), parameters, r);
      case "fmu" -> fmu(block.get("fmu"), parameters, r);
      default -> units(plantId, description, block, parameters, r);
    };
  }

  // ---- units -----------------------------------------------------------------------------

  /**
   * A plant composed from the unit-model library ({@link UnitPlant}): {@code units} (id, kind,
   * parameters, options), {@code streams} (id, from, to), {@code bind} (plant tag to a generated
   * name such as t101_level), {@code outputs} and {@code events} as in {@code equations}. It
   * expands to a declared model, so the plant runs it as one.
   */
  private static @Nullable Loaded units(
      String plantId,
      String plantDescription,
      JsonNode block,
      Map<String, Double> overrides,
      Reader r) {
    String p = "process";
    int before = r.problems().size();
    List<UnitPlant.UnitInstance> units = new ArrayList<>();
    r.list(
        block,
        p,
        "units",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          units.add(
              new UnitPlant.UnitInstance(
                  r.text(e, ep, "id", null),
                  r.text(e, ep, "kind", null),
                  values(e, ep, "parameters", r),
                  values(e, ep, "options", r)));
        });
    List<UnitPlant.Stream> streams = new ArrayList<>();
    r.list(
        block,
        p,
        "streams",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          streams.add(
              new UnitPlant.Stream(
                  e.has("id") ? r.text(e, ep, "id", null) : null,
                  r.text(e, ep, "from", null),
                  r.text(e, ep, "to", null)));
        });
    Map<String, String> bind = values(block, p, "bind", r);
    List<ProcessModelSpec.Output> outputs = new ArrayList<>();
    r.list(
        block,
        p,
        "outputs",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          String tag = r.text(e, ep, "tag", null);
          outputs.add(
              new ProcessModelSpec.Output(
                  tag,
                  expression(e, ep, "expression", "output " + tag, r),
                  e.has("unit") ? unit(e, ep, r) : null));
        });
    List<ProcessModelSpec.Event> events = new ArrayList<>();
    r.list(
        block,
        p,
        "events",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          SafetyLimit.Direction d = DIRECTIONS.get(r.text(e, ep, "direction", null));
          events.add(
              new ProcessModelSpec.Event(
                  r.text(e, ep, "tag", null),
                  d == null ? SafetyLimit.Direction.HIGH : d,
                  r.number(e, ep, "value", null),
                  r.text(e, ep, "hazard", "")));
        });
    if (r.problems().size() > before) {
      return null;
    }
    ProcessModelSpec spec;
    try {
      spec = new UnitPlant(plantId, plantDescription, units, streams, bind, outputs, events).spec();
    } catch (OtlabException e) {
      r.problem(unitPath(e, units, streams), e.getMessage(), e.remedy());
      return null;
    }
    try {
      return loaded(new PlantProcess.Declared(spec, overrides), spec.create(overrides));
    } catch (OtlabException e) {
      r.problem(parameterPath(e), e.getMessage(), e.remedy());
      return null;
    }
  }

  /** Numbers or text by name (a unit's parameters or options, the tag bindings). */
  private static Map<String, String> values(JsonNode parent, String path, String field, Reader r) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      return out;
    }
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      JsonNode v = n.get(k);
      out.put(
          k,
          v.isNumber()
              ? Double.toString(r.number(n, Reader.join(path, field), k, null))
              : r.text(n, Reader.join(path, field), k, ""));
    }
    return out;
  }

  /** The unit, stream or binding a composition error is about, by the names its message quotes. */
  private static String unitPath(
      OtlabException e, List<UnitPlant.UnitInstance> units, List<UnitPlant.Stream> streams) {
    String m = e.getMessage();
    if (e.code().equals("UNIT_TAG_UNKNOWN")) {
      Matcher t = Pattern.compile("Tag '([A-Za-z0-9_]+)'").matcher(m);
      return t.find() ? "process.bind." + t.group(1) : "process.bind";
    }
    if (e.code().startsWith("STREAM_") || m.startsWith("Stream ") || m.startsWith("Port ")) {
      // The last stream the message names: of a port connected twice, the second is the one to
      // move. A stream without an id is named <from unit>_<to unit>.
      for (int i = streams.size() - 1; i >= 0; i--) {
        UnitPlant.Stream s = streams.get(i);
        String id =
            s.id() != null ? s.id() : s.from().split("\\.", 2)[0] + "_" + s.to().split("\\.", 2)[0];
        if (m.contains("'" + id + "'") || m.contains("from " + s.from() + " to " + s.to())) {
          return "process.streams[" + i + "]";
        }
      }
    }
    for (int i = 0; i < units.size(); i++) {
      String id = units.get(i).id();
      if (id != null && !id.isEmpty() && (m.contains("'" + id + "'") || m.contains(id + "."))) {
        return "process.units[" + i + "]";
      }
    }
    return e.code().startsWith("STREAM_") ? "process.streams" : "process.units";
  }

  private static @Nullable Loaded kind(String model, Map<String, Double> parameters, Reader r) {
    if (model.isEmpty()) {
      return null;
    }
    try {
      return loaded(
          new PlantProcess.Kind(model, parameters), ProcessModels.create(model, parameters));
    } catch (OtlabException e) {
      r.problem(
          e.code().equals("PROCESS_KIND_UNKNOWN") ? "process.model" : parameterPath(e),
          e.getMessage(),
          e.remedy());
      return null;
    }
  }

  private static Loaded loaded(PlantProcess process, ProcessModel model) {
    return new Loaded(
        process,
        model.kind(),
        new LinkedHashSet<>(model.values(model.initialState()).keySet()),
        new LinkedHashSet<>(model.inputTags()));
  }

  // ---- equations -------------------------------------------------------------------------

  /** Where each named entry of the block lies, to place a spec's complaint about it. */
  private record Entry(String list, int index, String name) {
    String path() {
      return "process.equations." + list + "[" + index + "]";
    }
  }

  private static @Nullable Loaded equations(
      String plantId,
      String plantDescription,
      JsonNode n,
      Map<String, Double> overrides,
      Reader r) {
    if (!r.object(n)) {
      return null;
    }
    String p = "process.equations";
    int before = r.problems().size();
    List<Entry> entries = new ArrayList<>();
    List<ProcessModelSpec.Parameter> parameters = new ArrayList<>();
    r.list(
        n,
        p,
        "parameters",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          String name = r.text(e, ep, "name", null);
          entries.add(new Entry("parameters", parameters.size(), name));
          String unit = unit(e, ep, r);
          String constraint = r.text(e, ep, "constraint", "finite");
          if (!CONSTRAINTS.containsKey(constraint)) {
            // The schema lists the spellings; reading on with the default reports the rest.
            constraint = "finite";
          }
          parameters.add(
              new ProcessModelSpec.Parameter(
                  name,
                  expression(e, ep, "value", "value of parameter " + name, r),
                  unit,
                  r.text(e, ep, "description", ""),
                  CONSTRAINTS.get(constraint)));
        });
    List<ProcessModelSpec.State> states = new ArrayList<>();
    r.list(
        n,
        p,
        "states",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          String name = r.text(e, ep, "name", null);
          entries.add(new Entry("states", states.size(), name));
          states.add(
              new ProcessModelSpec.State(
                  name,
                  unit(e, ep, r),
                  expression(e, ep, "initial", "initial value of state " + name, r),
                  expression(e, ep, "derivative", "derivative of state " + name, r),
                  expression(e, ep, "min", "minimum of state " + name, r),
                  expression(e, ep, "max", "maximum of state " + name, r)));
        });
    List<ProcessModelSpec.Input> inputs = new ArrayList<>();
    r.list(
        n,
        p,
        "inputs",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          String name = r.text(e, ep, "name", null);
          entries.add(new Entry("inputs", inputs.size(), name));
          inputs.add(
              new ProcessModelSpec.Input(
                  name,
                  unit(e, ep, r),
                  expression(e, ep, "min", "minimum of input " + name, r),
                  expression(e, ep, "max", "maximum of input " + name, r),
                  expression(e, ep, "initial", "initial value of input " + name, r),
                  r.bool(e, "discrete", false),
                  expression(e, ep, "lag", "lag time constant of input " + name, r),
                  e.has("lagState") ? r.text(e, ep, "lagState", null) : null));
        });
    List<ProcessModelSpec.Algebraic> algebraics = new ArrayList<>();
    r.list(
        n,
        p,
        "algebraics",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          String name = r.text(e, ep, "name", null);
          entries.add(new Entry("algebraics", algebraics.size(), name));
          algebraics.add(
              new ProcessModelSpec.Algebraic(
                  name,
                  unit(e, ep, r),
                  expression(e, ep, "expression", "algebraic variable " + name, r)));
        });
    List<ProcessModelSpec.Output> outputs = new ArrayList<>();
    r.list(
        n,
        p,
        "outputs",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          String tag = r.text(e, ep, "tag", null);
          entries.add(new Entry("outputs", outputs.size(), tag));
          outputs.add(
              new ProcessModelSpec.Output(
                  tag,
                  expression(e, ep, "expression", "output " + tag, r),
                  e.has("unit") ? unit(e, ep, r) : null));
        });
    List<ProcessModelSpec.Event> events = new ArrayList<>();
    r.list(
        n,
        p,
        "events",
        (e, ep) -> {
          if (!r.object(e)) {
            return;
          }
          String tag = r.text(e, ep, "tag", null);
          entries.add(new Entry("events", events.size(), tag));
          SafetyLimit.Direction d = DIRECTIONS.get(r.text(e, ep, "direction", null));
          events.add(
              new ProcessModelSpec.Event(
                  tag,
                  d == null ? SafetyLimit.Direction.HIGH : d,
                  r.number(e, ep, "value", null),
                  r.text(e, ep, "hazard", "")));
        });
    if (r.problems().size() > before) {
      return null;
    }
    ProcessModelSpec spec;
    try {
      spec =
          new ProcessModelSpec(
              plantId,
              r.text(n, p, "description", plantDescription),
              parameters,
              states,
              inputs,
              algebraics,
              outputs,
              events);
    } catch (OtlabException e) {
      r.problem(place(e.getMessage(), entries), e.getMessage(), e.remedy());
      return null;
    }
    try {
      return loaded(new PlantProcess.Declared(spec, overrides), spec.create(overrides));
    } catch (OtlabException e) {
      r.problem(parameterPath(e), e.getMessage(), e.remedy());
      return null;
    }
  }

  /**
   * An expression field (a number, or an expression as text), or null when absent. Its syntax is
   * checked here, so a typo is reported at its own field, and every one in the file at once.
   */
  private static @Nullable String expression(
      JsonNode e, String path, String field, String what, Reader r) {
    JsonNode v = e.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      double d = r.number(e, path, field, null);
      return Double.toString(d);
    }
    if (!v.isTextual()) {
      return null;
    }
    String text = v.asText();
    try {
      Expression.parse(text, what);
    } catch (OtlabException x) {
      r.problem(Reader.join(path, field), x.getMessage(), x.remedy());
    }
    return text;
  }

  private static String unit(JsonNode e, String path, Reader r) {
    String unit = r.text(e, path, "unit", "");
    try {
      Unit.parse(unit, Reader.join(path, "unit"));
    } catch (OtlabException x) {
      r.problem(Reader.join(path, "unit"), x.getMessage(), x.remedy());
    }
    return unit;
  }

  /** Phrases a spec's messages use for a part of an entry, and the field each names. */
  private static final List<String[]> PARTS =
      List.of(
          new String[] {"states", "derivative of state", "derivative"},
          new String[] {"states", "initial value of state", "initial"},
          new String[] {"states", "minimum of state", "min"},
          new String[] {"states", "maximum of state", "max"},
          new String[] {"states", "state", ""},
          new String[] {"inputs", "lag state of input", "lagState"},
          new String[] {"inputs", "lag time constant of input", "lag"},
          new String[] {"inputs", "initial value of input", "initial"},
          new String[] {"inputs", "minimum of input", "min"},
          new String[] {"inputs", "maximum of input", "max"},
          new String[] {"inputs", "input", ""},
          new String[] {"algebraics", "algebraic variable", "expression"},
          new String[] {"outputs", "output", ""},
          new String[] {"outputs", "reports the tag", "tag"},
          new String[] {"parameters", "default of parameter", "value"},
          new String[] {"parameters", "value of parameter", "value"},
          new String[] {"parameters", "parameter", ""},
          new String[] {"events", "watches the tag", "tag"});

  /**
   * The path of the entry a spec's message is about: the earliest phrase in the message that names
   * an entry ("the derivative of state 'level'"), the more precise phrase where two start at the
   * same entry; the block itself when the message names none.
   */
  static String place(String message, List<Entry> entries) {
    String lower = message.toLowerCase(Locale.ROOT);
    int best = Integer.MAX_VALUE;
    String path = "process.equations";
    for (String[] part : PARTS) {
      for (Entry e : entries) {
        if (!e.list().equals(part[0]) || e.name().isEmpty()) {
          continue;
        }
        Pattern pattern =
            Pattern.compile(
                "(?<![a-z])"
                    + Pattern.quote(part[1])
                    + " '?"
                    + Pattern.quote(e.name().toLowerCase(Locale.ROOT))
                    + "'?(?![a-z0-9_])");
        Matcher m = pattern.matcher(lower);
        // A precise phrase ("derivative of state x") starts before the bare one it contains.
        if (m.find() && m.start() < best) {
          best = m.start();
          path = part[2].isEmpty() ? e.path() : e.path() + "." + part[2];
        }
      }
    }
    Matcher dup = Pattern.compile("the name '([a-z0-9_]+)'").matcher(lower);
    if (dup.find()) {
      // A name declared twice: the second declaration is the one to change.
      Entry last = null;
      for (Entry e : entries) {
        if (e.name().toLowerCase(Locale.ROOT).equals(dup.group(1))) {
          last = e;
        }
      }
      if (last != null) {
        return last.path() + ".name";
      }
    }
    return path;
  }

  /** {@code process.parameters.NAME} for a message about parameter NAME, else the block. */
  private static String parameterPath(OtlabException e) {
    Matcher m = Pattern.compile("(?i)parameter '([A-Za-z_][A-Za-z0-9_]*)'").matcher(e.getMessage());
    return m.find() ? "process.parameters." + m.group(1) : "process.parameters";
  }

  // ---- fmu -------------------------------------------------------------------------------

  private static @Nullable Loaded fmu(JsonNode n, Map<String, Double> overrides, Reader r) {
    if (!r.object(n)) {
      return null;
    }
    String p = "process.fmu";
    int before = r.problems().size();
    String file = r.text(n, p, "file", null);
    Path path = null;
    try {
      path = file.isEmpty() ? null : r.file(file);
    } catch (InvalidPathException e) {
      r.problem(p + ".file", "'" + file + "' is not a file path.", "Give the path of the .fmu.");
    }
    Map<String, String> inputs = names(n, p, "inputs", r);
    Map<String, String> outputs = names(n, p, "outputs", r);
    Map<String, Double> parameters = r.numbers(n, p, "parameters");
    double step = r.number(n, p, "step", FmuSpec.DEFAULT_STEP);
    boolean snapshots = r.bool(n, "snapshots", false);
    if (path == null || r.problems().size() > before) {
      return null;
    }
    FmuSpec spec;
    try {
      spec = new FmuSpec(path, inputs, outputs, parameters, step, snapshots);
    } catch (OtlabException e) {
      r.problem(p, e.getMessage(), e.remedy());
      return null;
    }
    PlantProcess.Fmu process = new PlantProcess.Fmu(spec, overrides);
    // Opened once now so a missing file, an unknown variable or a wrong causality is reported at
    // load, not when the lab starts; the plant opens its own instance.
    try (FmuProcessModel model = FmuProcessModel.open(process.effective())) {
      return new Loaded(
          process,
          model.kind(),
          new LinkedHashSet<>(model.values().keySet()),
          new LinkedHashSet<>(model.inputTags()));
    } catch (OtlabException e) {
      r.problem(fmuPath(e, overrides), e.getMessage(), e.remedy());
      return null;
    }
  }

  private static String fmuPath(OtlabException e, Map<String, Double> overrides) {
    switch (e.code()) {
      case "FMU_FILE_MISSING",
          "FMU_NOT_A_ZIP",
          "FMU_DESCRIPTION_INVALID",
          "FMU_NOT_COSIMULATION",
          "FMU_NO_BINARY" -> {
        return "process.fmu.file";
      }
      default -> {
        for (String name : overrides.keySet()) {
          if (e.getMessage().contains("'" + name + "'")) {
            return "process.parameters." + name;
          }
        }
        return "process.fmu";
      }
    }
  }

  /** A mapping of plant tags to FMU variable names. */
  private static Map<String, String> names(JsonNode parent, String path, String field, Reader r) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      return out;
    }
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      String v = r.text(n, Reader.join(path, field), k, "");
      if (v.isEmpty()) {
        r.problem(
            Reader.join(Reader.join(path, field), k),
            "names no FMU variable.",
            "Give the name of the FMU variable this tag is bound to.");
      }
      out.put(k, v);
    }
    return out;
  }
}
