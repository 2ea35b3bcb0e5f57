package dev.otlab.dashboard.api;

import static dev.otlab.dashboard.api.ApiKit.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Readable results over the API: the verdict sentence on a run's scorecard and result, the
 * printable report, and names and notes (validated, audited, shown in lists). One short run.
 */
@QuarkusTest
class ResultsApiIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String VIEWER = "rviewer-" + SUFFIX;
  private static final String OPERATOR = "roperator-" + SUFFIX;
  private static final String PASSWORD = "a-long-password-" + SUFFIX;

  private static final ApiKit API = new ApiKit(PASSWORD);

  private static RequestSpecification as(String user) {
    return API.as(user);
  }

  @Test
  void aRunTellsItsVerdictAndTakesANameAndANote() {
    API.user(VIEWER, "viewer");
    API.user(OPERATOR, "operator");
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
                    "full"))
            .body("name", nullValue())
            .extract()
            .path("id");
    API.awaitFinished(VIEWER, id);

    // The verdict: prevented, where, by what; the same sentence on the run's result.
    String verdict =
        as(VIEWER)
            .get("/api/runs/" + id + "/scorecard")
            .then()
            .statusCode(200)
            .body("scenario", equalTo("wt-recon"))
            .body("verdict", startsWith("Prevented: step "))
            .extract()
            .path("verdict");
    assertThat(verdict).contains("refused at conduit ent-dmz");
    JsonPath result = as(VIEWER).get("/api/runs/" + id + "/result").jsonPath();
    assertThat(result.getString("verdict"))
        .startsWith("water-treatment-purdue-dmz-dpi: prevented 1 of 1 scenario (wt-recon)");
    assertThat(result.getString("scorecards[0].verdict")).isEqualTo(verdict);

    // Names and notes: an operator sets them, a viewer may not, bad input is refused and says why.
    as(VIEWER)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "nope"))
        .patch("/api/runs/" + id)
        .then()
        .statusCode(403);
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "x".repeat(81), "colour", "red"))
        .patch("/api/runs/" + id)
        .then()
        .statusCode(400)
        .body("code", equalTo("JOB_LABEL_INVALID"))
        .body("message", org.hamcrest.Matchers.containsString("name has 81 characters"))
        .body("message", org.hamcrest.Matchers.containsString("unknown field 'colour'"));
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "two\nlines"))
        .patch("/api/runs/" + id)
        .then()
        .statusCode(400)
        .body("code", equalTo("JOB_LABEL_INVALID"));
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "  DMZ baseline  ", "note", "Before the DPI rules.\nSecond line."))
        .patch("/api/runs/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("DMZ baseline"))
        .body("note", equalTo("Before the DPI rules.\nSecond line."));
    // A field left out stays; an evaluation endpoint does not know a run's id.
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("note", ""))
        .patch("/api/runs/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("DMZ baseline"))
        .body("note", nullValue());
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "x"))
        .patch("/api/evaluations/" + id)
        .then()
        .statusCode(404);
    Map<String, Object> clear = new HashMap<>();
    clear.put("note", "kept for the report");
    as(OPERATOR)
        .contentType(ContentType.JSON)
        .body(clear)
        .patch("/api/runs/" + id)
        .then()
        .statusCode(200);
    assertThat(
            as(VIEWER)
                .get("/api/runs?scenario=wt-recon")
                .jsonPath()
                .getList("findAll { it.id == '" + id + "' }.name", String.class))
        .containsExactly("DMZ baseline");
    assertThat(admin().get("/api/audit?limit=50").jsonPath().getList("result", String.class))
        .anySatisfy(r -> assertThat(r).startsWith("200 " + id + " name 'DMZ baseline', note"));

    // The printable report: summary, date, name, note and the verdict table; no raw maps.
    String report = as(VIEWER).accept("text/html").get("/api/runs/" + id + "/report").asString();
    assertThat(report)
        .contains("<strong>Summary:</strong> water-treatment-purdue-dmz-dpi: prevented 1 of 1")
        .contains("<title>otlab run \u201cDMZ baseline\u201d")
        .contains("<tr><th>Note</th><td>kept for the report</td></tr>")
        .containsPattern("<tr><th>Date</th><td>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC")
        .contains("<h2>Verdicts</h2>")
        .doesNotContainPattern("\\{[^}<]*=[^}<]*\\}")
        .doesNotContain("<td>{}</td>");
  }
}
