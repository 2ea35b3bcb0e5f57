package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every browser test of the web UI shares: one Chromium for the class, a fresh 1280x800
 * context per test, pages that record script and console errors, logging in, and screenshots at
 * 1280x800 and 400x800 in {@code target/screenshots/} (build artefacts for a person to look at).
 * Subclasses are {@code @QuarkusTest @RequiresChromium} classes; they share one running service.
 *
 * <p>Waits are Playwright's (they poll the page until a condition holds or a generous bound
 * passes); nothing measures how fast the lab or the UI is.
 */
abstract class BrowserTestBase {

  private static final Path SHOTS = Paths.get("target", "screenshots");

  /** A bound for a run or evaluation to end: it only turns a hang into a failure. */
  protected static final double JOB_BOUND_MS = 15 * 60_000;

  /** Numbers for users a test creates, unique in this JVM. */
  protected static final AtomicInteger USERS = new AtomicInteger();

  private static @Nullable Playwright playwright;
  private static @Nullable Browser browser;

  /** The service's base address. */
  @TestHTTPResource("/")
  protected URL base;

  private @Nullable BrowserContext context;

  private final List<BrowserContext> otherContexts = new ArrayList<>();

  /** Uncaught script errors and console errors of the pages so far; a test ends asserting none. */
  protected final List<String> pageErrors = new ArrayList<>();

  @BeforeAll
  static void launch() throws IOException {
    Files.createDirectories(SHOTS);
    // The service plays real traffic on a shared machine: give assertions time to become true.
    PlaywrightAssertions.setDefaultAssertionTimeout(60_000);
    playwright = Chromium.playwright();
    browser = Chromium.launch(playwright);
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @BeforeEach
  void newContext() {
    context = browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    context.setDefaultTimeout(60_000);
    pageErrors.clear();
  }

  @AfterEach
  void closeContext() {
    otherContexts.forEach(BrowserContext::close);
    otherContexts.clear();
    if (context != null) {
      context.close();
    }
  }

  private static Browser browser() {
    if (browser == null) {
      throw new IllegalStateException("the browser did not start");
    }
    return browser;
  }

  /** A page that records uncaught script errors and console errors, which fail the test. */
  protected Page page() {
    return recording(Objects.requireNonNull(context).newPage());
  }

  /**
   * A page in a 1280x800 context of its own (its own cookies, so its own login), recording errors
   * as {@link #page()} does and closed after the test: several users at once, as in an exercise.
   */
  protected Page pageOfAnotherUser() {
    BrowserContext other =
        browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    other.setDefaultTimeout(60_000);
    otherContexts.add(other);
    return recording(other.newPage());
  }

  private Page recording(Page page) {
    page.onPageError(e -> pageErrors.add("page error: " + e));
    page.onConsoleMessage(
        m -> {
          // A refused login shows up as a failed resource load (401): that one is expected.
          if (m.type().equals("error") && !m.text().startsWith("Failed to load resource")) {
            pageErrors.add("console: " + m.text());
          }
        });
    return page;
  }

  protected static String adminPassword() {
    return ConfigProvider.getConfig().getValue("otlab.admin.password", String.class);
  }

  protected void login(Page page, String user, String password) {
    page.navigate(base.toString());
    assertThat(page.locator("#login-user")).isVisible();
    page.getByLabel("User name").fill(user);
    page.getByLabel("Password").fill(password);
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Page.GetByRoleOptions().setName("Log in"))
        .click();
    assertThat(page.getByTestId("whoami")).containsText(user);
  }

  protected static void shot(Page page, String name) {
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /**
   * Screenshots at 1280x800 and 400x800, checking that the narrow page does not scroll sideways.
   */
  protected static void shots(Page page, String name) {
    shot(page, name + "-1280");
    page.setViewportSize(400, 800);
    // Wide tables and the Purdue map scroll inside their own boxes; the page itself must not.
    page.waitForFunction(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1");
    shot(page, name + "-400");
    page.setViewportSize(1280, 800);
  }

  /**
   * Starts a run from the start form (detection profile {@code full}, seed 1) and waits for its
   * live view; returns the run's id.
   *
   * @param speed the form's speed value: {@code max} or a factor such as {@code 60}
   */
  protected String startRun(Page page, String architecture, String scenario, String speed) {
    page.navigate(base + "#/start");
    page.locator("#mode-run").check();
    select(page, "Architecture", architecture);
    select(page, "Detection profile", "full");
    select(page, "Scenario", scenario);
    select(page, "Speed", speed);
    page.getByLabel("Seed", new Page.GetByLabelOptions().setExact(true)).fill("1");
    page.getByTestId("start-submit").click();
    page.waitForURL(Pattern.compile(".*#/runs/[^/]+/live"));
    return idFrom(page, "runs");
  }

  protected static String idFrom(Page page, String kind) {
    Matcher m = Pattern.compile("#/" + kind + "/([^/?]+)/live").matcher(page.url());
    assertThat(m.find()).as("live view URL %s", page.url()).isTrue();
    return m.group(1);
  }

  protected static LocatorAssertions.HasTextOptions within(double ms) {
    return new LocatorAssertions.HasTextOptions().setTimeout(ms);
  }

  /** Waits until the element's text is different from what it shows now. */
  protected static void changes(Locator locator) {
    String before = locator.textContent();
    assertThat(locator).not().hasText(before == null ? "" : before, within(120_000));
  }

  protected static void select(Page page, String label, String value) {
    page.getByLabel(label, new Page.GetByLabelOptions().setExact(true))
        .selectOption(new SelectOption().setValue(value));
  }

  /** Sends a request as the admin over HTTP Basic (a script's way in, no session needed). */
  protected static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient()
          .send(
              request.header("Authorization", basic("admin", adminPassword())).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Makes a user through the API, as the admin; the answer says whether it was made. */
  protected HttpResponse<String> createUser(String user, String password, String role) {
    return send(
        HttpRequest.newBuilder(URI.create(base + "api/users"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"username\":\""
                        + user
                        + "\",\"password\":\""
                        + password
                        + "\",\"role\":\""
                        + role
                        + "\"}")));
  }

  protected static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
