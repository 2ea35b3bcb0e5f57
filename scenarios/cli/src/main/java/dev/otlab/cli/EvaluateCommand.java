package dev.otlab.cli;

import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.DefenceSummary;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Evaluator;
import dev.otlab.scoring.Interval;
import dev.otlab.scoring.ScoreIntervals;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.SubScores;
import dev.otlab.scoring.TechniqueCoverage;
import dev.otlab.scoring.Verdicts;
import dev.otlab.scoring.Weights;
import dev.otlab.scoring.ZoneEstimate;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "Runs a suite of attack scenarios against an architecture and scores it: per",
      "scenario (objective, where it was blocked, when it was detected, impact),",
      "sub-scores for prevention, detection, impact and operations, and a weighted",
      "total (docs/scoring.md). Each scenario is played with --seeds seeds; every",
      "score is a mean with its 95%% interval, and each scenario says in how many",
      "seeds its objective was reached.",
      "With --playbook every run is defended by the playbooks and scored for what they",
      "averted and cost against the same seed undefended (docs/scoring.md).",
      "Exit status: 0; 1 when the total is under --fail-under (see --fail-under-on)",
      "or a scenario of --require-averted reached its objective in a seed;",
      "2 on invalid input."
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Mixin PlantOption plant = new PlantOption();

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
              + " it). Default: the number of cores, at most one per 128 MiB of Java heap"
              + " (./otlab bounds the heap; OTLAB_JAVA_OPTS=-Xmx... raises it).")
  @Nullable Integer jobs;

  /**
   * Java heap one run may need at once: a run of the water plant holds about 60 MiB live (its
   * servers' address spaces, its trace), twice that leaves the collector room.
   */
  static final long RUN_HEAP_BYTES = 128L << 20;

  /**
   * Runs played at once when {@code --jobs} is not given: one per core, but no more than the heap
   * bound holds, so a many-core machine does not run out of a heap sized for a small one.
   */
  static int defaultJobs(int cores, long maxHeapBytes) {
    return (int) Math.max(1, Math.min(cores, maxHeapBytes / RUN_HEAP_BYTES));
  }

  @Option(
      names = "--suite",
      defaultValue = "default",
      paramLabel = "NAME|FILE",
      description = "Library suite or a path. Default: ${DEFAULT-VALUE}.")
  String suite;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "First seed: the runs play seeds S, S+1, ... Alone (without --seeds) it plays S only,"
              + " to reproduce one seed of an evaluation. Default: 1.")
  @Nullable Long seed;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description =
          "Seeds each scenario is played with (1 to 100); scores are means with 95%% intervals"
              + " over them. Default: 5, or 1 when --seed is given alone.")
  @Nullable Integer seeds;

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
      description =
          "Exit with status 1 when the total is under SCORE (0 to 100): a CI gate. What is"
              + " held against SCORE: --fail-under-on.")
  Double failUnder;

  /** What --fail-under holds against the score. */
  enum GateOn {
    /** The lower bound of the total's 95% interval: the total is likely at least SCORE. */
    lower,
    /** The mean total over the seeds. */
    mean
  }

  @Option(
      names = "--fail-under-on",
      defaultValue = "lower",
      paramLabel = "lower|mean",
      description =
          "lower: the gate fails unless the lower bound of the total's 95%% interval reaches"
              + " --fail-under (a design must be shown to hold the bar, not be lucky); mean: the"
              + " mean total. With one seed both are the total. Default: ${DEFAULT-VALUE}.")
  GateOn failUnderOn;

  @Option(
      names = "--playbook",
      paramLabel = "NAME|FILE",
      description =
          "Defends every run with a response playbook (library name or path; repeat for several"
              + " acting together): each scenario is also played without them with the same seed,"
              + " and the benign twin with them, to score the harm they averted and what they cost"
              + " (docs/playbooks.md). Alert rules need a detection profile.")
  List<String> playbooks = new ArrayList<>();

  @Option(
      names = "--require-averted",
      paramLabel = "SCENARIO",
      description =
          "With --playbook, a CI gate: exit with status 1 when SCENARIO reaches its objective in"
              + " any seed despite the playbooks. Repeat for several scenarios.")
  List<String> requireAverted = new ArrayList<>();

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
      PlantSpec given = plant.load();
      arch = ArchitectureLoader.load(architecture);
      plant.forArchitecture(given, arch);
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
    long first = seed != null ? seed : 1;
    int count = seeds != null ? seeds : seed != null ? 1 : Evaluator.DEFAULT_SEEDS;
    Evaluator.Options options = null;
    try {
      options = new Evaluator.Options(first, count, wts, null, p -> {}, (c, t, n) -> {});
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
    List<PlaybookSpec> defence = new ArrayList<>();
    for (String name : playbooks) {
      try {
        PlaybookSpec p = PlaybookLoader.load(name);
        if (arch != null) {
          PlaybookLoader.requirePlant(p, arch.plant(), arch.id());
        }
        if (detection.equals("none")) {
          RunCommand.requireNoAlertRules(p);
        }
        defence.add(p);
      } catch (OtlabException e) {
        problems.add(e);
      }
    }
    if (!requireAverted.isEmpty() && playbooks.isEmpty()) {
      problems.add(
          new OtlabException(
              "REQUIRE_AVERTED_WITHOUT_PLAYBOOK",
              "--require-averted asks whether playbooks avert "
                  + requireAverted
                  + ", but no --playbook defends the runs.",
              "Add --playbook NAME, or drop --require-averted."));
    }
    if (arch != null && suiteSpec != null) {
      List<String> played =
          suiteSpec.forPlant(arch.plant()).stream().map(ScenarioSpec::id).toList();
      for (String id : requireAverted) {
        if (!played.contains(id)) {
          problems.add(
              new OtlabException(
                  "REQUIRE_AVERTED_NOT_PLAYED",
                  "--require-averted "
                      + id
                      + ": suite "
                      + suiteSpec.id()
                      + " plays no such scenario for plant "
                      + arch.plant()
                      + ".",
                  "Give one of " + played + ", or a suite that plays it."));
        }
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
    if (arch == null || suiteSpec == null || s == null || options == null) {
      throw new IllegalStateException("inputs validated");
    }
    if (!json) {
      w.printf(
          "evaluating %s%s on suite %s (%d scenarios of %s), %s%n",
          arch.id(),
          detectionId == null ? "" : " + " + detectionId,
          suiteSpec.id(),
          suiteSpec.forPlant(arch.plant()).size(),
          arch.plant(),
          count == 1 ? "seed " + first : count + " seeds " + first + ".." + (first + count - 1));
      w.flush();
    }
    Evaluator evaluator =
        new Evaluator(
            Evaluator.labRunner(s, pki, profile),
            jobs != null
                ? jobs
                : defaultJobs(
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory()));
    Evaluation e =
        evaluator.evaluate(
            arch,
            suiteSpec,
            new Evaluator.Options(
                    first,
                    count,
                    wts,
                    detectionId,
                    p -> {
                      err.println(p.line());
                      err.flush();
                    },
                    (c, t, n) -> {})
                .withPlaybooks(defence));
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
    List<String> reachedDespite = reachedDespite(e, requireAverted);
    if (!reachedDespite.isEmpty()) {
      err.printf(
          Locale.ROOT,
          "otlab: %s reached %s despite %s%n",
          String.join(", ", reachedDespite),
          reachedDespite.size() == 1 ? "its objective" : "their objectives",
          String.join(" + ", playbooks));
      err.flush();
      return 1;
    }
    if (failUnder != null) {
      double gated = gated(e, failUnderOn);
      if (gated < failUnder) {
        err.printf(
            Locale.ROOT,
            "otlab: %s %.1f is under --fail-under %.1f%s%n",
            e.seeds().size() == 1
                ? "total"
                : failUnderOn == GateOn.lower ? "lower bound of the total" : "mean total",
            gated,
            failUnder,
            e.seeds().size() == 1 ? "" : " (total " + e.totalText() + ")");
        err.flush();
        return 1;
      }
    }
    return 0;
  }

  /**
   * The scenarios of {@code required} that reached their objective in some seed of the defended
   * evaluation, each with the seeds: what --require-averted fails on.
   */
  static List<String> reachedDespite(Evaluation e, List<String> required) {
    List<String> out = new ArrayList<>();
    for (String id : required) {
      Evaluation.Reach r = e.reach(id);
      if (r.reached() > 0) {
        out.add(id + " (seeds " + r.reachedWith() + ")");
      }
    }
    return out;
  }

  /** The response part of a defended evaluation, as people read it. */
  static String defence(DefenceSummary d) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nDEFENCE %s: against the same seeds played without it%n",
            String.join(" + ", d.defence())));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-30s %-10s %-10s %-13s %-16s %s%n",
            "SCENARIO",
            "UNDEFENDED",
            "DEFENDED",
            "HARM AVERTED",
            "TIME TO CONTAIN",
            "BENIGN DENIED BY IT"));
    for (DefenceSummary.PerScenario p : d.scenarios()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-30s %-10s %-10s %-13s %-16s %d%n",
              p.scenario(),
              p.reachedUndefended() + "/" + p.seeds() + " reached",
              p.reached() + "/" + p.seeds(),
              String.format(Locale.ROOT, "%+.2f", p.meanHarmAverted()),
              p.meanTimeToContain() == null ? "-" : Verdicts.duration(p.meanTimeToContain()),
              p.extraDenied()));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "averted %d of %d runs reached undefended; mean harm averted %+.2f; contained %d of %d"
                + " runs%s%n",
            d.averted(),
            d.reachedUndefended(),
            d.meanHarmAverted(),
            d.contained(),
            d.runs(),
            d.meanTimeToContain() == null
                ? ""
                : ", mean time to contain " + Verdicts.duration(d.meanTimeToContain())));
    sb.append(
        String.format(
            Locale.ROOT,
            "cost: %d responses, %d benign operations denied by them, production %+.1f%% of the"
                + " twin's; false alarms in the benign twin: %d responses, %d operations denied%n",
            d.responses(),
            d.extraDenied(),
            100 * d.meanExtraProductionLost(),
            d.falseAlarmResponses(),
            d.falseAlarmDenied()));
    return sb.toString();
  }

  /** The number --fail-under holds against the bar. */
  static double gated(Evaluation e, GateOn on) {
    return on == GateOn.lower ? e.intervals().total().low() : e.scores().total();
  }

  static String text(Evaluation e) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%n%-30s %-8s %-11s %-28s %-24s %s%n",
            "SCENARIO",
            "REACHED",
            e.seeds().size() == 1 ? "OUTCOME" : "SEED " + e.seed(),
            "BLOCKED AT",
            "DETECTED",
            "IMPACT"));
    for (Scorecard c : e.scorecards()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-30s %-8s %-11s %-28s %-24s %s%n",
              c.scenario(),
              e.reach(c.scenario()).reached() + "/" + e.seeds().size(),
              c.outcome().label(),
              c.blockedAt(),
              detected(c),
              c.impactText()));
    }
    if (e.seeds().size() > 1) {
      sb.append(
          String.format(
              Locale.ROOT,
              "REACHED: seeds of %d in which the objective was reached; the other columns: seed %d"
                  + " (replay it with --seed %d)%n",
              e.seeds().size(),
              e.seed(),
              e.seed()));
    }
    if (!e.skipped().isEmpty()) {
      sb.append("not run (other plant): ").append(String.join(", ", e.skipped())).append('\n');
    }
    SubScores s = e.scores();
    sb.append('\n');
    if (e.seeds().size() == 1) {
      sb.append(
          String.format(
              Locale.ROOT,
              "prevention %5.1f   detection %5s   impact %5.1f   operations %5.1f   TOTAL %5.1f%n",
              s.prevention(),
              s.detection() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", s.detection()),
              s.impact(),
              s.operations(),
              s.total()));
    } else {
      sb.append(
          String.format(
              Locale.ROOT,
              "over %d seeds (%d..%d), mean [95%% interval]:%n",
              e.seeds().size(),
              e.seed(),
              e.seeds().get(e.seeds().size() - 1)));
      for (String name : ScoreIntervals.NAMES) {
        Interval i = e.intervals().get(name);
        sb.append(
            i == null
                ? String.format(Locale.ROOT, "  %-11s   n/a%n", name)
                : String.format(
                    Locale.ROOT,
                    "  %-11s %5.1f [%5.1f, %5.1f]%n",
                    name.equals("total") ? "TOTAL" : name,
                    i.mean(),
                    i.low(),
                    i.high()));
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "benign operations denied %.2f%%, false alerts %.2f per simulated hour%n",
            100 * s.deniedFraction(),
            s.falseAlertsPerHour()));
    if (e.defence() != null) {
      sb.append(defence(e.defence()));
    }
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
