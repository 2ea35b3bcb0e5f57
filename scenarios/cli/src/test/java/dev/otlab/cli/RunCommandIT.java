package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.detection.Baseline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otlab run --out}: what the sensors taught the detection profile leaves the lab too. */
class RunCommandIT {

  @TempDir Path dir;

  @Test
  void outWritesTheAssetInventoryAndTheLearnedBaseline() throws Exception {
    Path out = dir.resolve("trace");
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int status =
        Main.execute(
            new String[] {
              "run",
              "wt-recon",
              "--architecture",
              "water-treatment-purdue-dmz-dpi",
              "--out",
              out.toString(),
              "--pki",
              dir.resolve("pki").toString()
            },
            new PrintWriter(stdout, true),
            new PrintWriter(stderr, true));
    assertThat(status).as(stderr.toString()).isZero();
    assertThat(out.resolve("alerts.jsonl")).isNotEmptyFile();
    // The timeline ends with the decided outcome, naming where the chain broke.
    assertThat(stdout.toString()).containsPattern("outcome PREVENTED, blocked at \\S+ by ent-dmz");
    assertThat(Files.readString(out.resolve("outcome.jsonl")))
        .startsWith("{\"kind\":\"PREVENTED\"")
        .contains("\"cause\":\"BLOCKED\"", "\"conduit\":\"ent-dmz\"");

    JsonNode inventory = new ObjectMapper().readTree(out.resolve("inventory.json").toFile());
    List<String> hosts = new ArrayList<>();
    inventory.findValues("host").forEach(h -> hosts.add(h.asText()));
    // The tap on ops-control sees the HMI poll the PLCs: both ends are in the inventory.
    assertThat(hosts).contains("hmi-1", "plc-intake", "plc-treatment", "plc-dosing");

    Baseline baseline = Baseline.load(out.resolve("baseline.json"));
    assertThat(Files.readString(out.resolve("baseline.json"))).contains("hmi-1");
    assertThat(baseline).isNotNull();
  }
}
