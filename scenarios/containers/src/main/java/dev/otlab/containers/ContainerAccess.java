package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.ServiceAccess;
import java.util.List;
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
    return access(source, destination, protocol, -1);
  }

  /**
   * Where {@code source} connects for the service of {@code protocol} on {@code port} of {@code
   * destination}, or its first service of that protocol when {@code port} is -1.
   *
   * @throws OtlabException {@code SERVICE_UNKNOWN} when the destination offers no such service, as
   *     the embedded fabric answers (a remote-service pivot then stays modelled)
   */
  @Override
  public Access access(String source, String destination, Protocol protocol, int port) {
    NodeHosts.host(plan.architecture(), source);
    NodeHosts.host(plan.architecture(), destination);
    List<ContainerPlan.Service> offered = plan.services(destination);
    ContainerPlan.Service service =
        offered.stream()
            .filter(s -> s.protocol() == protocol && (port == -1 || s.port() == port))
            .findFirst()
            .orElseThrow(
                () ->
                    new OtlabException(
                        "SERVICE_UNKNOWN",
                        "Host '"
                            + destination
                            + "' offers no "
                            + protocol
                            + " service"
                            + (port == -1 ? "" : " on port " + port)
                            + " in the container lab.",
                        "Pick one of its services: " + offered + "."));
    Optional<ContainerPlan.Route> route = plan.route(source, destination, protocol, service.port());
    if (route.isEmpty()) {
      return new Access.Unreachable(
          "127.0.0.1",
          NOWHERE_PORT,
          "no conduit path from " + source + "'s zones to " + destination + "'s");
    }
    ContainerPlan.Route r = route.get();
    if (r.hops().isEmpty()) {
      return new Access.Direct(
          destination,
          ContainerPlan.servedPort(NodeHosts.host(plan.architecture(), destination), service),
          false);
    }
    return new Access.Relayed(
        r.firstHost(), r.firstPort(), r.hops().stream().map(h -> h.conduit().id()).toList());
  }
}
