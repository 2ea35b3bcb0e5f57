package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesPlainSecondsAndUnits() {
    assertThat(Durations.seconds("90", "d")).isEqualTo(90);
    assertThat(Durations.seconds("90s", "d")).isEqualTo(90);
    assertThat(Durations.seconds("15m", "d")).isEqualTo(900);
    assertThat(Durations.seconds("2h", "d")).isEqualTo(7200);
    assertThat(Durations.seconds("1h30m", "d")).isEqualTo(5400);
    assertThat(Durations.seconds("500ms", "d")).isEqualTo(0.5);
  }

  @Test
  void rejectsNonsense() {
    for (String bad :
        new String[] {"", "0", "-5", "2 hours", "h", "1h-2m", "NaN", "Infinity", "3d"}) {
      assertThatThrownBy(() -> Durations.seconds(bad, "--duration"))
          .as(bad)
          .isInstanceOf(OtlabException.class)
          .hasMessageContaining("--duration");
    }
  }
}
