package dev.otlab.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.plc.ProcessImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real third-party clients against our server: if we misread the specification, tools written by
 * other people against other implementations notice. A missing tool skips the test locally and
 * fails it when {@code CI=true}, naming the apt package to install.
 */
class ModbusInteropIT {

  private ProcessImage image;
  private ModbusTcpServer server;

  @BeforeEach
  void startServer() {
    image = ModbusFixtures.image();
    server = new ModbusTcpServer(image, ModbusServerConfig.defaults());
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop();
  }

  @Test
  void mbpollReadsAndWrites() throws Exception {
    String mbpoll = requireTool("/usr/bin/mbpoll", "mbpoll");
    String port = String.valueOf(server.port());

    // 1-based references by default: -r 1 is holding register address 0.
    Run read =
        run(
            mbpoll,
            "-m",
            "tcp",
            "-a",
            "1",
            "-r",
            "1",
            "-c",
            "5",
            "-t",
            "4",
            "-1",
            "-p",
            port,
            "127.0.0.1");
    assertThat(read.exit).as(read.output).isZero();
    assertThat(read.output).contains("[1]: \t555", "[2]: \t1200", "[5]: \t4711");

    Run inputs =
        run(
            mbpoll,
            "-m",
            "tcp",
            "-a",
            "1",
            "-0",
            "-r",
            "0",
            "-c",
            "3",
            "-t",
            "3",
            "-1",
            "-p",
            port,
            "127.0.0.1");
    assertThat(inputs.exit).as(inputs.output).isZero();
    assertThat(inputs.output).contains("[0]: \t42", "[1]: \t2137", "[2]: \t125");

    Run coils =
        run(
            mbpoll,
            "-m",
            "tcp",
            "-a",
            "1",
            "-0",
            "-r",
            "0",
            "-c",
            "4",
            "-t",
            "0",
            "-1",
            "-p",
            port,
            "127.0.0.1");
    assertThat(coils.exit).as(coils.output).isZero();
    assertThat(coils.output).contains("[0]: \t1", "[1]: \t0", "[3]: \t1");

    Run ratio =
        run(
            mbpoll,
            "-m",
            "tcp",
            "-a",
            "1",
            "-0",
            "-r",
            "2",
            "-c",
            "1",
            "-t",
            "4:float",
            "-B",
            "-1",
            "-p",
            port,
            "127.0.0.1");
    assertThat(ratio.exit).as(ratio.output).isZero();
    assertThat(ratio.output).contains("[2]: \t1.5");

    Run write =
        run(
            mbpoll,
            "-m",
            "tcp",
            "-a",
            "1",
            "-r",
            "2",
            "-t",
            "4",
            "-1",
            "-p",
            port,
            "127.0.0.1",
            "900");
    assertThat(write.exit).as(write.output).isZero();
    assertThat(image.get("speed")).isEqualTo(900.0);

    Run bad =
        run(mbpoll, "-m", "tcp", "-a", "1", "-r", "101", "-t", "4", "-1", "-p", port, "127.0.0.1");
    assertThat(bad.exit).as(bad.output).isNotZero();
    assertThat(bad.output).containsIgnoringCase("illegal data address");
  }

  @Test
  void nmapModbusDiscoverFindsTheDevice() throws Exception {
    String nmap = requireTool("/usr/bin/nmap", "nmap");

    // -sT: a plain connect scan, no raw packets; the plus runs the script on a non-502 port.
    Run scan =
        run(
            nmap,
            "-sT",
            "-Pn",
            "-n",
            "-p",
            String.valueOf(server.port()),
            "--script",
            "+modbus-discover",
            "127.0.0.1");

    assertThat(scan.exit).as(scan.output).isZero();
    assertThat(scan.output)
        .as(scan.output)
        .contains("sid 0x1")
        .contains("Slave ID data: otlab-test TEST-PLC 1.2")
        .contains("Device identification: otlab-test TEST-PLC 1.2");
  }

  @Test
  void pymodbusReadsWritesAndSeesExceptions() throws Exception {
    String python = requireTool("/usr/bin/python3", "python3");
    Run probe = run(python, "-c", "import pymodbus");
    if (probe.exit != 0) {
      missing("python3-pymodbus (Debian's, for /usr/bin/python3)", "python3-pymodbus");
    }
    Path script = Path.of(getClass().getResource("/modbus/pymodbus_check.py").toURI());

    Run check = run(python, script.toString(), String.valueOf(server.port()), "1");

    assertThat(check.exit).as(check.output).isZero();
    assertThat(check.output)
        .contains("READ [555, 1200]", "WROTE 400 READ BACK [400]", "EXCEPTION 2", "OK");
    assertThat(image.get("setpoint")).isEqualTo(40.0);
  }

  private record Run(int exit, String output) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("modbus-interop", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      // A hang guard, not a performance threshold: these tools answer in well under a second.
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        Assertions.fail(String.join(" ", command) + " did not finish: " + Files.readString(out));
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static String requireTool(String path, String aptPackage) {
    if (!Files.isExecutable(Path.of(path))) {
      missing(path, aptPackage);
    }
    return path;
  }

  private static void missing(String what, String aptPackage) {
    String message = what + " is not installed; install it with: apt-get install -y " + aptPackage;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }
}
