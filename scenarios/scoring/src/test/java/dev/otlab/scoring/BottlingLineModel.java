package dev.otlab.scoring;

import dev.otlab.process.AbstractProcessModel;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.ModelParameters.Definition;
import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessModelKind;
import dev.otlab.process.ProductionMeasure;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plant kind known only to these tests (kind {@code bottling-line}, registered in the test
 * resources): a hot-fill line whose accumulation table buffers bottles between the infeed and the
 * filler. Its product is the bottles filled while the fill temperature is inside its trip band; the
 * scorecard has to learn that from the description, because nothing in it names this kind.
 */
public final class BottlingLineModel extends AbstractProcessModel {

  static final String KIND = "bottling-line";

  static final List<Definition> PARAMETERS =
      List.of(
          new Definition("table_capacity", 400, Constraint.POSITIVE, "bottles", "buffer size"),
          new Definition("initial_buffer", 100, Constraint.NON_NEGATIVE, "bottles", "at t = 0"));

  /** The test kind's plug-in. */
  public static final class Provider implements ProcessModelKind {
    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public List<Definition> parameters() {
      return PARAMETERS;
    }

    @Override
    public ProcessModel create(Map<String, Double> overrides) {
      return new BottlingLineModel(overrides);
    }

    @Override
    public Optional<ProductionMeasure> production(ModelParameters p) {
      return Optional.of(
          new ProductionMeasure("bottles filled", List.of("line_speed"), 1, 60, "fill_temp"));
    }
  }

  private final double capacity;
  private final double[] initial;

  BottlingLineModel(Map<String, Double> overrides) {
    super(
        KIND,
        List.of(new Tag("buffer", "bottles")),
        List.of(),
        List.of(
            new Input("infeed", "bottles/min", 0, 600, false),
            new Input("line_speed", "bottles/min", 0, 600, false),
            new Input("fill_temp", "C", 0, 100, false)));
    ModelParameters p = ModelParameters.resolve(KIND, PARAMETERS, overrides);
    capacity = p.get("table_capacity");
    initial = new double[] {p.get("initial_buffer")};
  }

  @Override
  public double[] initialState() {
    return initial.clone();
  }

  @Override
  public void computeDerivatives(double t, double[] y, double[] yDot) {
    yDot[0] = (in(0) - in(1)) / 60;
  }

  @Override
  protected void derive(double[] state, double[] out) {}

  @Override
  public void constrain(double[] y) {
    y[0] = clamp(y[0], 0, capacity);
  }
}
