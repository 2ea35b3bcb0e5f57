package dev.otlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.Library;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SweepLoader;
import dev.otlab.library.SweepSpec;
import dev.otlab.library.YamlEdit;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Evaluator;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identical-results check: a sweep played by the embedded engine gives, configuration by
 * configuration, the evaluation {@link Evaluator#evaluate} gives (a fresh evaluator each, as {@code
 * otlab evaluate} runs), wall time aside. Two water-treatment designs against the two short
 * scenarios of {@code wt-short} with two seeds under full detection, and one defended configuration
 * (the flat design with the over-eager playbook, one seed); and a variant derived in a sweep file
 * against the same design written out as a file. Every unit result also survives its JSON (what a
 * store keeps) exactly.
 */
class EmbeddedSweepIT {

  @TempDir Path pki;

  @Test
  void theSweepsEvaluationsAreTheEvaluatorsUndefended() {
    SweepSpec spec =
        new SweepSpec(
            "it-designs",
            "Two designs",
            List.of("water-treatment-flat", "water-treatment-purdue-dmz"),
            List.of("wt-short"),
            1,
            2,
            List.of("full"),
            List.of(List.of()));
    sweepEqualsEvaluator(spec, 4 + 8);
  }

  @Test
  void theSweepsEvaluationIsTheEvaluatorsDefended() {
    SweepSpec spec =
        new SweepSpec(
            "it-defended",
            "One defended design",
            List.of("water-treatment-flat"),
            List.of("wt-short"),
            1,
            1,
            List.of("full"),
            List.of(List.of("wt-isolate-on-any-alert")));
    sweepEqualsEvaluator(spec, 1 + 1 + 2);
  }

  /**
   * The differential check of variants: a design derived in the sweep file plays, through the
   * embedded engine, to the evaluation of the same design written out as a file (the base's text
   * edited by hand) under the evaluator. One seed, one scenario (wt-recon, which the added tap on
   * the office boundary sees).
   */
  @Test
  void aVariantPlaysAsTheSameDesignWrittenOut(@TempDir Path dir) throws Exception {
    Path suite = dir.resolve("recon.yaml");
    Files.writeString(suite, "id: recon\nscenarios: [wt-recon]\n");
    String base = Library.read("architectures", "water-treatment-purdue-dmz").text();
    String hand =
        base.replace("id: water-treatment-purdue-dmz\n", "id: dmz-tapped\n")
            .replace("sensors: {taps: [ops-control]}", "sensors: {taps: [ops-control, ent-dmz]}");
    hand = YamlEdit.replace(hand, List.of("title"), "Tapped").orElseThrow();
    hand = YamlEdit.replace(hand, List.of("description"), "The DMZ design, tapped").orElseThrow();
    Path file = dir.resolve("dmz-tapped.yaml");
    Files.writeString(file, hand);
    SweepSpec spec =
        SweepLoader.parse(
            "variant.yaml",
            """
            id: it-variant
            variants:
              - id: dmz-tapped
                base: water-treatment-purdue-dmz
                title: Tapped
                description: The DMZ design, tapped
                changes:
                  - {add: sensors.taps, value: ent-dmz}
            suites: [%s]
            seeds: {first: 1, count: 1}
            """
                .formatted(suite));
    assertThat(spec.architecture("dmz-tapped"))
        .isEqualTo(ArchitectureLoader.load(file.toString()))
        .isNotEqualTo(ArchitectureLoader.load("water-treatment-purdue-dmz"));
    List<Evaluation> swept = sweepEqualsEvaluator(spec, 1 + 1, c -> file.toString());
    assertThat(swept.get(0).architecture()).isEqualTo("dmz-tapped");
  }

  private void sweepEqualsEvaluator(SweepSpec spec, int units) {
    sweepEqualsEvaluator(spec, units, SweepConfig::architecture);
  }

  /**
   * Plays a sweep and holds each configuration's evaluation equal to the evaluator's of the design
   * {@code designOf} names for it.
   */
  private List<Evaluation> sweepEqualsEvaluator(
      SweepSpec spec, int units, Function<SweepConfig, String> designOf) {
    SweepPlan plan = SweepPlan.of(spec);
    assertThat(plan.units()).hasSize(units);
    InMemorySweepStore store = new InMemorySweepStore();
    List<SweepProgress> progress = new ArrayList<>();
    // Played from the plan's JSON, as a store hands it to a Swarm task: a variant is derived from
    // the base and changes the JSON carries.
    new EmbeddedSweepEngine(2, pki.resolve("sweep"))
        .play(spec.id(), SweepPlan.fromJson(plan.toJson()), store, p -> progress.add(p));
    assertThat(progress).hasSize(units);
    assertThat(progress.get(progress.size() - 1).complete()).isTrue();
    assertThat(store.progress(spec.id()).failedAttempts()).isZero();
    Map<String, UnitResult> results = store.results(spec.id());

    for (UnitResult r : results.values()) {
      String json = r.toJson();
      UnitResult back = UnitResult.fromJson(json);
      assertThat(back).usingRecursiveComparison().isEqualTo(r);
      assertThat(back.toJson()).isEqualTo(json);
    }
    assertThat(SweepPlan.fromJson(plan.toJson())).isEqualTo(plan);

    List<Evaluation> swept = SweepResults.evaluations(plan, results);
    assertThat(swept).hasSize(plan.configs().size());
    for (int i = 0; i < swept.size(); i++) {
      SweepConfig c = plan.configs().get(i);
      Evaluator evaluator =
          new Evaluator(
              Evaluator.labRunner(
                  Speed.MAX, pki.resolve("evaluator"), DetectionLoader.load(c.detection())),
              2);
      Evaluation expected =
          evaluator.evaluate(
              ArchitectureLoader.load(designOf.apply(c)),
              SuiteLoader.load(c.suite()),
              Evaluator.Options.of(spec.seed(), spec.seeds(), c.detection())
                  .withPlaybooks(c.playbooks().stream().map(PlaybookLoader::load).toList()));
      Evaluation actual = swept.get(i);
      assertThat(actual.scorecards()).usingRecursiveComparison().isEqualTo(expected.scorecards());
      assertThat(actual.scores()).isEqualTo(expected.scores());
      assertThat(actual.seedScores()).isEqualTo(expected.seedScores());
      assertThat(actual.intervals()).isEqualTo(expected.intervals());
      assertThat(actual.reach()).isEqualTo(expected.reach());
      assertThat(actual.simulatedSeconds()).isEqualTo(expected.simulatedSeconds());
      assertThat(actual.defence()).isEqualTo(expected.defence());
      // Everything else but the wall time, through the JSON both would be written as.
      assertThat(withoutWallTime(actual)).isEqualTo(withoutWallTime(expected));
    }
    return swept;
  }

  /** The evaluation's JSON tree (fields in any order) but its wall time. */
  private static JsonNode withoutWallTime(Evaluation e) {
    try {
      ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(e.toJson());
      tree.remove("wallSeconds");
      return tree;
    } catch (JsonProcessingException x) {
      throw new IllegalStateException(x);
    }
  }
}
