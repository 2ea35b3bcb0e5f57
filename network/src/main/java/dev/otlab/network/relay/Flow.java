package dev.otlab.network.relay;

import dev.otlab.network.Protocol;

/**
 * What the L3/L4 part of a rule matches: who opens a connection to whom, for which protocol and on
 * which logical (architecture) port. The loopback ports the lab really uses never appear in rules.
 *
 * @param source the host that opens the connection
 * @param destination the host it connects to
 * @param protocol the application protocol of the destination service (never ANY)
 * @param port the destination service's logical port
 */
public record Flow(HostRef source, HostRef destination, Protocol protocol, int port) {

  public Flow {
    if (protocol == Protocol.ANY) {
      throw new IllegalArgumentException("a connection has a concrete protocol, not ANY");
    }
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("port " + port + " is not 1..65535");
    }
  }

  /** The flow to the protocol's well-known port. */
  public static Flow of(HostRef source, HostRef destination, Protocol protocol) {
    return new Flow(source, destination, protocol, protocol.port());
  }
}
