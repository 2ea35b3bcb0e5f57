package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.ResponseAction;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.operations.OperationRecord;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded run of {@code wt-chlorine-setpoint} on {@code water-treatment-purdue-dmz} (the
 * insider on hmi-1 writes the chlorine setpoint at 60 s) defended by a script that acts at fixed
 * times, and the effect and side effects of each response on the trace: decisions, benign
 * operations, samples and the step's outcome.
 */
class ResponseActionsIT {

  @TempDir static Path pki;

  /** A real defender: it acts through the desk at fixed simulated times, and counts samples. */
  static final class Script implements Defender {
    final List<double[]> startedAt = new ArrayList<>();
    int samples;
    final Map<Double, ResponseAction> actions;

    Script(Map<Double, ResponseAction> actions) {
      this.actions = actions;
    }

    @Override
    public void started(ResponseDesk desk) {
      startedAt.add(new double[] {desk.now()});
      actions.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  desk.act(
                      e.getValue(), "playbook:script", "scripted at " + e.getKey(), e.getKey()));
    }

    @Override
    public void sample(RunTrace.Sample sample) {
      samples++;
    }
  }

  static Script script;
  static RunTrace trace;
  static ScenarioRun run;

  @BeforeAll
  static void play() {
    script =
        new Script(
            Map.ofEntries(
                Map.entry(
                    10.0,
                    new ResponseAction.TightenConduit(
                        "ops-control", ResponseAction.Tightening.READ_ONLY)),
                Map.entry(
                    20.0,
                    new ResponseAction.BlockFlow("historian", "plc-intake", Protocol.OPCUA, null)),
                Map.entry(30.0, new ResponseAction.KillConnections("hmi-1", "plc-treatment")),
                Map.entry(
                    40.0,
                    new ResponseAction.SafeState("plc-dosing", ResponseAction.SafeMode.MANUAL)),
                Map.entry(
                    45.0,
                    new ResponseAction.SafeState("plc-treatment", ResponseAction.SafeMode.STOP)),
                Map.entry(
                    46.0, new ResponseAction.SafeState("plc-intake", ResponseAction.SafeMode.STOP)),
                Map.entry(50.0, new ResponseAction.RestoreProgram("plc-intake")),
                Map.entry(55.0, new ResponseAction.ResetSis("sis-water")),
                Map.entry(56.0, new ResponseAction.ResetSis("plc-dosing")),
                Map.entry(70.0, new ResponseAction.OperatorAction(null, "pump_on", 0)),
                Map.entry(71.0, new ResponseAction.OperatorAction("hmi-1", "raw_trip_sp", 3.6)),
                Map.entry(80.0, new ResponseAction.IsolateHost("historian")),
                Map.entry(81.0, new ResponseAction.IsolateHost("no-such-host")),
                Map.entry(90.0, new ResponseAction.DisableAccount("eng-admin")),
                Map.entry(91.0, new ResponseAction.ResetCredential("office-user"))));
    run =
        new ScenarioRun(
                ScenarioLoader.load("wt-chlorine-setpoint"),
                ArchitectureLoader.load("water-treatment-purdue-dmz"),
                new ScenarioRun.Options(1, Speed.MAX, pki, r -> {}))
            .defendedBy(script);
    assertThatThrownBy(
            () -> run.respond(new ResponseAction.IsolateHost("hmi-1"), "user:t", "early", 0))
        .isInstanceOf(OtlabException.class)
        .hasFieldOrPropertyWithValue("code", "RUN_NOT_RUNNING");
    trace = run.run();
  }

  private static ResponseRecord record(String kind, double at) {
    return trace.responses().stream()
        .filter(r -> r.action().kind().equals(kind) && r.time() == at)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + kind + " at " + at + ": " + trace.responses()));
  }

  private static List<OperationRecord> ops(Predicate<OperationRecord> p) {
    return trace.operations().stream().filter(p).toList();
  }

  @Test
  void everyScriptedActionIsRecordedAtItsTimeWithWhoAndWhy() {
    assertThat(trace.responses()).hasSize(script.actions.size());
    assertThat(trace.responses()).allMatch(r -> r.who().equals("playbook:script"));
    assertThat(trace.responses()).allMatch(r -> r.requested() == 0.0);
    assertThat(trace.responses()).allMatch(r -> r.why().equals("scripted at " + r.time()));
    assertThat(trace.responses().stream().map(ResponseRecord::time).toList()).isSorted();
    // The defender started before the first step, on the run's clock, and saw every sample.
    assertThat(script.startedAt).hasSize(1);
    assertThat(script.startedAt.get(0)[0]).isEqualTo(0.0);
    assertThat(script.samples).isEqualTo(trace.samples().size());
    assertThatThrownBy(
            () -> run.respond(new ResponseAction.IsolateHost("hmi-1"), "user:t", "late", 0))
        .isInstanceOf(OtlabException.class);
    // The export carries them as 'response' lines, before the outcome.
    String lines = TraceExport.allLines(trace);
    assertThat(lines.lines().filter(l -> l.startsWith("{\"type\":\"response\"")))
        .hasSize(script.actions.size());
    assertThat(lines.lines().reduce((a, b) -> b).orElseThrow()).startsWith("{\"type\":\"outcome\"");
  }

  @Test
  void readOnlyKeepsThePollsAndBlocksTheInsidersWrite() {
    ResponseRecord r = record("tighten-conduit", 10);
    assertThat(r.done()).as(r.result()).isTrue();
    // The HMI's live poll connections through ops-control were not dropped: no decision closed
    // them.
    assertThat(trace.decisions())
        .filteredOn(
            d ->
                d.relay().contains("@ops-control") && d.subject().equals("reload") && d.time() < 20)
        .isEmpty();
    assertThat(
            ops(
                o ->
                    o.operation().equals(OperationRecord.HMI_POLL)
                        && o.target().equals("plc-dosing")
                        && o.time() > 10
                        && o.time() < 80))
        .isNotEmpty()
        .allMatch(o -> o.outcome() instanceof OperationRecord.Outcome.Ok);
    RunTrace.StepRecord step = trace.steps().get(0);
    assertThat(step.outcome()).as(step.detail()).isEqualTo(RunTrace.Outcome.BLOCKED);
    assertThat(trace.decisions())
        .filteredOn(
            d -> d.time() >= 60 && d.sourceHost().equals("hmi-1") && !d.decision().allowed())
        .anyMatch(
            d ->
                "response:tighten-conduit@t=10"
                    .equals(((ConduitDecision.Denied) d.decision()).rule()));
    assertThat(trace.outcome()).isNotInstanceOf(RunOutcome.Reached.class);
  }

  @Test
  void aBlockedFlowClosesItsLiveConnectionAndDeniesItFromThenOn() {
    ResponseRecord r = record("block-flow", 20);
    assertThat(r.done()).as(r.result()).isTrue();
    assertThat(r.effects())
        .anyMatch(e -> e.startsWith("closed live connection historian>plc-intake:OPCUA"));
    List<RelayDecision> cut =
        trace.decisions().stream()
            .filter(
                d ->
                    d.subject().equals("reload")
                        && d.sourceHost().equals("historian")
                        && d.time() < 80)
            .toList();
    assertThat(cut).isNotEmpty();
    assertThat(cut)
        .allMatch(d -> d.destinationHost().equals("plc-intake") && d.protocol() == Protocol.OPCUA)
        .allMatch(
            d -> "response:block-flow@t=20".equals(((ConduitDecision.Denied) d.decision()).rule()));
    assertThat(
            ops(
                o ->
                    o.operation().equals(OperationRecord.HISTORIAN_COLLECT)
                        && o.target().equals("plc-intake")
                        && o.time() > 20
                        && o.time() < 80))
        .isNotEmpty()
        .allMatch(o -> o.outcome() instanceof OperationRecord.Outcome.Denied);
    // The other PLCs' collection goes on.
    assertThat(
            ops(
                o ->
                    o.operation().equals(OperationRecord.HISTORIAN_COLLECT)
                        && o.target().equals("plc-dosing")
                        && o.time() > 20
                        && o.time() < 80))
        .isNotEmpty()
        .allMatch(o -> o.outcome() instanceof OperationRecord.Outcome.Ok);
  }

  @Test
  void killedConnectionsAreRecordedAndTheHmiReconnects() {
    ResponseRecord r = record("kill-connections", 30);
    assertThat(r.done()).isTrue();
    assertThat(r.effects())
        .isNotEmpty()
        .allMatch(e -> e.startsWith("closed live connection hmi-1>plc-treatment"));
    assertThat(trace.decisions())
        .filteredOn(d -> d.subject().equals("kill"))
        .isNotEmpty()
        .allMatch(
            d -> d.sourceHost().equals("hmi-1") && d.destinationHost().equals("plc-treatment"));
    assertThat(
            ops(
                o ->
                    o.operation().equals(OperationRecord.HMI_POLL)
                        && o.target().equals("plc-treatment")
                        && o.time() > 35
                        && o.time() < 80))
        .anyMatch(o -> o.outcome() instanceof OperationRecord.Outcome.Ok);
  }

  @Test
  void controllersTakeTheirSafeStatesAndGoldenProgram() {
    ResponseRecord manual = record("safe-state", 40);
    assertThat(manual.done()).isTrue();
    assertThat(manual.effects()).contains("dosing_rate set to its safe value 0.000");
    RunTrace.Sample after =
        trace.samples().stream().filter(s -> s.time() >= 42).findFirst().orElseThrow();
    assertThat(after.controllers().get("plc-dosing").auto()).containsEntry("dosing_rate", false);
    assertThat(after.trueValues().get("dosing_rate")).isEqualTo(0.0);

    ResponseRecord refusedStop = record("safe-state", 45);
    assertThat(refusedStop.done()).isFalse();
    assertThat(refusedStop.result())
        .contains("does not tolerate plc-treatment stopped", "safe-state manual");

    ResponseRecord stop = record("safe-state", 46);
    assertThat(stop.done()).as(stop.result()).isTrue();
    assertThat(sampleAt(47).controllers().get("plc-intake").mode()).isEqualTo("STOP");

    ResponseRecord restore = record("restore-program", 50);
    assertThat(restore.done()).isTrue();
    assertThat(restore.effects()).anyMatch(e -> e.contains("was in STOP; now RUN"));
    assertThat(sampleAt(51).controllers().get("plc-intake").mode()).isEqualTo("RUN");

    ResponseRecord sis = record("reset-sis", 55);
    assertThat(sis.done()).as(sis.result()).isTrue();
    assertThat(sis.effects()).anyMatch(e -> e.contains("sis_reset"));
    ResponseRecord notSis = record("reset-sis", 56);
    assertThat(notSis.done()).isFalse();
    assertThat(notSis.result()).contains("plc-dosing is not a safety controller", "sis-water");
  }

  private static RunTrace.Sample sampleAt(double t) {
    return trace.samples().stream().filter(s -> s.time() >= t).findFirst().orElseThrow();
  }

  @Test
  void operatorActionsAreRealHmiWritesDeniedWhereTheConduitIsReadOnly() {
    ResponseRecord denied = record("operator", 70);
    assertThat(denied.done()).as(denied.result()).isFalse();
    assertThat(denied.effects()).contains("hmi-1's write to plc-treatment was denied");
    ResponseRecord ok = record("operator", 71);
    assertThat(ok.done()).as(ok.result()).isTrue();
    List<OperationRecord> actions = ops(o -> o.operation().equals(OperationRecord.OPERATOR_ACTION));
    assertThat(actions).hasSize(2);
    assertThat(actions.get(0).outcome()).isInstanceOf(OperationRecord.Outcome.Denied.class);
    assertThat(actions.get(1).target()).isEqualTo("sis-water");
    assertThat(actions.get(1).outcome()).isInstanceOf(OperationRecord.Outcome.Ok.class);
    assertThat(sampleAt(73).trueValues()).isNotNull();
    // Benign ground truth: the write's events carry no attack label.
    assertThat(trace.events())
        .filteredOn(e -> e.event().time() == 71 && e.event().write())
        .isNotEmpty()
        .allMatch(e -> e.label() == Label.BENIGN);
  }

  @Test
  void anIsolatedHostsWorkIsDeniedAndAnUnknownHostIsRefused() {
    ResponseRecord r = record("isolate-host", 80);
    assertThat(r.done()).isTrue();
    assertThat(r.effects()).contains("historian's collection from plc-dosing is denied");
    assertThat(ops(o -> o.actor().equals("historian") && o.time() > 81))
        .isNotEmpty()
        .allMatch(o -> o.outcome() instanceof OperationRecord.Outcome.Denied);
    // Its live sessions through ops-control were closed by the isolation's rule.
    assertThat(trace.decisions())
        .filteredOn(d -> d.subject().equals("reload") && d.time() == 80)
        .isNotEmpty()
        .allMatch(d -> d.sourceHost().equals("historian"))
        .allMatch(
            d ->
                "response:isolate-host@t=80"
                    .equals(((ConduitDecision.Denied) d.decision()).rule()));
    assertThat(r.effects()).anyMatch(e -> e.startsWith("closed live connection historian>"));
    ResponseRecord unknown = record("isolate-host", 81);
    assertThat(unknown.done()).isFalse();
    assertThat(unknown.result()).contains("has no host 'no-such-host'", "hmi-1");
  }

  @Test
  void accountsAreDisabledAndReset() {
    ResponseRecord off = record("disable-account", 90);
    assertThat(off.done()).isTrue();
    assertThat(off.effects()).anyMatch(e -> e.contains("OT\\engineer") && e.contains("refused"));
    ResponseRecord reset = record("reset-credential", 91);
    assertThat(reset.done()).isTrue();
    assertThat(reset.result()).contains("generation 1");
    assertThat(
            trace.responses().stream()
                .map(x -> x.action().describe())
                .collect(Collectors.joining()))
        .contains("reset the password of account office-user");
  }
}
