package dev.otlab.dashboard.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge as a client sees it: login sessions with their cookie and CSRF token, HTTP Basic
 * beside them, the origin and content-type checks on state-changing requests, the security and
 * caching headers, the content-hashed UI files and the metrics behind the admin role.
 */
@QuarkusTest
class WebEdgeIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

  @TestHTTPResource("/")
  URL base;

  private static String adminPassword() {
    return ConfigProvider.getConfig().getValue("otlab.admin.password", String.class);
  }

  private static RequestSpecification admin() {
    return given().auth().preemptive().basic("admin", adminPassword());
  }

  /** This service's own origin, as a browser on its page would send it. */
  private String self() {
    return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
  }

  private record Login(String cookie, String token) {}

  private static Login login() {
    Response r =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("username", "admin", "password", adminPassword()))
            .post("/api/session");
    r.then().statusCode(200).body("user", equalTo("admin")).body("roles", hasItem("admin"));
    String setCookie = r.getHeader("Set-Cookie");
    assertThat(setCookie)
        .startsWith(Sessions.COOKIE + "=")
        .contains("HttpOnly", "SameSite=Strict", "Path=/")
        // The test talks plain http; Secure is added over https only.
        .doesNotContain("Secure");
    return new Login(r.getCookie(Sessions.COOKIE), r.jsonPath().getString("csrfToken"));
  }

  private static Map<String, Object> newUser(String name) {
    return Map.of("username", name, "password", "a-long-password-" + SUFFIX, "role", "admin");
  }

  private static List<String> userNames() {
    return admin().get("/api/users").jsonPath().getList("username", String.class);
  }

  @Test
  void aSessionNeedsItsCsrfTokenForChangesAndEndsAtLogout() {
    Login s = login();
    // Reading needs only the cookie; GET /api/session hands the token back after a reload.
    given()
        .cookie(Sessions.COOKIE, s.cookie())
        .get("/api/session")
        .then()
        .statusCode(200)
        .body("user", equalTo("admin"))
        .body("csrfToken", equalTo(s.token()));
    given().cookie(Sessions.COOKIE, s.cookie()).get("/api/me").then().statusCode(200);

    String noToken = "no-token-" + SUFFIX;
    given()
        .cookie(Sessions.COOKIE, s.cookie())
        .contentType(ContentType.JSON)
        .body(newUser(noToken))
        .post("/api/users")
        .then()
        .statusCode(403)
        .body("code", equalTo("CSRF_TOKEN_INVALID"));
    given()
        .cookie(Sessions.COOKIE, s.cookie())
        .header(Sessions.CSRF_HEADER, s.token() + "x")
        .contentType(ContentType.JSON)
        .body(newUser(noToken))
        .post("/api/users")
        .then()
        .statusCode(403)
        .body("code", equalTo("CSRF_TOKEN_INVALID"));
    assertThat(userNames()).doesNotContain(noToken);

    String withToken = "with-token-" + SUFFIX;
    given()
        .cookie(Sessions.COOKIE, s.cookie())
        .header(Sessions.CSRF_HEADER, s.token())
        .header("Origin", self())
        .header("Sec-Fetch-Site", "same-origin")
        .contentType(ContentType.JSON)
        .body(newUser(withToken))
        .post("/api/users")
        .then()
        .statusCode(201);
    assertThat(userNames()).contains(withToken);

    given()
        .cookie(Sessions.COOKIE, s.cookie())
        .header(Sessions.CSRF_HEADER, s.token())
        .delete("/api/session")
        .then()
        .statusCode(204)
        .header("Set-Cookie", org.hamcrest.Matchers.containsString("Max-Age=0"));
    given()
        .cookie(Sessions.COOKIE, s.cookie())
        .header("X-Requested-With", "XMLHttpRequest")
        .get("/api/session")
        .then()
        .statusCode(401)
        .body("code", equalTo("UNAUTHORIZED"));
  }

  @Test
  void aNewLoginEndsTheSessionTheBrowserHad() {
    Login first = login();
    Response r =
        given()
            .cookie(Sessions.COOKIE, first.cookie())
            .contentType(ContentType.JSON)
            .body(Map.of("username", "admin", "password", adminPassword()))
            .post("/api/session");
    r.then().statusCode(200);
    assertThat(r.getCookie(Sessions.COOKIE)).isNotEqualTo(first.cookie());
    given()
        .cookie(Sessions.COOKIE, first.cookie())
        .header("X-Requested-With", "XMLHttpRequest")
        .get("/api/session")
        .then()
        .statusCode(401);
    given()
        .cookie(Sessions.COOKIE, r.getCookie(Sessions.COOKIE))
        .get("/api/session")
        .then()
        .statusCode(200);
  }

  @Test
  void aPasswordResetEndsTheUsersSessions() {
    String name = "reset-" + SUFFIX;
    String password = "a-long-password-" + SUFFIX;
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", name, "password", password, "role", "viewer"))
        .post("/api/users")
        .then()
        .statusCode(201);
    Response r =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("username", name, "password", password))
            .post("/api/session");
    r.then().statusCode(200).body("user", equalTo(name));
    String cookie = r.getCookie(Sessions.COOKIE);
    given().cookie(Sessions.COOKIE, cookie).get("/api/me").then().statusCode(200);
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("password", "another-long-password-" + SUFFIX))
        .put("/api/users/" + name + "/password")
        .then()
        .statusCode(204);
    given()
        .cookie(Sessions.COOKIE, cookie)
        .header("X-Requested-With", "XMLHttpRequest")
        .get("/api/me")
        .then()
        .statusCode(401);
  }

  @Test
  void aWrongPasswordGetsNoSession() {
    Response r =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("username", "admin", "password", "wrong-" + SUFFIX))
            .post("/api/session");
    r.then().statusCode(401).body("code", equalTo("LOGIN_FAILED"));
    assertThat(r.getHeader("Set-Cookie")).isNull();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", "admin"))
        .post("/api/session")
        .then()
        .statusCode(400)
        .body("code", equalTo("BODY_INVALID"));
  }

  @Test
  void basicNeedsNoTokenButForeignOriginsAreRefused() {
    String script = "script-" + SUFFIX;
    // A script: no Origin, no Sec-Fetch-Site, no token.
    admin()
        .contentType(ContentType.JSON)
        .body(newUser(script))
        .post("/api/users")
        .then()
        .statusCode(201);
    // A page on the same host but another port is another origin; so is another site.
    String otherPort = base.getProtocol() + "://" + base.getHost() + ":" + (base.getPort() + 1);
    for (String origin : List.of(otherPort, "http://evil.example", "null")) {
      String name = "foreign-" + Math.abs(origin.hashCode()) + "-" + SUFFIX;
      admin()
          .header("Origin", origin)
          .contentType(ContentType.JSON)
          .body(newUser(name))
          .post("/api/users")
          .then()
          .statusCode(403)
          .body("code", equalTo("CROSS_ORIGIN_REFUSED"))
          .body("message", org.hamcrest.Matchers.containsString(origin));
      assertThat(userNames()).doesNotContain(name);
    }
    for (String site : List.of("same-site", "cross-site")) {
      admin()
          .header("Sec-Fetch-Site", site)
          .contentType(ContentType.JSON)
          .body(newUser("site-" + site + "-" + SUFFIX))
          .post("/api/users")
          .then()
          .statusCode(403)
          .body("code", equalTo("CROSS_ORIGIN_REFUSED"));
    }
    // A login from another origin (login CSRF) is refused the same way.
    given()
        .header("Origin", otherPort)
        .contentType(ContentType.JSON)
        .body(Map.of("username", "admin", "password", adminPassword()))
        .post("/api/session")
        .then()
        .statusCode(403)
        .body("code", equalTo("CROSS_ORIGIN_REFUSED"));
    // Reading is never refused for its origin: the browser's same-origin policy guards answers.
    admin().header("Origin", otherPort).get("/api/me").then().statusCode(200);
  }

  @Test
  void bodiesNeedTheExactContentType() {
    String yaml = "id: ct-" + SUFFIX + "\ntitle: x\n";
    // An HTML form can send text/plain; the upload takes YAML types only.
    admin()
        .contentType("text/plain")
        .body(yaml)
        .post("/api/library/scenarios")
        .then()
        .statusCode(415)
        .body("status", equalTo(415))
        .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
        .body("remedy", org.hamcrest.Matchers.containsString("application/yaml"));
    admin()
        .contentType("application/x-www-form-urlencoded")
        .body("a=b")
        .post("/api/library/scenarios")
        .then()
        .statusCode(415)
        .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    // JSON endpoints: text/plain is the framework's own 415, in the same shape.
    admin()
        .contentType("text/plain")
        .body("{\"username\":\"x\"}")
        .post("/api/users")
        .then()
        .statusCode(415)
        .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    // A body with no Content-Type at all.
    String untyped = "untyped-" + SUFFIX;
    admin()
        .body(
            ("{\"username\":\""
                    + untyped
                    + "\",\"password\":\"a-long-password-1\",\"role\":\"viewer\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/api/users")
        .then()
        .statusCode(415)
        .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    assertThat(userNames()).doesNotContain(untyped);
    // JSON with a charset parameter is JSON.
    admin()
        .contentType("application/json; charset=utf-8")
        .body(Map.of("username", "x"))
        .post("/api/runs")
        .then()
        .statusCode(not(equalTo(415)));
  }

  private static void securityHeaders(Response r) {
    r.then()
        .header(
            "Content-Security-Policy",
            org.hamcrest.Matchers.containsString("frame-ancestors 'none'"))
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer");
  }

  @Test
  void everyAnswerHasTheSecurityHeaders() {
    Response index = given().get("/");
    index.then().statusCode(200).header("Cache-Control", "no-cache");
    securityHeaders(index);
    String policy = index.getHeader("Content-Security-Policy");
    assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval");
    // No inline script anywhere in the page, so the policy breaks nothing.
    assertThat(index.asString())
        .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
        .doesNotContain(" onclick=");

    Response api = admin().get("/api/me");
    securityHeaders(api);
    api.then().header("Cache-Control", "no-store");
    assertThat(api.getHeader("Content-Security-Policy")).contains("default-src 'none'");

    Response error = given().get("/api/no-such-thing");
    error.then().statusCode(404).header("Cache-Control", "no-store");
    securityHeaders(error);
    Response unauthorized = given().get("/api/runs");
    unauthorized.then().statusCode(401).header("Cache-Control", "no-store");
    securityHeaders(unauthorized);

    Response css = given().get("/css/app.css");
    css.then().statusCode(200).header("Cache-Control", "no-cache");
    securityHeaders(css);
    Response uplot = given().get("/webjars/uplot/1.6.30/dist/uPlot.min.css");
    uplot
        .then()
        .statusCode(200)
        .header("Cache-Control", org.hamcrest.Matchers.containsString("immutable"));
    securityHeaders(uplot);
    securityHeaders(given().get("/q/health"));
  }

  @Test
  void theUiFilesAreContentHashedAndCachedForGood() {
    String html =
        given()
            .get("/index.html")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-cache")
            .extract()
            .asString();
    Matcher m = Pattern.compile("src=\"/v/([0-9a-f]{16})/js/app\\.js\"").matcher(html);
    assertThat(m.find()).as("index.html loads app.js from a hashed path: %s", html).isTrue();
    String version = m.group(1);
    assertThat(html).contains("href=\"/v/" + version + "/css/app.css\"");
    Response app = given().get("/v/" + version + "/js/app.js");
    app.then()
        .statusCode(200)
        .contentType(org.hamcrest.Matchers.startsWith("text/javascript"))
        .header("Cache-Control", "public, max-age=31536000, immutable");
    securityHeaders(app);
    // A module it imports resolves under the same version.
    assertThat(app.asString()).contains("from './api.js'");
    given()
        .get("/v/" + version + "/js/api.js")
        .then()
        .statusCode(200)
        .header("Cache-Control", org.hamcrest.Matchers.containsString("immutable"));
    // Another version (a stale page) or an unknown file: not found, never stored.
    given()
        .get("/v/0000000000000000/js/app.js")
        .then()
        .statusCode(404)
        .header("Cache-Control", "no-store");
    given().get("/v/" + version + "/js/nothing.js").then().statusCode(404);
    given().get("/v/" + version + "/../index.html").then().statusCode(not(equalTo(200)));
    // The unversioned path still works, revalidated on every use.
    given()
        .get("/js/app.js")
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-cache")
        .header("Cache-Control", not(org.hamcrest.Matchers.containsString("immutable")));
  }

  @Test
  void metricsNeedTheAdminRole() {
    given().get("/q/metrics").then().statusCode(401);
    String viewer = "metrics-viewer-" + SUFFIX;
    admin()
        .contentType(ContentType.JSON)
        .body(Map.of("username", viewer, "password", "a-long-password-" + SUFFIX, "role", "viewer"))
        .post("/api/users")
        .then()
        .statusCode(201);
    given()
        .auth()
        .preemptive()
        .basic(viewer, "a-long-password-" + SUFFIX)
        .get("/q/metrics")
        .then()
        .statusCode(403);
    admin()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("otlab_jobs_active"));
    // A logged-in admin session reads them too.
    Login s = login();
    given()
        .cookie(Sessions.COOKIE, s.cookie())
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store");
    // The health check stays open for container runtimes and load balancers.
    given().get("/q/health").then().statusCode(200).header("WWW-Authenticate", nullValue());
  }
}
