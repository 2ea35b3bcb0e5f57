package dev.otlab.scoring;

import static dev.otlab.scoring.Traces.alert;
import static dev.otlab.scoring.Traces.crossing;
import static dev.otlab.scoring.Traces.operations;
import static dev.otlab.scoring.Traces.samples;
import static dev.otlab.scoring.Traces.step;
import static dev.otlab.scoring.Traces.trace;
import static dev.otlab.scoring.Traces.water;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.lab.RunOutcome;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.RunTrace.Outcome;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/scoring.md, built as run traces: the numbers the document derives by
 * hand must be the numbers the code computes.
 */
class WorkedExampleTest {

  static final PlantSpec PLANT = PlantLoader.load("water-treatment");
  static final ArchitectureSpec ARCH = ArchitectureLoader.load("water-treatment-purdue-dmz-dpi");
  static final double D = 1200;

  static ScenarioSpec spec(String id, ScenarioSpec.Objective objective, String... techniques) {
    List<ScenarioSpec.Step> steps =
        java.util.stream.IntStream.range(0, techniques.length)
            .mapToObj(
                i ->
                    new ScenarioSpec.Step(
                        "s" + (i + 1),
                        techniques[i],
                        Map.of("target", "plc:plc-treatment"),
                        new ScenarioSpec.Trigger(10.0, null, false, null, null, null, null, 0)))
            .toList();
    return new ScenarioSpec(
        id, id, "", "water-treatment", "enterprise-workstation", D, steps, objective, Map.of());
  }

  /** The twin delivers 20 m3/h all along, inside the chlorine band, with no crossing. */
  static BenignTwin twin() {
    return BenignTwin.of(
        trace(
            "benign-twin",
            D,
            List.of(),
            List.of(),
            samples(D, t -> water(20, 2.0)),
            List.of(),
            List.of(),
            null,
            List.of()),
        Production.of(PLANT),
        PLANT.id());
  }

  /** S1: overflow of T-301, detected 60 s after the attack started, one SIS trip. */
  static Scorecard s1() {
    ScenarioSpec spec =
        spec(
            "s1-overflow",
            new ScenarioSpec.Objective("treated_level", true, null, "T-301 overflows"),
            "T0880",
            "T0855");
    RunTrace t =
        trace(
            spec.id(),
            D,
            List.of(
                step("s1", "T0880", 100, Outcome.SUCCEEDED, null, null),
                step("s2", "T0855", 110, Outcome.SUCCEEDED, null, null)),
            operations(1200, 0),
            samples(D, t2 -> water(20, t2 >= 400 && t2 < 520 ? 3.978 : 2.0)),
            List.of(
                crossing(400, "treated_level", 3.9, true),
                crossing(520, "treated_level", 3.9, false)),
            List.of(new RunTrace.SisTrip(410, "sis-water", "treated_high_trip")),
            400.0,
            List.of(alert(160, "s1", "sis-bypass-write")));
    return Scorecard.of(spec, t, PLANT, ARCH, twin(), Weights.DEFAULT);
  }

  /** S2: a command blocked at ops-control, alerted at once; 6 benign polls denied. */
  static Scorecard s2() {
    ScenarioSpec spec =
        spec(
            "s2-command",
            new ScenarioSpec.Objective(null, true, "s1", "the pump is stopped"),
            "T0855");
    RunTrace t =
        trace(
            spec.id(),
            D,
            List.of(step("s1", "T0855", 60, Outcome.BLOCKED, "ops-control", "others-modbus")),
            operations(1200, 6),
            samples(D, x -> water(20, 2.0)),
            List.of(),
            List.of(),
            null,
            List.of(alert(60, "s1", "write-from-unexpected-host")));
    return Scorecard.of(spec, t, PLANT, ARCH, twin(), Weights.DEFAULT);
  }

  /** S3: reconnaissance reached at 30 s, unseen, delivery down to 18 m3/h, one false alert. */
  static Scorecard s3() {
    ScenarioSpec spec =
        spec(
            "s3-recon",
            new ScenarioSpec.Objective(null, true, "s1", "the PLC is identified"),
            "T0888");
    RunTrace t =
        trace(
            spec.id(),
            D,
            List.of(step("s1", "T0888", 30, Outcome.SUCCEEDED, null, null)),
            operations(1200, 0),
            samples(D, x -> water(18, 2.0)),
            List.of(),
            List.of(),
            30.0,
            List.of(alert(700, null, "new-flow")));
    return Scorecard.of(spec, t, PLANT, ARCH, twin(), Weights.DEFAULT);
  }

