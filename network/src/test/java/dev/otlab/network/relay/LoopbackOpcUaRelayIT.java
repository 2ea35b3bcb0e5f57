package dev.otlab.network.relay;

import static dev.otlab.network.relay.Rules.HMI;
import static dev.otlab.network.relay.Rules.PLC;
import static dev.otlab.network.relay.Rules.conduit;
import static dev.otlab.network.relay.Rules.opcua;
import static dev.otlab.network.relay.Rules.rule;
import static dev.otlab.network.relay.Rules.services;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.core.OtlabException;
import dev.otlab.core.loopback.Loopback;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.Selector;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.opcua.OpcUaServerSettings;
import dev.otlab.simulator.opcua.PlcOpcUaServer;
import dev.otlab.testkit.SystemProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OPC UA through relays, in process and over kernel sockets, compared: a lab client's session must
 * see the same answers and the same first failure, and each relay must record the same decisions
 * and events on each connection, under a read-only rule (the write is refused), an open rule, and
 * SignAndEncrypt (the relay sees only the mode), on one hop and on a chain of two.
 *
 * <p>Records are compared per connection: over sockets, Milo's own transport reconnects in the
 * background after a relay closes its connection, at a wall-clock moment of its own, while the
 * in-process transport leaves reconnecting to its owner (as the lab's clients do, by opening a new
 * session). So only the connections both ways opened are compared: GetEndpoints and the session.
 */
class LoopbackOpcUaRelayIT {

  private static final Flow FLOW = Flow.of(HMI, PLC, Protocol.OPCUA);

  @TempDir static Path pki;

  private record Observed(
      List<String> client,
      Map<String, Map<String, List<RelayDecision>>> decisions,
      Map<String, Map<String, List<ProtocolEvent>>> events) {}

  private static Observed play(boolean inProcess, List<ConduitSpec> chain, OpcUaSecurityMode mode)
      throws Exception {
    return SystemProperty.with(
        Loopback.PROPERTY, Boolean.toString(inProcess), () -> playNow(chain, mode));
  }

