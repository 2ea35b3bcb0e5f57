package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.core.OtlabException;
import dev.otlab.network.HostSpec;
import dev.otlab.network.fabric.Interception;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.simulator.plc.PointSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * T0830 Adversary-in-the-Middle on the Modbus route from a client ({@code client}, default the HMI)
 * to {@code target}. Taking the position is a modelled step (ARP or gateway spoofing, or malware on
 * the client itself): it succeeds only when the attacker's current host shares a zone with the
 * client or the target, since spoofing does not cross a routed conduit. Once there, {@code writes}
 * ({@code tag=value; ...}) are sent as real requests inside the client's own connection, with the
 * function codes the client would use (FC05 for a coil, FC06 or FC16 for registers), so every
 * conduit and sensor sees them as the client's. A repeated step reuses the position.
 */
public final class AdversaryInTheMiddle extends AbstractTechnique {

  public AdversaryInTheMiddle() {
    super("T0830", Set.of("target"), Set.of("client", "writes", "unit"));
  }

  @Override
  void checkValues(Checks c) {
    checkCommon(c);
    Params p = c.params();
    c.client();
    var ctl = c.controller();
    if (!p.has("writes")) {
      return;
    }
    Map<String, String> writes =
        c.value("writes", () -> AitmPoints.assignments("writes", p.required("writes")));
    if (writes == null || ctl == null) {
      return;
    }
    for (Map.Entry<String, String> w : writes.entrySet()) {
      PointSpec pt = c.point("writes", ctl, w.getKey(), true);
      if (pt != null) {
        c.writable("writes", pt, w.getValue());
      }
    }
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    String target = p.required("target");
    HostSpec client = AitmPoints.client(ctx, p);
    HostSpec server = host(ctx, target);
    HostSpec from = host(ctx, ctx.currentHost());
    if (client.id().equals(server.id())) {
      throw new Params.Bad("client and target are both '" + target + "'");
    }
    Map<String, String> writes =
        p.has("writes") ? AitmPoints.assignments("writes", p.required("writes")) : Map.of();
    Map<PointSpec, int[]> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, String> w : writes.entrySet()) {
      PointSpec pt = AitmPoints.point(ctx, target, w.getKey());
      if (!pt.table().isWritableTable()) {
        throw new Params.Bad(
            "tag '" + w.getKey() + "' is in table " + pt.table() + ", not writable");
      }
      resolved.put(pt, AitmPoints.raw(pt, w.getValue()));
    }
    String how = position(from, client, server);
    if (how == null) {
      return new StepOutcome.Failed(
          "no position on the path from "
              + client.id()
              + " to "
              + server.id()
              + ": the attacker's host "
              + from.id()
              + " (zone "
              + String.join("/", from.zones())
              + ") shares no zone with either (zones "
              + String.join("/", client.zones())
              + " and "
              + String.join("/", server.zones())
              + "), and spoofing does not cross a routed conduit; modelled, no packet was sent.");
    }
    Interception i;
    boolean fresh = ctx.interception(client.id(), server.id()).isEmpty();
    try {
      i = ctx.intercept(client.id(), server.id());
    } catch (OtlabException e) {
      return new StepOutcome.Failed(e.getMessage());
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("client", client.id());
    f.put("server", server.id());
    f.put("position", how);
    f.put("modelled", "true");
    String placed =
        (fresh ? "modelled position taken" : "modelled position held")
            + " on "
            + client.id()
            + " > "
            + server.id()
            + " Modbus ("
            + how
            + ")";
    if (resolved.isEmpty()) {
      return new StepOutcome.Succeeded(
          placed + "; the client's next connection runs through the attacker", f);
    }
    int unit = unit(ctx, target, p);
    Optional<ConduitDecision.Denied> before = ctx.lastDenial(client.id(), server.id());
    List<String> done = new ArrayList<>();
    for (Map.Entry<PointSpec, int[]> w : resolved.entrySet()) {
      PointSpec pt = w.getKey();
      byte[] pdu = AitmPoints.writePdu(pt, w.getValue());
      String what = pt.tag() + "=" + writes.get(pt.tag()) + " (FC" + pdu[0] + ")";
      byte[] answer;
      try {
        answer = i.inject(unit, pdu, ctx.stepLabel());
      } catch (IOException e) {
        return refused(ctx, client, server, before, placed, done, what + ": " + e.getMessage());
      }
      if ((answer[0] & 0x80) != 0) {
        int code = answer.length > 1 ? answer[1] & 0xFF : 0;
        return refused(
            ctx, client, server, before, placed, done, what + " answered Modbus exception " + code);
      }
      done.add(what);
    }
    f.put("writes", String.join("; ", done));
    return new StepOutcome.Succeeded(
        placed
            + "; injected inside "
            + client.id()
            + "'s connection: "
            + String.join(", ", done)
            + ", answers swallowed",
        f);
  }

  private static StepOutcome refused(
      AttackContext ctx,
      HostSpec client,
      HostSpec server,
      Optional<ConduitDecision.Denied> before,
      String placed,
      List<String> done,
      String why) {
    Optional<ConduitDecision.Denied> now = ctx.lastDenial(client.id(), server.id());
    String detail =
        placed
            + "; injected "
            + (done.isEmpty() ? "nothing" : String.join(", ", done))
            + "; "
            + why;
    if (now.isPresent() && (before.isEmpty() || now.get() != before.get())) {
      ConduitDecision.Denied d = now.get();
      return new StepOutcome.Blocked(d.conduit(), d.rule(), detail + " (" + d.reason() + ")");
    }
    return new StepOutcome.Failed(detail);
  }

  /** How the attacker stands on the path, or null when it cannot. */
  private static @org.jspecify.annotations.Nullable String position(
      HostSpec from, HostSpec client, HostSpec server) {
    if (from.id().equals(client.id())) {
      return "on " + client.id() + " itself, hooking its Modbus driver";
    }
    for (String z : from.zones()) {
      if (client.zones().contains(z)) {
        return "spoofing " + client.id() + "'s path from " + from.id() + " in zone " + z;
      }
      if (server.zones().contains(z)) {
        return "spoofing " + server.id() + "'s path from " + from.id() + " in zone " + z;
      }
    }
    return null;
  }
}
