package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.simulator.modbus.ModbusConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * T0814 Denial of Service against a controller's Modbus service, bounded in count and time.
 *
 * <ul>
 *   <li>Connection flood ({@code connections}, default 40, at most 500): opens connections one
 *       after another and keeps those the server serves (one FC03 read answered); counts accepted
 *       and refused; then checks whether a fresh client is still served while all are held.
 *   <li>Request flood ({@code requests}, default 500, at most 20000): FC03 reads back to back on
 *       one connection; counts answered ones.
 * </ul>
 *
 * {@code mode}: connections, requests or both (default). {@code maxSeconds} (default 10, at most
 * 60) bounds the wall time of each part. Everything is closed before the step returns.
 */
public final class DenialOfService extends AbstractTechnique {

  public DenialOfService() {
    super(
        "T0814", Set.of("target"), Set.of("mode", "connections", "requests", "maxSeconds", "unit"));
  }

  @Override
  void checkValues(Checks c) {
    checkCommon(c);
    Params p = c.params();
    c.param("mode", () -> p.choice("mode", "both", "both", "connections", "requests"));
    c.param("connections", () -> p.integer("connections", 40, 1, 500));
    c.param("requests", () -> p.integer("requests", 500, 1, 20_000));
    c.param("maxSeconds", () -> p.integer("maxSeconds", 10, 1, 60));
    c.controller();
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    String target = p.required("target");
    String mode = p.choice("mode", "both", "both", "connections", "requests");
    int connections = p.integer("connections", 40, 1, 500);
    int requests = p.integer("requests", 500, 1, 20_000);
    long budgetNanos = Duration.ofSeconds(p.integer("maxSeconds", 10, 1, 60)).toNanos();
    int unit = unit(ctx, target, p);
    Access a = accessOrNull(ctx, target, Protocol.MODBUS);
    if (a == null) {
      return new StepOutcome.Failed("host '" + target + "' runs no Modbus server");
    }
    // Probes during a flood wait less than a normal request: a flood is many of them.
    Duration probe = min(ctx.ioTimeout(), Duration.ofMillis(500));
    Watch watch = new Watch(ctx, target);
    Map<String, String> f = new LinkedHashMap<>();
    int accepted = 0;
    int answered = 0;
    if (!mode.equals("requests")) {
      List<ModbusConnection> held = new ArrayList<>();
      int refused = 0;
      long end = System.nanoTime() + budgetNanos;
      try {
        for (int i = 0; i < connections && System.nanoTime() < end; i++) {
          ModbusConnection m = null;
          try {
            m = Wire.connect(a, unit, probe);
            m.readWords(3, 0, 1);
            held.add(m);
          } catch (ModbusConnection.ExceptionResponse e) {
            held.add(m); // served, if only with an exception
          } catch (IOException e) {
            refused++;
            if (m != null) {
              m.close();
            }
          }
        }
        accepted = held.size();
        f.put("connectionsAttempted", String.valueOf(accepted + refused));
        f.put("connectionsAccepted", String.valueOf(accepted));
        f.put("connectionsRefused", String.valueOf(refused));
        f.put(
            "servedDuringFlood",
            String.valueOf(RemoteSystemDiscovery.modbusAnswers(a, unit, probe)));
      } finally {
        held.forEach(ModbusConnection::close);
      }
    }
    if (!mode.equals("connections")) {
      int sent = 0;
      int exceptions = 0;
      long end = System.nanoTime() + budgetNanos;
      // Right after a connection flood the server may still count the flood's connections for a
      // moment and turn the next one away; reconnect a bounded number of times before giving up.
      for (int attempt = 0; attempt < 20 && sent < requests && System.nanoTime() < end; attempt++) {
        try (ModbusConnection m = Wire.connect(a, unit, ctx.ioTimeout())) {
          while (sent < requests && System.nanoTime() < end) {
            sent++;
            try {
              m.readWords(3, 0, 1);
              answered++;
            } catch (ModbusConnection.ExceptionResponse e) {
              exceptions++;
            }
          }
          f.remove("requestFloodEnded");
        } catch (IOException e) {
          f.put("requestFloodEnded", e.getMessage());
          if (answered > 0) {
            break; // the server dropped a connection it had served: that is the flood's effect
          }
          sent = 0;
        }
      }
      f.put("requestsSent", String.valueOf(sent));
      f.put("requestsAnswered", String.valueOf(answered));
      f.put("requestsRefused", String.valueOf(exceptions));
    }
    Optional<ConduitDecision.Denied> d = watch.fresh();
    if (accepted == 0 && answered == 0) {
      return watch.blockedOr(
          a, new StepOutcome.Failed("the Modbus server on " + target + " served nothing: " + f));
    }
    String detail =
        "flooded Modbus on "
            + target
            + ": "
            + f.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()
            + d.map(x -> " (conduit " + x.conduit() + " refused some)").orElse("");
    return new StepOutcome.Succeeded(detail, f);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
