package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep files: the shipped one against its schema, defaults, and every bad field at its path. */
class SweepLoaderTest {

  @Test
  void theShippedSweepMatchesItsSchemaAndLoads() throws Exception {
    Path file = Path.of("sweeps", "wt-designs.yaml");
    JsonNode node = Reader.yaml().readTree(file.toFile());
    assertThat(LibraryScenariosTest.schema("sweep.schema.json").validate(node)).isEmpty();
    SweepSpec s = SweepLoader.load("wt-designs");
    assertThat(s.id()).isEqualTo("wt-designs");
    assertThat(s.architectures())
        .containsExactly(
            "water-treatment-flat", "water-treatment-purdue-dmz", "water-treatment-purdue-dmz-dpi");
    assertThat(s.suites()).containsExactly("wt-short");
    assertThat(s.seedList()).containsExactly(1L, 2L, 3L);
    assertThat(s.detection()).containsExactly("full");
    assertThat(s.defences()).containsExactly(List.of());
    assertThat(Library.names("sweeps")).contains("wt-designs");
  }

  @Test
  void defaultsAreOneSeedFullDetectionAndNoPlaybooks() {
    SweepSpec s =
        SweepLoader.parse(
            "mine.yaml", "id: mine\narchitectures: [water-treatment-flat]\nsuites: [smoke]\n");
    assertThat(s.title()).isEqualTo("mine");
    assertThat(s.seed()).isEqualTo(1);
    assertThat(s.seeds()).isEqualTo(1);
    assertThat(s.detection()).containsExactly("full");
    assertThat(s.defences()).containsExactly(List.of());
  }

  @Test
  void noneAndPlaybookSetsAreKeptInOrder() {
    SweepSpec s =
        SweepLoader.parse(
            "mine.yaml",
            """
            id: mine
            architectures: [water-treatment-flat]
            suites: [wt-short]
            seeds: {first: 7, count: 2}
            detection: [signatures, full]
            defences: [[], [wt-isolate-on-any-alert, wt-contain-it-pivot]]
            """);
    assertThat(s.seedList()).containsExactly(7L, 8L);
    assertThat(s.detection()).containsExactly("signatures", "full");
    assertThat(s.defences())
        .containsExactly(List.of(), List.of("wt-isolate-on-any-alert", "wt-contain-it-pivot"));
    SweepSpec undetected =
        SweepLoader.parse(
            "mine.yaml",
            "id: mine\narchitectures: [water-treatment-flat]\nsuites: [wt-short]\n"
                + "detection: [none, full]\n");
    assertThat(undetected.detection()).containsExactly("none", "full");
  }

  @Test
  void everyBadFieldIsReportedAtItsPath(@TempDir Path dir) throws Exception {
    Path brokenSuite = dir.resolve("broken-suite.yaml");
    Files.writeString(brokenSuite, "id: broken-suite\nscenarios: [no-such-scenario]\n");
    String yaml =
        """
        id: Not An Id
        colour: red
        architectures: [water-treatment-flat, no-such-architecture, chemical-reactor-flat]
        suites: [wt-short, %s, no-such-suite]
        seeds: {first: -1, count: 101, last: 3}
        detection: [full, no-such-profile]
        defences: [[wt-isolate-on-any-alert, no-such-playbook], [cr-isolate-on-any-alert], x]
        """
            .formatted(brokenSuite);
    assertThatThrownBy(() -> SweepLoader.parse("mine.yaml", yaml))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              assertThat(((ValidationException) e).code()).isEqualTo("SWEEP_INVALID");
              Map<String, String> byPath =
                  ((ValidationException) e)
                      .problems().stream()
                          .collect(
                              java.util.stream.Collectors.toMap(
                                  Problem::path, Problem::message, (a, b) -> a + " | " + b));
              assertThat(byPath)
                  .containsKeys(
                      "id",
                      "colour",
                      "architectures[1]",
                      "suites[2]",
                      "seeds.first",
                      "seeds.count",
                      "seeds.last",
                      "detection[1]",
                      "defences[0][1]",
                      "defences[1][0]",
                      "defences[2]");
              // wt-short has no scenario for the reactor: said at the suite, naming the plant.
              assertThat(byPath.get("suites[0]")).contains("chemical-reactor");
              assertThat(byPath.get("defences[0][0]")).contains("chemical-reactor");
              assertThat(byPath.get("defences[1][0]")).contains("water-treatment");
              assertThat(byPath.keySet())
                  .anySatisfy(
                      p -> assertThat(p).startsWith("suites[1] (").contains("scenarios[0]"));
              assertThat(((ValidationException) e).problems())
                  .allSatisfy(p -> assertThat(p.fix()).isNotBlank());
            });
  }

  @Test
  void aPlaybookFiringOnAlertsNeedsDetection() {
    assertThatThrownBy(
            () ->
                SweepLoader.parse(
                    "mine.yaml",
                    """
                    id: mine
                    architectures: [water-treatment-flat]
                    suites: [wt-short]
                    detection: [full, none]
                    defences: [[wt-isolate-on-any-alert]]
                    """))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).problems())
                    .extracting(Problem::path, Problem::message)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                            "defences[0][0]",
                            "Playbook 'wt-isolate-on-any-alert' has rules that fire on alerts,"
                                + " and detection none raises none.")));
  }

  @Test
  void aSweepWithoutArchitecturesOrSuitesIsAnError() {
    assertThatThrownBy(() -> SweepLoader.parse("empty.yaml", "id: empty\narchitectures: []\n"))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).problems())
                    .extracting(Problem::path)
                    .contains("architectures", "suites"));
  }
}
