package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.core.OtlabException;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * T0861 Point &amp; Tag Identification. Modbus: reads every address of {@code table} (coil,
 * discrete, input, holding; default holding) from {@code from} to {@code to} (default 0..99, at
 * most 2000 addresses) one at a time, and reports the addresses that answered. OPC UA ({@code
 * protocol: opcua}): browses the controller's folder and reports its tags.
 *
 * <p>A conduit that drops one request closes the connection; the sweep then reconnects (at most 20
 * times) and goes on, as a patient scanner would, so a range filter shows as gaps.
 */
public final class PointAndTagIdentification extends AbstractTechnique {

  private static final int MAX_RECONNECTS = 20;

  public PointAndTagIdentification() {
    super(
        "T0861",
        Set.of("target"),
        Set.of("protocol", "table", "from", "to", "unit", "security", "username", "password"));
  }

  @Override
  void checkValues(Checks c) {
    checkCommon(c);
    Params p = c.params();
    c.param("protocol", () -> p.choice("protocol", "modbus", "modbus", "opcua"));
    c.param("table", () -> p.choice("table", "holding", "holding", "input", "coil", "discrete"));
    Integer from = c.value("from", () -> p.integer("from", 0, 0, 0xFFFF));
    if (from != null) {
      Integer to = c.value("to", () -> p.integer("to", Math.min(0xFFFF, from + 99), from, 0xFFFF));
      if (to != null && to - from + 1 > 2000) {
        c.add(
            "to",
            "the sweep " + from + ".." + to + " is longer than 2000 addresses",
            "Sweep at most 2000 addresses: to: " + Math.min(0xFFFF, from + 1999) + " or less");
      }
    }
    c.controller();
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    String target = p.required("target");
    return p.choice("protocol", "modbus", "modbus", "opcua").equals("opcua")
        ? browse(ctx, p, target)
        : sweep(ctx, p, target);
  }

  private static StepOutcome sweep(AttackContext ctx, Params p, String target) {
    String table = p.choice("table", "holding", "holding", "input", "coil", "discrete");
    int fc =
        table.equals("coil") ? 1 : table.equals("discrete") ? 2 : table.equals("input") ? 4 : 3;
    int from = p.integer("from", 0, 0, 0xFFFF);
    int to = p.integer("to", Math.min(0xFFFF, from + 99), from, 0xFFFF);
    if (to - from + 1 > 2000) {
      throw new Params.Bad("the sweep " + from + ".." + to + " is longer than 2000 addresses");
    }
    int unit = unit(ctx, target, p);
    Access a = accessOrNull(ctx, target, Protocol.MODBUS);
    if (a == null) {
      return new StepOutcome.Failed("host '" + target + "' runs no Modbus server");
    }
    List<Integer> answered = new ArrayList<>();
    int refused = 0;
    int denied = 0;
    ConduitDecision.Denied firstDenial = null;
    ModbusConnection m = null;
    int reconnects = 0;
    try {
      for (int addr = from; addr <= to; addr++) {
        Watch watch = new Watch(ctx, target);
        try {
          if (m == null) {
            if (reconnects++ > MAX_RECONNECTS) {
              break;
            }
            m = Wire.connect(a, unit, ctx.ioTimeout());
          }
          if (fc <= 2) {
            m.readBits(fc, addr, 1);
          } else {
            m.readWords(fc, addr, 1);
          }
          answered.add(addr);
        } catch (ModbusConnection.ExceptionResponse e) {
          if (watch.fresh().isPresent()) {
            denied++;
          } else {
            refused++;
          }
        } catch (IOException e) {
          if (m != null) {
            m.close();
            m = null;
          }
          Optional<ConduitDecision.Denied> d = watch.fresh();
          if (d.isEmpty()) {
            break; // the device went away: nothing more to learn
          }
          denied++;
          if (firstDenial == null) {
            firstDenial = d.get();
          }
          if (d.get().rule() == null && answered.isEmpty() && denied > 1) {
            break; // denied at connect time, again: the conduit refuses the connection itself
          }
        } finally {
          Optional<ConduitDecision.Denied> d = watch.fresh();
          if (firstDenial == null && d.isPresent()) {
            firstDenial = d.get();
          }
        }
      }
    } finally {
      if (m != null) {
        m.close();
      }
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("table", table);
    f.put("answered", ranges(answered));
    f.put("answeredCount", String.valueOf(answered.size()));
    f.put("refusedByDevice", String.valueOf(refused));
    f.put("deniedByConduit", String.valueOf(denied));
    if (!answered.isEmpty()) {
      return new StepOutcome.Succeeded(
          "swept "
              + table
              + " "
              + from
              + ".."
              + to
              + " on "
              + target
              + ": "
              + answered.size()
              + " addresses answered ("
              + ranges(answered)
              + ")",
          f);
    }
    if (firstDenial != null) {
      return Watch.blocked(firstDenial);
    }
    if (a instanceof Access.Unreachable u) {
      return new StepOutcome.Blocked("(none)", null, u.reason());
    }
    return new StepOutcome.Failed(
        "no address of " + table + " " + from + ".." + to + " answered on " + target + ".");
  }

  private static StepOutcome browse(AttackContext ctx, Params p, String target) {
    String plc = controllerId(ctx, target);
    Access a = accessOrNull(ctx, target, Protocol.OPCUA);
    if (a == null) {
      return new StepOutcome.Failed("host '" + target + "' runs no OPC UA server");
    }
    ClientIdentity id =
        p.has("username")
            ? ClientIdentity.user(p.required("username"), p.string("password", ""))
            : ClientIdentity.anonymous();
    StepOutcome refused = uaPreflight(ctx, a, target);
    if (refused != null) {
      return refused;
    }
    Watch watch = new Watch(ctx, target);
    try (OpcUaClientSession s = openUa(ctx, a, id, security(p))) {
      List<String> tags = s.browseTags(plc);
      return new StepOutcome.Succeeded(
          "browsed " + plc + " on " + target + ": " + tags.size() + " tags",
          Map.of("tags", String.join(",", tags), "tagCount", String.valueOf(tags.size())));
    } catch (OtlabException e) {
      return watch.blockedOr(
          a,
          new StepOutcome.Failed("browsing " + plc + " on " + target + " failed: " + describe(e)));
    }
  }

  /** 0,1,2,5 becomes "0-2,5". */
  static String ranges(List<Integer> sorted) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sorted.size(); i++) {
      int start = sorted.get(i);
      int end = start;
      while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) {
        end = sorted.get(++i);
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(start == end ? String.valueOf(start) : start + "-" + end);
    }
    return sb.toString();
  }
}
