package dev.otlab.dashboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.lab.RunOutcome;
import dev.otlab.scoring.CoverageClass;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.ScoreIntervals;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.SubScores;
import dev.otlab.scoring.TechniqueCoverage;
import dev.otlab.scoring.Verdicts;
import dev.otlab.scoring.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The printable report: summary, date, the job's facts, verdicts, findings; never a raw map. */
class ReportTest {

  static Scorecard blocked() {
    return new Scorecard(
        "wt-recon",
        "Reconnaissance of the control network",
        "water-treatment",
        "water-treatment-purdue-dmz-dpi",
        7,
        600,
        "corp-laptop",
        "the PLCs are identified",
        "recon",
        1,
        2,
        List.of("control"),
        List.of(
            new Scorecard.StepVerdict(
                "scan",
                "T0846",
                30.0,
                "corp-laptop",
                "plc-intake",
                "BLOCKED",
                "ent-dmz",
                null,
                "denied",
                List.of("dpi/scan"),
                31.0,
                "",
                false)),
        false,
        null,
        30.0,
        new Scorecard.Impact(
            null, null, null, 0, 0, 0, 0, null, null, 0, 0, "m3", 100, 100, 0, 0, 0, 0, 0, 0),
        new Scorecard.Detection(
            true, 2, 0, 31.0, 1.0, null, 570, true, 0.99, "dpi/scan", List.of("dpi/scan")),
        new Scorecard.Operations(120, 1, 0, Map.of("ent-dmz (default deny)", 1), 0),
        new RunOutcome.Prevented(
            "scan", RunOutcome.Cause.BLOCKED, "ent-dmz", null, "the conduit denied it", 31),
        600,
        null);
  }

  static Evaluation evaluation(List<Evaluation.StaticFinding> findings) {
    Scorecard c = blocked();
    SubScores s = SubScores.of(List.of(c), true, Weights.DEFAULT);
    return new Evaluation(
        Evaluation.FORMAT,
        c.architecture(),
        c.plant(),
        "full",
        "smoke",
        7,
        List.of(7L),
        Weights.DEFAULT.toMap(),
        "ATT&CK v17",
        s,
        List.of(s),
        ScoreIntervals.of(List.of(s)),
        List.of(c),
        null,
        List.of(),
        List.of(
            new TechniqueCoverage(
                "T0846",
                "Remote System Discovery",
                List.of("discovery"),
                CoverageClass.PREVENTED,
                1,
                1,
                1,
                0,
                0,
                0,
                100,
                Map.of("ent-dmz (default deny)", 1),
                List.of("dpi/scan"),
                List.of("wt-recon"),
                List.of())),
        findings,
        List.of(),
        600,
        2,
        null);
  }

  @Test
  void theReportOpensWithTheVerdictAndTheJobsFacts() {
    Evaluation e =
        evaluation(
            List.of(
                new Evaluation.StaticFinding(
                    "low-one", "low", "a minor thing", List.of("hmi-1"), "tidy it"),
                new Evaluation.StaticFinding(
                    "high-one", "high", "a flat network", List.of("ops"), "add zones"),
                new Evaluation.StaticFinding(
                    "low-two", "low", "another minor <thing>", List.of("ws-1"), "tidy that")));
    String html =
        Report.html(
            e,
            new Report.About(
                "run",
                "0b3c1f0e-0000-4000-8000-000000000001",
                "baseline",
                "before the DMZ",
                "alice",
                1_764_900_000_000L,
                1_764_900_060_000L));
    assertThat(html)
        .contains(
            "<title>otlab run \u201cbaseline\u201d: water-treatment-purdue-dmz-dpi + full,"
                + " scenario wt-recon</title>")
        .contains("<strong>Summary:</strong> " + Report.esc(Verdicts.of(e)))
        .contains("<tr><th>Date</th><td>2025-12-05 02:01 UTC (finished)</td></tr>")
        .contains("<tr><th>Note</th><td>before the DMZ</td></tr>")
        .contains("<tr><th>Architecture</th><td>water-treatment-purdue-dmz-dpi</td></tr>")
        // A run is an evaluation of one scenario: the report names the scenario, not a suite.
        .contains("<tr><th>Scenario</th><td>wt-recon</td></tr>")
        .contains("<tr><th>Seed</th><td>7</td></tr>")
        .contains(
            "<td>wt-recon</td><td>Prevented: step scan was refused at conduit ent-dmz by its"
                + " default deny;")
        .contains("ent-dmz (default deny) \u00d71")
        .contains("By severity: 1 high, 2 low.")
        .contains("another minor &lt;thing&gt;")
        // No raw Java maps anywhere.
        .doesNotContain("{}")
        .doesNotContain("=1}")
        .doesNotContainPattern("\\{[^}]*=[^}]*\\}");
    // Findings go from the most severe down.
    assertThat(html.indexOf("a flat network")).isLessThan(html.indexOf("a minor thing"));
  }

  @Test
  void aReportWithoutTheJobStillHasItsSummaryAndNoFindings() {
    String html = Report.html(evaluation(List.of()));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<title>otlab evaluation: water-treatment-purdue-dmz-dpi + full, suite smoke")
        .contains("<strong>Summary:</strong> water-treatment-purdue-dmz-dpi: prevented 1 of 1")
        .contains("None: every static check passed.")
        .doesNotContain("<th>Date</th>");
    assertThat(Report.counts(Map.of())).isEqualTo("-");
    assertThat(Report.counts(Map.of("b", 2, "a", 1))).isEqualTo("a \u00d71; b \u00d72");
  }
}
