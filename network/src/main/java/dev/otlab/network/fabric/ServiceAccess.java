package dev.otlab.network.fabric;

import dev.otlab.core.OtlabException;
import dev.otlab.network.Protocol;

/**
 * How one host reaches a service of another. The embedded lab's {@link NetworkFabric} answers with
 * loopback relays; a container node answers with the gateway container of the route's first
 * conduit. Clients (benign operations, attack techniques) only ever connect where this says.
 */
@FunctionalInterface
public interface ServiceAccess {

  /**
   * Where {@code source} connects to reach {@code protocol} on {@code destination}: its service of
   * that protocol, on whatever port the destination's posture gives it (the first, when it has
   * several).
   */
  Access access(String source, String destination, Protocol protocol);

  /**
   * Where {@code source} connects to reach the service of {@code protocol} that {@code destination}
   * offers on {@code port}. A network that places every service on its protocol's one port (the
   * container lab) answers as {@link #access(String, String, Protocol)}.
   */
  default Access access(String source, String destination, Protocol protocol, int port) {
    return access(source, destination, protocol);
  }

  /**
   * The one error every network gives for a service a host does not offer, which callers tell from
   * a route that does not exist (a pivot then stays modelled).
   *
   * @param port the port asked for, or -1 for any
   * @param lab where ("this lab", "the container lab")
   * @param offered the host's services, listed in the remedy
   */
  static OtlabException unknownService(
      String destination, Protocol protocol, int port, String lab, Object offered) {
    return new OtlabException(
        "SERVICE_UNKNOWN",
        "Host '"
            + destination
            + "' offers no "
            + protocol
            + " service"
            + (port == -1 ? "" : " on port " + port)
            + " in "
            + lab
            + ".",
        "Pick one of its services: " + offered + ".");
  }
}
