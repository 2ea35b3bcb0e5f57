package dev.otlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.PlcMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** T0858 and T0843 over FC90 against the two-zone test lab's real Modbus server and conduit. */
class EngineeringTechniquesIT {

  @TempDir Path pki;
  private TestLab lab;
  private final Techniques techniques = Techniques.load();

  @BeforeEach
  void start() {
    lab = new TestLab(pki);
    lab.start();
  }

  @AfterEach
  void stop() {
    lab.stop();
  }

  private StepOutcome run(String from, String technique, Map<String, String> params) {
    return techniques.byId(technique).orElseThrow().execute(lab.from(from), params);
  }

  private static StepOutcome.Succeeded succeeded(StepOutcome o) {
    assertThat(o).as(o.describe()).isInstanceOf(StepOutcome.Succeeded.class);
    return (StepOutcome.Succeeded) o;
  }

  private String action() {
    List<BlockSpec> program = lab.plc.source().orElseThrow();
    assertThat(program).singleElement().extracting(BlockSpec::type).isEqualTo("hysteresis");
    return program.get(0).params().getOrDefault("action", "fill");
  }

  @Test
  void changeOperatingModeSetsProgramAndBack() {
    StepOutcome.Succeeded s = succeeded(run("eng", "T0858", Map.of("target", "plc-1")));
    assertThat(lab.plc.mode()).isEqualTo(PlcMode.PROGRAM);
    assertThat(s.findings())
        .containsEntry("previousMode", "RUN")
        .containsEntry("mode", "PROGRAM")
        .containsEntry("function", "FC90 CHANGE_MODE");
    succeeded(run("eng", "T0858", Map.of("target", "plc-1", "mode", "stop")));
    assertThat(lab.plc.mode()).isEqualTo(PlcMode.STOP);
    succeeded(run("eng", "T0858", Map.of("target", "plc-1", "mode", "run")));
    assertThat(lab.plc.mode()).isEqualTo(PlcMode.RUN);
  }

  @Test
  void programDownloadInvertsTheLevelControllerAndRestartsThePlc() {
    StepOutcome.Succeeded s =
        succeeded(
            run(
                "eng",
                "T0843",
                Map.of("target", "plc-1", "variant", "inverted-level", "output", "pump_run")));
    assertThat(action()).isEqualTo("drain");
    assertThat(lab.plc.mode()).isEqualTo(PlcMode.RUN);
    assertThat(lab.plc.engineering().info().downloads()).isEqualTo(1);
    assertThat(s.findings())
        .containsEntry("patched", "hysteresis on pump_run: fill -> drain")
        .containsEntry("modeChanged", "RUN->PROGRAM")
        .containsEntry("mode", "RUN");
    assertThat(s.findings().get("crc")).isNotEqualTo(s.findings().get("previousCrc"));
  }

  @Test
  void programDownloadFailsWhenTheVariantFindsNothingToChange() {
    StepOutcome o =
        run("eng", "T0843", Map.of("target", "plc-1", "variant", "inverted-level", "output", "x"));
    assertThat(o).isInstanceOf(StepOutcome.Failed.class);
    assertThat(o.describe()).contains("no hysteresis level controller driving 'x'");
    assertThat(lab.plc.mode()).isEqualTo(PlcMode.RUN);
    assertThat(action()).isEqualTo("fill");
  }

  @Test
  void aReadOnlyConduitBlocksModeChangeAndDownload() {
    for (String technique : List.of("T0858", "T0843")) {
      StepOutcome o = run("hmi", technique, Map.of("target", "plc-1"));
      assertThat(o).as(technique).isInstanceOf(StepOutcome.Blocked.class);
      StepOutcome.Blocked b = (StepOutcome.Blocked) o;
      assertThat(b.conduit()).isEqualTo("ops-control");
      assertThat(b.rule()).isEqualTo("hmi-read");
      assertThat(b.detail()).contains("function code 90");
    }
    assertThat(lab.plc.mode()).isEqualTo(PlcMode.RUN);
    assertThat(action()).isEqualTo("fill");
    assertThat(lab.plc.engineering().info().downloads()).isZero();
  }
}
