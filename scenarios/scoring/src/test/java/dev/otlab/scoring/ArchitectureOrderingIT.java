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
 * The expensive properties (several minutes), on the default suite with the full detection profile:
 * the water plant's designs order flat &lt; purdue-dmz &lt; purdue-dmz-dpi and vendor-backdoor &lt;
 * purdue-dmz-dpi; and on purdue-dmz-dpi, {@code full} scores higher on detection than {@code
 * signatures}. Detection reads only the trace, so the signatures evaluation judges the same runs
 * again instead of playing them twice.
 */
class ArchitectureOrderingIT {

  @TempDir Path pki;

  @Test
  void betterSegmentationAndDetectionScoreHigherOnTheDefaultSuite() {
    SuiteSpec suite = SuiteLoader.load("default");
    Map<String, RunTrace> dpiRuns = new ConcurrentHashMap<>();
    Evaluator.Runner full = Evaluator.labRunner(Speed.MAX, pki, DetectionLoader.load("full"));
    Evaluator evaluator =
        new Evaluator(
            (scenario, architecture, seed) -> {
              RunTrace t = full.run(scenario, architecture, seed);
              if (architecture.id().endsWith("purdue-dmz-dpi")) {
                dpiRuns.put(scenario.id(), t);
              }
              return t;
            },
            2);
    Map<String, Evaluation> byDesign = new LinkedHashMap<>();
    for (String design : new String[] {"flat", "purdue-dmz", "purdue-dmz-dpi", "vendor-backdoor"}) {
      byDesign.put(
          design,
          evaluator.evaluate(
              ArchitectureLoader.load("water-treatment-" + design),
              suite,
              Evaluator.Options.of(1, "full")));
    }
    StringBuilder why = new StringBuilder();
    byDesign.forEach((k, v) -> why.append(k).append(' ').append(v.scores()).append('\n'));
    double flat = byDesign.get("flat").scores().total();
    double dmz = byDesign.get("purdue-dmz").scores().total();
    double dpi = byDesign.get("purdue-dmz-dpi").scores().total();
    double vendor = byDesign.get("vendor-backdoor").scores().total();
    assertThat(flat).as(why.toString()).isLessThan(dmz);
    assertThat(dmz).as(why.toString()).isLessThan(dpi);
    assertThat(vendor).as(why.toString()).isLessThan(dpi);
    assertThat(byDesign.get("flat").scores().prevention())
        .as(why.toString())
        .isLessThan(byDesign.get("purdue-dmz-dpi").scores().prevention());

    ArchitectureSpec dpiArch = ArchitectureLoader.load("water-treatment-purdue-dmz-dpi");
    var signatures = DetectionLoader.load("signatures");
    var plant = PlantLoader.load(dpiArch.plant());
    Evaluation judgedBySignatures =
        new Evaluator(
                (scenario, architecture, seed) -> {
                  RunTrace t = dpiRuns.get(scenario.id());
                  if (t == null) {
                    // The benign twin was not kept: play it again, without detection.
                    t = Evaluator.labRunner(Speed.MAX, pki).run(scenario, architecture, seed);
                  }
                  return t.withAlerts(ScenarioRun.detect(t, signatures, plant, architecture));
                })
            .evaluate(dpiArch, suite, Evaluator.Options.of(1, "signatures"));
    Double withFull = byDesign.get("purdue-dmz-dpi").scores().detection();
    Double withSignatures = judgedBySignatures.scores().detection();
    assertThat(withFull).as(why + "signatures " + judgedBySignatures.scores()).isNotNull();
    assertThat(withSignatures).isNotNull();
    assertThat(withFull)
        .as(why + "signatures " + judgedBySignatures.scores())
        .isGreaterThan(withSignatures);
  }
}
