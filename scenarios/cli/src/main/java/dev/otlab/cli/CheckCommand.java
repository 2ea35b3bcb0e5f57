package dev.otlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.arch.AttackPaths.AttackPath;
import dev.otlab.scoring.arch.AttackPaths.Step;
import dev.otlab.scoring.arch.CheckReport;
import dev.otlab.scoring.arch.Finding;
import dev.otlab.scoring.arch.Reachability.Access;
import dev.otlab.scoring.arch.Severity;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code otlab check FILE|NAME}: static checks of an architecture, without running anything. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks an architecture statically: findings (severity, id, elements, fix), the reachability",
      "matrix and the shortest attack path from each lower-trust zone to each PLC and SIS.",
      "Exit status: 0 when no finding is high, 1 when one is, 2 when the file is invalid."
    })
public final class CheckCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE|NAME",
      description =
          "Library architecture (e.g. water-treatment-purdue-dmz-dpi) or a path to an architecture"
              + " .yaml file.")
  String name;

  @Option(names = "--json", description = "Prints the report as JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ArchitectureSpec arch = ArchitectureLoader.load(name);
    CheckReport report = CheckReport.of(arch);
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(report.toJson(mapper)));
    } else {
      out.print(text(report));
    }
    out.flush();
    return report.passed() ? 0 : 1;
  }

  static String text(CheckReport report) {
    StringBuilder sb = new StringBuilder();
    ArchitectureSpec a = report.architecture();
    sb.append("architecture ")
        .append(a.id())
        .append(" (plant ")
        .append(a.plant())
        .append("): ")
        .append(a.zones().size())
        .append(" zones, ")
        .append(a.hosts().size())
        .append(" hosts, ")
        .append(a.conduits().size())
        .append(" conduits\n\n");
    sb.append("FINDINGS (").append(report.findings().size()).append(")\n");
    for (Finding f : report.findings()) {
      sb.append(String.format("  %-6s %-20s %s%n", f.severity().name(), f.id(), f.message()));
      sb.append("         elements: ").append(String.join(", ", f.elements())).append('\n');
      sb.append("         fix: ").append(f.fix()).append('\n');
    }
    sb.append("\nREACHABILITY (source -> destination service: operations, best route)\n");
    String last = "";
    for (Access r : report.reachability()) {
      if (!r.from().equals(last)) {
        sb.append("  ").append(r.from()).append('\n');
        last = r.from();
      }
      sb.append(
          String.format(
              "    -> %-16s %-12s %-40s %s%n",
              r.to(), r.service(), r.describe(), r.best().route()));
    }
    sb.append("\nATTACK PATHS (fewest conduit hops, then weakest controls)\n");
    for (AttackPath p : report.attackPaths()) {
      String origin =
          p.origin()
              + (p.entryPoints().isEmpty() ? "" : " [" + String.join(", ", p.entryPoints()) + "]");
      if (!p.reachable()) {
        sb.append(String.format("  %-40s -> %-14s no path%n", origin, p.target()));
        continue;
      }
      sb.append(
          String.format(
              "  %-40s -> %-14s %d hop(s), %d filtering rule(s), %s%n",
              origin,
              p.target(),
              p.hops(),
              p.filteredRules(),
              p.writeCapable() ? "can WRITE" : "read only"));
      for (Step s : p.steps()) {
        sb.append(
            String.format(
                "      %s %s -> %s %s via %s (%s)%n",
                s.pivot() ? "pivot" : "reach",
                s.from(),
                s.to(),
                s.service(),
                s.route(),
                s.describe()));
      }
    }
    sb.append('\n').append(report.passed() ? "PASSED" : "FAILED").append(": ");
    for (Severity s : Severity.values()) {
      sb.append(report.count(s))
          .append(' ')
          .append(s.name().toLowerCase(Locale.ROOT))
          .append(s == Severity.INFO ? "" : ", ");
    }
    sb.append('\n');
    return sb.toString();
  }
}
