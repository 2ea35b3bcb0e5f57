package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.cli.CheckCommandTest.Result;
import dev.otlab.library.SweepLoader;
import dev.otlab.library.SweepSpec;
import dev.otlab.sweep.SweepPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otlab sweep} on bad input: nothing plays, status 2, and the engines it knows. */
class SweepCommandTest {

  @TempDir Path dir;

  @Test
  void anUnknownEngineIsBadInputNamingTheKnownOnes() {
    Result r = CheckCommandTest.run("sweep", "wt-designs", "--engine", "no-such-engine");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("no-such-engine", "embedded");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBrokenSweepIsBadInputWithItsPaths() throws Exception {
    Path sweep = dir.resolve("mine.yaml");
    Files.writeString(
        sweep, "id: mine\narchitectures: [water-treatment-flat]\nsuites: [no-such-suite]\n");
    Result r = CheckCommandTest.run("sweep", sweep.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("suites[0]", "no-such-suite");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theHeaderShowsEachVariantAsItsBaseAndChanges() {
    SweepSpec spec = SweepLoader.load("wt-dpi-variants");
    String header = SweepCommand.header(spec, SweepPlan.of(spec), "embedded");
    assertThat(header.lines())
        .containsExactly(
            "sweep wt-dpi-variants: 4 configurations, 24 units (8 twins, 16 plays), engine"
                + " embedded",
            "  variant wt-dpi-l4-control: water-treatment-purdue-dmz-dpi; set"
                + " conduits.ops-control.rules to [{\"id\":\"ops-modbus\",\"from\":\"zone:operations\","
                + "\"to\":\"zone:control\",\"protocol\":\"modbus\",\"action\":\"allow\"},"
                + "{\"id\":\"ops-opcua\",\"from\":\"zone:operations\",\"to\":\"zone:control\","
                + "\"protocol\":\"opcua\",\"action\":\"allow\"}]; set"
                + " conduits.ops-control.description to \"L4 only - every operations host may use"
                + " Modbus and OPC UA on every PLC\"",
            "  variant wt-dpi-no-mfa: water-treatment-purdue-dmz-dpi; set accounts.eng-admin.mfa"
                + " to false",
            "  variant wt-dpi-no-fw-logs: water-treatment-purdue-dmz-dpi; remove"
                + " conduits.ent-dmz.log; remove conduits.dmz-ops.log");
  }

  @Test
  void engineFactoriesAreFoundByName() {
    assertThat(SweepCommand.factories()).containsKey("embedded");
  }
}
