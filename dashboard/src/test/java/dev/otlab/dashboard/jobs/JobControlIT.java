package dev.otlab.dashboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.api.ApiKit;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Job control through the API: cancel ends a busy job and frees its slot, the limits refuse what
 * would hold a slot for ever or break storage, and a rerun of an unfinished evaluation resumes it.
 * Each test has its own operator, so the per-user queue bound counts only its own jobs.
 */
@QuarkusTest
class JobControlIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "a-long-password-" + UUID.randomUUID();

  private static final ApiKit API = new ApiKit(PASSWORD);

  private static String operator() {
    String name = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
    API.user(name, "operator");
    return name;
  }

  private static RequestSpecification as(String user) {
    return API.as(user);
  }

  private static String status(String user, String kind, String id) {
    return as(user).get("/api/" + kind + "/" + id).path("status");
  }

  /** A run that plays for half an hour at real time: only a cancel ends it within the test. */
  private static Map<String, Object> longRun() {
    return Map.of(
        "architecture", "water-treatment-flat", "scenario", "wt-loss-of-protection", "speed", "1");
  }

  @Test
  void cancelEndsABusyRunAndGivesItsSlotToTheNextJob() {
    String user = operator();
    int slots = ConfigProvider.getConfig().getValue("otlab.jobs.concurrent", Integer.class);
    List<String> busy = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      busy.add(API.start(user, "runs", longRun()));
    }
    for (String id : busy) {
      await().atMost(Duration.ofMinutes(2)).until(() -> status(user, "runs", id).equals("running"));
    }
    String waiting = API.start(user, "runs", longRun());
    assertThat(status(user, "runs", waiting)).isEqualTo("queued");

    // A queued job ends as the cancel answers.
    String another = API.start(user, "runs", longRun());
    as(user)
        .post("/api/runs/" + another + "/cancel")
        .then()
        .statusCode(202)
        .body("status", equalTo("cancelled"));

    as(user).post("/api/runs/" + busy.get(0) + "/cancel").then().statusCode(202);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> status(user, "runs", busy.get(0)).equals("cancelled"));
    // Its slot goes to the job that waited, while the other busy one plays on.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> status(user, "runs", waiting).equals("running"));
    assertThat(status(user, "runs", busy.get(1))).isEqualTo("running");
    JsonPath cancelled = as(user).get("/api/runs/" + busy.get(0)).jsonPath();
    assertThat(cancelled.getString("error")).isNull();
    assertThat(cancelled.getString("finished")).isNotNull();

    for (String id : List.of(busy.get(1), waiting)) {
      as(user).post("/api/runs/" + id + "/cancel").then().statusCode(202);
    }
    for (String id : List.of(busy.get(1), waiting)) {
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> status(user, "runs", id).equals("cancelled"));
    }
  }

  @Test
  void aUsersQueueIsBoundedAndTheRefusalSaysWhenToRetry() {
    String user = operator();
    int slots = ConfigProvider.getConfig().getValue("otlab.jobs.concurrent", Integer.class);
    int bound = ConfigProvider.getConfig().getValue("otlab.jobs.queued-per-user", Integer.class);
    List<String> ids = new ArrayList<>();
    // Other tests' jobs may hold the slots: this user's jobs wait behind them, or fill them.
    for (int i = 0; i < slots; i++) {
      ids.add(API.start(user, "runs", longRun()));
    }
    for (String id : List.copyOf(ids)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> status(user, "runs", id).equals("running"));
    }
    for (int i = 0; i < bound; i++) {
      ids.add(API.start(user, "runs", longRun()));
    }
    as(user)
        .contentType(ContentType.JSON)
        .body(longRun())
        .post("/api/runs")
        .then()
        .statusCode(429)
        .header("Retry-After", equalTo("30"))
        .body("code", equalTo("JOB_QUEUE_FULL"))
        .body("message", containsString("at most " + bound));
    // Another user's queue is their own.
    String other = operator();
    String theirs = API.start(other, "runs", longRun());
    as(other).post("/api/runs/" + theirs + "/cancel").then().statusCode(202);
    // Cancelling a queued job makes room at once.
    as(user).post("/api/runs/" + ids.get(ids.size() - 1) + "/cancel").then().statusCode(202);
    ids.add(API.start(user, "runs", longRun()));
    for (String id : ids) {
      as(user).post("/api/runs/" + id + "/cancel");
    }
    for (String id : ids) {
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> status(user, "runs", id).equals("cancelled"));
    }
  }

  @Test
  void speedsSeedsAndDurationsOutOfRangeAreRefusedBeforeAnythingIsStored() throws Exception {
    String user = operator();
    int before = as(user).get("/api/runs?limit=1000").jsonPath().getList("").size();
    String run = "\"architecture\": \"water-treatment-flat\", \"scenario\": \"wt-recon\"";
    // Too slow: it would hold a slot for ever.
    refused(user, "{" + run + ", \"speed\": \"1e-300\"}", 400, "SPEED_OUT_OF_RANGE", "0.1");
    refused(user, "{" + run + ", \"speed\": 1e-300}", 400, "SPEED_OUT_OF_RANGE", "0.1");
    refused(user, "{" + run + ", \"speed\": \"0.01x\"}", 400, "SPEED_OUT_OF_RANGE", "0.1");
    // Longer than the column it is stored in, or not a speed at all.
    refused(
        user,
        "{" + run + ", \"speed\": \"1" + "0".repeat(40) + "\"}",
        400,
        "REQUEST_INVALID",
        "at most 16 characters");
    refused(user, "{" + run + ", \"speed\": \"NaN\"}", 400, "REQUEST_INVALID", "speed must be");
    refused(user, "{" + run + ", \"speed\": \"0x1p3\"}", 400, "REQUEST_INVALID", "speed must be");
    // Seeds a long cannot hold are refused, not rounded.
    String range = "from 0 to " + Long.MAX_VALUE;
    refused(user, "{" + run + ", \"seed\": 1e400}", 400, "REQUEST_INVALID", range);
    refused(user, "{" + run + ", \"seed\": 99999999999999999999}", 400, "REQUEST_INVALID", range);
    refused(user, "{" + run + ", \"seed\": 9223372036854775808}", 400, "REQUEST_INVALID", range);
    refused(user, "{" + run + ", \"seed\": -1}", 400, "REQUEST_INVALID", range);
    refused(user, "{" + run + ", \"seed\": 1.5}", 400, "REQUEST_INVALID", range);
    // A scenario longer than a service plays.
    Path library =
        Path.of(System.getProperty("otlab.library").split(java.io.File.pathSeparator)[1]);
    String id = "endless-" + UUID.randomUUID().toString().substring(0, 8);
    String yaml =
        Files.readString(library.resolve("scenarios/wt-recon.yaml"))
            .replaceFirst("(?m)^id: .*$", "id: " + id)
            .replaceFirst("(?m)^duration: .*$", "duration: 48h")
            .replaceAll("(?ms)^expected:.*", "");
    as(user)
        .contentType("application/yaml")
        .body(yaml.getBytes(StandardCharsets.UTF_8))
        .post("/api/library/scenarios")
        .then()
        .statusCode(201);
    refused(
        user,
        "{\"architecture\": \"water-treatment-flat\", \"scenario\": \"" + id + "\"}",
        400,
        "DURATION_TOO_LONG",
        "at most 86400");
    assertThat(as(user).get("/api/runs?limit=1000").jsonPath().getList("")).hasSize(before);
    // The edges themselves are fine.
    String ok =
        API.start(
            user,
            "runs",
            Map.of(
                "architecture",
                "water-treatment-flat",
                "scenario",
                "wt-recon",
                "speed",
                "0.1",
                "seed",
                Long.MAX_VALUE));
    as(user).get("/api/runs/" + ok).then().body("params.seed", equalTo(Long.MAX_VALUE));
    as(user).post("/api/runs/" + ok + "/cancel").then().statusCode(202);
    await().atMost(Duration.ofMinutes(1)).until(() -> status(user, "runs", ok).equals("cancelled"));
  }

  private static void refused(String user, String body, int status, String code, String says) {
    as(user)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/runs")
        .then()
        .statusCode(status)
        .body("code", equalTo(code))
        .body("message", containsString(says));
  }

  @Test
  void aRerunOfAnUnfinishedEvaluationPlaysOnlyWhatIsMissingAndScoresAsAFullOne() throws Exception {
    String user = operator();
    Map<String, Object> eval =
        Map.of(
            "architecture", "water-treatment-flat",
            "suite", "smoke",
            "detection", "full",
            "seed", 7,
            "seeds", 1,
            "speed", "max");
    String first = API.start(user, "evaluations", eval);
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> progressRuns(user, first) >= 1);
    as(user).post("/api/evaluations/" + first + "/cancel").then().statusCode(202);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> status(user, "evaluations", first).equals("cancelled"));
    JsonPath cut = as(user).get("/api/evaluations/" + first).jsonPath();
    int kept = cut.getInt("progress.runs");
    int total = cut.getInt("progress.totalRuns");
    assertThat(kept).as("scenarios finished before the cancel").isBetween(1, total - 1);

    String again =
        as(user)
            .post("/api/evaluations/" + first + "/rerun")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    await()
        .atMost(Duration.ofMinutes(5))
        .until(() -> status(user, "evaluations", again).equals("finished"));
    JsonPath resumed = as(user).get("/api/evaluations/" + again).jsonPath();
    assertThat(resumed.getInt("progress.resumed")).isEqualTo(kept);
    assertThat(resumed.getInt("progress.runs")).isEqualTo(total);

    String full = API.start(user, "evaluations", eval);
    await()
        .atMost(Duration.ofMinutes(5))
        .until(() -> status(user, "evaluations", full).equals("finished"));
    assertThat(as(user).get("/api/evaluations/" + full).jsonPath().getInt("progress.resumed"))
        .isZero();

    JsonNode a = result(user, again);
    JsonNode b = result(user, full);
    assertThat(a.path("scorecards")).hasSize(total);
    assertThat(a).isEqualTo(b);
    int reused = 0;
    for (JsonNode card : a.path("scorecards")) {
      String s = card.path("scenario").asText();
      as(user).get("/api/evaluations/" + again + "/scorecards/" + s).then().statusCode(200);
      String alerts = alerts(user, again, s);
      if (as(user).get("/api/evaluations/" + first + "/scorecards/" + s).statusCode() == 200) {
        // Kept from the first go, as it was.
        assertThat(alerts).isEqualTo(alerts(user, first, s));
        reused++;
      }
      // The same alerts as a full play raises; their evidence may differ where a flood's socket
      // timing decides which connection a detector quotes, which scoring does not look at.
      assertThat(rules(alerts)).isEqualTo(rules(alerts(user, full, s)));
    }
    assertThat(reused).isEqualTo(kept);
  }

  private static String alerts(String user, String id, String scenario) {
    return as(user).get("/api/evaluations/" + id + "/alerts?scenario=" + scenario).asString();
  }

  private static List<String> rules(String alertLines) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : alertLines.lines().toList()) {
      JsonNode n = JSON.readTree(line);
      out.add(
          n.path("id").asText()
              + " "
              + n.path("rule").asText()
              + " "
              + n.path("techniques")
              + " "
              + n.path("sourceHost").asText()
              + ">"
              + n.path("destinationHost").asText()
              + " @"
              + n.path("time").asDouble());
    }
    return out;
  }

  private static int progressRuns(String user, String id) {
    JsonPath j = as(user).get("/api/evaluations/" + id).jsonPath();
    Integer runs = j.get("progress.runs");
    return runs == null ? 0 : runs;
  }

  /** An evaluation's result without its wall time, the one field that differs between plays. */
  private static JsonNode result(String user, String id) throws Exception {
    ObjectNode n =
        (ObjectNode) JSON.readTree(as(user).get("/api/evaluations/" + id + "/result").asString());
    n.remove("wallSeconds");
    return n;
  }
}