  private static Observed playNow(List<ConduitSpec> chain, OpcUaSecurityMode mode)
      throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    List<RelayDecision> decisions = new CopyOnWriteArrayList<>();
    List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
    List<String> seen = new ArrayList<>();
    try {
      PlcOpcUaServer server =
          new PlcOpcUaServer(
              RelayFixtures.image(),
              OpcUaServerSettings.defaults()
                  .withSecurityModes(new LinkedHashSet<>(List.of(OpcUaSecurityMode.NONE, mode)))
                  .withPkiDir(pki.resolve("server")));
      open.add(server);
      server.start();
      int next = LoopbackRelayIT.chain(chain, FLOW, server.port(), open, decisions, events);
      String url = "opc.tcp://127.0.0.1:" + next + "/otlab";
      try (OpcUaClientSession s =
          OpcUaClientSession.connect(
              OpcUaClientSession.Options.of(url, ClientIdentity.anonymous(), pki.resolve("client"))
                  .withSecurityMode(mode)
                  .withTimeout(Duration.ofSeconds(5)))) {
        seen.add("connected " + s.endpoint().getSecurityMode());
        List<Call> calls =
            List.of(
                () -> reading(s.readTag(RelayFixtures.PLC_ID, "level")),
                () -> "write " + s.writeTag(RelayFixtures.PLC_ID, "speed", 50.0),
                () -> reading(s.readTag(RelayFixtures.PLC_ID, "speed")));
        for (Call c : calls) {
          try {
            seen.add(c.call());
          } catch (OtlabException e) {
            seen.add(failure(e));
            break;
          }
        }
      } catch (OtlabException e) {
        seen.add(failure(e));
      }
      LoopbackRelayIT.closeAll(open);
      return new Observed(
          seen,
          byConnection(decisions, RelayDecision::relay, RelayDecision::connection),
          byConnection(events, ProtocolEvent::relay, ProtocolEvent::connection));
    } finally {
      LoopbackRelayIT.closeAll(open);
    }
  }

  private interface Call {
    String call();
  }

  private static String reading(OpcUaClientSession.TagReading r) {
    return "read " + r.value() + " " + r.status();
  }

  /** A failure as the client saw it: the OPC UA status, not the message (it names the port). */
  private static String failure(OtlabException e) {
    return e.code()
        + " "
        + OpcUaClientSession.statusOf(e).map(Object::toString).orElse("(no status)");
  }

  /** Each relay's records per connection, in order; only the GetEndpoints and session ones. */
  private static <T> Map<String, Map<String, List<T>>> byConnection(
      List<T> records, Function<T, String> relay, Function<T, String> connection) {
    Map<String, Map<String, List<T>>> out = new TreeMap<>();
    for (T r : records) {
      String c = connection.apply(r);
      if (c.endsWith("#1") || c.endsWith("#2")) {
        out.computeIfAbsent(relay.apply(r), k -> new TreeMap<>())
            .computeIfAbsent(c, k -> new ArrayList<>())
            .add(r);
      }
    }
    return out;
  }

  private static void sameBothWays(List<ConduitSpec> chain, OpcUaSecurityMode mode)
      throws Exception {
    Observed sockets = play(false, chain, mode);
    Observed inProcess = play(true, chain, mode);
    assertThat(inProcess.client()).isEqualTo(sockets.client()).isNotEmpty();
    assertThat(inProcess.decisions()).isEqualTo(sockets.decisions()).isNotEmpty();
    assertThat(inProcess.events()).isEqualTo(sockets.events());
  }

  private static ConduitSpec readOnly() {
    return conduit(
        "ops-ctl",
        opcua(
            "hmi-reads",
            Selector.host("hmi-1"),
            Selector.zone("control"),
            RuleAction.ALLOW,
            services(OpcUaMode.NONE, OpcUaService.BROWSE, OpcUaService.READ)));
  }

  private static ConduitSpec open(String id) {
    return conduit(
        id, rule("all-ua", Selector.ANY, Selector.ANY, Protocol.OPCUA, RuleAction.ALLOW));
  }

  @Test
  void aReadOnlyRuleRefusesTheWriteTheSameWay() throws Exception {
    Observed refused = play(true, List.of(readOnly()), OpcUaSecurityMode.NONE);
    assertThat(refused.client())
        .containsExactly(
            "connected None",
            "read 4.25 " + StatusCode.GOOD,
            "OPCUA_REQUEST_FAILED " + new StatusCode(StatusCodes.Bad_UserAccessDenied));
    assertThat(refused.events().get("hop0").get("hop0#2"))
        .last()
        .satisfies(
            e -> {
              assertThat(e.operation()).isEqualTo("WriteRequest");
              assertThat(e.result()).isEqualTo(ProtocolEvent.Result.DENIED);
            });
    sameBothWays(List.of(readOnly()), OpcUaSecurityMode.NONE);
  }

  @Test
  void anOpenConduitAndAnEncryptedChannelPassTheSameWay() throws Exception {
    Observed plain = play(true, List.of(open("ops-ctl")), OpcUaSecurityMode.NONE);
    assertThat(plain.client())
        .containsExactly(
            "connected None",
            "read 4.25 " + StatusCode.GOOD,
            "write " + StatusCode.GOOD,
            "read 50.0 " + StatusCode.GOOD);
    sameBothWays(List.of(open("ops-ctl")), OpcUaSecurityMode.NONE);
    sameBothWays(List.of(open("ops-ctl")), OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT);
  }

  @Test
  void aChainOfTwoConduitsJudgesTheSameWay() throws Exception {
    sameBothWays(List.of(open("dmz"), readOnly()), OpcUaSecurityMode.NONE);
    sameBothWays(
        List.of(open("dmz"), open("ops-ctl")), OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT);
  }
}
