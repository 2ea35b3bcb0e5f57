package dev.otlab.dashboard.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.testkit.DockerImages;
import dev.otlab.testkit.RequiresDocker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The dashboard image serves the same service as {@code ./otlab serve}: it comes up healthy,
 * refuses anonymous requests, and a run played inside it ends with the verdict the scenario file
 * expects on that architecture (the same verdict the embedded lab's suite test checks).
 */
class DashboardImageIT {
  private static final String IMAGE = "otlab/dashboard:dev";
  private static final String PASSWORD = "image-test-password";
  private static final ObjectMapper JSON = new ObjectMapper();

  // withDockerfilePath is deprecated for withDockerfile(Path), which sends the Dockerfile's own
  // directory as the build context; this context is assembled file by file from the build output.
  @SuppressWarnings("deprecation")
  @Test
  @RequiresDocker
  void theImageServesTheDashboardAndPlaysARun() throws Exception {
    Path app = Path.of("target", "quarkus-app");
    Assertions.assertTrue(
        Files.isRegularFile(app.resolve("quarkus-run.jar")),
        "target/quarkus-app is missing: failsafe runs after package, so the build is broken");
    Path repo = Path.of("..").toAbsolutePath().normalize();
    // A fixed tag, kept after the run: without Ryuk nothing would remove a random one.
    ImageFromDockerfile image =
        new ImageFromDockerfile(IMAGE, false)
            .withDockerfilePath("docker/dashboard/Dockerfile")
            .withFileFromPath(
                "docker/dashboard/Dockerfile", repo.resolve("docker/dashboard/Dockerfile"))
            .withFileFromPath("dashboard/target/quarkus-app", app)
            .withFileFromPath("scenarios/library", repo.resolve("scenarios/library"));
    DockerImages.base().ifPresent(base -> image.withBuildArg("BASE_IMAGE", base));
    try (GenericContainer<?> c =
        new GenericContainer<>(image)
            .withEnv("OTLAB_ADMIN_PASSWORD", PASSWORD)
            .withExposedPorts(8080)
            .waitingFor(
                Wait.forHttp("/q/health/ready")
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(2)))) {
      c.start();
      String url = "http://" + c.getHost() + ":" + c.getMappedPort(8080);
      HttpClient http = HttpClient.newHttpClient();

      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/me")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(anonymous.body()).path("code").asText()).isEqualTo("UNAUTHORIZED");

      String architecture = "water-treatment-purdue-dmz-dpi";
      String scenario = "wt-recon";
      HttpResponse<String> started =
          http.send(
              authed(url + "/api/runs")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"architecture\":\""
                              + architecture
                              + "\",\"scenario\":\""
                              + scenario
                              + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String id = JSON.readTree(started.body()).path("id").asText();
      JsonNode[] run = new JsonNode[1];
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                run[0] =
                    JSON.readTree(
                        http.send(
                                authed(url + "/api/runs/" + id).build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body());
                return run[0].path("status").asText().matches("finished|failed");
              });
      assertThat(run[0].path("status").asText()).as(run[0].toString()).isEqualTo("finished");

      ScenarioSpec.Expectation expected =
          ScenarioLoader.load(scenario).expected().get(architecture);
      JsonNode summary = run[0].path("summary");
      assertThat(summary.path("objectiveReached").asBoolean())
          .isEqualTo(expected.objectiveReached());
      for (String conduit : expected.blockedAt()) {
        assertThat(summary.path("blockedAt").asText()).contains(conduit);
      }
      assertThat(summary.path("detected").asBoolean()).isEqualTo(!expected.detected().isEmpty());
    }
  }

  private static HttpRequest.Builder authed(String url) {
    String token =
        Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + token);
  }
}
