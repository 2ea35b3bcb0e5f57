package dev.otlab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's arguments, percentiles and table; the measuring itself is bench/run's. */
class BenchTest {

  @Test
  void readsTheCommandLineAndKeepsTheDefaultsOfWhatItDoesNotName() {
    BenchOptions d = BenchOptions.parse();
    assertThat(d).isEqualTo(BenchOptions.defaults());
    assertThat(d.architecture("water-treatment")).isEqualTo("water-treatment-purdue-dmz-dpi");
    assertThat(d.suites()).isTrue();

    BenchOptions o =
        BenchOptions.parse(
            "--plants",
            "chemical-reactor",
            "--architecture",
            "chemical-reactor=chemical-reactor-flat",
            "--bare-seconds",
            "600",
            "--run-seconds",
            "120",
            "--hop-requests",
            "500",
            "--seeds",
            "3",
            "--quick",
            "--json",
            "out.json");
    assertThat(o).isNotNull();
    assertThat(o.plants()).containsExactly("chemical-reactor");
    assertThat(o.architecture("chemical-reactor")).isEqualTo("chemical-reactor-flat");
    assertThat(o.bareSeconds()).isEqualTo(600);
    assertThat(o.runSeconds()).isEqualTo(120);
    assertThat(o.hopRequests()).isEqualTo(500);
    assertThat(o.seeds()).isEqualTo(3);
    assertThat(o.suites()).isFalse();
    assertThat(o.json()).isEqualTo(Path.of("out.json"));
    assertThat(BenchOptions.parse("--quick", "--help")).isNull();
  }

  @Test
  void refusesArgumentsItCannotUseSayingWhich() {
    assertThatThrownBy(() -> BenchOptions.parse("--fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--fast");
    assertThatThrownBy(() -> BenchOptions.parse("--run-seconds"))
        .hasMessageContaining("--run-seconds needs a value");
    assertThatThrownBy(() -> BenchOptions.parse("--run-seconds", "0"))
        .hasMessageContaining("--run-seconds");
    assertThatThrownBy(() -> BenchOptions.parse("--seeds", "101")).hasMessageContaining("--seeds");
    assertThatThrownBy(() -> BenchOptions.parse("--hop-requests", "many"))
        .hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> BenchOptions.parse("--architecture", "water-treatment-flat"))
        .hasMessageContaining("PLANT=ARCHITECTURE");
    assertThatThrownBy(
            () ->
                BenchOptions.parse(
                    "--plants", "water-treatment", "--architecture", "chemical-reactor=x"))
        .hasMessageContaining("not measured");
  }

  @Test
  void percentilesAreNearestRank() {
    double[] sample = new double[100];
    for (int i = 0; i < 100; i++) {
      sample[99 - i] = i + 1; // 100 down to 1: the order of the sample does not matter
    }
    Percentiles p = new Percentiles(sample);
    assertThat(p.at(50)).isEqualTo(50);
    assertThat(p.at(99)).isEqualTo(99);
    assertThat(p.at(100)).isEqualTo(100);
    assertThat(p.at(0.5)).isEqualTo(1);
    assertThat(new Percentiles(new double[] {7, 3, 5}).at(50)).isEqualTo(5);
    assertThatThrownBy(() -> p.at(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Percentiles(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tableAndJsonCarryTheSameNumbersPerPlantWithUnits() throws Exception {
    BenchOptions quick = BenchOptions.parse("--quick");
    assertThat(quick).isNotNull();
    Results r = new Results(Results.rows(quick), List.of("water-treatment", "chemical-reactor"));
    assertThat(Results.rows(quick)).noneMatch(row -> row.key().startsWith("suite"));
    assertThat(Results.rows(BenchOptions.defaults()))
        .extracting(Results.Row::label)
        .contains("evaluate --seeds 5: peak RSS");
    r.header("commit", "abc1234");
    r.put("water-treatment", "bare.speed", 9123.4);
    r.put("water-treatment", "run.ratio", 1.754);
    r.put("chemical-reactor", "bare.speed", 12.345);
    r.put("chemical-reactor", "architecture.hosts", 8);
    r.note("what is counted");
    assertThatThrownBy(() -> r.put("water-treatment", "no.such", 1))
        .isInstanceOf(IllegalArgumentException.class);

    String table = r.table();
    assertThat(table).startsWith("commit: abc1234\n").endsWith("* what is counted\n");
    String bare = table.lines().filter(l -> l.startsWith("bare plant")).findFirst().orElseThrow();
    assertThat(bare).contains("sim s/wall s").containsSubsequence("9,123", "12.3");
    assertThat(table.lines().filter(l -> l.startsWith("hosts of")).findFirst())
        .hasValueSatisfying(l -> assertThat(l).endsWith(" 8"));
    assertThat(table.lines().filter(l -> l.startsWith("benign run / bare")).findFirst())
        .hasValueSatisfying(l -> assertThat(l).contains("%").contains("1.75").endsWith("-"));
    // Every row of the table lines up: the columns start where the header's do.
    List<String> lines = table.lines().filter(l -> !l.contains(":") && !l.startsWith("*")).toList();
    assertThat(lines).extracting(String::length).containsOnly(lines.get(0).length());

    JsonNode json = new ObjectMapper().readTree(r.json());
    assertThat(json.path("commit").asText()).isEqualTo("abc1234");
    JsonNode row = json.path("rows").get(1);
    assertThat(row.path("key").asText()).isEqualTo("bare.speed");
    assertThat(row.path("unit").asText()).isEqualTo("sim s/wall s");
    assertThat(row.path("values").path("water-treatment").asDouble()).isEqualTo(9123.4);
    assertThat(json.path("rows").get(0).path("values").path("water-treatment").isNull()).isTrue();
  }
}
