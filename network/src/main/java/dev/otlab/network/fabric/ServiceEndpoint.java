package dev.otlab.network.fabric;

import dev.otlab.network.Protocol;

/**
 * A real server in the lab: what a host offers and where it actually listens.
 *
 * @param host the host that offers it
 * @param protocol its protocol
 * @param address loopback address it listens on
 * @param port real port it listens on
 * @param servicePort the port the architecture gives the service, which rules and relays see (the
 *     protocol's well-known port unless the host's posture puts it elsewhere)
 */
public record ServiceEndpoint(
    String host, Protocol protocol, String address, int port, int servicePort) {

  public ServiceEndpoint {
    if (servicePort < 1 || servicePort > 0xFFFF) {
      throw new IllegalArgumentException(
          host + " " + protocol + ": service port " + servicePort + " is not 1..65535");
    }
  }

  /** A service on its protocol's well-known port. */
  public ServiceEndpoint(String host, Protocol protocol, String address, int port) {
    this(host, protocol, address, port, protocol.port());
  }
}
