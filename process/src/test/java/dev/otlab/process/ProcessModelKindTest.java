package dev.otlab.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import dev.otlab.process.MimicLayout.Anchor;
import dev.otlab.process.MimicLayout.Caption;
import dev.otlab.process.MimicLayout.Display;
import dev.otlab.process.MimicLayout.Medium;
import dev.otlab.process.MimicLayout.OnWhen;
import dev.otlab.process.MimicLayout.Pump;
import dev.otlab.process.MimicLayout.Reactor;
import dev.otlab.process.MimicLayout.Readout;
import dev.otlab.process.MimicLayout.Tank;
import dev.otlab.process.MimicLayout.Unit;
import dev.otlab.process.MimicLayout.Valve;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The process model plug-in point: kinds found through ServiceLoader (the test resources register
 * {@link HoldingTankModel}), and the descriptions they give of themselves.
 */
class ProcessModelKindTest {

  @Test
  void aKindRegisteredByAPlugInIsFoundAndDescribesItself() {
    assertThat(ProcessModels.KINDS)
        .contains("water-treatment", "chemical-reactor", "draining-tank", HoldingTankModel.KIND);
    ProcessModelKind k = ProcessModels.kind(HoldingTankModel.KIND);
    assertThat(k).isInstanceOf(HoldingTankModel.Provider.class);
    assertThat(ProcessModels.create(HoldingTankModel.KIND, Map.of()).kind())
        .isEqualTo(HoldingTankModel.KIND);

    ModelParameters p = ProcessModels.resolve(HoldingTankModel.KIND, Map.of("height", 5.0));
    assertThat(k.balances(p)).extracting(Balance::name).containsExactly("holding-tank");
    assertThat(k.production(p).orElseThrow().unit()).isEqualTo("m3 delivered");
    Tank tank = (Tank) k.mimic(p).orElseThrow().units().get(0);
    assertThat(tank.fullLevel()).as("the plant's rim height, not the default").isEqualTo(5.0);
  }

  @Test
  void anUnknownKindNamesEveryRegisteredKind() {
    assertThatThrownBy(() -> ProcessModels.kind("fusion-reactor"))
        .isInstanceOf(OtlabException.class)
        .satisfies(
            e -> {
              OtlabException o = (OtlabException) e;
              assertThat(o.code()).isEqualTo("PROCESS_KIND_UNKNOWN");
              assertThat(o.remedy())
                  .contains("water-treatment", "chemical-reactor", "draining-tank", "holding-tank");
            });
    assertThat(ProcessModels.find("fusion-reactor")).isEmpty();
    assertThat(ProcessModels.find("water-treatment")).isPresent();
  }

  @Test
  void theLibraryKindsDescribeWhatTheDetectorScorecardAndMimicUsedToHardCode() {
    ModelParameters water = ProcessModels.resolve("water-treatment", Map.of("raw_area", 7.0));
    ProcessModelKind w = ProcessModels.kind("water-treatment");
    assertThat(w.balances(water))
        .extracting(Balance::name)
        .containsExactly("raw-tank", "treated-tank");
    Balance raw = w.balances(water).get(0);
    assertThat(raw.measured()).isEqualTo("raw_level");
    assertThat(raw.reads()).containsExactly("inflow", "pump_flow");
    assertThat(raw.rate().perSecond(new double[] {36, 30})).isEqualTo((36 - 30) / 3600.0 / 7.0);
    // Suction fails at 0.05 m, the rim is at 4 m: the balance keeps 0.1 m and 5 cm clear of them.
    assertThat(raw.holdsAt(0.15)).isFalse();
    assertThat(raw.holdsAt(0.16)).isTrue();
    assertThat(raw.holdsAt(3.94)).isTrue();
    assertThat(raw.holdsAt(3.95)).isFalse();
    ProductionMeasure delivered = w.production(water).orElseThrow();
    assertThat(delivered.qualityTag()).isEqualTo("chlorine");
    assertThat(delivered.ratePerSecond(Map.of("outflow", 36.0))).isEqualTo(36.0 / 3600);
    assertThat(delivered.ratePerSecond(Map.of("outflow", -1.0))).isZero();
    assertThat(delivered.ratePerSecond(Map.of())).isZero();

    ModelParameters cstr =
        ProcessModels.resolve("chemical-reactor", Map.of("feed_concentration", 2.0));
    ProcessModelKind c = ProcessModels.kind("chemical-reactor");
    assertThat(c.balances(cstr)).extracting(Balance::name).containsExactly("reactor-energy");
    assertThat(c.balances(cstr).get(0).holdsAt(1e6)).isTrue();
    ProductionMeasure b = c.production(cstr).orElseThrow();
    assertThat(b.qualityTag()).isNull();
    assertThat(b.ratePerSecond(Map.of("feed_flow", 100.0, "conversion", 0.5)))
        .isEqualTo(100.0 * 0.5 * 2.0 / 60);
    assertThat(c.mimic(cstr).orElseThrow().units()).extracting(Unit::type).contains("reactor");

    ProcessModelKind d = ProcessModels.kind("draining-tank");
    ModelParameters drain = ProcessModels.resolve("draining-tank", Map.of());
    assertThat(d.balances(drain)).isEmpty();
    assertThat(d.production(drain)).isEmpty();
    assertThat(d.mimic(drain)).isEmpty();
  }

