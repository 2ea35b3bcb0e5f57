package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitLog;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.RuleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Architecture variants in sweep files: what each change does to the base's data, that a derived
 * design is the design written out by hand, and every problem at its path in the sweep with a fix.
 */
class ArchitectureVariantTest {

  private static final String DPI = "water-treatment-purdue-dmz-dpi";

  private static SweepSpec sweep(String variants) {
    return SweepLoader.parse(
        "mine.yaml",
        "id: mine\nsuites: [wt-short]\nvariants:\n" + variants.stripIndent().indent(2));
  }

  private static Map<String, String> problems(String variants) {
    try {
      sweep(variants);
    } catch (ValidationException e) {
      assertThat(e.code()).isEqualTo("SWEEP_INVALID");
      assertThat(e.problems()).allSatisfy(p -> assertThat(p.fix()).isNotBlank());
      return e.problems().stream()
          .collect(Collectors.toMap(Problem::path, Problem::message, (a, b) -> a + " | " + b));
    }
    throw new AssertionError("the sweep loaded");
  }

  @Test
  void theShippedVariantSweepMatchesItsSchemaAndLoads() throws Exception {
    JsonNode node = Reader.yaml().readTree(Path.of("sweeps", "wt-dpi-variants.yaml").toFile());
    assertThat(LibraryScenariosTest.schema("sweep.schema.json").validate(node)).isEmpty();
    SweepSpec s = SweepLoader.load("wt-dpi-variants");
    assertThat(s.architectures())
        .containsExactly(DPI, "wt-dpi-l4-control", "wt-dpi-unwatched-control");
    assertThat(s.variants())
        .extracting(ArchitectureVariant::id)
        .containsExactly("wt-dpi-l4-control", "wt-dpi-unwatched-control");
    assertThat(s.variant(DPI)).isEmpty();
    assertThat(Library.names("sweeps")).contains("wt-dpi-variants");

    ArchitectureSpec base = ArchitectureLoader.load(DPI);
    ArchitectureSpec l4 = s.architecture("wt-dpi-l4-control");
    assertThat(l4.id()).isEqualTo("wt-dpi-l4-control");
    assertThat(l4.title())
        .isEqualTo("Water treatment - DPI design with layer-4 rules into control");
    assertThat(conduit(l4, "ops-control").rules())
        .extracting(RuleSpec::id)
        .containsExactly("ops-modbus", "ops-opcua");
    assertThat(l4.hosts()).isEqualTo(base.hosts());
    assertThat(l4.sensors()).isEqualTo(base.sensors());
    ArchitectureSpec unwatched = s.architecture("wt-dpi-unwatched-control");
    assertThat(unwatched.sensors().tappedConduits())
        .containsExactlyInAnyOrder("ent-dmz", "dmz-ops", "ops-safety");
    assertThat(unwatched.sensors().spanZones()).containsExactly("safety");
    assertThat(unwatched.conduits()).isEqualTo(base.conduits());
  }

  @Test
  void aChangeOfOneFieldOfAnAccountOrAConduit() {
    SweepSpec s =
        sweep(
            """
            - id: dpi-no-mfa
              base: water-treatment-purdue-dmz-dpi
              changes: [{set: accounts.eng-admin.mfa, value: false}]
            - id: dpi-no-fw-logs
              base: water-treatment-purdue-dmz-dpi
              changes: [{remove: conduits.ent-dmz.log}, {remove: conduits.dmz-ops.log}]
            """);
    assertThat(s.architecture("dpi-no-mfa").accounts())
        .filteredOn(a -> a.id().equals("eng-admin"))
        .singleElement()
        .satisfies(a -> assertThat(a.mfa()).isFalse());
    assertThat(ArchitectureLoader.load(DPI).accounts())
        .filteredOn(a -> a.id().equals("eng-admin"))
        .singleElement()
        .satisfies(a -> assertThat(a.mfa()).isTrue());
    ArchitectureSpec quiet = s.architecture("dpi-no-fw-logs");
    assertThat(conduit(quiet, "ent-dmz").log()).isEqualTo(ConduitLog.NONE);
    assertThat(conduit(quiet, "dmz-ops").log()).isEqualTo(ConduitLog.NONE);
    assertThat(conduit(ArchitectureLoader.load(DPI), "ent-dmz").log())
        .isEqualTo(ConduitLog.DECISIONS);
    assertThat(s.variants().get(1).summary())
        .isEqualTo(
            "water-treatment-purdue-dmz-dpi; remove conduits.ent-dmz.log; remove"
                + " conduits.dmz-ops.log");
  }

