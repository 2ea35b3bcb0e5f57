package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.testkit.PurdueArchitecture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otlab check} as a user runs it: exit status 0, 1 or 2, text and JSON. */
class CheckCommandTest {

  @TempDir Path dir;

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void dpiPassesWithStatusZero() {
    Result r = run("check", "water-treatment-purdue-dmz-dpi");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("FINDINGS", "REACHABILITY", "ATTACK PATHS", "PASSED: 0 high")
        .contains("hmi-1", "-> plc-dosing", "read/write FC 1,2,3,4,6,16 on 0..5")
        .contains("enterprise [enterprise-workstation, internet] -> plc-intake     no path");
  }

  @Test
  void flatAndVendorBackdoorFailWithStatusOne() {
    Result flat = run("check", "chemical-reactor-flat");
    assertThat(flat.status()).isEqualTo(1);
    assertThat(flat.out()).contains("HIGH   sis-shared-zone", "fix: ", "elements: ", "FAILED: ");
    Result vendor = run("check", "water-treatment-vendor-backdoor");
    assertThat(vendor.status()).isEqualTo(1);
    assertThat(vendor.out()).contains("HIGH   it-ot-skips-dmz", "vendor [vendor-remote]");
  }

  @Test
  void jsonParsesAndSaysTheSame() throws Exception {
    Result r = run("check", "water-treatment-vendor-backdoor", "--json");
    assertThat(r.status()).isEqualTo(1);
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("architecture").asText()).isEqualTo("water-treatment-vendor-backdoor");
    assertThat(root.get("passed").asBoolean()).isFalse();
    assertThat(root.get("counts").get("high").asInt()).isPositive();
    JsonNode first = root.get("findings").get(0);
    assertThat(first.get("severity").asText()).isEqualTo("high");
    assertThat(first.get("id").asText()).isNotBlank();
    assertThat(first.get("elements").isArray()).isTrue();
    assertThat(first.get("fix").asText()).isNotBlank();
    assertThat(root.get("reachability").size()).isPositive();
    JsonNode vendorPath = null;
    for (JsonNode p : root.get("attackPaths")) {
      if (p.get("origin").asText().equals("vendor")
          && p.get("target").asText().equals("plc-intake")) {
        vendorPath = p;
      }
    }
    assertThat(vendorPath).isNotNull();
    assertThat(vendorPath.get("reachable").asBoolean()).isTrue();
    assertThat(vendorPath.get("hops").asInt()).isEqualTo(1);
    assertThat(vendorPath.get("steps").get(0).get("hops").get(0).get("conduit").asText())
        .isEqualTo("vendor-control");
    Result dpi = run("check", "chemical-reactor-purdue-dmz-dpi", "--json");
    assertThat(dpi.status()).isZero();
    assertThat(new ObjectMapper().readTree(dpi.out()).get("passed").asBoolean()).isTrue();
  }

  @Test
  void aLargeSiteIsSummarisedByGroupsOfFindingsAndHostsAlike() throws Exception {
    Path file = dir.resolve("site.yaml");
    Files.writeString(file, PurdueArchitecture.yaml());
    Result r = run("check", file.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("400 hosts", "FINDINGS (718, in 49 groups of findings alike)")
        .contains(
            "  HIGH   opcua-insecure       Host hmi-2-1 offers OPC UA security mode None and"
                + " anonymous sessions in zone cell-2 (SL-T 2).\n"
                + "         and 23 more alike (24 in all), e.g. host:hmi-2-2; host:hmi-2-3;"
                + " host:hmi-2-4; ...\n"
                + "         elements: host:hmi-2-1, zone:cell-2, host:hmi-2-2,")
        .contains("  ws-1, ws-2, ws-3, ws-4, ws-5 ... ws-99 (99 hosts)\n")
        .contains("FAILED: 529 high, 124 medium, 65 low, 0 info");
    // The findings one by one and every host pair took 20 MB.
    assertThat(r.out().length()).isLessThan(200_000);
    Result json = run("check", file.toString(), "--json");
    assertThat(json.status()).isEqualTo(1);
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertThat(root.get("findings")).hasSize(49);
    assertThat(root.get("counts").get("high").asInt()).isEqualTo(529);
    assertThat(json.out().length()).isLessThan(1_000_000);
  }

  @Test
  void invalidFileIsStatusTwoWithEveryProblem() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        id: bad
        plant: water-treatment
        zones: [{id: a, level: 9, slt: 1}]
        hosts: [{id: h, zone: b, role: hmi}]
        conduits:
          - {id: c, between: [a, a], rules: [{from: any, to: any, protocol: modbus, functionCodes: [99], action: allow}]}
        """);
    Result r = run("check", file.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("ARCHITECTURE_INVALID")
        .contains("zones[0].level: 9.0 is not a Purdue level.")
        .contains("hosts[0].zone: 'b' is not a zone.")
        .contains("conduits[0].between: joins zone 'a' to itself.")
        .contains("conduits[0].rules[0].functionCodes[0]: 99 is not a Modbus function code.")
        .contains("no host runs plc 'plc-intake'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownNameIsStatusTwo() {
    Result r = run("check", "no-such-design");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("water-treatment-flat");
  }
}
