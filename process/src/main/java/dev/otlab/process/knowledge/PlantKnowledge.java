package dev.otlab.process.knowledge;

import dev.otlab.process.Balance;
import dev.otlab.process.MimicLayout;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.ProcessModelKind;
import dev.otlab.process.ProcessModels;
import dev.otlab.process.ProductionMeasure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a plant knows about its own process, as the scorecard, the process-aware detector and the
 * dashboard use it: the production measure, the balances and the mimic. {@link #resolve} is the one
 * place it comes from: each section the plant file declares, otherwise what the plant's Java model
 * kind describes for the plant's parameters, otherwise nothing.
 *
 * @param production what the plant produces, empty when it makes nothing
 * @param balances the balances a detector can check
 * @param mimic the drawing, empty when the plant has none (the dashboard shows its value table)
 */
public record PlantKnowledge(
    Optional<ProductionMeasure> production, List<Balance> balances, Optional<MimicLayout> mimic) {

  public PlantKnowledge {
    balances = List.copyOf(balances);
  }

  /**
   * The knowledge of a plant.
   *
   * @param model the plant's model kind
   * @param overrides the plant file's parameter overrides
   * @param declared what the plant file declares
   * @param tagUnits unit of each tag of the plant's dictionary, for declared balances
   * @throws dev.otlab.core.OtlabException when a declared balance does not compile (the plant
   *     loader refuses such a file first) or the Java kind refuses the parameters
   */
  public static PlantKnowledge resolve(
      String model,
      Map<String, Double> overrides,
      DeclaredKnowledge declared,
      Map<String, String> tagUnits) {
    ProcessModelKind kind = ProcessModels.find(model).orElse(null);
    ModelParameters parameters = kind == null ? null : ProcessModels.resolve(model, overrides);
    Optional<ProductionMeasure> production =
        declared.production() != null
            ? Optional.of(declared.production())
            : described(kind, parameters, ProcessModelKind::production);
    List<Balance> balances = new ArrayList<>();
    if (declared.balances() != null) {
      for (DeclaredBalance b : declared.balances()) {
        balances.add(b.compile(tagUnits));
      }
    } else if (kind != null) {
      balances.addAll(kind.balances(parameters));
    }
    Optional<MimicLayout> mimic =
        declared.mimic() != null
            ? Optional.of(declared.mimic())
            : described(kind, parameters, ProcessModelKind::mimic);
    return new PlantKnowledge(production, balances, mimic);
  }

  private interface Description<T> {
    Optional<T> of(ProcessModelKind kind, ModelParameters parameters);
  }

  private static <T> Optional<T> described(
      @Nullable ProcessModelKind kind,
      @Nullable ModelParameters parameters,
      Description<T> description) {
    return kind == null || parameters == null ? Optional.empty() : description.of(kind, parameters);
  }
}
