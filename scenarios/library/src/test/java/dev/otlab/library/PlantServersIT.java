package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.modbus.ModbusClient;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantServers;
import dev.otlab.simulator.plant.ServerOptions;
import dev.otlab.testkit.Command;
import dev.otlab.testkit.RequiresTool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running water plant served over both protocols, driven the way the README tells a user to: with
 * mbpoll and the node-opcua command-line client, cross-checked with our own clients.
 */
class PlantServersIT {

  /** The node-opcua scripts and their modules, seen from this module's folder. */
  private static final Path NODE_DIR =
      Path.of("..", "..", "simulator", "src", "test", "node").toAbsolutePath().normalize();

  @TempDir static Path pki;

  static Plant plant;
  static PlantServers servers;
  static Thread runner;

  @BeforeAll
  static void start() {
    plant = Plant.create(PlantLoader.load("water-treatment"), new LabClock(1, new Speed(5)));
    plant.schedule();
    servers =
        new PlantServers(
            plant, new ServerOptions("127.0.0.1", 0, 0, Map.of("operator", "operator"), pki));
    servers.start();
    runner = new Thread(() -> plant.clock().runUntil(86_400), "plant-clock");
    runner.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    plant.clock().stop();
    runner.join(10_000);
    servers.stop();
  }

  static PlantServers.Endpoint endpoint(String controller) {
    return servers.endpoints().stream()
        .filter(e -> e.controller().equals(controller))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everyControllerHasItsOwnModbusAndOpcUaEndpoint() {
    assertThat(servers.endpoints())
        .extracting(PlantServers.Endpoint::controller)
        .containsExactly("plc-intake", "plc-treatment", "plc-dosing", "sis-water");
    assertThat(servers.endpoints())
        .extracting(PlantServers.Endpoint::modbusPort)
        .doesNotHaveDuplicates();
    assertThat(servers.endpoints())
        .extracting(PlantServers.Endpoint::opcUaUrl)
        .doesNotHaveDuplicates();
    assertThat(servers.describe()).contains("plc-intake", "opc.tcp://127.0.0.1:");
  }

  @Test
  void modbusAndOpcUaShowTheSameProcessImage() throws Exception {
    var intake = endpoint("plc-intake");
    try (ModbusClient mb =
            ModbusClient.connect("127.0.0.1", intake.modbusPort(), 1, Duration.ofSeconds(5));
        OpcUaClientSession ua = session(intake.opcUaUrl())) {
      int rawMm = mb.readInputRegisters(0, 1)[0];
      assertThat(rawMm).isBetween(500, 3500);
      mb.writeRegister(1, 3100);
      assertThat(ua.readTag("plc-intake", "raw_high_sp").asDouble()).isEqualTo(3.1);
      assertThat(ua.browseTags("plc-intake")).contains("raw_level", "inflow_valve", "raw_low_sp");
    }
  }

  @Test
  @RequiresTool(value = "mbpoll", hint = "apt-get install mbpoll")
  void mbpollReadsAndWritesAsTheReadmeShows() throws Exception {
    String port = Integer.toString(endpoint("plc-intake").modbusPort());
    Command.Result read = mbpoll(port, "-t", "3", "-r", "1", "-c", "3", "-1", "127.0.0.1");
    assertThat(read.exit()).as(read.output()).isZero();
    assertThat(read.output()).contains("[1]:", "[2]:", "[3]:");
    Command.Result write = mbpoll(port, "-t", "4", "-r", "2", "127.0.0.1", "3200");
    assertThat(write.exit()).as(write.output()).isZero();
    assertThat(plant.controller("plc-intake").image().get("raw_high_sp")).isEqualTo(3.2);
    Command.Result refused = mbpoll(port, "-t", "4", "-r", "2", "127.0.0.1", "9000");
    assertThat(refused.output()).containsIgnoringCase("illegal data value");
    assertThat(plant.controller("plc-intake").image().get("raw_high_sp")).isEqualTo(3.2);
  }

  /** mbpoll over TCP to unit 1 on {@code port}, as the README shows it. */
  private static Command.Result mbpoll(String port, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(List.of("mbpoll", "-m", "tcp", "-p", port, "-a", "1"));
    command.addAll(List.of(args));
    return run(command);
  }

  @Test
  @RequiresTool(value = "node", hint = "apt-get install nodejs npm")
  @RequiresTool(
      value = "node-opcua",
      hint = "npm ci --prefix simulator/src/test/node",
      probe = {
        "node",
        "-e",
        "require.resolve('node-opcua-client', {paths: [process.argv[1]]})",
        "../../simulator/src/test/node"
      })
  void nodeOpcuaClientBrowsesAndWritesAsTheReadmeShows() throws Exception {
    var dosing = endpoint("plc-dosing");
    Command.Result ok =
        run(
            List.of(
                "node",
                NODE_DIR.resolve("opcua-client.js").toString(),
                dosing.opcUaUrl(),
                "chlorine_sp=1.6",
                "--user",
                "operator",
                "--password",
                "operator",
                "--encrypt"));
    assertThat(ok.exit()).as(ok.output()).isZero();
    assertThat(ok.output())
        .contains("controller plc-dosing", "chlorine", "dosing_kp", "write chlorine_sp=1.6: Good");
    try (ModbusClient mb =
        ModbusClient.connect("127.0.0.1", dosing.modbusPort(), 3, Duration.ofSeconds(5))) {
      assertThat(mb.readHoldingRegisters(1, 1)[0]).isEqualTo(160);
    }
    Command.Result refused =
        run(
            List.of(
                "node",
                NODE_DIR.resolve("opcua-client.js").toString(),
                dosing.opcUaUrl(),
                "chlorine_sp=9"));
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.output()).contains("BadOutOfRange");
    Command.Result readOnly =
        run(
            List.of(
                "node",
                NODE_DIR.resolve("opcua-client.js").toString(),
                dosing.opcUaUrl(),
                "chlorine=1"));
    assertThat(readOnly.output()).contains("BadNotWritable");
  }

  private static OpcUaClientSession session(String url) {
    return OpcUaClientSession.connect(
        OpcUaClientSession.Options.of(url, ClientIdentity.anonymous(), pki.resolve("client")));
  }

  private static Command.Result run(List<String> command) throws IOException, InterruptedException {
    // A hang guard, not a performance threshold.
    return Command.run(command, Duration.ofSeconds(60));
  }
}
