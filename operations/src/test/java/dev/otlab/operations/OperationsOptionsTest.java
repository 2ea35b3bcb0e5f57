package dev.otlab.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperationsOptionsTest {

  private final OperationsOptions defaults = OperationsOptions.defaults(Path.of("pki"));

  @Test
  void theUsualTimeoutsHoldUnlessTheLabAsksForPatience() {
    assertThat(defaults.patience()).isEqualTo(1);
    assertThat(defaults.timeout(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    OperationsOptions container = defaults.withPatience(OperationsOptions.CONTAINER_PATIENCE);
    assertThat(container.timeout(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
    assertThat(container.timeout(Duration.ofMillis(2000))).isEqualTo(Duration.ofSeconds(10));
    // Every other setting survives the change, and the change survives the other withers.
    assertThat(container.withPatience(1)).isEqualTo(defaults);
    assertThat(container.withPeriods(2, 10, 300).patience()).isEqualTo(5);
    assertThat(container.withMaintenanceWindow(10, 20).patience()).isEqualTo(5);
  }

  @Test
  void patienceBelowOneOrNotANumberIsRefusedWithTheFix() {
    for (double bad : new double[] {0.5, 0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> defaults.withPatience(bad))
          .isInstanceOf(OtlabException.class)
          .hasMessageContaining("patience")
          .extracting(e -> ((OtlabException) e).remedy())
          .asString()
          .contains("Use 1 for the usual timeouts");
    }
  }
}
