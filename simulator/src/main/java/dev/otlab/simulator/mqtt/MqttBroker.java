package dev.otlab.simulator.mqtt;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import io.moquette.BrokerConstants;
import io.moquette.broker.ISslContextCreator;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * One MQTT broker (Eclipse Moquette) of a {@code mqtt-broker} host: MQTT 3.1.1 on a loopback
 * address and an ephemeral port (embedded), or on the host's zone address and 1883 (in the broker
 * host's container), state in memory only (a lab run leaves no file behind), anonymous clients
 * allowed (no password store: the lab's topic access is the conduits' to judge), and Moquette's
 * telemetry, metrics and websocket listeners off.
 *
 * <p>It listens in clear, inside TLS, or both, each on a port of its own: Moquette's SSL listener
 * serves the key it is given (the lab's, TLS 1.3 and 1.2 from the JDK's provider), asking clients
 * for no certificate.
 */
public final class MqttBroker implements Lifecycle {

  private static final String MESSAGE_LOG_LEVEL =
      "org.slf4j.simpleLogger.log.io.moquette.broker.metrics.MQTTMessageLogger";

  private static final int BIND_ATTEMPTS = 3;

  private final String host;
  private final String address;
  private final boolean clear;
  private final @Nullable KeyManagerFactory tlsKeys;
  private @Nullable Server server;
  private final int bindPort;
  private final int tlsBindPort;
  private int port = -1;
  private int tlsPort = -1;

  /**
   * A broker on an ephemeral port, for the embedded lab where every host shares loopback.
   *
   * @param host the architecture host this broker runs for (for messages)
   * @param address the loopback address to listen on
   */
  public MqttBroker(String host, String address) {
    this(host, address, 0);
  }

  /**
   * @param host the architecture host this broker runs for (for messages)
   * @param address the address to listen on: loopback in the embedded lab, the broker host's zone
   *     address in its container
   * @param bindPort the port to listen on (1883 in the broker host's container), 0 for any free one
   */
  public MqttBroker(String host, String address, int bindPort) {
    this(host, address, bindPort, null, -1);
  }

