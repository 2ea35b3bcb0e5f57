package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.Guardrail;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.simulator.modbus.ModbusConnection;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * T0846 Remote System Discovery: probes Modbus (an FC03 read of one register) and OPC UA (a Hello
 * that must be acknowledged) on every other host of the architecture, from the current host. A
 * service counts as reachable only when it answers at the protocol level: a relay that denies still
 * accepts the TCP connection before it closes it.
 *
 * <p>Optional {@code hosts}: a comma-separated list of host ids to probe instead of all.
 */
public final class RemoteSystemDiscovery extends AbstractTechnique {

  public RemoteSystemDiscovery() {
    super("T0846", Set.of(), Set.of("hosts"));
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    List<String> hosts = new ArrayList<>();
    String listed = p.get("hosts");
    if (listed != null) {
      for (String h : listed.split(",")) {
        String id = h.strip();
        if (!Guardrail.isLabHost(ctx, id)) {
          throw new Params.Bad("'" + id + "' in 'hosts' is not a host of the architecture");
        }
        hosts.add(id);
      }
    } else {
      ctx.architecture().hosts().stream().map(HostSpec::id).forEach(hosts::add);
    }
    hosts.remove(ctx.currentHost());
    Map<String, String> findings = new LinkedHashMap<>();
    List<String> reachable = new ArrayList<>();
    ConduitDecision.Denied firstDenial = null;
    int probes = 0;
    for (String host : hosts) {
      for (Protocol protocol : List.of(Protocol.MODBUS, Protocol.OPCUA)) {
        Access a = accessOrNull(ctx, host, protocol);
        if (a == null) {
          continue; // the lab runs no such server: a scanner would find the port closed
        }
        probes++;
        String key = host + ":" + protocol.name().toLowerCase(java.util.Locale.ROOT);
        Watch watch = new Watch(ctx, host);
        boolean answered =
            protocol == Protocol.MODBUS
                ? modbusAnswers(a, unit(ctx, host, p), ctx.ioTimeout())
                : opcUaAnswers(a, ctx.ioTimeout());
        Optional<ConduitDecision.Denied> d = watch.fresh();
        if (d.isEmpty() && answered) {
          reachable.add(key);
          findings.put(key, "open");
        } else if (d.isPresent()) {
          findings.put(
              key,
              "blocked by "
                  + d.get().conduit()
                  + (d.get().rule() != null ? " rule " + d.get().rule() : " (default deny)"));
          if (firstDenial == null) {
            firstDenial = d.get();
          }
        } else {
          findings.put(key, "no answer");
        }
      }
    }
    findings.put("reachable", String.join(",", reachable));
    findings.put("probed", String.valueOf(probes));
    if (!reachable.isEmpty()) {
      return new StepOutcome.Succeeded(
          "from "
              + ctx.currentHost()
              + " found "
              + reachable.size()
              + " of "
              + probes
              + " services answering: "
              + String.join(", ", reachable),
          findings);
    }
    if (firstDenial != null) {
      return new StepOutcome.Blocked(
          firstDenial.conduit(),
          firstDenial.rule(),
          "no service answered from " + ctx.currentHost() + "; " + firstDenial.reason());
    }
    return new StepOutcome.Failed(
        "no service answered from " + ctx.currentHost() + " (" + probes + " probed).");
  }

  static boolean modbusAnswers(Access a, int unit, Duration timeout) {
    try (ModbusConnection m = Wire.connect(a, unit, timeout)) {
      m.readWords(3, 0, 1);
      return true;
    } catch (ModbusConnection.ExceptionResponse e) {
      // An exception response proves a Modbus server, unless a conduit sent it: the caller's
      // watch tells those apart.
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends an OPC UA Hello and expects an Acknowledge. */
  static boolean opcUaAnswers(Access a, Duration timeout) {
    String address = Guardrail.requireLabAddress(a.address());
    int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    byte[] url =
        ("opc.tcp://" + address + ":" + a.port() + "/otlab").getBytes(StandardCharsets.UTF_8);
    ByteBuffer hello = ByteBuffer.allocate(32 + url.length).order(ByteOrder.LITTLE_ENDIAN);
    hello.put("HELF".getBytes(StandardCharsets.US_ASCII)).putInt(32 + url.length);
    hello.putInt(0).putInt(65_536).putInt(65_536).putInt(0).putInt(0);
    hello.putInt(url.length).put(url);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, a.port()), ms);
      s.setSoTimeout(ms);
      OutputStream out = s.getOutputStream();
      out.write(hello.array());
      out.flush();
      byte[] header = new byte[8];
      new DataInputStream(s.getInputStream()).readFully(header);
      return new String(header, 0, 3, StandardCharsets.US_ASCII).equals("ACK");
    } catch (IOException e) {
      return false;
    }
  }
}
