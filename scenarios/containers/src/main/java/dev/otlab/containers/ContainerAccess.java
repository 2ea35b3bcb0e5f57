package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.ServiceAccess;
import java.util.Optional;

/**
 * The container lab's answer to "where do I connect": the destination container itself inside a
 * zone, the gateway container of the first conduit across zones, as {@link ContainerPlan} lays the
 * routes out. Addresses are DNS names that Docker's resolver answers on the zone networks only.
 */
public final class ContainerAccess implements ServiceAccess {

  /**
   * Where a client is sent when no conduit path exists: a loopback port nothing listens on, so the
   * connection is refused at once, as the embedded lab's blackhole refuses it.
   */
  static final int NOWHERE_PORT = 9;

  private final ContainerPlan plan;

  public ContainerAccess(ContainerPlan plan) {
    this.plan = plan;
  }

  @Override
  public Access access(String source, String destination, Protocol protocol) {
    NodeHosts.host(plan.architecture(), source);
    NodeHosts.host(plan.architecture(), destination);
    if (!ContainerPlan.CONTROLLER_PROTOCOLS.contains(protocol)) {
      // As the embedded fabric answers for a service nobody runs: the caller can tell it from a
      // route that does not exist (a remote-service pivot stays modelled here).
      throw new OtlabException(
          "SERVICE_UNKNOWN",
          "Host '"
              + destination
              + "' offers no "
              + protocol
              + " service in the container lab, which runs the controllers' Modbus and OPC UA"
              + " only.",
          "Play the step on the embedded lab to send its traffic.");
    }
    Optional<ContainerPlan.Route> route = plan.route(source, destination, protocol);
    if (route.isEmpty()) {
      return new Access.Unreachable(
          "127.0.0.1",
          NOWHERE_PORT,
          "no conduit path from " + source + "'s zones to " + destination + "'s");
    }
    ContainerPlan.Route r = route.get();
    if (r.hops().isEmpty()) {
      return new Access.Direct(destination, protocol.port(), false);
    }
    return new Access.Relayed(
        r.firstHost(), r.firstPort(), r.hops().stream().map(h -> h.conduit().id()).toList());
  }
}
