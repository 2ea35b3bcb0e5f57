package dev.otlab.detection;

import static dev.otlab.detection.Fixtures.architecture;
import static dev.otlab.detection.Fixtures.read;
import static dev.otlab.detection.Fixtures.water;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionProfile.BaselineSettings;
import dev.otlab.detection.FirewallKind.Rule;
import dev.otlab.detection.FirewallKind.Verdict;
import dev.otlab.network.ConduitLog;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.ConduitDecision.Refusal;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.network.relay.RelayDecision.Scope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The firewall rules and the baseline over conduits' log lines. */
class FirewallDetectorTest {

  static final Rule REPEATED =
      new Rule(
          "firewall-repeated-denials",
          AlertSeverity.MEDIUM,
          List.of("T0846"),
          "Repeated refusals",
          Verdict.DENIED,
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of(),
          3,
          60);

  static final Rule REMOTE_INTO_OT =
      new Rule(
          "remote-into-ot",
          AlertSeverity.HIGH,
          List.of("T0886"),
          "Remote session",
          Verdict.ANY,
          Set.of(Protocol.RDP),
          Set.of(3389),
          Set.of("ent-dmz"),
          Set.of(Rule.DEFAULT_DENY),
          Set.of("workstation"),
          Set.of("engineering-ws"),
          Set.of(),
          1,
          0);

  static DetectionEngine engine(List<Rule> rules, @Nullable BaselineSettings baseline) {
    Map<String, Object> settings = new TreeMap<>();
    if (!rules.isEmpty()) {
      settings.put(FirewallKind.NAME, new FirewallKind.Rules(rules));
    }
    if (baseline != null) {
      settings.put(BaselineKind.NAME, baseline);
    }
    return new DetectionEngine(
        new DetectionProfile("test", "test", 60, 10, settings), water(), architecture(), null);
  }

  static RelayDecision decision(
      double time, String from, String to, Protocol p, int port, Scope scope, ConduitDecision d) {
    return new RelayDecision(
        time, "relay", from + ">" + to + "#" + time, from, to, p, port, scope, "connect", d);
  }

  static FirewallRecord denied(double time, String from, String to, Protocol p, int port) {
    return FirewallRecord.of(
            decision(
                time,
                from,
                to,
                p,
                port,
                Scope.CONNECTION,
                new ConduitDecision.Denied(
                    "ent-dmz", null, RuleAction.DENY, Refusal.NO_RULE, "default deny")),
            ConduitLog.DENIALS)
        .orElseThrow();
  }

  static FirewallRecord session(double time, String from, String to, Protocol p) {
    return FirewallRecord.of(
            decision(
                time,
                from,
                to,
                p,
                p.port(),
                Scope.CONNECTION,
                new ConduitDecision.Allowed("ent-dmz", "r1")),
            ConduitLog.DECISIONS)
        .orElseThrow();
  }

  @Test
  void aConduitLogsWhatItsLevelSays() {
    ConduitDecision refused =
        new ConduitDecision.Denied("c", "r2", RuleAction.REJECT, Refusal.FUNCTION, "why");
    ConduitDecision allowed = new ConduitDecision.Allowed("c", "r1");
    RelayDecision refusedMessage =
        decision(1, "a", "b", Protocol.MODBUS, 502, Scope.MESSAGE, refused);
    RelayDecision allowedConnection =
        decision(1, "a", "b", Protocol.MODBUS, 502, Scope.CONNECTION, allowed);
    RelayDecision allowedMessage =
        decision(1, "a", "b", Protocol.MODBUS, 502, Scope.MESSAGE, allowed);
    for (RelayDecision d : List.of(refusedMessage, allowedConnection, allowedMessage)) {
      assertThat(FirewallRecord.of(d, ConduitLog.NONE)).isEmpty();
    }
    assertThat(FirewallRecord.of(refusedMessage, ConduitLog.DENIALS))
        .hasValueSatisfying(
            r -> {
              assertThat(r.denied()).isTrue();
              assertThat(r.action()).isEqualTo(RuleAction.REJECT);
              assertThat(r.refusal()).isEqualTo(Refusal.FUNCTION);
              assertThat(r.rule()).isEqualTo("r2");
              assertThat(r.port()).isEqualTo(502);
            });
    assertThat(FirewallRecord.of(allowedConnection, ConduitLog.DENIALS)).isEmpty();
    assertThat(FirewallRecord.of(refusedMessage, ConduitLog.DECISIONS)).isPresent();
    assertThat(FirewallRecord.of(allowedConnection, ConduitLog.DECISIONS))
        .hasValueSatisfying(r -> assertThat(r.action()).isEqualTo(RuleAction.ALLOW));
    // A firewall logs sessions, not each request it passes.
    assertThat(FirewallRecord.of(allowedMessage, ConduitLog.DECISIONS)).isEmpty();
  }

