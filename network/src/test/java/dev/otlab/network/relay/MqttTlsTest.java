package dev.otlab.network.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.Posture;
import dev.otlab.network.Posture.BrokerListener;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.network.remote.LabTls;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * MQTT over TLS: how a broker's listeners are specified, what rules can say about them, and what a
 * relay reads of a TLS session (its ClientHello, nothing of the MQTT inside).
 */
class MqttTlsTest {

  private static final HostRef GATEWAY = HostRef.of("iiot-gw", "operations");
  private static final HostRef BROKER = HostRef.of("iiot-broker", "iiot-dmz");
  private static final Flow TLS_FLOW = new Flow(GATEWAY, BROKER, Protocol.MQTTS, 8883);

  private final List<ProtocolEvent> events = new ArrayList<>();
  private final List<RelayDecision> decisions = new ArrayList<>();

  @Test
  void brokerListenersAreValidatedOnConstruction() {
    assertThat(BrokerListener.of(Protocol.MQTTS))
        .isEqualTo(new BrokerListener(Protocol.MQTTS, 8883));
    assertThat(BrokerListener.of(Protocol.MQTTS).tls()).isTrue();
    assertThat(BrokerListener.of(Protocol.MQTT).tls()).isFalse();
    assertThatThrownBy(() -> new BrokerListener(Protocol.HTTPS, 443))
        .hasMessage("a broker listens for mqtt or mqtts, not https");
    assertThatThrownBy(() -> new BrokerListener(Protocol.MQTTS, 0))
        .hasMessage("mqtts: port 0 is not 1..65535");
    // Any port, but one service a port.
    Posture both =
        Posture.DEFAULT.withBrokerListeners(
            List.of(BrokerListener.of(Protocol.MQTT), new BrokerListener(Protocol.MQTTS, 9883)));
    assertThat(both.brokerListeners()).extracting(BrokerListener::port).containsExactly(1883, 9883);
    assertThatThrownBy(
            () ->
                new Posture(
                    List.of(new Posture.Listener(RemoteService.HTTPS, 8883, "https")),
                    Credentials.STRONG,
                    Set.of(),
                    false,
                    List.of(BrokerListener.of(Protocol.MQTTS))))
        .hasMessage("two services listen on port 8883");

    // A broker's default is MQTT in clear on 1883; the lab's clients use the first listed.
    HostSpec plain =
        new HostSpec("b", List.of("iiot-dmz"), HostRole.MQTT_BROKER, null, Posture.DEFAULT, "");
    assertThat(plain.brokerListeners()).containsExactly(BrokerListener.of(Protocol.MQTT));
    Posture tlsFirst =
        Posture.DEFAULT.withBrokerListeners(
            List.of(BrokerListener.of(Protocol.MQTTS), BrokerListener.of(Protocol.MQTT)));
    HostSpec secure =
        new HostSpec("b", List.of("iiot-dmz"), HostRole.MQTT_BROKER, null, tlsFirst, "");
    assertThat(secure.clientBrokerListener()).contains(BrokerListener.of(Protocol.MQTTS));
    assertThatThrownBy(
            () -> new HostSpec("h", List.of("ops"), HostRole.HMI, null, tlsFirst, "", null))
        .hasMessage("h: only an mqtt-broker host has broker listeners");
    assertThat(
            new HostSpec("h", List.of("ops"), HostRole.HMI, null, Posture.DEFAULT, "")
                .brokerListeners())
        .isEmpty();
  }

  @Test
  void rulesOnMqttsDecideConnectionsAndNameNoTopics() {
    assertThatThrownBy(
            () ->
                new RuleSpec(
                    "r",
                    Selector.ANY,
                    Selector.ANY,
                    Protocol.MQTTS,
                    null,
                    RuleAction.ALLOW,
                    null,
                    null,
                    new MqttFilter(List.of("wt/#"), MqttDirection.PUBLISH)))
        .hasMessage("r: MQTT limits on a MQTTS rule");
    // A topic rule is MQTT in clear: it does not open the TLS listener, which default deny keeps
    // closed until a rule names mqtts (or its port).
    RuleSpec topics =
        new RuleSpec(
            "topics",
            Selector.ANY,
            Selector.ANY,
            Protocol.MQTT,
            null,
            RuleAction.ALLOW,
            null,
            null,
            new MqttFilter(List.of("wt/#"), MqttDirection.ANY));
    assertThat(Policy.connection(conduits(topics), TLS_FLOW).allowed()).isFalse();
    assertThat(Policy.connection(conduits(topics, mqtts()), TLS_FLOW))
        .isEqualTo(new ConduitDecision.Allowed("ops-iiot", "tls"));
    RuleSpec anyOn8883 =
        new RuleSpec(
            "port", Selector.ANY, Selector.ANY, Protocol.ANY, 8883, RuleAction.ALLOW, null, null);
    assertThat(Policy.connection(conduits(anyOn8883), TLS_FLOW).allowed()).isTrue();
    // What the analysis enumerates of an mqtts route: its connection, nothing inside.
    assertThat(OperationSpace.of(Protocol.MQTTS, conduits(topics, mqtts())).operations())
        .containsExactly(new Operation.Connect());
  }

