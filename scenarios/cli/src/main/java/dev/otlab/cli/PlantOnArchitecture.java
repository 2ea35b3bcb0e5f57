package dev.otlab.cli;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --architecture} and {@code --plant} options of every command that builds a lab ({@code
 * otlab lab}, {@code compose}, {@code node}), mixed in so they read and check the same.
 */
public final class PlantOnArchitecture {

  /** What the options name, loaded and checked against each other. */
  public record Loaded(ArchitectureSpec architecture, PlantSpec plant) {}

  @Option(
      names = "--architecture",
      required = true,
      paramLabel = "FILE",
      description =
          "Library architecture (e.g. water-treatment-purdue-dmz-dpi) or a path to an architecture"
              + " .yaml file.")
  String architecture = "";

  @Mixin PlantOption plant = new PlantOption();

  /**
   * Loads both.
   *
   * @throws dev.otlab.core.OtlabException when either does not load, or the architecture is drawn
   *     for another plant
   */
  public Loaded load() {
    PlantSpec given = plant.load();
    ArchitectureSpec arch = ArchitectureLoader.load(architecture);
    return new Loaded(arch, plant.forArchitecture(given, arch));
  }
}
