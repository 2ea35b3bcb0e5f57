package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.ProcessModelKind;
import dev.otlab.process.ProcessModels;
import dev.otlab.process.declared.ProcessModelSpec;
import dev.otlab.process.knowledge.DeclaredBalance;
import dev.otlab.process.knowledge.DeclaredBalance.Quantity;
import dev.otlab.process.knowledge.DeclaredKnowledge;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.DisturbanceSpec;
import dev.otlab.simulator.plant.Limits;
import dev.otlab.simulator.plant.OverrideSpec;
import dev.otlab.simulator.plant.PlantProcess;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plant.TagSpec;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.ControlBlocks;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.SoftPlc;
import dev.otlab.simulator.plc.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Loads and validates a plant file. Every problem is collected with its path; a plant with any
 * problem is never returned, so nothing starts on an invalid file.
 */
public final class PlantLoader {

  private static final Map<String, Table> TABLES = Reader.byYamlName(Table.values());
  private static final Map<String, DataType> TYPES = Reader.byYamlName(DataType.values());
  private static final Map<String, SoftPlc.Kind> KINDS =
      Map.of("plc", SoftPlc.Kind.PLC, "sis", SoftPlc.Kind.SIS);

  private PlantLoader() {}

  /**
   * Plant files loaded by path in this process, by the id they declare. Architectures, scenarios
   * and playbooks name their plant by id once it is loaded (their {@code plant:} may be a path,
   * which their loader reads through here), and whatever later asks for that id, a lab or a
   * judgement, must find the same file without knowing where it lay.
   */
  private static final Map<String, Path> FILES = new ConcurrentHashMap<>();

  /**
   * Loads a library plant by name, or a plant file by path. A plant loaded by path is remembered by
   * its id, so that loading that id again, here or through a file that names it, reads the same
   * file.
   *
   * @throws OtlabException {@code PLANT_ID_TAKEN} when a file's plant has the id of a library plant
   *     or of another plant file loaded before, with other contents
   */
  public static PlantSpec load(String nameOrPath) {
    if (Library.isPath(nameOrPath)) {
      Library.Source src = Library.read("plants", nameOrPath);
      PlantSpec plant = parse(src.name(), src.text());
      remember(plant, Path.of(nameOrPath).toAbsolutePath().normalize(), src.text());
      return plant;
    }
    Path file = FILES.get(nameOrPath);
    Library.Source src = Library.read("plants", file == null ? nameOrPath : file.toString());
    return parse(src.name(), src.text());
  }

  /**
   * The file a plant of the user's was loaded from by path, or empty for a library plant and for an
   * id no file has declared in this process: what copies the plant elsewhere (a container lab's own
   * files) reads.
   */
  public static java.util.Optional<Path> file(String id) {
    return java.util.Optional.ofNullable(FILES.get(id));
  }

  /**
   * Remembers where the plant of {@code id} lies. An id names one plant: a file may not reuse a
   * library plant's id (the library's would be shadowed for everything that names it), nor that of
   * another file with other contents; the same file, or an identical copy, may load again.
   */
  private static void remember(PlantSpec plant, Path file, String text) {
    String id = plant.id();
    Path known = FILES.get(id);
    if (known == null && !Library.names("plants").contains(id)) {
      FILES.putIfAbsent(id, file);
      known = FILES.get(id);
    }
    String knownText;
    String where;
    if (known == null) {
      knownText = Library.read("plants", id).text();
      where = "the library's plant " + id;
    } else if (!known.equals(file) && !java.nio.file.Files.isRegularFile(known)) {
      // The file that declared the id first is gone (a folder deleted, a copy moved): this one,
      // which declares it now, is where the id lies.
      FILES.put(id, file);
      knownText = text;
      where = file.toString();
    } else {
      knownText = known.equals(file) ? text : Library.read("plants", known.toString()).text();
      where = known.toString();
    }
    if (!knownText.equals(text)) {
      throw new OtlabException(
          "PLANT_ID_TAKEN",
          "Plant file "
              + file
              + " declares id '"
              + id
              + "', which "
              + where
              + " already has, with other contents.",
          "Give the plant in "
              + file.getFileName()
              + " an id of its own (e.g. "
              + id
              + "-site) and name that id, or the file, in your architecture and scenarios.");
    }
  }

  /** Parses and validates plant YAML; {@code name} appears in messages. */
  public static PlantSpec parse(String name, String yaml) {
    return Reader.validate("PLANT_INVALID", "plant", name, yaml, PlantLoader::read);
  }

