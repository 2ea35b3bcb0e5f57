package dev.otlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.arch.AttackPaths.AttackPath;
import dev.otlab.scoring.arch.AttackPaths.Step;
import dev.otlab.scoring.arch.CheckReport;
import dev.otlab.scoring.arch.Finding;
import dev.otlab.scoring.arch.FindingGroup;
import dev.otlab.scoring.arch.Reachability.AccessGroup;
import dev.otlab.scoring.arch.Severity;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "Findings alike (one cause, other hosts, conduits or rules) are shown once with their count,",
      "and hosts alike (same zones, rules and OPC UA modes) share a row of the matrix.",
      "Exit status: 0 when no finding is high, 1 when one is, 2 when the file is invalid."
    })
public final class CheckCommand implements Callable<Integer> {

  @Mixin PlantOption plant = new PlantOption();

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
    PlantSpec given = plant.load();
    ArchitectureSpec arch = ArchitectureLoader.load(name);
    plant.forArchitecture(given, arch);
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
    String last = "";
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
    List<FindingGroup> groups = report.groups();
    sb.append("FINDINGS (").append(report.findings().size());
    if (groups.size() < report.findings().size()) {
      sb.append(", in ").append(groups.size()).append(" groups of findings alike");
    }
    sb.append(")\n");
    for (FindingGroup g : groups) {
      sb.append(String.format("  %-6s %-20s %s%n", g.severity().name(), g.id(), g.message()));
      if (g.count() > 1) {
        sb.append("         and ")
            .append(g.count() - 1)
            .append(" more alike (")
            .append(g.count())
            .append(" in all), e.g. ");
        List<Finding> more = g.findings().subList(1, Math.min(1 + EXAMPLES, g.count()));
        sb.append(
                more.stream()
                    .map(f -> String.join(", ", g.distinct(f)))
                    .collect(Collectors.joining("; ")))
            .append(g.count() > 1 + EXAMPLES ? "; ..." : "")
            .append('\n');
      }
      sb.append("         elements: ").append(String.join(", ", g.elements())).append('\n');
      sb.append("         fix: ").append(g.fix()).append('\n');
    }
    sb.append(
        "\nREACHABILITY (source -> destination service: operations, best route; hosts alike"
            + " grouped, none reaching itself)\n");
    for (AccessGroup r : report.reachability()) {
      String from = hosts(r.from());
      if (!from.equals(last)) {
        sb.append("  ").append(from).append('\n');
        last = from;
      }
      sb.append(
          String.format(
              "    -> %-16s %-12s %-40s %s%n",
              hosts(r.to()), r.service(), r.describe(), r.best().route()));
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
                "      %s %s -> %s %s%s via %s (%s)%n",
                s.pivot() ? "pivot" : "reach",
                s.from(),
                s.to(),
                s.service(),
                s.account() == null
                    ? ""
                    : " as account " + s.account() + " (taken on " + s.takenOn() + ")",
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

  /** Examples of a finding group shown besides its first finding. */
  static final int EXAMPLES = FindingGroup.EXAMPLES;

  /** Most hosts of a group named one by one in the text; --json names every one. */
  static final int HOSTS_NAMED = 6;

  /** A group's hosts: every one when few, else the first ones, the last and how many. */
  static String hosts(List<String> ids) {
    if (ids.size() <= HOSTS_NAMED) {
      return String.join(", ", ids);
    }
    return String.join(", ", ids.subList(0, HOSTS_NAMED - 1))
        + " ... "
        + ids.get(ids.size() - 1)
        + " ("
        + ids.size()
        + " hosts)";
  }
}
