package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RunVerdictTest {

  @Test
  void aVerdictSurvivesItsJsonLine() {
    RunVerdict v =
        new RunVerdict(
            "wt-recon",
            "water-treatment-purdue-dmz-dpi",
            false,
            "PREVENTED",
            "discover",
            List.of(
                new RunVerdict.Step("discover", "BLOCKED", "ent-dmz"),
                new RunVerdict.Step("sweep", "FAILED", "")),
            new TreeSet<>(List.of("ent-dmz")),
            new TreeSet<>(List.of("T0846")),
            new TreeSet<>(List.of("plc-intake")));
    assertThat(RunVerdict.parse(v.toJson())).isEqualTo(v);
  }

  @Test
  void aLineThatIsNoVerdictIsAClearError() {
    assertThatThrownBy(() -> RunVerdict.parse("{\"scenario\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a run verdict");
  }
}
