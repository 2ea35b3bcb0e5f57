package dev.otlab.detection;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a detector of one run may know besides its settings: the documented plant and architecture,
 * and where its alerts go.
 *
 * @param plant the plant (register maps, tag dictionary, process model)
 * @param architecture the architecture the run uses
 * @param hosts the architecture's hosts by role and controller, as rules name them
 * @param book the run's alert book, shared by all detectors (cooldown and folding span detectors)
 * @param loaded a saved baseline to start from, or null
 */
public record DetectorContext(
    PlantSpec plant,
    ArchitectureSpec architecture,
    Hosts hosts,
    AlertBook book,
    @Nullable Baseline loaded) {
  public DetectorContext {
    Objects.requireNonNull(plant, "plant");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(book, "book");
  }
}
