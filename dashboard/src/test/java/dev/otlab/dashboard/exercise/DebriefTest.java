package dev.otlab.dashboard.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trainee's score against a lab's ground truth and the undefended baseline. */
class DebriefTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // The attack: a pivot at 60 s that succeeds, a mode change at 61 s that succeeds, a download at
  // 62 s that is blocked, and a last step that never ran.
  private static final List<Debrief.Step> STEPS =
      Debrief.steps(
          String.join(
              "\n",
              "{\"type\":\"step\",\"step\":\"rdp-eng\",\"technique\":\"T0866\",\"start\":60.0,"
                  + "\"fromHost\":\"hmi-1\",\"target\":\"ews-1\",\"outcome\":\"SUCCEEDED\","
                  + "\"conduit\":null,\"rule\":null,\"detail\":\"logged in\"}",
              "{\"type\":\"event\",\"time\":61.0}",
              "{\"type\":\"step\",\"step\":\"download\",\"technique\":\"T0843\",\"start\":90.0,"
                  + "\"fromHost\":\"ews-1\",\"target\":\"plc-reactor\",\"outcome\":\"BLOCKED\","
                  + "\"conduit\":\"c\",\"rule\":\"r\",\"detail\":\"refused\"}",
              "{\"type\":\"step\",\"step\":\"program-mode\",\"technique\":\"T0858\",\"start\":75.0,"
                  + "\"fromHost\":\"ews-1\",\"target\":\"plc-reactor\",\"outcome\":\"SUCCEEDED\","
                  + "\"conduit\":null,\"rule\":null,\"detail\":\"PROGRAM\"}",
              "{\"type\":\"step\",\"step\":\"never\",\"technique\":\"T0800\",\"start\":NaN,"
                  + "\"fromHost\":\"\",\"target\":null,\"outcome\":\"NOT_RUN\",\"conduit\":null,"
                  + "\"rule\":null,\"detail\":\"its trigger never fired\"}",
              "{\"type\":\"outcome\",\"kind\":\"reached\"}"));

  private static final Map<String, Debrief.AlertTruth> ALERTS =
      Map.of(
          "A-0001", alert("A-0001", 20, false),
          "A-0002", alert("A-0002", 61, true),
          "A-0003", alert("A-0003", 76, true));

  private static Debrief.AlertTruth alert(String id, double t, boolean truth) {
    return new Debrief.AlertTruth(id, t, "signature", "T0866", List.of("hmi-1"), "x", truth);
  }

  private static Debrief.Act triage(
      double t, String alert, boolean verdict, String tech, String host) {
    ObjectNode b = JSON.createObjectNode().put("alert", alert).put("verdict", verdict);
    if (tech != null) {
      b.put("technique", tech);
    }
    if (host != null) {
      b.put("host", host);
    }
    return new Debrief.Act("triage", t, b);
  }

  private static Debrief.Act response(double t, boolean done) {
    return new Debrief.Act(
        "response",
        t,
        JSON.createObjectNode().put("done", done).put("describe", "isolate host ews-1"));
  }

  @Test
  void stepsAreReadFromTheTraceInTimeOrder() {
    assertThat(STEPS)
        .extracting(Debrief.Step::step)
        .containsExactly("rdp-eng", "program-mode", "download", "never");
    assertThat(STEPS.get(3).start()).isNaN();
  }

  @Test
  void aTraineeIsScoredOnTriageAttributionTimesAndTheBaseline() {
    Debrief.Score s =
        Debrief.score(
            STEPS,
            ALERTS,
            List.of(
                // Wrong: noise marked true; then they change their mind (the last mark counts).
                triage(30, "A-0001", true, null, null),
                triage(40, "A-0001", false, null, null),
                // Right, 12 s after the attack's first step, technique right, host wrong.
                triage(72, "A-0002", true, "t0866", "plc-intake"),
                // Wrong: a true alert marked noise; an unknown alert does not count.
                triage(80, "A-0003", false, null, null),
                triage(81, "A-9999", true, null, null),
                // A refused response contains nothing; after 80 s no step succeeds.
                response(70, false),
                response(80, true),
                new Debrief.Act("finding", 85, JSON.createObjectNode().put("text", "rdp"))),
            new Debrief.Outcome(0.25, 7, 0.5, null),
            new Debrief.Outcome(0.75, 2, 0.25, 4068.0));
    assertThat(s.marks()).isEqualTo(3);
    assertThat(s.marksCorrect()).isEqualTo(2);
    assertThat(s.triageAccuracy()).isEqualTo(2 / 3.0);
    assertThat(s.attributions()).isEqualTo(2);
    assertThat(s.attributionsCorrect()).isEqualTo(1);
    assertThat(s.attributionAccuracy()).isEqualTo(0.5);
    assertThat(s.timeToDetect()).isEqualTo(12.0);
    assertThat(s.timeToContain()).isEqualTo(20.0);
    assertThat(s.responses()).isEqualTo(2);
    assertThat(s.findings()).isEqualTo(1);
    assertThat(s.harmAverted()).isEqualTo(0.5);
    assertThat(s.collateralCost()).isEqualTo(5);
    // Detected, attributed (half right), contained; but it lost more production than the attack.
    assertThat(s.met(List.of(ExerciseSpec.Objective.values())))
        .containsExactly(
            Map.entry("detect", true),
            Map.entry("attribute", true),
            Map.entry("contain", true),
            Map.entry("keep-production", false));
  }

  @Test
  void whatDidNotHappenOrIsNotKnownIsNull() {
    Debrief.Score s =
        Debrief.score(
            STEPS,
            ALERTS,
            List.of(triage(72, "A-0002", false, null, null), response(70, true)),
            null,
            new Debrief.Outcome(0.75, 2, 0.25, 4068.0));
    assertThat(s.timeToDetect()).isNull();
    // A step succeeded at 75 s, after the only response: not contained.
    assertThat(s.timeToContain()).isNull();
    assertThat(s.attributionAccuracy()).isNull();
    assertThat(s.harm()).isNull();
    assertThat(s.harmAverted()).isNull();
    assertThat(s.collateralCost()).isNull();
    assertThat(s.triageAccuracy()).isEqualTo(0.0);
    Map<String, Boolean> met =
        s.met(List.of(ExerciseSpec.Objective.KEEP_PRODUCTION, ExerciseSpec.Objective.DETECT));
    assertThat(met).containsOnlyKeys("keep-production", "detect");
    assertThat(met.get("keep-production")).as("no scorecard of the lab").isNull();
    assertThat(met.get("detect")).isFalse();
  }

  /**
   * Every step may have run before anyone could act: a response after the last one stops no step,
   * and contains only if the lab's attack then never reached its objective (a tank that overflowed
   * later was not contained, however quiet the network went).
   */
  @Test
  void aResponseContainsOnlyWhereTheObjectiveWasNotReached() {
    List<Debrief.Act> late = List.of(response(90, true));
    Debrief.Score overflowed =
        Debrief.score(
            STEPS,
            ALERTS,
            late,
            new Debrief.Outcome(0.86, 43, 0, 4068.0),
            new Debrief.Outcome(0.86, 0, 0, 4068.0));
    assertThat(overflowed.timeToContain()).isNull();
    assertThat(overflowed.met(List.of(ExerciseSpec.Objective.CONTAIN)))
        .containsEntry("contain", false);
    Debrief.Score held =
        Debrief.score(
            STEPS,
            ALERTS,
            late,
            new Debrief.Outcome(0, 0, 0, null),
            new Debrief.Outcome(0.86, 0, 0, 4068.0));
    assertThat(held.timeToContain()).isEqualTo(30.0);
    assertThat(held.met(List.of(ExerciseSpec.Objective.CONTAIN))).containsEntry("contain", true);
  }

  @Test
  void theClassRecordIsCsvThatASpreadsheetReadsAsText() {
    Debrief.Score s =
        Debrief.score(STEPS, ALERTS, List.of(), new Debrief.Outcome(0.25, 7, 0.5, null), null);
    String row =
        Debrief.csvLine(Debrief.csvRow("x1", "Night, shift", "ann", "=cmd()", "team-a", s));
    assertThat(row)
        .isEqualTo("x1,\"Night, shift\",ann,'=cmd(),team-a,0,0,,0,0,,,,0,0,0.25,,,7,,,0.5,\n");
    assertThat(Debrief.csvLine(Debrief.CSV_HEADER).split(",")).hasSize(row.split(",").length - 1);
  }
}