  @Test
  void everyTagADescriptionNamesIsATagOfItsModel() {
    for (String kind : ProcessModels.KINDS) {
      ProcessModelKind k = ProcessModels.kind(kind);
      ModelParameters p = ProcessModels.resolve(kind, Map.of());
      ProcessModel m = k.create(Map.of());
      Set<String> tags = m.units().keySet();
      List<String> named = new ArrayList<>();
      for (Balance b : k.balances(p)) {
        named.add(b.measured());
        named.addAll(b.reads());
        assertThat(p.asMap().keySet()).as(kind).containsAll(b.parameters());
      }
      k.production(p)
          .ifPresent(
              pm -> {
                named.addAll(pm.factors());
                if (pm.qualityTag() != null) {
                  named.add(pm.qualityTag());
                }
              });
      k.mimic(p).ifPresent(layout -> layout.units().forEach(u -> named.addAll(tagsOf(u))));
      assertThat(tags).as(kind).containsAll(named);
    }
  }

  private static List<String> tagsOf(Unit u) {
    if (u instanceof Tank t) {
      return List.of(t.levelTag());
    }
    if (u instanceof Reactor r) {
      return List.of(r.temperatureTag());
    }
    if (u instanceof Pump p) {
      return List.of(p.tag(), p.on().tag());
    }
    if (u instanceof Valve v) {
      return List.of(v.tag(), v.on().tag());
    }
    return List.of(((Readout) u).tag());
  }

