package dev.otlab.network.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.core.loopback.Loopback;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.RemoteService;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.relay.ConduitRelay;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.relay.RelayRoute;
import dev.otlab.testkit.SystemProperty;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A remote-access session through a conduit relay, for every service, in process and over kernel
 * sockets: the client gets the server's answer, and the relay's tap reports the opening with what
 * it names, the same way both ways; a conduit that denies the service refuses the session before
 * any opening is read.
 */
class RemoteSessionIT {

  private static final HostRef OFFICE = HostRef.of("office-ws", "enterprise");
  private static final HostRef JUMP = HostRef.of("jump-1", "dmz");

  private record Seen(RemoteSessionClient.Result result, List<ProtocolEvent> events) {}

  private static Seen open(RemoteService service, RuleAction action, boolean inProcess)
      throws Exception {
    return SystemProperty.with(
        Loopback.PROPERTY, Boolean.toString(inProcess), () -> openNow(service, action));
  }

  private static Seen openNow(RemoteService service, RuleAction action) {
    List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
    ConduitSpec conduit =
        new ConduitSpec(
            "ent-dmz",
            "enterprise",
            "dmz",
            List.of(
                new RuleSpec(
                    "office-remote",
                    Selector.host("office-ws"),
                    Selector.host("jump-1"),
                    service.protocol(),
                    null,
                    action,
                    null,
                    null)),
            "office to the jump host");
    try (RemoteServiceServer server = new RemoteServiceServer("jump-1", service, "127.0.0.1")) {
      server.start();
      try (ConduitRelay relay =
          new ConduitRelay(
              RelayRoute.of(
                  "ent-dmz-" + service,
                  Flow.of(OFFICE, JUMP, service.protocol()),
                  conduit,
                  server.port()),
              RelayConfig.defaults(),
              () -> 42.0,
              d -> {},
              events::add)) {
        relay.start();
        RemoteSessionClient.Result r =
            RemoteSessionClient.open(
                "127.0.0.1",
                relay.port(),
                service,
                "jdoe",
                "jump-1",
                new SplittableRandom(5),
                Duration.ofSeconds(5));
        relay.stop();
        return new Seen(r, List.copyOf(events));
      }
    }
  }

  @Test
  void everyServiceOpensThroughTheRelayAndItsTapNamesTheOpening() throws Exception {
    for (RemoteService s : RemoteService.values()) {
      Seen sockets = open(s, RuleAction.ALLOW, false);
      Seen inProcess = open(s, RuleAction.ALLOW, true);
      for (Seen seen : List.of(sockets, inProcess)) {
        assertThat(seen.result())
            .as(s.name())
            .isInstanceOf(RemoteSessionClient.Result.Answered.class);
        RemoteSessionClient.Result.Answered a = (RemoteSessionClient.Result.Answered) seen.result();
        assertThat(a.greeting()).as(s.name()).isEqualTo(RemoteWire.greeting(s));
        RemoteOpening expected =
            RemoteWire.decode(s, RemoteWire.opening(s, "jdoe", "jump-1", new SplittableRandom(5)));
        assertThat(expected.recognised()).isTrue();
        assertThat(seen.events())
            .as(s.name())
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.operation()).isEqualTo(expected.operation());
                  assertThat(e.nodeIds()).isEqualTo(expected.subjects());
                  assertThat(e.protocol()).isEqualTo(s.protocol());
                  assertThat(e.sourceHost()).isEqualTo("office-ws");
                  assertThat(e.result()).isEqualTo(ProtocolEvent.Result.OK);
                  assertThat(e.rule()).isEqualTo("office-remote");
                });
      }
      // The same record either way, connection ids included.
      assertThat(inProcess.events()).as(s.name()).isEqualTo(sockets.events());
    }
  }

  @Test
  void aDeniedServiceIsRefusedBeforeItsOpening() throws Exception {
    for (boolean inProcess : new boolean[] {false, true}) {
      Seen seen = open(RemoteService.RDP, RuleAction.DENY, inProcess);
      assertThat(seen.result()).isInstanceOf(RemoteSessionClient.Result.Refused.class);
      assertThat(seen.events())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.operation()).isEqualTo("CONNECT");
                assertThat(e.result()).isEqualTo(ProtocolEvent.Result.DENIED);
              });
    }
  }
}
