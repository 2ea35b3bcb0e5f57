package dev.otlab.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.lab.RunTrace;
import dev.otlab.library.PlantLoader;
import dev.otlab.simulator.plant.Limits;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.TagSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Production as the plant's process model describes it, for library and plugged-in kinds. */
class ProductionTest {

  static RunTrace.Sample sample(Map<String, Double> values) {
    return new RunTrace.Sample(0, values, Map.of());
  }

  @Test
  void aPluggedInKindsProductIsCountedWithoutTheScorecardNamingIt() {
    TagSpec fillTemp =
        new TagSpec(
            "fill_temp",
            "C",
            "hot-fill temperature",
            Limits.NONE,
            Limits.NONE,
            new Limits(80.0, 95.0),
            0,
            "",
            "");
    PlantSpec line =
        new PlantSpec(
            "line-1",
            "Line 1",
            "a bottling line",
            BottlingLineModel.KIND,
            Map.of(),
            List.of(fillTemp),
            List.of(),
            List.of());
    Production p = Production.of(line);
    assertThat(p.unit()).isEqualTo("bottles filled");
    assertThat(p.quality()).isEqualTo(new Limits(80.0, 95.0));
    assertThat(p.rate(sample(Map.of("line_speed", 120.0, "fill_temp", 85.0)))).isEqualTo(2.0);
    // Bottles filled too cold are not product.
    assertThat(p.rate(sample(Map.of("line_speed", 120.0, "fill_temp", 70.0)))).isZero();
    assertThat(p.rate(sample(Map.of("line_speed", 120.0)))).isZero();
    assertThat(p.total(Traces.samples(60, t -> Map.of("line_speed", 120.0, "fill_temp", 85.0)), 60))
        .isCloseTo(120.0, within(1e-9));
  }

  @Test
  void theLibraryPlantsProduceWhatTheyAlwaysDid() {
    Production water = Production.of(PlantLoader.load("water-treatment"));
    assertThat(water.unit()).isEqualTo("m3 of treated water delivered");
    assertThat(water.rate(sample(Map.of("outflow", 36.0, "chlorine", 1.5)))).isEqualTo(36.0 / 3600);
    assertThat(water.rate(sample(Map.of("outflow", 36.0, "chlorine", 5.0)))).isZero();
    assertThat(water.rate(sample(Map.of("outflow", -3.0, "chlorine", 1.5)))).isZero();

    PlantSpec reactorPlant = PlantLoader.load("chemical-reactor");
    Production reactor = Production.of(reactorPlant);
    assertThat(reactor.unit()).isEqualTo("mol of product B");
    double feedConcentration = reactorPlant.parameters().getOrDefault("feed_concentration", 1.0);
    assertThat(reactor.rate(sample(Map.of("feed_flow", 100.0, "conversion", 0.5))))
        .isEqualTo(100.0 * 0.5 * feedConcentration / 60);

    PlantSpec drain =
        new PlantSpec("d", "d", "d", "draining-tank", Map.of(), List.of(), List.of(), List.of());
    Production none = Production.of(drain);
    assertThat(none.unit()).isEqualTo("nothing (no production model)");
    assertThat(none.rate(sample(Map.of("outflow", 10.0)))).isZero();
  }
}
