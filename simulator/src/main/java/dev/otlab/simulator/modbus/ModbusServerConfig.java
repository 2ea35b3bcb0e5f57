package dev.otlab.simulator.modbus;

import dev.otlab.core.OtlabException;
import java.time.Duration;

/**
 * Where and how defensively a {@link ModbusTcpServer} listens.
 *
 * @param bindAddress local address to bind; loopback by default so a lab never listens on the
 *     host's network by accident
 * @param port TCP port, or 0 for an ephemeral port (read it back from {@link
 *     ModbusTcpServer#port()} after start)
 * @param maxConnections open connections allowed in total
 * @param maxConnectionsPerSource open connections allowed from one source address
 * @param idleTimeout how long a connection may sit between frames before it is closed
 * @param frameTimeout how long a started frame may take to arrive completely (slow-drip defence)
 * @param writeTimeout how long one response write may block before the connection is closed (a
 *     client that stopped reading); a separate bound from the frame timeout because a flooding
 *     client that stops reading also stalls mid-frame, and the two defences must not race
 */
public record ModbusServerConfig(
    String bindAddress,
    int port,
    int maxConnections,
    int maxConnectionsPerSource,
    Duration idleTimeout,
    Duration frameTimeout,
    Duration writeTimeout) {

  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final int DEFAULT_MAX_CONNECTIONS = 32;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 8;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(5);

  /** Socket timeouts are int milliseconds; a day is far beyond any sensible Modbus timeout. */
  private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  public ModbusServerConfig {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw invalid("bind address is blank", "Give an address such as 127.0.0.1.");
    }
    if (port < 0 || port > 0xFFFF) {
      throw invalid("port " + port + " is outside 0..65535", "Use 0 for an ephemeral port.");
    }
    if (maxConnections < 1) {
      throw invalid(
          "maxConnections " + maxConnections + " is below 1", "Allow at least one connection.");
    }
    if (maxConnectionsPerSource < 1 || maxConnectionsPerSource > maxConnections) {
      throw invalid(
          "maxConnectionsPerSource "
              + maxConnectionsPerSource
              + " is outside 1.."
              + maxConnections
              + " (maxConnections)",
          "Use a per-source cap between 1 and the total cap.");
    }
    checkTimeout("idleTimeout", idleTimeout);
    checkTimeout("frameTimeout", frameTimeout);
    checkTimeout("writeTimeout", writeTimeout);
  }

  /**
   * Defaults: loopback, ephemeral port, 32 connections (8 per source), 60 s idle, 5 s frame, 5 s
   * write.
   */
  public static ModbusServerConfig defaults() {
    return new ModbusServerConfig(
        DEFAULT_BIND_ADDRESS,
        0,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_CONNECTIONS_PER_SOURCE,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_FRAME_TIMEOUT,
        DEFAULT_FRAME_TIMEOUT);
  }

  public ModbusServerConfig withPort(int newPort) {
    return new ModbusServerConfig(
        bindAddress,
        newPort,
        maxConnections,
        maxConnectionsPerSource,
        idleTimeout,
        frameTimeout,
        writeTimeout);
  }

  public ModbusServerConfig withBindAddress(String newBindAddress) {
    return new ModbusServerConfig(
        newBindAddress,
        port,
        maxConnections,
        maxConnectionsPerSource,
        idleTimeout,
        frameTimeout,
        writeTimeout);
  }

  public ModbusServerConfig withConnectionCaps(int total, int perSource) {
    return new ModbusServerConfig(
        bindAddress, port, total, perSource, idleTimeout, frameTimeout, writeTimeout);
  }

  /** Idle and frame timeouts; the write timeout follows the frame timeout. */
  public ModbusServerConfig withTimeouts(Duration idle, Duration frame) {
    return new ModbusServerConfig(
        bindAddress, port, maxConnections, maxConnectionsPerSource, idle, frame, frame);
  }

  public ModbusServerConfig withWriteTimeout(Duration write) {
    return new ModbusServerConfig(
        bindAddress,
        port,
        maxConnections,
        maxConnectionsPerSource,
        idleTimeout,
        frameTimeout,
        write);
  }

  private static void checkTimeout(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
      throw invalid(
          name + " " + d + " is not between 1 ms and 1 day",
          "Give a positive timeout such as 5 s.");
    }
    if (d.toMillis() < 1) {
      throw invalid(name + " " + d + " is below 1 ms", "Give a timeout of at least 1 ms.");
    }
  }

  private static OtlabException invalid(String what, String fix) {
    return new OtlabException("MODBUS_CONFIG_INVALID", "Modbus server config: " + what + ".", fix);
  }
}
