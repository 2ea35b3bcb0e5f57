package dev.otlab.simulator.plant;

import java.util.List;
import java.util.Map;
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
 */
public record PlantSpec(
    String id,
    String title,
    String description,
    PlantProcess process,
    List<TagSpec> tags,
    List<ControllerSpec> controllers,
    List<DisturbanceSpec> disturbances) {

  public PlantSpec {
    java.util.Objects.requireNonNull(process, "process");
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
        disturbances);
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

  public Optional<TagSpec> tag(String name) {
    return tags.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Optional<ControllerSpec> controller(String controllerId) {
    return controllers.stream().filter(c -> c.id().equals(controllerId)).findFirst();
  }
}
