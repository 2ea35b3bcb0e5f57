package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The committed golden files agree with each other and name every golden run. */
class GoldenTracesTest {

  @Test
  void everyGoldenRunHasItsSummaryAndExportAndTheyAgree() throws Exception {
    List<Path> summaries = GoldenTraces.summaries();
    Set<String> keys = new TreeSet<>();
    for (Path s : summaries) {
      String name = s.getFileName().toString();
      keys.add(name.substring(0, name.length() - ".txt".length()));
      String export = GoldenTraces.exportBeside(s);
      assertThat(GoldenTraces.summary(export)).as(name).isEqualTo(Files.readString(s));
    }
    Set<String> expected = new TreeSet<>();
    for (String run : GoldenTraces.RUNS) {
      expected.add(run + "@seed" + GoldenTraces.SEED);
    }
    assertThat(keys).isEqualTo(expected);
  }

  @Test
  void aDifferenceIsReportedByLineAndRecordType() {
    String golden =
        "# allLines\n{\"type\":\"step\",\"a\":1}\n{\"type\":\"event\",\"t\":1.0}\n"
            + "# samplesCsv\ntime_s\n0.0\n# alertLines\n";
    String moved = golden.replace("\"t\":1.0", "\"t\":1.5");
    assertThat(GoldenTraces.firstDifference(golden, golden)).isEmpty();
    assertThat(GoldenTraces.firstDifference(golden, moved))
        .hasValueSatisfying(
            d ->
                assertThat(d)
                    .contains("line 3 (event)")
                    .contains("\"t\":1.0")
                    .contains("\"t\":1.5"));
    assertThat(GoldenTraces.firstDifference(golden, golden + "{\"id\":\"A-0001\"}\n"))
        .hasValueSatisfying(d -> assertThat(d).contains("goes on after line 7").contains("alert"));
    assertThat(GoldenTraces.typeTable(GoldenTraces.summary(golden), GoldenTraces.summary(moved)))
        .containsPattern("event +1 -> 1 +DIFFERS")
        .containsPattern("step +1 -> 1 +same");
  }
}
