package dev.otlab.detection;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionProfile.RateKind;
import dev.otlab.detection.DetectionProfile.RateRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectionProfileTest {

  @Test
  void recordsRefuseWhatCannotWork() {
    assertThatThrownBy(
            () ->
                new RateRule(
                    "r",
                    AlertSeverity.LOW,
                    List.of("T0806"),
                    RateKind.WRITE_FLOOD,
                    0,
                    10,
                    Set.of()))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("threshold");
    assertThatThrownBy(
            () ->
                new RateRule(
                    "r", AlertSeverity.LOW, List.of("X1"), RateKind.WRITE_FLOOD, 1, 10, Set.of()))
        .hasMessageContaining("ATT&CK");
    assertThatThrownBy(() -> new DetectionProfile.Range(5, 2)).hasMessageContaining("[5, 2]");
    assertThatThrownBy(
            () ->
                new DetectionProfile.FunctionRule(
                    "f", AlertSeverity.LOW, List.of(), "s", null, Set.of(), Set.of(), Set.of()))
        .hasMessageContaining("matches nothing");
    assertThatThrownBy(
            () ->
                new DetectionProfile.ProcessSettings(
                    true, 30, Map.of("tank", 1.0), 0.5, 8, 30, 20, "x"))
        .hasMessageContaining("tank");
    RateRule r =
        new RateRule("dup", AlertSeverity.LOW, List.of(), RateKind.WRITE_FLOOD, 1, 10, Set.of());
    assertThatThrownBy(
            () ->
                new DetectionProfile(
                    "p", "", 60, 10, List.of(), List.of(), List.of(r, r), null, null, null))
        .hasMessageContaining("used twice");
    assertThatThrownBy(() -> BaselineAllow.parse("hmi plc modbus"))
        .hasMessageContaining("from-role>to-role");
  }
}
