package dev.otlab.dashboard.api;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the API tests share: requests as the admin or as a test's users, making those users, and
 * starting a run (or evaluation) and waiting for it to finish. A test class makes its users with
 * one password, the kit's.
 */
public final class ApiKit {

  /** A bound for a short run to finish: it only turns a hang into a failure. */
  public static final Duration RUN_BOUND = Duration.ofMinutes(3);

  private final String password;

  public ApiKit(String password) {
    this.password = password;
  }

  /** A request; uploads are sent as application/yaml, a type RestAssured must be told is text. */
  public static RequestSpecification given() {
    return RestAssured.given()
        .config(
            RestAssured.config()
                .encoderConfig(
                    EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/yaml", ContentType.TEXT)));
  }

  /** A request as the admin. */
  public static RequestSpecification admin() {
    return given()
        .auth()
        .preemptive()
        .basic("admin", ConfigProvider.getConfig().getValue("otlab.admin.password", String.class));
  }

  /** A request as {@code user}, one of the test's users. */
  public RequestSpecification as(String user) {
    return given().auth().preemptive().basic(user, password);
  }

  /** Makes {@code user} with {@code role} (viewer, operator, admin), as the admin. */
  public void user(String user, String role) {
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", user, "password", password, "role", role))
        .post("/api/users")
        .then()
        .statusCode(201);
  }

  /**
   * Starts a job as {@code user}: {@code body} posted to {@code /api/runs} or {@code
   * /api/evaluations} ({@code kind}); the accepted (202) answer, for a test to check more of.
   */
  public ValidatableResponse started(String user, String kind, Map<String, ?> body) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/" + kind)
        .then()
        .statusCode(202);
  }

  /** Starts a job as {@code user} (see {@link #started}); its id. */
  public String start(String user, String kind, Map<String, ?> body) {
    return started(user, kind, body).extract().path("id");
  }

  /** Starts a run as {@code user}; its id. */
  public String startRun(String user, Map<String, ?> body) {
    return start(user, "runs", body);
  }

  /** Waits, asking as {@code user}, until the run has finished. */
  public void awaitFinished(String user, String runId) {
    await()
        .atMost(RUN_BOUND)
        .until(() -> as(user).get("/api/runs/" + runId).path("status").equals("finished"));
  }

  /** Uploads a library file of a kind ({@code suites}, {@code sweeps}, ...) as {@code user}. */
  public void upload(String user, String kind, String yaml) {
    as(user)
        .contentType("application/yaml")
        .body(yaml)
        .post("/api/library/" + kind)
        .then()
        .statusCode(201);
  }

  /** Waits, asking as {@code user}, until the job at {@code /api/KIND/ID} has ended; its status. */
  public String awaitEnded(String user, String kind, String id) {
    String[] status = new String[1];
    await()
        .atMost(RUN_BOUND)
        .until(
            () -> {
              status[0] = as(user).get("/api/" + kind + "/" + id).path("status");
              return !status[0].equals("queued") && !status[0].equals("running");
            });
    return status[0];
  }
}
