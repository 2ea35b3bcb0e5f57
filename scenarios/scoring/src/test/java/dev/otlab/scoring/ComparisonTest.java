package dev.otlab.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comparing evaluations, and the JSON they travel in. */
class ComparisonTest {

  @TempDir Path dir;

  static Evaluation evaluation(String arch, List<Scorecard> cards) {
    return evaluation(arch, cards, List.of(SubScores.of(cards, true, Weights.DEFAULT)));
  }

  /**
   * An evaluation whose seeds 1, 2, ... scored {@code perSeed}; each seed reached the objectives
   * {@code cards} reached.
   */
  static Evaluation evaluation(String arch, List<Scorecard> cards, List<SubScores> perSeed) {
    List<Long> seeds = LongStream.rangeClosed(1, perSeed.size()).boxed().toList();
    return new Evaluation(
        Evaluation.FORMAT,
        arch,
        "water-treatment",
        "full",
        "worked-example",
        1,
        seeds,
        Weights.DEFAULT.toMap(),
        "ATT&CK v17",
        SubScores.mean(perSeed),
        perSeed,
        ScoreIntervals.of(perSeed),
        cards,
        cards.stream()
            .map(
                c ->
                    Evaluation.Reach.of(
                        c.scenario(), Collections.nCopies(perSeed.size(), c), seeds))
            .toList(),
        List.of(),
        TechniqueCoverage.of(cards, dev.otlab.attacks.TechniqueCatalogue.load()),
        List.of(),
        ZoneEstimate.of(WorkedExampleTest.ARCH, cards),
        3600,
        10,
        null);
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
            blocked.durationSeconds(),
            null);
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

  static SubScores total(double prevention, double total) {
    return new SubScores(prevention, 50.0, 60, 100, total, 0, 0);
  }

  @Test
  void saysWhetherEachScoreChangeExceedsTheNoise() {
    List<Scorecard> cards = List.of(WorkedExampleTest.s3());
    Evaluation a =
        evaluation(
            "flat",
            cards,
            List.of(total(50, 70), total(50, 71), total(50, 69), total(50, 70), total(50, 72)));
    Evaluation clearlyBetter =
        evaluation(
            "purdue-dmz",
            cards,
            List.of(total(60, 80), total(60, 81), total(60, 79), total(60, 80), total(60, 82)));
    Evaluation noisy =
        evaluation(
            "purdue-dmz",
            cards,
            List.of(total(50, 70), total(50, 73), total(50, 67), total(50, 71), total(50, 72)));
    assertThat(a.intervals().total().mean()).isEqualTo(70.4);
    assertThat(a.intervals().total().low()).isLessThan(70.4);
    assertThat(a.intervals().prevention().isPoint()).isTrue();

    Comparison better = Comparison.of(a, clearlyBetter);
    Comparison.ScoreDifference t = difference(better, "total");
    assertThat(t.change()).isEqualTo(10.0);
    assertThat(t.exceedsNoise()).isTrue();
    assertThat(t.pValue()).isLessThan(SeedStatistics.ALPHA);
    // Constant on both sides and different: beyond any noise.
    assertThat(difference(better, "prevention").exceedsNoise()).isTrue();
    assertThat(difference(better, "impact").exceedsNoise()).isFalse();
    assertThat(better.scoreChanges())
        .anySatisfy(l -> assertThat(l).startsWith("total").contains("+10.0, beyond the noise"));
    assertThat(better.a()).contains("seeds 1..5");

    Comparison same = Comparison.of(a, noisy);
    assertThat(difference(same, "total").exceedsNoise()).isFalse();
    assertThat(difference(same, "total").pValue()).isGreaterThan(SeedStatistics.ALPHA);
    assertThat(same.scoreChanges())
        .anySatisfy(l -> assertThat(l).startsWith("total").contains("within the noise"));

    // One seed on a side says nothing about the noise.
    Comparison single = Comparison.of(evaluation("flat", cards, List.of(total(50, 70))), noisy);
    assertThat(difference(single, "total").exceedsNoise()).isNull();
    assertThat(single.scoreChanges())
        .anySatisfy(l -> assertThat(l).contains("noise unknown: one seed"));
  }

  private static Comparison.ScoreDifference difference(Comparison c, String score) {
    return c.differences().stream().filter(d -> d.score().equals(score)).findFirst().orElseThrow();
  }

  @Test
  void anEvaluationOfFormatOneReadsAsOneSeed() throws Exception {
    Evaluation e =
        evaluation(
            "purdue-dmz-dpi",
            List.of(WorkedExampleTest.s1(), WorkedExampleTest.s2(), WorkedExampleTest.s3()));
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode) Evaluation.JSON.readTree(e.toJson());
    json.put("format", 1);
    json.remove(List.of("seeds", "seedScores", "intervals", "reach"));
    Evaluation old = Evaluation.parse("old.json", json.toString());
    assertThat(old.seeds()).containsExactly(1L);
    assertThat(old.seedScores()).containsExactly(e.scores());
    assertThat(old.intervals().total().isPoint()).isTrue();
    assertThat(old.intervals().total().mean()).isEqualTo(e.scores().total());
    assertThat(old.reach()).isEqualTo(e.reach());
    assertThat(old.reach("s1-overflow").share().n()).isEqualTo(1);
  }

  private static DefenceSummary defended(String id, int averted, double harm, int denied) {
    return new DefenceSummary(
        List.of(id),
        2,
        1,
        1 - averted,
        averted,
        harm,
        averted,
        30.0,
        5,
        denied,
        0.0,
        1,
        3,
        List.of());
  }

  @Test
  void twoPlaybooksAreWeighedByWhatTheyAvertedAndWhatTheyCost() {
    assertThat(Comparison.defence(null, null)).isEmpty();
    assertThat(Comparison.defence(null, defended("wt-contain-it-pivot", 1, 0.43, 43)))
        .containsExactly("defence: none -> wt-contain-it-pivot");
    assertThat(
            Comparison.defence(
                defended("wt-contain-it-pivot", 1, 0.43, 43),
                defended("wt-isolate-on-any-alert", 0, 0, 5960)))
        .containsExactly(
            "defence: wt-contain-it-pivot -> wt-isolate-on-any-alert",
            "averted 1 of 1 runs reached undefended -> 0 of 1",
            "mean harm averted +0.43 -> +0.00",
            "benign operations the responses denied 43 -> 5960; false-alarm responses in the benign"
                + " twins 1 -> 1");
  }
}
