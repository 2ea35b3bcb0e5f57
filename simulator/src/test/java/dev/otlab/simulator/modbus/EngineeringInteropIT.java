package dev.otlab.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.SoftPlc;
import dev.otlab.testkit.Command;
import dev.otlab.testkit.RequiresTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FC90 against a client that shares no code with ours: a Python script written from the documented
 * sub-protocol table (standard library only), over a real socket.
 */
class EngineeringInteropIT {

  private static final String PYTHON = "/usr/bin/python3";

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
  @RequiresTool(value = PYTHON, hint = "apt-get install -y python3")
  void aPythonClientWrittenFromTheDocumentationUploadsAndDownloads() throws Exception {
    Path script = Path.of(getClass().getResource("/modbus/fc90_check.py").toURI());
    // A hang guard, not a performance threshold.
    Command.Result check =
        Command.run(
            Duration.ofSeconds(120),
            PYTHON,
            script.toString(),
            String.valueOf(server.port()),
            String.valueOf(ModbusFixtures.UNIT_ID));
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output())
        .contains(
            "INFO mode=1 blocks=1",
            "CRC OK",
            "WRONG MODE EXCEPTION 4",
            "BAD MODE EXCEPTION 3",
            "OK");
    assertThat(plc.mode()).isEqualTo(PlcMode.RUN);
    assertThat(plc.source().orElseThrow().get(0).params()).containsEntry("action", "drain");
  }
}