  @Test
  void aDerivedDesignIsTheDesignWrittenOutByHand(@TempDir Path dir) throws Exception {
    String text = Library.read("architectures", DPI).text();
    String hand =
        YamlEdit.replace(text, List.of("id"), "dpi-eng-open")
            .orElseThrow()
            .replace("mfa: true,", "mfa: false,")
            .replace(
                "      - {id: others-modbus,",
                "      - {id: hist-write, from: host:historian, to: host:plc-dosing, protocol:"
                    + " modbus, functionCodes: [6], action: allow}\n"
                    + "      - {id: others-modbus,")
            .replace(
                "sensors: {taps: [ent-dmz, dmz-ops, ops-control, ops-safety],",
                "sensors: {taps: [ent-dmz, dmz-ops, ops-safety],");
    hand = YamlEdit.replace(hand, List.of("title"), "Open").orElseThrow();
    hand = YamlEdit.replace(hand, List.of("description"), "By hand").orElseThrow();
    Path file = dir.resolve("dpi-eng-open.yaml");
    Files.writeString(file, hand);
    SweepSpec s =
        sweep(
            """
            - id: dpi-eng-open
              base: water-treatment-purdue-dmz-dpi
              title: Open
              description: By hand
              changes:
                - {set: accounts.eng-admin.mfa, value: false}
                - add: conduits.ops-control.rules
                  before: others-modbus
                  value: {id: hist-write, from: "host:historian", to: "host:plc-dosing", protocol: modbus, functionCodes: [6], action: allow}
                - {remove: sensors.taps.ops-control}
            """);
    ArchitectureSpec derived = s.architecture("dpi-eng-open");
    assertThat(derived).isEqualTo(ArchitectureLoader.load(file.toString()));
    assertThat(derived).isNotEqualTo(ArchitectureLoader.load(DPI));
  }

  @Test
  void aListElementIsReplacedByItsIdAndFieldsAreAdded() {
    SweepSpec s =
        sweep(
            """
            - id: dpi-changed
              base: water-treatment-purdue-dmz-dpi
              changes:
                - set: conduits.ops-control.rules.others-modbus
                  value: {id: others-modbus, from: any, to: "zone:control", protocol: modbus, action: deny}
                - {set: conduits.ops-control.log, value: denials}
                - {remove: conduits.ops-control.rules.hist-ua}
            """);
    ConduitSpec c = conduit(s.architecture("dpi-changed"), "ops-control");
    assertThat(c.log()).isEqualTo(ConduitLog.DENIALS);
    assertThat(c.rules())
        .extracting(RuleSpec::id)
        .doesNotContain("hist-ua")
        .endsWith("others-modbus");
    assertThat(c.rules().get(c.rules().size() - 1).action().name()).isEqualTo("DENY");
    ArchitectureSpec derived = s.architecture("dpi-changed");
    assertThat(derived.title())
        .isEqualTo(ArchitectureLoader.load(DPI).title() + " (variant dpi-changed)");
    assertThat(derived.description())
        .startsWith("Variant of water-treatment-purdue-dmz-dpi; set conduits.ops-control.rules");
  }

  @Test
  void aBaseThatIsNoArchitectureIsReportedAtBase() {
    assertThat(
            problems(
                """
                - id: v1
                  base: no-such-architecture
                  changes: [{remove: accounts}]
                """))
        .containsOnlyKeys("variants[0].base")
        .hasEntrySatisfying(
            "variants[0].base", m -> assertThat(m).contains("no-such-architecture"));
  }

  @Test
  void aPathThatNamesNothingSaysWhatIsThere() {
    Map<String, String> byPath =
        problems(
            """
            - id: v1
              base: water-treatment-purdue-dmz-dpi
              changes:
                - {set: hosts.eng-ws.postur.credentials, value: weak}
                - {remove: conduits.ops-control.rules.no-such-rule}
                - {add: accounts.eng-admin.mfa, value: true}
                - {add: conduits.ops-control.rules, before: no-such-rule, value: {id: x}}
                - {remove: id}
                - {remove: sensors.taps.ops-control.more}
            """);
    assertThat(byPath)
        .containsOnlyKeys(
            "variants[0].changes[0].set",
            "variants[0].changes[1].remove",
            "variants[0].changes[2].add",
            "variants[0].changes[3].add",
            "variants[0].changes[4].remove",
            "variants[0].changes[5].remove");
    assertThat(byPath.get("variants[0].changes[0].set"))
        .isEqualTo(
            "names nothing: hosts.eng-ws has no field postur (it has id, zone, role, posture,"
                + " description).");
    assertThat(byPath.get("variants[0].changes[1].remove"))
        .startsWith(
            "names nothing: conduits.ops-control.rules has no element no-such-rule (it has hmi-intake,");
    assertThat(byPath.get("variants[0].changes[2].add")).contains("a boolean, not a list");
    assertThat(byPath.get("variants[0].changes[3].add")).contains("no element no-such-rule");
    assertThat(byPath.get("variants[0].changes[4].remove")).contains("the variant's id");
    assertThat(byPath.get("variants[0].changes[5].remove"))
        .contains("sensors.taps.ops-control is text (ops-control), with no more in it");
  }

