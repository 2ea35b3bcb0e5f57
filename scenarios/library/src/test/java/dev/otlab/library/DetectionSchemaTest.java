package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.detection.DetectorKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * schemas/detection.schema.json, which editors use, is the profile schema the registered detector
 * kinds compose: a new detector regenerates it instead of editing it.
 */
class DetectionSchemaTest {

  static final Path FILE = Path.of("schemas", "detection.schema.json");

  static final String REGENERATE =
      "./mvnw -B -q verify -pl scenarios/library -am -DskipITs -Dspotless.check.skip=true"
          + " -Dtest=DetectionSchemaTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dotlab.regenerateDocs=true";

  /** The kinds otlab ships: the installed ones but the test-only {@link UnitIdsKind}. */
  static DetectorKinds shipped() {
    return new DetectorKinds(
        DetectorKinds.installed().kinds().stream()
            .filter(k -> !(k instanceof UnitIdsKind))
            .toList());
  }

  @Test
  void theCheckedInSchemaIsTheComposedOne() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode composed = shipped().schema();
    if (Boolean.getBoolean("otlab.regenerateDocs")) {
      Files.writeString(
          FILE, json.writerWithDefaultPrettyPrinter().writeValueAsString(composed) + "\n");
    }
    assertThat(json.readTree(FILE.toFile()))
        .as(FILE + " is out of date: regenerate it with " + REGENERATE)
        .isEqualTo(composed);
  }

  @Test
  void residualSigmaOffersTheBalancesOfTheRegisteredProcessModels() {
    JsonNode sigma = shipped().schema().at("/properties/process/properties/residualSigma");
    assertThat(sigma.path("properties").size()).isEqualTo(DetectionProfile.BALANCES.size());
    for (String b : DetectionProfile.BALANCES) {
      assertThat(sigma.path("properties").has(b)).as(b).isTrue();
    }
    assertThat(DetectionProfile.BALANCES)
        .containsExactlyInAnyOrder("raw-tank", "treated-tank", "reactor-energy");
  }
}
