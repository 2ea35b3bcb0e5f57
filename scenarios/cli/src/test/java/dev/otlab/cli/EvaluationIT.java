package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.lab.RunTrace;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.operations.OperationRecord;
import dev.otlab.process.LimitCrossing;
import dev.otlab.scoring.Comparison;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Evaluator;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.Weights;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.TagSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small suite evaluated twice with the same seed, once through the API one run at a time and once
 * through the command line with two runs at once: same verdicts and sub-scores; and a scorecard
 * recomputed from its own trace.
 */
class EvaluationIT {

  @TempDir Path dir;

  @Test
  void sameSeedSameEvaluationAndEveryNumberTracesToTheTrace() throws Exception {
    Path suiteFile = dir.resolve("small.yaml");
    Files.writeString(suiteFile, "id: small\nscenarios: [wt-recon, wt-raw-overflow-sis-bypass]\n");
    SuiteSpec suite = SuiteLoader.load(suiteFile.toString());
    Map<String, RunTrace> traces = new HashMap<>();
    Evaluation first =
        new Evaluator(Evaluator.labRunner(Speed.MAX, dir.resolve("pki")))
            .evaluate(
                ArchitectureLoader.load("water-treatment-flat"),
                suite,
                new Evaluator.Options(
                    7,
                    1,
                    Weights.DEFAULT,
                    null,
                    p -> {},
                    (c, t, seed) -> traces.put(c.scenario(), t)));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Main.execute(
            new String[] {
              "evaluate",
              "--architecture",
              "water-treatment-flat",
              "--suite",
              suiteFile.toString(),
              "--seed",
              "7",
              "--detection",
              "none",
              "--jobs",
              "2",
              "--json",
              "--fail-under",
              "100",
              "--out",
              dir.resolve("out").toString(),
              "--pki",
              dir.resolve("pki").toString()
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    // Flat lets the overflow through, so the gate at 100 fails the build.
    assertThat(status).as(err.toString()).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "[1/3] benign-twin", "[3/3] wt-raw-overflow-sis-bypass", "under --fail-under 100.0");
    Evaluation second = Evaluation.read(dir.resolve("out").resolve("evaluation.json"));
    assertThat(Evaluation.parse("the --json output", out.toString()).scores())
        .isEqualTo(second.scores());

    assertThat(second.scores()).isEqualTo(first.scores());
    for (Scorecard a : first.scorecards()) {
      Scorecard b = second.scorecard(a.scenario());
      assertThat(b.objectiveReached()).isEqualTo(a.objectiveReached());
      assertThat(b.steps().stream().map(s -> s.step() + s.outcome() + s.blockedWhere()).toList())
          .isEqualTo(
              a.steps().stream().map(s -> s.step() + s.outcome() + s.blockedWhere()).toList());
    }
    assertThat(Comparison.of(first, second).scenarios())
        .allSatisfy(c -> assertThat(c.madeTheDifference()).isNull());

    Scorecard overflow = first.scorecard("wt-raw-overflow-sis-bypass");
    assertThat(overflow.objectiveReached()).isTrue();
    recompute(overflow, traces.get(overflow.scenario()));
    recompute(first.scorecard("wt-recon"), traces.get("wt-recon"));
  }

  /** Recomputes a scorecard's numbers straight from the trace, without the scoring code. */
  static void recompute(Scorecard c, RunTrace t) {
    PlantSpec plant = PlantLoader.load(c.plant());
    assertThat(c.objectiveReached()).isEqualTo(t.objectiveReached());
    assertThat(c.objectiveTime()).isEqualTo(t.objectiveTime());
    double start =
        t.steps().stream()
            .mapToDouble(RunTrace.StepRecord::start)
            .filter(Double::isFinite)
            .min()
            .orElseThrow();
    assertThat(c.attackStart()).isEqualTo(start);
    assertThat(c.steps()).hasSize(t.steps().size());
    for (int i = 0; i < t.steps().size(); i++) {
      assertThat(c.steps().get(i).outcome()).isEqualTo(t.steps().get(i).outcome().name());
      assertThat(c.steps().get(i).conduit()).isEqualTo(t.steps().get(i).conduit());
    }
    // Operations: counted by hand.
    assertThat(c.operations().benign()).isEqualTo(t.operations().size());
    assertThat(c.operations().denied())
        .isEqualTo(
            (int)
                t.operations().stream()
                    .filter(o -> o.outcome().kind() == OperationRecord.Outcome.Kind.DENIED)
                    .count());
    // Time outside the envelope: entries paired with exits, one limit at a time here.
    double outside = 0;
    Double open = null;
    for (LimitCrossing x : t.crossings()) {
      if (x.entered() && open == null) {
        open = x.time();
      } else if (!x.entered() && open != null) {
        outside += x.time() - open;
        open = null;
      }
    }
    if (open != null) {
      outside += t.durationSeconds() - open;
    }
    if (t.crossings().stream().map(x -> x.limit().tag()).distinct().count() <= 1) {
      assertThat(c.impact().outsideSeconds()).isCloseTo(outside, within(1e-9));
    }
    Double firstEntry =
        t.crossings().stream()
            .filter(LimitCrossing::entered)
            .map(LimitCrossing::time)
            .findFirst()
            .orElse(null);
    if (firstEntry != null) {
      assertThat(c.impact().timeToImpact()).isCloseTo(firstEntry - start, within(1e-9));
    }
    // Treated water delivered inside the chlorine band, one-second samples.
    TagSpec chlorine = plant.tag("chlorine").orElseThrow();
    double delivered = 0;
    List<RunTrace.Sample> samples = t.samples();
    for (int i = 0; i < samples.size(); i++) {
      RunTrace.Sample s = samples.get(i);
      double next = i + 1 < samples.size() ? samples.get(i + 1).time() : t.durationSeconds();
      double cl = s.trueValues().get("chlorine");
      if (cl >= chlorine.trip().low() && cl <= chlorine.trip().high()) {
        delivered += s.trueValues().get("outflow") / 3600 * (next - s.time());
      }
    }
    assertThat(c.impact().production()).isCloseTo(delivered, within(1e-9));
    assertThat(c.impact().productionLost())
        .isCloseTo(Math.max(0, c.impact().twinProduction() - delivered), within(1e-9));
    assertThat(c.impact().sisTrips()).isEqualTo(t.sisTrips().size());
    long fp = t.alerts().stream().filter(a -> !a.truePositive()).count();
    assertThat(c.detection().falseAlerts()).isEqualTo((int) fp);
    assertThat(c.operations().falseAlertsPerHour()).isEqualTo(fp / (t.durationSeconds() / 3600));
  }
}
