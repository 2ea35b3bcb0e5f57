package dev.otlab.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.otlab.testkit.DockerImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Shared parts of the container lab ITs (which declare the Docker they need with the test kit's
 * {@link dev.otlab.testkit.RequiresDocker}): the lab image built from this build's jars under a
 * fixed tag, zone networks, and node containers.
 */
final class ContainerLab {

  static final String IMAGE = "otlab/lab:dev";

  private ContainerLab() {}

  /**
   * Builds the lab image from scenarios/cli/target (the command line and its dependencies, which
   * this build just packaged), on the test kit's {@link DockerImages#base()}. A fixed tag, kept
   * after the run: without Ryuk nothing would remove a random one.
   */
  // withDockerfilePath is deprecated for withDockerfile(Path), which sends the Dockerfile's own
  // directory as the build context; this context is assembled file by file from the build output.
  @SuppressWarnings("deprecation")
  static String image() {
    Path target = Path.of("target");
    Path repo = Path.of("..", "..").toAbsolutePath().normalize();
    Path jar;
    try (Stream<Path> s = Files.list(target)) {
      jar =
          s.filter(p -> p.getFileName().toString().matches("otlab-cli-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().matches(".*-(sources|tests)\\.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no otlab-cli jar in target/"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot list target/", e);
    }
    ImageFromDockerfile image =
        new ImageFromDockerfile(IMAGE, false)
            .withDockerfilePath("docker/lab/Dockerfile")
            .withFileFromPath("docker/lab/Dockerfile", repo.resolve("docker/lab/Dockerfile"))
            .withFileFromPath("docker/lab/otlab", repo.resolve("docker/lab/otlab"))
            .withFileFromPath("scenarios/cli/target/" + jar.getFileName(), jar)
            .withFileFromPath("scenarios/cli/target/lib", target.resolve("lib"))
            .withFileFromPath("scenarios/library", repo.resolve("scenarios/library"));
    DockerImages.base().ifPresent(base -> image.withBuildArg("BASE_IMAGE", base));
    return image.get();
  }

  /** The PostgreSQL image of the sweep database's stack (docker/sweep-db.yml). */
  static final String POSTGRES_IMAGE = "otlab/postgres:15";

  /**
   * Builds the PostgreSQL image of docker/postgres on the test kit's {@link DockerImages#base()},
   * under the tag docker/build-images.sh gives it: Docker's cache makes this a no-op after the
   * first build on a base (its one slow layer installs Debian's postgresql-15 with apt).
   */
  // See image(): the context is assembled file by file.
  @SuppressWarnings("deprecation")
  static String postgresImage() {
    Path repo = Path.of("..", "..").toAbsolutePath().normalize();
    ImageFromDockerfile image =
        new ImageFromDockerfile(POSTGRES_IMAGE, false)
            .withDockerfilePath("docker/postgres/Dockerfile")
            .withFileFromPath(
                "docker/postgres/Dockerfile", repo.resolve("docker/postgres/Dockerfile"))
            .withFileFromPath(
                "docker/postgres/otlab-postgres", repo.resolve("docker/postgres/otlab-postgres"));
    DockerImages.base().ifPresent(base -> image.withBuildArg("BASE_IMAGE", base));
    return image.get();
  }

  /**
   * A zone network: internal (no forwarding out of it) and without an address of the Docker host on
   * it (inhibit_ipv4), because an internal bridge that carries the host's address still lets
   * containers reach every service of the host itself.
   */
  static Network zone() {
    return Network.builder()
        .createNetworkCmdModifier(
            cmd ->
                cmd.withInternal(true)
                    .withOptions(Map.of("com.docker.network.bridge.inhibit_ipv4", "true")))
        .build();
  }

  static String subnet(Network network) {
    return docker()
        .inspectNetworkCmd()
        .withNetworkId(network.getId())
        .exec()
        .getIpam()
        .getConfig()
        .get(0)
        .getSubnet();
  }

  static String gatewayAddress(Network network) {
    return docker()
        .inspectNetworkCmd()
        .withNetworkId(network.getId())
        .exec()
        .getIpam()
        .getConfig()
        .get(0)
        .getGateway();
  }

  static boolean internal(Network network) {
    return Boolean.TRUE.equals(
        docker().inspectNetworkCmd().withNetworkId(network.getId()).exec().getInternal());
  }

  static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

  /** A node running {@code otlab node ARGS}, ready when it says so. */
  static GenericContainer<?> node(String image, Network network, String alias, List<String> args) {
    return new Node(image, List.of())
        .withNetwork(network)
        .withNetworkAliases(alias)
        .withCommand(args.toArray(String[]::new))
        .waitingFor(Wait.forLogMessage(".*node .* ready: .*\\n", 1))
        .withStartupTimeout(Duration.ofMinutes(3));
  }

  /** A node attached to more networks before it starts, under the same alias on each. */
  static GenericContainer<?> node(
      String image, Network first, List<Network> more, String alias, List<String> args) {
    return new Node(image, more)
        .withNetwork(first)
        .withNetworkAliases(alias)
        .withCommand(args.toArray(String[]::new))
        .waitingFor(Wait.forLogMessage(".*node .* ready: .*\\n", 1))
        .withStartupTimeout(Duration.ofMinutes(3));
  }

  /** An idle container of the lab image in which probes are run with exec. */
  static GenericContainer<?> idle(String image, Network network, String alias) {
    return new Node(image, List.of())
        .withNetwork(network)
        .withNetworkAliases(alias)
        .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sleep"))
        .withCommand("infinity");
  }

  private static final class Node extends GenericContainer<Node> {
    private final List<Network> more;

    Node(String image, List<Network> more) {
      super(image);
      this.more = List.copyOf(more);
    }

    @Override
    protected void containerIsCreated(String containerId) {
      // Docker creates a container on one network; the rest must be connected before start so
      // the node sees all its interfaces at once.
      for (Network n : more) {
        docker()
            .connectToNetworkCmd()
            .withNetworkId(n.getId())
            .withContainerId(containerId)
            .withContainerNetwork(new ContainerNetwork().withAliases(getNetworkAliases()))
            .exec();
      }
    }
  }
}
