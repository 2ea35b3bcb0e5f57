package dev.otlab.network.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.ResponseRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check both lab networks make of a rule change before they touch a relay. */
class LabNetworkTest {

  private static final ConduitSpec OPS_CONTROL =
      new ConduitSpec("ops-control", "ops", "control", List.of(), "test");
  private static final ConduitSpec IT_OPS =
      new ConduitSpec("it-ops", "it", "ops", List.of(), "test");

  private static Map<String, ConduitSpec> current() {
    Map<String, ConduitSpec> current = new LinkedHashMap<>();
    current.put(OPS_CONTROL.id(), OPS_CONTROL);
    current.put(IT_OPS.id(), IT_OPS);
    return current;
  }

  @Test
  void aChangeOfKnownConduitsIsReturnedByIdInTheOrderGiven() {
    ConduitSpec a = ResponseRules.isolate(IT_OPS, "eng-1", "r");
    ConduitSpec b = ResponseRules.isolate(OPS_CONTROL, "eng-1", "r");

    Map<String, ConduitSpec> changed = LabNetwork.checkedChange("arch", current(), List.of(a, b));

    assertThat(changed.keySet()).containsExactly("it-ops", "ops-control");
    assertThat(changed.values()).containsExactly(a, b);
  }

  @Test
  void aConduitTheArchitectureLacksIsRefusedWithItsCode() {
    ConduitSpec unknown = new ConduitSpec("dmz-it", "dmz", "it", List.of(), "test");

    assertThatThrownBy(
            () -> LabNetwork.checkedChange("arch", current(), List.of(OPS_CONTROL, unknown)))
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> {
              assertThat(e.code()).isEqualTo("FABRIC_CONDUIT_UNKNOWN");
              assertThat(e.getMessage()).contains("'arch'", "'dmz-it'");
            });
  }

  @Test
  void aChangeMustKeepTheConduitsZones() {
    ConduitSpec moved = new ConduitSpec("ops-control", "ops", "it", List.of(), "test");

    assertThatThrownBy(() -> LabNetwork.checkedChange("arch", current(), List.of(moved)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ops-control");
  }
}
