package dev.otlab.simulator.clock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeedTest {

  @Test
  void wireFormSpellsWholeFactorsWithoutAFractionAndMaxByName() {
    assertThat(Speed.MAX.wire()).isEqualTo("max");
    assertThat(Speed.REAL_TIME.wire()).isEqualTo("1");
    assertThat(new Speed(10).wire()).isEqualTo("10");
    assertThat(new Speed(0.5).wire()).isEqualTo("0.5");
    assertThat(new Speed(2.25).wire()).isEqualTo("2.25");
  }

  @Test
  void wireFormParsesBackToTheSameSpeed() {
    for (Speed s : new Speed[] {Speed.MAX, Speed.REAL_TIME, new Speed(10), new Speed(0.1)}) {
      assertThat(Speed.parse(s.wire())).isEqualTo(s);
    }
  }

  @Test
  void toStringIsTheWireFormWithAnXExceptForMax() {
    assertThat(new Speed(10)).hasToString("10x");
    assertThat(new Speed(0.5)).hasToString("0.5x");
    assertThat(Speed.MAX).hasToString("max");
  }
}