  /**
   * @param host the architecture host this broker runs for (for messages)
   * @param address the address to listen on: loopback in the embedded lab, the broker host's zone
   *     address in its container
   * @param bindPort the port of its listener in clear, 0 for any free one, -1 for none
   * @param tlsKeys the key and certificate of its TLS listener, or null for none
   * @param tlsBindPort the port of its TLS listener, 0 for any free one (without keys: none)
   */
  public MqttBroker(
      String host,
      String address,
      int bindPort,
      @Nullable KeyManagerFactory tlsKeys,
      int tlsBindPort) {
    if (bindPort < -1 || bindPort > 65535) {
      throw new IllegalArgumentException("MQTT broker port " + bindPort + " is not 0..65535");
    }
    if (tlsKeys != null && (tlsBindPort < 0 || tlsBindPort > 65535)) {
      throw new IllegalArgumentException(
          "MQTT broker TLS port " + tlsBindPort + " is not 0..65535");
    }
    if (bindPort < 0 && tlsKeys == null) {
      throw new IllegalArgumentException(host + ": a broker listens in clear, over TLS or both");
    }
    this.host = host;
    this.address = address;
    this.bindPort = bindPort;
    this.clear = bindPort >= 0;
    this.tlsKeys = tlsKeys;
    this.tlsBindPort = tlsBindPort;
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    // Moquette logs every packet at INFO: a run would log each publish. Under slf4j-simple (the
    // command line, tests and container nodes) its message logger speaks at WARN unless someone
    // asked otherwise; the property must be set before that logger is first created.
    if (System.getProperty(MESSAGE_LOG_LEVEL) == null) {
      System.setProperty(MESSAGE_LOG_LEVEL, "warn");
    }
    // The ports are chosen here, not read back from Moquette: it records a bound port on its event
    // loop after startServer returns, in a plain HashMap that its getPort() writes to as well, so
    // reading it meanwhile races (it threw ConcurrentModificationException in CI). startServer
    // returns once its binds are done; whether they held is checked from outside. A free port
    // picked for an ephemeral bind may be taken by someone else before Moquette binds it: then
    // another is tried.
    OtlabException last = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      int clearPort = clear ? (bindPort == 0 ? freePort() : bindPort) : -1;
      int sslPort = tlsKeys != null ? (tlsBindPort == 0 ? freePort() : tlsBindPort) : -1;
      Server s = startOn(clearPort, sslPort);
      if ((clearPort < 0 || listening(clearPort)) && (sslPort < 0 || listening(sslPort))) {
        server = s;
        port = clearPort;
        tlsPort = sslPort;
        return;
      }
      stopQuietly(s);
      last =
          new OtlabException(
              "MQTT_BROKER_START_FAILED",
              "The MQTT broker of host '"
                  + host
                  + "' did not bind "
                  + address
                  + (clearPort < 0 ? "" : ":" + clearPort)
                  + (sslPort < 0 ? "" : " (TLS " + sslPort + ")")
                  + ".",
              "Check that "
                  + address
                  + " is an address of this machine and its port is free; the log has Moquette's"
                  + " reason.");
      if (bindPort != 0 && (tlsKeys == null || tlsBindPort != 0)) {
        break; // fixed ports: another try would meet the same holder
      }
    }
    throw last;
  }

  /** Moquette started with the given ports (-1: none of that kind), its binds done. */
  private Server startOn(int clearPort, int sslPort) {
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, address);
    p.setProperty(
        IConfig.PORT_PROPERTY_NAME,
        clearPort >= 0 ? Integer.toString(clearPort) : BrokerConstants.DISABLED_PORT_BIND);
    if (sslPort >= 0) {
      p.setProperty(IConfig.SSL_PORT_PROPERTY_NAME, Integer.toString(sslPort));
    }
    p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
    p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
    p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    p.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
    p.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
    p.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, "false");
    // Messages are flushed as they are written: the lab's publishes are few and small, and a
    // delayed flush would only add latency to every round trip through the relays.
    p.setProperty(IConfig.BUFFER_FLUSH_MS_PROPERTY_NAME, "immediate");
    Server s = new Server();
    try {
      s.startServer(new MemoryConfig(p), List.of(), tlsContext(), null, null);
    } catch (IOException | RuntimeException e) {
      try {
        s.stopServer();
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      throw new OtlabException(
          "MQTT_BROKER_START_FAILED",
          "The MQTT broker of host '" + host + "' could not start on " + address + ": " + e,
          "Check that " + address + " is an address of this machine and its port is free.",
          e);
    }
    return s;
  }

  /** A port nobody listens on at {@code address} right now. */
  private int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new OtlabException(
          "MQTT_BROKER_START_FAILED",
          "The MQTT broker of host '" + host + "' found no free port on " + address + ": " + e,
          "Check that " + address + " is an address of this machine.",
          e);
    }
  }

  /**
   * Whether someone listens on {@code port} of the broker's address: a bind of our own there fails.
   * Asked only after startServer returned, so it cannot take the port from Moquette.
   */
  private boolean listening(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(false);
      probe.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static void stopQuietly(Server s) {
    try {
      s.stopServer();
    } catch (RuntimeException e) {
      // It bound nothing we use; the next attempt starts a new one.
    }
  }

  /** Moquette's SSL listener context, from the key given; null when it has none. */
  private @Nullable ISslContextCreator tlsContext() {
    KeyManagerFactory keys = tlsKeys;
    if (keys == null) {
      return null;
    }
    return () -> {
      try {
        return SslContextBuilder.forServer(keys)
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3", "TLSv1.2")
            .build();
      } catch (SSLException e) {
        throw new OtlabException(
            "MQTT_BROKER_START_FAILED",
            "The MQTT broker of host '" + host + "' could not set up TLS: " + e.getMessage(),
            "Run otlab on a full JDK 17 or later (with the SunJSSE provider).",
            e);
      }
    };
  }

  /** Where the broker listens. */
  public String address() {
    return address;
  }

  /** The bound port of the listener in clear, once started; -1 when it listens over TLS only. */
  public synchronized int port() {
    started();
    return port;
  }

  /** The bound port of the TLS listener, once started; -1 when it has none. */
  public synchronized int tlsPort() {
    started();
    return tlsPort;
  }

  private void started() {
    if (server == null) {
      throw new OtlabException(
          "MQTT_BROKER_NOT_STARTED",
          "The MQTT broker of host '" + host + "' is not running.",
          "Start it first.");
    }
  }

  public String host() {
    return host;
  }

  /**
   * Stops the broker. Moquette shuts Netty's event loops down gracefully, which closes every
   * channel (the listening socket and the clients') at once and then waits out a quiet period of
   * two seconds before its threads end; a lab stops its broker after every run, so that wait runs
   * on a daemon thread of its own instead of the caller's.
   */
  @Override
  public synchronized void stop() {
    Server s = server;
    server = null;
    if (s != null) {
      Thread t = new Thread(s::stopServer, "mqtt-broker-stop-" + host);
      t.setDaemon(true);
      t.start();
    }
  }
}
