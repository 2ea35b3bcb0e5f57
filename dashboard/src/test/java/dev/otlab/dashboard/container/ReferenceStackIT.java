package dev.otlab.dashboard.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.containers.ComposeFile;
import dev.otlab.containers.ContainerPlan;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.testkit.Command;
import dev.otlab.testkit.Ports;
import dev.otlab.testkit.RequiresDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference lab deployed as a Docker stack ({@code otlab compose --stack}) on the one-node
 * swarm {@code .ci/run} makes: once every service's task runs healthy, the dashboard plays a run
 * across the stack's containers as it does across the compose lab's ({@code ReferenceLabIT}), and
 * the run ends with the verdict of the same run in its embedded lab, which is the compose lab's
 * too. The node is labelled with the lab's site under a label of the test's own, so the placement
 * constraints hold, and unlabelled again after.
 */
@RequiresDocker(swarm = true)
class ReferenceStackIT {
  private static final String ARCH = "water-treatment-purdue-dmz-dpi";
  private static final String STACK = "otlab-stack-it";
  private static final String SITE_LABEL = "otlab.stack-it-site";
  private static final String PASSWORD = "reference-stack-password";

  private static Path file;
  private static LabApi api;
  private static int port;
  private static String node;
  private static int services;

  @BeforeAll
  static void deploy() throws Exception {
    LabApi.buildImages();
    ArchitectureSpec a = ArchitectureLoader.load(ARCH);
    ComposeFile lab = new ComposeFile(new ContainerPlan(a), a.plant(), "10.237");
    Path dir = Files.createDirectories(Path.of("target", "reference-stack-it"));
    file = dir.resolve("otlab-stack.yml");
    Files.writeString(file, lab.renderStack(SITE_LABEL), StandardCharsets.UTF_8);
    services = a.hosts().size() + a.conduits().size() + 1;
    node = docker(List.of("info", "--format", "{{.Swarm.NodeID}}")).strip();
    removeStack();
    for (String site : lab.sites()) {
      docker(List.of("node", "update", "--label-add", SITE_LABEL + "=" + site, node));
    }
    // Below the ephemeral range, so no outgoing connection takes it before the task binds it.
    port = Ports.freeBelowEphemeralRange();
    api = new LabApi("http://127.0.0.1:" + port, PASSWORD);
    long start = System.nanoTime();
    Command.output(
        List.of("docker", "stack", "deploy", "-c", file.toString(), STACK),
        Duration.ofMinutes(2),
        List.of("OTLAB_ADMIN_PASSWORD=" + PASSWORD, "OTLAB_PORT=" + port));
    // No start order in a swarm: the lab is up once every service's one task runs, which a task
    // with a health check does only once it is healthy, and the dashboard answers.
    try {
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> running().size() == services);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "not every task of the stack runs:\n"
              + docker(List.of("stack", "ps", "--no-trunc", STACK)),
          e);
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> api.get("/api/lab").statusCode() == 200);
    System.out.printf(
        Locale.ROOT,
        "MEASURE reference stack deployed, every task running healthy and the dashboard"
            + " answering, in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void remove() throws Exception {
    if (node == null) {
      return;
    }
    if (file != null) {
      System.out.println(
          docker(
              List.of("service", "logs", "--no-task-ids", "--tail", "40", STACK + "_dashboard")));
    }
    removeStack();
    docker(List.of("node", "update", "--label-rm", SITE_LABEL, node));
  }

  @Test
  void aRunAcrossTheStackEndsAsTheEmbeddedRunAndTheComposeLabsDo() throws Exception {
    JsonNode lab = LabApi.JSON.readTree(api.get("/api/lab").body());
    assertThat(lab.at("/containers/architecture").asText()).isEqualTo(ARCH);
    assertThat(lab.at("/containers/processAddress").asText()).startsWith("10.237.251.");
    // Each task on the swarm's overlays, at the site its zone's label places it.
    assertThat(
            docker(
                List.of(
                    "service",
                    "inspect",
                    "--format",
                    "{{.Spec.EndpointSpec.Mode}} {{.Spec.TaskTemplate.Placement.Constraints}}",
                    STACK + "_gw-ent-dmz")))
        .contains("dnsrr [node.labels." + SITE_LABEL + " == main]");

    // The zones are internal overlays whose traffic between machines is encrypted.
    assertThat(
            docker(
                List.of(
                    "network",
                    "inspect",
                    "--format",
                    "{{.Driver}} {{.Internal}} {{index .Options \"encrypted\"}}",
                    STACK + "_zone-control")))
        .isEqualToIgnoringWhitespace("overlay true true");
    // The dashboard's web service listens on its docker_gwbridge address only: a foothold that
    // shares a network with it is refused.
    String ws1 =
        docker(
                List.of(
                    "ps",
                    "-q",
                    "--filter",
                    "label=com.docker.swarm.service.name=" + STACK + "_ws-1"))
            .strip();
    assertThat(
            docker(
                    List.of(
                        "exec",
                        "--user",
                        "root",
                        ws1,
                        "otlab",
                        "node",
                        "--role",
                        "probe",
                        "--architecture",
                        ARCH,
                        "--host",
                        "ws-1",
                        "--op",
                        "tcp:dashboard:8080"))
                .lines()
                .filter(l -> l.startsWith("PROBE "))
                .toList())
        .singleElement()
        .asString()
        .containsAnyOf(" REFUSED ", " BLOCKED ");

    long start = System.nanoTime();
    JsonNode containers = api.play(ARCH, "wt-recon", null);
    System.out.printf(
        Locale.ROOT,
        "MEASURE wt-recon across the stack lab in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
    assertThat(containers.at("/params/lab").asText()).isEqualTo("containers");
    JsonNode embedded = api.play(ARCH, "wt-recon", "embedded");
    assertThat(embedded.at("/params/lab").asText()).isEqualTo("embedded");
    assertThat(LabApi.verdict(containers)).isEqualTo(LabApi.verdict(embedded));
    // The recon's probes really crossed the gateway's task, which told ws-1 by its own address.
    assertThat(docker(List.of("service", "logs", "--no-task-ids", "--raw", STACK + "_gw-ent-dmz")))
        .contains("DENIED ws-1 -> ");
  }

  /** The tasks of the stack that run (healthy, where they check their health), one per line. */
  private static List<String> running() throws Exception {
    List<String> out = new ArrayList<>();
    for (String line :
        docker(
                List.of(
                    "stack",
                    "ps",
                    STACK,
                    "--filter",
                    "desired-state=running",
                    "--format",
                    "{{.Name}} {{.CurrentState}}"))
            .lines()
            .toList()) {
      if (line.contains(" Running ")) {
        out.add(line);
      }
    }
    return out;
  }

  /** Removes the stack and waits for its networks to go, so the next deploy can take them. */
  private static void removeStack() throws Exception {
    docker(List.of("stack", "rm", STACK));
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                docker(
                        List.of(
                            "network",
                            "ls",
                            "-q",
                            "--filter",
                            "label=com.docker.stack.namespace=" + STACK))
                    .isBlank());
  }

  private static String docker(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(args);
    return Command.output(cmd, Duration.ofMinutes(2), List.of());
  }
}
