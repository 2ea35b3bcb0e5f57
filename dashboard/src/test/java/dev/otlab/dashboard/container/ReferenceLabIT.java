package dev.otlab.dashboard.container;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.otlab.containers.ComposeFile;
import dev.otlab.containers.ContainerPlan;
import dev.otlab.dashboard.ui.Chromium;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.testkit.Command;
import dev.otlab.testkit.Ports;
import dev.otlab.testkit.RequiresChromium;
import dev.otlab.testkit.RequiresDocker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reference lab as {@code otlab compose} writes it (the root docker-compose.yml, on other
 * subnets and another port), driven through the dashboard's API as the README tells a user to: the
 * dashboard is the lab's process node, and a run it plays on the lab's architecture crosses the
 * gateway containers and ends with the verdict of the same run in its embedded lab. Neither a
 * foothold nor an operations host reaches the dashboard's controllers or its web port around the
 * gateways. An exercise plays its shared lab across the same containers, and a trainee's response
 * reaches the gateways.
 *
 * <p>The images come from docker/build-images.sh, as a user's would; {@code .ci/run} builds the
 * offline base they sit on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RequiresDocker(compose = true)
class ReferenceLabIT {
  private static final String ARCH = "water-treatment-purdue-dmz-dpi";
  private static final String PROJECT = "otlab-reference-it";
  private static final String PASSWORD = "reference-lab-password";
  private static final ObjectMapper JSON = LabApi.JSON;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Path file;
  private static ComposeFile compose;
  private static String url;
  private static int port;
  private static LabApi api;
  // The exercise the API test played on the container lab, for the browser to open.
  private static @Nullable String exercise;

  @BeforeAll
  static void up() throws Exception {
    LabApi.buildImages();
    ArchitectureSpec a = ArchitectureLoader.load(ARCH);
    compose = new ComposeFile(new ContainerPlan(a), a.plant(), "10.233");
    Path dir = Files.createDirectories(Path.of("target", "reference-lab-it"));
    file = dir.resolve("docker-compose.yml");
    Files.writeString(file, compose.render(), StandardCharsets.UTF_8);
    // Below the ephemeral range, so no outgoing connection takes it before compose publishes it.
    port = Ports.freeBelowEphemeralRange();
    url = "http://127.0.0.1:" + port;
    api = new LabApi(url, PASSWORD);
    compose(List.of("down", "-v", "--remove-orphans"), Duration.ofMinutes(2));
    long start = System.nanoTime();
    compose(List.of("up", "-d", "--no-build"), Duration.ofMinutes(4));
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> get("/api/lab").statusCode() == 200);
    System.out.printf(
        Locale.ROOT,
        "MEASURE reference lab up, dashboard answering, in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void down() throws Exception {
    if (file != null) {
      System.out.println(
          compose(
              List.of("logs", "--no-color", "--tail", "40", "dashboard"), Duration.ofMinutes(1)));
      compose(List.of("down", "-v", "--remove-orphans"), Duration.ofMinutes(2));
    }
  }

  @Test
  @Order(1)
  void theDashboardSaysItDrivesTheContainerLab() throws Exception {
    JsonNode lab = JSON.readTree(get("/api/lab").body());
    assertThat(lab.at("/containers/architecture").asText()).isEqualTo(ARCH);
    assertThat(lab.at("/containers/processAddress").asText()).startsWith("10.233.251.");
  }

  @Test
  @Order(2)
  void aRunAcrossTheContainersEndsAsTheEmbeddedRunDoes() throws Exception {
    for (String scenario : List.of("wt-recon", "wt-chlorine-setpoint")) {
      JsonNode containers = play(scenario, null);
      assertThat(containers.at("/params/lab").asText()).isEqualTo("containers");
      JsonNode embedded = play(scenario, "embedded");
      assertThat(embedded.at("/params/lab").asText()).isEqualTo("embedded");
      assertThat(verdict(containers)).as(scenario).isEqualTo(verdict(embedded));
    }
    // The recon's probes really crossed the gateway containers: the first one refused them.
    assertThat(compose(List.of("logs", "--no-color", "gw-ent-dmz"), Duration.ofMinutes(1)))
        .contains("DENIED ws-1 -> ");
  }

