package dev.otlab.network.fabric;

import dev.otlab.network.Protocol;

/**
 * How one host reaches a service of another. The embedded lab's {@link NetworkFabric} answers with
 * loopback relays; a container node answers with the gateway container of the route's first
 * conduit. Clients (benign operations, attack techniques) only ever connect where this says.
 */
@FunctionalInterface
public interface ServiceAccess {

  /** Where {@code source} connects to reach {@code protocol} on {@code destination}. */
  Access access(String source, String destination, Protocol protocol);
}
