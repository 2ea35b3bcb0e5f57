package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.detection.Alert;
import dev.otlab.detection.AlertSeverity;
import dev.otlab.lab.RunOutcome;
import dev.otlab.lab.RunTrace;
import dev.otlab.network.Protocol;
import dev.otlab.operations.OperationRecord;
import dev.otlab.process.LimitCrossing;
import dev.otlab.process.SafetyLimit;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code run --json} streams the trace instead of building a tree and a string of it; what it
 * prints must be what the tree printed, byte for byte, with {@code detection} last.
 */
class RunJsonTest {

  private static RunTrace trace() {
    RunTrace.StepRecord ran =
        new RunTrace.StepRecord(
            "recon",
            "T0846",
            10,
            "ws-1",
            "plc-1",
            RunTrace.Outcome.SUCCEEDED,
            null,
            null,
            "found 2 hosts");
    RunTrace.StepRecord notRun =
        new RunTrace.StepRecord(
            "write",
            "T0855",
            Double.NaN,
            "ws-1",
            null,
            RunTrace.Outcome.NOT_RUN,
            null,
            null,
            "its trigger never fired");
    Alert alert =
        new Alert(
            "A-1",
            11,
            12,
            "rules",
            "scan",
            AlertSeverity.HIGH,
            List.of("T0846"),
            "ws-1",
            "plc-1",
            "a scan",
            2,
            List.of());
    OperationRecord poll =
        new OperationRecord(
            3,
            "hmi-1",
            "plc-1",
            Protocol.MODBUS,
            OperationRecord.HMI_POLL,
            "",
            new OperationRecord.Outcome.Denied("ops-control", null, "refused"),
            Map.of("level", 2.5));
    return new RunTrace(
        "sc",
        "arch",
        3,
        20,
        "ws-1",
        List.of(ran, notRun),
        List.of(),
        List.of(),
        List.of(),
        List.of(poll),
        List.of(new RunTrace.Sample(0, Map.of("level", 2.0), Map.of())),
        List.of(
            new LimitCrossing(
                15, new SafetyLimit("level", SafetyLimit.Direction.HIGH, 4, "overflow"), true)),
        List.of(),
        true,
        15.0,
        List.of(new RunTrace.LabelledAlert(alert, "recon")),
        15,
        new RunOutcome.Reached(15, false),
        List.of());
  }

  @Test
  void streamedJsonIsTheTreeItReplaced() throws IOException {
    RunTrace t = trace();
    RunCommand.Detection d = RunCommand.detection(t, "full");
    ObjectNode node = RunCommand.JSON.valueToTree(t);
    node.set("detection", RunCommand.JSON.valueToTree(d));
    String tree = RunCommand.JSON.writeValueAsString(node);

    StringWriter w = new StringWriter();
    RunCommand.printJson(t, d, w);

    assertThat(w.toString()).isEqualTo(tree);
    JsonNode read = RunCommand.JSON.readTree(w.toString());
    assertThat(read.get("steps").get(1).get("start").asText()).isEqualTo("NaN");
    assertThat(read.get("detection").get("truePositives").asInt()).isEqualTo(1);
    List<String> fields = new java.util.ArrayList<>();
    read.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).startsWith("scenario", "architecture", "seed").endsWith("detection");
  }

  @Test
  void aDefendedRunsPlaybooksComeJustBeforeDetection() throws IOException {
    RunTrace t = trace();
    RunCommand.Detection d = RunCommand.detection(t, "full");
    com.fasterxml.jackson.databind.node.ArrayNode playbooks = RunCommand.JSON.createArrayNode();
    playbooks.addObject().put("id", "wt-contain-it-pivot");
    StringWriter w = new StringWriter();
    RunCommand.printJson(t, d, playbooks, w);
    JsonNode read = RunCommand.JSON.readTree(w.toString());
    List<String> fields = new java.util.ArrayList<>();
    read.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).endsWith("playbooks", "detection");
    assertThat(read.get("playbooks").get(0).get("id").asText()).isEqualTo("wt-contain-it-pivot");
  }
}
