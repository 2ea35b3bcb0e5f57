package dev.otlab.network.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.core.loopback.Loopback;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
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

  /** Each service where a host's posture puts it by default; a vendor's service on 4444. */
  private static Posture.Listener listener(RemoteService s) {
    return s == RemoteService.VENDOR
        ? new Posture.Listener(s, 4444, "historian-sync")
        : Posture.Listener.of(s);
  }

  private static Seen open(RemoteService service, RuleAction action, boolean inProcess)
      throws Exception {
    RuleSpec rule =
        new RuleSpec(
            "office-remote",
            Selector.host("office-ws"),
            Selector.host("jump-1"),
            service.protocol(),
            null,
            action,
            null,
            null);
    return open(listener(service), rule, inProcess);
  }

  private static Seen open(Posture.Listener listener, RuleSpec rule, boolean inProcess)
      throws Exception {
    return SystemProperty.with(
        Loopback.PROPERTY, Boolean.toString(inProcess), () -> openNow(listener, rule));
  }

  private static Seen openNow(Posture.Listener listener, RuleSpec rule) {
    RemoteService service = listener.service();
    List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
    ConduitSpec conduit =
        new ConduitSpec("ent-dmz", "enterprise", "dmz", List.of(rule), "office to the jump host");
    try (RemoteServiceServer server = new RemoteServiceServer("jump-1", listener, "127.0.0.1", 0)) {
      server.start();
      try (ConduitRelay relay =
          new ConduitRelay(
              RelayRoute.of(
                  "ent-dmz-" + service,
                  new Flow(OFFICE, JUMP, service.protocol(), listener.port()),
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
        if (s == RemoteService.VENDOR) {
          // Nothing in a vendor's hello names it: the tap says where it listens.
          List<String> subjects = new java.util.ArrayList<>(expected.subjects());
          subjects.add("port=4444");
          expected = new RemoteOpening(expected.operation(), subjects);
        }
        RemoteOpening want = expected;
        if (s == RemoteService.RDP) {
          // RDP's security layer: after the X.224 exchange the client starts TLS on the same
          // connection, naming the server; the server's ServerHello answers it, and the tap
          // reports the hello as the session's second event.
          assertThat(a.tls()[0]).isEqualTo((byte) 22);
          assertThat(a.tls()[5]).as("ServerHello").isEqualTo((byte) 2);
          assertThat(seen.events()).hasSize(2);
          assertThat(seen.events().get(1))
              .satisfies(
                  e -> {
                    assertThat(e.operation()).isEqualTo("TLS_CLIENT_HELLO");
                    assertThat(e.nodeIds()).containsExactly("sni=jump-1", "version=TLS1.3");
                    assertThat(e.protocol()).isEqualTo(Protocol.RDP);
                    assertThat(e.result()).isEqualTo(ProtocolEvent.Result.OK);
                    assertThat(e.connection()).isEqualTo(seen.events().get(0).connection());
                  });
        } else {
          assertThat(a.tls()).as(s.name()).isEmpty();
        }
        assertThat(seen.events().subList(0, 1))
            .as(s.name())
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.operation()).isEqualTo(want.operation());
                  assertThat(e.nodeIds()).isEqualTo(want.subjects());
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

  /**
   * SSH moved to 2222: a rule for SSH on its well-known port does not let it through, a rule for
   * any protocol on 2222 does, and the tap still reads SSH there.
   */
  @Test
  void aServiceOnAnotherPortIsJudgedOnThatPort() throws Exception {
    Posture.Listener ssh = new Posture.Listener(RemoteService.SSH, 2222, "ssh");
    RuleSpec sshOn22 =
        new RuleSpec(
            "ssh-22",
            Selector.host("office-ws"),
            Selector.host("jump-1"),
            Protocol.SSH,
            null,
            RuleAction.ALLOW,
            null,
            null);
    RuleSpec anyOn2222 =
        new RuleSpec(
            "any-2222",
            Selector.host("office-ws"),
            Selector.host("jump-1"),
            Protocol.ANY,
            2222,
            RuleAction.ALLOW,
            null,
            null);
    for (boolean inProcess : new boolean[] {false, true}) {
      Seen refused = open(ssh, sshOn22, inProcess);
      assertThat(refused.result()).isInstanceOf(RemoteSessionClient.Result.Refused.class);
      assertThat(refused.events())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.operation()).isEqualTo("CONNECT");
                assertThat(e.result()).isEqualTo(ProtocolEvent.Result.DENIED);
                assertThat(e.rule()).isNull();
              });
      Seen allowed = open(ssh, anyOn2222, inProcess);
      assertThat(allowed.result()).isInstanceOf(RemoteSessionClient.Result.Answered.class);
      assertThat(allowed.events())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.operation()).isEqualTo("SSH_BANNER");
                assertThat(e.rule()).isEqualTo("any-2222");
              });
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
