package dev.otlab.simulator.process;

import dev.otlab.simulator.core.OtlabException;
import java.util.List;
import java.util.Map;

/** Creates a model from the kind and parameters named in a plant file. */
public final class ProcessModels {

  /** Every kind {@link #create(String, Map)} accepts. */
  public static final List<String> KINDS =
      List.of(WaterTreatmentModel.KIND, CstrModel.KIND, DrainingTankModel.KIND);

  private ProcessModels() {}

  /**
   * @throws OtlabException {@code PROCESS_KIND_UNKNOWN}, or the model's parameter errors
   */
  public static ProcessModel create(String kind, Map<String, Double> parameters) {
    switch (kind) {
      case WaterTreatmentModel.KIND:
        return new WaterTreatmentModel(parameters);
      case CstrModel.KIND:
        return new CstrModel(parameters);
      case DrainingTankModel.KIND:
        return new DrainingTankModel(parameters);
      default:
        throw new OtlabException(
            "PROCESS_KIND_UNKNOWN",
            "There is no process model of kind '" + kind + "'.",
            "Use one of: " + KINDS + ".");
    }
  }

  /** Parameter definitions (names, defaults, units) of a kind, for docs and validation. */
  public static List<ModelParameters.Definition> parameters(String kind) {
    switch (kind) {
      case WaterTreatmentModel.KIND:
        return WaterTreatmentModel.PARAMETERS;
      case CstrModel.KIND:
        return CstrModel.PARAMETERS;
      case DrainingTankModel.KIND:
        return DrainingTankModel.PARAMETERS;
      default:
        throw new OtlabException(
            "PROCESS_KIND_UNKNOWN",
            "There is no process model of kind '" + kind + "'.",
            "Use one of: " + KINDS + ".");
    }
  }
}
