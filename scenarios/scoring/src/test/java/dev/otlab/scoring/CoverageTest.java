package dev.otlab.scoring;

import static dev.otlab.scoring.Traces.alert;
import static dev.otlab.scoring.Traces.operations;
import static dev.otlab.scoring.Traces.samples;
import static dev.otlab.scoring.Traces.trace;
import static dev.otlab.scoring.Traces.water;
import static dev.otlab.scoring.WorkedExampleTest.ARCH;
import static dev.otlab.scoring.WorkedExampleTest.PLANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.attacks.TechniqueCatalogue;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.RunTrace.Outcome;
import dev.otlab.library.ScenarioSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Coverage classes on hand-built scorecards: each class from its trace, the precedence over
 * instances, de-duplication of repeated steps, and the Navigator layer's colours.
 */
class CoverageTest {

  static final double D = 1200;
  static final TechniqueCatalogue CATALOGUE = TechniqueCatalogue.load();

  static ScenarioSpec.Step step(String id, String technique, String... params) {
    Map<String, String> p = new java.util.HashMap<>();
    p.put("target", "plc:plc-treatment");
    for (int i = 0; i + 1 < params.length; i += 2) {
      p.put(params[i], params[i + 1]);
    }
    return new ScenarioSpec.Step(
        id, technique, p, new ScenarioSpec.Trigger(10.0, null, false, null, null, null, null, 0));
  }

  static ScenarioSpec spec(String id, @Nullable String objectiveStep, ScenarioSpec.Step... steps) {
    return new ScenarioSpec(
        id,
        id,
        "",
        "water-treatment",
        "control-insider",
        D,
        Arrays.asList(steps),
        new ScenarioSpec.Objective(null, true, objectiveStep, "the objective step lands"),
        Map.of());
  }

  static RunTrace.StepRecord record(
      String id, String technique, double start, Outcome outcome, @Nullable String conduit) {
    return new RunTrace.StepRecord(
        id,
        technique,
        start,
        "hmi-1",
        "plc-treatment",
        outcome,
        conduit,
        conduit == null ? null : "others-modbus",
        "hand-built");
  }

  /** A run of the spec with a cyber objective reached at objectiveTime (null: not reached). */
  static Scorecard card(
      ScenarioSpec spec,
      List<RunTrace.StepRecord> steps,
      @Nullable Double objectiveTime,
      List<RunTrace.LabelledAlert> alerts) {
    RunTrace t =
        trace(
            spec.id(),
            D,
            steps,
            operations(10, 0),
            samples(D, x -> water(20, 2.0)),
            List.of(),
            List.of(),
            objectiveTime,
            alerts);
    return Scorecard.of(spec, t, PLANT, ARCH, WorkedExampleTest.twin(), Weights.DEFAULT);
  }

  static TechniqueCoverage row(List<TechniqueCoverage> rows, String technique) {
    return rows.stream().filter(r -> r.technique().equals(technique)).findFirst().orElseThrow();
  }

  @Test
  void eachClassComesFromWhetherTheStepSucceededAndWhenItWasSeen() {
    ScenarioSpec spec =
        spec(
            "classes",
            "flood",
            step("scan", "T0846"),
            step("identify", "T0888"),
            step("manual", "T0855", "tag", "pump_auto", "value", "false"),
            step("setpoint", "T0836", "tag", "chlorine_sp", "value", "3.0"),
            step("flood", "T0814", "mode", "requests"));
    Scorecard c =
        card(
            spec,
            List.of(
                record("scan", "T0846", 20, Outcome.BLOCKED, "ops-control"),
                record("identify", "T0888", 30, Outcome.FAILED, null),
                record("manual", "T0855", 100, Outcome.SUCCEEDED, null),
                record("setpoint", "T0836", 120, Outcome.SUCCEEDED, null),
                record("flood", "T0814", 130, Outcome.SUCCEEDED, null)),
            200.0,
            List.of(
                alert(25, "scan", "new-flow"),
                alert(150, "manual", "write-from-unexpected-host"),
                alert(300, "setpoint", "setpoint-change")));
    // The objective was reached at 200 s with no crossing: that is the impact time.
    assertThat(c.impact().impactTime()).isEqualTo(200.0);
    List<TechniqueCoverage> rows = TechniqueCoverage.of(List.of(c), CATALOGUE);

    TechniqueCoverage scan = row(rows, "T0846");
    assertThat(scan.coverageClass()).isEqualTo(CoverageClass.PREVENTED);
    assertThat(scan.score()).isEqualTo(100);
    assertThat(scan.stoppedAt()).containsEntry("ops-control/others-modbus", 1);
    assertThat(scan.detectedBy()).containsExactly("rules/new-flow");
    TechniqueCoverage identify = row(rows, "T0888");
    assertThat(identify.coverageClass()).isEqualTo(CoverageClass.PREVENTED);
    assertThat(identify.stoppedAt()).containsEntry("failed: device or posture", 1);
    TechniqueCoverage manual = row(rows, "T0855");
    assertThat(manual.coverageClass()).isEqualTo(CoverageClass.DETECTED_BEFORE_IMPACT);
    assertThat(manual.score()).isEqualTo(50);
    assertThat(manual.instances().get(0).detectedAt()).isEqualTo(150.0);
    TechniqueCoverage setpoint = row(rows, "T0836");
    assertThat(setpoint.coverageClass()).isEqualTo(CoverageClass.DETECTED_AFTER_IMPACT);
    assertThat(setpoint.score()).isEqualTo(25);
    TechniqueCoverage flood = row(rows, "T0814");
    assertThat(flood.coverageClass()).isEqualTo(CoverageClass.SUCCEEDED_UNSEEN);
    assertThat(flood.score()).isZero();
    assertThat(flood.succeededUnseen()).isEqualTo(1);
  }

