package dev.otlab.network.relay;

import dev.otlab.core.OtlabException;
import java.time.Duration;

/**
 * How a relay listens and defends itself.
 *
 * @param bindAddress local address; loopback so a lab never listens on the host's network
 * @param port listening port, 0 for an ephemeral one
 * @param maxConnections connections open through this relay at once
 * @param idleTimeout how long a connection may carry no bytes in either direction
 * @param frameTimeout how long a started client frame may take to complete (slow-drip defence)
 * @param connectTimeout how long to wait for the next hop to accept
 */
public record RelayConfig(
    String bindAddress,
    int port,
    int maxConnections,
    Duration idleTimeout,
    Duration frameTimeout,
    Duration connectTimeout) {

  public RelayConfig {
    if (bindAddress.isBlank()) {
      throw invalid("bind address is blank", "Give a loopback address such as 127.0.0.1.");
    }
    if (port < 0 || port > 0xFFFF) {
      throw invalid("port " + port + " is outside 0..65535", "Use 0 for an ephemeral port.");
    }
    if (maxConnections < 1) {
      throw invalid("maxConnections " + maxConnections + " is below 1", "Allow at least one.");
    }
    for (Duration d : new Duration[] {idleTimeout, frameTimeout, connectTimeout}) {
      if (d.isNegative() || d.toMillis() < 1 || d.compareTo(Duration.ofDays(1)) > 0) {
        throw invalid(
            "timeout " + d + " is not between 1 ms and 1 day", "Give a timeout such as 5 s.");
      }
    }
  }

  /** Loopback, ephemeral port, 32 connections, 60 s idle, 5 s frame, 5 s connect. */
  public static RelayConfig defaults() {
    return new RelayConfig(
        "127.0.0.1", 0, 32, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  public RelayConfig withPort(int value) {
    return new RelayConfig(
        bindAddress, value, maxConnections, idleTimeout, frameTimeout, connectTimeout);
  }

  public RelayConfig withMaxConnections(int value) {
    return new RelayConfig(bindAddress, port, value, idleTimeout, frameTimeout, connectTimeout);
  }

  public RelayConfig withTimeouts(Duration idle, Duration frame) {
    return new RelayConfig(bindAddress, port, maxConnections, idle, frame, connectTimeout);
  }

  private static OtlabException invalid(String what, String fix) {
    return new OtlabException("RELAY_CONFIG_INVALID", "Relay config: " + what + ".", fix);
  }
}
