package dev.otlab.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.SoftPlc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FC90 against a client that shares no code with ours: a Python script written from the documented
 * sub-protocol table (standard library only), over a real socket.
 */
class EngineeringInteropIT {

  private final ProcessImage image = ModbusFixtures.image();
  private final SoftPlc plc =
      SoftPlc.fromSource(
          "plc-m",
          SoftPlc.Kind.PLC,
          image,
          List.of(
              new BlockSpec(
                  "hysteresis",
                  Map.of(
                      "level",
                      "level",
                      "output",
                      "pump_run",
                      "low",
                      "2",
                      "high",
                      "8",
                      "action",
                      "fill"))),
          0.1);
  private ModbusTcpServer server;

  @BeforeEach
  void start() {
    server = new ModbusTcpServer(plc, ModbusServerConfig.defaults());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aPythonClientWrittenFromTheDocumentationUploadsAndDownloads() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python)) {
      String message =
          "/usr/bin/python3 is not installed; install it with: apt-get install -y python3";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    Path script = Path.of(getClass().getResource("/modbus/fc90_check.py").toURI());
    Path out = Files.createTempFile("fc90-interop", ".log");
    try {
      Process p =
          new ProcessBuilder(
                  python.toString(),
                  script.toString(),
                  String.valueOf(server.port()),
                  String.valueOf(ModbusFixtures.UNIT_ID))
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      // A hang guard, not a performance threshold.
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        Assertions.fail("fc90_check.py did not finish: " + Files.readString(out));
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output)
          .contains(
              "INFO mode=1 blocks=1",
              "CRC OK",
              "WRONG MODE EXCEPTION 4",
              "BAD MODE EXCEPTION 3",
              "OK");
    } finally {
      Files.deleteIfExists(out);
    }
    assertThat(plc.mode()).isEqualTo(PlcMode.RUN);
    assertThat(plc.source().orElseThrow().get(0).params()).containsEntry("action", "drain");
  }
}
