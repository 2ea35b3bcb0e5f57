package dev.otlab.dashboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.testkit.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The packaged dashboard ({@code target/quarkus-app/quarkus-run.jar}) as a child JVM on a free port
 * of 127.0.0.1: a separate process is what a SIGKILL can really kill, and what can start on
 * PostgreSQL without the test's own Quarkus being configured for it. Its output goes to {@code
 * target/it-logs/NAME.log}, kept as a build artefact.
 */
final class ServiceProcess implements AutoCloseable {
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "it-first-passphrase";
  static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final Process process;
  private final Path log;
  private final URI base;

  private ServiceProcess(Process process, Path log, URI base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** The repository root: failsafe names its library; otherwise the nearest parent that has one. */
  static Path repoRoot() {
    String library = System.getProperty("otlab.library");
    if (library != null && Files.isDirectory(Path.of(library))) {
      return Path.of(library).toAbsolutePath().normalize().getParent().getParent();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("scenarios/library"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no scenarios/library above " + Path.of("").toAbsolutePath() + "; run from the repository");
  }

  /**
   * Starts the packaged service on {@code data} with extra system properties and waits until it is
   * ready (or fails with the tail of its log when it exits first).
   */
  static ServiceProcess start(String name, Path data, Map<String, String> properties)
      throws IOException {
    Path root = repoRoot();
    Path jar = root.resolve("dashboard/target/quarkus-app/quarkus-run.jar");
    assertThat(jar)
        .as("the packaged service; failsafe runs after `package`, which builds it")
        .isRegularFile();
    // Below the ephemeral range: a kernel-picked port, once released, may be taken by any
    // outgoing connection on the machine before the service binds it (CI saw "Port ... seems to
    // be in use by another process").
    int port = Ports.freeBelowEphemeralRange();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dotlab.library=" + root.resolve("scenarios/library"));
    cmd.add("-Dquarkus.http.host=127.0.0.1");
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.add("-Dotlab.data=" + data.toAbsolutePath());
    cmd.add("-Dotlab.admin.password=" + ADMIN_PASSWORD);
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(jar.toString());
    Path logs = Files.createDirectories(root.resolve("dashboard/target/it-logs"));
    Path log = logs.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    // A developer's own settings must not leak into the child: -D wins over these anyway, but an
    // OTLAB_ADMIN_PASSWORD or a datasource of the environment would change what is tested.
    pb.environment().keySet().removeIf(k -> k.startsWith("OTLAB_") || k.startsWith("QUARKUS_"));
    ServiceProcess s = new ServiceProcess(pb.start(), log, URI.create("http://127.0.0.1:" + port));
    try {
      await("the service '" + name + "' to be ready")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(s::ready);
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new AssertionError(
          "the service exited with " + process.exitValue() + " before it was ready:\n" + tail());
    }
    try {
      return send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).GET(), null).statusCode()
          == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  HttpResponse<String> get(String path, String user, String password) throws IOException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), auth(user, password));
  }

  HttpResponse<String> get(String path) throws IOException {
    return get(path, ADMIN, ADMIN_PASSWORD);
  }

  HttpResponse<String> post(String path, String json, @Nullable String user, String password)
      throws IOException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        user == null ? null : auth(user, password));
  }

  HttpResponse<String> patch(String path, String json, String user, String password)
      throws IOException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)),
        auth(user, password));
  }

  HttpResponse<String> post(String path, String json) throws IOException {
    return post(path, json, ADMIN, ADMIN_PASSWORD);
  }

  /** GET that must answer 200, as JSON. */
  JsonNode json(String path) throws IOException {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** GET that must answer 200, as text. */
  String text(String path) throws IOException {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return r.body();
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static String auth(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, @Nullable String auth)
      throws IOException {
    if (auth != null) {
      b.header("Authorization", auth);
    }
    try {
      return HTTP.send(
          b.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Waits until the job at {@code path} (e.g. {@code /api/runs/ID}) has ended and returns it; fails
   * at once when it ends otherwise than {@code finished}.
   */
  JsonNode awaitFinished(String path) throws IOException {
    JsonNode[] last = new JsonNode[1];
    await(path + " to finish")
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              JsonNode j = json(path);
              last[0] = j;
              String status = j.path("status").asText();
              assertThat(status)
                  .as("%s ended otherwise than finished: %s", path, j)
                  .isIn("queued", "running", "finished");
              return status.equals("finished");
            });
    return last[0];
  }

  /**
   * Follows the live stream at {@code path} and returns the data of the first event of {@code
   * type}, as soon as it arrives (the stream is then closed).
   */
  String firstEvent(String path, String type) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", auth(ADMIN, ADMIN_PASSWORD))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<String> data =
          reader.submit(
              () -> {
                HttpResponse<Stream<String>> r =
                    HTTP.send(req, HttpResponse.BodyHandlers.ofLines());
                assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
                try (Stream<String> lines = r.body()) {
                  String event = "";
                  for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("event:")) {
                      event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && event.equals(type)) {
                      return line.substring(5).trim();
                    } else if (line.isEmpty()) {
                      event = "";
                    }
                  }
                }
                throw new AssertionError(path + " ended without a '" + type + "' event");
              });
      return data.get(10, TimeUnit.MINUTES);
    } finally {
      reader.shutdownNow();
    }
  }

  /** SIGKILL (what {@link Process#destroyForcibly()} sends on Linux); returns the exit code. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the killed service exited").isTrue();
    return process.exitValue();
  }

  /** The last lines of the service's log, for failure messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  Path log() {
    return log;
  }

  /** Stops the service the polite way (SIGTERM), and by force if it does not go. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
