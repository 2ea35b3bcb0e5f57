package dev.otlab.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.operations.OperationRecord.Outcome;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenignOperationsIT {

  private static final long SEED = 11;
  private static final double DURATION = 120;

  @TempDir Path pki;

  /** What one run produced, and what the sink saw in the image at each record's instant. */
  private record Run(List<OperationRecord> records, List<String> mismatches) {
    List<OperationRecord> of(String operation, String target) {
      return records.stream()
          .filter(r -> r.operation().equals(operation) && r.target().equals(target))
          .toList();
    }
  }

  private OperationsOptions options() {
    return OperationsOptions.defaults(pki.resolve("clients"))
        .withOperatorChangesPerHour(360)
        .withPeriods(1.0, 10, 30)
        .withMaintenanceWindow(60, 110);
  }

  private Run run(boolean historianUa, boolean checkStop) {
    return run(TankLab.architecture(historianUa), checkStop);
  }

  private Run run(ArchitectureSpec architecture, boolean checkStop) {
    LabClock clock = new LabClock(SEED, Speed.MAX);
    TankLab lab = new TankLab(clock, architecture, pki.resolve("servers"));
    List<OperationRecord> records = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    lab.start();
    try {
      BenignOperations ops =
          new BenignOperations(
              lab.architecture,
              TankLab.plant(),
              lab.fabric,
              clock,
              r -> {
                records.add(r);
                check(lab, r, mismatches);
              },
              options());
      ops.start();
      clock.runUntil(DURATION);
      if (checkStop) {
        assertThat(ops.openConnections()).isGreaterThanOrEqualTo(3);
        assertThat(lab.modbus).allSatisfy(s -> assertThat(s.connectionCount()).isPositive());
      }
      ops.stop();
      assertThat(ops.openConnections()).isZero();
      if (checkStop) {
        // The relays pass the close on, so the controllers see every connection go.
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(lab.modbus)
                        .extracting(ModbusTcpServer::connectionCount)
                        .containsOnly(0));
      }
    } finally {
      lab.stop();
    }
    return new Run(records, mismatches);
  }

  /** Runs on the clock thread right after the operation, before anything else moves. */
  private static void check(TankLab lab, OperationRecord r, List<String> mismatches) {
    if (r.outcome().kind() != Outcome.Kind.OK) {
      return;
    }
    String controller = r.target().equals("plc") ? "plc1" : "sis1";
    ProcessImage image = lab.plant.controller(controller).image();
    for (Map.Entry<String, Double> e : r.values().entrySet()) {
      PointSpec p = image.point(e.getKey()).orElseThrow();
      double tolerance =
          p.type() == dev.otlab.simulator.plc.DataType.FLOAT32 ? 1e-5 : 0.5 / p.scale() + 1e-9;
      double actual = image.get(e.getKey());
      if (!(Math.abs(actual - e.getValue()) <= tolerance * Math.max(1, Math.abs(actual)))) {
        mismatches.add(
            r.operation() + " " + e.getKey() + " saw " + e.getValue() + " image " + actual);
      }
    }
  }

  @Test
  void operationsRunThroughTheConduitAndDeniedFlowsAreFriction() {
    Run run = run(false, true);
    assertThat(run.mismatches()).isEmpty();

    List<OperationRecord> polls = run.of(OperationRecord.HMI_POLL, "plc");
    assertThat(polls).hasSizeBetween(119, 121);
    assertThat(polls).allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(Outcome.Ok.class));
    assertThat(polls.get(0).values())
        .containsOnlyKeys("auto", "level", "pump_cmd", "level_sp", "kp", "flow_limit");
    assertThat(polls).allSatisfy(r -> assertThat(r.protocol()).isEqualTo(Protocol.MODBUS));
    assertThat(run.of(OperationRecord.HMI_POLL, "sis"))
        .hasSizeBetween(119, 121)
        .allSatisfy(r -> assertThat(r.values()).containsOnlyKeys("tripped", "level", "trip_level"));

    List<OperationRecord> historian = run.of(OperationRecord.HISTORIAN_COLLECT, "plc");
    assertThat(historian).hasSizeBetween(11, 13);
    assertThat(historian)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isInstanceOf(Outcome.Denied.class);
              assertThat(((Outcome.Denied) r.outcome()).conduit()).isEqualTo("ops-control");
              assertThat(r.values()).isEmpty();
            });
    assertThat(run.of(OperationRecord.HISTORIAN_COLLECT, "sis")).isEmpty();

    List<OperationRecord> changes =
        run.records().stream()
            .filter(r -> r.operation().equals(OperationRecord.OPERATOR_SETPOINT))
            .toList();
    assertThat(changes).isNotEmpty();
    PointMap map = new PointMap(TankLab.plc());
    for (OperationRecord c : changes) {
      assertThat(c.actor()).isEqualTo("hmi");
      assertThat(c.target()).isEqualTo("plc");
      assertThat(c.outcome()).isInstanceOf(Outcome.Ok.class);
      Map.Entry<String, Double> e = c.values().entrySet().iterator().next();
      PointSpec p =
          map.setpoints().stream()
              .filter(s -> s.tag().equals(e.getKey()))
              .findFirst()
              .orElseThrow();
      assertThat(e.getValue()).isBetween(p.min(), p.max());
    }

    assertThat(run.of(OperationRecord.ENGINEERING_STATUS, "plc"))
        .hasSizeBetween(4, 5)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isInstanceOf(Outcome.Ok.class);
              assertThat(r.values()).containsOnlyKeys("pump_cmd", "level_sp", "kp", "flow_limit");
            });
    List<OperationRecord> downloads = run.of(OperationRecord.ENGINEERING_DOWNLOAD, "plc");
    assertThat(downloads).hasSize(1);
    assertThat(downloads.get(0).time()).isBetween(60.0, 110.0);
    assertThat(downloads.get(0).outcome()).isInstanceOf(Outcome.Ok.class);
    // A real program download (FC90: PROGRAM, download, RUN) of the program the PLC already runs.
    assertThat(downloads.get(0).detail())
        .contains("legitimate program download")
        .contains("unchanged");
    // Engineering goes to PLCs only.
    assertThat(run.records()).noneMatch(r -> r.actor().equals("eng") && r.target().equals("sis"));
  }

  @Test
  void sameSeedGivesTheSameRecords() {
    List<String> first = signature(run(false, false));
    List<String> second = signature(run(false, false));
    assertThat(first).hasSizeGreaterThan(250).isEqualTo(second);
  }

  // Details and denial reasons carry ephemeral ports, which differ between runs.
  private static List<String> signature(Run run) {
    return run.records().stream()
        .map(
            r ->
                r.time()
                    + " "
                    + r.actor()
                    + ">"
                    + r.target()
                    + " "
                    + r.operation()
                    + " "
                    + r.outcome().kind()
                    + " "
                    + r.values())
        .toList();
  }

  @Test
  void historianCollectsOverOpcUaWhenTheConduitAllowsIt() {
    Run run = run(true, false);
    assertThat(run.mismatches()).isEmpty();
    List<OperationRecord> historian = run.of(OperationRecord.HISTORIAN_COLLECT, "plc");
    assertThat(historian).hasSizeBetween(11, 13);
    assertThat(historian)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isInstanceOf(Outcome.Ok.class);
              assertThat(r.protocol()).isEqualTo(Protocol.OPCUA);
              assertThat(r.detail()).contains("SignAndEncrypt");
              assertThat(r.values())
                  .containsOnlyKeys("level", "pump_cmd", "level_sp", "kp", "flow_limit", "auto");
            });
    assertThat(historian.get(historian.size() - 1).values().get("level"))
        .isCloseTo(0.8, within(0.5));
  }

  @Test
  void refusedWritesAndMissingPathsAreDeniedNotFailed() {
    Run run = run(TankLab.architecture(false, Set.of(3), true), false);
    assertThat(run.mismatches()).isEmpty();

    // The conduit lets the engineering workstation read but drops its FC90 program download.
    assertThat(run.of(OperationRecord.ENGINEERING_STATUS, "plc"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(Outcome.Ok.class));
    List<OperationRecord> downloads = run.of(OperationRecord.ENGINEERING_DOWNLOAD, "plc");
    assertThat(downloads).hasSize(1);
    assertThat(downloads.get(0).outcome())
        .isEqualTo(
            new Outcome.Denied(
                "ops-control", null, ((Outcome.Denied) downloads.get(0).outcome()).reason()));

    // The island HMI has no path at all: every poll is denied, none failed, nothing read.
    List<OperationRecord> island =
        run.records().stream().filter(r -> r.actor().equals("hmi2")).toList();
    assertThat(island.stream().filter(r -> r.operation().equals(OperationRecord.HMI_POLL)))
        .hasSizeBetween(238, 242);
    assertThat(island)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isInstanceOf(Outcome.Denied.class);
              assertThat(((Outcome.Denied) r.outcome()).conduit()).isEqualTo("(none)");
              assertThat(r.values()).isEmpty();
            });
    // The other HMI is unaffected.
    assertThat(
            run.records().stream()
                .filter(r -> r.actor().equals("hmi"))
                .map(r -> r.outcome().kind())
                .distinct())
        .containsExactly(Outcome.Kind.OK);
  }
}
