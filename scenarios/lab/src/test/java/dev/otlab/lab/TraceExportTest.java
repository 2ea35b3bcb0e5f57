package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.operations.OperationRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streamed exports ({@code --out} writes them to files record by record) say exactly what the
 * in-memory ones say: same lines, same CSV, byte for byte.
 */
class TraceExportTest {

  static RunTrace handBuilt() {
    ProtocolEvent read =
        new ProtocolEvent(
            12.5,
            "hmi-1>plc-1:MODBUS@ops-control",
            "hmi-1>plc-1:MODBUS@ops-control#1",
            "hmi-1",
            "plc-1",
            Protocol.MODBUS,
            "READ_HOLDING_REGISTERS",
            3,
            1,
            0,
            4,
            -1,
            0,
            List.of(),
            List.of(1.0, 2.5),
            ProtocolEvent.Result.OK,
            0,
            false,
            "ops-control",
            "hmi-read");
    RelayDecision connect =
        new RelayDecision(
            12.0,
            "hmi-1>plc-1:MODBUS@ops-control",
            "hmi-1>plc-1:MODBUS@ops-control#1",
            "hmi-1",
            "plc-1",
            Protocol.MODBUS,
            502,
            RelayDecision.Scope.CONNECTION,
            "connect",
            new ConduitDecision.Allowed("ops-control", "hmi-read"));
    Map<String, Double> polled = new LinkedHashMap<>();
    polled.put("level", 2.5);
    polled.put("chlorine", 1.0);
    OperationRecord poll =
        new OperationRecord(
            12.5,
            "hmi-1",
            "plc-1",
            Protocol.MODBUS,
            OperationRecord.HMI_POLL,
            "4 points",
            new OperationRecord.Outcome.Ok(),
            polled);
    RunTrace.StepRecord notRun =
        new RunTrace.StepRecord(
            "s1",
            "T0855",
            Double.NaN,
            "ws-1",
            null,
            RunTrace.Outcome.NOT_RUN,
            null,
            null,
            "its trigger never fired");
    List<RunTrace.Sample> samples =
        List.of(
            new RunTrace.Sample(0.0, Map.of("level", 2.0, "chlorine", 1.5), Map.of()),
            new RunTrace.Sample(1.0, Map.of("level", 2.25, "chlorine", 1.5), Map.of("level", 2.0)));
    return new RunTrace(
        "sc",
        "arch",
        7,
        2,
        "ws-1",
        List.of(notRun),
        List.of(new RunTrace.LabelledEvent(read, Label.BENIGN, true)),
        List.of(connect),
        List.of(),
        List.of(poll),
        samples,
        List.of(),
        List.of(new RunTrace.SisTrip(1.0, "sis-1", "trip")),
        false,
        null,
        List.of(),
        2,
        new RunOutcome.Undecided(2, null, null, null, null, "hand-built"),
        List.of());
  }

  @Test
  void streamedLinesAreTheInMemoryLines() throws IOException {
    RunTrace t = handBuilt();
    for (List<?> records :
        List.of(t.steps(), t.events(), t.decisions(), t.operations(), t.sisTrips(), List.of())) {
      StringWriter w = new StringWriter();
      TraceExport.writeLines(records, w);
      assertThat(w.toString()).isEqualTo(TraceExport.lines(records));
      assertThat(w.toString().lines()).hasSize(records.size());
    }
    StringWriter w = new StringWriter();
    TraceExport.writeLines(t.events(), w);
    assertThat(w.toString())
        .startsWith("{\"event\":{\"time\":12.5,\"relay\":\"hmi-1>plc-1:MODBUS@ops-control\"")
        .endsWith("\"label\":\"benign\",\"sensed\":true}\n");
  }

  @Test
  void streamedSamplesAreTheInMemoryTable() throws IOException {
    RunTrace t = handBuilt();
    StringWriter w = new StringWriter();
    TraceExport.writeSamplesCsv(t, w);
    assertThat(w.toString())
        .isEqualTo(TraceExport.samplesCsv(t))
        .isEqualTo(
            "time_s,chlorine,level,hmi_chlorine,hmi_level\n"
                + "0.0,1.5,2.0,,\n"
                + "1.0,1.5,2.25,,2.0\n");
  }
}
