package dev.otlab.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The audit log's filters and pages: who, which action, when, what text, and older entries. */
@QuarkusTest
class AuditApiIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

  private static RequestSpecification admin() {
    return RestAssured.given()
        .auth()
        .preemptive()
        .basic("admin", ConfigProvider.getConfig().getValue("otlab.admin.password", String.class));
  }

  /** The audit entries for query parameters given as "name=value" pairs joined by '&'. */
  private static List<Map<String, Object>> audit(String query) {
    RequestSpecification r = admin();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      r = r.queryParam(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return r.get("/api/audit").then().statusCode(200).extract().jsonPath().getList("");
  }

  @Test
  void filtersSelectByUserActionTimeAndTextAndPagesGoBackInTime() {
    String who = "audited-" + SUFFIX;
    String password = "a-long-password-" + SUFFIX;
    Instant before = Instant.now().minusSeconds(1);
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", who, "password", password, "role", "viewer"))
        .post("/api/users")
        .then()
        .statusCode(201);
    // The new user makes three refused changes of their own.
    for (int i = 0; i < 3; i++) {
      RestAssured.given()
          .auth()
          .preemptive()
          .basic(who, password)
          .delete("/api/runs/no-such-run-" + i)
          .then()
          .statusCode(403);
    }

    // Their entries: the first password check (a login) and the three refusals.
    assertThat(audit("user=" + who.toUpperCase(Locale.ROOT)))
        .allSatisfy(e -> assertThat(e.get("user")).isEqualTo(who))
        .extracting(e -> e.get("action"))
        .contains("login", "DELETE")
        .containsOnly("login", "DELETE");
    List<Map<String, Object>> mine = audit("user=" + who + "&action=delete");
    assertThat(mine).hasSize(3);
    // Newest first, ids falling.
    assertThat(mine.get(0).get("target")).isEqualTo("/api/runs/no-such-run-2");
    long newest = ((Number) mine.get(0).get("id")).longValue();
    long oldest = ((Number) mine.get(2).get("id")).longValue();
    assertThat(newest).isGreaterThan(oldest);

    // A page of one, then the next page older than it.
    List<Map<String, Object>> page1 = audit("user=" + who + "&action=DELETE&limit=1");
    assertThat(page1).extracting(e -> e.get("target")).containsExactly("/api/runs/no-such-run-2");
    List<Map<String, Object>> page2 =
        audit("user=" + who + "&action=DELETE&limit=2&before=" + page1.get(0).get("id"));
    assertThat(page2)
        .extracting(e -> e.get("target"))
        .containsExactly("/api/runs/no-such-run-1", "/api/runs/no-such-run-0");

    // The text filter searches target and result without regard to case; % is no wildcard.
    assertThat(audit("text=NO-SUCH-RUN-1&user=" + who))
        .extracting(e -> e.get("target"))
        .containsExactly("/api/runs/no-such-run-1");
    assertThat(audit("text=created user '" + who + "'"))
        .singleElement()
        .satisfies(e -> assertThat(e.get("action")).isEqualTo("POST"));
    assertThat(audit("text=%" + SUFFIX)).isEmpty();

    // An action matches as a whole word at the start: POST is not PO.
    assertThat(audit("action=post&text=" + who)).hasSize(1);
    assertThat(audit("action=PO&text=" + who)).isEmpty();

    // A time range: everything since before; nothing in an hour that has not come yet.
    String refusals = "&user=" + who + "&action=DELETE";
    assertThat(audit("from=" + before + refusals)).hasSize(3);
    Instant later = Instant.now().plusSeconds(3600);
    assertThat(audit("from=" + later + refusals)).isEmpty();
    assertThat(audit("from=" + before + "&to=" + before.plusMillis(1) + refusals)).isEmpty();
    assertThat(audit("to=" + later + refusals)).hasSize(3);
  }

  @Test
  void badFiltersAreRefusedWithCodesThatSayWhatToFix() {
    admin()
        .get("/api/audit?from=yesterday")
        .then()
        .statusCode(400)
        .body("code", equalTo("AUDIT_TIME_INVALID"))
        .body("message", containsString("from 'yesterday'"))
        .body("remedy", containsString("2026-01-31T08:00:00Z"));
    admin()
        .get("/api/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")
        .then()
        .statusCode(400)
        .body("code", equalTo("AUDIT_TIME_INVALID"))
        .body("message", containsString("is after to"));
    admin()
        .get("/api/audit?text=" + "x".repeat(201))
        .then()
        .statusCode(400)
        .body("code", equalTo("AUDIT_FILTER_INVALID"))
        .body("message", containsString("text is longer than 200"));
    admin()
        .get("/api/audit?before=0")
        .then()
        .statusCode(400)
        .body("code", equalTo("AUDIT_FILTER_INVALID"));
    admin()
        .get("/api/audit?before=x")
        .then()
        .statusCode(400)
        .body("code", equalTo("PARAMETER_INVALID"));
    admin().get("/api/audit?limit=0").then().statusCode(400).body("code", equalTo("LIMIT_INVALID"));
    RestAssured.given()
        .get("/api/audit?user=admin")
        .then()
        .statusCode(401)
        .body("code", equalTo("UNAUTHORIZED"));
  }
}
