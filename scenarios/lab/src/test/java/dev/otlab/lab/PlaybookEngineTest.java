package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.detection.Alert;
import dev.otlab.detection.AlertSeverity;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ResponseAction;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The playbook engine's trigger logic at its boundary: a lab clock and a desk that records what it
 * is asked (the real desk, which carries actions out on a lab, is exercised by PlaybookEffectIT).
 */
class PlaybookEngineTest {

  static final PlantSpec WATER = PlantLoader.load("water-treatment");
  static final ArchitectureSpec PURDUE = ArchitectureLoader.load("water-treatment-purdue-dmz");
  static final ArchitectureSpec FLAT = ArchitectureLoader.load("water-treatment-flat");

  /** What the engine asked for: an action with who, why, when and its delay. */
  record Asked(double at, ResponseAction action, String who, String why, double delay) {}

  /** A desk on a lab clock that records every request and runs escalation checks on the clock. */
  static final class RecordingDesk implements ResponseDesk {
    final LabClock clock = new LabClock(1, Speed.MAX);
    final ArchitectureSpec architecture;
    final List<Asked> asked = new ArrayList<>();

    RecordingDesk(ArchitectureSpec architecture) {
      this.architecture = architecture;
    }

    @Override
    public double now() {
      return clock.now();
    }

    @Override
    public void act(ResponseAction action, String who, String why, double delaySeconds) {
      asked.add(new Asked(clock.now(), action, who, why, delaySeconds));
    }

    @Override
    public void later(String what, double delaySeconds, Runnable task) {
      clock.scheduleAt(what, Phase.OUTPUTS, clock.now() + delaySeconds, task);
    }

    @Override
    public ArchitectureSpec architecture() {
      return architecture;
    }

    @Override
    public PlantSpec plant() {
      return WATER;
    }

    @Override
    public List<ResponseRecord> responses() {
      return List.of();
    }

    /** Runs {@code task} on the clock at {@code t}. */
    void at(double t, Runnable task) {
      clock.scheduleAt("test", Phase.SENSORS, t, task);
    }

    List<ResponseAction> actions() {
      return asked.stream().map(Asked::action).toList();
    }
  }

  private static int ids;

  static Alert alert(
      double t,
      String detector,
      String rule,
      AlertSeverity severity,
      List<String> techniques,
      @Nullable String source,
      @Nullable String destination) {
    return new Alert(
        String.format("A-%04d", ++ids),
        t,
        t,
        detector,
        rule,
        severity,
        techniques,
        source,
        destination,
        rule + " " + source + ">" + destination,
        1,
        List.of());
  }

  static Alert flow(double t, String source, String destination) {
    return alert(
        t,
        "baseline",
        "baseline-new-flow",
        AlertSeverity.HIGH,
        List.of("T0886"),
        source,
        destination);
  }

  static RunTrace.Sample sample(double t, String tag, double hmi, double plant) {
    return new RunTrace.Sample(t, Map.of(tag, plant), Map.of(tag, hmi));
  }

  static PlaybookSpec playbook(String rules) {
    return PlaybookLoader.parse(
        "test.yaml", "id: test\nplant: water-treatment\nrules:\n" + rules.stripIndent());
  }

  static PlaybookEngine start(PlaybookSpec p, RecordingDesk desk) {
    PlaybookEngine e = new PlaybookEngine(p);
    e.started(desk);
    return e;
  }

  @Test
  void countsMatchingAlertsWithinTheirWindowAndStartsAgainAfterFiring() {
    PlaybookSpec p =
        playbook(
            """
              - id: three
                when: {alert: {detector: baseline, count: 3, within: 60s}}
                actions: [{isolate-host: alert.source, after: 45s}]
                repeat: every 1s
            """);
    RecordingDesk desk = new RecordingDesk(PURDUE);
    PlaybookEngine e = start(p, desk);
    // 10 and 50 fall out of the window of 120; 120, 130, 140 are three within 60 s.
    for (double t : new double[] {10, 50, 120, 130, 140, 150, 160}) {
      desk.at(t, () -> e.alert(flow(t, "ws-1", "jump-1")));
    }
    desk.at(
        165, () -> e.alert(alert(165, "rules", "x", AlertSeverity.HIGH, List.of(), "ws-1", null)));
    desk.clock.runUntil(200);
    assertThat(e.firings()).extracting(PlaybookEngine.Firing::time).containsExactly(140.0);
    assertThat(desk.asked)
        .containsExactly(
            new Asked(
                140,
                new ResponseAction.IsolateHost("ws-1"),
                "playbook:test",
                "rule three: alert baseline/baseline-new-flow T0886 from ws-1 to jump-1 at t=140.0"
                    + " (3 matching alerts within 60 s)",
                45));
  }

