package dev.otlab.simulator.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.otlab.testkit.RequiresTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with node-opcua, an OPC UA stack written independently of Milo: what passes here is not
 * just Milo agreeing with itself. Needs {@code node} and the modules installed by {@code npm ci
 * --prefix simulator/src/test/node}; without them the test is skipped, or fails when {@code
 * CI=true} (the test kit's {@link RequiresTool}, which looks for the modules from the module's
 * folder, the working directory under Maven).
 */
class OpcUaNodeInteropIT {

  private static final Path NODE_DIR =
      Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
          .resolve("src/test/node");

  @TempDir Path pki;
  @TempDir Path nodePki;
  @TempDir Path logs;

  @Test
  @RequiresTool(
      value = "node",
      hint = "Install Node.js 20 or newer, then run `npm ci --prefix simulator/src/test/node`.")
  @RequiresTool(
      value = "node-opcua-client",
      hint = "run `npm ci --prefix simulator/src/test/node` (needs Node.js 20 or newer on PATH).",
      probe = {
        "node",
        "-e",
        "require.resolve('node-opcua-client', {paths: [process.argv[1]]})",
        "src/test/node"
      })
  void nodeOpcuaClientBrowsesReadsWritesAndLogsIn() throws Exception {
    OpcUaTestPlc plc = new OpcUaTestPlc();
    plc.image.set("level", 4.25);
    plc.image.set("level_setpoint", 2.0);
    OpcUaServerSettings settings =
        OpcUaServerSettings.defaults()
            .withPkiDir(pki)
            .withSecurityModes(EnumSet.allOf(OpcUaSecurityMode.class))
            .withUsers(Map.of("operator", "op-secret"));
    try (PlcOpcUaServer server = new PlcOpcUaServer(plc.image, settings)) {
      server.start();
      Path stderr = logs.resolve("node-stderr.log");
      Process p =
          new ProcessBuilder(
                  "node",
                  "opcua-interop.js",
                  server.endpointUrl(),
                  OpcUaTestPlc.ID,
                  "operator",
                  "op-secret",
                  nodePki.toString())
              .directory(NODE_DIR.toFile())
              .redirectError(stderr.toFile())
              .start();
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("node-opcua script did not finish; stderr:%n%s", Files.readString(stderr));
      }
      String json =
          stdout
              .lines()
              .filter(l -> l.startsWith("OTLAB_RESULT "))
              .map(l -> l.substring(13))
              .findFirst()
              .orElse("");
      assertThat(p.exitValue())
          .as("node exit code; result %s; stderr:%n%s", json, tail(Files.readString(stderr)))
          .isZero();

      assertThat(json)
          .contains("\"browse\":[\"level\",\"level_setpoint\",\"pump_run\",\"high_alarm\"]")
          .contains("\"read_level\":4.25")
          .contains("\"read_level_status\":\"Good\"")
          .contains("\"read_level_type\":\"Double\"")
          .contains("\"write_setpoint\":\"Good\"")
          .contains("\"read_back_setpoint\":5.5")
          .contains("\"write_out_of_range\":\"BadOutOfRange\"")
          .contains("\"write_read_only\":\"BadNotWritable\"")
          .contains("\"write_string\":\"BadTypeMismatch\"")
          .contains("\"user_read_status\":\"Good\"")
          .contains("\"encrypted_write\":\"Good\"")
          .contains("\"encrypted_read_setpoint\":6.25")
          .contains("\"ok\":true");
      assertThat(json).containsPattern("\"wrong_password\":\"[^\"]*BadUserAccessDenied");
      assertThat(plc.image.get("level_setpoint")).isEqualTo(6.25);
    }
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
