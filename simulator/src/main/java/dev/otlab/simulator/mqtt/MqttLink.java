package dev.otlab.simulator.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;

/**
 * One MQTT 3.1.1 client connection (Eclipse Paho), for the lab's gateway, cloud applications and
 * attack techniques: a clean session, no automatic reconnect (a connection a conduit closed stays
 * closed, and the caller sees it at its next call), nothing persisted. Connecting, subscribing and
 * publishing at QoS 1 or 2 wait, bounded, for the broker's answer; a QoS 0 publish is handed to
 * Paho's sender and not waited for, as there is no answer to wait for: waiting until Paho's thread
 * has written it cost about a millisecond a message on the lab's clock thread, which a gateway
 * publishing every tag of every PLC cannot afford. Messages of a subscription arrive on Paho's
 * thread.
 *
 * <p>Over TLS ({@link Tls}) the connection is a TLS session with SNI naming the broker's host and
 * ALPN {@code mqtt}, and the broker's certificate must be one the given context trusts.
 */
public final class MqttLink implements AutoCloseable {

  private final MqttAsyncClient client;
  private final String clientId;
  private final long waitMillis;

  private MqttLink(MqttAsyncClient client, String clientId, long waitMillis) {
    this.client = client;
    this.clientId = clientId;
    this.waitMillis = waitMillis;
  }

  /**
   * How a link speaks TLS to its broker.
   *
   * @param context the client context: whose certificates it trusts
   * @param serverName the broker's name, sent as SNI (the architecture's host id)
   */
  public record Tls(SSLContext context, String serverName) {
    public Tls {
      Objects.requireNonNull(context, "context");
      // Refused here rather than in the handshake: SNI carries a DNS name, never an address.
      if (serverName.matches("[0-9.]+|.*:.*")) {
        throw new IllegalArgumentException("SNI names a host, not an address: " + serverName);
      }
      new SNIHostName(serverName);
    }
  }

  /** Connects in clear. */
  public static MqttLink connect(
      String address,
      int port,
      String clientId,
      @Nullable String user,
      char @Nullable [] password,
      Duration timeout)
      throws IOException {
    return connect(address, port, clientId, user, password, timeout, null);
  }

  /**
   * Connects.
   *
   * @param address broker (or relay) address
   * @param port its port
   * @param clientId the client identifier the broker and every tap see
   * @param user the user name sent in CONNECT, or null for none
   * @param password the password, or null for none
   * @param timeout how long any one exchange may take
   * @param tls how to speak TLS to the broker, or null to speak in clear
   * @throws IOException when the broker cannot be reached or refuses the connection (or, over TLS,
   *     its certificate is not trusted)
   */
  public static MqttLink connect(
      String address,
      int port,
      String clientId,
      @Nullable String user,
      char @Nullable [] password,
      Duration timeout,
      @Nullable Tls tls)
      throws IOException {
    MqttAsyncClient c;
    try {
      c = new MqttAsyncClient("tcp://" + address + ":" + port, clientId, new MemoryPersistence());
    } catch (MqttException | IllegalArgumentException e) {
      throw new IOException("MQTT client '" + clientId + "' is not valid: " + e.getMessage(), e);
    }
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setAutomaticReconnect(false);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setConnectionTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
    // Half the relays' default idle timeout (60 s), so a quiet subscriber's pings keep its
    // connection through the conduits.
    o.setKeepAliveInterval(30);
    // Paho counts a QoS 1 or 2 publish in flight until its callback thread has handled the
    // acknowledgement, which on a loaded machine lags the token the caller waited for: with the
    // default ceiling of 10, publishes one after the other were refused as "too many in progress".
    o.setMaxInflight(1000);
    // "tcp" to Paho either way: TLS sockets do the TLS themselves, naming the broker (see
    // TlsSockets); both send each packet at once (Nagle off, see NoDelaySockets).
    o.setSocketFactory(
        tls != null ? new TlsSockets(tls.context(), tls.serverName()) : new NoDelaySockets());
    if (user != null) {
      o.setUserName(user);
    }
    if (password != null) {
      o.setPassword(password);
    }
    try {
      c.connect(o).waitForCompletion(timeout.toMillis());
    } catch (MqttException e) {
      closeQuietly(c);
      throw failure("connect", e);
    }
    return new MqttLink(c, clientId, timeout.toMillis());
  }

  public String clientId() {
    return clientId;
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** Publishes and, at QoS 1 or 2, waits for the broker's acknowledgement. */
  public void publish(String topic, byte[] payload, int qos, boolean retained) throws IOException {
    try {
      IMqttToken token = client.publish(topic, payload, qos, retained);
      // Paho sends on its own thread; for QoS 0 the token completes once the message is written.
      // Waiting for that keeps the publish inside the caller's turn on the lab clock: without it
      // a clock at max speed ran ahead of Paho's sender, so a gateway's publishes reached the
      // relays (and were timestamped) seconds of simulated time late, some only when the clock
      // next stood still.
      token.waitForCompletion(waitMillis);
    } catch (MqttException | IllegalArgumentException e) {
      throw failure("publish to " + topic, e);
    }
  }

  public void publish(String topic, String payload, int qos) throws IOException {
    publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
  }

  /**
   * Subscribes and waits for the SUBACK; {@code listener} receives (topic, payload) on Paho's
   * thread.
   *
   * @throws IOException when the broker (or a conduit in its place) refuses the subscription
   */
  public void subscribe(String filter, int qos, BiConsumer<String, byte[]> listener)
      throws IOException {
    try {
      IMqttToken token =
          client.subscribe(
              filter, qos, (topic, message) -> listener.accept(topic, message.getPayload()));
      token.waitForCompletion(waitMillis);
      int granted = token.getGrantedQos()[0];
      if (granted >= 0x80) {
        throw new IOException("the subscription to " + filter + " was refused (0x80)");
      }
    } catch (MqttException | IllegalArgumentException e) {
      throw failure("subscribe to " + filter, e);
    }
  }

  private static IOException failure(String what, Exception e) {
    String reason =
        e instanceof MqttException m
            ? m.getMessage() + " (reason " + m.getReasonCode() + ")"
            : e.getMessage();
    return new IOException("MQTT " + what + " failed: " + reason, e);
  }

  @Override
  public void close() {
    closeQuietly(client);
  }

  private static void closeQuietly(MqttAsyncClient c) {
    try {
      if (c.isConnected()) {
        c.disconnect(200).waitForCompletion(500);
      }
    } catch (MqttException e) {
      // The broker or a conduit already closed it.
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      // Nothing left to release.
    }
  }
}
