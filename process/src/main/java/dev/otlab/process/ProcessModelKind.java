package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of process model, found with {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/dev.otlab.process.ProcessModelKind}). Besides creating models it
 * describes them, so that the detector, the scorecard and the dashboard learn a plant's physics,
 * product and drawing from the plant itself instead of naming plants: a new kind touches no file
 * outside its own class and its data.
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
