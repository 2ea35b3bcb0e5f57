package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.ConduitMatcher;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A modelled pivot over a remote-access service ({@code service}: rdp, ssh, vnc, telnet, smb,
 * http). The lab runs no such servers, so no packet is sent: the step succeeds when the target's
 * posture lists the service, its credentials are weak or default, and every conduit on the zone
 * path (the same shortest path the network fabric routes over) lets the current host open that
 * service on the target, judged by the relays' own rule matcher. On success the attacker moves to
 * the target; everything after that is real traffic from there.
 */
abstract class Pivot extends AbstractTechnique {

  Pivot(String id) {
    super(id, Set.of("target", "service"), Set.of());
  }

  abstract String how();

  @Override
  final void checkValues(Checks c) {
    String service = c.params().get("service");
    if (service != null) {
      try {
        RemoteService.valueOf(service.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        c.add(
            "service",
            "'" + service + "' is not a remote service",
            "Use one of rdp, ssh, vnc, telnet, smb, http");
      }
    }
    c.roleTarget();
  }

  @Override
  final StepOutcome run(AttackContext ctx, Params p) {
    String target = p.required("target");
    String name = p.required("service").toUpperCase(Locale.ROOT);
    RemoteService service;
    try {
      service = RemoteService.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new Params.Bad(
          "service '" + p.required("service") + "' is not one of rdp, ssh, vnc, telnet, smb, http");
    }
    HostSpec from = host(ctx, ctx.currentHost());
    HostSpec to = host(ctx, target);
    if (from.id().equals(to.id())) {
      throw new Params.Bad("the attacker is already on '" + target + "'");
    }
    Protocol protocol = Protocol.valueOf(service.name());
    Optional<StepOutcome> refused = judge(ctx.architecture(), from, to, protocol);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (!to.posture().remoteServices().contains(service)) {
      return new StepOutcome.Failed(
          target
              + " does not offer "
              + service
              + " (it offers "
              + to.posture().remoteServices()
              + ").");
    }
    if (to.posture().credentials() == Credentials.STRONG) {
      return new StepOutcome.Failed(
          target + "'s " + service + " accounts have strong credentials; " + how() + " fails.");
    }
    String previous = ctx.currentHost();
    ctx.moveTo(target);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("from", previous);
    f.put("to", target);
    f.put("service", service.name().toLowerCase(Locale.ROOT));
    f.put("credentials", to.posture().credentials().name().toLowerCase(Locale.ROOT));
    f.put("modelled", "true");
    return new StepOutcome.Succeeded(
        "modelled pivot from "
            + previous
            + " to "
            + target
            + " over "
            + f.get("service")
            + " ("
            + how()
            + ", "
            + f.get("credentials")
            + " credentials); no packet was sent for the pivot itself",
        f);
  }

  /** Blocked when a conduit on the path refuses, or no path exists; empty when allowed. */
  static Optional<StepOutcome> judge(
      ArchitectureSpec arch, HostSpec from, HostSpec to, Protocol protocol) {
    if (from.zones().stream().anyMatch(to.zones()::contains)) {
      return Optional.empty();
    }
    Optional<List<ConduitSpec>> path = NetworkFabric.zonePath(arch, from.zones(), to.zones());
    if (path.isEmpty()) {
      return Optional.of(
          new StepOutcome.Blocked(
              "(none)",
              null,
              "no conduit path from zone "
                  + String.join("/", from.zones())
                  + " to zone "
                  + String.join("/", to.zones())));
    }
    Flow flow = Flow.of(HostRef.of(from), HostRef.of(to), protocol);
    for (ConduitSpec c : path.get()) {
      ConduitDecision d = new ConduitMatcher(List.of(c)).connection(flow);
      if (d instanceof ConduitDecision.Denied denied) {
        return Optional.of(Watch.blocked(denied));
      }
    }
    return Optional.empty();
  }
}
