package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.scoring.Comparison;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Interval;
import dev.otlab.scoring.ScoreIntervals;
import dev.otlab.scoring.SubScores;
import dev.otlab.scoring.Weights;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke suite over three seeds through the command line: the seeds are the first one and the
 * ones after it, each is played with its own benign twin, every mean and interval follows from the
 * per-seed scores, the reach follows from the runs, and any one seed replays alone with --seed.
 */
class SeedSpreadIT {

  @TempDir Path dir;

  record Result(int status, String out, String err) {}

  Result evaluate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("evaluate"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--architecture",
            "water-treatment-flat",
            "--suite",
            "smoke",
            "--json",
            "--pki",
            dir.resolve("pki").toString()));
    int status =
        Main.execute(
            all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void threeSeedsMeansIntervalsReachAndReplay() {
    Result r = evaluate("--seeds", "3", "--seed", "4", "--jobs", "2", "--fail-under", "100");
    // Flat lets the dosing flood through: the gate at 100 fails on the interval's lower bound.
    assertThat(r.status()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains("lower bound of the total", "under --fail-under 100.0");
    // A twin per seed, before that seed's scenarios: 3 x (1 + 3) runs.
    assertThat(r.err())
        .contains(
            "[1/12] benign-twin                    seed 4",
            "[5/12] benign-twin                    seed 5",
            "[12/12] wt-dosing-flood                seed 6");
    Evaluation e = Evaluation.parse("--json", r.out());
    assertThat(e.seeds()).containsExactly(4L, 5L, 6L);
    assertThat(e.seed()).isEqualTo(4);
    assertThat(e.seedScores()).hasSize(3);
    assertThat(e.skipped()).isNotEmpty();

    // The scorecards are the first seed's: their sub-scores are that seed's.
    assertThat(e.seedScores().get(0))
        .isEqualTo(SubScores.of(e.scorecards(), e.detectionProfile() != null, Weights.DEFAULT));
    // Means and intervals follow from the per-seed scores.
    for (String name : ScoreIntervals.NAMES) {
      Interval i = e.intervals().get(name);
      double[] values = e.seedScores().stream().mapToDouble(s -> s.get(name)).toArray();
      double mean = (values[0] + values[1] + values[2]) / 3;
      assertThat(i.n()).isEqualTo(3);
      assertThat(i.mean()).as(name).isCloseTo(mean, within(0.051));
      assertThat(e.scores().get(name)).as(name).isEqualTo(i.mean());
      assertThat(i.low()).isLessThanOrEqualTo(i.mean()).isGreaterThanOrEqualTo(0);
      assertThat(i.high()).isGreaterThanOrEqualTo(i.mean()).isLessThanOrEqualTo(100);
      boolean alike = values[0] == values[1] && values[1] == values[2];
      assertThat(i.isPoint()).as(name).isEqualTo(alike);
      if (!alike) {
        // With three seeds, t(0.975, 2) s / sqrt(3) = 2.48 s exceeds any sample's distance from
        // the mean (at most 1.15 s): the interval holds every seed's value, unless clipped.
        double lo = Math.min(values[0], Math.min(values[1], values[2]));
        double hi = Math.max(values[0], Math.max(values[1], values[2]));
        assertThat(i.low()).isLessThanOrEqualTo(lo);
        assertThat(i.high()).isGreaterThanOrEqualTo(Math.min(100, hi));
      }
    }
    // Reach: per scenario, in suite order, counted over the seeds with a Wilson interval.
    assertThat(e.reach().stream().map(Evaluation.Reach::scenario).toList())
        .containsExactly("wt-recon", "wt-vendor-backdoor", "wt-dosing-flood");
    for (Evaluation.Reach reach : e.reach()) {
      assertThat(reach.seeds()).isEqualTo(3);
      assertThat(e.seeds()).containsAll(reach.reachedWith());
      assertThat(reach.reachedWith().contains(4L))
          .isEqualTo(e.scorecard(reach.scenario()).objectiveReached());
      assertThat(reach.share().mean()).isEqualTo(reach.reached() / 3.0);
      assertThat(reach.share().low()).isLessThanOrEqualTo(reach.share().mean());
      assertThat(reach.share().high()).isGreaterThanOrEqualTo(reach.share().mean());
      assertThat(reach.share().isPoint()).isFalse();
    }
    // The vendor backdoor has no way into flat: prevented in every seed.
    assertThat(e.reach("wt-vendor-backdoor").reached()).isZero();
    // The prevention score over each seed is the share of severity not reached in that seed.
    assertThat(e.intervals().prevention().high()).isLessThan(100);

    // An evaluation compared with itself changes nothing, and nothing beyond the noise.
    Comparison self = Comparison.of(e, e);
    assertThat(self.scoreChanges()).isEmpty();
    assertThat(self.differences()).noneMatch(d -> Boolean.TRUE.equals(d.exceedsNoise()));

    // --seed alone replays one seed: the second seed of the evaluation, exactly.
    Result one = evaluate("--seed", "5", "--detection", "full");
    assertThat(one.status()).as(one.err()).isZero();
    Evaluation five = Evaluation.parse("--json", one.out());
    assertThat(five.seeds()).containsExactly(5L);
    assertThat(five.scores()).isEqualTo(e.seedScores().get(1));
    assertThat(five.intervals().total().isPoint()).isTrue();
    assertThat(five.reach()).allSatisfy(x -> assertThat(x.reachedWith()).isSubsetOf(5L));
    assertThat(Comparison.of(five, e).differences())
        .allSatisfy(d -> assertThat(d.exceedsNoise()).isNull());
  }
}
