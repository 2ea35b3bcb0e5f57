package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of process model, found with {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/dev.otlab.process.ProcessModelKind}). Besides creating models it may
 * describe them (balances, product, drawing). A plant file declares the same in its {@code
 * production:}, {@code balances:} and {@code mimic:} sections, which win; a kind's description is
 * used for a plant file that leaves a section out ({@link
 * dev.otlab.process.knowledge.PlantKnowledge#resolve}). The library plants declare theirs, so the
 * descriptions of the water treatment and CSTR kinds are the references their declared sections are
 * tested against. Either way the detector, the scorecard and the dashboard name no plant.
 *
 * <p>The descriptions take the resolved parameters of one plant, because a balance needs the tank
 * areas and a drawing the tank heights that plant file sets.
 */
public interface ProcessModelKind {

  /** The model kind named in plant files, e.g. {@code water-treatment}. */
  String kind();

  /** Parameters with their defaults, units and meaning, in the order a reader should see them. */
  List<ModelParameters.Definition> parameters();

  /**
   * A model with the given parameter overrides.
   *
   * @throws OtlabException {@code PROCESS_PARAMETER_UNKNOWN} or {@code PROCESS_PARAMETER_INVALID}
   */
  ProcessModel create(Map<String, Double> overrides);

  /**
   * The physics balances a process-aware detector can check against the values reported on the
   * wire. The default is none: without a balance the detector still checks envelopes, alarms,
   * frozen and replayed values.
   */
  default List<Balance> balances(ModelParameters parameters) {
    return List.of();
  }

  /** What the plant produces, for the scorecard's production loss; empty when it makes nothing. */
  default Optional<ProductionMeasure> production(ModelParameters parameters) {
    return Optional.empty();
  }

  /** The drawing the dashboard shows; empty when the plant has none (its value table remains). */
  default Optional<MimicLayout> mimic(ModelParameters parameters) {
    return Optional.empty();
  }
}
