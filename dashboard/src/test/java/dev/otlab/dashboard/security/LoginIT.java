package dev.otlab.dashboard.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Logins over HTTP: a flood of wrong passwords is throttled (429 with Retry-After, audited) while
 * another user still logs in; unknown names and wrong passwords answer alike; user names ignore
 * case; the password policy and the audit notes of user changes. Floods come from 127.0.0.2 and
 * 127.0.0.3 ({@link PlainHttp}), so the address the other tests use is never throttled.
 */
@QuarkusTest
class LoginIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String PASSWORD = "violet-harbour-" + SUFFIX;

  @TestHTTPResource("/")
  URL base;

  private static RequestSpecification admin() {
    return given()
        .auth()
        .preemptive()
        .basic("admin", ConfigProvider.getConfig().getValue("otlab.admin.password", String.class));
  }

  private static void create(String user, String role) {
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", user, "password", PASSWORD, "role", role))
        .post("/api/users")
        .then()
        .statusCode(201);
  }

  private static List<Map<String, Object>> audit() {
    return admin().get("/api/audit?limit=2000").jsonPath().getList("");
  }

  @Test
  void aFloodOfWrongPasswordsIsRefusedBeforeHashingWhileAnotherUserLogsIn() throws Exception {
    String victim = "victim-" + SUFFIX;
    String bystander = "bystander-" + SUFFIX;
    create(victim, "viewer");
    create(bystander, "viewer");
    int port = base.getPort();

    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<List<PlainHttp.Answer>>> clients = new ArrayList<>();
    long started = System.nanoTime();
    try {
      for (int c = 0; c < 16; c++) {
        int client = c;
        clients.add(
            pool.submit(
                () -> {
                  List<PlainHttp.Answer> out = new ArrayList<>();
                  for (int i = 0; i < 10; i++) {
                    out.add(
                        PlainHttp.get(
                            "127.0.0.2", port, "/api/me", victim, "guess-" + client + "-" + i));
                  }
                  return out;
                }));
      }
      // During the flood, a user who has not logged in before does, with a full password check.
      given()
          .auth()
          .preemptive()
          .basic(bystander, PASSWORD)
          .get("/api/me")
          .then()
          .statusCode(200)
          .body("user", equalTo(bystander));
      List<PlainHttp.Answer> answers = new ArrayList<>();
      for (Future<List<PlainHttp.Answer>> f : clients) {
        answers.addAll(f.get());
      }
      double seconds = (System.nanoTime() - started) / 1e9;

      List<PlainHttp.Answer> checked = answers.stream().filter(a -> a.status() == 401).toList();
      List<PlainHttp.Answer> refused = answers.stream().filter(a -> a.status() == 429).toList();
      assertThat(checked.size() + refused.size()).as("only 401 and 429").isEqualTo(160);
      // Five free failures, then blocks of 1, 2, 4, ... s with one check after each: within the
      // flood's duration at most this many checks can have run.
      int bound = 5 + 1 + (int) Math.ceil(Math.log(seconds + 1) / Math.log(2));
      assertThat(checked.size()).as("password checks in %.1f s", seconds).isBetween(5, bound);
      PlainHttp.Answer r = refused.get(0);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.body()).contains("\"code\":\"LOGIN_THROTTLED\"").contains("\"status\":429");
      for (PlainHttp.Answer a : refused) {
        assertThat(Long.parseLong(a.header("Retry-After"))).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }

    List<Map<String, Object>> audit = audit();
    assertThat(audit)
        .anySatisfy(
            e -> {
              assertThat(e.get("user")).isEqualTo(victim);
              assertThat(e.get("action")).isEqualTo("login");
              assertThat(e.get("target")).isEqualTo("127.0.0.2");
              assertThat(e.get("result")).isEqualTo("401 wrong password");
            })
        .anySatisfy(
            e -> {
              assertThat(e.get("user")).isEqualTo(victim);
              assertThat(e.get("target")).isEqualTo("127.0.0.2");
              assertThat((String) e.get("result")).startsWith("user blocked for ");
            });
    assertThat(audit.toString()).doesNotContain("guess-");

    // Once the block has passed, the right password works and forgets the failures: the next
    // wrong one is checked (401), not refused.
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> PlainHttp.get("127.0.0.4", port, "/api/me", victim, PASSWORD).status() == 200);
    assertThat(PlainHttp.get("127.0.0.4", port, "/api/me", victim, "one-more-guess").status())
        .isEqualTo(401);
  }

  @Test
  void anUnknownUserAndAWrongPasswordGetTheSameAnswer() throws Exception {
    String known = "known-" + SUFFIX;
    create(known, "viewer");
    int port = base.getPort();
    PlainHttp.Answer wrong = PlainHttp.get("127.0.0.3", port, "/api/me", known, "not-it-at-all");
    PlainHttp.Answer unknown =
        PlainHttp.get("127.0.0.3", port, "/api/me", "nobody-" + SUFFIX, "not-it-at-all");
    assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(wrong.body());
    assertThat(unknown.header("WWW-Authenticate")).isEqualTo(wrong.header("WWW-Authenticate"));
    assertThat(audit())
        .anySatisfy(
            e -> {
              assertThat(e.get("user")).isEqualTo("nobody-" + SUFFIX);
              assertThat(e.get("target")).isEqualTo("127.0.0.3");
              assertThat(e.get("result")).isEqualTo("401 unknown user");
            });
  }

  @Test
  void userNamesIgnoreCase() {
    String mixed = "Case-" + SUFFIX;
    String lower = mixed.toLowerCase(java.util.Locale.ROOT);
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", mixed, "password", PASSWORD, "role", "viewer"))
        .post("/api/users")
        .then()
        .statusCode(201)
        .body("username", equalTo(lower));
    admin()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "username",
                mixed.toUpperCase(java.util.Locale.ROOT),
                "password",
                PASSWORD,
                "role",
                "admin"))
        .post("/api/users")
        .then()
        .statusCode(409)
        .body("code", equalTo("USER_EXISTS"));
    given()
        .auth()
        .preemptive()
        .basic(mixed.toUpperCase(java.util.Locale.ROOT), PASSWORD)
        .get("/api/me")
        .then()
        .statusCode(200)
        .body("user", equalTo(lower));
  }

  @Test
  void newPasswordsAreHeldToThePolicyWithAMessageSayingWhatToChange() {
    String user = "policy-" + SUFFIX;
    for (String[] bad :
        new String[][] {
          {"          ", "one character repeated"},
          {"Policy-" + SUFFIX + "!", "contains the user name"},
          {"Password2024!", "common password"},
          {"short", "shorter than 10"},
        }) {
      admin()
          .contentType(ContentType.JSON)
          .body(Map.of("username", user, "password", bad[0], "role", "viewer"))
          .post("/api/users")
          .then()
          .statusCode(400)
          .body("code", equalTo("PASSWORD_WEAK"))
          .body("message", containsString(bad[1]))
          .body("remedy", containsString("at least 5 different"));
    }
    create(user, "viewer");
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("password", "qwertyuiop"))
        .put("/api/users/" + user + "/password")
        .then()
        .statusCode(400)
        .body("message", containsString("most common"));
    given()
        .auth()
        .preemptive()
        .basic(user, PASSWORD)
        .contentType(ContentType.JSON)
        .body(Map.of("current", PASSWORD, "password", "1234567890"))
        .put("/api/me/password")
        .then()
        .statusCode(400)
        .body("code", equalTo("PASSWORD_WEAK"));
  }

  @Test
  void theAuditSaysWhichUserWasCreatedChangedAndDeletedByWhomAndNeverThePassword() {
    String user = "audited-" + SUFFIX;
    create(user, "viewer");
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("role", "operator"))
        .put("/api/users/" + user + "/role")
        .then()
        .statusCode(200)
        .body("role", equalTo("operator"));
    given()
        .auth()
        .preemptive()
        .basic(user, PASSWORD)
        .get("/api/me")
        .then()
        .body("roles", equalTo(List.of("viewer", "operator")));
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("role", "viewer"))
        .put("/api/users/admin/role")
        .then()
        .statusCode(409)
        .body("code", equalTo("USER_SELF"));
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("password", "reset-" + PASSWORD))
        .put("/api/users/" + user + "/password")
        .then()
        .statusCode(204);
    admin().delete("/api/users/" + user.toUpperCase(java.util.Locale.ROOT)).then().statusCode(204);

    List<Map<String, Object>> audit = audit();
    assertThat(audit.toString()).doesNotContain(PASSWORD);
    for (String[] change :
        new String[][] {
          {"POST", "/api/users", "201 created user '" + user + "' with role viewer"},
          {
            "PUT",
            "/api/users/" + user + "/role",
            "200 changed the role of '" + user + "' from viewer to operator"
          },
          {"PUT", "/api/users/" + user + "/password", "204 reset the password of '" + user + "'"},
          {
            "DELETE",
            "/api/users/" + user.toUpperCase(java.util.Locale.ROOT),
            "204 deleted user '" + user + "' (role operator)"
          },
        }) {
      assertThat(audit)
          .as("%s %s", change[0], change[1])
          .anySatisfy(
              e -> {
                assertThat(e.get("user")).isEqualTo("admin");
                assertThat(e.get("action")).isEqualTo(change[0]);
                assertThat(e.get("target")).isEqualTo(change[1]);
                assertThat(e.get("result")).isEqualTo(change[2]);
              });
    }
  }
}
