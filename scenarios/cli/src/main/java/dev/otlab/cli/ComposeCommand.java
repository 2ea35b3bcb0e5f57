package dev.otlab.cli;

import dev.otlab.containers.ComposeFile;
import dev.otlab.containers.ContainerPlan;
import dev.otlab.containers.OwnFiles;
import dev.otlab.core.OtlabException;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otlab compose}: a docker-compose file for an architecture's container lab. */
@Command(
    name = "compose",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a docker-compose file for the container lab of an architecture: one internal"
          + " network per zone, a gateway container per conduit, a container per host, and the"
          + " dashboard published on the host's loopback. By default the dashboard is the lab's"
          + " process node: the runs it plays on that architecture cross the containers. The root"
          + " docker-compose.yml is this command's output for water-treatment on"
          + " water-treatment-purdue-dmz-dpi. A plant, architecture or scenario of your own (given"
          + " by path) is copied beside the -o file, into NAME.library/, and mounted read-only into"
          + " every container's library. With --stack it writes the lab the dashboard drives as a"
          + " stack for docker stack deploy on a Docker swarm instead (docker/README.md)."
    })
public final class ComposeCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PlantOnArchitecture drawing = new PlantOnArchitecture();

  @Option(
      names = "--subnets",
      paramLabel = "A.B",
      defaultValue = "10.231",
      description =
          "First two octets of the zone subnets; zone i gets A.B.i.0/24. Change it when those"
              + " addresses clash with a network of yours. Default: ${DEFAULT-VALUE}.")
  String subnets;

  @Option(
      names = "--for-runs",
      paramLabel = "SCENARIO",
      description =
          "Write a lab for scenario runs instead: the plant runs once, in a runner that plays a"
              + " scenario across the containers and prints its verdict; SCENARIO is the one it"
              + " plays by default.")
  String forRuns;

  @Option(
      names = "--live",
      description =
          "Write a live lab instead: every PLC container simulates the plant on its own, the"
              + " operations hosts work on their own, a sensor prints alerts from the tapped"
              + " conduits, and footholds are there to probe from (docker-compose exec); the"
              + " dashboard beside it plays runs in its embedded lab.")
  boolean live;

  @Option(
      names = "--stack",
      description =
          "Write the lab the dashboard drives as a stack file for docker stack deploy on a Docker"
              + " swarm: zone networks are internal encrypted overlays, every service answers with"
              + " its own address (DNS round robin), gateways and hosts run on the machines labelled"
              + " with their zone's site (see --site-label), and the dashboard's port is published"
              + " on the manager it runs on. Not with --live (it needs a start order a swarm does not"
              + " keep) or --for-runs (its runner is a one-off container, not a service); not with"
              + " files of your own (they would be on one machine only).")
  boolean stack;

  @Option(
      names = "--site-label",
      paramLabel = "LABEL",
      defaultValue = ComposeFile.SITE_LABEL,
      description =
          "With --stack: the node label whose value names a machine's site (a zone's site:,"
              + " main by default); label each machine with docker node update --label-add"
              + " LABEL=SITE. Default: ${DEFAULT-VALUE}.")
  String siteLabel;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write here (the build context is the file's folder, so put it at the repository"
              + " root). Default: standard output.")
  Path output;

  @Override
  public Integer call() {
    PlantOnArchitecture.Loaded loaded = drawing.load();
    ArchitectureSpec arch = loaded.architecture();
    PlantSpec plantSpec = loaded.plant();
    ScenarioSpec scenario = null;
    if (stack && (live || forRuns != null)) {
      throw new OtlabException(
          "COMPOSE_STACK_KIND",
          "--stack writes the lab the dashboard drives; "
              + (live ? "--live" : "--for-runs")
              + " asks for another, which a swarm cannot play: "
              + (live
                  ? "the live lab's clients must start after its sensor, and a stack has no start"
                      + " order."
                  : "its runner is a one-off container run beside the lab, not a service."),
          "Drop "
              + (live ? "--live" : "--for-runs")
              + " and play runs through the dashboard of the stack lab, or write a compose lab"
              + " without --stack.");
    }
    if (forRuns != null) {
      if (live) {
        throw new OtlabException(
            "COMPOSE_KIND_CONFLICT",
            "--live and --for-runs ask for two different labs.",
            "Give one of them, or neither for the lab the dashboard drives.");
      }
      scenario = ScenarioLoader.load(forRuns);
      ScenarioRun.requireSamePlant(scenario, arch);
    }
    LabCopies copies = new LabCopies(plantSpec.id());
    copies.plant();
    copies.file("architectures", arch.id(), drawing.architecture);
    if (scenario != null) {
      copies.file("scenarios", scenario.id(), forRuns);
    }
    OwnFiles own = null;
    if (stack && !copies.isEmpty()) {
      throw ComposeFile.stackRefuses(copies.names());
    }
    if (!copies.isEmpty()) {
      if (output == null) {
        throw new OtlabException(
            "COMPOSE_OUTPUT_NEEDED",
            "The lab plays files of your own ("
                + String.join(", ", copies.names())
                + "), which it mounts from copies written beside the compose file; standard output"
                + " has no folder for them.",
            "Give -o FILE: the copies go into a folder beside it.");
      }
      own = copies.write(output, command());
    }
    ComposeFile file = new ComposeFile(new ContainerPlan(arch), plantSpec.id(), subnets, own);
    String text;
    if (stack) {
      text = file.renderStack(siteLabel);
    } else if (scenario != null) {
      text = file.renderForRuns(scenario.id());
    } else {
      text = live ? file.renderLive() : file.render();
    }
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
    } else {
      LabCopies.writeReadable(output, text);
    }
    return 0;
  }

  /** The command line as given (from the subcommand on), to regenerate the file with. */
  private String command() {
    StringBuilder b = new StringBuilder("./otlab");
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      b.append(' ')
          .append(
              a.matches("[A-Za-z0-9_./:=@%+,-]+")
                  ? a
                  : "'" + a.replace("'", "'\\''").replace("\n", " ") + "'");
    }
    return b.toString();
  }
}
