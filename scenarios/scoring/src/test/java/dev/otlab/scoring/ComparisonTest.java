package dev.otlab.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comparing evaluations, and the JSON they travel in. */
class ComparisonTest {

  @TempDir Path dir;

  static Evaluation evaluation(String arch, List<Scorecard> cards) {
    return new Evaluation(
        Evaluation.FORMAT,
        arch,
        "water-treatment",
        "full",
        "worked-example",
        1,
        Weights.DEFAULT.toMap(),
        "ATT&CK v17",
        SubScores.of(cards, true, Weights.DEFAULT),
        cards,
        List.of(),
        TechniqueCoverage.of(cards, dev.otlab.attacks.TechniqueCatalogue.load()),
        List.of(),
        ZoneEstimate.of(WorkedExampleTest.ARCH, cards),
        3600,
        10);
  }

  @Test
  void namesTheConduitRuleAndDetectorThatMadeTheDifference() {
    Scorecard blocked = WorkedExampleTest.s2();
    // The same scenario on a design where the command went through and nobody saw it.
    Scorecard passed =
        new Scorecard(
            blocked.scenario(),
            blocked.title(),
            blocked.plant(),
            "flat",
            1,
            blocked.durationSeconds(),
            blocked.foothold(),
            blocked.objective(),
            blocked.objectiveKind(),
            blocked.severity(),
            blocked.attackerLevel(),
            blocked.objectiveZones(),
            List.of(
                new Scorecard.StepVerdict(
                    "s1",
                    "T0855",
                    60.0,
                    "ws-1",
                    "plc-treatment",
                    "SUCCEEDED",
                    null,
                    null,
                    "written",
                    List.of(),
                    null,
                    "",
                    false)),
            true,
            60.0,
            60.0,
            blocked.impact(),
            Scorecard.detection(
                Traces.trace(
                    "x", 1200, List.of(), List.of(), List.of(), List.of(), List.of(), 60.0,
                    List.of()),
                60.0,
                60.0,
                Weights.DEFAULT),
            blocked.operations(),
            new dev.otlab.lab.RunOutcome.Reached(60.0, false),
            blocked.durationSeconds());
    Comparison c =
        Comparison.of(
            evaluation("flat", List.of(passed, WorkedExampleTest.s3())),
            evaluation("purdue-dmz-dpi", List.of(blocked, WorkedExampleTest.s3())));
    Comparison.ScenarioChange change = c.scenarios().get(0);
    assertThat(change.reachedA()).isTrue();
    assertThat(change.reachedB()).isFalse();
    assertThat(change.madeTheDifference())
        .isEqualTo("conduit ops-control rule others-modbus blocked step s1 in B");
    assertThat(change.changes())
        .contains("step s1 (T0855): SUCCEEDED -> BLOCKED at ops-control/others-modbus")
        .contains("step s1 detected by nothing -> rules/write-from-unexpected-host");
    assertThat(c.scenarios().get(1).changes()).isEmpty();
    assertThat(c.scoreChanges()).anySatisfy(l -> assertThat(l).startsWith("prevention"));
    assertThat(c.text()).contains("=> conduit ops-control", "1 scenario(s) with the same verdicts");
  }

  @Test
  void anEvaluationSurvivesItsJson() throws Exception {
    Evaluation e =
        evaluation(
            "purdue-dmz-dpi",
            List.of(WorkedExampleTest.s1(), WorkedExampleTest.s2(), WorkedExampleTest.s3()));
    e.write(dir);
    Evaluation back = Evaluation.read(dir.resolve("evaluation.json"));
    assertThat(back).isEqualTo(e);
    assertThat(Comparison.of(e, back).scenarios())
        .allSatisfy(s -> assertThat(s.changes()).isEmpty());
    var layer = Evaluation.JSON.readTree(Files.readString(dir.resolve("navigator-layer.json")));
    assertThat(layer.path("domain").asText()).isEqualTo("ics-attack");
    assertThat(layer.path("versions").path("layer").asText()).isEqualTo("4.5");
    assertThat(layer.path("techniques"))
        .anySatisfy(
            t -> {
              assertThat(t.path("techniqueID").asText()).isEqualTo("T0855");
              assertThat(t.path("comment").asText())
                  .contains("Unauthorized Command Message", "ops-control/others-modbus");
            });
    assertThat(Files.exists(dir.resolve("scorecards").resolve("s1-overflow.json"))).isTrue();
  }
}