  private static @Nullable PlantSpec read(JsonNode root, Reader r) {
    if (!r.object(root)) {
      return null;
    }
    String id = r.text(root, "", "id", null);
    String title = r.text(root, "", "title", id);
    String description = r.text(root, "", "description", "");

    // The process model decides which tags exist; build it first so references can be checked.
    final ProcessBlock.Loaded instance =
        root.has("process") ? ProcessBlock.read(id, description, root.get("process"), r) : null;
    Set<String> processTags = new HashSet<>();
    Set<String> inputs = new HashSet<>();
    if (instance != null) {
      processTags.addAll(instance.tags());
      inputs.addAll(instance.inputs());
    }

    List<TagSpec> tags = new ArrayList<>();
    Set<String> tagNames = new HashSet<>();
    r.list(
        root,
        "",
        "tags",
        (n, p) -> {
          if (!r.object(n)) {
            return;
          }
          String tn = r.text(n, p, "name", null);
          if (!tagNames.add(tn)) {
            r.problem(p + ".name", "'" + tn + "' is listed twice.", "Describe each tag once.");
          }
          if (instance != null && !tn.isEmpty() && !processTags.contains(tn)) {
            r.problem(
                p + ".name",
                "'" + tn + "' is not a tag of process model '" + instance.kind() + "'.",
                "Use one of " + new TreeSet<>(instance.tags()) + ".");
          }
          double noise = Math.max(0, r.number(n, p, "noise", 0.0));
          tags.add(
              new TagSpec(
                  tn,
                  r.text(n, p, "unit", ""),
                  r.text(n, p, "description", ""),
                  limits(n, p, "normal", r),
                  limits(n, p, "alarm", r),
                  limits(n, p, "trip", r),
                  noise,
                  r.text(n, p, "hazard", ""),
                  r.text(n, p, "attack", "")));
        });

    List<ControllerSpec> controllers = new ArrayList<>();
    Set<String> controllerIds = new HashSet<>();
    r.list(
        root,
        "",
        "controllers",
        (n, p) -> {
          ControllerSpec c = controller(n, p, r, processTags, inputs, instance != null);
          if (c != null) {
            if (!controllerIds.add(c.id())) {
              r.problem(
                  p + ".id",
                  "'" + c.id() + "' is used by another controller.",
                  "Give each controller its own id.");
            }
            controllers.add(c);
          }
        });

    List<DisturbanceSpec> disturbances = new ArrayList<>();
    r.list(
        root,
        "",
        "disturbances",
        (n, p) -> {
          if (!r.object(n)) {
            return;
          }
          String t = r.text(n, p, "tag", null);
          if (instance != null && !t.isEmpty() && !inputs.contains(t)) {
            r.problem(
                p + ".tag",
                "'" + t + "' is not an input of the process model.",
                "Use one of " + new java.util.TreeSet<>(inputs) + ".");
          }
          double min = r.number(n, p, "min", null);
          double max = r.number(n, p, "max", null);
          double period = r.number(n, p, "periodSeconds", 3600.0);
          double every = r.number(n, p, "everySeconds", 10.0);
          double dn = r.number(n, p, "noise", 0.0);
          if (min > max) {
            r.problem(p, "min " + min + " is above max " + max + ".", "Swap them.");
          } else if (period > 0 && every > 0 && dn >= 0) {
            disturbances.add(
                new DisturbanceSpec(
                    t,
                    r.number(n, p, "mean", null),
                    r.number(n, p, "amplitude", 0.0),
                    period,
                    dn,
                    min,
                    max,
                    every));
          }
        });
    Map<String, String> tagUnits = new LinkedHashMap<>();
    for (TagSpec t : tags) {
      tagUnits.put(t.name(), t.unit());
    }
    Set<String> knownTags = null;
    if (instance != null) {
      knownTags = new HashSet<>(processTags);
      knownTags.addAll(inputs);
      knownTags.addAll(tagNames);
    }
    // Without a process model (its problem is reported already) the knowledge sections could only
    // add complaints about every parameter they name; read them once the model stands.
    DeclaredKnowledge knowledge =
        instance == null
            ? DeclaredKnowledge.NONE
            : new KnowledgeReader(r, knowledgeParameters(instance.process()), tagUnits, knownTags)
                .read(root);
    if (!r.problems().isEmpty() || instance == null) {
      return null;
    }
    if (knowledge.balances() != null) {
      // A profile may then tune these balances by name; see DetectionProfile#knownBalances.
      DetectionProfile.declareBalances(
          knowledge.balances().stream().map(DeclaredBalance::name).toList());
    }
    return new PlantSpec(
        id, title, description, instance.process(), tags, controllers, disturbances, knowledge);
  }

