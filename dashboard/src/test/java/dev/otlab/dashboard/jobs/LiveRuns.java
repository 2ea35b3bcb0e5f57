package dev.otlab.dashboard.jobs;

import dev.otlab.detection.Alert;
import dev.otlab.lab.Label;
import dev.otlab.lab.LiveAlerts;
import dev.otlab.lab.RunTrace;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.RelayDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run on water-treatment-purdue-dmz tells a live channel's observer, built for the tests of
 * the channel and of the views filtered from it ({@code TraineeViewTest}).
 */
public final class LiveRuns {

  private LiveRuns() {}

  /** A Modbus write of {@code source} to plc-intake at ops-control, allowed or denied (no rule). */
  public static RelayDecision decision(double t, boolean allowed, String source) {
    ConduitDecision d =
        allowed
            ? new ConduitDecision.Allowed("ops-control", "hmi-read")
            : new ConduitDecision.Denied(
                "ops-control",
                null,
                RuleAction.DENY,
                ConduitDecision.Refusal.NO_RULE,
                "no rule allows it");
    return new RelayDecision(
        t,
        "ops-control",
        "ops-control#1",
        source,
        "plc-intake",
        Protocol.MODBUS,
        502,
        RelayDecision.Scope.MESSAGE,
        "FC06",
        d);
  }

  /**
   * The alerts a run judges live (as {@code ScenarioRun} does, with the {@code signatures} profile)
   * after ent-dmz logged three refusals of ws-1's connections at t=60, caused by attack step {@code
   * step}: the repeated-refusals alert, labelled true, once its second has been judged.
   */
  public static List<RunTrace.LabelledAlert> repeatedRefusals(String step) {
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
              Label.attack(step)));
    }
    List<RunTrace.LabelledAlert> out = new ArrayList<>();
    for (Alert a : live.judge(61)) {
      out.add(new RunTrace.LabelledAlert(a, live.truth().attribute(a, List.of())));
    }
    return out;
  }
}
