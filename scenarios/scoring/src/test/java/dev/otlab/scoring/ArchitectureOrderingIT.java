package dev.otlab.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.lab.RunTrace;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expensive properties (a few minutes), on the default suite over five seeds with the full
 * detection profile: each plant's designs order flat &lt; purdue-dmz &lt; purdue-dmz-dpi and
 * vendor-backdoor &lt; purdue-dmz-dpi, each with non-overlapping 95% intervals of the total (so the
 * order is not a seed's luck), and none scores 100; and on the water plant's purdue-dmz-dpi, {@code
 * full} scores higher on detection than {@code signatures}, again with disjoint intervals.
 * Detection reads only the trace, so the signatures evaluation judges the same runs again instead
 * of playing them twice.
 */
class ArchitectureOrderingIT {

  @TempDir Path pki;

  private static final int SEEDS = 5;

  @Test
  void betterSegmentationAndDetectionScoreHigherOnTheDefaultSuite() {
    SuiteSpec suite = SuiteLoader.load("default");
    Map<String, RunTrace> dpiRuns = new ConcurrentHashMap<>();
    Evaluator.Runner full = Evaluator.labRunner(Speed.MAX, pki, DetectionLoader.load("full"));
    Evaluator evaluator =
        new Evaluator(
            (scenario, architecture, seed) -> {
              RunTrace t = full.run(scenario, architecture, seed);
              if (architecture.id().equals("water-treatment-purdue-dmz-dpi")) {
                dpiRuns.put(scenario.id() + "@" + seed, t);
              }
              return t;
            },
            2);
    // Both plants' designs hold the orderings; the detection comparison below is the water plant's.
    Map<String, Evaluation> water = null;
    for (String plant : new String[] {"water-treatment", "chemical-reactor"}) {
      Map<String, Evaluation> byDesign = new LinkedHashMap<>();
      for (String design :
          new String[] {"flat", "purdue-dmz", "purdue-dmz-dpi", "vendor-backdoor"}) {
        byDesign.put(
            design,
            evaluator.evaluate(
                ArchitectureLoader.load(plant + "-" + design),
                suite,
                Evaluator.Options.of(1, SEEDS, "full")));
      }
      StringBuilder why = new StringBuilder(plant).append(":\n");
      byDesign.forEach(
          (k, v) -> why.append(k).append(' ').append(v.intervals().total()).append('\n'));
      Interval flat = total(byDesign, "flat");
      Interval dmz = total(byDesign, "purdue-dmz");
      Interval dpi = total(byDesign, "purdue-dmz-dpi");
      Interval vendor = total(byDesign, "vendor-backdoor");
      assertThat(flat.n()).isEqualTo(SEEDS);
      assertThat(flat.high()).as(why.toString()).isLessThan(dmz.low());
      assertThat(dmz.high()).as(why.toString()).isLessThan(dpi.low());
      assertThat(vendor.high()).as(why.toString()).isLessThan(dpi.low());
      // The suites discriminate: no library design is perfect.
      assertThat(dpi.high()).as(why.toString()).isLessThan(100);
      assertThat(byDesign.get("flat").intervals().prevention().high())
          .as(why.toString())
          .isLessThan(byDesign.get("purdue-dmz-dpi").intervals().prevention().low());
      if (water == null) {
        water = byDesign;
      }
    }

    ArchitectureSpec dpiArch = ArchitectureLoader.load("water-treatment-purdue-dmz-dpi");
    var signatures = DetectionLoader.load("signatures");
    var plant = PlantLoader.load(dpiArch.plant());
    Evaluation judgedBySignatures =
        new Evaluator(
                (scenario, architecture, seed) -> {
                  RunTrace t = dpiRuns.get(scenario.id() + "@" + seed);
                  if (t == null) {
                    // The benign twin was not kept: play it again, without detection.
                    t = Evaluator.labRunner(Speed.MAX, pki).run(scenario, architecture, seed);
                  }
                  return t.withAlerts(ScenarioRun.detect(t, signatures, plant, architecture));
                })
            .evaluate(dpiArch, suite, Evaluator.Options.of(1, SEEDS, "signatures"));
    Interval withFull = water.get("purdue-dmz-dpi").intervals().detection();
    Interval withSignatures = judgedBySignatures.intervals().detection();
    String both = "full " + withFull + ", signatures " + withSignatures;
    assertThat(withFull).as(both).isNotNull();
    assertThat(withSignatures).as(both).isNotNull();
    assertThat(withFull.low()).as(both).isGreaterThan(withSignatures.high());
  }

  private static Interval total(Map<String, Evaluation> byDesign, String design) {
    return byDesign.get(design).intervals().total();
  }
}
