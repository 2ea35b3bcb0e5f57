package dev.otlab.cli;

import dev.otlab.scoring.Comparison;
import dev.otlab.scoring.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code otlab compare A.json B.json}: what changed between two evaluations, and why. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compares two evaluations (from otlab evaluate --json or --out): sub-score changes, each",
      "saying whether it exceeds the noise over the seeds (Welch's t-test at 5%%, docs/scoring.md),",
      "and scenario by scenario the verdicts that changed (with the share of seeds reaching the",
      "objective) and the conduit, rule or detector that made the difference.",
      "Exit status: 0, 2 when a file is not an evaluation."
    })
public final class CompareCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A.json", description = "The first evaluation.")
  Path a;

  @Parameters(index = "1", paramLabel = "B.json", description = "The second evaluation.")
  Path b;

  @Option(names = "--json", description = "Prints the comparison as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    Comparison c = Comparison.of(Evaluation.read(a), Evaluation.read(b));
    if (json) {
      w.println(RunCommand.JSON.writeValueAsString(c));
    } else {
      w.print(c.text());
    }
    w.flush();
    return 0;
  }
}
