package dev.otlab.cli;

import dev.otlab.lab.Lab;
import dev.otlab.library.PlantLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --plant} option of every command that plays or checks an architecture. Files name
 * their plant by library name, by id or by path; a plant that is not in the library and that the
 * files name by id is found through this option, which loads its file before anything names it.
 */
public final class PlantOption {

  @Option(
      names = "--plant",
      paramLabel = "FILE|NAME",
      description =
          "The plant, a library name or a path to a plant .yaml file; it must be the plant the"
              + " architecture names (default: that one). Give the file when the architecture and"
              + " scenarios name a plant of your own by its id.")
  @Nullable String plant;

  /**
   * Loads the named plant, before the files that name it are read, or null when the option is not
   * given.
   */
  @Nullable PlantSpec load() {
    return plant == null ? null : PlantLoader.load(plant);
  }

  /**
   * The plant for {@code architecture}: the one the option named, which must be the architecture's,
   * or the architecture's own.
   *
   * @throws dev.otlab.core.OtlabException {@code LAB_PLANT_MISMATCH} when the option names another
   */
  PlantSpec forArchitecture(@Nullable PlantSpec given, ArchitectureSpec architecture) {
    PlantSpec p = given == null ? PlantLoader.load(architecture.plant()) : given;
    Lab.requireDrawnFor(p, architecture);
    return p;
  }
}
