package dev.otlab.attacks;

import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What is known about a step before any architecture exists: the plant and the scenario-level
 * target ({@code plc:ID}, {@code role:ROLE}, {@code all}, or none). A scenario loader hands it to
 * {@link Technique#check}, so a parameter that no architecture could make work is refused when the
 * file is loaded rather than failing at run time, where it would read as a defence.
 *
 * @param plant the scenario's plant
 * @param target the step's {@code target} as the scenario spells it, or null when it has none
 */
public record StepScope(PlantSpec plant, @Nullable String target) {

  /** The plant controller {@code target} names ({@code plc:ID}), if it names one that exists. */
  public Optional<ControllerSpec> controller() {
    if (target == null || !target.startsWith("plc:")) {
      return Optional.empty();
    }
    return plant.controller(target.substring(4));
  }

  /** The role {@code target} names ({@code role:ROLE}), if it names one. */
  public Optional<String> role() {
    return target != null && target.startsWith("role:")
        ? Optional.of(target.substring(5))
        : Optional.empty();
  }
}
