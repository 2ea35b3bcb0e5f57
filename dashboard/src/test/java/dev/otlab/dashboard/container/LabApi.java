package dev.otlab.dashboard.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.testkit.Command;
import dev.otlab.testkit.DockerImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard of a container lab (a compose project or a stack) as its tests drive it: through
 * its API on the host's loopback, as the README tells a user to, with every user holding the same
 * password. Shared by {@code ReferenceLabIT} and {@code ReferenceStackIT}, which bring the same lab
 * up two ways and must judge its runs alike.
 */
final class LabApi {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String url;
  private final String password;

  /**
   * @param url the dashboard's base URL, on the host's loopback
   * @param password admin's password, and every other user's of the test
   */
  LabApi(String url, String password) {
    this.url = url;
    this.password = password;
  }

  String url() {
    return url;
  }

  /**
   * Builds the lab and dashboard images as a user would (docker/build-images.sh), on the offline
   * base when there is one; not the sweep database's PostgreSQL image, which these labs do not use.
   */
  static void buildImages() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    List<String> env = new ArrayList<>();
    // The docker command, not Testcontainers: a Quarkus test (SwarmSweepApiIT) cannot load
    // Testcontainers' client strategies in its class loader.
    if (System.getenv(DockerImages.BASE_VARIABLE) == null
        && Command.run(
                    Duration.ofMinutes(1), "docker", "image", "inspect", DockerImages.OFFLINE_BASE)
                .exit()
            == 0) {
      env.add(DockerImages.BASE_VARIABLE + "=" + DockerImages.OFFLINE_BASE);
    }
    // The sweep database's image is no part of these labs.
    env.add("OTLAB_POSTGRES_IMAGE=none");
    System.out.println(
        Command.output(
            List.of(repo.resolve("docker/build-images.sh").toString()),
            Duration.ofMinutes(10),
            env));
  }

  /**
   * Plays a scenario on {@code architecture} at full speed with seed 1 and returns the ended job,
   * which must have finished, with its scorecard under {@code scorecard}.
   *
   * @param lab {@code embedded}, {@code containers}, or null for the dashboard's choice
   */
  JsonNode play(String architecture, String scenario, @Nullable String lab) throws Exception {
    Map<String, Object> body =
        lab == null
            ? Map.of("architecture", architecture, "scenario", scenario, "seed", 1, "speed", "max")
            : Map.of(
                "architecture",
                architecture,
                "scenario",
                scenario,
                "seed",
                1,
                "speed",
                "max",
                "lab",
                lab);
    HttpResponse<String> started = post("/api/runs", body);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String id = JSON.readTree(started.body()).path("id").asText();
    JsonNode[] end = new JsonNode[1];
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              end[0] = job(id);
              return end[0].path("status").asText().matches("finished|failed|cancelled");
            });
    assertThat(end[0].path("status").asText()).as(end[0].toString()).isEqualTo("finished");
    JsonNode card = JSON.readTree(get("/api/runs/" + id + "/scorecard").body());
    ((ObjectNode) end[0]).set("scorecard", card);
    return end[0];
  }

  /** What must not depend on where a run played: each step's end and the run's verdicts. */
  static List<String> verdict(JsonNode run) {
    List<String> out = new ArrayList<>();
    JsonNode card = run.get("scorecard");
    for (JsonNode s : card.get("steps")) {
      out.add(
          s.path("step").asText()
              + " "
              + s.path("outcome").asText()
              + " at "
              + s.path("conduit").asText()
              + " seen by "
              + s.path("detectedBy"));
    }
    out.add("objective reached " + card.path("objectiveReached").asBoolean());
    out.add("detectors " + card.at("/detection/detectors"));
    out.add("blocked at " + run.at("/summary/blockedAt").asText());
    return out;
  }

  JsonNode job(String id) throws Exception {
    return JSON.readTree(get("/api/runs/" + id).body());
  }

  /** Admin's GET of {@code path}. */
  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(as("admin", path).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code user}'s GET of {@code path}, which must answer 200. */
  String get(String user, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(as(user, path).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  /** Admin's POST of {@code body} as JSON. */
  HttpResponse<String> post(String path, Map<String, ?> body) throws Exception {
    return post("admin", path, body);
  }

  HttpResponse<String> post(String user, String path, Map<String, ?> body) throws Exception {
    return HTTP.send(
        as(user, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A request of {@code user}'s, who has admin's password like every user of these tests. */
  HttpRequest.Builder as(String user, String path) {
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(url + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + token);
  }
}