  @Test
  void severityIsAtLeastAndHostsMatchEitherEndThroughReferences() {
    PlaybookSpec p =
        playbook(
            """
              - id: jump
                when: {alert: {severity: high, host: role:jump-host}}
                actions: [{kill-connections: {source: alert.source, destination: alert.destination}}]
                repeat: every 1s
              - id: to-plc
                when: {alert: {technique: T0855, destination: plc:plc-treatment}}
                actions: [{safe-state: {controller: alert.destination, mode: manual}}]
            """);
    RecordingDesk desk = new RecordingDesk(PURDUE);
    PlaybookEngine e = start(p, desk);
    desk.at(
        10,
        () -> {
          e.alert(alert(10, "rules", "r", AlertSeverity.MEDIUM, List.of(), "ws-1", "jump-1"));
          e.alert(alert(10, "rules", "r", AlertSeverity.HIGH, List.of(), "ws-1", "hmi-1"));
        });
    desk.at(20, () -> e.alert(flow(20, "ws-1", "jump-1")));
    desk.at(
        30,
        () ->
            e.alert(
                alert(30, "rules", "r", AlertSeverity.CRITICAL, List.of(), "jump-1", "eng-ws")));
    desk.at(
        40,
        () -> {
          e.alert(
              alert(40, "rules", "w", AlertSeverity.LOW, List.of("T0855"), "eng-ws", "plc-dosing"));
          e.alert(
              alert(
                  41,
                  "rules",
                  "w",
                  AlertSeverity.LOW,
                  List.of("T0855"),
                  "eng-ws",
                  "plc-treatment"));
        });
    desk.clock.runUntil(60);
    assertThat(desk.actions())
        .containsExactly(
            new ResponseAction.KillConnections("ws-1", "jump-1"),
            new ResponseAction.KillConnections("jump-1", "eng-ws"),
            new ResponseAction.SafeState("plc-treatment", ResponseAction.SafeMode.MANUAL));
  }

