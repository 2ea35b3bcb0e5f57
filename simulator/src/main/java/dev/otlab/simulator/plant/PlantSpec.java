package dev.otlab.simulator.plant;

import dev.otlab.process.knowledge.DeclaredKnowledge;
import dev.otlab.process.knowledge.PlantKnowledge;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A plant as loaded from {@code scenarios/library/plants/NAME.yaml}: the process model and its
 * parameters, the tag dictionary, the controllers with their register maps and programs, and the
 * disturbances. The loader in the scenarios module validates the file and reports every error with
 * its path; these records hold only what passed.
 *
 * @param id plant id, e.g. {@code water-treatment}
 * @param title human title
 * @param description what the plant is and what can go wrong
 * @param process what the process is (a model kind, declared equations or an FMU) with its
 *     parameter overrides
 * @param tags the tag dictionary
 * @param controllers PLCs and SIS
 * @param disturbances uncontrolled inputs
 * @param declaredKnowledge the plant file's {@code production:}, {@code balances:} and {@code
 *     mimic:} sections as written; read {@link #knowledge()}, which falls back to the model kind's
 */
public record PlantSpec(
    String id,
    String title,
    String description,
    PlantProcess process,
    List<TagSpec> tags,
    List<ControllerSpec> controllers,
    List<DisturbanceSpec> disturbances,
    DeclaredKnowledge declaredKnowledge) {

  public PlantSpec {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(declaredKnowledge, "declaredKnowledge");
    tags = List.copyOf(tags);
    controllers = List.copyOf(controllers);
    disturbances = List.copyOf(disturbances);
  }

  /** A plant whose process is the Java model {@code model} with parameter overrides. */
  public PlantSpec(
      String id,
      String title,
      String description,
      String model,
      Map<String, Double> parameters,
      List<TagSpec> tags,
      List<ControllerSpec> controllers,
      List<DisturbanceSpec> disturbances) {
    this(
        id,
        title,
        description,
        new PlantProcess.Kind(model, parameters),
        tags,
        controllers,
        disturbances,
        DeclaredKnowledge.NONE);
  }

  /** A plant that declares none of the knowledge sections. */
  public PlantSpec(
      String id,
      String title,
      String description,
      PlantProcess process,
      List<TagSpec> tags,
      List<ControllerSpec> controllers,
      List<DisturbanceSpec> disturbances) {
    this(id, title, description, process, tags, controllers, disturbances, DeclaredKnowledge.NONE);
  }

  /**
   * The process model kind: the Java kind's name, or the plant's id for a process the plant file
   * declares (equations or an FMU).
   */
  public String model() {
    return process instanceof PlantProcess.Kind k ? k.kind() : id;
  }

  /** Overrides of the model's default parameters. */
  public Map<String, Double> parameters() {
    return process.parameters();
  }

  /**
   * The plant's production measure, balances and mimic: declared in the plant file, or described by
   * its Java model kind where the file leaves a section out (a declared or FMU process has no Java
   * kind to fall back to). Every consumer (scorecard, process-aware detector, dashboard) reads it
   * here.
   */
  public PlantKnowledge knowledge() {
    Map<String, String> units = new LinkedHashMap<>();
    for (TagSpec t : tags) {
      units.put(t.name(), t.unit());
    }
    // Only a Java kind describes itself; a declared plant's id may not name one by chance.
    String javaKind = process instanceof PlantProcess.Kind k ? k.kind() : "";
    return PlantKnowledge.resolve(javaKind, parameters(), declaredKnowledge, units);
  }

  public Optional<TagSpec> tag(String name) {
    return tags.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<ControllerSpec> controller(String controllerId) {
    return controllers.stream().filter(c -> c.id().equals(controllerId)).findFirst();
  }
}
