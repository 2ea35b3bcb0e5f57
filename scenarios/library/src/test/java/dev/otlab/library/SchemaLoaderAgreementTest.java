package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schemas and the loaders agree: every library file passes both; a file broken in its structure
 * (one mutation of a real library file: a field dropped, a wrong type, an unknown field, a value
 * outside an enum or a range) is refused by the schema and by the loader; a file broken only in its
 * references passes the schema and the loader refuses it at the field.
 */
class SchemaLoaderAgreementTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Each kind's directory, schema and loader. */
  private static final Map<String, BiFunction<String, String, Object>> LOADERS =
      Map.of(
          "plant", PlantLoader::parse,
          "architecture", ArchitectureLoader::parse,
          "detection", DetectionLoader::parse,
          "scenario", ScenarioLoader::parse,
          "suite", SuiteLoader::parse,
          "playbook", PlaybookLoader::parse);

  private static final Map<String, String> DIRS =
      Map.of(
          "plant", "plants",
          "architecture", "architectures",
          "detection", "detection",
          "scenario", "scenarios",
          "suite", "suites",
          "playbook", "playbooks");

  /**
   * One mutation of a library file: {@code pointer} set to {@code value} (removed if null). {@code
   * reference} marks a break the schema cannot see; {@code field} is the path the loader must name
   * for it.
   */
  record Mutation(
      String kind,
      String file,
      String pointer,
      @Nullable JsonNode value,
      boolean reference,
      String field) {

    @Override
    public String toString() {
      return kind
          + " "
          + file
          + " "
          + pointer
          + (value == null ? " removed" : " = " + value)
          + (reference ? " (reference)" : "");
    }

    JsonNode apply() throws Exception {
      JsonNode root = Reader.yaml().readTree(Path.of(DIRS.get(kind), file).toFile());
      int cut = pointer.lastIndexOf('/');
      JsonNode parent = root.at(pointer.substring(0, cut));
      String last = pointer.substring(cut + 1);
      if (parent instanceof ObjectNode o) {
        if (value == null) {
          assertThat(o.remove(last)).as(this + " removes a field that exists").isNotNull();
        } else {
          o.set(last, value);
        }
      } else if (parent instanceof ArrayNode a) {
        int i = Integer.parseInt(last);
        if (value == null) {
          a.remove(i);
        } else if (i == a.size()) {
          a.add(value);
        } else {
          a.set(i, value);
        }
      } else {
        throw new AssertionError(this + ": no such place in " + file);
      }
      return root;
    }
  }

  private static Mutation broken(String kind, String file, String pointer, @Nullable Object v) {
    return new Mutation(kind, file, pointer, node(v), false, "");
  }

  private static Mutation dangling(
      String kind, String file, String pointer, @Nullable Object v, String field) {
    return new Mutation(kind, file, pointer, node(v), true, field);
  }

  private static @Nullable JsonNode node(@Nullable Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof JsonNode n) {
      return n;
    }
    return Reader.yaml().valueToTree(v);
  }

  static Stream<Mutation> mutations() {
    String wt = "water-treatment.yaml";
    String arch = "water-treatment-purdue-dmz.yaml";
    String full = "full.yaml";
    String flood = "wt-dosing-flood.yaml";
    String smoke = "smoke.yaml";
    List<Mutation> m = new ArrayList<>();
    // Plants.
    m.add(broken("plant", wt, "/id", null));
    m.add(broken("plant", wt, "/process/equations", null));
    m.add(broken("plant", wt, "/process/equations/states/0/derivative", null));
    m.add(broken("plant", wt, "/process/equations/events/0/direction", "up"));
    m.add(broken("plant", wt, "/process/equations/inputs/0/lag_s", 3));
    m.add(broken("plant", wt, "/controllers/0/points/0/table", null));
    m.add(broken("plant", wt, "/controllers/0/points/0/address", null));
    m.add(broken("plant", wt, "/id", "Water Treatment"));
    m.add(broken("plant", wt, "/colour", "blue"));
    m.add(broken("plant", wt, "/controllers/0/points/0/colour", "blue"));
    m.add(broken("plant", wt, "/tags/0/normal/middle", 1));
    m.add(broken("plant", wt, "/tags", 3));
    m.add(broken("plant", wt, "/tags/0/noise", "loud"));
    m.add(broken("plant", wt, "/process/equations/parameters/0/value", true));
    m.add(broken("plant", wt, "/controllers/0/points/0/writable", "yes"));
    m.add(broken("plant", wt, "/controllers/0/kind", "dcs"));
    m.add(broken("plant", wt, "/controllers/0/points/0/table", "registers"));
    m.add(broken("plant", wt, "/controllers/0/points/0/type", "double"));
    m.add(broken("plant", wt, "/controllers/0/unitId", 300));
    m.add(broken("plant", wt, "/controllers/0/unitId", 1.5));
    m.add(broken("plant", wt, "/controllers/0/scanMs", 5));
    m.add(broken("plant", wt, "/controllers/0/points/0/address", 70000));
    m.add(broken("plant", wt, "/tags/0/noise", -1));
    m.add(broken("plant", wt, "/controllers", JSON.arrayNode()));
    m.add(broken("plant", wt, "/controllers/3/overrides/0/value", null));
    m.add(dangling("plant", wt, "/tags/0/name", "bogus", "tags[0].name"));
    m.add(
        dangling(
            "plant",
            wt,
            "/process/equations/states/0/derivative",
            "(q_in - q_pump - spill) / raw_area",
            "process.equations.states[0].derivative"));
    m.add(
        dangling(
            "plant",
            wt,
            "/process/equations/algebraics/0/unit",
            "furlongs",
            "process.equations.algebraics[0].unit"));
    m.add(dangling("plant", wt, "/controllers/1/id", "plc-intake", "controllers[1].id"));
    m.add(
        dangling(
            "plant", wt, "/controllers/0/points/0/input", "pressure", "controllers[0].points[0]"));
    m.add(dangling("plant", wt, "/disturbances/0/tag", "raw_level", "disturbances[0].tag"));
    // The knowledge sections.
    m.add(broken("plant", wt, "/production/factors", JSON.arrayNode()));
    m.add(broken("plant", wt, "/production/colour", "blue"));
    m.add(broken("plant", wt, "/balances/0/rate", null));
    m.add(broken("plant", wt, "/balances/0/sigma", "big"));
    m.add(broken("plant", wt, "/balances/0/name", "Raw Tank"));
    m.add(broken("plant", wt, "/mimic/units/0/type", "boiler"));
    m.add(broken("plant", wt, "/mimic/units/0/levelTag", null));
    m.add(broken("plant", wt, "/mimic/pipes/0/medium", "steam"));
    m.add(broken("plant", wt, "/mimic/captions/0/anchor", "left"));
    m.add(dangling("plant", wt, "/balances/0/measured", "bogus", "balances[0].measured"));
    m.add(dangling("plant", wt, "/balances/0/rate", "inflow - pump_flow", "balances[0].rate"));
    m.add(
        dangling("plant", wt, "/balances/0/holds/below", "raw_hieght", "balances[0].holds.below"));
    m.add(dangling("plant", wt, "/production/quality", "bogus", "production.quality"));
    m.add(dangling("plant", wt, "/mimic/units/5/tag", "bogus", "mimic.units[5].tag"));
    m.add(dangling("plant", wt, "/mimic/units/0/x", 900, "mimic"));
    // Architectures.
    m.add(broken("architecture", arch, "/zones/0/slt", null));
    m.add(broken("architecture", arch, "/hosts/0/role", null));
    m.add(broken("architecture", arch, "/conduits/0/rules/0/action", null));
    m.add(broken("architecture", arch, "/colour", "red"));
    m.add(broken("architecture", arch, "/hosts/0/posture/password", "secret"));
    m.add(broken("architecture", arch, "/hosts", 3));
    m.add(broken("architecture", arch, "/zones/0/slt", "high"));
    m.add(broken("architecture", arch, "/zones/0/level", 9));
    m.add(broken("architecture", arch, "/zones/0/slt", 5));
    m.add(broken("architecture", arch, "/zones/0/site", "Plant Floor"));
    m.add(broken("architecture", arch, "/hosts/0/role", "hacker"));
    m.add(broken("architecture", arch, "/hosts/0/posture/credentials", "blank"));
    m.add(broken("architecture", arch, "/conduits/0/rules/0/action", "maybe"));
    m.add(broken("architecture", arch, "/conduits/0/rules/0/protocol", "smtp"));
    m.add(broken("architecture", arch, "/conduits/0/rules/0/port", 0));
    m.add(broken("architecture", arch, "/conduits/0/between", List.of("enterprise")));
    m.add(broken("architecture", arch, "/zones/0/level", 3.2));
    m.add(broken("architecture", arch, "/conduits/0/rules/0/services", List.of("read")));
    m.add(
        broken(
            "architecture",
            "water-treatment-purdue-dmz-dpi.yaml",
            "/conduits/2/rules/0/functionCodes",
            List.of(3, 99)));
    m.add(
        broken(
            "architecture",
            "water-treatment-purdue-dmz-dpi.yaml",
            "/conduits/2/rules/0/ranges/0",
            Map.of("table", "registers", "first", 0, "last", 7)));
    m.add(dangling("architecture", arch, "/hosts/0/zone", "nowhere", "hosts[0].zone"));
    m.add(dangling("architecture", arch, "/zones/1/id", "enterprise", "zones[1].id"));
    m.add(dangling("architecture", arch, "/entryPoints/internet", "ghost", "entryPoints.internet"));
    m.add(
        dangling(
            "architecture",
            arch,
            "/conduits/0/rules/0/from",
            "host:ghost",
            "conduits[0].rules[0].from"));
    m.add(dangling("architecture", arch, "/plant", "paper-mill", "plant"));
    // Detection profiles.
    m.add(broken("detection", full, "/id", null));
    m.add(broken("detection", full, "/rates/0/threshold", null));
    m.add(broken("detection", full, "/colour", "red"));
    m.add(broken("detection", full, "/functions/0/colour", "red"));
    m.add(broken("detection", full, "/maxEvidence", "many"));
    m.add(broken("detection", full, "/functions", "all"));
    m.add(broken("detection", full, "/cooldown", "soon"));
    m.add(broken("detection", full, "/functions/0/severity", "urgent"));
    m.add(broken("detection", full, "/rates/0/kind", "sideways"));
    m.add(broken("detection", full, "/writers/0/targets/0", "mainframe"));
    m.add(broken("detection", full, "/rates/0/threshold", 0));
    m.add(broken("detection", full, "/functions/0/functionCodes/0", 300));
    m.add(broken("detection", full, "/maxEvidence", 0));
    m.add(dangling("detection", full, "/functions/1/id", "modbus-diagnostics", "functions[1].id"));
    m.add(
        dangling(
            "detection",
            full,
            "/writers/0/ranges",
            List.of(List.of(5, 2)),
            "writers[0].ranges[0]"));
    // Scenarios.
    m.add(broken("scenario", flood, "/steps", null));
    m.add(broken("scenario", flood, "/foothold", null));
    m.add(broken("scenario", flood, "/steps/0/trigger", null));
    m.add(broken("scenario", flood, "/colour", "red"));
    m.add(broken("scenario", flood, "/steps/0/trigger/colour", "red"));
    m.add(broken("scenario", flood, "/steps", "all of them"));
    m.add(broken("scenario", flood, "/steps/0/params", "target"));
    m.add(broken("scenario", flood, "/duration", "ten minutes"));
    m.add(broken("scenario", flood, "/foothold", "coffee-machine"));
    m.add(broken("scenario", flood, "/steps/1/trigger/outcome", "maybe"));
    m.add(broken("scenario", flood, "/expected/water-treatment-flat/objective", "maybe"));
    m.add(broken("scenario", flood, "/steps/0/params/target", "10.0.0.7"));
    m.add(broken("scenario", flood, "/steps/0/technique", "X1"));
    m.add(broken("scenario", flood, "/steps/0/trigger/after", "request-flood"));
    m.add(broken("scenario", flood, "/maintenance", Map.of("from", "20m")));
    m.add(broken("scenario", flood, "/duration", 0));
    m.add(dangling("scenario", flood, "/steps/0/technique", "T9999", "steps[0].technique"));
    m.add(dangling("scenario", flood, "/plant", "paper-mill", "plant"));
    m.add(
        dangling(
            "scenario",
            flood,
            "/steps/0/params/target",
            "plc:plc-boiler",
            "steps[0].params.target"));
    m.add(
        dangling("scenario", flood, "/steps/1/trigger/after", "nowhere", "steps[1].trigger.after"));
    m.add(dangling("scenario", flood, "/objective/step", "nowhere", "objective.step"));
    // Suites.
    m.add(broken("suite", smoke, "/scenarios", null));
    m.add(broken("suite", smoke, "/colour", "red"));
    m.add(broken("suite", smoke, "/scenarios", "wt-recon"));
    m.add(broken("suite", smoke, "/scenarios/0", Map.of("name", "wt-recon")));
    m.add(broken("suite", smoke, "/scenarios", JSON.arrayNode()));
    m.add(broken("suite", smoke, "/scenarios/6", "wt-recon"));
    m.add(broken("suite", smoke, "/id", "Smoke Test"));
    m.add(dangling("suite", smoke, "/scenarios/0", "no-such-scenario", "scenarios[0]"));
    // Playbooks.
    String pivot = "wt-contain-it-pivot.yaml";
    m.add(broken("playbook", pivot, "/rules", null));
    m.add(broken("playbook", pivot, "/rules", JSON.arrayNode()));
    m.add(broken("playbook", pivot, "/colour", "red"));
    m.add(broken("playbook", pivot, "/rules/0/when", null));
    m.add(broken("playbook", pivot, "/rules/0/when/alert/severity", "urgent"));
    m.add(broken("playbook", pivot, "/rules/0/when/alert/count", 0));
    m.add(broken("playbook", pivot, "/rules/0/when/alert/host", "alert.source"));
    m.add(broken("playbook", pivot, "/rules/0/when/process", Map.of("tag", "treated_level")));
    m.add(broken("playbook", pivot, "/rules/0/actions", JSON.arrayNode()));
    m.add(broken("playbook", pivot, "/rules/0/actions/0/after", "soon"));
    m.add(broken("playbook", pivot, "/rules/0/actions/0/colour", "red"));
    m.add(broken("playbook", pivot, "/rules/0/actions/0/reset-sis", "10.0.0.7"));
    m.add(broken("playbook", pivot, "/rules/0/actions/1/isolate-host", "alert.sauce"));
    m.add(broken("playbook", pivot, "/rules/0/escalate/after", null));
    m.add(broken("playbook", pivot, "/rules/1/repeat", "twice"));
    m.add(broken("playbook", pivot, "/rules/4/when/process/view", "eyes"));
    m.add(dangling("playbook", pivot, "/plant", "paper-mill", "plant"));
    m.add(dangling("playbook", pivot, "/rules/0/when/alert/detector", "psychic", "rules[0].when"));
    m.add(dangling("playbook", pivot, "/rules/0/when/alert/host", "role:barista", "rules[0].when"));
    m.add(
        dangling(
            "playbook",
            pivot,
            "/rules/0/actions/0/reset-sis",
            "plc:plc-treatment",
            "rules[0].actions[0].reset-sis"));
    m.add(
        dangling(
            "playbook", pivot, "/rules/4/when/process/tag", "boiler", "rules[4].when.process.tag"));
    m.add(dangling("playbook", pivot, "/rules/4/if/not-done", "nowhere", "rules[4].if.not-done"));
    m.add(
        dangling(
            "playbook",
            pivot,
            "/rules/4/actions/0/operator/tag",
            "treated_level",
            "rules[4].actions[0].operator.tag"));
    m.add(dangling("playbook", pivot, "/rules/1/id", "sis-tampered", "rules[1].id"));
    return m.stream();
  }

  static Stream<Path> libraryFiles() throws Exception {
    List<Path> all = new ArrayList<>();
    for (String dir : DIRS.values()) {
      try (Stream<Path> s = Files.list(Path.of(dir))) {
        s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(all::add);
      }
    }
    return all.stream();
  }

  private static String kindOf(Path file) {
    String dir = file.getParent().getFileName().toString();
    return DIRS.entrySet().stream()
        .filter(e -> e.getValue().equals(dir))
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  @ParameterizedTest
  @MethodSource("libraryFiles")
  void everyLibraryFilePassesTheSchemaAndTheLoader(Path file) throws Exception {
    String kind = kindOf(file);
    String yaml = Files.readString(file);
    assertThat(SchemaCheck.of(kind).check(Reader.yaml().readTree(yaml)))
        .as(file.toString())
        .isEmpty();
    assertThatCode(() -> LOADERS.get(kind).apply(file.toString(), yaml)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @MethodSource("mutations")
  void schemaAndLoaderAgree(Mutation m) throws Exception {
    JsonNode tree = m.apply();
    List<Problem> schema = SchemaCheck.of(m.kind()).check(tree);
    String yaml = Reader.yaml().writeValueAsString(tree);
    ValidationException refused =
        catchThrowableOfType(
            ValidationException.class, () -> LOADERS.get(m.kind()).apply(m.file(), yaml));
    assertThat(refused).as(m + ": the loader refuses it").isNotNull();
    assertThat(refused.problems()).as(m.toString()).isNotEmpty();
    assertThat(refused.problems())
        .as(m + ": every problem has a fix")
        .allSatisfy(p -> assertThat(p.fix()).isNotBlank().endsWith("."));
    if (m.reference()) {
      assertThat(schema).as(m + ": the schema cannot see a reference").isEmpty();
      assertThat(refused.problems())
          .as(m.toString())
          .anySatisfy(p -> assertThat(p.path()).startsWith(m.field()));
    } else {
      assertThat(schema).as(m + ": the schema refuses it").isNotEmpty();
      // What the schema says reaches the user at the same place, or at the object when the
      // loader explains a rule that ties fields together (a filter and its protocol).
      List<String> places = new ArrayList<>();
      for (Problem p : schema) {
        places.add(p.path());
        String parent = Reader.parent(p.path());
        if (parent != null) {
          places.add(parent);
        }
      }
      assertThat(refused.problems().stream().map(Problem::path).toList())
          .as(m.toString())
          .containsAnyElementsOf(places);
    }
  }
}
