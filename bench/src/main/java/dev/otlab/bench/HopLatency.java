package dev.otlab.bench;

import dev.otlab.core.loopback.Loopback;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.relay.ConduitRelay;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.relay.RelayRoute;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.modbus.ModbusServerConfig;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.SoftPlc;
import dev.otlab.simulator.plc.Table;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latency of one Modbus FC03 round trip (an HMI poll of a controller's holding registers) to
 * the plant's controller with the most holding registers, served by its Modbus TCP server, directly
 * and through one conduit relay that inspects and allows it and reports its decision and tap event
 * as a lab's relay does.
 */
final class HopLatency {

  /**
   * Microseconds per round trip.
   *
   * @param controller the controller polled
   * @param registers holding registers each request reads
   * @param direct client to server
   * @param relayed client to relay to server
   * @param relayEvents tap events the relay reported (one per relayed request, warm-up included)
   */
  record Sample(
      String controller, int registers, double[] direct, double[] relayed, long relayEvents) {}

  private HopLatency() {}

  /**
   * Measures over kernel sockets ({@code inProcess} false: {@code -Dotlab.loopback=false} for the
   * measurement) or as the embedded lab's own clients connect, in process.
   */
  static Sample measure(PlantSpec spec, int requests, boolean inProcess) throws IOException {
    String before = System.getProperty(Loopback.PROPERTY);
    System.setProperty(Loopback.PROPERTY, Boolean.toString(inProcess));
    try {
      return measure(spec, requests);
    } finally {
      if (before == null) {
        System.clearProperty(Loopback.PROPERTY);
      } else {
        System.setProperty(Loopback.PROPERTY, before);
      }
    }
  }

  private static Sample measure(PlantSpec spec, int requests) throws IOException {
    // The controller's image as the plant built it; the clock never runs, the values stand still.
    Plant plant = Plant.create(spec, new LabClock(1, Speed.MAX));
    SoftPlc plc = mostHoldingRegisters(plant.controllers());
    int first = Integer.MAX_VALUE;
    int end = 0;
    for (PointSpec p : plc.image().points()) {
      if (p.table() == Table.HOLDING_REGISTER) {
        first = Math.min(first, p.address());
        end = Math.max(end, p.address() + p.type().words());
      }
    }
    int count = Math.min(125, end - first);
    HostRef hmi = HostRef.of("bench-hmi", "operations");
    HostRef target = HostRef.of(plc.id(), "control");
    ConduitSpec conduit =
        new ConduitSpec(
            "bench-ops-control",
            "operations",
            "control",
            List.of(
                new RuleSpec(
                    "hmi-reads",
                    Selector.zone("operations"),
                    Selector.zone("control"),
                    Protocol.MODBUS,
                    null,
                    RuleAction.ALLOW,
                    new ModbusFilter(
                        Set.of(3),
                        List.of(
                            new RegisterRange(first, first + count - 1, Table.HOLDING_REGISTER))),
                    null)),
            "what the benchmark's HMI may read");
    AtomicLong decisions = new AtomicLong();
    AtomicLong events = new AtomicLong();
    try (ModbusTcpServer server = new ModbusTcpServer(plc, ModbusServerConfig.defaults())) {
      server.start();
      try (ConduitRelay relay =
          new ConduitRelay(
              RelayRoute.of(
                  "bench-hop", Flow.of(hmi, target, Protocol.MODBUS), conduit, server.port()),
              RelayConfig.defaults(),
              () -> 0.0,
              d -> decisions.incrementAndGet(),
              e -> events.incrementAndGet())) {
        relay.start();
        int unit = plc.image().unitId();
        double[][] micros = interleaved(requests, first, count, unit, server.port(), relay.port());
        return new Sample(plc.id(), count, micros[0], micros[1], events.get());
      }
    }
  }

  /** The controller an HMI poll reads the most registers from (the first of equals). */
  private static SoftPlc mostHoldingRegisters(List<SoftPlc> controllers) {
    SoftPlc best = null;
    long most = 0;
    for (SoftPlc c : controllers) {
      long n = c.image().points().stream().filter(p -> p.table() == Table.HOLDING_REGISTER).count();
      if (n > most) {
        best = c;
        most = n;
      }
    }
    if (best == null) {
      throw new IllegalStateException("The plant has no controller with holding registers.");
    }
    return best;
  }

  /**
   * Microseconds per round trip for each port. Both clients are warmed up first (so the JIT has
   * compiled the client, server and relay paths before anything is measured), then they take turns
   * request by request, so a burst of load from elsewhere on the machine falls on both alike (in
   * rounds of a thousand, one burst could land on the direct round alone and make the added p99
   * negative).
   */
  private static double[][] interleaved(int n, int address, int count, int unit, int... ports)
      throws IOException {
    ModbusConnection[] clients = new ModbusConnection[ports.length];
    try {
      for (int k = 0; k < ports.length; k++) {
        clients[k] = ModbusConnection.connect("127.0.0.1", ports[k], unit, Duration.ofSeconds(5));
      }
      for (ModbusConnection c : clients) {
        for (int i = 0; i < Math.max(5000, n / 2); i++) {
          c.readWords(3, address, count);
        }
      }
      double[][] micros = new double[ports.length][n];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < clients.length; k++) {
          long t0 = System.nanoTime();
          clients[k].readWords(3, address, count);
          micros[k][i] = (System.nanoTime() - t0) / 1e3;
        }
      }
      return micros;
    } finally {
      for (ModbusConnection c : clients) {
        if (c != null) {
          c.close();
        }
      }
    }
  }
}
