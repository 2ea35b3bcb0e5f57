package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.simulator.modbus.ModbusClient;
import dev.otlab.simulator.modbus.ModbusClientException;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * One host's point of view, for tests and measurements in the container lab: Modbus requests to a
 * controller (through whatever gateways the plan puts on the way) and reachability checks towards
 * arbitrary addresses (the leak test). Every operation yields one line {@code PROBE <op> <OUTCOME>
 * <detail>}; outcomes are OK (done), REFUSED (the path exists but the conduit or server said no),
 * and BLOCKED (nothing answered, or no route).
 */
public final class Probe {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final ContainerPlan plan;
  private final PlantSpec plant;
  private final HostSpec self;

  public Probe(ContainerPlan plan, PlantSpec plant, String hostId) {
    this.plan = plan;
    this.plant = plant;
    this.self = NodeHosts.host(plan.architecture(), hostId);
  }

  /**
   * Runs one operation. Modbus: {@code fc01|fc03|fc04:ADDR:COUNT}, {@code fc05:ADDR:0|1}, {@code
   * fc06:ADDR:VALUE}, {@code bench:N} (N single-register FC03 reads, latency percentiles), all
   * against {@code target}. Reachability: {@code dns:NAME}, {@code tcp:HOST:PORT}, {@code
   * icmp:HOST} (ICMP echo when the process may open raw sockets, as root in a container).
   */
  public String run(String op, Optional<String> target) {
    String[] p = op.split(":");
    String kind = p[0].toLowerCase(Locale.ROOT);
    try {
      switch (kind) {
        case "dns":
          return line(op, dns(arg(p, 1, op)));
        case "tcp":
          return line(op, tcp(arg(p, 1, op), Integer.parseInt(arg(p, 2, op))));
        case "icmp":
          return line(op, icmp(arg(p, 1, op)));
        case "fc01":
        case "fc03":
        case "fc04":
        case "fc05":
        case "fc06":
        case "bench":
          return line(op, modbus(kind, p, op, target));
        default:
          throw badOp(op);
      }
    } catch (NumberFormatException e) {
      throw badOp(op);
    }
  }

  private String modbus(String kind, String[] p, String op, Optional<String> target) {
    String targetId =
        target.orElseThrow(
            () ->
                new OtlabException(
                    "PROBE_TARGET_MISSING",
                    "Probe operation " + op + " needs a target controller host.",
                    "Add --target HOST."));
    HostSpec to = NodeHosts.host(plan.architecture(), targetId);
    ControllerSpec controller =
        plant.controllers().stream()
            .filter(c -> c.id().equals(to.controller()))
            .findFirst()
            .orElseThrow(
                () ->
                    new OtlabException(
                        "PROBE_TARGET_INVALID",
                        "Host '" + targetId + "' runs no controller of plant " + plant.id() + ".",
                        "Target a plc or sis host."));
    Optional<ContainerPlan.Route> route = plan.route(self.id(), targetId, Protocol.MODBUS);
    if (route.isEmpty()) {
      return "BLOCKED no conduit path from " + self.id() + " to " + targetId;
    }
    String host = route.get().firstHost();
    int port = route.get().firstPort();
    try (ModbusClient c = ModbusClient.connect(host, port, controller.unitId(), TIMEOUT)) {
      switch (kind) {
        case "fc01":
          return "OK " + Arrays.toString(c.readCoils(num(p, 1, op), num(p, 2, op)));
        case "fc03":
          return "OK " + Arrays.toString(c.readHoldingRegisters(num(p, 1, op), num(p, 2, op)));
        case "fc04":
          return "OK " + Arrays.toString(c.readInputRegisters(num(p, 1, op), num(p, 2, op)));
        case "fc05":
          c.writeCoil(num(p, 1, op), num(p, 2, op) != 0);
          return "OK written";
        case "fc06":
          c.writeRegister(num(p, 1, op), num(p, 2, op));
          return "OK written";
        default:
          return bench(c, num(p, 1, op));
      }
    } catch (ModbusClientException e) {
      if (e.isExceptionResponse()) {
        return "REFUSED modbus exception " + e.rawExceptionCode() + " via " + host + ":" + port;
      }
      return "BLOCKED " + e.getMessage() + " via " + host + ":" + port;
    } catch (OtlabException e) {
      return "BLOCKED " + e.getMessage() + " via " + host + ":" + port;
    }
  }

