package dev.otlab.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** The interval and noise arithmetic of evaluations over seeds, against textbook values. */
class SeedStatisticsTest {

  @Test
  void samplesAllAlikeGiveAPoint() {
    Interval i = SeedStatistics.mean(new double[] {72.5, 72.5, 72.5, 72.5, 72.5}, 0, 100);
    assertThat(i.isPoint()).isTrue();
    assertThat(i.mean()).isEqualTo(72.5);
    assertThat(i.low()).isEqualTo(72.5);
    assertThat(i.n()).isEqualTo(5);
    Interval one = SeedStatistics.mean(new double[] {40}, 0, 100);
    assertThat(one).isEqualTo(new Interval(40, 40, 40, 1));
  }

  @Test
  void meanIntervalIsStudentTWithNMinusOneDegreesOfFreedom() {
    // 1..5: mean 3, s = sqrt(2.5), t(0.975, 4) = 2.776445: half width 1.963243.
    Interval i = SeedStatistics.mean(new double[] {1, 2, 3, 4, 5}, 0, 100);
    assertThat(i.mean()).isEqualTo(3.0);
    assertThat(i.low()).isCloseTo(1.036757, within(1e-6));
    assertThat(i.high()).isCloseTo(4.963243, within(1e-6));
    // Three seeds: t(0.975, 2) = 4.302653, s = 1, half width 4.302653 / sqrt(3) = 2.484138.
    Interval three = SeedStatistics.mean(new double[] {49, 50, 51}, 0, 100);
    assertThat(three.halfWidth()).isCloseTo(2.484138, within(1e-6));
  }

  @Test
  void meanIntervalStaysInsideTheScoreRange() {
    Interval i = SeedStatistics.mean(new double[] {100, 100, 40}, 0, 100);
    assertThat(i.high()).isEqualTo(100);
    assertThat(i.low()).isGreaterThanOrEqualTo(0).isLessThan(i.mean());
    assertThat(i.mean()).isEqualTo(80);
  }

  @Test
  void shareIntervalIsWilson() {
    Interval none = SeedStatistics.share(0, 5);
    assertThat(none.mean()).isZero();
    assertThat(none.low()).isZero();
    assertThat(none.high()).isCloseTo(0.434482, within(1e-6));
    Interval all = SeedStatistics.share(5, 5);
    assertThat(all.low()).isCloseTo(0.565518, within(1e-6));
    assertThat(all.high()).isEqualTo(1);
    Interval oneInTen = SeedStatistics.share(1, 10);
    assertThat(oneInTen.low()).isCloseTo(0.017876, within(1e-6));
    assertThat(oneInTen.high()).isCloseTo(0.404150, within(1e-6));
    // 0 of 5 and 5 of 5 are told apart; 2 of 5 and 3 of 5 are not.
    assertThat(none.disjoint(all)).isTrue();
    assertThat(SeedStatistics.share(2, 5).disjoint(SeedStatistics.share(3, 5))).isFalse();
  }

  @Test
  void welchMatchesTheTextbookExample() {
    // Welch's t-test, the first worked example on its Wikipedia page: t = -2.46, df = 24.99.
    double[] a = {
      27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4
    };
    double[] b = {
      27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4
    };
    Double p = SeedStatistics.welchP(a, b);
    assertThat(p).isCloseTo(0.021, within(0.001));
    // Commons Math's unequal-variance test is the same test.
    assertThat(p).isCloseTo(new TTest().tTest(a, b), within(1e-9));
    assertThat(SeedStatistics.exceedsNoise(a, b)).isTrue();
    assertThat(SeedStatistics.exceedsNoise(a, a)).isFalse();
  }

  @Test
  void welchWithoutSpreadOrWithOneSeed() {
    double[] seventy = {70, 70, 70};
    assertThat(SeedStatistics.welchP(seventy, new double[] {70, 70})).isEqualTo(1.0);
    assertThat(SeedStatistics.welchP(seventy, new double[] {71, 71})).isEqualTo(0.0);
    // One side spread, the other constant: still a test (its df come from the spread side).
    assertThat(SeedStatistics.exceedsNoise(seventy, new double[] {80, 81, 79})).isTrue();
    assertThat(SeedStatistics.welchP(seventy, new double[] {80})).isNull();
    assertThat(SeedStatistics.exceedsNoise(new double[] {70}, new double[] {80})).isNull();
  }

  @Test
  void seedsRunFromTheFirstOneOnUpToTheLargestLong() {
    assertThat(Evaluator.Options.of(4, 3, null).seedList()).containsExactly(4L, 5L, 6L);
    assertThat(Evaluator.Options.of(Long.MAX_VALUE, 1, null).seedList())
        .containsExactly(Long.MAX_VALUE);
    assertThat(Evaluator.Options.of(Long.MAX_VALUE - 4, 5, null).seedList())
        .hasSize(5)
        .endsWith(Long.MAX_VALUE);
    assertThatThrownBy(() -> Evaluator.Options.of(Long.MAX_VALUE, 2, null))
        .hasMessageContaining("overflow");
    assertThatThrownBy(() -> Evaluator.Options.of(1, 0, null))
        .isInstanceOf(dev.otlab.core.OtlabException.class)
        .hasMessageContaining("0 seeds");
  }
}
