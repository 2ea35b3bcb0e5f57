package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.Library;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.operations.OperationRecord;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data-driven suite: every library scenario on every architecture its file names, run once with
 * the {@code full} detection profile and checked against the verdicts stored beside it (objective
 * reached or not, where it was blocked, which techniques true alerts must carry). Detection reads
 * only the trace, so the {@code signatures} profile is judged on the same runs. The runs {@link
 * GoldenTraces#RUNS} names are held to their committed golden export, byte for byte.
 */
class ScenarioSuiteIT {

  @TempDir static Path pki;

  /** The run played a second time to show that the same seed gives the same trace. */
  private static final String SAME_SEED = "wt-recon@water-treatment-flat";

  /** The run whose attack only a boundary firewall's log shows. */
  private static final String LOGGED_ONLY =
      "wt-it-pivot-treated-overflow@water-treatment-purdue-dmz";

  /** The credential chain whose pivots a dpi design's taps and logs see. */
  private static final String CREDENTIAL_CHAIN =
      "wt-office-ransomware-dosing@water-treatment-purdue-dmz-dpi";

  /** The hijack of the vendor's live sessions on the converged design. */
  private static final String HIJACK = "wt-vendor-session-hijack@water-treatment-converged";

  /** Runs other tests here look at again, kept so that each lab runs once. */
  private static final Set<String> KEPT =
      Set.of(
          LOGGED_ONLY,
          CREDENTIAL_CHAIN,
          HIJACK,
          "wt-aitm-replay-chlorine@water-treatment-purdue-dmz-dpi",
          "wt-aitm-concealed-overflow@water-treatment-flat",
          SAME_SEED);

  private static final Map<String, RunTrace> kept = new ConcurrentHashMap<>();

  static RunTrace trace(String scenario, String architecture) {
    String key = scenario + "@" + architecture;
    RunTrace known = kept.get(key);
    if (known != null) {
      return known;
    }
    RunTrace t = play(scenario, architecture);
    if (KEPT.contains(key)) {
      kept.put(key, t);
    }
    return t;
  }

  private static RunTrace play(String scenario, String architecture) {
    return new ScenarioRun(
            ScenarioLoader.load(scenario),
            ArchitectureLoader.load(architecture),
            new ScenarioRun.Options(
                GoldenTraces.SEED, Speed.MAX, pki, r -> {}, DetectionLoader.load("full")))
        .run();
  }

  /** The same run judged by another detection profile. */
  static RunTrace judgedBy(RunTrace t, String profile) {
    ArchitectureSpec a = ArchitectureLoader.load(t.architecture());
    return t.withAlerts(
        ScenarioRun.detect(t, DetectionLoader.load(profile), PlantLoader.load(a.plant()), a));
  }

  static String alerts(RunTrace t) {
    return t.alerts().stream()
        .map(
            a ->
                String.format(
                    Locale.ROOT,
                    "%.1f %s/%s %s %s %s",
                    a.alert().time(),
                    a.alert().detector(),
                    a.alert().rule(),
                    a.alert().techniques(),
                    a.step(),
                    a.alert().summary()))
        .collect(Collectors.joining("\n"));
  }

  static Stream<Arguments> runs() {
    return Library.names("scenarios").stream()
        .flatMap(
            n ->
                ScenarioLoader.load(n).expected().keySet().stream()
                    .sorted()
                    .map(a -> Arguments.of(n, a)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("runs")
  void verdictsMatchWhatTheScenarioExpects(String scenario, String architecture) {
    ScenarioSpec.Expectation expected = ScenarioLoader.load(scenario).expected().get(architecture);
    RunTrace trace = trace(scenario, architecture);
    if (GoldenTraces.RUNS.contains(scenario + "@" + architecture)) {
      assertThat(GoldenTraces.check(trace)).as("golden trace").isEmpty();
    }
    String timeline =
        trace.steps().stream()
            .map(s -> s.step() + " " + s.outcome() + " " + s.conduit() + " " + s.detail())
            .collect(Collectors.joining("\n"));
    timeline += "\n" + trace.outcome().text();
    assertThat(trace.objectiveReached()).as(timeline).isEqualTo(expected.objectiveReached());
    // Every library run decides: a run the scenario expects to fail is a decided prevention, not
    // one cut off at its length or left open at its horizon.
    assertThat(trace.outcome())
        .as(timeline)
        .isInstanceOf(
            expected.objectiveReached() ? RunOutcome.Reached.class : RunOutcome.Prevented.class);
    Set<String> blocked = new TreeSet<>();
    trace.steps().stream()
        .filter(s -> s.outcome() == RunTrace.Outcome.BLOCKED)
        .forEach(s -> blocked.add(s.conduit()));
    assertThat(blocked).as(timeline).containsAll(expected.blockedAt());
    // Ground truth: every attack step that sent traffic left labelled events, benign ones too.
    assertThat(trace.events()).anySatisfy(e -> assertThat(e.label().text()).isEqualTo("benign"));
    if (trace.steps().stream()
        .anyMatch(
            s ->
                s.outcome() == RunTrace.Outcome.SUCCEEDED
                    && !s.technique().startsWith("T088")
                    && !s.technique().equals("T0866"))) {
      assertThat(trace.events())
          .anySatisfy(e -> assertThat(e.label().text()).startsWith("attack:"));
    }
    assertThat(trace.samples()).hasSizeGreaterThan((int) trace.durationSeconds() - 2);

    // Detection under full: the stored techniques among true alerts, and any attack traffic a
    // sensor saw raises at least one true alert.
    Set<String> detected = new TreeSet<>();
    trace.alerts().stream()
        .filter(RunTrace.LabelledAlert::truePositive)
        .forEach(a -> detected.addAll(a.alert().techniques()));
    assertThat(detected).as(alerts(trace)).containsAll(expected.detected());
    if (trace.events().stream().anyMatch(e -> e.sensed() && e.label() instanceof Label.Attack)) {
      assertThat(trace.alerts())
          .as("sensed attack traffic without a true alert:\n" + alerts(trace))
          .anyMatch(RunTrace.LabelledAlert::truePositive);
    }
  }

  @Test
  void theReplayIsInvisibleToSignaturesAndCaughtByFull() {
    RunTrace full = trace("wt-aitm-replay-chlorine", "water-treatment-purdue-dmz-dpi");
    assertThat(full.objectiveReached()).isTrue();
    assertThat(full.alerts()).as(alerts(full)).anyMatch(RunTrace.LabelledAlert::truePositive);
    // Every message comes from the HMI with the function codes it always uses.
    RunTrace signatures = judgedBy(full, "signatures");
    assertThat(signatures.alerts()).as(alerts(signatures)).isEmpty();
  }

  @Test
  void concealmentIsCaughtByTheProcessAwareDetectors() {
    RunTrace full = trace("wt-aitm-concealed-overflow", "water-treatment-flat");
    assertThat(full.alerts())
        .as(alerts(full))
        .anySatisfy(
            a -> {
              assertThat(a.truePositive()).isTrue();
              assertThat(a.alert().detector()).isEqualTo("process");
              assertThat(a.alert().techniques()).contains("T0856");
            });
    // Signatures see the coil writes injected into the HMI's connection, never the frozen values.
    assertThat(judgedBy(full, "signatures").alerts())
        .noneMatch(a -> a.alert().detector().equals("process"));
  }

  /**
   * On purdue-dmz only the conduit into control is tapped, and the office pivot never gets past
   * ent-dmz: no sensor sees its traffic, and the boundary firewall's log is what detection has.
   * Both profiles flag the refusals from it; full's baseline also flags the RDP session to the jump
   * host that no training session opened. Without the log the same run raises nothing.
   */
  @Test
  void theItPivotIsSeenInTheBoundaryFirewallsLogAlone() {
    String[] run = LOGGED_ONLY.split("@");
    RunTrace full = trace(run[0], run[1]);
    assertThat(full.events()).noneMatch(e -> e.sensed() && e.label() instanceof Label.Attack);
    List<RunTrace.LabelledRecord> attack =
        full.firewall().stream().filter(r -> r.label() instanceof Label.Attack).toList();
    assertThat(attack)
        .extracting(r -> r.record().conduit() + " " + r.record().action() + " " + r.label().text())
        .containsExactlyInAnyOrder(
            "ent-dmz ALLOW attack:rdp-jump",
            "ent-dmz DENY attack:rdp-eng",
            "ent-dmz DENY attack:bypass-sis",
            "ent-dmz DENY attack:pump-manual",
            "ent-dmz DENY attack:pump-on");
    for (RunTrace t : List.of(full, judgedBy(full, "signatures"))) {
      assertThat(t.alerts()).as(alerts(t)).allMatch(RunTrace.LabelledAlert::truePositive);
      assertThat(t.alerts())
          .as(alerts(t))
          .anySatisfy(
              a -> {
                assertThat(a.alert().rule()).isEqualTo("firewall-repeated-denials");
                assertThat(a.alert().techniques()).containsExactly("T0846");
                assertThat(a.alert().sourceHost()).isEqualTo("ws-1");
              })
          .anySatisfy(
              a -> {
                assertThat(a.alert().rule()).isEqualTo("firewall-remote-service-denied");
                assertThat(a.alert().destinationHost()).isEqualTo("eng-ws");
                assertThat(a.step()).isEqualTo("rdp-eng");
              });
    }
    assertThat(full.alerts())
        .as(alerts(full))
        .anySatisfy(
            a -> {
              assertThat(a.alert().rule()).isEqualTo("baseline-new-flow");
              assertThat(a.alert().evidence()).allMatch(ev -> ev.kind().equals("firewall"));
              assertThat(a.step()).isEqualTo("rdp-jump");
            });
    RunTrace unlogged =
        new RunTrace(
            full.scenario(),
            full.architecture(),
            full.seed(),
            full.durationSeconds(),
            full.foothold(),
            full.steps(),
            full.events(),
            full.decisions(),
            List.of(),
            full.operations(),
            full.samples(),
            full.crossings(),
            full.sisTrips(),
            full.objectiveReached(),
            full.objectiveTime(),
            List.of(),
            full.playedSeconds(),
            full.outcome(),
            List.of());
    assertThat(judgedBy(unlogged, "full").alerts()).isEmpty();
  }

  /**
   * The same seed gives the same trace byte for byte, in one JVM (the golden runs hold it across
   * JVMs and builds). Recon connects to every service of the lab, through relays, with the
   * historian's encrypted OPC UA sessions running beside it.
   */
  @Test
  void thePivotSessionsCrossTheSensorsAndTheBaselineSeesThem() {
    String[] chain = CREDENTIAL_CHAIN.split("@");
    RunTrace t = trace(chain[0], chain[1]);
    // The phished account's RDP session to the jump host is on the wire: the ent-dmz tap decodes
    // its opening with the account's user, labelled as the step.
    assertThat(t.events())
        .filteredOn(le -> le.event().operation().equals("RDP_CONNECTION_REQUEST"))
        .filteredOn(le -> le.event().sourceHost().equals("ws-1"))
        .anySatisfy(
            le -> {
              assertThat(le.label()).isEqualTo(Label.attack("rdp-jump"));
              assertThat(le.sensed()).isTrue();
              assertThat(le.event().destinationHost()).isEqualTo("jump-1");
              assertThat(le.event().nodeIds()).contains("user=CORP\\jdoe");
            });
    // The harvested engineering account needs a second factor: no session past the jump host.
    assertThat(t.steps())
        .filteredOn(st -> st.step().equals("rdp-eng"))
        .singleElement()
        .satisfies(st -> assertThat(st.detail()).contains("second factor"));
    // The full profile's baseline raises the new RDP flow, from the tap and from the log.
    assertThat(t.alerts())
        .filteredOn(a -> a.alert().rule().equals("baseline-new-flow"))
        .filteredOn(a -> "rdp-jump".equals(a.step()))
        .extracting(a -> a.alert().summary())
        .anyMatch(x -> x.contains("ws-1>jump-1 RDP (RDP_CONNECTION_REQUEST)"))
        .anyMatch(x -> x.contains("ws-1>jump-1 RDP (session logged by ent-dmz)"));

    // On the converged design the vendor's own sessions are benign traffic the taps see; the
    // attacker's hijacked ones look the same and the documented vendor hops raise nothing, while
    // the engineering function from the hijacked workstation does.
    String[] hijack = HIJACK.split("@");
    RunTrace h = trace(hijack[0], hijack[1]);
    assertThat(h.operations())
        .filteredOn(r -> r.operation().equals(OperationRecord.VENDOR_SESSION))
        .extracting(r -> r.actor() + ">" + r.target())
        .contains("vendor-laptop>jump-1", "jump-1>eng-ws");
    assertThat(h.events())
        .filteredOn(le -> le.event().operation().equals("RDP_CONNECTION_REQUEST"))
        .extracting(le -> le.label().text())
        .contains("benign", Label.attack("hijack-jump").text(), Label.attack("hijack-eng").text());
    assertThat(h.alerts()).noneMatch(a -> a.alert().summary().contains(" RDP"));
    assertThat(h.alerts())
        .filteredOn(RunTrace.LabelledAlert::truePositive)
        .extracting(a -> a.alert().rule())
        .contains("program-download");
    assertThat(h.alerts()).allMatch(RunTrace.LabelledAlert::truePositive);
  }

  @Test
  void sameSeedGivesTheSameTrace() {
    String[] run = SAME_SEED.split("@");
    RunTrace a = trace(run[0], run[1]);
    RunTrace b = play(run[0], run[1]);
    assertThat(a.objectiveReached()).isTrue();
    String exportA = GoldenTraces.export(a);
    String exportB = GoldenTraces.export(b);
    assertThat(GoldenTraces.firstDifference(exportA, exportB)).isEmpty();
    // Byte for byte, empty lines included (the first difference reads lines).
    assertThat(GoldenTraces.sha256(exportB)).isEqualTo(GoldenTraces.sha256(exportA));
  }

  @Test
  void guardrailRefusesATargetOutsideTheLabAndFailsTheRun() {
    ScenarioSpec outside =
        new ScenarioSpec(
            "outside",
            "outside",
            "",
            "water-treatment",
            "control-insider",
            120,
            List.of(
                new ScenarioSpec.Step(
                    "scan",
                    "T0888",
                    Map.of("target", "10.0.0.5"),
                    new ScenarioSpec.Trigger(30.0, null, true, null, null, null, null, 0))),
            new ScenarioSpec.Objective(null, true, "scan", ""),
            Map.of());
    for (String target : List.of("10.0.0.5", "8.8.8.8", "172.17.0.1", "plc.example.com")) {
      ScenarioSpec s =
          new ScenarioSpec(
              outside.id(),
              outside.title(),
              "",
              outside.plant(),
              outside.foothold(),
              120,
              List.of(
                  new ScenarioSpec.Step(
                      "scan", "T0888", Map.of("target", target), outside.steps().get(0).trigger())),
              outside.objective(),
              Map.of());
      assertThatThrownBy(
              () ->
                  new ScenarioRun(
                          s,
                          ArchitectureLoader.load("water-treatment-flat"),
                          new ScenarioRun.Options(1, Speed.MAX, pki, r -> {}))
                      .run())
          .as(target)
          .isInstanceOf(OtlabException.class)
          .satisfies(
              e -> assertThat(((OtlabException) e).code()).isEqualTo("ATTACK_TARGET_OUTSIDE_LAB"))
          .hasMessageContaining(target);
    }
  }
}
