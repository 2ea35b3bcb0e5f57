package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.network.HostSpec;
import dev.otlab.network.aitm.Cell;
import dev.otlab.network.aitm.Rewrite;
import dev.otlab.network.fabric.Interception;
import dev.otlab.simulator.plc.PointSpec;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * T0856 Spoof Reporting Message through a T0830 position on the client's route to {@code target}:
 * {@code mode} freeze (hold {@code tags}, default all, at what the server reported last), set
 * ({@code values}: {@code tag=value; ...}), replay (loop the responses of the last {@code window}
 * seconds, default 60) or pass (stop). The client's requests are untouched; only what it is told
 * changes.
 */
public final class SpoofReportingMessage extends AbstractTechnique {

  public SpoofReportingMessage() {
    super("T0856", Set.of("target"), Set.of("client", "mode", "tags", "values", "window"));
  }

  @Override
  void checkValues(Checks c) {
    Params p = c.params();
    c.client();
    String mode =
        c.value("mode", () -> p.choice("mode", "freeze", "freeze", "set", "replay", "pass"));
    if (mode == null) {
      return;
    }
    var ctl = c.controller();
    switch (mode) {
      case "set":
        {
          if (!p.has("values")) {
            c.add(
                "values",
                "mode set needs the values to report",
                "Add values: tag=value; tag=value");
            return;
          }
          Map<String, String> given =
              c.value("values", () -> AitmPoints.assignments("values", p.required("values")));
          if (given == null || ctl == null) {
            return;
          }
          for (Map.Entry<String, String> e : given.entrySet()) {
            PointSpec pt = c.point("values", ctl, e.getKey(), false);
            if (pt != null) {
              c.param("values", () -> AitmPoints.raw(pt, e.getValue()));
            }
          }
          break;
        }
      case "replay":
        c.param("window", () -> p.integer("window", 60, 1, 86_400));
        break;
      case "pass":
        break;
      default:
        {
          String tags = p.string("tags", "all");
          if (ctl != null && !tags.equals("all")) {
            for (String t : tags.split(",")) {
              if (!t.isBlank()) {
                c.point("tags", ctl, t.strip(), false);
              }
            }
          }
        }
    }
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    String target = p.required("target");
    HostSpec client = AitmPoints.client(ctx, p);
    String mode = p.choice("mode", "freeze", "freeze", "set", "replay", "pass");
    Rewrite rewrite;
    String what;
    switch (mode) {
      case "set":
        {
          Map<Cell, Integer> values = new LinkedHashMap<>();
          Map<String, String> given = AitmPoints.assignments("values", p.required("values"));
          for (Map.Entry<String, String> e : given.entrySet()) {
            PointSpec pt = AitmPoints.point(ctx, target, e.getKey());
            int[] raw = AitmPoints.raw(pt, e.getValue());
            List<Cell> cells = AitmPoints.cells(pt);
            for (int i = 0; i < cells.size(); i++) {
              values.put(cells.get(i), raw[i]);
            }
          }
          rewrite = new Rewrite.Fixed(values);
          what = "reports " + given;
          break;
        }
      case "replay":
        {
          int window = p.integer("window", 60, 1, 86_400);
          double now = ctx.now();
          if (now - window < 0) {
            throw new Params.Bad("a window of " + window + " s reaches back before the run began");
          }
          rewrite = new Rewrite.Replay(now - window, now);
          what = "replays the responses of the last " + window + " s in a loop";
          break;
        }
      case "pass":
        rewrite = new Rewrite.Pass();
        what = "passes the true responses again";
        break;
      default:
        {
          String tags = p.string("tags", "all");
          List<PointSpec> points =
              tags.equals("all")
                  ? AitmPoints.all(ctx, target)
                  : java.util.Arrays.stream(tags.split(","))
                      .map(String::strip)
                      .filter(t -> !t.isEmpty())
                      .map(t -> AitmPoints.point(ctx, target, t))
                      .toList();
          Set<Cell> cells = new LinkedHashSet<>();
          points.forEach(pt -> cells.addAll(AitmPoints.cells(pt)));
          if (cells.isEmpty()) {
            throw new Params.Bad("no tags to freeze on '" + target + "'");
          }
          rewrite = new Rewrite.Freeze(cells);
          what =
              "holds "
                  + (tags.equals("all")
                      ? "every tag"
                      : points.stream().map(PointSpec::tag).toList())
                  + " at the last reported values";
        }
    }
    Interception i = ctx.interception(client.id(), target).orElse(null);
    if (i == null) {
      return new StepOutcome.Failed(
          "the attacker holds no position on "
              + client.id()
              + " > "
              + target
              + "; take one with T0830 first.");
    }
    i.conceal(rewrite, ctx.stepLabel());
    Map<String, String> f = new LinkedHashMap<>();
    f.put("client", client.id());
    f.put("server", target);
    f.put("mode", mode);
    return new StepOutcome.Succeeded(
        client.id() + "'s view of " + target + " is spoofed: the position " + what, f);
  }
}
