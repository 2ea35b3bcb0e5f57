package dev.otlab.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A sweep over the API, end to end, on an uploaded sweep of two architectures x one suite of two
 * scenarios x one seed (2 twins, 4 plays). Its last unit cannot play: the suite's second scenario
 * attaches a foothold named like a host of the second architecture (RUN_FOOTHOLD_CLASH, for real),
 * so the sweep fails with 5 of 6 units done. With the scenario fixed, a retry plays only the
 * missing unit, and the finished sweep lists its configurations as evaluations (totals with
 * intervals, a verdict each) that the evaluation endpoints show and the comparison compares.
 */
@QuarkusTest
class SweepApiIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String VIEWER = "sviewer-" + SUFFIX;
  private static final String OPERATOR = "soperator-" + SUFFIX;
  private static final String PASSWORD = "a-long-password-" + SUFFIX;
  private static final String SCENARIO = "sweep-probe-" + SUFFIX;
  private static final String SUITE = "sweep-suite-" + SUFFIX;
  private static final String SWEEP = "sweep-" + SUFFIX;

  private static final ApiKit API = new ApiKit(PASSWORD);

  /** A rogue laptop beside the HMI; its id is the foothold's, which an architecture may clash. */
  private static String scenario(String foothold) {
    return """
        id: %s
        title: A rogue laptop beside the HMI raises the chlorine setpoint
        plant: water-treatment
        footholds:
          - {id: %s, attach: "role:hmi", how: rogue-device}
        duration: 10m
        steps:
          - {id: sweep, technique: T0846, trigger: {at: 60s}}
          - {id: chlorine-sp, technique: T0836, params: {target: "plc:plc-dosing", tag: chlorine_sp, value: "3.0"}, trigger: {after: sweep, outcome: any}}
        objective: {step: chlorine-sp, description: the setpoint is changed}
        """
        .formatted(SCENARIO, foothold);
  }

  private static final String SUITE_YAML =
      """
      id: %s
      title: Reconnaissance and a rogue laptop
      scenarios: [wt-recon, %s]
      """
          .formatted(SUITE, SCENARIO);

  @Test
  void aSweepFailsIsRetriedForItsMissingUnitOnlyAndShowsItsConfigurationsAsEvaluations() {
    API.user(VIEWER, "viewer");
    API.user(OPERATOR, "operator");
    // jump-1 is a host of water-treatment-purdue-dmz, not of water-treatment-flat.
    API.upload(OPERATOR, "scenarios", scenario("jump-1"));
    API.upload(OPERATOR, "suites", SUITE_YAML);
    API.upload(
        OPERATOR,
        "sweeps",
        """
        id: %s
        title: Flat against Purdue with a DMZ
        architectures: [water-treatment-flat, water-treatment-purdue-dmz]
        suites: [%s]
        seeds: {first: 1, count: 1}
        detection: [full]
        """
            .formatted(SWEEP, SUITE));

    // The library lists and shows it; a sweep naming a file by path is refused.
    API.as(VIEWER)
        .get("/api/library/sweeps")
        .then()
        .statusCode(200)
        .body("id", hasItem(SWEEP))
        .body("find { it.id == '" + SWEEP + "' }.source", equalTo("uploaded"));
    API.as(VIEWER)
        .get("/api/library/sweeps/" + SWEEP)
        .then()
        .statusCode(200)
        .body("suites", equalTo(List.of(SUITE)))
        .body("seeds", equalTo(List.of(1)));
    API.as(OPERATOR)
        .contentType("application/yaml")
        .body(
            "id: path-"
                + SUFFIX
                + "\ntitle: T\narchitectures: [../architectures/x.yaml]\nsuites: [smoke]\n")
        .post("/api/library/sweeps")
        .then()
        .statusCode(400)
        .body("code", equalTo("UPLOAD_REFERENCE_PATH"));
    API.as(OPERATOR)
        .contentType("application/yaml")
        .body(
            "id: path-"
                + SUFFIX
                + "\ntitle: T\nsuites: [smoke]\nvariants:\n"
                + "  - {id: v-"
                + SUFFIX
                + ", base: ../architectures/x.yaml, changes: [{remove: sensors}]}\n")
        .post("/api/library/sweeps")
        .then()
        .statusCode(400)
        .body("code", equalTo("UPLOAD_REFERENCE_PATH"));
    // A shipped sweep's variants are among its architectures, each with its base and changes.
    API.as(VIEWER)
        .get("/api/library/sweeps/wt-dpi-variants")
        .then()
        .statusCode(200)
        .body("architectures", hasItem("wt-dpi-unwatched-control"))
        .body(
            "variants.find { it.id == 'wt-dpi-unwatched-control' }.base",
            equalTo("water-treatment-purdue-dmz-dpi"))
        .body(
            "variants.find { it.id == 'wt-dpi-unwatched-control' }.changes",
            equalTo(List.of("remove sensors.taps.ops-control", "remove sensors.spans.control")));

    // A viewer cannot start one; an operator can.
    API.as(VIEWER)
        .contentType(ContentType.JSON)
        .body(Map.of("sweep", SWEEP))
        .post("/api/sweeps")
        .then()
        .statusCode(403);
    API.as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("sweep", SWEEP, "name", "two\nlines"))
        .post("/api/sweeps")
        .then()
        .statusCode(400)
        .body("code", equalTo("JOB_LABEL_INVALID"));
    String first =
        API.started(OPERATOR, "sweeps", Map.of("sweep", SWEEP, "name", "flat vs dmz"))
            .body("kind", equalTo("sweep"))
            .body("params.sweep", equalTo(SWEEP))
            .body("name", equalTo("flat vs dmz"))
            .extract()
            .path("id");
    assertThat(API.awaitEnded(VIEWER, "sweeps", first)).isEqualTo("failed");
    JsonPath failed = API.as(VIEWER).get("/api/sweeps/" + first).jsonPath();
    // The cause's own code, which says what to fix, with the unit that met it.
    assertThat(failed.getString("error.code")).isEqualTo("RUN_FOOTHOLD_CLASH");
    assertThat(failed.getString("error.message"))
        .contains(
            "play:water-treatment-purdue-dmz." + SUITE + ".full:" + SCENARIO + ":1", "jump-1");
    assertThat(failed.getInt("progress.units")).isEqualTo(6);
    assertThat(failed.getInt("progress.done")).isEqualTo(5);
    assertThat(failed.getInt("progress.failedAttempts")).isEqualTo(2);
    assertThat(failed.getMap("playedBy")).isEqualTo(Map.of(first, 5));
    assertThat(failed.getList("failedUnits"))
        .containsExactly("play:water-treatment-purdue-dmz." + SUITE + ".full:" + SCENARIO + ":1");
    assertThat(failed.getList("configurations")).isEmpty();
    // A sweep is no evaluation.
    API.as(OPERATOR).post("/api/evaluations/" + first + "/cancel").then().statusCode(404);

    // Fix the scenario (a foothold id no architecture has), then retry: one unit left to play.
    API.as(OPERATOR).delete("/api/library/suites/" + SUITE).then().statusCode(200);
    API.as(OPERATOR).delete("/api/library/scenarios/" + SCENARIO).then().statusCode(200);
    API.upload(OPERATOR, "scenarios", scenario("rogue-laptop"));
    API.upload(OPERATOR, "suites", SUITE_YAML);
    API.as(VIEWER).post("/api/sweeps/" + first + "/retry").then().statusCode(403);
    String retry =
        API.as(OPERATOR)
            .post("/api/sweeps/" + first + "/retry")
            .then()
            .statusCode(202)
            .body("rerunOf", equalTo(first))
            .body("store", equalTo(first))
            .extract()
            .path("id");
    assertThat(API.awaitEnded(VIEWER, "sweeps", retry)).isEqualTo("finished");
    JsonPath done = API.as(VIEWER).get("/api/sweeps/" + retry).jsonPath();
    assertThat(done.getInt("progress.reused")).isEqualTo(5);
    assertThat(done.getInt("progress.done")).isEqualTo(6);
    // The five units of the first go were not played again.
    assertThat(done.getMap("playedBy")).isEqualTo(Map.of(first, 5, retry, 1));
    assertThat(done.getList("failedUnits")).isEmpty();
    API.as(OPERATOR)
        .post("/api/sweeps/" + retry + "/retry")
        .then()
        .statusCode(409)
        .body("code", equalTo("SWEEP_NOT_RETRYABLE"));

    // Each configuration is an evaluation, with its total's interval and a verdict.
    List<Map<String, Object>> configs = done.getList("configurations");
    assertThat(configs)
        .extracting(c -> c.get("architecture"))
        .containsExactly("water-treatment-flat", "water-treatment-purdue-dmz");
    for (Map<String, Object> c : configs) {
      double total = ((Number) c.get("total")).doubleValue();
      assertThat(((Number) c.get("totalLow")).doubleValue()).isLessThanOrEqualTo(total);
      assertThat(((Number) c.get("totalHigh")).doubleValue()).isGreaterThanOrEqualTo(total);
      assertThat((String) c.get("verdict")).isNotBlank();
      String eid = (String) c.get("evaluation");
      API.as(VIEWER)
          .get("/api/evaluations/" + eid)
          .then()
          .statusCode(200)
          .body("status", equalTo("finished"))
          .body("params.architecture", equalTo(c.get("architecture")))
          .body("params.suite", equalTo(SUITE))
          .body("summary.total", equalTo(c.get("total")));
      API.as(VIEWER).get("/api/evaluations/" + eid + "/result").then().statusCode(200);
    }
    assertThat(configs)
        .extracting(c -> (String) c.get("verdict"))
        .anySatisfy(v -> assertThat(v).isEqualTo("best of 2 designs"));
    String a = (String) configs.get(0).get("evaluation");
    String b = (String) configs.get(1).get("evaluation");
    API.as(VIEWER)
        .get("/api/comparisons?a=" + a + "&b=" + b)
        .then()
        .statusCode(200)
        .body("a", equalTo(a))
        .body("b", equalTo(b));
    API.as(VIEWER)
        .get("/api/sweeps")
        .then()
        .statusCode(200)
        .body("id", hasItem(first))
        .body("id", hasItem(retry));

    // A sweep is cancelled like any job (six units take far longer than the request), and a
    // viewer may not.
    String again = API.start(OPERATOR, "sweeps", Map.of("sweep", SWEEP));
    API.as(VIEWER).post("/api/sweeps/" + again + "/cancel").then().statusCode(403);
    API.as(OPERATOR).post("/api/sweeps/" + again + "/cancel").then().statusCode(202);
    assertThat(API.awaitEnded(VIEWER, "sweeps", again)).isEqualTo("cancelled");
    assertThat(API.as(VIEWER).get("/api/sweeps/" + again).jsonPath().getInt("progress.done"))
        .isLessThan(6);
  }
}
