package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.ResponseRules;
import dev.otlab.network.relay.ConduitRelay;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runner's commands to a gateway survive the wire whole (every rule a response writes, with its
 * protocol filters), a malformed line is a clear error before anything is applied, and a gateway
 * refuses a change to a conduit it does not enforce.
 */
class GatewayControlTest {

  private static final ArchitectureSpec ARCH =
      ArchitectureLoader.load("water-treatment-purdue-dmz-dpi");

  private static ConduitSpec conduit(String id) {
    return ARCH.conduits().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void everyRuleAResponseWritesSurvivesTheWire() {
    ConduitSpec ops = conduit("ops-control");
    List<ConduitSpec> changes =
        List.of(
            ResponseRules.readOnly(ops, "response:tighten-conduit@t=120"),
            ResponseRules.closed(ops, "response:tighten-conduit@t=121"),
            ResponseRules.isolate(ops, "eng-ws", "response:isolate-host@t=122"),
            ResponseRules.blockFlow(
                ops,
                "hmi-1",
                "plc-intake",
                dev.otlab.network.Protocol.MODBUS,
                "response:block-flow@t=123"),
            // The architecture's own, with its function codes, ranges and OPC UA services.
            ops);
    long id = 1;
    for (ConduitSpec c : changes) {
      GatewayControl.Reload r = new GatewayControl.Reload(id++, c);
      String line = GatewayControl.encode(r);
      assertThat(line).startsWith("CONTROL ").doesNotContain("\n");
      assertThat(GatewayControl.decode(line)).isEqualTo(r);
    }
    GatewayControl.Kill k =
        new GatewayControl.Kill(
            9, "ws-1", "jump-1", "response:kill-connections@t=60", "live connections killed");
    assertThat(GatewayControl.decode(GatewayControl.encode(k))).isEqualTo(k);
  }

  @Test
  void answersSurviveTheFeed() {
    GatewayControl.Ack ok =
        new GatewayControl.Applied(3, List.of("r@ops-control"), List.of("r@ops-control#2"));
    GatewayControl.Ack no = new GatewayControl.Failed(4, "this gateway enforces conduit x");
    assertThat(TapFeed.read(GatewayControl.encodeAck(ok))).isEqualTo(new TapFeed.Line.Ack(ok));
    assertThat(TapFeed.read(GatewayControl.encodeAck(no))).isEqualTo(new TapFeed.Line.Ack(no));
  }

  @Test
  void aMalformedCommandIsAClearErrorAndNothingIsApplied() {
    String good =
        GatewayControl.encode(
            new GatewayControl.Reload(
                5, ResponseRules.closed(conduit("ops-control"), "response:x")));
    String json = good.substring("CONTROL ".length());
    List<String> bad =
        List.of(
            "RELOAD " + json,
            "CONTROL " + json.substring(0, json.length() / 2),
            "CONTROL [1,2]",
            "CONTROL {\"op\":\"kill\",\"source\":\"a\",\"destination\":\"b\"}",
            "CONTROL {\"id\":6,\"op\":\"reboot\"}",
            "CONTROL {\"id\":7,\"op\":\"reload\"}",
            "CONTROL {\"id\":8,\"op\":\"kill\",\"source\":\"ws-1\",\"rule\":\"r\",\"reason\":\"x\"}",
            // A rule whose action is not one.
            good.replace("\"DENY\"", "\"EXPLODE\""),
            // A conduit joining a zone to itself.
            good.replace("\"zoneB\":\"control\"", "\"zoneB\":\"operations\""));
    for (String line : bad) {
      assertThatThrownBy(() -> GatewayControl.decode(line))
          .as(line)
          .isInstanceOf(OtlabException.class)
          .hasMessageContaining("malformed")
          .hasMessageContaining("nothing was applied")
          .extracting(e -> ((OtlabException) e).code())
          .isEqualTo("GATEWAY_CONTROL_MALFORMED");
    }
  }

  @Test
  void aGatewayRefusesAChangeToAConduitItDoesNotEnforce() {
    ContainerPlan plan = new ContainerPlan(ARCH);
    var entry = plan.relays("ops-control").get(0);
    ContainerPlan.Hop hop = entry.getValue();
    ConduitRelay relay =
        new ConduitRelay(
            new dev.otlab.network.relay.RelayRoute(
                entry.getKey().key() + "@ops-control",
                entry.getKey().flow(),
                List.of(hop.conduit()),
                hop.nextHost(),
                hop.nextPort()),
            dev.otlab.network.relay.RelayConfig.defaults(),
            () -> 0,
            dev.otlab.network.relay.DecisionListener.NONE,
            dev.otlab.network.relay.TapListener.NONE);
    GatewayControl.Ack other =
        GatewayControl.apply(
            new GatewayControl.Reload(1, ResponseRules.closed(conduit("dmz-ops"), "response:x")),
            "ops-control",
            List.of(relay));
    assertThat(other)
        .isEqualTo(
            new GatewayControl.Failed(1, "this gateway enforces conduit ops-control, not dmz-ops"));
    GatewayControl.Ack applied =
        GatewayControl.apply(
            new GatewayControl.Reload(
                2, ResponseRules.closed(conduit("ops-control"), "response:y")),
            "ops-control",
            List.of(relay));
    assertThat(applied)
        .isEqualTo(new GatewayControl.Applied(2, List.of(relay.route().id()), List.of()));
  }
}