  @Test
  void repeatedRefusalsFromOneSourceRaiseOneAlertOnTheThird() {
    DetectionEngine e = engine(List.of(REPEATED), null);
    e.accept(denied(1, "ws-1", "plc-intake", Protocol.MODBUS, 502));
    e.accept(denied(2, "hmi-1", "plc-intake", Protocol.MODBUS, 502));
    e.accept(denied(3, "ws-1", "eng-ws", Protocol.RDP, 3389));
    assertThat(e.alerts()).isEmpty();
    // Outside the window of the first refusal: still two in 60 s.
    e.accept(denied(62, "ws-1", "plc-treatment", Protocol.MODBUS, 502));
    assertThat(e.alerts()).isEmpty();
    e.accept(denied(63, "ws-1", "plc-treatment", Protocol.MODBUS, 502));
    e.accept(session(64, "ws-1", "plc-treatment", Protocol.MODBUS));
    assertThat(e.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.detector()).isEqualTo("firewall");
              assertThat(a.rule()).isEqualTo("firewall-repeated-denials");
              assertThat(a.sourceHost()).isEqualTo("ws-1");
              assertThat(a.destinationHost()).isNull();
              assertThat(a.techniques()).containsExactly("T0846");
              assertThat(a.summary()).contains("3 refusals within 60 s from ws-1");
              assertThat(a.evidence())
                  .singleElement()
                  .satisfies(
                      ev -> {
                        assertThat(ev.kind()).isEqualTo("firewall");
                        assertThat(ev.connection()).isEqualTo("ws-1>plc-treatment#63.0");
                        assertThat(ev.description())
                            .isEqualTo(
                                "DENY modbus ws-1 -> plc-treatment:502 connect at ent-dmz"
                                    + " (default deny, no-rule)");
                      });
            });
  }

  @Test
  void aRuleMatchesProtocolPortConduitDecidingRuleAndRoles() {
    DetectionEngine e = engine(List.of(REMOTE_INTO_OT), null);
    // Each differs from a match in one thing: protocol, port, source role, destination role.
    e.accept(denied(1, "ws-1", "eng-ws", Protocol.SSH, 22));
    e.accept(denied(2, "ws-1", "eng-ws", Protocol.RDP, 3390));
    e.accept(denied(3, "hmi-1", "eng-ws", Protocol.RDP, 3389));
    e.accept(denied(4, "ws-1", "historian", Protocol.RDP, 3389));
    // Allowed by rule r1, not by the default deny the rule names.
    e.accept(session(5, "ws-1", "eng-ws", Protocol.RDP));
    assertThat(e.alerts()).isEmpty();
    e.accept(denied(6, "ws-1", "eng-ws", Protocol.RDP, 3389));
    assertThat(e.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("remote-into-ot");
              assertThat(a.destinationHost()).isEqualTo("eng-ws");
              assertThat(a.summary())
                  .isEqualTo("Remote session: refused rdp from ws-1 to eng-ws:3389 at ent-dmz");
            });
  }

  @Test
  void theBaselineLearnsLoggedSessionsAndFlagsANewOneButNoRefusal() {
    DetectionEngine e =
        engine(
            List.of(), new BaselineSettings(55, List.of("hmi>plc modbus 3"), AlertSeverity.HIGH));
    e.accept(session(10, "ws-1", "historian", Protocol.HTTP));
    e.accept(read(20, "hmi-1", "plc-intake", 3, 0, List.of(1.0)));
    e.accept(session(70, "ws-1", "historian", Protocol.HTTP));
    e.accept(denied(71, "ws-1", "eng-ws", Protocol.RDP, 3389));
    // Learned from the tap: a known flow, though no log line named it in training.
    e.accept(session(72, "hmi-1", "plc-intake", Protocol.MODBUS));
    // Documented by the allow list.
    e.accept(session(73, "hmi-1", "plc-treatment", Protocol.MODBUS));
    assertThat(e.alerts()).isEmpty();
    e.accept(session(80, "ws-1", "eng-ws", Protocol.RDP));
    assertThat(e.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.detector()).isEqualTo("baseline");
              assertThat(a.rule()).isEqualTo("baseline-new-flow");
              assertThat(a.techniques()).containsExactly("T0886");
              assertThat(a.summary())
                  .isEqualTo("new flow ws-1>eng-ws RDP (session logged by ent-dmz)");
            });
    assertThat(e.baseline().flows()).contains("ws-1>historian HTTP");
  }

  @Test
  void rulesAreCheckedOnConstruction() {
    assertThatThrownBy(
            () ->
                new Rule(
                    "x",
                    AlertSeverity.LOW,
                    List.of(),
                    "x",
                    Verdict.ANY,
                    Set.of(Protocol.ANY),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    1,
                    0))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("concrete protocol");
    assertThatThrownBy(
            () ->
                new Rule(
                    "x",
                    AlertSeverity.LOW,
                    List.of(),
                    "x",
                    Verdict.ANY,
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    3,
                    0))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("positive window");
    assertThatThrownBy(() -> new FirewallKind.Rules(List.of(REPEATED, REPEATED)))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("used twice");
  }
}
