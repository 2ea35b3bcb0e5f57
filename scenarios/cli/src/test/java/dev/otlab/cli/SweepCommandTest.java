package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.cli.CheckCommandTest.Result;
import dev.otlab.library.SweepLoader;
import dev.otlab.library.SweepSpec;
import dev.otlab.sweep.SweepPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            "sweep wt-dpi-variants: 3 configurations, 24 units (6 twins, 18 plays), engine"
                + " embedded",
            "  variant wt-dpi-l4-control: water-treatment-purdue-dmz-dpi; set"
                + " conduits.ops-control.rules to a list of 2 elements; set"
                + " conduits.ops-control.description to \"L4 only - every operations host may"
                + " ...",
            "  variant wt-dpi-unwatched-control: water-treatment-purdue-dmz-dpi; remove"
                + " sensors.taps.ops-control; remove sensors.spans.control");
  }

  @Test
  void sweepJsonGivesEachVariantsChangesAsData() throws Exception {
    SweepSpec spec = SweepLoader.load("wt-dpi-variants");
    JsonNode variants = SweepCommand.summary(spec, SweepPlan.of(spec), List.of()).get("variants");
    assertThat(variants).hasSize(2);
    JsonNode first = variants.get(0);
    assertThat(first.get("base").asText()).isEqualTo("water-treatment-purdue-dmz-dpi");
    assertThat(first.at("/changes/0/op").asText()).isEqualTo("set");
    assertThat(first.at("/changes/0/path").asText()).isEqualTo("conduits.ops-control.rules");
    assertThat(first.at("/changes/0/value/1/id").asText()).isEqualTo("ops-opcua");
    assertThat(variants.at("/1/changes/1"))
        .hasToString("{\"op\":\"remove\",\"path\":\"sensors.spans.control\"}");
  }

  @Test
  void engineFactoriesAreFoundByName() {
    assertThat(SweepCommand.factories()).containsKey("embedded");
  }
}
