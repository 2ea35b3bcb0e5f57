package dev.otlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.process.LimitCrossing;
import dev.otlab.process.SafetyLimit;
import dev.otlab.scoring.BenignTwin;
import dev.otlab.scoring.ResponseScore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Twin results through their JSON, bit for bit (a play's scorecard goes through it in {@link
 * EmbeddedSweepIT}, where real ones are made).
 */
class UnitResultTest {

  @Test
  void aTwinSurvivesItsJsonExactly() {
    BenignTwin twin =
        new BenignTwin(
            "water-treatment",
            "water-treatment-flat",
            3,
            600,
            new double[] {0, 0.1 + 0.2, 1e-300, 599.9999999999999},
            new double[] {1.0 / 3, Math.PI, -0.0, Double.MIN_VALUE},
            List.of(
                new LimitCrossing(
                    12.25,
                    new SafetyLimit(
                        "treated_level", SafetyLimit.Direction.HIGH, 4.5, "T-301 overflows"),
                    true)),
            new double[] {42.125});
    UnitResult r = new UnitResult.TwinResult(twin, 600);
    String json = r.toJson();
    UnitResult back = UnitResult.fromJson(json);
    assertThat(back).isInstanceOf(UnitResult.TwinResult.class);
    assertThat(back).usingRecursiveComparison().isEqualTo(r);
    BenignTwin t = ((UnitResult.TwinResult) back).twin();
    // Doubles by their bits: -0.0 and the smallest subnormal included.
    for (int i = 0; i < twin.rates().length; i++) {
      assertThat(Double.doubleToRawLongBits(t.rates()[i]))
          .isEqualTo(Double.doubleToRawLongBits(twin.rates()[i]));
      assertThat(t.times()[i]).isEqualTo(twin.times()[i]);
    }
    assertThat(back.toJson()).isEqualTo(json);
  }

  @Test
  void aDefendedTwinSurvivesItsJson() {
    UnitResult d = new UnitResult.DefendedTwinResult(new ResponseScore.FalseAlarms(3, 1200), 600);
    assertThat(UnitResult.fromJson(d.toJson())).isEqualTo(d);
    assertThat(d.toJson()).contains("\"kind\":\"defended-twin\"");
  }
}
