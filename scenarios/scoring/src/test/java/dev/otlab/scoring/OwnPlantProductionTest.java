package dev.otlab.scoring;

import static dev.otlab.scoring.Traces.operations;
import static dev.otlab.scoring.Traces.samples;
import static dev.otlab.scoring.Traces.step;
import static dev.otlab.scoring.Traces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.lab.RunTrace;
import dev.otlab.lab.RunTrace.Outcome;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plant file from a folder of one's own declares what it produces; its scorecard counts the
 * production lost against the benign twin in that unit, with no Java for the plant (its model kind,
 * the draining tank, describes no product).
 */
class OwnPlantProductionTest {

  static final String PLANT =
      """
      id: drain-works
      process:
        model: draining-tank
      tags:
        - {name: level, unit: m, trip: {high: 1.95}}
        - {name: outflow, unit: m3/h, trip: {low: 1.0}}
      controllers:
        - id: plc-tank
          points:
            - {tag: level, table: input-register, address: 0, type: int16, scale: 1000, min: 0, max: 10, input: level}
      production: {unit: m3 drained, factors: [outflow], per: h, quality: outflow}
      """;

  @Test
  void theScorecardCountsTheDeclaredProduct(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("drain-works.yaml");
    Files.writeString(file, PLANT);
    PlantSpec plant = PlantLoader.load(file.toString());
    double d = 600;
    BenignTwin twin =
        BenignTwin.of(
            trace(
                "twin",
                d,
                List.of(),
                List.of(),
                samples(d, t -> Map.of("outflow", 7.2, "level", 1.0)),
                List.of(),
                List.of(),
                null,
                List.of()),
            Production.of(plant),
            plant.id());
    // The attack halves the outflow for the second half, then stops it below its trip band.
    RunTrace attacked =
        trace(
            "own",
            d,
            List.of(step("s1", "T0855", 10, Outcome.SUCCEEDED, null, null)),
            operations(10, 0),
            samples(d, t -> Map.of("outflow", t < 300 ? 7.2 : t < 450 ? 3.6 : 0.5, "level", 1.0)),
            List.of(),
            List.of(),
            null,
            List.of());
    ScenarioSpec scenario =
        WorkedExampleTest.spec(
            "own", new ScenarioSpec.Objective("level", true, null, "overflow"), "T0855");
    Scorecard c =
        Scorecard.of(scenario, attacked, plant, WorkedExampleTest.ARCH, twin, Weights.DEFAULT);
    assertThat(c.impact().productionUnit()).isEqualTo("m3 drained");
    // 600 s at 7.2 m3/h = 1.2 m3; made 0.6 + 0.15 (+ nothing below the trip band).
    assertThat(c.impact().twinProduction()).isCloseTo(1.2, within(1e-9));
    assertThat(c.impact().production()).isCloseTo(0.75, within(1e-9));
    assertThat(c.impact().productionLostFraction()).isCloseTo(0.375, within(1e-9));
    assertThat(c.impact().productionHarm()).isPositive();
  }
}
