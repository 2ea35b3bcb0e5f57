package dev.otlab.attacks.techniques;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.plc.BlockSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgramDownloadTest {

  private static final BlockSpec INTAKE =
      new BlockSpec(
          "hysteresis",
          Map.of(
              "level", "raw_level",
              "output", "inflow_valve",
              "low", "raw_low_sp",
              "high", "raw_high_sp",
              "action", "fill",
              "auto", "inflow_auto"));
  private static final BlockSpec PUMP =
      new BlockSpec(
          "hysteresis",
          Map.of("level", "treated_level", "output", "pump_on", "low", "1", "high", "3"));
  private static final BlockSpec INTERLOCK =
      new BlockSpec(
          "interlock",
          Map.of("input", "raw_level", "below", "dry_run_sp", "output", "pump_on", "value", "0"));

  @Test
  void invertedLevelSwapsFillAndDrainOfTheChosenControllerOnly() {
    List<String> patched = new ArrayList<>();
    List<BlockSpec> out =
        ProgramDownload.patch(
            "inverted-level", "inflow_valve", List.of(INTAKE, PUMP, INTERLOCK), patched);
    assertThat(out).hasSize(3);
    assertThat(out.get(0).params()).containsEntry("action", "drain");
    assertThat(out.get(0).params())
        .containsAllEntriesOf(Map.of("level", "raw_level", "low", "raw_low_sp"));
    assertThat(out.get(1)).isEqualTo(PUMP);
    assertThat(out.get(2)).isEqualTo(INTERLOCK);
    assertThat(patched).containsExactly("hysteresis on inflow_valve: fill -> drain");
  }

  @Test
  void withoutAnOutputEveryLevelControllerIsInvertedAndTheDefaultActionIsFill() {
    List<String> patched = new ArrayList<>();
    List<BlockSpec> out =
        ProgramDownload.patch("inverted-level", null, List.of(INTAKE, PUMP), patched);
    assertThat(out).extracting(b -> b.params().get("action")).containsExactly("drain", "drain");
    // Inverting twice gives the original program back.
    assertThat(ProgramDownload.patch("inverted-level", null, out, new ArrayList<>()))
        .extracting(b -> b.params().get("action"))
        .containsExactly("fill", "fill");
  }

  @Test
  void nothingToInvertIsNullAndEmptyIsNoBlocks() {
    assertThat(ProgramDownload.patch("inverted-level", null, List.of(INTERLOCK), new ArrayList<>()))
        .isNull();
    assertThat(
            ProgramDownload.patch("inverted-level", "pump_on", List.of(INTAKE), new ArrayList<>()))
        .isNull();
    assertThat(ProgramDownload.patch("empty", null, List.of(INTAKE), new ArrayList<>())).isEmpty();
  }
}
