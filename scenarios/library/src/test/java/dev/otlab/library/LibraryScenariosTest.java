package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped scenarios and suites against their JSON Schemas, and how suites load. */
class LibraryScenariosTest {

  static Schema schema(String name) throws Exception {
    JsonNode node = new ObjectMapper().readTree(Path.of("schemas", name).toFile());
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
  }

  static Stream<Path> scenarioFiles() throws Exception {
    return yamlFiles(Path.of("scenarios"));
  }

  static Stream<Path> suiteFiles() throws Exception {
    return yamlFiles(Path.of("suites"));
  }

  private static Stream<Path> yamlFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scenarioFiles")
  void scenarioMatchesTheSchemaAndLoads(Path file) throws Exception {
    JsonNode node = Reader.yaml().readTree(file.toFile());
    List<Error> errors = schema("scenario.schema.json").validate(node);
    assertThat(errors).as(file + " against the schema").isEmpty();
    ScenarioSpec s = ScenarioLoader.load(file.toString());
    assertThat(file.getFileName().toString()).isEqualTo(s.id() + ".yaml");
  }

  @ParameterizedTest
  @MethodSource("suiteFiles")
  void suiteMatchesTheSchemaAndLoads(Path file) throws Exception {
    JsonNode node = Reader.yaml().readTree(file.toFile());
    assertThat(schema("suite.schema.json").validate(node)).as(file.toString()).isEmpty();
    SuiteSpec suite = SuiteLoader.load(file.toString());
    assertThat(file.getFileName().toString()).isEqualTo(suite.id() + ".yaml");
  }

  @Test
  void defaultSuiteHoldsEveryScenarioOfTheLibrary() {
    SuiteSpec suite = SuiteLoader.load("default");
    assertThat(suite.ids()).containsExactlyInAnyOrderElementsOf(Library.names("scenarios"));
    assertThat(suite.forPlant("water-treatment"))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.plant()).isEqualTo("water-treatment"));
    // Every scenario is of a library plant, and every library plant has some.
    assertThat(Library.names("plants").stream().mapToInt(p -> suite.forPlant(p).size()).sum())
        .isEqualTo(suite.scenarios().size());
    assertThat(Library.names("plants")).allSatisfy(p -> assertThat(suite.forPlant(p)).isNotEmpty());
  }

  @Test
  void everySuiteIsInTheIndex() {
    assertThat(Library.names("suites")).contains("default", "smoke");
  }

  @Test
  void aBrokenSuiteReportsEveryEntryWithItsPath(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path broken = dir.resolve("broken-scenario.yaml");
    Files.writeString(
        broken,
        """
        id: broken-scenario
        plant: water-treatment
        foothold: control-insider
        duration: 10m
        steps:
          - {id: a, technique: T9999, trigger: {at: 1h}}
        objective: {limit: treated_level, direction: high}
        """);
    String yaml =
        """
        id: mine
        colour: red
        scenarios:
          - wt-recon
          - wt-recon
          - no-such-scenario
          - %s
          - {name: wt-recon}
        """
            .formatted(broken);
    assertThatThrownBy(() -> SuiteLoader.parse("mine.yaml", yaml))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              List<String> paths =
                  ((ValidationException) e).problems().stream().map(Problem::path).toList();
              assertThat(paths)
                  .contains("colour", "scenarios[1]", "scenarios[2]", "scenarios[4]")
                  .anySatisfy(p -> assertThat(p).startsWith("scenarios[3] (").contains("steps[0]"));
            });
  }

  @Test
  void anEmptySuiteIsAnError() {
    assertThatThrownBy(() -> SuiteLoader.parse("empty.yaml", "id: empty\nscenarios: []\n"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("scenarios");
  }
}