  @Test
  void aStepSeenWhenThereWasNoImpactWasSeenBeforeImpact() {
    ScenarioSpec spec =
        spec(
            "no-impact",
            "stop",
            step("manual", "T0855", "tag", "pump_auto", "value", "false"),
            step("stop", "T0855", "tag", "pump_on", "value", "false"));
    Scorecard c =
        card(
            spec,
            List.of(
                record("manual", "T0855", 100, Outcome.SUCCEEDED, null),
                record("stop", "T0855", 110, Outcome.BLOCKED, "ops-control")),
            null,
            List.of(alert(900, "manual", "write-from-unexpected-host")));
    assertThat(c.impact().impactTime()).isNull();
    TechniqueCoverage t = row(TechniqueCoverage.of(List.of(c), CATALOGUE), "T0855");
    // Two different operations on one target are two instances.
    assertThat(t.ran()).isEqualTo(2);
    assertThat(t.prevented()).isEqualTo(1);
    assertThat(t.detectedBeforeImpact()).isEqualTo(1);
    assertThat(t.coverageClass()).isEqualTo(CoverageClass.DETECTED_BEFORE_IMPACT);
    assertThat(t.score()).isEqualTo(75);
  }

  /** On the flat design: a technique detected in every run but successful in one is not green. */
  @Test
  void aTechniqueThatSucceededAnywhereTakesTheWorstClassAndIsNeverGreenAt100() {
    ScenarioSpec.Step flood = step("flood", "T0814", "mode", "requests");
    List<Scorecard> cards = new ArrayList<>();
    // Three scenarios where the flood was blocked and seen, one where it got through and was seen
    // only after the objective was reached.
    for (int i = 0; i < 3; i++) {
      cards.add(
          card(
              spec("held-" + i, "flood", flood),
              List.of(record("flood", "T0814", 60, Outcome.BLOCKED, "ops-control")),
              null,
              List.of(alert(61, "flood", "request-rate"))));
    }
    cards.add(
        card(
            spec("flood-reached", "flood", flood),
            List.of(record("flood", "T0814", 60, Outcome.SUCCEEDED, null)),
            65.0,
            List.of(alert(70, "flood", "request-rate"))));
    TechniqueCoverage t = row(TechniqueCoverage.of(cards, CATALOGUE), "T0814");
    assertThat(t.ran()).isEqualTo(4);
    assertThat(t.coverageClass()).isEqualTo(CoverageClass.DETECTED_AFTER_IMPACT);
    // (3 x 100 + 25) / 4, rounded to one decimal.
    assertThat(t.score()).isEqualTo(81.3);
    assertThat(t.scenarios()).hasSize(4);

    JsonNode layer = ComparisonTest.evaluation("flat", cards).navigatorLayer();
    JsonNode entry =
        StreamSupport.stream(layer.path("techniques").spliterator(), false)
            .filter(n -> n.path("techniqueID").asText().equals("T0814"))
            .findFirst()
            .orElseThrow();
    assertThat(entry.path("score").asDouble()).isEqualTo(81.3);
    assertThat(entry.path("color").asText())
        .isEqualTo(CoverageClass.DETECTED_AFTER_IMPACT.colour())
        .isNotEqualTo(CoverageClass.PREVENTED.colour());
    assertThat(entry.path("comment").asText())
        .contains("detected after impact", "3 prevented", "ops-control/others-modbus x3");
    assertThat(layer.path("legendItems")).hasSize(CoverageClass.values().length);
  }

