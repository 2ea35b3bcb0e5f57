package dev.otlab.dashboard.store;

import static dev.otlab.dashboard.api.ApiKit.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.otlab.dashboard.api.ApiKit;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data that would otherwise grow without end: deleting runs, evaluations and uploads (who may, what
 * is refused, what the audit log keeps), retention, compact trace storage; and the error shape of
 * bodies and parameters the framework refuses.
 */
@QuarkusTest
class DataIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String VIEWER = "dviewer-" + SUFFIX;
  private static final String OWNER = "downer-" + SUFFIX;
  private static final String OTHER = "dother-" + SUFFIX;
  private static final String PASSWORD = "a-long-password-" + SUFFIX;

  @Inject Jobs jobs;
  @Inject Retention retention;
  @Inject Db db;

  private static boolean usersMade;

  private static final ApiKit API = new ApiKit(PASSWORD);

  /** A POST with its body in one chunk and no Content-Length; the whole answer as text. */
  private static String chunkedPost(String path, String body) throws java.io.IOException {
    String auth =
        java.util.Base64.getEncoder()
            .encodeToString((OWNER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
      s.setSoTimeout(30_000);
      String request =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
              + auth
              + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
              // Without it the connection stays open for the next request and reading to the end
              // would wait for the idle timeout (as long as this socket's own timeout).
              + "\r\nConnection: close\r\n\r\n"
              + Integer.toHexString(bytes.length)
              + "\r\n"
              + body
              + "\r\n0\r\n\r\n";
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static RequestSpecification as(String user) {
    return API.as(user);
  }

  @BeforeEach
  void users() {
    if (usersMade) {
      return;
    }
    usersMade = true;
    API.user(VIEWER, "viewer");
    API.user(OWNER, "operator");
    API.user(OTHER, "operator");
  }

  private static String finishedRun() {
    String id =
        API.startRun(OWNER, Map.of("architecture", "water-treatment-flat", "scenario", "wt-recon"));
    API.awaitFinished(VIEWER, id);
    return id;
  }

  @Test
  void aRunIsDeletedByItsOwnerWithItsArtifactsAndTheAuditLogSaysWhat() {
    String id = finishedRun();
    byte[] trace = as(VIEWER).get("/api/runs/" + id + "/trace").asByteArray();
    long stored = jobs.storedChars(id, "trace.jsonl").orElseThrow();
    System.out.printf(
        "otlab measure: trace of run %s: %d bytes served, %d chars stored (%.1f%%)%n",
        id, trace.length, stored, 100.0 * stored / trace.length);
    assertThat(stored).isLessThan(trace.length / 2);
    // The same bytes as put: every line a trace record.
    assertThat(new String(trace, StandardCharsets.UTF_8).lines())
        .isNotEmpty()
        .allMatch(l -> l.startsWith("{\"type\":\""));

    as(VIEWER).delete("/api/runs/" + id).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    as(OTHER)
        .delete("/api/runs/" + id)
        .then()
        .statusCode(403)
        .body("code", equalTo("FORBIDDEN"))
        .body("message", containsString(OWNER));
    as(OWNER)
        .delete("/api/runs/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("deleted", equalTo(true));
    as(VIEWER).get("/api/runs/" + id).then().statusCode(404);
    assertThat(jobs.artifactNames(id, "")).isEmpty();
    as(OWNER).delete("/api/runs/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    List<Map<String, Object>> audit = admin().get("/api/audit?limit=50").jsonPath().getList("");
    assertThat(audit)
        .anySatisfy(
            e -> {
              assertThat(e.get("action")).isEqualTo("DELETE run");
              assertThat(String.valueOf(e.get("target"))).isEqualTo(id);
              assertThat(String.valueOf(e.get("result")))
                  .contains("wt-recon", "artifacts", "by " + OWNER);
            });
  }

  @Test
  void aTraceStoredPlainBeforeCompressionIsServedTheSameAndCompactedAtStart() {
    String id = finishedRun();
    String trace = as(VIEWER).get("/api/runs/" + id + "/trace").asString();
    // The row as the service wrote it before migration V4: no encoding given, the body as it is.
    db.update("DELETE FROM artifacts WHERE job_id = ? AND name = ?", id, "trace.jsonl");
    db.update(
        "INSERT INTO artifacts (job_id, name, content_type, body, created_at) VALUES (?,?,?,?,?)",
        id,
        "trace.jsonl",
        "application/x-ndjson",
        trace,
        System.currentTimeMillis());
    assertThat(jobs.storedChars(id, "trace.jsonl")).contains((long) trace.length());
    assertThat(as(VIEWER).get("/api/runs/" + id + "/trace").asString()).isEqualTo(trace);
    long[] compacted = retention.compact();
    assertThat(compacted[0]).isPositive();
    assertThat(jobs.storedChars(id, "trace.jsonl").orElseThrow()).isLessThan(trace.length() / 2);
    assertThat(as(VIEWER).get("/api/runs/" + id + "/trace").asString()).isEqualTo(trace);
  }

  @Test
  void anAdminDeletesAnyoneSRunAndARunningJobIsRefused() {
    String id = finishedRun();
    admin().delete("/api/runs/" + id).then().statusCode(200);
    String eval =
        as(OWNER)
            .contentType(ContentType.JSON)
            // At real time this plays for hours: it is running or queued while the test asks.
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
    as(OWNER)
        .delete("/api/evaluations/" + eval)
        .then()
        .statusCode(409)
        .body("code", equalTo("JOB_ACTIVE"))
        .body("remedy", containsString("cancel"));
    as(OWNER).post("/api/evaluations/" + eval + "/cancel").then().statusCode(202);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> as(VIEWER).get("/api/evaluations/" + eval).path("status").equals("cancelled"));
    as(OWNER).delete("/api/evaluations/" + eval).then().statusCode(200);
    as(VIEWER).get("/api/evaluations/" + eval).then().statusCode(404);
  }

  @Test
  void retentionDeletesWhatEndedBeforeTheCutoffAndAuditsIt() {
    String id = finishedRun();
    long finished = jobs.find(id).orElseThrow().finished();
    // Jobs of other tests that ended earlier may go here; this one ended at, not before, the
    // cutoff.
    retention.purge(finished);
    assertThat(jobs.find(id)).isPresent();
    assertThat(retention.purge(finished + 1)).isPositive();
    assertThat(jobs.find(id)).isEmpty();
    assertThat(admin().get("/api/audit?limit=50").asString()).contains("retention", id);
  }

  @Test
  void anUploadIsDeletedByItsUploaderOrAnAdminUnlessASuiteNeedsIt() throws Exception {
    Path library =
        Path.of(System.getProperty("otlab.library").split(java.io.File.pathSeparator)[1]);
    String original = Files.readString(library.resolve("scenarios/cr-vendor-recon.yaml"));
    String id = "deletable-" + SUFFIX;
    as(OWNER)
        .contentType("application/yaml")
        .body(original.replaceFirst("(?m)^id: .*$", "id: " + id).getBytes(StandardCharsets.UTF_8))
        .post("/api/library/scenarios")
        .then()
        .statusCode(201);
    String suite = "needs-" + SUFFIX;
    as(OWNER)
        .contentType("application/yaml")
        .body(
            ("id: " + suite + "\ntitle: Needs it\ndescription: x\nscenarios:\n  - " + id + "\n")
                .getBytes(StandardCharsets.UTF_8))
        .post("/api/library/suites")
        .then()
        .statusCode(201);
    as(OTHER).delete("/api/library/scenarios/" + id).then().statusCode(403);
    as(OWNER)
        .delete("/api/library/scenarios/" + id)
        .then()
        .statusCode(409)
        .body("code", equalTo("UPLOAD_IN_USE"))
        .body("message", containsString(suite));
    as(OWNER).delete("/api/library/suites/" + suite).then().statusCode(200);
    admin().delete("/api/library/scenarios/" + id).then().statusCode(200);
    as(VIEWER).get("/api/library/scenarios/" + id).then().statusCode(404);
    assertThat(as(VIEWER).get("/api/library/scenarios").jsonPath().getList("id", String.class))
        .doesNotContain(id);
    // Shipped files are not uploads.
    admin()
        .delete("/api/library/scenarios/wt-recon")
        .then()
        .statusCode(404)
        .body("code", equalTo("NOT_FOUND"));
    assertThat(admin().get("/api/audit?limit=50").asString()).contains("DELETE upload", id);
  }

  @Test
  void bodiesAndParametersTheFrameworkRefusesGetTheErrorShape() throws java.io.IOException {
    for (String body : List.of("[1,2]", "\"x\"", "{\"architecture\": \"a\"} trailing", "{}{}")) {
      String answer =
          as(OWNER)
              .contentType(ContentType.JSON)
              .body(body)
              .post("/api/runs")
              .then()
              .statusCode(400)
              .body("code", equalTo("BODY_INVALID"))
              .body("remedy", containsString("JSON"))
              .extract()
              .asString();
      assertThat(answer).doesNotContain("at dev.otlab", "java.", "SELECT", "INSERT", "`");
    }
    byte[] huge = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    as(OWNER)
        .contentType(ContentType.JSON)
        .body(huge)
        .post("/api/runs")
        .then()
        .statusCode(413)
        .body("code", equalTo("REQUEST_ENTITY_TOO_LARGE"));
    // A body of unknown length (chunked) is refused before it is read, in the same shape.
    String chunked = chunkedPost("/api/runs", "{}");
    assertThat(chunked).startsWith("HTTP/1.1 400").contains("\"code\":\"BODY_LENGTH_REQUIRED\"");
    as(VIEWER)
        .get("/api/runs?limit=99999999999")
        .then()
        .statusCode(400)
        .body("code", equalTo("PARAMETER_INVALID"))
        .body("message", containsString("'limit'"))
        .body("message", containsString("1 to 1000"));
    admin()
        .get("/api/audit?limit=abc")
        .then()
        .statusCode(400)
        .body("code", equalTo("PARAMETER_INVALID"))
        .body("message", containsString("'limit'"))
        .body("message", containsString("1 to 10000"));
    // A path that does not exist is still 404.
    as(VIEWER).get("/api/nothing-here").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
  }
}