  @Test
  void aProcessTriggerHoldsForItsDurationOnTheHmiUnlessThePlantIsAsked() {
    PlaybookSpec p =
        playbook(
            """
              - id: hmi-high
                when: {process: {tag: treated_level, above: 3.5, for: 10s}}
                actions: [{operator: {tag: pump_on, value: 0}, after: 60s}]
              - id: plant-high
                when: {process: {tag: treated_level, above: 3.5, view: plant}}
                actions: [{reset-sis: plc:sis-water}]
            """);
    RecordingDesk desk = new RecordingDesk(PURDUE);
    PlaybookEngine e = start(p, desk);
    // The plant rises past 3.5 at 3 s, the HMI (one poll behind) at 5 s; a dip at 8 s restarts
    // the HMI rule's 10 s, so it fires at 19 s.
    double[] hmi = {3.0, 3.2, 3.3, 3.4, 3.5, 3.6, 3.6, 3.7, 3.4, 3.6};
    for (int t = 0; t < 30; t++) {
      double h = t < hmi.length ? hmi[t] : 3.7;
      double v = t < 3 ? 3.0 + t * 0.1 : 3.8;
      int at = t;
      desk.at(at, () -> e.sample(sample(at, "treated_level", h, v)));
    }
    desk.clock.runUntil(40);
    assertThat(e.firings())
        .extracting(PlaybookEngine.Firing::rule, PlaybookEngine.Firing::time)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("plant-high", 3.0),
            org.assertj.core.groups.Tuple.tuple("hmi-high", 19.0));
    assertThat(desk.asked.get(1).why())
        .isEqualTo("rule hmi-high: treated_level above 3.5 on the HMI for 10 s (3.7 at t=19.0)");
    assertThat(desk.asked.get(1).action())
        .isEqualTo(new ResponseAction.OperatorAction(null, "pump_on", 0));
    assertThat(desk.asked.get(1).delay()).isEqualTo(60);
    assertThat(desk.asked.get(0).action()).isEqualTo(new ResponseAction.ResetSis("sis-water"));
  }

  @Test
  void escalatesOnlyWhenItsConditionsStillHoldAfterItsDelay() {
    PlaybookSpec p =
        playbook(
            """
              - id: sis
                when: {alert: {host: role:sis}}
                actions: [{reset-sis: plc:sis-water, after: 30s}]
                escalate:
                  after: 2m
                  if: {process: {tag: treated_level, above: 3.4}, done: sis}
                  actions:
                    - safe-state: {controller: plc:plc-treatment, mode: manual}
                repeat: every 5m
            """);
    RecordingDesk desk = new RecordingDesk(PURDUE);
    PlaybookEngine e = start(p, desk);
    Alert toSis =
        alert(10, "baseline", "n", AlertSeverity.MEDIUM, List.of("T0880"), "eng-ws", "sis-water");
    desk.at(10, () -> e.alert(toSis));
    desk.at(100, () -> e.sample(sample(100, "treated_level", 3.6, 3.6)));
    // The second firing's escalation finds the level back down.
    desk.at(400, () -> e.alert(toSis));
    desk.at(450, () -> e.sample(sample(450, "treated_level", 3.0, 3.0)));
    desk.clock.runUntil(700);
    assertThat(desk.asked)
        .extracting(Asked::at, Asked::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(10.0, new ResponseAction.ResetSis("sis-water")),
            org.assertj.core.groups.Tuple.tuple(
                130.0,
                new ResponseAction.SafeState("plc-treatment", ResponseAction.SafeMode.MANUAL)),
            org.assertj.core.groups.Tuple.tuple(400.0, new ResponseAction.ResetSis("sis-water")));
    assertThat(desk.asked.get(1).why())
        .startsWith(
            "rule sis escalated 120 s after it fired and treated_level above 3.4 on the HMI")
        .contains("first: rule sis: alert baseline/n T0880 from eng-ws to sis-water at t=10.0");
    assertThat(e.firings()).extracting(PlaybookEngine.Firing::rule).contains("sis/escalate");
  }

  @Test
  void firesOnceUnlessItRepeatsAndRespectsOtherRulesState() {
    PlaybookSpec p =
        playbook(
            """
              - id: once
                when: {alert: {}}
                actions: [{isolate-host: alert.source}]
              - id: every
                when: {alert: {}}
                actions: [{isolate-host: alert.destination}]
                repeat: every 60s
              - id: fallback
                when: {alert: {}}
                if: {not-done: [once]}
                actions: [{reset-credential: eng-admin}]
              - id: follow-up
                when: {alert: {}}
                if: {done: once}
                actions: [{disable-account: office-user}]
            """);
    RecordingDesk desk = new RecordingDesk(PURDUE);
    PlaybookEngine e = start(p, desk);
    for (double t : new double[] {0, 30, 70}) {
      desk.at(t, () -> e.alert(flow(t, "ws-1", "jump-1")));
    }
    desk.clock.runUntil(100);
    assertThat(e.firings())
        .extracting(PlaybookEngine.Firing::rule, PlaybookEngine.Firing::time)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("once", 0.0),
            org.assertj.core.groups.Tuple.tuple("every", 0.0),
            org.assertj.core.groups.Tuple.tuple("follow-up", 0.0),
            org.assertj.core.groups.Tuple.tuple("every", 70.0));
    // An isolation lasts: the second firing notes it instead of asking again.
    assertThat(desk.actions())
        .containsExactly(
            new ResponseAction.IsolateHost("ws-1"),
            new ResponseAction.IsolateHost("jump-1"),
            new ResponseAction.DisableAccount("office-user"));
    assertThat(e.firings().get(3).asked()).isZero();
    assertThat(e.skipped())
        .containsExactly(
            new PlaybookEngine.Skipped(
                70,
                "every",
                "isolate-host alert.destination",
                "isolate host jump-1 was asked already at t=0.0 and lasts"));
  }

  @Test
  void referencesResolveAgainstTheArchitectureAndUnresolvedOnesAreNotedNotAsked() {
    PlaybookSpec p =
        playbook(
            """
              - id: r
                when: {alert: {}}
                actions:
                  - {tighten-conduit: {conduit: alert.path, to: closed}}
                  - {reset-credential: accounts-on:alert.destination}
                  - {isolate-host: role:jump-host}
                  - {block-flow: {source: alert.source, destination: plc:plc-dosing, protocol: modbus}}
                  - {reset-sis: alert.destination}
                  - {restore-program: plc:plc-dosing}
                repeat: every 1s
            """);
    RecordingDesk purdue = new RecordingDesk(PURDUE);
    PlaybookEngine e = start(p, purdue);
    purdue.at(5, () -> e.alert(flow(5, "ws-1", "jump-1")));
    purdue.clock.runUntil(10);
    assertThat(purdue.actions())
        .containsExactly(
            new ResponseAction.TightenConduit("ent-dmz", ResponseAction.Tightening.CLOSED),
            new ResponseAction.ResetCredential("office-user"),
            new ResponseAction.ResetCredential("eng-admin"),
            new ResponseAction.IsolateHost("jump-1"),
            new ResponseAction.BlockFlow(
                "ws-1", "plc-dosing", dev.otlab.network.Protocol.MODBUS, null),
            new ResponseAction.RestoreProgram("plc-dosing"));
    assertThat(e.skipped())
        .containsExactly(
            new PlaybookEngine.Skipped(
                5,
                "r",
                "reset-sis alert.destination",
                "jump-1 runs no safety controller of plant water-treatment"));

    RecordingDesk flat = new RecordingDesk(FLAT);
    PlaybookEngine onFlat = start(p, flat);
    flat.at(
        5,
        () ->
            onFlat.alert(
                alert(5, "process", "v", AlertSeverity.MEDIUM, List.of(), null, "plc-dosing")));
    flat.clock.runUntil(10);
    assertThat(flat.actions()).containsExactly(new ResponseAction.RestoreProgram("plc-dosing"));
    assertThat(onFlat.skipped())
        .extracting(PlaybookEngine.Skipped::action, PlaybookEngine.Skipped::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "tighten-conduit alert.path to closed",
                "the alert names no flow between two hosts, so it has no path"),
            org.assertj.core.groups.Tuple.tuple(
                "reset-credential accounts-on:alert.destination",
                "water-treatment-flat keeps no account on plc-dosing"),
            org.assertj.core.groups.Tuple.tuple(
                "isolate-host role:jump-host", "water-treatment-flat has no jump-host host"),
            org.assertj.core.groups.Tuple.tuple(
                "block-flow alert.source, plc:plc-dosing", "the alert names no source host"),
            org.assertj.core.groups.Tuple.tuple(
                "reset-sis alert.destination",
                "plc-dosing runs no safety controller of plant water-treatment"));
  }

  @Test
  void refusesToDefendARunOfAnotherPlant() {
    PlaybookEngine e = new PlaybookEngine(PlaybookLoader.load("cr-guard-sis"));
    assertThatThrownBy(() -> e.started(new RecordingDesk(PURDUE)))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("chemical-reactor");
  }

  @Test
  void aRuleAboutTheSisActsOnAnAlertWithoutASourceAndNotesWhatItCannotDo() {
    // wt-contain-it-pivot's sis rule matches an alert at either end of the SIS, and a process
    // alert the SIS reports (a destination alone) too: it is about the SIS, whoever sent it.
    PlaybookEngine e = new PlaybookEngine(PlaybookLoader.load("wt-contain-it-pivot"));
    RecordingDesk desk = new RecordingDesk(FLAT);
    e.started(desk);
    desk.at(
        60,
        () ->
            e.alert(
                alert(
                    60,
                    "process",
                    "value-alarm-treated-level",
                    AlertSeverity.MEDIUM,
                    List.of("T0831"),
                    null,
                    "sis-water")));
    desk.clock.runUntil(61);
    assertThat(desk.actions()).containsExactly(new ResponseAction.ResetSis("sis-water"));
    assertThat(e.skipped())
        .extracting(PlaybookEngine.Skipped::reason)
        .containsExactly("the alert names no source host");
  }
}
