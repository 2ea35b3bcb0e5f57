package dev.otlab.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.testkit.Command;
import dev.otlab.testkit.RequiresTool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real third-party clients against our server: if we misread the specification, tools written by
 * other people against other implementations notice. A missing tool skips the test locally and
 * fails it when {@code CI=true}, naming the apt package to install (the test kit's {@link
 * RequiresTool}).
 */
class ModbusInteropIT {

  private static final String MBPOLL = "/usr/bin/mbpoll";
  private static final String NMAP = "/usr/bin/nmap";
  private static final String PYTHON = "/usr/bin/python3";

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
  @RequiresTool(value = MBPOLL, hint = "apt-get install -y mbpoll")
  void mbpollReadsAndWrites() throws Exception {
    String port = String.valueOf(server.port());

    // 1-based references by default: -r 1 is holding register address 0.
    Command.Result read =
        run(
            MBPOLL,
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
    assertThat(read.exit()).as(read.output()).isZero();
    assertThat(read.output()).contains("[1]: \t555", "[2]: \t1200", "[5]: \t4711");

    Command.Result inputs =
        run(
            MBPOLL,
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
    assertThat(inputs.exit()).as(inputs.output()).isZero();
    assertThat(inputs.output()).contains("[0]: \t42", "[1]: \t2137", "[2]: \t125");

    Command.Result coils =
        run(
            MBPOLL,
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
    assertThat(coils.exit()).as(coils.output()).isZero();
    assertThat(coils.output()).contains("[0]: \t1", "[1]: \t0", "[3]: \t1");

    Command.Result ratio =
        run(
            MBPOLL,
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
    assertThat(ratio.exit()).as(ratio.output()).isZero();
    assertThat(ratio.output()).contains("[2]: \t1.5");

    Command.Result write =
        run(
            MBPOLL,
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
    assertThat(write.exit()).as(write.output()).isZero();
    assertThat(image.get("speed")).isEqualTo(900.0);

    Command.Result bad =
        run(MBPOLL, "-m", "tcp", "-a", "1", "-r", "101", "-t", "4", "-1", "-p", port, "127.0.0.1");
    assertThat(bad.exit()).as(bad.output()).isNotZero();
    assertThat(bad.output()).containsIgnoringCase("illegal data address");
  }

  @Test
  @RequiresTool(value = NMAP, hint = "apt-get install -y nmap")
  void nmapModbusDiscoverFindsTheDevice() throws Exception {

    // -sT: a plain connect scan, no raw packets; the plus runs the script on a non-502 port.
    Command.Result scan =
        run(
            NMAP,
            "-sT",
            "-Pn",
            "-n",
            "-p",
            String.valueOf(server.port()),
            "--script",
            "+modbus-discover",
            "127.0.0.1");

    assertThat(scan.exit()).as(scan.output()).isZero();
    assertThat(scan.output())
        .as(scan.output())
        .contains("sid 0x1")
        .contains("Slave ID data: otlab-test TEST-PLC 1.2")
        .contains("Device identification: otlab-test TEST-PLC 1.2");
  }

  @Test
  @RequiresTool(value = PYTHON, hint = "apt-get install -y python3")
  @RequiresTool(
      value = "python3-pymodbus (Debian's, for /usr/bin/python3)",
      hint = "apt-get install -y python3-pymodbus",
      probe = {PYTHON, "-c", "import pymodbus"})
  void pymodbusReadsWritesAndSeesExceptions() throws Exception {
    Path script = Path.of(getClass().getResource("/modbus/pymodbus_check.py").toURI());

    Command.Result check = run(PYTHON, script.toString(), String.valueOf(server.port()), "1");

    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output())
        .contains("READ [555, 1200]", "WROTE 400 READ BACK [400]", "EXCEPTION 2", "OK");
    assertThat(image.get("setpoint")).isEqualTo(40.0);
  }

  // A hang guard, not a performance threshold: these tools answer in well under a second.
  private static Command.Result run(String... command) throws IOException, InterruptedException {
    return Command.run(Duration.ofSeconds(120), command);
  }
}