  /**
   * The process parameters a knowledge section may name, with this plant's values and their
   * declared units: a Java kind's or a declared model's, overrides applied; none for an FMU, or
   * when the model did not load (its problem is reported already).
   */
  private static Map<String, Quantity> knowledgeParameters(PlantProcess process) {
    Map<String, Quantity> out = new LinkedHashMap<>();
    List<ModelParameters.Definition> definitions;
    ModelParameters values;
    try {
      if (process instanceof PlantProcess.Kind k) {
        ProcessModelKind kind = ProcessModels.find(k.kind()).orElse(null);
        if (kind == null) {
          return out;
        }
        definitions = kind.parameters();
        values = ProcessModels.resolve(k.kind(), k.parameters());
      } else if (process instanceof PlantProcess.Declared d) {
        ProcessModelSpec spec = d.spec();
        definitions = spec.parameterDefinitions();
        values = spec.create(d.parameters()).parameters();
      } else {
        return out;
      }
    } catch (OtlabException e) {
      return out;
    }
    for (ModelParameters.Definition d : definitions) {
      out.put(d.name(), new Quantity(values.get(d.name()), d.unit()));
    }
    return out;
  }

  private static Limits limits(JsonNode parent, String path, String field, Reader r) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return Limits.NONE;
    }
    String p = Reader.join(path, field);
    if (!r.object(n)) {
      return Limits.NONE;
    }
    Double low = n.has("low") ? r.number(n, p, "low", null) : null;
    Double high = n.has("high") ? r.number(n, p, "high", null) : null;
    if (low != null && high != null && low > high) {
      r.problem(p, "low " + low + " is above high " + high + ".", "Swap them.");
      return Limits.NONE;
    }
    return new Limits(low, high);
  }

  private static @Nullable ControllerSpec controller(
      JsonNode n,
      String p,
      Reader r,
      Set<String> processTags,
      Set<String> inputs,
      boolean checkTags) {
    if (!r.object(n)) {
      return null;
    }
    int before = r.problems().size();
    String id = r.text(n, p, "id", null);
    SoftPlc.Kind kind = r.choice(n, "kind", KINDS, "plc");
    int unitId = r.integer(n, p, "unitId", 1);
    double scanMs = r.number(n, p, "scanMs", 100.0);
    if (scanMs < 10 || scanMs > 10_000) {
      scanMs = 100;
    }
    DeviceIdentity identity = DeviceIdentity.defaults();
    JsonNode idn = n.get("identity");
    if (idn != null && r.object(idn)) {
      String ip = p + ".identity";
      identity =
          new DeviceIdentity(
              r.text(idn, ip, "vendor", ""),
              r.text(idn, ip, "productCode", ""),
              r.text(idn, ip, "revision", ""),
              r.text(idn, ip, "productName", ""),
              r.text(idn, ip, "modelName", ""));
    }
    List<PointBinding> points = new ArrayList<>();
    r.list(
        n,
        p,
        "points",
        (pn, pp) -> {
          PointBinding b = point(pn, pp, r, processTags, inputs, checkTags);
          if (b != null) {
            points.add(b);
          }
        });
    List<BlockSpec> logic = new ArrayList<>();
    r.list(
        n,
        p,
        "logic",
        (bn, bp) -> {
          if (bn == null || !bn.isObject()) {
            r.problem(
                bp,
                "must be a mapping with a type and parameters.",
                "Write e.g. {type: pid, pv: ..., sp: ...}.");
            return;
          }
          String type = r.text(bn, bp, "type", null);
          Map<String, String> params = new LinkedHashMap<>();
          for (Map.Entry<String, JsonNode> e : bn.properties()) {
            if (e.getKey().equals("type")) {
              continue;
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
              r.problem(
                  bp + "." + e.getKey(), "must be a number or a tag.", "Give a single value.");
              continue;
            }
            params.put(e.getKey(), e.getValue().asText());
          }
          if (!type.isEmpty()) {
            logic.add(new BlockSpec(type, params));
          }
        });
    List<OverrideSpec> overrides = new ArrayList<>();
    r.list(
        n,
        p,
        "overrides",
        (on, op) -> {
          if (!r.object(on)) {
            return;
          }
          String out = r.text(on, op, "output", null);
          if (checkTags && !out.isEmpty() && !inputs.contains(out)) {
            r.problem(
                op + ".output",
                "'" + out + "' is not an input of the process model.",
                "Use one of " + new java.util.TreeSet<>(inputs) + ".");
          }
          overrides.add(
              new OverrideSpec(out, r.text(on, op, "when", null), r.number(on, op, "value", null)));
        });
    if (kind != SoftPlc.Kind.SIS && !overrides.isEmpty()) {
      r.problem(
          p + ".overrides",
          "only a SIS can override outputs.",
          "Set kind: sis or remove the overrides.");
    }
    Map<String, Double> safe = new java.util.TreeMap<>();
    JsonNode safeNode = n.get("safe");
    if (safeNode != null && safeNode.isObject()) {
      Set<String> writable =
          points.stream()
              .map(PointBinding::point)
              .filter(PointSpec::writable)
              .map(PointSpec::tag)
              .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
      safeNode
          .fields()
          .forEachRemaining(
              e -> {
                if (!writable.contains(e.getKey())) {
                  r.problem(
                      p + ".safe." + e.getKey(),
                      "'" + e.getKey() + "' is not a writable point of '" + id + "'.",
                      "Name one of " + writable + ".");
                } else if (!e.getValue().isNumber()) {
                  r.problem(
                      p + ".safe." + e.getKey(),
                      "the safe value of '" + e.getKey() + "' is not a number.",
                      "Give a number, e.g. 0 for a closed valve or a stopped pump.");
                } else {
                  safe.put(e.getKey(), e.getValue().asDouble());
                }
              });
    }
    boolean stopTolerated = "tolerated".equals(r.text(n, p, "stop", "refused"));
    if (r.problems().size() > before) {
      return null;
    }
    // Build the image and program once now so that overlapping addresses and bad block
    // parameters are reported at load time, not when the lab starts.
    try {
      ProcessImage image =
          new ProcessImage(
              id, unitId, "", identity, points.stream().map(PointBinding::point).toList(), () -> 0);
      ControlBlocks.build(logic, image);
      for (int i = 0; i < overrides.size(); i++) {
        OverrideSpec o = overrides.get(i);
        var w = image.point(o.when());
        if (w.isEmpty() || w.get().type() != DataType.BOOL) {
          r.problem(
              p + ".overrides[" + i + "].when",
              "'" + o.when() + "' is not a boolean point of '" + id + "'.",
              "Name the SIS trip point, e.g. a discrete input.");
        }
      }
    } catch (OtlabException e) {
      r.problem(
          e.code().startsWith("BLOCK") ? p + ".logic" : p + ".points", e.getMessage(), e.remedy());
      return null;
    }
    return new ControllerSpec(
        id,
        kind,
        unitId,
        r.text(n, p, "description", ""),
        scanMs / 1000.0,
        identity,
        points,
        logic,
        overrides,
        safe,
        stopTolerated);
  }

  private static @Nullable PointBinding point(
      JsonNode n,
      String p,
      Reader r,
      Set<String> processTags,
      Set<String> inputs,
      boolean checkTags) {
    if (!r.object(n)) {
      return null;
    }
    int before = r.problems().size();
    String tag = r.text(n, p, "tag", null);
    Table table = r.choice(n, "table", TABLES, null);
    DataType type = r.choice(n, "type", TYPES, table.isBit() ? "bool" : "int16");
    int address = r.integer(n, p, "address", 0);
    double scale = r.number(n, p, "scale", 1.0);
    boolean writable = r.bool(n, "writable", false);
    double min = r.number(n, p, "min", type == DataType.BOOL ? 0.0 : null);
    double max = r.number(n, p, "max", type == DataType.BOOL ? 1.0 : null);
    double initial = r.number(n, p, "initial", Math.max(min, Math.min(max, 0)));
    String input = n.has("input") ? r.text(n, p, "input", null) : null;
    String output = n.has("output") ? r.text(n, p, "output", null) : null;
    if (input != null && output != null) {
      r.problem(
          p,
          "has both input and output.",
          "A point is wired to a sensor (input) or an actuator (output), not both.");
    }
    if (checkTags && input != null && !processTags.contains(input)) {
      r.problem(
          p + ".input",
          "'" + input + "' is not a tag of the process model.",
          "Use one of " + new java.util.TreeSet<>(processTags) + ".");
    }
    if (checkTags && output != null && !inputs.contains(output)) {
      r.problem(
          p + ".output",
          "'" + output + "' is not an input of the process model.",
          "Use one of " + new java.util.TreeSet<>(inputs) + ".");
    }
    if (output != null && !writable) {
      r.problem(
          p + ".writable",
          "an output point must be writable (an operator drives it in manual).",
          "Add writable: true.");
    }
    if (initial < min || initial > max) {
      r.problem(
          p + ".initial",
          initial + " is outside [" + min + ", " + max + "].",
          "Give an initial value inside the point's range.");
    }
    if (r.problems().size() > before) {
      return null;
    }
    try {
      return new PointBinding(
          new PointSpec(
              tag,
              table,
              address,
              type,
              scale,
              r.text(n, p, "unit", ""),
              writable,
              min,
              max,
              r.text(n, p, "description", "")),
          input,
          output,
          initial);
    } catch (OtlabException e) {
      r.problem(p, e.getMessage(), e.remedy());
      return null;
    }
  }
}
