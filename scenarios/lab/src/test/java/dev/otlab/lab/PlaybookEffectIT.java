package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.detection.Alert;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playbooks on the real lab: {@code wt-it-pivot-treated-overflow} on {@code water-treatment-flat}
 * (the design where every step succeeds) with seed 1, undefended and defended. The undefended run
 * also shows that the alerts a run tells its defenders live are the final judgement's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaybookEffectIT {

  static final long SEED = 1;

  Path pki;

  ScenarioSpec scenario;
  ArchitectureSpec flat;
  DetectionProfile full;
  RunTrace undefended;
  final List<Alert> told = new CopyOnWriteArrayList<>();

  /** A defender that only listens. */
  final class Listener implements Defender {
    @Override
    public void started(ResponseDesk desk) {}

    @Override
    public void alert(Alert alert) {
      told.add(alert);
    }
  }

  @BeforeAll
  void playUndefended(@TempDir Path dir) {
    pki = dir;
    scenario = ScenarioLoader.load("wt-it-pivot-treated-overflow");
    flat = ArchitectureLoader.load("water-treatment-flat");
    full = DetectionLoader.load("full");
    ScenarioRun run =
        new ScenarioRun(
            scenario,
            flat,
            new ScenarioRun.Options(SEED, Speed.MAX, pki.resolve("undefended"), r -> {}, full));
    run.defendedBy(new Listener());
    undefended = run.run();
  }

  @Test
  void theAlertsToldLiveAreTheFinalJudgementsUpToTheLastSecondJudged() {
    double lastJudged = undefended.samples().get(undefended.samples().size() - 1).time() - 1;
    List<Alert> fin =
        undefended.alerts().stream()
            .map(RunTrace.LabelledAlert::alert)
            .filter(a -> a.time() <= lastJudged)
            .toList();
    assertThat(fin).isNotEmpty();
    // The same alerts, raised in the same order with the same ids; a live alert may have folded
    // fewer observations in when it was told than the final judgement counts in the end.
    assertThat(told)
        .extracting(Alert::id, Alert::time, Alert::detector, Alert::rule, Alert::sourceHost)
        .containsExactlyElementsOf(
            fin.stream()
                .map(
                    a ->
                        org.assertj.core.groups.Tuple.tuple(
                            a.id(), a.time(), a.detector(), a.rule(), a.sourceHost()))
                .toList());
    assertThat(undefended.outcome()).isInstanceOf(RunOutcome.Reached.class);
  }
}
