package dev.otlab.simulator.opcua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Whole-path numbers for the OPC UA server, not a test: start time with and without certificate
 * generation, and single-node reads per second on one session (security None, anonymous), each read
 * a full Read service round trip through {@link OpcUaClientSession#readTag}.
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * ./mvnw -B -q -pl simulator test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp simulator/target/test-classes:simulator/target/classes:$(cat simulator/target/test-cp.txt) \
 *     dev.otlab.simulator.opcua.OpcUaReadBenchmark [seconds]
 * </pre>
 */
public final class OpcUaReadBenchmark {

  private OpcUaReadBenchmark() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5.0;
    Path pki = Files.createTempDirectory("otlab-opcua-bench-pki");
    Path clientPki = Files.createTempDirectory("otlab-opcua-bench-client");
    OpcUaTestPlc plc = new OpcUaTestPlc();
    plc.image.set("level", 4.25);
    OpcUaServerSettings settings = OpcUaServerSettings.defaults().withPkiDir(pki);
    try {
      long t0 = System.nanoTime();
      try (PlcOpcUaServer first = new PlcOpcUaServer(plc.image, settings)) {
        first.start();
        long firstStart = System.nanoTime() - t0;
        System.out.printf(
            "first start (certificate generated: %s): %.1f ms%n",
            first.certificateGenerated(), firstStart / 1e6);
      }
      long t1 = System.nanoTime();
      try (PlcOpcUaServer server = new PlcOpcUaServer(plc.image, settings)) {
        server.start();
        long secondStart = System.nanoTime() - t1;
        System.out.printf(
            "second start (certificate generated: %s): %.1f ms%n",
            server.certificateGenerated(), secondStart / 1e6);
        // The first start also pays for class loading; a warm start with a fresh PKI directory
        // isolates the cost of generating the key pair and certificate.
        long t2 = System.nanoTime();
        try (PlcOpcUaServer fresh =
            new PlcOpcUaServer(plc.image, settings.withPkiDir(pki.resolve("fresh")))) {
          fresh.start();
          System.out.printf(
              "warm start with a fresh PKI directory (certificate generated: %s): %.1f ms%n",
              fresh.certificateGenerated(), (System.nanoTime() - t2) / 1e6);
        }

        try (OpcUaClientSession session =
            OpcUaClientSession.connect(
                OpcUaClientSession.Options.of(
                    server.endpointUrl(), ClientIdentity.anonymous(), clientPki))) {
          long warmupEnd = System.nanoTime() + 2_000_000_000L;
          while (System.nanoTime() < warmupEnd) {
            read(session);
          }
          long reads = 0;
          long start = System.nanoTime();
          long end = start + (long) (seconds * 1e9);
          while (System.nanoTime() < end) {
            read(session);
            reads++;
          }
          double elapsed = (System.nanoTime() - start) / 1e9;
          System.out.printf(
              "single-node reads, one session, security None: %d in %.2f s = %.0f reads/s (%.1f us each)%n",
              reads, elapsed, reads / elapsed, elapsed * 1e6 / reads);
        }
      }
    } finally {
      delete(pki);
      delete(clientPki);
    }
    System.exit(0);
  }

  private static void read(OpcUaClientSession session) {
    OpcUaClientSession.TagReading r = session.readTag(OpcUaTestPlc.ID, "level");
    if (!r.status().isGood() || r.asDouble() != 4.25) {
      throw new IllegalStateException("unexpected reading " + r);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
