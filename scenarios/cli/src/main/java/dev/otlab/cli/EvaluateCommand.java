package dev.otlab.cli;

import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Evaluator;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.SubScores;
import dev.otlab.scoring.TechniqueCoverage;
import dev.otlab.scoring.Weights;
import dev.otlab.scoring.ZoneEstimate;
import dev.otlab.simulator.clock.Speed;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code otlab evaluate}: runs a suite against an architecture (and detection profile), scores it,
 * and gates on the total. Every input file is validated before the first run starts.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a suite of attack scenarios against an architecture and scores it: per scenario",
      "(objective, where it was blocked, when it was detected, impact), sub-scores for",
      "prevention, detection, impact and operations, and a weighted total (docs/scoring.md).",
      "Exit status: 0, 1 when the total is under --fail-under, 2 on invalid input."
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--architecture",
      required = true,
      paramLabel = "FILE",
      description = "Library architecture name or a path.")
  String architecture;

  @Option(
      names = "--detection",
      defaultValue = "full",
      paramLabel = "FILE",
      description =
          "Detection profile (library name or path), or none: then the detection sub-score is not"
              + " scored and the total uses the other three. Default: ${DEFAULT-VALUE}.")
  String detection;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "Runs played at once (each is a whole lab on its own clock; results do not depend on"
              + " it). Default: the number of cores.")
  @Nullable Integer jobs;

  @Option(
      names = "--suite",
      defaultValue = "default",
      paramLabel = "NAME|FILE",
      description = "Library suite or a path. Default: ${DEFAULT-VALUE}.")
  String suite;

  @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--speed",
      defaultValue = "max",
      paramLabel = "S",
      description = "1, a factor such as 10, or max. Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(names = "--json", description = "Prints the whole evaluation as JSON.")
  boolean json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Writes evaluation.json, navigator-layer.json (ATT&CK Navigator, ics-attack) and"
              + " scorecards/SCENARIO.json.")
  Path out;

  @Option(
      names = "--fail-under",
      paramLabel = "SCORE",
      description = "Exit with status 1 when the total is under SCORE (0 to 100): a CI gate.")
  Double failUnder;

  @Option(
      names = "--weights",
      paramLabel = "NAME=VALUE,...",
      description =
          "Overrides scoring weights, e.g. prevention=0.5,detection=0.2 (names in"
              + " docs/scoring.md).")
  String weights;

  @Option(
      names = "--pki",
      paramLabel = "DIR",
      defaultValue = "${sys:user.home}/.otlab/pki",
      description = "Where OPC UA certificates are kept. Default: ${DEFAULT-VALUE}.")
  Path pki;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Every input is loaded and validated before anything runs, and all problems are reported
    // together: a CI job should not need one round trip per broken file.
    List<OtlabException> problems = new ArrayList<>();
    ArchitectureSpec arch = null;
    SuiteSpec suiteSpec = null;
    Weights wts = Weights.DEFAULT;
    Speed s = null;
    try {
      arch = ArchitectureLoader.load(architecture);
    } catch (OtlabException e) {
      problems.add(e);
    }
    try {
      suiteSpec = SuiteLoader.load(suite);
    } catch (OtlabException e) {
      problems.add(e);
    }
    String detectionId = null;
    DetectionProfile profile = null;
    if (!detection.equals("none")) {
      try {
        profile = DetectionLoader.load(detection);
        detectionId = profile.id();
      } catch (OtlabException e) {
        problems.add(e);
      }
    }
    if (weights != null) {
      try {
        wts = Weights.DEFAULT.with(weights);
      } catch (OtlabException e) {
        problems.add(e);
      }
    }
    if (failUnder != null && !(failUnder >= 0 && failUnder <= 100)) {
      problems.add(
          new OtlabException(
              "FAIL_UNDER_INVALID",
              "--fail-under " + failUnder + " is outside 0 to 100.",
              "Give a score between 0 and 100."));
    }
    try {
      s = Speed.parse(speed);
    } catch (OtlabException e) {
      problems.add(e);
    }
    if (arch != null && suiteSpec != null) {
      try {
        suiteSpec.requireFor(arch.plant());
      } catch (OtlabException e) {
        problems.add(e);
      }
    }
    if (problems.size() == 1) {
      throw problems.get(0);
    }
    if (!problems.isEmpty()) {
      throw new OtlabException(
          "EVALUATION_INPUT_INVALID",
          problems.size()
              + " inputs are invalid:\n"
              + String.join(
                  "\n",
                  problems.stream().map(p -> "* " + p.getMessage() + " " + p.remedy()).toList()),
          "Fix them and run again; nothing was started.");
    }
    if (arch == null || suiteSpec == null || s == null) {
      throw new IllegalStateException("inputs validated");
    }
    if (!json) {
      w.printf(
          "evaluating %s%s on suite %s (%d scenarios of %s), seed %d%n",
          arch.id(),
          detectionId == null ? "" : " + " + detectionId,
          suiteSpec.id(),
          suiteSpec.forPlant(arch.plant()).size(),
          arch.plant(),
          seed);
      w.flush();
    }
    Evaluator evaluator =
        new Evaluator(
            Evaluator.labRunner(s, pki, profile),
            jobs != null ? jobs : Runtime.getRuntime().availableProcessors());
    Evaluation e =
        evaluator.evaluate(
            arch,
            suiteSpec,
            new Evaluator.Options(
                seed,
                wts,
                detectionId,
                p -> {
                  err.println(p.line());
                  err.flush();
                },
                (c, t) -> {}));
    if (out != null) {
      e.write(out);
    }
    if (json) {
      w.println(e.toJson());
    } else {
      w.print(text(e));
      if (out != null) {
        w.println("written to " + out);
      }
    }
    w.flush();
    if (failUnder != null && e.scores().total() < failUnder) {
      err.printf(
          Locale.ROOT,
          "otlab: total %.1f is under --fail-under %.1f%n",
          e.scores().total(),
          failUnder);
      err.flush();
      return 1;
    }
    return 0;
  }

  static String text(Evaluation e) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%n%-30s %-11s %-28s %-24s %s%n",
            "SCENARIO",
            "OUTCOME",
            "BLOCKED AT",
            "DETECTED",
            "IMPACT"));
    for (Scorecard c : e.scorecards()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-30s %-11s %-28s %-24s %s%n",
              c.scenario(),
              c.outcome().label(),
              c.blockedAt(),
              detected(c),
              c.impactText()));
    }
    if (!e.skipped().isEmpty()) {
      sb.append("not run (other plant): ").append(String.join(", ", e.skipped())).append('\n');
    }
    SubScores s = e.scores();
    sb.append('\n')
        .append(
            String.format(
                Locale.ROOT,
                "prevention %5.1f   detection %5s   impact %5.1f   operations %5.1f   TOTAL %5.1f%n",
                s.prevention(),
                s.detection() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", s.detection()),
                s.impact(),
                s.operations(),
                s.total()))
        .append(
            String.format(
                Locale.ROOT,
                "benign operations denied %.2f%%, false alerts %.2f per simulated hour%n",
                100 * s.deniedFraction(),
                s.falseAlertsPerHour()));
    sb.append("\nZONES (strongest attacker level held, IEC 62443 SL scale)\n");
    for (ZoneEstimate z : e.zones()) {
      if (z.estimate() == null) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %-12s SL-T %d  %s%n",
                z.zone(),
                z.securityLevelTarget(),
                z.undecided().isEmpty()
                    ? "untested"
                    : "undecided (" + String.join(", ", z.undecided()) + ")"));
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-12s SL-T %d  held %d%s  %s%n",
              z.zone(),
              z.securityLevelTarget(),
              z.estimate(),
              z.breachedBy() == null
                  ? ""
                  : " (breached at level "
                      + z.breachedBy()
                      + " by "
                      + String.join(", ", z.breachedScenarios())
                      + ")",
              Boolean.TRUE.equals(z.meetsTarget()) ? "meets SL-T" : "BELOW SL-T"));
    }
    sb.append(
        "\nTECHNIQUES (worst class over step instances; prevented/ran; a repeated step counts"
            + " once)\n");
    for (TechniqueCoverage c : e.coverage()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-6s %-38s %-22s %d/%d  %5.1f%n",
              c.technique(),
              c.name(),
              c.coverageClass().words(),
              c.prevented(),
              c.ran(),
              c.score()));
    }
    long high = e.findings().stream().filter(f -> f.severity().equals("high")).count();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nstatic findings: %d (%d high); see otlab check %s%n",
            e.findings().size(),
            high,
            e.architecture()));
    sb.append(
        String.format(
            Locale.ROOT,
            "simulated %.0f s in %.1f s wall (%.0f simulated s per wall s)%n",
            e.simulatedSeconds(),
            e.wallSeconds(),
            e.wallSeconds() > 0 ? e.simulatedSeconds() / e.wallSeconds() : 0));
    return sb.toString();
  }

  private static String detected(Scorecard c) {
    Scorecard.Detection d = c.detection();
    if (d.detectTime() == null) {
      return d.observable() ? "no" : "-";
    }
    return String.format(
        Locale.ROOT,
        "%.0f s%s",
        d.detectTime(),
        d.detectedBeforeImpact() ? " (before impact)" : " (after)");
  }
}
