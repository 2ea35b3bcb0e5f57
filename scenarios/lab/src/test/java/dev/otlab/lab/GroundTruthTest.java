package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.detection.Alert;
import dev.otlab.detection.AlertSeverity;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

  private static ProtocolEvent event(String connection, double time) {
    return new ProtocolEvent(
        time,
        "r1",
        connection,
        "hmi-1",
        "plc-1",
        Protocol.MODBUS,
        "READ_HOLDING_REGISTERS",
        3,
        1,
        0,
        2,
        0,
        0,
        List.of(),
        List.of(),
        ProtocolEvent.Result.OK,
        0,
        false,
        null,
        null);
  }

  private static Alert alert(String detector, double time, @Nullable String connection) {
    return new Alert(
        "A-0001",
        time,
        time,
        detector,
        "r",
        AlertSeverity.HIGH,
        List.of(),
        null,
        null,
        "seen",
        1,
        connection == null
            ? List.of()
            : List.of(new Alert.Evidence(time, "event", connection, "FC03")));
  }

  private static RunTrace.StepRecord step(String id, double start, RunTrace.Outcome outcome) {
    return new RunTrace.StepRecord(id, "T0855", start, "ws-1", "plc-1", outcome, null, null, "");
  }

  @Test
  void anAttackLabelWinsOverABenignOneAtTheSamePlaceWhicheverCameFirst() {
    GroundTruth truth = new GroundTruth();
    truth.remember(new RunTrace.LabelledEvent(event("c1", 5), Label.BENIGN, true));
    truth.remember(new RunTrace.LabelledEvent(event("c1", 5), Label.attack("write"), true));
    truth.remember(new RunTrace.LabelledEvent(event("c1", 5), Label.BENIGN, true));

    assertThat(truth.attribute(alert("rules", 5, "c1"), List.of())).isEqualTo("write");
  }

  @Test
  void aMessageAlertOnBenignEvidenceIsFalseEvenWhileAStepRuns() {
    GroundTruth truth = new GroundTruth();
    truth.remember(new RunTrace.LabelledEvent(event("c1", 5), Label.BENIGN, true));

    assertThat(
            truth.attribute(
                alert("rules", 5, "c1"), List.of(step("write", 1, RunTrace.Outcome.SUCCEEDED))))
        .isNull();
    // Evidence at another time or connection is another place.
    truth.remember(new RunTrace.LabelledEvent(event("c1", 6), Label.attack("write"), true));
    assertThat(truth.attribute(alert("rules", 5, "c1"), List.of())).isNull();
    assertThat(truth.attribute(alert("rules", 6, "c2"), List.of())).isNull();
  }

  @Test
  void aProcessAlertBelongsToTheLatestUnblockedStepThatStartedBeforeIt() {
    GroundTruth truth = new GroundTruth();
    List<RunTrace.StepRecord> steps =
        List.of(
            step("recon", 10, RunTrace.Outcome.SUCCEEDED),
            step("write", 20, RunTrace.Outcome.SUCCEEDED),
            step("flood", 30, RunTrace.Outcome.BLOCKED),
            step("later", 90, RunTrace.Outcome.SUCCEEDED));

    assertThat(truth.attribute(alert("process", 50, null), steps)).isEqualTo("write");
    assertThat(truth.attribute(alert("process", 5, null), steps)).isNull();
    assertThat(truth.attribute(alert("baseline", 50, null), steps)).isNull();
  }

  @Test
  void labelsWriteAsTheTextTracesAlwaysCarried() {
    ObjectMapper json = new ObjectMapper();
    assertThat(json.valueToTree(Label.BENIGN).asText()).isEqualTo("benign");
    assertThat(json.valueToTree(Label.attack("s1")).asText()).isEqualTo("attack:s1");
    assertThatThrownBy(() -> Label.attack(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sensorOrderIsSimulatedTimeThenContentNotArrival() {
    RunTrace.LabelledEvent late = new RunTrace.LabelledEvent(event("c1", 7), Label.BENIGN, true);
    RunTrace.LabelledEvent b = new RunTrace.LabelledEvent(event("c2", 5), Label.BENIGN, true);
    RunTrace.LabelledEvent a = new RunTrace.LabelledEvent(event("c1", 5), Label.BENIGN, true);

    assertThat(List.of(late, b, a).stream().sorted(GroundTruth.SENSOR_ORDER).toList())
        .containsExactly(a, b, late);
  }
}