  @Test
  void aRelayReadsTheClientHelloAndNothingOfTheMqttInside() throws Exception {
    RemoteServiceInspector inspector =
        RemoteServiceInspector.overTls(
            new ConnectionContext(
                "relay-1",
                "relay-1#1",
                TLS_FLOW,
                new ConduitMatcher(conduits(mqtts())),
                () -> 7.0,
                decisions::add,
                events::add));
    SSLEngine client = LabTls.trustingClient().createSSLEngine("iiot-broker", 8883);
    client.setUseClientMode(true);
    SSLParameters p = client.getSSLParameters();
    p.setServerNames(List.of(new SNIHostName("iiot-broker")));
    p.setApplicationProtocols(new String[] {"mqtt"});
    client.setSSLParameters(p);
    SSLEngine server = serverEngine();
    ByteArrayOutputStream toServer = new ByteArrayOutputStream();
    ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    handshake(client, server, toServer, toClient);
    // After the handshake the client sends a CONNECT and a PUBLISH, encrypted.
    byte[] mqtt =
        concat(
            MqttMessage.connect("iiot-gw", "iiot-gw", null, 4),
            MqttMessage.publish("wt/plc-dosing/ph/set", 1, 7, "{\"value\":7.2}".getBytes(), 4));
    ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
    client.wrap(ByteBuffer.wrap(mqtt), out);
    toServer.write(out.array(), 0, out.position());

    List<Verdict> verdicts = new ArrayList<>();
    byte[] fromClient = toServer.toByteArray();
    // Delivered in awkward pieces, as TCP may.
    for (int at = 0; at < fromClient.length; at += 37) {
      inspector.clientFramer().feed(fromClient, at, Math.min(37, fromClient.length - at));
      StreamFramer.Next n;
      while ((n = inspector.clientFramer().next()) instanceof StreamFramer.Next.Frame f) {
        verdicts.add(inspector.fromClient(f.bytes()));
      }
      assertThat(n).isInstanceOf(StreamFramer.Next.NeedMore.class);
    }
    inspector.serverFramer().feed(toClient.toByteArray());
    if (inspector.serverFramer().next() instanceof StreamFramer.Next.Frame f) {
      verdicts.add(inspector.fromServer(f.bytes()));
    }
    inspector.closed();

    assertThat(verdicts).isNotEmpty().allMatch(v -> v instanceof Verdict.Forward);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.operation()).isEqualTo("TLS_CLIENT_HELLO");
              assertThat(e.nodeIds())
                  .containsExactly("sni=iiot-broker", "alpn=mqtt", "version=TLS1.3");
              assertThat(e.protocol()).isEqualTo(Protocol.MQTTS);
              assertThat(e.result()).isEqualTo(Result.OK);
              assertThat(e.write()).isFalse();
              assertThat(e.conduit()).isEqualTo("ops-iiot");
              assertThat(e.rule()).isEqualTo("tls");
            });
    // Nothing inside was judged: no message decision, no topic anywhere.
    assertThat(decisions).isEmpty();
    assertThat(events).noneMatch(e -> e.nodeIds().stream().anyMatch(s -> s.startsWith("topic=")));
  }

  private static RuleSpec mqtts() {
    return new RuleSpec(
        "tls",
        Selector.host("iiot-gw"),
        Selector.host("iiot-broker"),
        Protocol.MQTTS,
        null,
        RuleAction.ALLOW,
        null,
        null);
  }

  private static List<ConduitSpec> conduits(RuleSpec... rules) {
    return List.of(new ConduitSpec("ops-iiot", "operations", "iiot-dmz", List.of(rules), "test"));
  }

  private static SSLEngine serverEngine() throws Exception {
    javax.net.ssl.SSLContext c = javax.net.ssl.SSLContext.getInstance("TLS");
    c.init(LabTls.serverKeys().getKeyManagers(), null, null);
    SSLEngine e = c.createSSLEngine();
    e.setUseClientMode(false);
    return e;
  }

  /** Runs both engines until the handshake is done, recording each side's bytes on the wire. */
  private static void handshake(
      SSLEngine client,
      SSLEngine server,
      ByteArrayOutputStream toServer,
      ByteArrayOutputStream toClient)
      throws Exception {
    client.beginHandshake();
    server.beginHandshake();
    ByteBuffer c2s = ByteBuffer.allocate(1 << 16);
    ByteBuffer s2c = ByteBuffer.allocate(1 << 16);
    ByteBuffer app = ByteBuffer.allocate(1 << 16);
    ByteBuffer empty = ByteBuffer.allocate(0);
    for (int i = 0; i < 100 && !(done(client) && done(server)); i++) {
      step(client, empty, c2s, s2c, app, toServer);
      step(server, empty, s2c, c2s, app, toClient);
    }
    assertThat(done(client) && done(server)).as("handshake finished").isTrue();
  }

  private static void step(
      SSLEngine e,
      ByteBuffer empty,
      ByteBuffer out,
      ByteBuffer in,
      ByteBuffer app,
      ByteArrayOutputStream wire)
      throws Exception {
    HandshakeStatus s = e.getHandshakeStatus();
    if (s == HandshakeStatus.NEED_WRAP) {
      int before = out.position();
      e.wrap(empty, out);
      wire.write(out.array(), before, out.position() - before);
    } else if (s == HandshakeStatus.NEED_UNWRAP) {
      in.flip();
      e.unwrap(in, app);
      in.compact();
    }
    Runnable task;
    while ((task = e.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private static boolean done(SSLEngine e) {
    HandshakeStatus s = e.getHandshakeStatus();
    return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
