package dev.otlab.detection;

import dev.otlab.process.AbstractProcessModel;
import dev.otlab.process.Balance;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.ModelParameters.Definition;
import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessModelKind;
import java.util.List;
import java.util.Map;

/**
 * A plant kind known only to these tests (kind {@code intake-tank}, registered in the test
 * resources): one intake tank of 1 m² fed through a valve and emptied by a transfer pump, with the
 * raw tank's mass balance under the profile's {@code raw-tank} sigma. The detector has to learn its
 * balance from the description, because nothing in it names this kind.
 */
public final class IntakeTankModel extends AbstractProcessModel {

  static final String KIND = "intake-tank";

  static final List<Definition> PARAMETERS =
      List.of(
          new Definition("area", 1, Constraint.POSITIVE, "m^2", "tank cross-section"),
          new Definition("height", 4, Constraint.POSITIVE, "m", "rim height"));

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
      return new IntakeTankModel(overrides);
    }

    @Override
    public List<Balance> balances(ModelParameters p) {
      double area = p.get("area");
      return List.of(
          new Balance(
              "raw-tank",
              "raw_level",
              List.of("inflow", "pump_flow"),
              q -> (q[0] - q[1]) / 3600 / area,
              0.1,
              p.get("height") - 0.05,
              "d(raw_level)/dt = (inflow - pump_flow) / 3600 / area",
              List.of("area", "height")));
    }
  }

  private final double area;
  private final double height;

  IntakeTankModel(Map<String, Double> overrides) {
    super(
        KIND,
        List.of(new Tag("raw_level", "m")),
        List.of(),
        List.of(
            new Input("inflow", "m^3/h", 0, 40, false),
            new Input("pump_flow", "m^3/h", 0, 40, false)));
    ModelParameters p = ModelParameters.resolve(KIND, PARAMETERS, overrides);
    area = p.get("area");
    height = p.get("height");
  }

  @Override
  public double[] initialState() {
    return new double[] {2.0};
  }

  @Override
  public void computeDerivatives(double t, double[] y, double[] yDot) {
    yDot[0] = (in(0) - in(1)) / 3600 / area;
  }

  @Override
  protected void derive(double[] state, double[] out) {}

  @Override
  public void constrain(double[] y) {
    y[0] = clamp(y[0], 0, height);
  }
}