  @Test
  void aChangeThatBreaksTheDesignIsReportedWithThePathInTheDesign() {
    Map<String, String> byPath =
        problems(
            """
            - id: v1
              base: water-treatment-purdue-dmz-dpi
              changes:
                - {set: conduits.ops-control.rules.hist-read.protocol, value: modbus-rtu}
                - {remove: hosts.historian}
            """);
    // The bad protocol is under the first change; the removed host's references under none.
    assertThat(byPath.get("variants[0].changes[0]"))
        .startsWith("makes the design invalid at conduits.ops-control.rules.hist-read.protocol:");
    assertThat(byPath.get("variants[0].changes")).contains("historian");
  }

  @Test
  void variantIdsAreTheirOwn() {
    Map<String, String> byPath =
        problems(
            """
            - {id: v1, base: water-treatment-purdue-dmz-dpi, changes: [{remove: accounts}]}
            - {id: v1, base: water-treatment-purdue-dmz-dpi, changes: [{remove: sensors}]}
            - {id: water-treatment-flat, base: water-treatment-purdue-dmz-dpi, changes: [{remove: sensors}]}
            - {id: Bad Id, base: water-treatment-purdue-dmz-dpi, changes: [{remove: sensors}]}
            """);
    assertThat(byPath).containsOnlyKeys("variants[1].id", "variants[2].id", "variants[3].id");
    assertThat(byPath.get("variants[1].id")).contains("another variant");
    assertThat(byPath.get("variants[2].id")).contains("library architecture");
    Map<String, String> clash =
        problemsOf(
            "id: mine\nsuites: [wt-short]\narchitectures: [water-treatment-flat]\nvariants:\n"
                + "  - {id: water-treatment-flat, base: water-treatment-purdue-dmz-dpi,"
                + " changes: [{remove: sensors}]}\n");
    assertThat(clash.get("variants[0].id")).contains("architecture water-treatment-flat");
  }

  @Test
  void aChangeIsOneOperation() {
    Map<String, String> byPath =
        problems(
            """
            - id: v1
              base: water-treatment-purdue-dmz-dpi
              changes:
                - {set: accounts.eng-admin.mfa, remove: accounts, value: false}
                - {remove: accounts, value: 3}
                - {set: accounts.eng-admin.mfa, before: x, value: false}
                - {set: accounts.eng-admin.mfa}
                - {value: 1}
                - {remove: "a..b"}
            """);
    assertThat(byPath)
        .containsKeys(
            "variants[0].changes[0]",
            "variants[0].changes[1].value",
            "variants[0].changes[2].before",
            "variants[0].changes[3]",
            "variants[0].changes[4]",
            "variants[0].changes[5].remove");
  }

  @Test
  void aSweepNeedsArchitecturesOrVariants() {
    assertThat(problemsOf("id: mine\nsuites: [wt-short]\n"))
        .containsEntry("architectures", "is missing.");
  }

  @Test
  void aVariantOfAnotherPlantIsCheckedAgainstTheSuites() {
    assertThat(
            problemsOf(
                "id: mine\nsuites: [wt-short]\nvariants:\n"
                    + "  - {id: v1, base: chemical-reactor-flat, changes: [{remove: sensors}]}\n"))
        .hasEntrySatisfying("suites[0]", m -> assertThat(m).contains("chemical-reactor of v1"));
  }

  @Test
  void loaderPathsReadAsIds() throws Exception {
    JsonNode tree = Reader.yaml().readTree(Library.read("architectures", DPI).text());
    assertThat(ArchitectureVariants.idPath(tree, "conduits[2].rules[3].from"))
        .isEqualTo("conduits.ops-control.rules.hist-read.from");
    assertThat(ArchitectureVariants.idPath(tree, "sensors.taps[1]"))
        .isEqualTo("sensors.taps.dmz-ops");
    assertThat(ArchitectureVariants.idPath(tree, "conduits[2].rules[0].ranges[0]"))
        .isEqualTo("conduits.ops-control.rules.hmi-intake.ranges[0]");
    assertThat(ArchitectureVariants.idPath(tree, "line 3, column 4")).isEqualTo("line 3, column 4");
  }

  private static Map<String, String> problemsOf(String yaml) {
    try {
      SweepLoader.parse("mine.yaml", yaml);
    } catch (ValidationException e) {
      return e.problems().stream()
          .collect(Collectors.toMap(Problem::path, Problem::message, (a, b) -> a + " | " + b));
    }
    throw new AssertionError("the sweep loaded");
  }

  private static ConduitSpec conduit(ArchitectureSpec a, String id) {
    return a.conduits().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }
}
