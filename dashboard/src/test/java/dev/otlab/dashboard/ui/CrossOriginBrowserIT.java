package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.HttpCredentials;
import com.sun.net.httpserver.HttpServer;
import dev.otlab.testkit.RequiresChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-site request forgery in a real browser: the victim is logged in to the dashboard (by the
 * web UI's session, or by HTTP Basic credentials the browser answers challenges with), and a page
 * of another origin, served by a second small HTTP server on loopback, tries an upload with an
 * ordinary {@code <form enctype="text/plain">}, the same form creating an admin user, and script
 * fetches doing the same. Every attempt must be refused and nothing may be created.
 *
 * <p>The session victim meets the attacker on the same host at another port: the same site, so the
 * browser even sends the SameSite=Strict cookie, and only the origin check stands in the way.
 */
@QuarkusTest
@RequiresChromium
class CrossOriginBrowserIT {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static @Nullable Playwright playwright;
  private static @Nullable Browser browser;
  private static @Nullable HttpServer attacker;
  private static volatile String attackerPage = "";

  @TestHTTPResource("/")
  URL base;

  @BeforeAll
  static void start() throws IOException {
    playwright = Chromium.playwright();
    browser = Chromium.launch(playwright);
    // The attacker's site: one page, whatever is asked for.
    attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    attacker.createContext(
        "/",
        exchange -> {
          byte[] body = attackerPage.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    attacker.start();
  }

  @AfterAll
  static void stop() {
    if (attacker != null) {
      attacker.stop(0);
    }
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  private static String adminPassword() {
    return ConfigProvider.getConfig().getValue("otlab.admin.password", String.class);
  }

  private String victim() {
    String b = base.toString();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  /** A valid scenario upload, which the service would store if the request got through. */
  private static String scenario(String id) throws IOException {
    Path library = Path.of(System.getProperty("otlab.library").split(File.pathSeparator)[1]);
    return Files.readString(library.resolve("scenarios/cr-vendor-recon.yaml"))
        .replaceFirst("(?m)^id: .*$", "id: " + id);
  }

  /**
   * The attacker's page. A text/plain form sends "name=value\r\n": the YAML goes in the name and
   * ends in a comment that swallows the "="; the user's JSON is split around it.
   */
  private String page(String scenarioId, String userName) throws IOException {
    String user =
        JSON.writeValueAsString(
            Map.of("username", userName, "password", "a-long-password-" + SUFFIX, "role", "admin"));
    String userHead = user.substring(0, user.length() - 1) + ",\"pad\":\"";
    String v = victim();
    return "<!doctype html><html><head><title>free prizes</title></head><body>\n"
        + "<form id=\"upload\" method=\"POST\" enctype=\"text/plain\" action=\""
        + v
        + "/api/library/scenarios\"></form>\n"
        + "<form id=\"user\" method=\"POST\" enctype=\"text/plain\" action=\""
        + v
        + "/api/users\"></form>\n"
        + "<script>\n"
        + "function field(form, name, value) {\n"
        + "  const i = document.createElement('input');\n"
        + "  i.type = 'hidden'; i.name = name; i.value = value;\n"
        + "  document.getElementById(form).append(i);\n"
        + "}\n"
        + "field('upload', "
        + JSON.writeValueAsString(scenario(scenarioId) + "\n# ")
        + ", '');\n"
        + "field('user', "
        + JSON.writeValueAsString(userHead)
        + ", '\"}');\n"
        + "window.attackWithFetch = async () => {\n"
        + "  const out = [];\n"
        + "  const body = "
        + JSON.writeValueAsString(user)
        + ";\n"
        + "  try {\n"
        + "    await fetch('"
        + v
        + "/api/users', {method: 'POST', mode: 'no-cors', credentials: 'include',"
        + " headers: {'Content-Type': 'text/plain'}, body});\n"
        + "    out.push('no-cors sent');\n"
        + "  } catch (e) { out.push('no-cors failed'); }\n"
        + "  try {\n"
        + "    const r = await fetch('"
        + v
        + "/api/users', {method: 'POST', credentials: 'include',"
        + " headers: {'Content-Type': 'application/json'}, body});\n"
        + "    out.push('cors ' + r.status);\n"
        + "  } catch (e) { out.push('cors blocked'); }\n"
        + "  return out.join(', ');\n"
        + "};\n"
        + "</script></body></html>\n";
  }

  private static String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(("admin:" + adminPassword()).getBytes(StandardCharsets.UTF_8));
  }

  /** What the service holds, asked by a script with Basic credentials. */
  private String get(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(victim() + path))
                    .header("Authorization", basic())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private void attack(BrowserContext context, String attackerHost, String tag) throws Exception {
    String scenarioId = "csrf-upload-" + tag + "-" + SUFFIX;
    String userName = "csrf-admin-" + tag + "-" + SUFFIX;
    attackerPage = page(scenarioId, userName);
    String origin = "http://" + attackerHost + ":" + attacker().getAddress().getPort();
    assertThat(origin).isNotEqualTo(victim());

    List<String> answers = new CopyOnWriteArrayList<>();
    Page page = context.newPage();
    page.onResponse(
        r -> {
          if (r.url().startsWith(victim()) && !r.request().method().equals("GET")) {
            answers.add(
                r.request().method()
                    + " "
                    + r.url()
                    + " "
                    + r.status()
                    + " cors="
                    + r.headers().get("access-control-allow-origin"));
          }
        });

    for (String form : List.of("upload", "user")) {
      page.navigate(origin + "/");
      Response r =
          page.waitForResponse(
              x -> x.url().startsWith(victim()) && x.request().method().equals("POST"),
              () -> page.evaluate("document.getElementById('" + form + "').submit()"));
      assertThat(r.status()).as("the %s form from %s", form, origin).isEqualTo(403);
      assertThat(r.text()).contains("CROSS_ORIGIN_REFUSED");
    }

    page.navigate(origin + "/");
    Object fetched = page.evaluate("attackWithFetch()");
    // The JSON fetch needs a CORS preflight the service never grants, so it is never sent.
    assertThat(String.valueOf(fetched)).contains("no-cors sent", "cors blocked");

    assertThat(answers).isNotEmpty();
    for (String a : answers) {
      if (a.startsWith("POST")) {
        assertThat(a).contains(" 403 ");
      } else {
        // The preflight of the JSON fetch: answered, but never with a CORS grant.
        assertThat(a).startsWith("OPTIONS").endsWith(" cors=null");
      }
    }
    assertThat(get("/api/users")).doesNotContain(userName);
    assertThat(get("/api/library/scenarios")).doesNotContain(scenarioId);
    page.close();
  }

  private static HttpServer attacker() {
    if (attacker == null) {
      throw new IllegalStateException("the attacker's server did not start");
    }
    return attacker;
  }

  private static Browser browser() {
    if (browser == null) {
      throw new IllegalStateException("the browser did not start");
    }
    return browser;
  }

  @Test
  void aPageOnAnotherPortCannotActForALoggedInUser() throws Exception {
    try (BrowserContext context = browser().newContext()) {
      context.setDefaultTimeout(60_000);
      Page ui = context.newPage();
      ui.navigate(base.toString());
      ui.getByLabel("User name").fill("admin");
      ui.getByLabel("Password").fill(adminPassword());
      ui.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      assertThat(ui.getByTestId("whoami")).containsText("admin");
      // Same host, another port: the same site, so even the SameSite=Strict cookie goes along.
      attack(context, base.getHost(), "session");
      // The victim's own tab still works: the refusals did not end the session.
      ui.reload();
      assertThat(ui.getByTestId("whoami")).containsText("admin");
    }
  }

  @Test
  void aPageOfAnotherSiteCannotUseCachedBasicCredentials() throws Exception {
    try (BrowserContext context =
        browser()
            .newContext(
                new Browser.NewContextOptions()
                    .setHttpCredentials(new HttpCredentials("admin", adminPassword())))) {
      context.setDefaultTimeout(60_000);
      // The browser has answered a Basic challenge for the dashboard: it would do so again.
      Page direct = context.newPage();
      assertThat(direct.navigate(base + "api/me").status()).isEqualTo(200);
      String otherHost = base.getHost().equals("localhost") ? "127.0.0.1" : "localhost";
      attack(context, otherHost, "basic");
    }
  }
}
