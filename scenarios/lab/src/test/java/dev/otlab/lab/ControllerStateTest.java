package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.PlantLoader;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.SoftPlc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a sample records of each controller: what the mimic shows when an attack changes it. */
class ControllerStateTest {

  private final Plant water =
      Plant.create(PlantLoader.load("water-treatment"), new LabClock(1, Speed.MAX));

  @Test
  void aPlcStartsInRunWithEveryLoopInAutomatic() {
    RunTrace.ControllerState intake = RunTrace.ControllerState.of(water.controller("plc-intake"));
    assertThat(intake.kind()).isEqualTo("plc");
    assertThat(intake.mode()).isEqualTo("RUN");
    assertThat(intake.auto()).isEqualTo(Map.of("inflow_valve", true));
    assertThat(intake.bypassed()).isEmpty();
    assertThat(intake.tripped()).isEmpty();
  }

  @Test
  void modeAndManualAreWhatTheControllerHoldsNow() {
    SoftPlc dosing = water.controller("plc-dosing");
    dosing.setMode(PlcMode.STOP);
    assertThat(dosing.switchToManual("dosing_rate")).isTrue();
    RunTrace.ControllerState s = RunTrace.ControllerState.of(dosing);
    assertThat(s.mode()).isEqualTo("STOP");
    assertThat(s.auto()).isEqualTo(Map.of("dosing_rate", false));
  }

  @Test
  void aSisNamesItsBypassedTripsAndThoseThatActed() {
    SoftPlc sis = water.controller("sis-water");
    RunTrace.ControllerState armed = RunTrace.ControllerState.of(sis);
    assertThat(armed.kind()).isEqualTo("sis");
    assertThat(armed.auto()).isEmpty();
    assertThat(armed.bypassed()).isEmpty();
    assertThat(armed.tripped()).isEmpty();

    sis.image().set("raw_high_trip", 1);
    assertThat(RunTrace.ControllerState.of(sis).tripped()).containsExactly("raw_high_trip");
    sis.image().set("sis_bypass", 1);
    // One bypass point defeats both trips: both are named, in program order.
    assertThat(RunTrace.ControllerState.of(sis).bypassed())
        .containsExactly("raw_high_trip", "treated_high_trip");
  }

  @Test
  void aSampleWithoutControllersReadsAsBefore() {
    RunTrace.Sample s = new RunTrace.Sample(1.0, Map.of("raw_level", 2.0), Map.of());
    assertThat(s.controllers()).isEmpty();
    assertThat(new RunTrace.Sample(1.0, Map.of(), Map.of(), null).controllers()).isEmpty();
    assertThat(new RunTrace.ControllerState("plc", "RUN", Map.of(), List.of(), List.of()).auto())
        .isEmpty();
  }

  @Test
  void theControllersLinesHoldOneLinePerChange() {
    RunTrace.ControllerState run = RunTrace.ControllerState.of(water.controller("plc-dosing"));
    SoftPlc dosing = water.controller("plc-dosing");
    dosing.setMode(PlcMode.STOP);
    RunTrace.ControllerState stopped = RunTrace.ControllerState.of(dosing);
    String lines =
        TraceExport.controllerLines(
            List.of(
                new RunTrace.Sample(0.0, Map.of(), Map.of(), Map.of("plc-dosing", run)),
                new RunTrace.Sample(1.0, Map.of(), Map.of(), Map.of("plc-dosing", run)),
                new RunTrace.Sample(2.0, Map.of(), Map.of()),
                new RunTrace.Sample(3.0, Map.of(), Map.of(), Map.of("plc-dosing", stopped))));
    assertThat(lines.lines().toList())
        .hasSize(2)
        .satisfiesExactly(
            l -> assertThat(l).startsWith("{\"t\":0.0,").contains("\"mode\":\"RUN\""),
            l -> assertThat(l).startsWith("{\"t\":3.0,").contains("\"mode\":\"STOP\""));
  }
}