  @Test
  void aRepeatedStepCountsOnceAndSucceedsWhenAnyAttemptDid() {
    ScenarioSpec spec =
        spec(
            "hold-valve",
            "hold",
            step("hold", "T0831", "tag", "inflow_valve", "value", "true", "count", "5"),
            // The same write under another id: the same operation, so the same instance.
            step("hold-again", "T0831", "tag", "inflow_valve", "value", "true", "count", "5"),
            step("close", "T0831", "tag", "inflow_valve", "value", "false", "count", "5"));
    List<RunTrace.StepRecord> records = new ArrayList<>();
    for (int i = 0; i <= 150; i++) {
      // The conduit blocks the first attempts, then one gets through.
      records.add(
          record(
              "hold",
              "T0831",
              100 + 10 * i,
              i < 20 ? Outcome.BLOCKED : Outcome.SUCCEEDED,
              i < 20 ? "ops-control" : null));
    }
    records.add(record("hold-again", "T0831", 1700, Outcome.SUCCEEDED, null));
    records.add(record("close", "T0831", 1710, Outcome.BLOCKED, "ops-control"));
    Scorecard c = card(spec, records, 400.0, List.of());
    assertThat(c.steps()).hasSize(153);
    assertThat(c.steps().get(0).operation()).isEqualTo("count=5, tag=inflow_valve, value=true");

    TechniqueCoverage t = TechniqueCoverage.of(List.of(c), CATALOGUE).get(0);
    assertThat(t.attempts()).isEqualTo(153);
    assertThat(t.ran()).isEqualTo(2);
    TechniqueCoverage.Instance hold = t.instances().get(0);
    assertThat(hold.steps()).containsExactly("hold", "hold-again");
    assertThat(hold.attempts()).isEqualTo(152);
    assertThat(hold.coverageClass()).isEqualTo(CoverageClass.SUCCEEDED_UNSEEN);
    assertThat(t.instances().get(1).coverageClass()).isEqualTo(CoverageClass.PREVENTED);
    assertThat(t.coverageClass()).isEqualTo(CoverageClass.SUCCEEDED_UNSEEN);
    assertThat(t.score()).isEqualTo(50);
    // Where it was stopped counts instances, not the 20 blocked attempts.
    assertThat(t.stoppedAt()).containsExactly(Map.entry("ops-control/others-modbus", 1));

    // The same scenario in another run (another seed) is another instance.
    assertThat(TechniqueCoverage.of(List.of(c, c), CATALOGUE).get(0).ran()).isEqualTo(4);
  }

  /** A pivot to a jump host a flat network does not have met no defence: it is not counted. */
  @Test
  void aStepAimedAtAHostTheArchitectureLacksIsNotAnInstance() {
    ScenarioSpec.Step pivot =
        new ScenarioSpec.Step(
            "pivot",
            "T0886",
            Map.of("target", "role:vendor-remote", "service", "rdp"),
            new ScenarioSpec.Trigger(10.0, null, false, null, null, null, null, 0));
    ScenarioSpec spec =
        spec("pivot", "manual", pivot, step("manual", "T0855", "tag", "pump_on", "value", "true"));
    Scorecard c =
        card(
            spec,
            List.of(
                new RunTrace.StepRecord(
                    "pivot",
                    "T0886",
                    10,
                    "hmi-1",
                    null,
                    Outcome.FAILED,
                    null,
                    null,
                    "architecture has no host for role:vendor-remote"),
                record("manual", "T0855", 20, Outcome.SUCCEEDED, null)),
            20.0,
            List.of());
    assertThat(c.steps().get(0).hostMissing()).isTrue();
    assertThat(c.steps().get(1).hostMissing()).isFalse();
    assertThat(TechniqueCoverage.of(List.of(c), CATALOGUE))
        .extracting(TechniqueCoverage::technique)
        .containsExactly("T0855");
  }

  @Test
  void credentialsAreMaskedInTheOperation() {
    ScenarioSpec spec =
        spec(
            "login",
            "login",
            step("login", "T0859", "username", "operator", "password", "operator", "tag", "x"));
    Scorecard c =
        card(spec, List.of(record("login", "T0859", 10, Outcome.SUCCEEDED, null)), 10.0, List.of());
    assertThat(c.steps().get(0).operation()).isEqualTo("password=***, tag=x, username=***");
  }

  @Test
  void precedenceRunsFromPreventedToSucceededUnseen() {
    assertThat(CoverageClass.values())
        .containsExactly(
            CoverageClass.PREVENTED,
            CoverageClass.DETECTED_BEFORE_IMPACT,
            CoverageClass.DETECTED_AFTER_IMPACT,
            CoverageClass.SUCCEEDED_UNSEEN);
    for (CoverageClass a : CoverageClass.values()) {
      for (CoverageClass b : CoverageClass.values()) {
        CoverageClass w = CoverageClass.worst(a, b);
        assertThat(w).isEqualTo(CoverageClass.worst(b, a));
        assertThat(w.score()).isEqualTo(Math.min(a.score(), b.score()));
      }
    }
    assertThat(CoverageClass.of(true, 10.0, 10.0)).isEqualTo(CoverageClass.DETECTED_BEFORE_IMPACT);
    assertThat(CoverageClass.of(true, 10.5, 10.0)).isEqualTo(CoverageClass.DETECTED_AFTER_IMPACT);
    assertThat(CoverageClass.of(false, null, 10.0)).isEqualTo(CoverageClass.PREVENTED);
  }
}