  private static String bench(ModbusClient c, int n) {
    if (n < 1) {
      throw new OtlabException("PROBE_OP_INVALID", "bench needs N >= 1.", "Use e.g. bench:2000.");
    }
    // A few warm-up reads so JIT compilation does not land in the percentiles.
    for (int i = 0; i < Math.min(200, n); i++) {
      c.readHoldingRegisters(0, 1);
    }
    long[] us = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      c.readHoldingRegisters(0, 1);
      us[i] = (System.nanoTime() - t0) / 1000;
    }
    Arrays.sort(us);
    return String.format(
        Locale.ROOT,
        "OK n=%d p50=%dus p90=%dus p99=%dus max=%dus",
        n,
        us[n / 2],
        us[(int) (n * 0.9)],
        us[Math.min(n - 1, (int) (n * 0.99))],
        us[n - 1]);
  }

  private static String dns(String name) {
    try {
      InetAddress[] all = InetAddress.getAllByName(name);
      return "OK " + Arrays.stream(all).map(InetAddress::getHostAddress).toList();
    } catch (UnknownHostException e) {
      return "BLOCKED " + e.getMessage();
    }
  }

  private static final int CLOSE_WAIT_MILLIS = 500;

  private static String tcp(String host, int port) {
    try (Socket s = new Socket()) {
      try {
        s.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
      } catch (java.net.ConnectException e) {
        // A reset proves the packets got there and back: that is a path, not a block.
        return e.getMessage() != null && e.getMessage().contains("refused")
            ? "REFUSED " + e.getMessage()
            : "BLOCKED " + e.getMessage();
      } catch (java.net.SocketException e) {
        // A reset can reach the socket before connect() returns: the handshake completed and the
        // peer (a relay refusing this source) accepted and reset at once. A filtered port never
        // completes the handshake, so this is a close by the peer, not a block.
        return e.getMessage() != null && e.getMessage().contains("reset")
            ? "CLOSED by the peer right after connecting (reset before connect returned)"
            : "BLOCKED " + e;
      } catch (IOException e) {
        return "BLOCKED " + e;
      }
      String from = s.getLocalAddress().getHostAddress();
      // A relay that refuses this source (or a conduit that denies the connection) accepts and
      // closes at once; a service that takes the connection waits for a request. The close can
      // surface on any call after the connect, setting the timeout included.
      try {
        s.setSoTimeout(CLOSE_WAIT_MILLIS);
        int b = s.getInputStream().read();
        return b < 0
            ? "CLOSED by the peer right after connecting from " + from
            : "OK connected from " + from + " (the peer spoke first)";
      } catch (java.net.SocketTimeoutException e) {
        return "OK connected from " + from;
      } catch (IOException e) {
        return "CLOSED by the peer right after connecting from " + from + ": " + e.getMessage();
      }
    } catch (IOException e) {
      return "BLOCKED " + e;
    }
  }

  private static String icmp(String host) {
    try {
      InetAddress a = InetAddress.getByName(host);
      return a.isReachable((int) TIMEOUT.toMillis()) ? "OK echo reply" : "BLOCKED no reply";
    } catch (IOException e) {
      return "BLOCKED " + e;
    }
  }

  private static String line(String op, String outcome) {
    return "PROBE " + op + " " + outcome;
  }

  private static String arg(String[] p, int i, String op) {
    if (p.length <= i || p[i].isBlank()) {
      throw badOp(op);
    }
    return p[i];
  }

  private static int num(String[] p, int i, String op) {
    return Integer.parseInt(arg(p, i, op));
  }

  private static OtlabException badOp(String op) {
    return new OtlabException(
        "PROBE_OP_INVALID",
        "Unknown probe operation '" + op + "'.",
        "Use fc01|fc03|fc04:ADDR:COUNT, fc05:ADDR:0|1, fc06:ADDR:VALUE, bench:N, dns:NAME,"
            + " tcp:HOST:PORT or icmp:HOST.");
  }
}
