package dev.otlab.simulator.modbus;

import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: how many FC03 (10 registers) round trips one j2mod client gets per second from our
 * server over loopback, and how long a server takes to start. Run it with
 *
 * <pre>
 * ./mvnw -B -q -pl simulator test-compile
 * ./mvnw -B -q -pl simulator dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp simulator/target/classes:simulator/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.otlab.simulator.modbus.ModbusFc03Benchmark [measureSeconds]
 * </pre>
 */
public final class ModbusFc03Benchmark {

  private ModbusFc03Benchmark() {}

  public static void main(String[] args) {
    long measureNanos = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5).toNanos();
    long warmupNanos = Duration.ofSeconds(2).toNanos();
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

    // Start time: the first start includes class loading, later ones are what a lab restart costs.
    double[] startMillis = new double[11];
    for (int i = 0; i < startMillis.length; i++) {
      long t0 = System.nanoTime();
      ModbusTcpServer s = new ModbusTcpServer(image, ModbusServerConfig.defaults());
      s.start();
      startMillis[i] = (System.nanoTime() - t0) / 1e6;
      s.stop();
    }
    double[] warm = Arrays.copyOfRange(startMillis, 1, startMillis.length);
    Arrays.sort(warm);

    try (ModbusTcpServer server = new ModbusTcpServer(image, ModbusServerConfig.defaults())) {
      server.start();
      try (ModbusClient client =
          ModbusClient.connect("127.0.0.1", server.port(), 1, Duration.ofSeconds(5))) {
        run(client, warmupNanos);
        long t0 = System.nanoTime();
        long n = run(client, measureNanos);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "FC03 x10 registers, 1 j2mod client, loopback: %d round trips in %.2f s = %.0f/s"
                + " (mean %.1f us)%n",
            n, seconds, n / seconds, seconds * 1e6 / n);
      }
    }
    System.out.printf(
        "server start (new + start, bind + threads): first %.2f ms, then median %.2f ms"
            + " (min %.2f, max %.2f)%n",
        startMillis[0], warm[warm.length / 2], warm[0], warm[warm.length - 1]);
  }

  private static long run(ModbusClient client, long nanos) {
    long end = System.nanoTime() + nanos;
    long n = 0;
    while (System.nanoTime() < end) {
      int[] r = client.readHoldingRegisters(0, 10);
      if (r.length != 10 || r[3] != 45) {
        throw new IllegalStateException("unexpected answer " + Arrays.toString(r));
      }
      n++;
    }
    return n;
  }
}
