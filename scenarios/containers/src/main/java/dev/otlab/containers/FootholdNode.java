package dev.otlab.containers;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An attacker's foothold: a host container that runs no service and no operations of its own (a
 * workstation, a jump host, a vendor's remote access). It lists the controller services its zones
 * have a conduit path to, and where each connection goes first, then stays up so a trainer can run
 * probes from it ({@code otlab node --role probe --host ID}); the conduits decide what gets
 * through. It is never attached to anything but its zone networks.
 */
public final class FootholdNode implements Lifecycle {

  private final ContainerPlan plan;
  private final HostSpec host;
  private final Consumer<String> out;

  public FootholdNode(ContainerPlan plan, String hostId, Consumer<String> out) {
    this.plan = plan;
    this.host = NodeHosts.host(plan.architecture(), hostId);
    this.out = out;
    String role = ComposeFile.role(host);
    if (!role.equals("attacker")) {
      throw new OtlabException(
          "NODE_ROLE_MISMATCH",
          "Host '"
              + hostId
              + "' is a "
              + Names.yaml(host.role())
              + ", which has a node of its own.",
          "Start it with --role " + role + ".");
    }
  }

  /**
   * One line per service (a controller's, a host's remote access, a broker) this host has a path
   * to.
   */
  public List<String> surface() {
    List<String> lines = new ArrayList<>();
    for (ContainerPlan.Route r : plan.routes()) {
      if (!r.flow().source().id().equals(host.id())) {
        continue;
      }
      String via =
          r.hops().isEmpty()
              ? "same zone"
              : "conduits "
                  + String.join(">", r.hops().stream().map(h -> h.conduit().id()).toList());
      lines.add(
          String.format(
              Locale.ROOT,
              "PATH %s -> %s %s: connect to %s:%d (%s)",
              host.id(),
              r.flow().destination().id(),
              service(r),
              r.firstHost(),
              r.firstPort(),
              via));
    }
    return lines;
  }

  /** A route's service as people name it: the protocol, and the port unless it is the usual one. */
  private static String service(ContainerPlan.Route r) {
    Protocol p = r.flow().protocol();
    String name = Names.yaml(p);
    return r.flow().port() == p.port() ? name : name + "/" + r.flow().port();
  }

  @Override
  public void start() {
    List<String> lines = surface();
    if (lines.isEmpty()) {
      out.accept("PATH " + host.id() + ": no conduit path to any service");
    }
    lines.forEach(out);
  }

  @Override
  public void stop() {
    // Nothing runs here but the clock the node command keeps.
  }
}
