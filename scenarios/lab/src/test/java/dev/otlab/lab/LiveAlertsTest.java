package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.detection.Alert;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.ProtocolEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live judgement: what arrived up to a time is judged in the final order, each alert is told once,
 * what no sensor saw is ignored, and what arrives after its second was judged is left out.
 */
class LiveAlertsTest {

  private static LiveAlerts live() {
    return new LiveAlerts(
        DetectionLoader.load("signatures"),
        PlantLoader.load("water-treatment"),
        ArchitectureLoader.load("water-treatment-flat"));
  }

  /** A Modbus diagnostics request (FC08): the signatures raise an alert per source. */
  private static RunTrace.LabelledEvent diagnostics(String source, double time, boolean sensed) {
    ProtocolEvent e =
        new ProtocolEvent(
            time,
            "span:plant",
            source + "#" + time,
            source,
            "plc-intake",
            Protocol.MODBUS,
            "DIAGNOSTICS",
            8,
            1,
            0,
            0,
            0,
            0,
            List.of(),
            List.of(),
            ProtocolEvent.Result.OK,
            0,
            false,
            "span:plant",
            null);
    return new RunTrace.LabelledEvent(e, Label.attack("probe"), sensed);
  }

  @Test
  void judgesWhatArrivedUpToTheTimeInTimeOrderAndTellsEachAlertOnce() {
    LiveAlerts live = live();
    // Reported out of time order, as relays on several threads may.
    live.event(diagnostics("eng-ws", 12, true));
    live.event(diagnostics("ws-1", 5, true));
    live.event(diagnostics("hmi-1", 7, false));
    List<Alert> first = live.judge(10);
    assertThat(first)
        .extracting(Alert::sourceHost, Alert::time)
        .containsExactly(tuple("ws-1", 5.0));
    assertThat(live.judge(10)).isEmpty();
    assertThat(live.judgedUpTo()).isEqualTo(10);
    // Too late: its second was judged already; the final judgement still sees it.
    live.event(diagnostics("historian", 8, true));
    List<Alert> second = live.judge(20);
    assertThat(second)
        .extracting(Alert::sourceHost, Alert::time)
        .containsExactly(tuple("eng-ws", 12.0));
    assertThat(second.get(0).id()).isNotEqualTo(first.get(0).id());
    assertThat(live.truth().attribute(first.get(0), List.of())).isEqualTo("probe");
  }

  /**
   * A conduit's firewall log is judged as the final judgement judges it: three refusals of ws-1 at
   * ent-dmz raise the repeated-refusals alert, true, once its second has been judged.
   */
  @Test
  void judgesTheFirewallLogAsTheFinalJudgementDoes() {
    LiveAlerts live =
        new LiveAlerts(
            DetectionLoader.load("signatures"),
            PlantLoader.load("water-treatment"),
            ArchitectureLoader.load("water-treatment-purdue-dmz"));
    for (int i = 1; i <= 3; i++) {
      live.firewall(
          new RunTrace.LabelledRecord(
              new FirewallRecord(
                  60,
                  "ent-dmz",
                  null,
                  "ws-1>plc-intake:MODBUS@ent-dmz",
                  "ws-1>plc-intake:MODBUS@ent-dmz#" + i,
                  "ws-1",
                  "plc-intake",
                  Protocol.MODBUS,
                  502,
                  RuleAction.DENY,
                  ConduitDecision.Refusal.NO_RULE,
                  "connect"),
              Label.attack("pump-on")));
    }
    assertThat(live.judge(59)).isEmpty();
    List<Alert> alerts = live.judge(61);
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.detector()).isEqualTo("firewall");
              assertThat(a.rule()).isEqualTo("firewall-repeated-denials");
              assertThat(live.truth().attribute(a, List.of())).isEqualTo("pump-on");
            });
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