  @Test
  @Order(3)
  void whatTheContainerLabCannotPlayIsRefusedUpFront() throws Exception {
    HttpResponse<String> aitm =
        post("/api/runs", Map.of("architecture", ARCH, "scenario", "wt-aitm-replay-chlorine"));
    assertThat(aitm.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(aitm.body()).path("code").asText())
        .isEqualTo("CONTAINER_AITM_UNSUPPORTED");
    HttpResponse<String> other =
        post(
            "/api/runs",
            Map.of(
                "architecture",
                "water-treatment-purdue-dmz",
                "scenario",
                "wt-recon",
                "lab",
                "containers"));
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(other.body()).path("code").asText())
        .isEqualTo("LAB_CONTAINERS_ARCHITECTURE");
  }

  @Test
  @Order(4)
  void noHostReachesTheControllersOrTheWebPortAroundTheGateways() throws Exception {
    // Real time, so the controllers are up while the probes run.
    HttpResponse<String> started =
        post("/api/runs", Map.of("architecture", ARCH, "scenario", "wt-recon", "speed", "1"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String id = JSON.readTree(started.body()).path("id").asText();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> job(id).at("/progress/simulated").asDouble() > 1);
    String process =
        JSON.readTree(get("/api/lab").body()).at("/containers/processAddress").asText();
    for (String host : List.of("ws-1", "hmi-1", "jump-1")) {
      List<String> out =
          probe(
              host,
              "tcp:dashboard:15000",
              "tcp:dashboard:16000",
              "tcp:dashboard:8080",
              "tcp:" + process + ":15000",
              "tcp:" + compose.frontAddress() + ":8080");
      assertThat(out).as(host).hasSize(5);
      assertThat(out)
          .as(host)
          .allSatisfy(l -> assertThat(l).containsAnyOf(" REFUSED ", " BLOCKED "));
    }
    // The front of a controller is what may reach it.
    assertThat(probe("plc-intake", "tcp:dashboard:15000"))
        .singleElement()
        .asString()
        .contains(" OK ");
    assertThat(post("/api/runs/" + id + "/cancel", Map.of()).statusCode()).isEqualTo(202);
  }

  @Test
  @Order(6)
  @RequiresChromium
  void fromTheBrowserARunPlaysAcrossTheContainerLab() throws Exception {
    try (Playwright playwright = Chromium.playwright();
        Browser browser = Chromium.launch(playwright)) {
      PlaywrightAssertions.setDefaultAssertionTimeout(60_000);
      Page page =
          browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)).newPage();
      List<String> errors = new ArrayList<>();
      page.onPageError(e -> errors.add("page error: " + e));
      page.navigate(url + "/");
      page.getByLabel("User name").fill("admin");
      page.getByLabel("Password").fill(PASSWORD);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      assertThat(page.getByTestId("whoami")).containsText("admin");

      page.navigate(url + "/#/start");
      page.locator("#mode-run").check();
      select(page, "Architecture", ARCH);
      // The form offers the container lab for the architecture it is built for, and chooses it.
      assertThat(page.locator("#f-lab")).hasValue("containers");
      select(page, "Scenario", "wt-brute-force-pump");
      select(page, "Speed", "max");
      page.getByTestId("start-submit").click();
      page.waitForURL(Pattern.compile(".*#/runs/[^/]+/live"));
      assertThat(page.getByTestId("lab")).hasText("containers");
      Locator openRun = page.getByTestId("open-scorecard");
      openRun.waitFor(new Locator.WaitForOptions().setTimeout(240_000));
      openRun.click();
      assertThat(page.getByTestId("steps"))
          .containsText(Pattern.compile("blocked", Pattern.CASE_INSENSITIVE));
      assertThat(page.getByText("across the container lab")).isVisible();
      Path shots = Files.createDirectories(Path.of("target", "screenshots"));
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(shots.resolve("reference-lab-scorecard-1280.png"))
              .setFullPage(true));

      // Another architecture plays embedded: the form says so instead of offering the lab.
      page.navigate(url + "/#/start");
      select(page, "Architecture", "water-treatment-purdue-dmz");
      assertThat(page.locator("#f-lab")).hasValue("embedded");
      assertThat(page.locator("#f-lab-hint")).containsText("plays embedded");

      // An exercise's form offers the container lab too, and with it one lab for everyone.
      page.navigate(url + "/#/exercises/new");
      select(page, "Architecture", ARCH);
      assertThat(page.locator("#x-lab")).hasValue("embedded");
      select(page, "Lab", "containers");
      assertThat(page.locator("#x-mode-shared")).isChecked();
      assertThat(page.locator("#x-mode-individual")).isDisabled();
      select(page, "Architecture", "water-treatment-purdue-dmz");
      assertThat(page.locator("#x-lab")).hasValue("embedded");
      assertThat(page.locator("#x-lab-hint")).containsText("plays embedded");
      assertThat(page.locator("#x-mode-individual")).isEnabled();
      if (exercise != null) {
        page.navigate(url + "/#/exercises/" + exercise);
        assertThat(page.getByTestId("exercise-lab")).hasText("containers");
      }
      assertThat(errors).isEmpty();
    }
  }

  /**
   * An exercise on the container lab: refused with a lab per trainee, played as one shared lab by
   * two trainees; the trainer injects the attack's step; one trainee marks its alert and isolates
   * the HMI, which the gateways apply while the lab plays on; the trainer pauses, resumes and ends
   * it; the debrief scores both.
   */
  @Test
  @Order(5)
  void anExercisePlaysItsSharedLabAcrossTheContainers() throws Exception {
    long start = System.nanoTime();
    String suffix = Long.toString(System.nanoTime() % 100_000);
    String trainer = "trainer-" + suffix;
    String ann = "ann-" + suffix;
    String bob = "bob-" + suffix;
    for (String[] u :
        List.of(
            new String[] {trainer, "operator"},
            new String[] {ann, "trainee"},
            new String[] {bob, "trainee"})) {
      HttpResponse<String> made =
          post("/api/users", Map.of("username", u[0], "password", PASSWORD, "role", u[1]));
      assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    }
    Map<String, Object> setUp =
        new java.util.HashMap<>(
            Map.of(
                "title",
                "Chlorine on the containers " + suffix,
                "architecture",
                ARCH,
                "scenarios",
                List.of("wt-chlorine-setpoint"),
                "speed",
                "10",
                "seed",
                1,
                "lab",
                "containers"));
    // A lab for each trainee would wait for the one before it: the container lab plays one.
    HttpResponse<String> individual = post(trainer, "/api/exercises", setUp);
    assertThat(individual.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(individual.body()).at("/problems/0/path").asText()).isEqualTo("mode");
    setUp.put("mode", "shared");
    HttpResponse<String> created = post(trainer, "/api/exercises", setUp);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(JSON.readTree(created.body()).at("/spec/lab").asText()).isEqualTo("containers");
    exercise = JSON.readTree(created.body()).path("id").asText();
    String ex = "/api/exercises/" + exercise;
    for (String t : List.of(ann, bob)) {
      HttpResponse<String> joined = post(t, ex + "/join", Map.of());
      assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
      assertThat(JSON.readTree(joined.body()).at("/you/lab").asText()).isEqualTo("shared");
    }
    HttpResponse<String> started = post(trainer, ex + "/start", Map.of());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    String lab = JSON.readTree(started.body()).at("/labs/0/job").asText();
    assertThat(job(lab).at("/params/lab").asText()).isEqualTo("containers");
    // Once the lab plays, the trainer starts the attack's step now rather than at its 60 s.
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> post(trainer, ex + "/inject", Map.of()).statusCode() == 200);

    // Ann's filtered stream until the first alert; the trainer holds the lab while she works.
    String alert = firstAlert(ann, ex + "/live");
    JsonNode paused = clock(trainer, ex, "pause");
    assertThat(paused.path("state").asText()).as(paused.toString()).isEqualTo("paused");
    assertThat(paused.at("/labs/shared/paused").asBoolean()).isTrue();
    double pausedAt = paused.at("/labs/shared/time").asDouble();
    HttpResponse<String> marked =
        post(
            ann,
            ex + "/triage",
            Map.of("alert", alert, "verdict", true, "technique", "T0836", "host", "hmi-1"));
    assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
    assertThat(post(bob, ex + "/triage", Map.of("alert", alert, "verdict", false)).statusCode())
        .isEqualTo(200);
    HttpResponse<String> isolated =
        post(
            ann,
            ex + "/responses",
            Map.of(
                "action",
                Map.of("kind", "isolate-host", "host", "hmi-1"),
                "why",
                "a setpoint write from the HMI"));
    assertThat(isolated.statusCode()).as(isolated.body()).isEqualTo(200);
    assertThat(JSON.readTree(isolated.body()).path("sent").asBoolean()).isTrue();
    // Held: the clock stands while paused, however long Ann takes.
    assertThat(job(lab).at("/clock/time").asDouble()).isEqualTo(pausedAt);
    assertThat(clock(trainer, ex, "resume").path("state").asText()).isEqualTo("running");

    // The lab carries the isolation out on its clock, across the gateway containers.
    JsonNode[] done = new JsonNode[1];
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              for (JsonNode r : JSON.readTree(get(trainer, "/api/runs/" + lab + "/responses"))) {
                if (r.path("who").asText().equals("trainee:" + ann)) {
                  done[0] = r;
                }
              }
              return done[0] != null;
            });
    assertThat(done[0].path("done").asBoolean()).as(done[0].toString()).isTrue();
    assertThat(done[0].path("time").asDouble()).isGreaterThanOrEqualTo(pausedAt);
    // The injected step ran before its own trigger, from the HMI's container.
    JsonNode step =
        firstEvent(
            trainer,
            ex + "/live?lab=shared",
            "step",
            e -> e.path("step").asText().equals("chlorine-sp"));
    assertThat(step.path("t").asDouble()).as(step.toString()).isLessThan(60);
    assertThat(step.path("from").asText()).isEqualTo("hmi-1");
    // Done means every gateway confirmed its new rules; the HMI's own polls of the PLCs are now
    // denied by the gateway of the conduit they cross, under the isolation's rule.
    JsonNode denied =
        firstEvent(
            trainer,
            ex + "/live?lab=shared",
            "denied",
            d ->
                d.path("rule").asText().startsWith("response:isolate-host")
                    && d.path("source").asText().equals("hmi-1")
                    && d.path("conduit").asText().startsWith("ops-"));
    assertThat(denied.path("t").asDouble()).isGreaterThanOrEqualTo(done[0].path("time").asDouble());

    HttpResponse<String> ended = post(trainer, ex + "/end", Map.of());
    assertThat(JSON.readTree(ended.body()).path("state").asText()).isEqualTo("finished");
    // Ending cancels the lab; the gateways drop the trainee's isolation with it (the container
    // lab's next user finds the architecture's own rules), and nothing the gateways report while
    // the lab stops reaches it.
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> job(lab).path("status").asText().equals("cancelled"));
    assertThat(compose(List.of("logs", "--no-color", "dashboard"), Duration.ofMinutes(1)))
        .doesNotContain("own rules at the end of the run", "Exception in thread \"runner-feed");
    String baseline = JSON.readTree(get(trainer, ex)).path("baselineJob").asText();
    // The undefended baseline plays embedded, beside the lab that holds the container lab.
    assertThat(job(baseline).at("/params/lab").asText()).isEqualTo("embedded");
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> job(baseline).path("status").asText().equals("finished"));
    JsonNode debrief = JSON.readTree(get(trainer, ex + "/debrief"));
    Map<String, JsonNode> rows = new java.util.HashMap<>();
    debrief.path("trainees").forEach(t -> rows.put(t.path("user").asText(), t));
    assertThat(rows).containsOnlyKeys(ann, bob);
    assertThat(rows.get(ann).at("/score/marks").asInt()).isEqualTo(1);
    assertThat(rows.get(ann).at("/score/responses").asInt()).isEqualTo(1);
    assertThat(rows.get(ann).at("/score/attributions").asInt()).isEqualTo(2);
    assertThat(rows.get(bob).at("/score/marks").asInt()).isEqualTo(1);
    assertThat(rows.get(bob).at("/score/responses").asInt()).isZero();
    List<String> annDid = new ArrayList<>();
    rows.get(ann).path("timeline").forEach(t -> annDid.add(t.path("what").asText()));
    assertThat(annDid).contains("triage", "response");
    assertThat(debrief.at("/baseline/harm").isNumber()).isTrue();
    System.out.printf(
        Locale.ROOT,
        "MEASURE exercise on the container lab, set-up to debrief, in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
  }

  private static JsonNode clock(String trainer, String ex, String action) throws Exception {
    HttpResponse<String> r = post(trainer, ex + "/clock", Map.of("action", action));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Reads {@code user}'s live stream up to its first alert and returns that alert's id. */
  private static String firstAlert(String user, String path) throws Exception {
    JsonNode a = firstEvent(user, path, "alert", x -> true);
    // A trainee's alert has no ground truth.
    assertThat(a.has("truePositive")).isFalse();
    return a.path("id").asText();
  }

  /** Reads {@code user}'s live stream up to the first {@code type} event that {@code wanted}. */
  private static JsonNode firstEvent(
      String user, String path, String type, java.util.function.Predicate<JsonNode> wanted)
      throws Exception {
    HttpResponse<java.io.InputStream> r =
        HTTP.send(
            as(user, path)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(2))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> lines = new ArrayList<>();
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      boolean ofType = false;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (lines.size() < 200) {
          lines.add(line);
        }
        if (line.startsWith("event:")) {
          ofType = line.substring(6).strip().equals(type);
        } else if (ofType && line.startsWith("data:")) {
          JsonNode e = JSON.readTree(line.substring(5).strip());
          if (wanted.test(e)) {
            return e;
          }
        }
      }
    }
    throw new AssertionError("no such " + type + " event on the stream: " + lines);
  }

  private static void select(Page page, String label, String value) {
    page.getByLabel(label, new Page.GetByLabelOptions().setExact(true))
        .selectOption(new SelectOption().setValue(value));
  }

  // ------------------------------------------------------------------------------------------

  private static JsonNode play(String scenario, @Nullable String lab) throws Exception {
    return api.play(ARCH, scenario, lab);
  }

  private static List<String> verdict(JsonNode run) {
    return LabApi.verdict(run);
  }

  private static JsonNode job(String id) throws Exception {
    return api.job(id);
  }

  private static List<String> probe(String host, String... ops) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "exec",
                "-T",
                "--user",
                "root",
                host,
                "otlab",
                "node",
                "--role",
                "probe",
                "--architecture",
                ARCH,
                "--host",
                host));
    for (String op : ops) {
      cmd.add("--op");
      cmd.add(op);
    }
    return compose(cmd, Duration.ofMinutes(2)).lines().filter(l -> l.startsWith("PROBE ")).toList();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return api.get(path);
  }

  private static String get(String user, String path) throws Exception {
    return api.get(user, path);
  }

  private static HttpResponse<String> post(String path, Map<String, ?> body) throws Exception {
    return api.post(path, body);
  }

  private static HttpResponse<String> post(String user, String path, Map<String, ?> body)
      throws Exception {
    return api.post(user, path, body);
  }

  private static HttpRequest.Builder as(String user, String path) {
    return api.as(user, path);
  }

  private static String compose(List<String> args, Duration timeout) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("docker-compose", "-f", file.toString(), "-p", PROJECT));
    cmd.addAll(args);
    return Command.output(
        cmd, timeout, List.of("OTLAB_ADMIN_PASSWORD=" + PASSWORD, "OTLAB_PORT=" + port));
  }
}
