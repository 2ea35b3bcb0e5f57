package dev.otlab.network.relay;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RuleAction;
import dev.otlab.network.Selector;
import dev.otlab.simulator.modbus.ModbusClient;
import dev.otlab.simulator.modbus.ModbusServerConfig;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.opcua.OpcUaServerSettings;
import dev.otlab.simulator.opcua.PlcOpcUaServer;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: the latency one relay hop adds, p50 and p99, for Modbus FC03 (10 registers; direct,
 * one relay, two relays in series) and OPC UA single-node reads (direct, one relay). The relays run
 * deep-packet inspection with a register-range and service filter and count decisions and tap
 * events, as a lab's relays do. Run it with
 *
 * <pre>
 * ./mvnw -B -q -pl simulator test-compile
 * ./mvnw -B -q -pl simulator dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp simulator/target/classes:simulator/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.otlab.network.relay.RelayLatencyBenchmark [modbusRequests] [opcuaReads]
 * </pre>
 */
public final class RelayLatencyBenchmark {

  private RelayLatencyBenchmark() {}

  private static final AtomicLong DECISIONS = new AtomicLong();
  private static final AtomicLong EVENTS = new AtomicLong();

  public static void main(String[] args) throws Exception {
    int modbusRequests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int opcuaReads = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    HostRef hmi = HostRef.of("hmi", "operations");
    HostRef plc = HostRef.of("plc", "control");

    List<PointSpec> points = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      points.add(
          new PointSpec(
              "hr_" + i, Table.HOLDING_REGISTER, i, DataType.INT16, 10, "", true, 0, 1000, ""));
    }
    ProcessImage image =
        new ProcessImage("plc-bench", 1, "benchmark", DeviceIdentity.defaults(), points, () -> 0.0);
    for (int i = 0; i < 10; i++) {
      image.set("hr_" + i, i * 1.5);
    }

    ConduitSpec modbusConduit =
        Rules.conduit(
            "ops-ctl",
            Rules.modbus(
                "reads",
                Selector.zone("operations"),
                Selector.zone("control"),
                RuleAction.ALLOW,
                new ModbusFilter(Set.of(3), List.of(new RegisterRange(0, 99)))));
    Flow modbusFlow = Flow.of(hmi, plc, Protocol.MODBUS);
    System.out.println(
        "requests per configuration: Modbus " + modbusRequests + ", OPC UA " + opcuaReads);
    try (ModbusTcpServer server = new ModbusTcpServer(image, ModbusServerConfig.defaults())) {
      server.start();
      try (ConduitRelay second = relay("hop-2", modbusFlow, modbusConduit, server.port());
          ConduitRelay first = relay("hop-1", modbusFlow, modbusConduit, second.port())) {
        double[][] m = interleaved(modbusRequests, server.port(), second.port(), first.port());
        double[] direct = m[0];
        double[] one = m[1];
        double[] two = m[2];
        report("Modbus FC03 x10, direct      ", direct);
        report("Modbus FC03 x10, one relay   ", one);
        report("Modbus FC03 x10, two relays  ", two);
        System.out.printf(
            Locale.ROOT,
            "Modbus added per hop: p50 %.1f us, p99 %.1f us (one relay); two relays add p50 %.1f"
                + " us%n",
            pct(one, 50) - pct(direct, 50),
            pct(one, 99) - pct(direct, 99),
            pct(two, 50) - pct(direct, 50));
      }
    }

    Path pki = Files.createTempDirectory("otlab-relay-bench");
    ConduitSpec uaConduit =
        Rules.conduit(
            "ops-ctl",
            Rules.opcua(
                "ro",
                Selector.ANY,
                Selector.ANY,
                RuleAction.ALLOW,
                Rules.services(OpcUaMode.NONE, OpcUaService.BROWSE, OpcUaService.READ)));
    Flow uaFlow = Flow.of(hmi, plc, Protocol.OPCUA);
    try (PlcOpcUaServer server =
        new PlcOpcUaServer(image, OpcUaServerSettings.defaults().withPkiDir(pki))) {
      server.start();
      try (ConduitRelay relay = relay("ua-hop", uaFlow, uaConduit, server.port())) {
        String viaRelay =
            server.endpointUrl().replace(":" + server.port() + "/", ":" + relay.port() + "/");
        opcua(viaRelay, pki, opcuaReads);
        double[] direct = opcua(server.endpointUrl(), pki, opcuaReads);
        double[] one = opcua(viaRelay, pki, opcuaReads);
        report("OPC UA read 1 node, direct   ", direct);
        report("OPC UA read 1 node, one relay", one);
        System.out.printf(
            Locale.ROOT,
            "OPC UA added per hop: p50 %.1f us, p99 %.1f us%n",
            pct(one, 50) - pct(direct, 50),
            pct(one, 99) - pct(direct, 99));
      }
    }
    System.out.println("decisions recorded: " + DECISIONS.get() + ", tap events: " + EVENTS.get());
  }

  private static ConduitRelay relay(String id, Flow flow, ConduitSpec conduit, int target) {
    ConduitRelay r =
        new ConduitRelay(
            RelayRoute.of(id, flow, conduit, target),
            RelayConfig.defaults(),
            () -> 0.0,
            d -> DECISIONS.incrementAndGet(),
            e -> EVENTS.incrementAndGet());
    r.start();
    return r;
  }

  /**
   * Microseconds per FC03 round trip for each port. Every client is warmed up first (so the JIT has
   * compiled the relay path before any configuration is measured), then the configurations take
   * turns in rounds, so load from elsewhere on the machine spreads over all of them.
   */
  private static double[][] interleaved(int n, int... ports) {
    List<ModbusClient> clients = new ArrayList<>();
    try {
      for (int port : ports) {
        clients.add(ModbusClient.connect("127.0.0.1", port, 1, Duration.ofSeconds(5)));
      }
      for (ModbusClient c : clients) {
        for (int i = 0; i < Math.max(5000, n / 2); i++) {
          c.readHoldingRegisters(0, 10);
        }
      }
      double[][] micros = new double[ports.length][n];
      int rounds = 20;
      int perRound = Math.max(1, n / rounds);
      for (int done = 0; done < n; done += perRound) {
        for (int k = 0; k < clients.size(); k++) {
          ModbusClient c = clients.get(k);
          for (int i = done; i < Math.min(n, done + perRound); i++) {
            long t0 = System.nanoTime();
            c.readHoldingRegisters(0, 10);
            micros[k][i] = (System.nanoTime() - t0) / 1e3;
          }
        }
      }
      return micros;
    } finally {
      clients.forEach(ModbusClient::close);
    }
  }

  private static double[] opcua(String url, Path pki, int n) {
    try (OpcUaClientSession session =
        OpcUaClientSession.connect(
            OpcUaClientSession.Options.of(url, ClientIdentity.anonymous(), pki))) {
      for (int i = 0; i < n / 4; i++) {
        session.readTag("plc-bench", "hr_1");
      }
      double[] micros = new double[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        session.readTag("plc-bench", "hr_1");
        micros[i] = (System.nanoTime() - t0) / 1e3;
      }
      return micros;
    }
  }

  private static double pct(double[] sorted, int p) {
    double[] s = sorted.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }

  private static void report(String what, double[] micros) {
    System.out.printf(
        Locale.ROOT,
        "%s p50 %7.1f us  p99 %7.1f us  max %8.1f us%n",
        what,
        pct(micros, 50),
        pct(micros, 99),
        pct(micros, 100));
  }
}
