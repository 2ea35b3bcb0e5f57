package dev.otlab.dashboard.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.Library;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.ZoneSpec;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * One exercise end to end through the API: a trainer sets it up, two trainees join (one alone, one
 * as a team), the trainer starts it, pauses at once, injects the attacker's first step ahead of its
 * time and lets it play at 60x; a trainee reads their filtered stream, triages, responds and writes
 * a finding; it finishes, and the debrief scores both against the undefended baseline. Around it,
 * every way a trainee could reach what is not theirs is refused.
 */
@QuarkusTest
class ExerciseApiIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String TRAINER = "trainer-" + SUFFIX;
  private static final String VIEWER = "viewer-" + SUFFIX;
  private static final String ANN = "ann-" + SUFFIX;
  private static final String BOB = "bob-" + SUFFIX;
  private static final String EVE = "eve-" + SUFFIX;
  private static final String PASSWORD = "a-long-password-" + SUFFIX;

  private static RequestSpecification admin() {
    return RestAssured.given()
        .auth()
        .preemptive()
        .basic("admin", ConfigProvider.getConfig().getValue("otlab.admin.password", String.class));
  }

  private static RequestSpecification as(String user) {
    return RestAssured.given()
        .auth()
        .preemptive()
        .basic(user, PASSWORD)
        .contentType(ContentType.JSON);
  }

  private static boolean usersMade;

  /** The class's users, made by whichever test comes first (each costs a password hash). */
  private static synchronized void users() {
    if (usersMade) {
      return;
    }
    usersMade = true;
    for (String[] u :
        List.of(
            new String[] {TRAINER, "operator"},
            new String[] {VIEWER, "viewer"},
            new String[] {ANN, "trainee"},
            new String[] {BOB, "trainee"},
            new String[] {EVE, "trainee"})) {
      admin()
          .contentType(ContentType.JSON)
          .body(Map.of("username", u[0], "password", PASSWORD, "role", u[1]))
          .post("/api/users")
          .then()
          .statusCode(201)
          .body("role", equalTo(u[1]));
    }
  }

  /**
   * Reads {@code user}'s live stream until the first alert and returns every line read, or all of
   * it when the stream ends first.
   */
  private static List<String> streamUntilAlert(String user, String path) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(120))
            .build();
    HttpResponse<java.io.InputStream> r =
        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      boolean alert = false;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
        if (line.startsWith("event:") && line.substring(6).strip().equals("alert")) {
          alert = true;
        } else if (alert && line.startsWith("data:")) {
          break;
        }
      }
    }
    return lines;
  }

  private static String firstAlertId(List<String> lines) {
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("event:") && lines.get(i).contains("alert")) {
        return JsonPath.from(lines.get(i + 1).substring(5).strip()).getString("id");
      }
    }
    throw new AssertionError("no alert on the stream: " + lines);
  }

  private static void pause(String ex) {
    as(TRAINER)
        .body(Map.of("action", "pause"))
        .post(ex + "/clock")
        .then()
        .statusCode(200)
        .body("state", equalTo("paused"));
  }

  private static void resume(String ex) {
    as(TRAINER)
        .body(Map.of("action", "resume"))
        .post(ex + "/clock")
        .then()
        .statusCode(200)
        .body("state", equalTo("running"));
  }

  @Test
  void anExerciseRunsFromSetUpToDebriefAndTraineesReachOnlyTheirOwn() throws Exception {
    users();
    // A trainee is none of the staff: no runs, no library, no exercises of their own making.
    as(ANN).get("/api/me").then().statusCode(200).body("roles", equalTo(List.of("trainee")));
    as(ANN).get("/api/runs").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    as(ANN).get("/api/library/scenarios").then().statusCode(403);
    Map<String, Object> setUp =
        Map.of(
            "title",
            "Reactor night shift " + SUFFIX,
            "architecture",
            "chemical-reactor-purdue-dmz",
            "detection",
            "full",
            "scenarios",
            List.of("cr-ews-program-download"),
            // Real time until the trainer has paused it; then 60x (below).
            "speed",
            "1",
            "seed",
            1,
            "hints",
            List.of(
                Map.of("text", "Who logs in to the engineering workstation?", "at", 90),
                Map.of("text", "Look at the PLC's mode.")),
            "mode",
            "individual");
    as(ANN).body(setUp).post("/api/exercises").then().statusCode(403);
    as(VIEWER).body(setUp).post("/api/exercises").then().statusCode(403);
    as(TRAINER)
        .body(Map.of("title", "", "architecture", "x", "scenarios", List.of(), "mode", "solo"))
        .post("/api/exercises")
        .then()
        .statusCode(400)
        .body("code", equalTo("EXERCISE_INVALID"))
        .body("problems.path", hasItem("mode"));
    // This service drives no container lab: an exercise there is refused as a run there is.
    Map<String, Object> onContainers = new java.util.HashMap<>(setUp);
    onContainers.put("mode", "shared");
    onContainers.put("lab", "containers");
    as(TRAINER)
        .body(onContainers)
        .post("/api/exercises")
        .then()
        .statusCode(409)
        .body("code", equalTo("LAB_CONTAINERS_NONE"));
    String id =
        as(TRAINER)
            .body(setUp)
            .post("/api/exercises")
            .then()
            .statusCode(201)
            .body("state", equalTo("draft"))
            .extract()
            .path("id");
    String ex = "/api/exercises/" + id;

    // A draft is open to join; the trainee's view names no scenario.
    String draft = as(EVE).get(ex).then().statusCode(200).extract().asString();
    assertThat(draft).doesNotContain("cr-ews-program-download", "\"seed\"");
    as(ANN)
        .body(Map.of())
        .post(ex + "/join")
        .then()
        .statusCode(200)
        .body("you.lab", equalTo("user-" + ANN));
    as(BOB)
        .body(Map.of("team", "blue"))
        .post(ex + "/join")
        .then()
        .statusCode(200)
        .body("you.lab", equalTo("team-blue"));
    as(TRAINER).body(Map.of()).post(ex + "/join").then().statusCode(403);
    as(EVE)
        .body(Map.of("team", "a b"))
        .post(ex + "/join")
        .then()
        .statusCode(400)
        .body("code", equalTo("EXERCISE_TEAM_INVALID"));
    as(ANN)
        .body(Map.of("alert", "A-0001", "verdict", true))
        .post(ex + "/triage")
        .then()
        .statusCode(409)
        .body("code", equalTo("EXERCISE_STATE"));
    as(ANN).post(ex + "/start").then().statusCode(403);

    JsonPath started = as(TRAINER).post(ex + "/start").then().statusCode(200).extract().jsonPath();
    assertThat(started.getString("state")).isEqualTo("running");
    assertThat(started.getList("labs.lab")).containsExactlyInAnyOrder("user-" + ANN, "team-blue");
    String annJob = started.getString("labs.find { it.lab == 'user-" + ANN + "' }.job");
    // The trainer pauses at once, while the labs are still being built: every lab starts held (a
    // lab that came up after the pause used to play on while the exercise said "paused").
    Map<String, Map<String, Object>> asked =
        as(TRAINER)
            .body(Map.of("action", "pause"))
            .post(ex + "/clock")
            .then()
            .statusCode(200)
            .body("state", equalTo("paused"))
            .extract()
            .jsonPath()
            .getMap("labs");
    assertThat(asked).containsOnlyKeys("user-" + ANN, "team-blue");
    assertThat(asked.values()).allSatisfy(c -> assertThat(c).containsEntry("paused", true));
    as(TRAINER).post(ex + "/start").then().statusCode(409).body("code", equalTo("EXERCISE_STATE"));
    // Eve did not join: the running exercise and its lab are not hers.
    as(EVE).get(ex).then().statusCode(403).body("code", equalTo("EXERCISE_NOT_JOINED"));
    as(EVE).body(Map.of("text", "x")).post(ex + "/findings").then().statusCode(403);
    as(EVE).get(ex + "/debrief").then().statusCode(403);
    as(ANN).get("/api/runs/" + annJob).then().statusCode(403);
    as(ANN).get("/api/runs/" + annJob + "/live").then().statusCode(403);
    as(ANN).body(Map.of("action", "pause")).post(ex + "/clock").then().statusCode(403);
    as(ANN).body(Map.of()).post(ex + "/inject").then().statusCode(403);
    as(ANN).post(ex + "/hints/0/release").then().statusCode(403);
    as(ANN).post(ex + "/end").then().statusCode(403);
    as(VIEWER).post(ex + "/end").then().statusCode(403);
    as(VIEWER).body(Map.of("text", "x")).post(ex + "/findings").then().statusCode(403);
    as(EVE)
        .body(Map.of())
        .post(ex + "/join")
        .then()
        .statusCode(409)
        .body("code", equalTo("EXERCISE_STATE"));
    as(ANN)
        .get(ex + "/debrief")
        .then()
        .statusCode(409)
        .body("code", equalTo("EXERCISE_NOT_FINISHED"));
    as(ANN)
        .get(ex + "/trace")
        .then()
        .statusCode(409)
        .body("code", equalTo("EXERCISE_NOT_FINISHED"));

    // Asked again once both play (a pause of a paused lab changes nothing): both held, before the
    // attack's 60 s. Then the trainer injects the first step and lets it play at 60x.
    JsonPath paused =
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    as(TRAINER)
                        .body(Map.of("action", "pause"))
                        .post(ex + "/clock")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath(),
                j ->
                    j.<String, Map<String, Object>>getMap("labs").values().stream()
                        .noneMatch(c -> Boolean.TRUE.equals(c.get("starting"))));
    assertThat(paused.getString("state")).isEqualTo("paused");
    Map<String, Map<String, Object>> held = paused.getMap("labs");
    assertThat(held).containsOnlyKeys("user-" + ANN, "team-blue");
    assertThat(held.values()).allSatisfy(c -> assertThat(c).containsEntry("paused", true));
    double pausedAt = paused.getDouble("labs.'user-" + ANN + "'.time");
    assertThat(pausedAt).isLessThan(60);
    as(TRAINER)
        .body(Map.of())
        .post(ex + "/inject")
        .then()
        .statusCode(200)
        .body("labs.size()", equalTo(2));
    as(TRAINER).post(ex + "/hints/1/release").then().statusCode(200);
    as(TRAINER)
        .body(Map.of("action", "speed", "speed", "60"))
        .post(ex + "/clock")
        .then()
        .statusCode(200);
    as(TRAINER)
        .body(Map.of("action", "resume"))
        .post(ex + "/clock")
        .then()
        .statusCode(200)
        .body("state", equalTo("running"));

    // Ann's stream: her lab's alerts and HMI values, the hint released by hand, no ground truth.
    List<String> annLines = streamUntilAlert(ANN, ex + "/live");
    String stream = String.join("\n", annLines);
    assertThat(stream).contains("event:hint", "Look at the PLC's mode.", "event:alert");
    assertThat(stream)
        .doesNotContain(
            "truePositive", "\"attack\"", "event:step", "cr-ews-program-download", "\"true\":{");
    String alert = firstAlertId(annLines);
    // The trainer holds the labs while Ann works (a run at 60x would end within seconds).
    pause(ex);
    as(ANN)
        .body(Map.of("alert", alert, "verdict", true, "technique", "T0866", "host", "eng-ws"))
        .post(ex + "/triage")
        .then()
        .statusCode(200)
        .body("alert", equalTo(alert));
    as(ANN)
        .body(Map.of("alert", "A-9999", "verdict", true))
        .post(ex + "/triage")
        .then()
        .statusCode(404)
        .body("code", equalTo("EXERCISE_ALERT_UNKNOWN"));
    as(ANN)
        .body(
            Map.of(
                "action",
                Map.of("kind", "isolate-host", "host", "eng-ws"),
                "why",
                "RDP log-in at night"))
        .post(ex + "/responses")
        .then()
        .statusCode(200)
        .body("describe", equalTo("isolate host eng-ws"));
    as(ANN)
        .body(Map.of("action", Map.of("kind", "unplug"), "why", "x"))
        .post(ex + "/responses")
        .then()
        .statusCode(400)
        .body("code", equalTo("EXERCISE_ACTION_INVALID"));
    as(ANN)
        .body(Map.of("text", "The engineering workstation was used to stop the reactor PLC."))
        .post(ex + "/findings")
        .then()
        .statusCode(200);
    // Bob marks his lab's first alert as noise.
    resume(ex);
    String bobAlert = firstAlertId(streamUntilAlert(BOB, ex + "/live"));
    pause(ex);
    as(BOB)
        .body(Map.of("alert", bobAlert, "verdict", false))
        .post(ex + "/triage")
        .then()
        .statusCode(200);
    // Each trainee sees their own actions only, without their truth while it plays.
    List<Map<String, Object>> annActions =
        as(ANN).get(ex + "/actions").then().statusCode(200).extract().jsonPath().getList("");
    assertThat(annActions).extracting(a -> a.get("user")).containsOnly(ANN);
    assertThat(annActions)
        .extracting(a -> a.get("kind"))
        .containsExactly("triage", "response", "finding");
    assertThat(annActions).allSatisfy(a -> assertThat(a).doesNotContainKey("truth"));
    assertThat(
            as(VIEWER)
                .get(ex + "/actions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("user"))
        .contains(ANN, BOB, TRAINER);

    resume(ex);
    // Both labs play to their end; the exercise finishes by itself, the baseline plays after.
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> "finished".equals(as(TRAINER).get(ex).jsonPath().getString("state")));
    String baseline = as(TRAINER).get(ex).jsonPath().getString("baselineJob");
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                "finished"
                    .equals(
                        as(TRAINER).get("/api/runs/" + baseline).jsonPath().getString("status")));

    JsonPath debrief = as(TRAINER).get(ex + "/debrief").then().statusCode(200).extract().jsonPath();
    assertThat(debrief.getString("scenario")).isEqualTo("cr-ews-program-download");
    assertThat(debrief.getList("trainees.user")).containsExactlyInAnyOrder(ANN, BOB);
    assertThat(debrief.getDouble("baseline.harm")).isNotNull();
    // In both labs the injected pivot ran where the trainer resumed, before its own trigger (60 s),
    // and that trigger did not run it again.
    for (String lab : List.of("user-" + ANN, "team-blue")) {
      List<Map<String, Object>> steps =
          debrief.getList("labs.find { it.lab == '" + lab + "' }.steps");
      assertThat(steps)
          .filteredOn(s -> "rdp-eng".equals(s.get("step")))
          .singleElement()
          .satisfies(s -> assertThat(((Number) s.get("t")).doubleValue()).isLessThan(60));
      assertThat(steps)
          .extracting(s -> s.get("step"))
          .containsExactly("rdp-eng", "program-mode", "download");
    }
    Map<String, Object> annScore =
        debrief.getMap("trainees.find { it.user == '" + ANN + "' }.score");
    assertThat(annScore.get("marks")).isEqualTo(1);
    assertThat(annScore.get("responses")).isEqualTo(1);
    assertThat(annScore.get("findings")).isEqualTo(1);
    assertThat(annScore.get("attributions")).isEqualTo(2);
    assertThat(annScore.get("harm")).isNotNull();
    assertThat(annScore.get("harmAverted")).isNotNull();
    assertThat(annScore.get("collateralCost")).isNotNull();
    // The lab carried Ann's response out on its clock and recorded it with who and why.
    List<Map<String, Object>> annResponses =
        debrief.getList("labs.find { it.lab == 'user-" + ANN + "' }.responses");
    assertThat(annResponses)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("who")).isEqualTo("trainee:" + ANN);
              assertThat(r.get("why")).isEqualTo("RDP log-in at night");
              assertThat(r.get("done")).isEqualTo(true);
            });
    assertThat(debrief.getMap("trainees.find { it.user == '" + ANN + "' }.objectives"))
        .containsOnlyKeys("detect", "attribute", "contain", "keep-production")
        .containsEntry("detect", true);
    Map<String, Object> bobScore =
        debrief.getMap("trainees.find { it.user == '" + BOB + "' }.score");
    assertThat(bobScore.get("marks")).isEqualTo(1);
    assertThat(bobScore.get("responses")).isEqualTo(0);
    // Ann's timeline holds the true steps and alerts (with their truth) beside her actions.
    List<Map<String, Object>> timeline =
        debrief.getList("trainees.find { it.user == '" + ANN + "' }.timeline");
    assertThat(timeline)
        .extracting(t -> t.get("what"))
        .contains("step", "alert", "triage", "response", "response-effect", "finding");
    assertThat(timeline)
        .filteredOn(t -> "alert".equals(t.get("what")))
        .allSatisfy(t -> assertThat(t).containsKey("truePositive"));

    String csv =
        as(TRAINER).get(ex + "/debrief?format=csv").then().statusCode(200).extract().asString();
    assertThat(csv.split("\n")).hasSize(3);
    assertThat(csv)
        .startsWith("exercise,title,user,team,lab,marks")
        .contains(ANN, BOB + ",blue,team-blue");
    // A trainee's own debrief, now it has finished; Bob's is not Ann's to read.
    JsonPath own = as(ANN).get(ex + "/debrief").then().statusCode(200).extract().jsonPath();
    assertThat(own.getList("trainees.user")).containsExactly(ANN);
    assertThat(as(ANN).get(ex + "/debrief?format=csv").asString()).doesNotContain(BOB);
    as(ANN).body(Map.of("text", "late")).post(ex + "/findings").then().statusCode(409);
    // The lab's record for the replay: a trainee's own, whatever lab she names.
    String annTrace =
        as(ANN)
            .get(ex + "/trace?lab=team-blue&types=step,response")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(annTrace.lines())
        .allMatch(
            l -> l.startsWith("{\"type\":\"step\"") || l.startsWith("{\"type\":\"response\""));
    assertThat(annTrace).contains("\"who\":\"trainee:" + ANN + "\"", "rdp-eng");
    assertThat(as(TRAINER).get(ex + "/trace?lab=team-blue&types=response").asString())
        .doesNotContain(ANN);
    as(TRAINER).get(ex + "/trace?lab=nowhere").then().statusCode(404);

    // Everything the trainees and the trainer did is in the audit log.
    List<Map<String, Object>> audit =
        admin().get("/api/audit?limit=500&text=" + id).jsonPath().getList("");
    assertThat(audit)
        .anySatisfy(
            e -> {
              assertThat(e.get("user")).isEqualTo(ANN);
              assertThat(e.get("target")).isEqualTo(ex + "/triage");
              assertThat((String) e.get("result"))
                  .startsWith("200")
                  .contains("marked " + alert + " true");
            })
        .anySatisfy(
            e -> {
              assertThat(e.get("user")).isEqualTo(TRAINER);
              assertThat(e.get("target")).isEqualTo(ex + "/inject");
            });
  }

  /**
   * The map a trainee draws: for every shipped architecture, an exercise hiding every scenario of
   * its plant (drafts: nothing plays); its trainee gets the design's zones, hosts and conduits and
   * nothing else (no scenario, no foothold a scenario attaches, no entry point, posture, account or
   * rule), a trainee of another exercise is refused, staff read it.
   */
  @Test
  void aTraineeGetsTheMapOfTheirExerciseWithoutTheAttack() {
    users();
    String n = UUID.randomUUID().toString().substring(0, 8);
    // Every scenario of each plant, and what would reveal it: its id and the hosts it attaches
    // for a run (a rogue laptop). Read from the library itself: the API's answers would check
    // every architecture on the way.
    Map<String, List<String>> byPlant = new java.util.TreeMap<>();
    Set<String> secrets = new java.util.TreeSet<>(List.of("foothold", "entryPoints", "posture"));
    Set<String> attaching = new java.util.HashSet<>();
    for (String sid : Library.names("scenarios")) {
      ScenarioSpec s = ScenarioLoader.load(sid);
      byPlant.computeIfAbsent(s.plant(), k -> new ArrayList<>()).add(sid);
      secrets.add(sid);
      for (ScenarioSpec.Foothold f : s.footholds()) {
        if (f.attached()) {
          secrets.add(f.id());
          attaching.add(sid);
        }
      }
    }
    assertThat(secrets).contains("rogue-laptop", "rogue-iiot");
    List<String> archs = Library.names("architectures");
    assertThat(archs).contains("water-treatment-vendor-backdoor", "water-treatment-converged");
    String other = null;
    for (String arch : archs) {
      ArchitectureSpec library = ArchitectureLoader.load(arch);
      // What the map is built from is the architecture alone; the exercise hides up to 10 of the
      // plant's scenarios, those that attach a host of their own first.
      List<String> scenarios =
          byPlant.getOrDefault(library.plant(), List.of()).stream()
              .sorted(java.util.Comparator.comparing(sid -> !attaching.contains(sid)))
              .limit(10)
              .toList();
      if (scenarios.isEmpty()) {
        continue; // another test's upload, of a plant without scenarios
      }
      String id =
          as(TRAINER)
              .body(
                  Map.of(
                      "title",
                      "Map of " + arch + " " + n,
                      "architecture",
                      arch,
                      "scenarios",
                      scenarios))
              .post("/api/exercises")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      String ex = "/api/exercises/" + id;
      // Not joined yet: not hers to read, even as a draft.
      as(ANN).get(ex + "/architecture").then().statusCode(403);
      as(ANN).body(Map.of()).post(ex + "/join").then().statusCode(200);
      String body = as(ANN).get(ex + "/architecture").then().statusCode(200).extract().asString();
      JsonPath map = JsonPath.from(body);
      assertThat(map.getMap(""))
          .containsOnlyKeys("id", "title", "plant", "zones", "hosts", "conduits");
      assertThat(map.getString("id")).isEqualTo(arch);
      assertThat(map.getList("zones.id"))
          .isEqualTo(library.zones().stream().map(ZoneSpec::id).toList());
      assertThat(map.getList("conduits.id"))
          .isEqualTo(library.conduits().stream().map(ConduitSpec::id).toList());
      // The design's hosts and no other: nothing a scenario attaches for a run.
      assertThat(map.getList("hosts.id"))
          .isEqualTo(library.hosts().stream().map(HostSpec::id).toList());
      assertThat(map.<Map<String, Object>>getList("hosts"))
          .allSatisfy(
              h ->
                  assertThat(h.keySet())
                      .isSubsetOf("id", "zones", "role", "controller", "description"));
      assertThat(map.<Map<String, Object>>getList("conduits"))
          .allSatisfy(c -> assertThat(c).containsOnlyKeys("id", "zoneA", "zoneB", "description"));
      // No scenario's id nor its attached hosts; no entry point's name, unless it is also a
      // host's, a zone's or a role's (vendor-remote).
      assertThat(body).doesNotContain(secrets.toArray(String[]::new));
      Set<Object> drawn = new java.util.HashSet<>(map.getList("hosts.id"));
      drawn.addAll(map.getList("hosts.role"));
      drawn.addAll(map.getList("zones.id"));
      for (String entry : library.entryPoints().keySet()) {
        if (!drawn.contains(entry)) {
          assertThat(body).doesNotContain("\"" + entry + "\"");
        }
      }
      as(TRAINER).get(ex + "/architecture").then().statusCode(200).body("id", equalTo(arch));
      other = ex;
    }
    // Eve joined another exercise: Ann's maps are not hers.
    String eves =
        as(TRAINER)
            .body(
                Map.of(
                    "title",
                    "Eve's " + n,
                    "architecture",
                    "water-treatment-flat",
                    "scenarios",
                    List.of("wt-recon")))
            .post("/api/exercises")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(EVE).body(Map.of()).post("/api/exercises/" + eves + "/join").then().statusCode(200);
    as(EVE).get("/api/exercises/" + eves + "/architecture").then().statusCode(200);
    as(EVE)
        .get(other + "/architecture")
        .then()
        .statusCode(403)
        .body("code", equalTo("EXERCISE_NOT_JOINED"));
    as(EVE).get("/api/exercises/no-such-exercise/architecture").then().statusCode(404);
  }
}