  /**
   * S4: every step succeeds and T-301 is still filling when the run hits its horizon (4 x 1200 s):
   * undecided, with the trend meeting the limit at 6333 s.
   */
  static Scorecard s4() {
    ScenarioSpec spec =
        spec(
            "s4-slow-overflow",
            new ScenarioSpec.Objective("treated_level", true, null, "T-301 overflows"),
            "T0855");
    double horizon = 4 * D;
    RunTrace t =
        Traces.decided(
            spec.id(),
            D,
            List.of(step("s1", "T0855", 10, Outcome.SUCCEEDED, null, null)),
            operations(1200, 0),
            samples(horizon, x -> water(20, 2 + 0.0003 * x)),
            List.of(),
            List.of(),
            new RunOutcome.Undecided(
                horizon, "treated_level", 3.44, 3.9, 6333.0, "treated_level was still approaching"),
            List.of());
    return Scorecard.of(spec, t, PLANT, ARCH, twin(), Weights.DEFAULT);
  }

  @Test
  void anUndecidedRunEarnsNoPreventionCredit() {
    Scorecard d = s4();
    assertThat(d.objectiveReached()).isFalse();
    assertThat(d.prevented()).isFalse();
    assertThat(d.playedSeconds()).isEqualTo(4 * D);
    assertThat(d.impact().harm()).isZero();
    assertThat(s2().prevented()).isTrue();
    assertThat(s2().outcome())
        .isEqualTo(
            new RunOutcome.Prevented(
                "s1", RunOutcome.Cause.BLOCKED, "ops-control", "others-modbus", "hand-built", D));
    // sum of w = 9; only S2 (w = 2) is prevented.
    SubScores s = SubScores.of(List.of(s1(), s2(), s3(), s4()), true, Weights.DEFAULT);
    assertThat(s.prevention()).isEqualTo(22.2);
    assertThat(s.impact()).isEqualTo(75.6);
  }

  @Test
  void scorecardsMatchTheDocument() {
    Scorecard a = s1();
    assertThat(a.severity()).isEqualTo(3);
    assertThat(a.impact().timeToImpact()).isEqualTo(300);
    assertThat(a.impact().outsideSeconds()).isEqualTo(120);
    assertThat(a.impact().worstExcursion()).isCloseTo(0.02, within(1e-9));
    assertThat(a.impact().envelopeHarm()).isCloseTo(0.6, within(1e-9));
    assertThat(a.impact().sisHarm()).isEqualTo(0.25);
    assertThat(a.impact().harm()).isCloseTo(0.6, within(1e-9));
    assertThat(a.detection().timeToDetect()).isEqualTo(60);
    assertThat(a.detection().margin()).isEqualTo(240);
    assertThat(a.detection().credit()).isCloseTo(0.9, within(1e-9));

    Scorecard b = s2();
    assertThat(b.severity()).isEqualTo(2);
    assertThat(b.objectiveReached()).isFalse();
    assertThat(b.detection().window()).isEqualTo(1140);
    assertThat(b.detection().credit()).isEqualTo(1.0);
    assertThat(b.operations().denied()).isEqualTo(6);
    assertThat(b.operations().deniedBy()).containsEntry("ops-control/hmi-read", 6);
    assertThat(b.blockedAt()).isEqualTo("ops-control/others-modbus");

    Scorecard c = s3();
    assertThat(c.severity()).isEqualTo(1);
    assertThat(c.impact().twinProduction()).isCloseTo(20.0 / 3600 * 1200, within(1e-9));
    assertThat(c.impact().production()).isCloseTo(6.0, within(1e-9));
    assertThat(c.impact().productionLostFraction()).isCloseTo(0.1, within(1e-9));
    assertThat(c.impact().harm()).isCloseTo(0.4, within(1e-9));
    assertThat(c.detection().credit()).isZero();
    assertThat(c.detection().falseAlerts()).isEqualTo(1);
  }

  @Test
  void subScoresAndTotalMatchTheDocument() {
    SubScores s = SubScores.of(List.of(s1(), s2(), s3()), true, Weights.DEFAULT);
    assertThat(s.prevention()).isEqualTo(33.3);
    assertThat(s.detection()).isEqualTo(78.3);
    assertThat(s.impact()).isEqualTo(63.3);
    assertThat(s.deniedFraction()).isCloseTo(6.0 / 3600, within(1e-12));
    assertThat(s.falseAlertsPerHour()).isCloseTo(1.0, within(1e-12));
    assertThat(s.operations()).isEqualTo(48.3);
    assertThat(s.total()).isEqualTo(54.3);
    // Without a detection profile the total is the weighted mean of the other three.
    SubScores none = SubScores.of(List.of(s1(), s2(), s3()), false, Weights.DEFAULT);
    assertThat(none.detection()).isNull();
    assertThat(none.total()).isEqualTo(46.3);
  }
}
