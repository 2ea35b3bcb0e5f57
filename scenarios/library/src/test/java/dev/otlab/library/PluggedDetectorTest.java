package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.otlab.detection.Alert;
import dev.otlab.detection.AlertSeverity;
import dev.otlab.detection.DetectionEngine;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.detection.DetectorKinds;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A detector kind registered only in the test resources ({@link UnitIdsKind}: one class, a line in
 * META-INF/services, a schema fragment) gets its profile section validated by the composed schema,
 * read by its own code through the real loader, and run by the real engine beside the shipped
 * detectors, with no edit of the engine, the profile, the loader or a schema file.
 */
class PluggedDetectorTest {

  static final String PROFILE =
      """
      id: unit-watch
      description: the shipped rules plus a plugged-in detector
      functions:
        - {id: modbus-diagnostics, severity: medium, techniques: [T0888], protocol: modbus, functionCodes: [8], summary: Modbus diagnostics}
      unitIds:
        allowed: [1, 2, 3]
        severity: high
      """;

  private static DetectionEngine engine(DetectionProfile profile) {
    return new DetectionEngine(
        profile,
        PlantLoader.load("water-treatment"),
        ArchitectureLoader.load("water-treatment-purdue-dmz-dpi"),
        null);
  }

  @Test
  void theKindIsFoundAndOwnsItsSection() {
    assertThat(DetectorKinds.installed().sections()).containsKey("unitIds");
    assertThat(DetectorKinds.installed().kinds())
        .extracting(k -> k.name())
        .containsExactly(
            "rules", "availability", "baseline", "process", "firewall", UnitIdsKind.NAME);
    assertThat(DetectorKinds.installed().schema().at("/properties/unitIds/properties/allowed"))
        .isNotEmpty();
  }

  @Test
  void itsSectionIsReadThroughTheLoaderAndItRaisesAlertsThroughTheEngine() {
    DetectionProfile p = DetectionLoader.parse("unit-watch.yaml", PROFILE);
    assertThat(p.settings(UnitIdsKind.NAME, UnitIdsKind.Settings.class))
        .contains(new UnitIdsKind.Settings(Set.of(1, 2, 3), AlertSeverity.HIGH));
    assertThat(p.functions())
        .singleElement()
        .extracting(f -> f.id())
        .isEqualTo("modbus-diagnostics");

    DetectionEngine e = engine(p);
    e.accept(UnitIdsKind.read(10, 3));
    assertThat(e.alerts()).isEmpty();
    e.accept(UnitIdsKind.read(11, 7));
    assertThat(e.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.detector()).isEqualTo(UnitIdsKind.NAME);
              assertThat(a.rule()).isEqualTo("unexpected-unit-id");
              assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
              assertThat(a.summary()).contains("unit id 7");
            })
        .extracting(Alert::time)
        .isEqualTo(11.0);
  }

  @Test
  void aProfileWithoutTheSectionDoesNotRunIt() {
    DetectionProfile p =
        DetectionLoader.parse("rules-only.yaml", PROFILE.substring(0, PROFILE.indexOf("unitIds")));
    assertThat(p.settings(UnitIdsKind.NAME, UnitIdsKind.Settings.class)).isEmpty();
    DetectionEngine e = engine(p);
    e.accept(UnitIdsKind.read(11, 7));
    assertThat(e.alerts()).isEmpty();
  }

  @Test
  void theSchemaFragmentAndTheKindsOwnChecksReportWithPaths() {
    String yaml = PROFILE.replace("allowed: [1, 2, 3]", "allowed: [0, 2, many]");
    ValidationException refused =
        catchThrowableOfType(
            ValidationException.class, () -> DetectionLoader.parse("unit-watch.yaml", yaml));
    assertThat(refused).isNotNull();
    assertThat(refused.problems())
        .extracting(Problem::path)
        .contains("unitIds.allowed[0]", "unitIds.allowed[2]");
    assertThat(refused.problems())
        .filteredOn(pr -> pr.path().equals("unitIds.allowed[0]"))
        .singleElement()
        .satisfies(pr -> assertThat(pr.message()).contains("broadcast"));
  }

  @Test
  void anUnknownSectionIsRefusedNamingTheKnownOnes() {
    String yaml = PROFILE.replace("unitIds:", "unitIdz:");
    ValidationException refused =
        catchThrowableOfType(
            ValidationException.class, () -> DetectionLoader.parse("unit-watch.yaml", yaml));
    assertThat(refused).isNotNull();
    assertThat(refused.problems())
        .filteredOn(pr -> pr.path().equals("unitIdz"))
        .singleElement()
        .satisfies(
            pr ->
                assertThat(pr.fix())
                    .contains(
                        "functions",
                        "writers",
                        "rates",
                        "opcua",
                        "baseline",
                        "process",
                        "unitIds"));
  }

  @Test
  void theShippedProfilesDoNotRunIt() {
    for (String name : List.of("full", "signatures")) {
      assertThat(DetectionLoader.load(name).settings().keySet())
          .as(name)
          .doesNotContain(UnitIdsKind.NAME);
    }
  }
}
