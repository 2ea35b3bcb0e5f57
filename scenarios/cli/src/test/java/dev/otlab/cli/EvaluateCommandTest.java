package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.cli.CheckCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otlab evaluate} and {@code otlab compare} on bad input: nothing runs, status 2. */
class EvaluateCommandTest {

  @TempDir Path dir;

  @Test
  void brokenFilesFailBeforeAnyRunWithEveryProblem() throws Exception {
    Path arch = dir.resolve("arch.yaml");
    Files.writeString(arch, "id: Bad Id\nplant: no-such-plant\nzones: 7\n");
    Path suite = dir.resolve("suite.yaml");
    Files.writeString(suite, "id: s\nscenarios: [wt-recon, no-such-scenario, wt-recon]\n");
    Result r =
        CheckCommandTest.run(
            "evaluate",
            "--architecture",
            arch.toString(),
            "--suite",
            suite.toString(),
            "--weights",
            "prevention=x",
            "--seeds",
            "0",
            "--pki",
            dir.resolve("pki").toString());
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err())
        .contains(
            "inputs are invalid",
            "arch.yaml",
            "suite.yaml",
            "no-such-scenario",
            "listed twice",
            "prevention: 'x' is not a number",
            "with 0 seeds",
            "nothing was started");
    assertThat(r.err()).doesNotContain("[1/");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aSuiteWithoutScenariosOfThePlantIsBadInput() throws Exception {
    Path suite = dir.resolve("reactor.yaml");
    Files.writeString(suite, "id: reactor\nscenarios: [cr-vendor-recon]\n");
    Result r =
        CheckCommandTest.run(
            "evaluate", "--architecture", "water-treatment-flat", "--suite", suite.toString());
    assertThat(r.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("no scenario for plant water-treatment");
  }

  @Test
  void compareRejectsAFileThatIsNotAnEvaluation() throws Exception {
    Path a = dir.resolve("a.json");
    Files.writeString(a, "{\"hello\": 1}");
    Result r = CheckCommandTest.run("compare", a.toString(), a.toString());
    assertThat(r.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("a.json", "otlab evaluate --json");
  }

  @Test
  void theDefaultJobsAreTheCoresAsFarAsTheHeapHoldsThem() {
    long mib = 1L << 20;
    assertThat(EvaluateCommand.defaultJobs(2, 768 * mib)).isEqualTo(2);
    assertThat(EvaluateCommand.defaultJobs(16, 768 * mib)).isEqualTo(6);
    assertThat(EvaluateCommand.defaultJobs(16, 2048 * mib)).isEqualTo(16);
    assertThat(EvaluateCommand.defaultJobs(4, 100 * mib)).isEqualTo(1);
  }

  @Test
  void playbookProblemsAreBadInputListedWithTheOthers() throws Exception {
    Result r =
        CheckCommandTest.run(
            "evaluate",
            "--architecture",
            "water-treatment-flat",
            "--suite",
            "smoke",
            "--playbook",
            "cr-guard-sis",
            "--playbook",
            "no-such-playbook",
            "--require-averted",
            "wt-it-pivot-treated-overflow");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err())
        .contains(
            "inputs are invalid",
            "written for plant chemical-reactor",
            "no-such-playbook",
            "--require-averted wt-it-pivot-treated-overflow: suite smoke plays no such scenario",
            "nothing was started");
    assertThat(r.err()).doesNotContain("[1/");
  }

  @Test
  void requireAvertedNeedsAPlaybookAndAlertRulesNeedDetection() throws Exception {
    Result r =
        CheckCommandTest.run(
            "evaluate",
            "--architecture",
            "water-treatment-flat",
            "--suite",
            "smoke",
            "--require-averted",
            "wt-dosing-flood");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("no --playbook defends the runs", "Add --playbook NAME");
    Result none =
        CheckCommandTest.run(
            "evaluate",
            "--architecture",
            "water-treatment-flat",
            "--suite",
            "smoke",
            "--detection",
            "none",
            "--playbook",
            "wt-contain-it-pivot");
    assertThat(none.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(none.err()).contains("fire on alerts, and --detection none raises none");
  }
}
