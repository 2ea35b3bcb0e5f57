package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Scorecard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's "done when": a plant with no Java of its own (its physics declared as equations, its
 * balances, production and mimic in its file), its architecture and a scenario, all from a
 * temporary folder, evaluated by {@code otlab evaluate} with process-aware detection. The plant is
 * the library's data-only reference plant under a fresh id, so nothing of the library's own copy is
 * used; the architecture and the scenario name it by a path relative to themselves. The scenario is
 * the plant's concealment attack: the HMI is shown a frozen drum level while the drum runs dry, and
 * the process-aware detector, which knows the level's noise only from the plant file's tag
 * dictionary, says so before the tubes are uncovered.
 *
 * <p>The plant is found through the scenario ({@link #CONCEALMENT} names it), so no Java file names
 * the plant.
 */
class OwnPlantEvaluationIT {

  /** The library scenario whose plant, flat architecture and concealment attack are copied. */
  private static final String CONCEALMENT = "sb-aitm-concealed-low-water";

  private static final String SITE = "site-boiler";

  @TempDir Path dir;

  @Test
  void aDataOnlyPlantFromAFolderIsEvaluatedAndItsBalanceCatchesTheConcealment() throws Exception {
    ScenarioSpec library = ScenarioLoader.load(CONCEALMENT);
    String plant = library.plant();
    String flat = plant + "-flat";
    assertThat(library.expected()).containsKey(flat);
    String byPath = "../plants/" + SITE + ".yaml";

    OwnSite site = new OwnSite(dir, plant, SITE);
    site.plant(SITE + ".yaml");
    Path arch = site.architecture(flat, SITE + "-flat.yaml", byPath);
    site.scenario(CONCEALMENT, "site-concealed-low-water", "concealed.yaml", byPath);
    Path suites = Files.createDirectories(dir.resolve("suites"));
    Files.writeString(
        suites.resolve("site.yaml"), "id: site\nscenarios: [../scenarios/concealed.yaml]\n");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Main.execute(
            new String[] {
              "evaluate",
              "--architecture",
              arch.toString(),
              "--suite",
              suites.resolve("site.yaml").toString(),
              "--seed",
              "1",
              "--detection",
              "full",
              "--out",
              dir.resolve("out").toString(),
              "--pki",
              dir.resolve("pki").toString()
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(status).as(err.toString()).isZero();
    Evaluation evaluation = Evaluation.read(dir.resolve("out").resolve("evaluation.json"));
    Scorecard concealed = evaluation.scorecard("site-concealed-low-water");
    assertThat(concealed.plant()).isEqualTo(SITE);
    assertThat(concealed.architecture()).isEqualTo(SITE + "-flat");
    // Flat gives the office a position in the middle: the drum runs dry behind a frozen HMI...
    assertThat(concealed.objectiveReached()).as(out.toString()).isTrue();
    // ...and the process-aware detector, reading the plant file's tag dictionary, says so first.
    Scorecard.Detection seen = concealed.detection();
    assertThat(seen.detectors()).as(seen.toString()).contains("process/frozen-value");
    assertThat(seen.detectedBeforeImpact()).as(seen.toString()).isTrue();
    assertThat(seen.falseAlerts()).as(seen.toString()).isZero();
  }
}
