package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.detection.Alert;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.ResponseAction;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.operations.OperationRecord;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playbooks on the real lab: {@code wt-it-pivot-treated-overflow} on {@code water-treatment-flat}
 * (the design where every step the flat network offers succeeds and T-301 overflows after about an
 * hour), seed 1, full detection, played three times at max speed: undefended, defended by {@code
 * wt-contain-it-pivot}, and by the over-eager {@code wt-isolate-on-any-alert}. The undefended run
 * also holds the alerts a run tells its defenders live, and shows an observer labelled, to the
 * final judgement's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaybookEffectIT {

  static final long SEED = 1;

  Path pki;
  ScenarioSpec scenario;
  ArchitectureSpec flat;
  DetectionProfile full;

  /** A defender that only listens. */
  static final class Listener implements Defender {
    final List<Alert> told = new CopyOnWriteArrayList<>();

    @Override
    public void started(ResponseDesk desk) {}

    @Override
    public void alert(Alert alert) {
      told.add(alert);
    }
  }

  /** An observer that wants the run's alerts: a live view's. */
  static final class Viewer implements RunObserver {
    final List<RunTrace.LabelledAlert> shown = new CopyOnWriteArrayList<>();

    @Override
    public boolean wantsAlerts() {
      return true;
    }

    @Override
    public void alert(RunTrace.LabelledAlert alert) {
      shown.add(alert);
    }
  }

  record Played(
      RunTrace trace,
      List<Alert> told,
      List<RunTrace.LabelledAlert> shown,
      PlaybookEngine engine) {}

  Played undefended;
  Played contained;
  Played overEager;

  @BeforeAll
  void playThreeTimes(@TempDir Path dir) {
    pki = dir;
    scenario = ScenarioLoader.load("wt-it-pivot-treated-overflow");
    flat = ArchitectureLoader.load("water-treatment-flat");
    full = DetectionLoader.load("full");
    undefended = play(null);
    contained = play("wt-contain-it-pivot");
    overEager = play("wt-isolate-on-any-alert");
  }

  private Played play(@org.jspecify.annotations.Nullable String playbook) {
    Listener listener = new Listener();
    Viewer viewer = new Viewer();
    List<Defender> defenders = new ArrayList<>(List.of(listener));
    PlaybookEngine engine = null;
    if (playbook != null) {
      engine = new PlaybookEngine(PlaybookLoader.load(playbook));
      defenders.add(engine);
    }
    RunTrace t =
        new ScenarioRun(
                scenario,
                flat,
                new ScenarioRun.Options(
                    SEED,
                    Speed.MAX,
                    pki.resolve(playbook == null ? "undefended" : playbook),
                    r -> {},
                    full,
                    viewer))
            .defendedBy(defenders.toArray(Defender[]::new))
            .run();
    return new Played(t, listener.told, viewer.shown, engine);
  }

  private static double peak(RunTrace t, String tag) {
    return t.samples().stream()
        .mapToDouble(s -> s.trueValues().getOrDefault(tag, 0.0))
        .max()
        .orElseThrow();
  }

  private static List<OperationRecord> denied(RunTrace t) {
    return t.operations().stream()
        .filter(o -> o.outcome() instanceof OperationRecord.Outcome.Denied)
        .toList();
  }

  @Test
  void theAlertsToldLiveAreTheFinalJudgementsUpToTheLastSecondJudged() {
    RunTrace t = undefended.trace();
    double lastJudged = t.samples().get(t.samples().size() - 1).time() - 1;
    List<Alert> fin =
        t.alerts().stream()
            .map(RunTrace.LabelledAlert::alert)
            .filter(a -> a.time() <= lastJudged)
            .toList();
    assertThat(fin).isNotEmpty();
    // The same alerts, raised in the same order with the same ids; a live alert may have folded
    // fewer observations in when it was told than the final judgement counts in the end.
    assertThat(undefended.told())
        .extracting(Alert::id, Alert::time, Alert::detector, Alert::rule, Alert::sourceHost)
        .containsExactlyElementsOf(
            fin.stream()
                .map(a -> Tuple.tuple(a.id(), a.time(), a.detector(), a.rule(), a.sourceHost()))
                .toList());
    // The live view is shown the same alerts by the same judge, labelled as the final judgement
    // labels them.
    assertThat(undefended.shown())
        .extracting(a -> a.alert().id(), RunTrace.LabelledAlert::step)
        .containsExactlyElementsOf(
            t.alerts().stream()
                .filter(a -> a.alert().time() <= lastJudged)
                .map(a -> Tuple.tuple(a.alert().id(), a.step()))
                .toList());
    assertThat(undefended.shown()).anyMatch(RunTrace.LabelledAlert::truePositive);
    assertThat(t.responses()).isEmpty();
  }

  @Test
  void withoutAPlaybookTheTankOverflowsAndWithTheContainingOneItDoesNot() {
    assertThat(undefended.trace().outcome()).isInstanceOf(RunOutcome.Reached.class);
    assertThat(peak(undefended.trace(), "treated_level")).isGreaterThanOrEqualTo(3.9);

    RunTrace t = contained.trace();
    String responses =
        String.join(
            "\n",
            t.responses().stream()
                .map(r -> r.time() + " " + r.action().describe() + " " + r.result())
                .toList());
    assertThat(t.outcome()).as(responses).isNotInstanceOf(RunOutcome.Reached.class);
    assertThat(t.objectiveReached()).isFalse();
    assertThat(peak(t, "treated_level")).as(responses).isLessThan(3.9);
    // Every step still ran as it did undefended: the playbook undid what they did.
    assertThat(t.steps())
        .extracting(RunTrace.StepRecord::step, RunTrace.StepRecord::outcome)
        .containsExactlyElementsOf(
            undefended.trace().steps().stream()
                .map(s -> Tuple.tuple(s.step(), s.outcome()))
                .toList());
    assertThat(t.responses())
        .as(responses)
        .allSatisfy(r -> assertThat(r.who()).isEqualTo("playbook:wt-contain-it-pivot"))
        .allSatisfy(r -> assertThat(r.done()).as(r.result()).isTrue())
        .anySatisfy(
            r -> {
              assertThat(r.action()).isEqualTo(new ResponseAction.ResetSis("sis-water"));
              assertThat(r.why()).startsWith("rule sis-tampered: alert baseline/");
              // The one bypass coil defeated both level trips: both are live again, and said so.
              assertThat(r.effects())
                  .contains(
                      "bypass sis_bypass cleared: trips raw_high_trip, treated_high_trip are live");
              // Told at the first sample after the second it was raised in, acted 30 s later.
              assertThat(r.time() - r.requested()).isEqualTo(30);
            });
    // The same seed told both runs the same alerts until the first response changed the lab.
    double firstEffect =
        t.responses().stream().mapToDouble(ResponseRecord::time).min().orElseThrow();
    assertThat(contained.told().stream().filter(a -> a.time() < firstEffect).map(Alert::id))
        .containsExactlyElementsOf(
            undefended.told().stream().filter(a -> a.time() < firstEffect).map(Alert::id).toList());
    // Flat keeps no accounts: what it could not do is noted, not asked.
    assertThat(contained.engine().skipped())
        .extracting(PlaybookEngine.Skipped::rule, PlaybookEngine.Skipped::action)
        .contains(Tuple.tuple("remote-pivot", "reset-credential accounts-on:alert.destination"));
  }

  @Test
  void theOverEagerPlaybookDeniesBenignOperationsByItsOwnIsolations() {
    assertThat(denied(undefended.trace())).isEmpty();
    RunTrace t = overEager.trace();
    List<ResponseRecord> isolations =
        t.responses().stream()
            .filter(r -> r.done() && r.action() instanceof ResponseAction.IsolateHost)
            .toList();
    assertThat(isolations)
        .extracting(r -> ((ResponseAction.IsolateHost) r.action()).host())
        .contains("plc-treatment");
    double first = isolations.stream().mapToDouble(ResponseRecord::time).min().orElseThrow();
    List<OperationRecord> denied = denied(t);
    // The HMI's polls and the historian's pulls of the isolated PLC, every one of them refused
    // by the isolation the response put in, from its first second on.
    assertThat(denied).hasSizeGreaterThan(1000);
    assertThat(denied)
        .allSatisfy(o -> assertThat(o.time()).isGreaterThanOrEqualTo(first))
        .allSatisfy(
            o -> {
              OperationRecord.Outcome.Denied d = (OperationRecord.Outcome.Denied) o.outcome();
              // Inside the flat network's one zone an isolation is a relay of its own
              // (isolation:HOST); across a conduit it is the response's rule there.
              assertThat(
                      d.conduit().startsWith("isolation:")
                          || String.valueOf(d.rule()).startsWith("response:isolate-host"))
                  .as(o.toString())
                  .isTrue();
            })
        .anySatisfy(o -> assertThat(o.operation()).isEqualTo(OperationRecord.HMI_POLL))
        .anySatisfy(o -> assertThat(o.operation()).isEqualTo(OperationRecord.HISTORIAN_COLLECT));
  }
}