  /**
   * A balance predicts what the model itself computes: at a state away from equilibrium, its rate
   * from the model's own reported values equals the model's derivative of the measured tag.
   */
  @Test
  void theBalancesAgreeWithTheModelsOwnPhysics() {
    Map<String, Map<String, Double>> offBalance =
        Map.of(
            "water-treatment",
            Map.of("initial_inflow_valve", 1.0, "initial_demand", 10.0),
            "chemical-reactor",
            Map.of("initial_reactor_temp", 345.0, "initial_coolant_temp", 290.0),
            HoldingTankModel.KIND,
            Map.of());
    int checked = 0;
    for (Map.Entry<String, Map<String, Double>> e : offBalance.entrySet()) {
      ProcessModelKind k = ProcessModels.kind(e.getKey());
      ProcessModel m = k.create(e.getValue());
      if (e.getKey().equals(HoldingTankModel.KIND)) {
        m.setInput("inflow", 20);
        m.setInput("outflow", 5);
      }
      double[] y = m.initialState();
      double[] yDot = new double[y.length];
      m.computeDerivatives(0, y, yDot);
      Map<String, Double> values = m.values(y);
      for (Balance b : k.balances(ProcessModels.resolve(e.getKey(), e.getValue()))) {
        double[] reads = b.reads().stream().mapToDouble(values::get).toArray();
        double expected = yDot[m.stateTags().indexOf(b.measured())];
        assertThat(expected).as(b.name()).isNotZero();
        assertThat(b.rate().perSecond(reads))
            .as(b.name())
            .isCloseTo(expected, within(1e-12 * Math.abs(expected)));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(4);
  }

  @Test
  void aBalanceIsChecked() {
    Balance.Rate r = q -> q[0];
    Balance ok =
        new Balance(
            "a-tank", "level", List.of("inflow"), r, 0, 1, "d(level)/dt = inflow", List.of());
    assertThat(ok.holdsAt(0.5)).isTrue();
    assertThat(ok.holdsAt(0)).isFalse();
    assertThat(ok.holdsAt(1)).isFalse();
    invalid(() -> new Balance("A Tank", "level", List.of("inflow"), r, 0, 1, "e", List.of()));
    invalid(() -> new Balance("a-tank", "", List.of("inflow"), r, 0, 1, "e", List.of()));
    invalid(() -> new Balance("a-tank", "level", List.of(), r, 0, 1, "e", List.of()));
    invalid(() -> new Balance("a-tank", "level", List.of("q", "q"), r, 0, 1, "e", List.of()));
    invalid(() -> new Balance("a-tank", "level", List.of("q"), null, 0, 1, "e", List.of()));
    invalid(() -> new Balance("a-tank", "level", List.of("q"), r, 1, 1, "e", List.of()));
    invalid(() -> new Balance("a-tank", "level", List.of("q"), r, Double.NaN, 1, "e", List.of()));
    invalid(() -> new Balance("a-tank", "level", List.of("q"), r, 0, 1, " ", List.of()));
    invalid(() -> new Balance("a-tank", "level", List.of("q"), r, 0, 1, "e", List.of("")));
  }

  @Test
  void aProductionMeasureIsChecked() {
    assertThat(new ProductionMeasure("kg", List.of("q"), 2, 60, "purity").factors())
        .containsExactly("q");
    invalid(() -> new ProductionMeasure("", List.of("q"), 1, 60, null));
    invalid(() -> new ProductionMeasure("kg", List.of(), 1, 60, null));
    invalid(() -> new ProductionMeasure("kg", List.of("q"), Double.NaN, 60, null));
    invalid(() -> new ProductionMeasure("kg", List.of("q"), 1, 0, null));
    invalid(() -> new ProductionMeasure("kg", List.of("q"), 1, 60, "Purity %"));
  }

  @Test
  void aMimicLayoutIsChecked() {
    Tank tank = new Tank("T-1", 10, 10, 50, 100, "level", 3, "LIT-1");
    assertThat(new MimicLayout("t", 100, 200, List.of(), List.of(), List.of(tank)).units())
        .containsExactly(tank);
    invalid(() -> new MimicLayout("t", 5, 200, List.of(), List.of(), List.of(tank)));
    invalid(
        () ->
            new MimicLayout(
                "t",
                100,
                100,
                List.of(MimicLayout.pipe(Medium.PROCESS, 0, 0, 101, 0)),
                List.of(),
                List.of()));
    invalid(
        () ->
            new MimicLayout(
                "t",
                100,
                100,
                List.of(),
                List.of(new Caption(0, 120, Anchor.END, "x")),
                List.of()));
    invalid(() -> new MimicLayout("", 100, 100, List.of(), List.of(), List.of()));
    invalid(() -> new MimicLayout("t", 0, 100, List.of(), List.of(), List.of()));
    invalid(() -> MimicLayout.pipe(Medium.PROCESS, 0, 0, 10));
    invalid(() -> MimicLayout.pipe(Medium.PROCESS, 0, 0));
    invalid(() -> new Tank("T-1", 0, 0, 0, 100, "level", 3, "LIT-1"));
    invalid(() -> new Tank("T-1", 0, 0, 50, 100, "level", 0, "LIT-1"));
    invalid(() -> new Tank("T-1", 0, 0, 50, 100, "Level", 3, "LIT-1"));
    invalid(() -> new Reactor("R-1", 0, 0, 40, 100, "temp", 300, 400));
    invalid(() -> new Reactor("R-1", 0, 0, 100, 100, "temp", 400, 400));
    invalid(() -> new Pump("P-1", 0, 0, "pump_on", Display.FLAG, null));
    invalid(() -> new Valve("V-1", 0, 0, "valve", null, new OnWhen("valve", 0.5)));
    invalid(() -> new OnWhen("valve", Double.POSITIVE_INFINITY));
    invalid(() -> new Readout("", 0, 0, Anchor.START, "q", Display.VALUE));
    invalid(() -> new Readout("F-1", 0, 0, null, "q", Display.VALUE));
  }

  private static void invalid(ThrowingCallable c) {
    assertThatThrownBy(c)
        .isInstanceOf(OtlabException.class)
        .satisfies(
            e -> {
              OtlabException o = (OtlabException) e;
              assertThat(o.code()).isEqualTo("PROCESS_DESCRIPTION_INVALID");
              assertThat(o.remedy()).isNotBlank();
            });
  }
}
