package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.RelayDecision;
import org.junit.jupiter.api.Test;

class TapFeedTest {

  private static RelayDecision decision(ConduitDecision d) {
    return new RelayDecision(
        12.5,
        "hmi-1>plc-intake:MODBUS@ops-control",
        "c#3",
        "hmi-1",
        "plc-intake",
        Protocol.MODBUS,
        502,
        RelayDecision.Scope.MESSAGE,
        "FC05 WRITE_SINGLE_COIL 1+1",
        d);
  }

  @Test
  void decisionsSurviveTheWireAllowedAndDenied() {
    RelayDecision denied =
        decision(
            new ConduitDecision.Denied(
                "ops-control",
                "others-modbus",
                RuleAction.REJECT,
                ConduitDecision.Refusal.FUNCTION,
                "function code 5 is not allowed"));
    RelayDecision allowed = decision(new ConduitDecision.Allowed("ops-control", "hmi-intake"));
    assertThat(TapFeed.read(TapFeed.encodeDecision(denied)))
        .isEqualTo(new TapFeed.Line.Decision(denied));
    assertThat(TapFeed.read(TapFeed.encodeDecision(allowed)))
        .isEqualTo(new TapFeed.Line.Decision(allowed));
  }

  @Test
  void syncAnswersAreReadAndAnythingElseIsAClearError() {
    assertThat(TapFeed.read("{\"sync\":7}")).isEqualTo(new TapFeed.Line.Sync(7));
    assertThatThrownBy(() -> TapFeed.read("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> TapFeed.read("{\"decision\":{\"allowed\":false}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a relay decision");
  }
}
