package dev.otlab.network.relay;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Protocol;
import java.util.List;

/**
 * One relay's place in the lab: which host connects through it to which service, which conduits it
 * enforces, and the next hop it forwards to (the real server, or the next conduit's relay). A route
 * across two conduits is two relays in series, each enforcing its own conduit.
 *
 * @param id relay id, unique in the lab (used in connection ids and traces)
 * @param flow who connects to whom, protocol and logical port
 * @param conduits the conduits enforced here, evaluated as one rule list in this order
 * @param targetHost next hop address (a loopback address)
 * @param targetPort next hop port
 */
public record RelayRoute(
    String id, Flow flow, List<ConduitSpec> conduits, String targetHost, int targetPort) {

  public RelayRoute {
    conduits = List.copyOf(conduits);
    if (id.isBlank()) {
      throw new IllegalArgumentException("a relay needs an id");
    }
    if (conduits.isEmpty()) {
      throw new IllegalArgumentException(id + ": a relay enforces at least one conduit");
    }
    if (targetPort < 1 || targetPort > 0xFFFF) {
      throw new IllegalArgumentException(id + ": target port " + targetPort + " is not 1..65535");
    }
  }

  public static RelayRoute of(String id, Flow flow, ConduitSpec conduit, int targetPort) {
    return new RelayRoute(id, flow, List.of(conduit), "127.0.0.1", targetPort);
  }

  public Protocol protocol() {
    return flow.protocol();
  }
}
