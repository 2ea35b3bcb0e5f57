package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code otlab run --playbook}: a playbook that cannot defend the run (another plant's, one that
 * fires on alerts without a detection profile, a name the library lacks) is refused before the run
 * spends its time, with bad-input status and what to do.
 */
class RunPlaybookOptionsTest {

  @Test
  void aPlaybookOfAnotherPlantIsRefusedBeforeTheRun() {
    CheckCommandTest.Result r =
        CheckCommandTest.run(
            "run",
            "wt-recon",
            "--architecture",
            "water-treatment-flat",
            "--playbook",
            "cr-guard-sis");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err())
        .contains(
            "[PLAYBOOK_PLANT_MISMATCH]", "cr-guard-sis", "chemical-reactor", "water-treatment");
    assertThat(r.out()).doesNotContain("scenario wt-recon");
  }

  @Test
  void aPlaybookOnAlertsNeedsADetectionProfile() {
    CheckCommandTest.Result r =
        CheckCommandTest.run(
            "run",
            "wt-recon",
            "--architecture",
            "water-treatment-flat",
            "--detection",
            "none",
            "--playbook",
            "wt-contain-it-pivot");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("[PLAYBOOK_DETECTION_MISMATCH]", "--detection full");
    assertThat(r.out()).doesNotContain("scenario wt-recon");
  }

  @Test
  void anUnknownPlaybookNameListsTheLibrarys() {
    CheckCommandTest.Result r =
        CheckCommandTest.run(
            "run", "wt-recon", "--architecture", "water-treatment-flat", "--playbook", "panic");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("[LIBRARY_NAME_UNKNOWN]", "panic", "wt-contain-it-pivot");
  }
}
