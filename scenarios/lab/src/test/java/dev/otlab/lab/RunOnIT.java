package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case that showed a cut-off run scored as a defence: on {@code water-treatment-flat} every
 * step of {@code wt-it-pivot-treated-overflow} succeeds, yet with seed 3 the tank was still filling
 * at the scenario's 4500 s. The run now plays on until the physics decides.
 */
class RunOnIT {

  @TempDir Path pki;

  @Test
  void aTankStillFillingAtTheLengthIsPlayedOnUntilItOverflows() {
    RunTrace t =
        new ScenarioRun(
                ScenarioLoader.load("wt-it-pivot-treated-overflow"),
                ArchitectureLoader.load("water-treatment-flat"),
                new ScenarioRun.Options(3, Speed.MAX, pki, r -> {}))
            .run();
    String timeline =
        t.steps().stream()
                .map(s -> s.step() + " " + s.outcome() + " " + s.detail())
                .collect(Collectors.joining("\n"))
            + "\n"
            + t.outcome().text();
    assertThat(t.durationSeconds()).isEqualTo(4500);
    assertThat(t.steps())
        .as(timeline)
        .filteredOn(s -> !s.step().equals("rdp-jump"))
        .allMatch(s -> s.outcome() == RunTrace.Outcome.SUCCEEDED);
    assertThat(t.outcome()).as(timeline).isInstanceOf(RunOutcome.Reached.class);
    RunOutcome.Reached reached = (RunOutcome.Reached) t.outcome();
    assertThat(reached.pastLength()).isTrue();
    assertThat(reached.time()).isGreaterThan(4500).isEqualTo(t.objectiveTime());
    assertThat(t.objectiveReached()).isTrue();
    // It played on only until the overflow was seen, in one check slice at most.
    assertThat(t.playedSeconds())
        .isGreaterThanOrEqualTo(reached.time())
        .isLessThan(reached.time() + OutcomeRule.CHECK_SECONDS + 1);
    assertThat(t.samples().get(t.samples().size() - 1).time()).isGreaterThan(reached.time());
    assertThat(t.crossings())
        .anyMatch(c -> c.entered() && c.limit().tag().equals("treated_level") && c.time() > 4500);
  }
}
