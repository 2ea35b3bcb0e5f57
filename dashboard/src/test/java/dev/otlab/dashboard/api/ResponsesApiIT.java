package dev.otlab.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Response actions and playbooks through the API. One run, defended by the over-eager playbook,
 * plays at 1x while an operator acts on it (bad bodies refused with their codes, a viewer refused),
 * then at full speed to its end: its responses hold the operator's and the playbook's, in the list
 * and in the trace, and acting on it then is a conflict. One evaluation of a one-scenario suite
 * with the playbook carries its defence.
 */
@QuarkusTest
class ResponsesApiIT {
  private static final String PASSWORD = "a-long-password-" + UUID.randomUUID();
  private static final ApiKit API = new ApiKit(PASSWORD);
  private static final String PLAYBOOK = "wt-isolate-on-any-alert";

  private static String user(String role) {
    String name = "resp-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
    API.user(name, role);
    return name;
  }

  private static io.restassured.response.ValidatableResponse respond(
      String user, String run, String body) {
    return API.as(user)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/runs/" + run + "/responses")
        .then();
  }

  /**
   * Reads a job's live stream into {@code events} ("type data", each once: a reconnection replays
   * what came before) until it closes; whether it ended. A stream that sends nothing for a while
   * (an evaluation's benign twins are not watched) is closed by the server's idle timeout, and the
   * caller reads again.
   */
  private static boolean readLive(String user, String path, Set<String> events) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<java.io.InputStream> r =
        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    String type = null;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        } else if (line.startsWith("data:") && type != null) {
          events.add(type + " " + line.substring(5).strip());
          if (type.equals("end")) {
            return true;
          }
        }
      }
    } catch (java.io.IOException closed) {
      // closed by the server while idle: read again
    }
    return false;
  }

  @Test
  void anOperatorActsOnAPlayingRunBesideItsPlaybook() {
    String op = user("operator");
    String viewer = user("viewer");
    String run =
        API.startRun(
            op,
            Map.of(
                "architecture", "water-treatment-flat",
                "scenario", "wt-recon",
                "speed", "1",
                "playbooks", List.of(PLAYBOOK)));
    API.as(op).get("/api/runs/" + run).then().body("params.playbooks", equalTo(List.of(PLAYBOOK)));
    // Playing: its clock has started.
    await()
        .atMost(ApiKit.RUN_BOUND)
        .until(() -> API.as(op).get("/api/runs/" + run).path("clock.time") != null);

    // Bodies the lab cannot act on, each with its code and what is wrong.
    respond(op, run, "{\"kind\": \"unplug\", \"why\": \"x\"}")
        .statusCode(400)
        .body("code", equalTo("RESPONSE_INVALID"))
        .body("message", containsString("'unplug' is not a response action"));
    respond(op, run, "{\"kind\": \"isolate-host\", \"why\": \"x\"}")
        .statusCode(400)
        .body("code", equalTo("RESPONSE_INVALID"))
        .body("message", containsString("'host'"));
    respond(op, run, "{\"kind\": \"isolate-host\", \"host\": \"historian\"}")
        .statusCode(400)
        .body("code", equalTo("RESPONSE_INVALID"))
        .body("message", containsString("why"));
    respond(
            op,
            run,
            "{\"kind\": \"isolate-host\", \"host\": \"historian\", \"why\": \"x\", \"after\": -1}")
        .statusCode(400)
        .body("code", equalTo("RESPONSE_INVALID"))
        .body("message", containsString("after"));
    respond(viewer, run, "{\"kind\": \"isolate-host\", \"host\": \"historian\", \"why\": \"x\"}")
        .statusCode(403);

    respond(
            op,
            run,
            "{\"kind\": \"isolate-host\", \"host\": \"historian\", \"why\": \"it talks to the"
                + " office\"}")
        .statusCode(202)
        .body("who", equalTo("user:" + op))
        .body("action.kind", equalTo("isolate-host"));
    // Carried out on the lab clock: the live list has it as soon as it is done.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                API.as(viewer)
                    .get("/api/runs/" + run + "/responses")
                    .jsonPath()
                    .getList("who")
                    .contains("user:" + op));

    API.as(op)
        .contentType(ContentType.JSON)
        .body(Map.of("action", "speed", "speed", "max"))
        .post("/api/runs/" + run + "/clock")
        .then()
        .statusCode(200);
    API.awaitFinished(op, run);

    JsonPath done = API.as(viewer).get("/api/runs/" + run + "/responses").jsonPath();
    List<Map<String, Object>> records = done.getList("$");
    Map<String, Object> mine =
        records.stream().filter(r -> ("user:" + op).equals(r.get("who"))).findFirst().orElseThrow();
    assertThat(mine.get("done")).isEqualTo(true);
    assertThat(mine.get("why")).isEqualTo("it talks to the office");
    assertThat(((Map<?, ?>) mine.get("action")).get("host")).isEqualTo("historian");
    assertThat((List<?>) mine.get("effects")).isNotEmpty();
    // The playbook acted on the run's alerts too, as itself.
    assertThat(records)
        .anySatisfy(r -> assertThat((String) r.get("who")).isEqualTo("playbook:" + PLAYBOOK));
    // The trace keeps every one of them.
    String trace =
        API.as(viewer)
            .get("/api/runs/" + run + "/trace?types=response")
            .then()
            .extract()
            .asString();
    assertThat(trace.lines().count()).isEqualTo(records.size());
    assertThat(trace).contains("user:" + op, "playbook:" + PLAYBOOK);

    respond(op, run, "{\"kind\": \"isolate-host\", \"host\": \"historian\", \"why\": \"late\"}")
        .statusCode(409)
        .body("code", equalTo("RUN_NOT_RUNNING"));
  }

  @Test
  void playbooksAreCheckedAndAnEvaluationWithOneHasItsDefence() {
    String op = user("operator");
    // Written for the other plant; and a playbook on alerts where none are raised.
    API.as(op)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "architecture", "water-treatment-flat",
                "scenario", "wt-recon",
                "playbooks", List.of("cr-guard-sis")))
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("PLAYBOOK_PLANT_MISMATCH"));
    API.as(op)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "architecture", "water-treatment-flat",
                "scenario", "wt-recon",
                "detection", "none",
                "playbooks", List.of(PLAYBOOK)))
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("PLAYBOOKS_INVALID"));
    API.as(op)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "architecture", "water-treatment-flat", "scenario", "wt-recon", "playbooks", "x"))
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("REQUEST_INVALID"));

    String suite = "resp-" + UUID.randomUUID().toString().substring(0, 8);
    ApiKit.admin()
        .contentType("application/yaml")
        .body(
            "id: "
                + suite
                + "\ntitle: One scenario\ndescription: A defended evaluation's test.\n"
                + "scenarios:\n  - wt-recon\n")
        .post("/api/library/suites")
        .then()
        .statusCode(201);
    String eval =
        API.start(
            op,
            "evaluations",
            Map.of(
                "architecture",
                "water-treatment-flat",
                "suite",
                suite,
                "seeds",
                1,
                "playbooks",
                List.of(PLAYBOOK)));
    // Its live stream from the start to the end (the replay of one that ended is capped).
    Set<String> live = new LinkedHashSet<>();
    await()
        .atMost(ApiKit.RUN_BOUND)
        .until(() -> readLive(op, "/api/evaluations/" + eval + "/live", live));
    await()
        .atMost(ApiKit.RUN_BOUND)
        .until(() -> API.as(op).get("/api/evaluations/" + eval).path("status").equals("finished"));
    JsonPath r = API.as(op).get("/api/evaluations/" + eval + "/result").jsonPath();
    assertThat(r.getList("defence.defence")).containsExactly(PLAYBOOK);
    assertThat(r.getInt("scorecards[0].response.responses")).isPositive();
    API.as(op)
        .get("/api/evaluations/" + eval)
        .then()
        .body("params.playbooks", equalTo(List.of(PLAYBOOK)));

    // The live stream tells the scenario's two plays apart: each event names its play, each play
    // finished on its own, and only the defended one responded.
    Map<String, List<JsonPath>> events = new java.util.HashMap<>();
    for (String e : live) {
      int space = e.indexOf(' ');
      events
          .computeIfAbsent(e.substring(0, space), k -> new java.util.ArrayList<>())
          .add(JsonPath.from(e.substring(space + 1)));
    }
    assertThat(events.get("progress"))
        .extracting(p -> p.getString("scenario") + " " + p.getString("play"))
        .containsExactlyInAnyOrder("wt-recon undefended", "wt-recon defended");
    for (String kind : List.of("step", "alert")) {
      assertThat(events.get(kind))
          .as(kind)
          .extracting(p -> p.getString("play"))
          .contains("undefended", "defended")
          .containsOnly("undefended", "defended");
    }
    // Each play attacked on its own: the recon's steps, once in each.
    List<String> steps =
        events.get("step").stream()
            .map(p -> p.getString("play") + " " + p.getString("step"))
            .toList();
    assertThat(steps.stream().filter(x -> x.startsWith("undefended ")).map(x -> x.substring(11)))
        .containsExactlyInAnyOrderElementsOf(
            steps.stream()
                .filter(x -> x.startsWith("defended "))
                .map(x -> x.substring(9))
                .toList());
    assertThat(events.get("response"))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.getString("play")).isEqualTo("defended"));
  }
}
