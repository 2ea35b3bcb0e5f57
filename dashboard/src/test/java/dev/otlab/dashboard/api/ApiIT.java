package dev.otlab.dashboard.api;

import static dev.otlab.dashboard.api.ApiKit.admin;
import static dev.otlab.dashboard.api.ApiKit.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API as a client sees it: authentication, roles, validation, errors, a run's life. */
@QuarkusTest
class ApiIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String VIEWER = "viewer-" + SUFFIX;
  private static final String OPERATOR = "operator-" + SUFFIX;
  private static final String PASSWORD = "a-long-password-" + SUFFIX;

  private static final ApiKit API = new ApiKit(PASSWORD);

  private static RequestSpecification as(String user) {
    return API.as(user);
  }

  private static boolean usersMade;

  // Per test, not @BeforeAll: RestAssured learns the random test port only once Quarkus is up.
  @BeforeEach
  void users() {
    if (usersMade) {
      return;
    }
    usersMade = true;
    API.user(VIEWER, "viewer");
    API.user(OPERATOR, "operator");
  }

  @Test
  void withoutCredentialsTheAnswerIs401InTheErrorShape() {
    given()
        .get("/api/runs")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"otlab\"")
        .body("status", equalTo(401))
        .body("code", equalTo("UNAUTHORIZED"))
        .body("remedy", notNullValue());
    // The web UI's requests get no challenge, so the browser shows no dialog of its own.
    given()
        .header("X-Requested-With", "XMLHttpRequest")
        .get("/api/me")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", nullValue());
    given()
        .auth()
        .preemptive()
        .basic(VIEWER, "wrong-password-123")
        .get("/api/me")
        .then()
        .statusCode(401)
        .body("code", equalTo("UNAUTHORIZED"));
  }

  @Test
  void rolesDecideWhoMayStartRunsUploadAndManageUsers() {
    as(VIEWER).get("/api/me").then().statusCode(200).body("roles", equalTo(List.of("viewer")));
    as(VIEWER).get("/api/runs").then().statusCode(200);
    as(VIEWER)
        .contentType(ContentType.JSON)
        .body(Map.of("architecture", "chemical-reactor-flat", "scenario", "cr-vendor-recon"))
        .post("/api/runs")
        .then()
        .statusCode(403)
        .body("code", equalTo("FORBIDDEN"));
    as(VIEWER)
        .contentType("application/yaml")
        .body("id: x")
        .post("/api/library/scenarios")
        .then()
        .statusCode(403);
    as(OPERATOR).get("/api/users").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    admin().get("/api/users").then().statusCode(200).body("username", hasItem(OPERATOR));
    // Every change is audited, refusals too.
    List<Map<String, Object>> audit = admin().get("/api/audit?limit=500").jsonPath().getList("");
    assertThat(audit)
        .anySatisfy(
            e -> {
              assertThat(e.get("user")).isEqualTo(VIEWER);
              assertThat(e.get("action")).isEqualTo("POST");
              assertThat(e.get("target")).isEqualTo("/api/runs");
              assertThat((String) e.get("result")).startsWith("403 FORBIDDEN");
            });
  }

  @Test
  void passwordsAreChangedByTheirOwnerAndResetByAnAdmin() {
    String user = "pw-" + SUFFIX;
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", user, "password", PASSWORD, "role", "viewer"))
        .post("/api/users")
        .then()
        .statusCode(201);
    String changed = "changed-" + PASSWORD;
    as(user)
        .contentType(ContentType.JSON)
        .body(Map.of("current", "not-my-password", "password", changed))
        .put("/api/me/password")
        .then()
        .statusCode(400)
        .body("code", equalTo("PASSWORD_WRONG"));
    as(user)
        .contentType(ContentType.JSON)
        .body(Map.of("current", PASSWORD, "password", "short"))
        .put("/api/me/password")
        .then()
        .statusCode(400)
        .body("code", equalTo("PASSWORD_WEAK"));
    as(user)
        .contentType(ContentType.JSON)
        .body(Map.of("current", PASSWORD, "password", changed))
        .put("/api/me/password")
        .then()
        .statusCode(204);
    // The old password stops working at once (the remembered check is forgotten).
    as(user).get("/api/me").then().statusCode(401);
    given().auth().preemptive().basic(user, changed).get("/api/me").then().statusCode(200);
    as(VIEWER)
        .contentType(ContentType.JSON)
        .body(Map.of("password", "taken-over-" + SUFFIX))
        .put("/api/users/" + user + "/password")
        .then()
        .statusCode(403);
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("password", PASSWORD))
        .put("/api/users/" + user + "/password")
        .then()
        .statusCode(204);
    as(user).get("/api/me").then().statusCode(200);
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("password", PASSWORD))
        .put("/api/users/nobody-" + SUFFIX + "/password")
        .then()
        .statusCode(404);
  }

  @Test
  void badRequestsGetOneErrorShapeThatSaysWhatToFix() {
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("architecture", "no-such-architecture", "scenario", "wt-recon"))
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("LIBRARY_NAME_UNKNOWN"))
        .body("remedy", notNullValue());
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("architecture", "../../../etc/passwd", "scenario", "wt-recon"))
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("NAME_INVALID"));
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("architecture", "water-treatment-flat", "scenario", "wt-recon", "sped", "1"))
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("REQUEST_INVALID"))
        .body("message", org.hamcrest.Matchers.containsString("sped"));
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("architecture", "water-treatment-flat", "scenario", "wt-recon", "pcap", "yes"))
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("REQUEST_INVALID"))
        .body("message", org.hamcrest.Matchers.containsString("pcap must be true or false"));
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("architecture", "chemical-reactor-flat", "scenario", "wt-recon"))
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("RUN_PLANT_MISMATCH"));
    // This service drives no container lab: it says so, and refuses a run asked to play there.
    as(VIEWER).get("/api/lab").then().statusCode(200).body("containers", nullValue());
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(
            Map.of("architecture", "water-treatment-flat", "scenario", "wt-recon", "lab", "cloud"))
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("REQUEST_INVALID"))
        .body("message", org.hamcrest.Matchers.containsString("lab must be"));
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "architecture",
                "water-treatment-flat",
                "scenario",
                "wt-recon",
                "lab",
                "containers"))
        .post("/api/runs")
        .then()
        .statusCode(409)
        .body("code", equalTo("LAB_CONTAINERS_NONE"));
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body("{not json")
        .post("/api/runs")
        .then()
        .statusCode(400)
        .body("code", equalTo("BODY_INVALID"));
    as(VIEWER).get("/api/no-such-thing").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    as(VIEWER)
        .get("/api/runs/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("code", equalTo("NOT_FOUND"));
    // Never a stack trace: no Java class names in any of these bodies.
    String body =
        as(OPERATOR)
            .contentType(ContentType.JSON)
            .body("[1,2]")
            .post("/api/runs")
            .then()
            .statusCode(400)
            .extract()
            .asString();
    assertThat(body).doesNotContain("at dev.otlab", "Exception", "java.");
  }

  @Test
  void anInvalidUploadListsEveryProblemAndStoresNothing() {
    Response r =
        as(OPERATOR)
            .contentType("application/yaml")
            .body("id: broken-" + SUFFIX + "\ntitle: Broken\nplant: water-treatment\n")
            .post("/api/library/scenarios");
    r.then().statusCode(400).body("code", equalTo("SCENARIO_INVALID"));
    List<String> paths = r.jsonPath().getList("problems.path");
    assertThat(paths).contains("foothold", "duration", "steps", "objective");
    assertThat(as(VIEWER).get("/api/library/scenarios").jsonPath().getList("id", String.class))
        .doesNotContain("broken-" + SUFFIX);
    // A step the plant cannot carry out is refused on upload too, with the field and the remedy.
    Response tag =
        as(OPERATOR)
            .contentType("application/yaml")
            .body(
                """
                id: wrong-tag-%s
                plant: water-treatment
                foothold: control-insider
                duration: 10m
                steps:
                  - {id: sp, technique: T0836, params: {target: "plc:plc-dosing", tag: chlorine_setpoint, value: "3"}, trigger: {at: 60s}}
                objective: {step: sp}
                """
                    .formatted(SUFFIX))
            .post("/api/library/scenarios");
    tag.then().statusCode(400).body("code", equalTo("SCENARIO_INVALID"));
    assertThat(tag.jsonPath().getList("problems.path")).containsExactly("steps[0].params.tag");
    assertThat(tag.asString()).contains("chlorine_setpoint", "chlorine_sp");
  }

  @Test
  void aValidUploadIsStoredOnceAndRunnable() throws Exception {
    Path library =
        Path.of(System.getProperty("otlab.library").split(java.io.File.pathSeparator)[1]);
    String original = Files.readString(library.resolve("scenarios/cr-vendor-recon.yaml"));
    String id = "uploaded-recon-" + SUFFIX;
    String yaml = original.replaceFirst("(?m)^id: .*$", "id: " + id);
    as(OPERATOR)
        .contentType("application/yaml")
        .body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/api/library/scenarios")
        .then()
        .statusCode(201)
        .body("id", equalTo(id));
    as(OPERATOR)
        .contentType("application/yaml")
        .body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/api/library/scenarios")
        .then()
        .statusCode(409)
        .body("code", equalTo("UPLOAD_ID_TAKEN"));
    JsonPath list = as(VIEWER).get("/api/library/scenarios").jsonPath();
    assertThat(list.getString("find { it.id == '" + id + "' }.source")).isEqualTo("uploaded");
    as(VIEWER).get("/api/library/scenarios/" + id).then().statusCode(200).body("id", equalTo(id));
  }

  @Test
  void aPlantOfOnesOwnUploadsAndFilesUploadedAfterItNameItById() throws Exception {
    Path library =
        Path.of(System.getProperty("otlab.library").split(java.io.File.pathSeparator)[1]);
    String plantId = "own-plant-" + SUFFIX;
    // Its drawing is its file's own (the water-treatment kind's Java description has others).
    String plant =
        Files.readString(library.resolve("plants/water-treatment.yaml"))
            .replaceFirst("(?m)^id: .*$", "id: " + plantId)
            .replaceFirst("(?m)^  title: .*$", "  title: Own plant mimic")
            .replace("label: T-101 raw water", "label: T-1 own tank");
    String arch =
        Files.readString(library.resolve("architectures/water-treatment-flat.yaml"))
            .replaceFirst("(?m)^id: .*$", "id: own-flat-" + SUFFIX);
    // Before the plant is there, an architecture naming it is refused with the name.
    as(OPERATOR)
        .contentType("application/yaml")
        .body(arch.replaceFirst("(?m)^plant: .*$", "plant: " + plantId))
        .post("/api/library/architectures")
        .then()
        .statusCode(400)
        .body("code", equalTo("ARCHITECTURE_INVALID"))
        .body("problems.path", hasItem("plant"));
    as(OPERATOR)
        .contentType("application/yaml")
        .body(plant)
        .post("/api/library/plants")
        .then()
        .statusCode(201)
        .body("id", equalTo(plantId));
    as(OPERATOR)
        .contentType("application/yaml")
        .body(arch.replaceFirst("(?m)^plant: .*$", "plant: " + plantId))
        .post("/api/library/architectures")
        .then()
        .statusCode(201);
    as(VIEWER)
        .get("/api/library/architectures/own-flat-" + SUFFIX)
        .then()
        .statusCode(200)
        .body("spec.plant", equalTo(plantId))
        .body("check.plant", equalTo(plantId));
    JsonPath plants = as(VIEWER).get("/api/library/plants").jsonPath();
    assertThat(plants.getString("find { it.id == '" + plantId + "' }.source"))
        .isEqualTo("uploaded");
    assertThat(plants.getString("find { it.id == 'water-treatment' }.source")).isEqualTo("library");
    as(VIEWER)
        .get("/api/library/plants/" + plantId)
        .then()
        .statusCode(200)
        .body("source", equalTo("uploaded"))
        .body("mimic.title", equalTo("Own plant mimic"))
        .body("mimic.units.find { it.label == 'T-1 own tank' }.levelTag", equalTo("raw_level"))
        .body("mimic.units.find { it.label == 'T-1 own tank' }.fullLevel", equalTo(4.0f))
        .body("declaredKnowledge", org.hamcrest.Matchers.nullValue());
    // An upload names files by id: a path would be read from the server's own disk.
    as(OPERATOR)
        .contentType("application/yaml")
        .body(
            arch.replaceFirst("(?m)^id: .*$", "id: own-flat-path-" + SUFFIX)
                .replaceFirst("(?m)^plant: .*$", "plant: ../../../etc/passwd"))
        .post("/api/library/architectures")
        .then()
        .statusCode(400)
        .body("code", equalTo("UPLOAD_REFERENCE_PATH"))
        .body("message", containsString("../../../etc/passwd"));
    // Nor may a plant make the server open an FMU (a native library) from its disk.
    as(OPERATOR)
        .contentType("application/yaml")
        .body(
            plant
                .replaceFirst("(?m)^id: .*$", "id: own-fmu-" + SUFFIX)
                .replaceFirst(
                    "(?m)^  model: water-treatment$",
                    "  fmu: {file: /tmp/tank.fmu, outputs: {level: level}}"))
        .post("/api/library/plants")
        .then()
        .statusCode(400)
        .body("code", equalTo("UPLOAD_REFERENCE_PATH"))
        .body("message", containsString("/tmp/tank.fmu"));
    // A library plant's id stays the library's.
    as(OPERATOR)
        .contentType("application/yaml")
        .body(plant.replaceFirst("(?m)^id: .*$", "id: water-treatment"))
        .post("/api/library/plants")
        .then()
        .statusCode(409)
        .body("code", equalTo("UPLOAD_ID_TAKEN"));
  }

  @Test
  void theLibraryDescribesPlantsArchitecturesAndSuites() {
    as(VIEWER)
        .get("/api/library/plants/water-treatment")
        .then()
        .statusCode(200)
        .body("tags.name", hasItem("raw_level"))
        .body("mimic.units.type", hasItem("tank"))
        .body("mimic.units.find { it.label == 'T-101 raw water' }.levelTag", equalTo("raw_level"))
        .body("mimic.units.find { it.label == 'T-101 raw water' }.fullLevel", equalTo(4.0f))
        .body("mimic.pipes.size()", org.hamcrest.Matchers.greaterThan(0));
    as(VIEWER)
        .get("/api/library/plants/chemical-reactor")
        .then()
        .statusCode(200)
        .body("modelParameters.find { it.name == 'feed_temp' }.unit", equalTo("K"))
        .body("modelParameters.find { it.name == 'feed_temp' }.default", equalTo(350.0f))
        .body("mimic.units.type", hasItem("reactor"))
        .body("mimic.units.find { it.type == 'reactor' }.temperatureTag", equalTo("reactor_temp"));
    as(VIEWER)
        .get("/api/library/architectures/water-treatment-flat")
        .then()
        .statusCode(200)
        .body("spec.plant", equalTo("water-treatment"))
        .body("check.findings.size()", org.hamcrest.Matchers.greaterThan(0))
        // The check is what `otlab check --json` prints, down to each route's operations.
        .body("check.passed", equalTo(false))
        .body("check.reachability.size()", org.hamcrest.Matchers.greaterThan(0))
        .body("check.reachability[0].routes[0].operations.summary", notNullValue());
    as(VIEWER).get("/api/library/suites").then().statusCode(200).body("id", hasItem("smoke"));
    as(VIEWER)
        .get("/api/library/detection-profiles")
        .then()
        .statusCode(200)
        .body("id", hasItem("full"));
    as(VIEWER).get("/api/library/plants/etc-passwd").then().statusCode(404);
  }

  @Test
  void aRunPlaysToTheEndAndItsResultsCanBeDownloaded() {
    String id =
        API.started(
                OPERATOR,
                "runs",
                Map.of(
                    "architecture",
                    "water-treatment-purdue-dmz-dpi",
                    "scenario",
                    "wt-recon",
                    "detection",
                    "full",
                    "pcap",
                    true))
            .body("status", equalTo("queued"))
            .body("params.lab", equalTo("embedded"))
            .extract()
            .path("id");
    API.awaitFinished(VIEWER, id);
    JsonPath run = as(VIEWER).get("/api/runs/" + id).jsonPath();
    assertThat(run.getDouble("progress.fraction")).isEqualTo(1.0);
    assertThat(run.getString("summary.blockedAt")).isNotNull();
    assertThat(run.getString("summary.outcome")).isEqualTo("PREVENTED");
    as(VIEWER)
        .get("/api/runs/" + id + "/scorecard")
        .then()
        .statusCode(200)
        .body("scenario", equalTo("wt-recon"))
        .body("outcome.kind", equalTo("PREVENTED"))
        .body("outcome.cause", equalTo("BLOCKED"))
        .body("outcome.conduit", equalTo("ent-dmz"));
    String trace = as(VIEWER).get("/api/runs/" + id + "/trace?format=jsonl").asString();
    assertThat(trace.lines()).isNotEmpty().allMatch(l -> l.startsWith("{\"type\":\""));
    assertThat(trace.lines().reduce((a, b) -> b).orElseThrow())
        .startsWith("{\"type\":\"outcome\",\"kind\":\"PREVENTED\"");
    assertThat(as(VIEWER).get("/api/runs/" + id + "/trace?format=csv").asString())
        .startsWith("time_s,");
    // A replay asks for the lines it draws only, in the trace's order.
    String some =
        as(VIEWER).get("/api/runs/" + id + "/trace?format=jsonl&types=step,outcome").asString();
    assertThat(some.lines().toList())
        .isEqualTo(
            trace
                .lines()
                .filter(
                    l ->
                        l.startsWith("{\"type\":\"step\"") || l.startsWith("{\"type\":\"outcome\""))
                .toList())
        .isNotEmpty();
    as(VIEWER)
        .get("/api/runs/" + id + "/trace?format=jsonl&types=step,polls")
        .then()
        .statusCode(400)
        .body("code", equalTo("PARAMETER_INVALID"))
        .body("message", containsString("'polls'"));
    as(VIEWER)
        .get("/api/runs/" + id + "/trace?format=csv&types=step")
        .then()
        .statusCode(400)
        .body("code", equalTo("PARAMETER_INVALID"));
    String cef = as(VIEWER).get("/api/runs/" + id + "/alerts?format=cef").asString();
    String jsonl = as(VIEWER).get("/api/runs/" + id + "/alerts?format=jsonl").asString();
    assertThat(cef.lines().count()).isEqualTo(jsonl.lines().count()).isPositive();
    assertThat(cef.lines()).allMatch(l -> l.contains("CEF:0|otlab|"));
    as(VIEWER)
        .get("/api/runs/" + id + "/trace?format=xml")
        .then()
        .statusCode(400)
        .body("code", equalTo("FORMAT_UNKNOWN"));
    // Started with "pcap": true, the run kept what each sensor saw, with ground-truth labels.
    JsonPath index = as(VIEWER).get("/api/runs/" + id + "/pcap").jsonPath();
    assertThat(index.getList("sensors.name", String.class))
        .contains("ent-dmz", "ops-control", "span-control");
    assertThat(index.getLong("heldBytes")).isPositive();
    assertThat(index.getString("truncatedAt")).isNull();
    Response pcap = as(VIEWER).get("/api/runs/" + id + "/pcap?sensor=ops-control");
    assertThat(pcap.statusCode()).isEqualTo(200);
    assertThat(pcap.contentType()).isEqualTo("application/vnd.tcpdump.pcap");
    assertThat(pcap.header("Content-Disposition")).contains("ops-control-" + id + ".pcap");
    byte[] file = pcap.asByteArray();
    // The libpcap magic, little-endian, and Ethernet frames after the 24-byte header.
    assertThat(java.util.Arrays.copyOf(file, 4))
        .containsExactly((byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1);
    assertThat(file.length).isGreaterThan(24 + 16 + 54);
    assertThat(as(VIEWER).get("/api/runs/" + id + "/pcap?sensor=ent-dmz&format=flows").asString())
        .startsWith("flow,connection,client,client_ip")
        .contains(",attack,");
    assertThat(
            as(VIEWER)
                .get("/api/runs/" + id + "/pcap?sensor=span:control&format=packets")
                .asString())
        .startsWith("frame,time,flow,direction");
    as(VIEWER)
        .get("/api/runs/" + id + "/pcap?sensor=no-such-sensor")
        .then()
        .statusCode(404)
        .body("code", equalTo("NOT_FOUND"));
    // A late subscriber to an ended run gets its final status and the end.
    String live =
        as(VIEWER).accept("text/event-stream").get("/api/runs/" + id + "/live").asString();
    assertThat(live).contains("event:status", "event:end", "\"finished\"");
    as(VIEWER)
        .get("/api/runs?scenario=wt-recon&status=finished")
        .then()
        .statusCode(200)
        .body("id", hasItem(id));
    as(OPERATOR)
        .post("/api/runs/" + id + "/cancel")
        .then()
        .statusCode(409)
        .body("code", equalTo("JOB_ENDED"));
  }

  /** Asks for a change of a run's clock as {@code user}. */
  private static io.restassured.response.ValidatableResponse clock(
      String user, String id, Map<String, String> body) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/runs/" + id + "/clock")
        .then();
  }

  @Test
  void anOperatorPausesResumesReSpeedsAndSkipsAPlayingRun() {
    // At real time: only the clock controls and a cancel move it along within the test.
    String id =
        API.startRun(
            OPERATOR,
            Map.of("architecture", "water-treatment-flat", "scenario", "wt-recon", "speed", "1"));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> as(VIEWER).get("/api/runs/" + id).path("clock.speed") != null);
    clock(VIEWER, id, Map.of("action", "pause")).statusCode(403);
    clock(OPERATOR, id, Map.of("action", "rewind"))
        .statusCode(400)
        .body("code", equalTo("JOB_CLOCK_ACTION_INVALID"));
    clock(OPERATOR, id, Map.of("action", "speed"))
        .statusCode(400)
        .body("code", equalTo("JOB_CLOCK_ACTION_INVALID"));

    float paused =
        clock(OPERATOR, id, Map.of("action", "pause"))
            .statusCode(200)
            .body("paused", equalTo(true))
            .extract()
            .path("time");
    // Held: the time it shows does not move while paused.
    as(VIEWER)
        .get("/api/runs/" + id)
        .then()
        .body("clock.paused", equalTo(true))
        .body("clock.time", equalTo(paused));
    // Audited with what was done and when in the run.
    admin()
        .get("/api/audit?text=clock pause")
        .then()
        .statusCode(200)
        .body(
            "find { it.target == '/api/runs/" + id + "/clock' }.result",
            containsString("clock pause at t="));
    clock(OPERATOR, id, Map.of("action", "resume")).statusCode(200).body("paused", equalTo(false));
    clock(OPERATOR, id, Map.of("action", "speed", "speed", "20"))
        .statusCode(200)
        .body("speed", equalTo("20"));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> as(VIEWER).get("/api/runs/" + id).<Float>path("clock.time") > paused);
    // A skip plays at full speed to the next step, then returns to the chosen 20x.
    clock(OPERATOR, id, Map.of("action", "skip"))
        .statusCode(200)
        .body("skipping", equalTo(true))
        .body("speed", equalTo("20"));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              var view = as(VIEWER).get("/api/runs/" + id);
              return !"running".equals(view.path("status"))
                  || Boolean.FALSE.equals(view.path("clock.skipping"));
            });
    as(OPERATOR).post("/api/runs/" + id + "/cancel");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> !"running".equals(as(VIEWER).get("/api/runs/" + id).path("status")));
    clock(OPERATOR, id, Map.of("action", "pause"))
        .statusCode(409)
        .body("code", equalTo("JOB_CLOCK_UNAVAILABLE"));
  }

  @Test
  void aCancelledEvaluationStopsAndSaysSo() {
    String id =
        as(OPERATOR)
            .contentType(ContentType.JSON)
            // At real time this would play for hours: only a cancel ends it within the test.
            .body(
                Map.of(
                    "architecture",
                    "water-treatment-flat",
                    "suite",
                    "smoke",
                    "speed",
                    "1",
                    "seeds",
                    1))
            .post("/api/evaluations")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> as(VIEWER).get("/api/evaluations/" + id).path("status").equals("running"));
    as(OPERATOR).post("/api/evaluations/" + id + "/cancel").then().statusCode(202);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> as(VIEWER).get("/api/evaluations/" + id).path("status").equals("cancelled"));
    as(VIEWER)
        .get("/api/evaluations/" + id + "/result")
        .then()
        .statusCode(404)
        .body("code", equalTo("ARTIFACT_MISSING"));
    String again =
        as(OPERATOR)
            .post("/api/evaluations/" + id + "/rerun")
            .then()
            .statusCode(202)
            .body("rerunOf", equalTo(id))
            .extract()
            .path("id");
    as(OPERATOR).post("/api/evaluations/" + again + "/cancel").then().statusCode(202);
  }

  @Test
  void healthOpenApiAndMetricsAreServed() {
    given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    assertThat(given().get("/q/openapi").asString()).contains("/api/runs", "/api/library");
    // Metrics need the admin role (application.properties).
    assertThat(admin().get("/q/metrics").asString()).contains("otlab_jobs_active");
  }

  @Test
  void oversizedBodiesAreRefused() throws java.io.IOException {
    as(OPERATOR)
        .contentType("application/yaml")
        .body("# padding\n".repeat(40_000))
        .post("/api/library/scenarios")
        .then()
        .statusCode(413)
        .body("code", equalTo("UPLOAD_TOO_LARGE"));
    // A 100 MB upload is refused on its Content-Length alone: the answer comes with only the head
    // of the body sent, so the service neither reads nor parses the rest.
    String answer = declaredUpload("/api/library/architectures", 100L * 1024 * 1024);
    assertThat(answer)
        .startsWith("HTTP/1.1 413")
        .contains("\"code\":\"REQUEST_ENTITY_TOO_LARGE\"")
        .contains("library uploads are limited further");
  }

  /**
   * Sends the head of a YAML upload that declares {@code length} bytes, then reads the answer
   * without sending the rest.
   */
  private static String declaredUpload(String path, long length) throws java.io.IOException {
    String auth =
        java.util.Base64.getEncoder()
            .encodeToString(
                (OPERATOR + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", RestAssured.port)) {
      s.setSoTimeout(30_000);
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
              + auth
              + "\r\nContent-Type: application/yaml\r\nContent-Length: "
              + length
              + "\r\n\r\nid: big\nzones:\n";
      s.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return response(s.getInputStream());
    }
  }

  /**
   * One HTTP response read by its Content-Length. Reading to the end of the stream instead waited
   * for the service to close a connection it may keep open (CI: read timed out after 30 s).
   */
  private static String response(java.io.InputStream in) throws java.io.IOException {
    java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
    while (!head.toString(java.nio.charset.StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("the response ended inside its head: " + head);
      }
      head.write(b);
    }
    String text = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$").matcher(text);
    assertThat(length.find()).as("a Content-Length in %s", text).isTrue();
    byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
    return text + new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }
}
