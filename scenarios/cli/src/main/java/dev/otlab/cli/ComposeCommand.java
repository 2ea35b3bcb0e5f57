package dev.otlab.cli;

import dev.otlab.containers.ComposeFile;
import dev.otlab.containers.ContainerPlan;
import dev.otlab.core.OtlabException;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.Library;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
          + " water-treatment-purdue-dmz-dpi."
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
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write here (the build context is the file's folder, so put it at the repository"
              + " root). Default: standard output.")
  Path output;

  /**
   * The containers read the library their image was built with (the lab image copies
   * scenarios/library's folders), and the compose file names everything by id: a plant,
   * architecture or scenario from elsewhere would be written into a lab that cannot load it.
   *
   * @throws OtlabException {@code COMPOSE_OUTSIDE_LIBRARY}
   */
  private static void requireInTheLibrary(String kind, String id) {
    if (!Library.names(kind).contains(id)) {
      throw new OtlabException(
          "COMPOSE_OUTSIDE_LIBRARY",
          "The "
              + kind.replaceAll("s$", "")
              + " '"
              + id
              + "' is not in the library the container lab's images are built with.",
          "Put its file into scenarios/library/"
              + kind
              + "/ (as "
              + id
              + ".yaml), rebuild the images (docker/build-images.sh) and name it by id; or play it"
              + " embedded with otlab lab or otlab run.");
    }
  }

  @Override
  public Integer call() throws IOException {
    PlantOnArchitecture.Loaded loaded = drawing.load();
    ArchitectureSpec arch = loaded.architecture();
    PlantSpec plantSpec = loaded.plant();
    requireInTheLibrary("plants", plantSpec.id());
    requireInTheLibrary("architectures", arch.id());
    ComposeFile file = new ComposeFile(new ContainerPlan(arch), plantSpec.id(), subnets);
    String text;
    if (forRuns != null) {
      if (live) {
        throw new OtlabException(
            "COMPOSE_KIND_CONFLICT",
            "--live and --for-runs ask for two different labs.",
            "Give one of them, or neither for the lab the dashboard drives.");
      }
      ScenarioSpec scenario = ScenarioLoader.load(forRuns);
      requireInTheLibrary("scenarios", scenario.id());
      ScenarioRun.requireSamePlant(scenario, arch);
      text = file.renderForRuns(forRuns);
    } else {
      text = live ? file.renderLive() : file.render();
    }
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
    } else {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    }
    return 0;
  }
}
