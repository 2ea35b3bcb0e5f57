package dev.otlab.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreTest {

  @Test
  void eachScoreIsFoundByItsNameInSeedScoresAndIntervals() {
    SubScores one = new SubScores(10, 20.0, 30, 40, 50, 0.1, 0.2);
    SubScores two = new SubScores(12, 22.0, 32, 42, 52, 0.1, 0.2);
    ScoreIntervals intervals = ScoreIntervals.of(List.of(one, two));
    assertThat(ScoreIntervals.NAMES)
        .containsExactly("prevention", "detection", "impact", "operations", "total");
    assertThat(List.of(10.0, 20.0, 30.0, 40.0, 50.0))
        .isEqualTo(ScoreIntervals.NAMES.stream().map(one::get).toList());
    for (Score s : Score.values()) {
      assertThat(Score.named(s.label())).isSameAs(s);
      assertThat(intervals.get(s.label())).isEqualTo(s.of(intervals));
      assertThat(s.of(intervals).mean()).isEqualTo((s.of(one) + s.of(two)) / 2);
    }
    assertThat(intervals.get("total")).isSameAs(intervals.total());
  }

  @Test
  void detectionIsAbsentWithoutAProfileAndUnknownNamesAreRefused() {
    SubScores without = new SubScores(10, null, 30, 40, 50, 0, 0);
    assertThat(without.get("detection")).isNull();
    assertThat(ScoreIntervals.of(List.of(without)).get("detection")).isNull();
    assertThatThrownBy(() -> without.get("speed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no score speed");
  }
}
