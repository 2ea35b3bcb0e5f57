package dev.otlab.process;

import dev.otlab.process.MimicLayout.Anchor;
import dev.otlab.process.MimicLayout.Display;
import dev.otlab.process.MimicLayout.Medium;
import dev.otlab.process.MimicLayout.Readout;
import dev.otlab.process.MimicLayout.Tank;
import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.ModelParameters.Definition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plant kind that exists only in the tests (kind {@code holding-tank}, registered in the test
 * resources): a tank filled and emptied at commanded flows, dh/dt = (inflow - outflow) / 3600 / A.
 * It shows that a kind added by a plug-in is found and describes itself without any code naming it.
 */
public final class HoldingTankModel extends AbstractProcessModel {

  public static final String KIND = "holding-tank";

  static final List<Definition> PARAMETERS =
      List.of(
          new Definition("area", 2, Constraint.POSITIVE, "m^2", "tank cross-section"),
          new Definition("height", 3, Constraint.POSITIVE, "m", "rim height"),
          new Definition("initial_level", 1, Constraint.NON_NEGATIVE, "m", "level at t = 0"));

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
      return new HoldingTankModel(overrides);
    }

    @Override
    public List<Balance> balances(ModelParameters p) {
      double area = p.get("area");
      return List.of(
          new Balance(
              "holding-tank",
              "level",
              List.of("inflow", "outflow"),
              q -> (q[0] - q[1]) / 3600 / area,
              0,
              p.get("height"),
              "d(level)/dt = (inflow - outflow) / 3600 / area",
              List.of("area", "height")));
    }

    @Override
    public Optional<ProductionMeasure> production(ModelParameters p) {
      return Optional.of(new ProductionMeasure("m3 delivered", List.of("outflow"), 1, 3600, null));
    }

    @Override
    public Optional<MimicLayout> mimic(ModelParameters p) {
      return Optional.of(
          new MimicLayout(
              "Holding tank",
              300,
              200,
              List.of(MimicLayout.pipe(Medium.PROCESS, 10, 150, 100, 150)),
              List.of(),
              List.of(
                  new Tank("T-1", 100, 20, 80, 150, "level", p.get("height"), "LIT-1"),
                  new Readout("FIT-1", 200, 100, Anchor.START, "outflow", Display.VALUE))));
    }
  }

  private final double area;
  private final double height;
  private final double[] initial;

  HoldingTankModel(Map<String, Double> overrides) {
    super(
        KIND,
        List.of(new Tag("level", "m")),
        List.of(),
        List.of(
            new Input("inflow", "m^3/h", 0, 100, false),
            new Input("outflow", "m^3/h", 0, 100, false)));
    ModelParameters p = ModelParameters.resolve(KIND, PARAMETERS, overrides);
    area = p.get("area");
    height = p.get("height");
    initial = new double[] {p.get("initial_level")};
  }

  @Override
  public double[] initialState() {
    return initial.clone();
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
