package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.otlab.testkit.RequiresChromium;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Readable results in a real browser: the verdict sentence on a run, an evaluation and a
 * comparison; plain words with their definitions on hover and in the glossary; one clock per card;
 * findings badges by severity; names and notes edited on a scorecard and shown in the list; the
 * printable report; "Run it" opening the scenario's plant; rule matches as text. The jobs are
 * started over the API and kept short: one run of wt-recon, one smoke evaluation with one seed and
 * one evaluation of a one-scenario suite (five short runs at full speed).
 */
@QuarkusTest
@RequiresChromium
class ResultsBrowserIT extends BrowserTestBase {
  private static final String FLAT = "water-treatment-flat";
  private static final String DPI = "water-treatment-purdue-dmz-dpi";

  private static RequestSpecification admin() {
    return RestAssured.given().auth().preemptive().basic("admin", adminPassword());
  }

  private static String start(String kind, Map<String, Object> body) {
    return admin()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/" + kind)
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  private static void finished(String kind, String id) {
    await()
        .atMost(Duration.ofMillis((long) JOB_BOUND_MS))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> admin().get("/api/" + kind + "/" + id).path("status").equals("finished"));
  }

  @Test
  void resultsReadAsPlainWordsWithTheirVerdictFirst() {
    String suite = "recon-only-" + UUID.randomUUID().toString().substring(0, 8);
    admin()
        .contentType("application/yaml")
        .body(
            ("id: " + suite + "\ntitle: reconnaissance only\nscenarios:\n  - wt-recon\n")
                .getBytes(StandardCharsets.UTF_8))
        .post("/api/library/suites")
        .then()
        .statusCode(201);
    String run =
        start("runs", Map.of("architecture", DPI, "scenario", "wt-recon", "detection", "full"));
    // The same reconnaissance on the flat design reaches its goal.
    String reached =
        start("runs", Map.of("architecture", FLAT, "scenario", "wt-recon", "detection", "full"));
    String flat =
        start(
            "evaluations",
            Map.of("architecture", FLAT, "suite", "smoke", "detection", "full", "seeds", 1));
    String dpi =
        start(
            "evaluations",
            Map.of("architecture", DPI, "suite", suite, "detection", "full", "seeds", 1));

    Page page = page();
    login(page, "admin", adminPassword());

    // Findings by severity: flat's high findings look worse than the DMZ design's low ones.
    page.navigate(base + "#/library/architectures");
    Locator flatRow = page.locator(rowOf(FLAT));
    Locator dpiRow = page.locator(rowOf(DPI));
    assertThat(flatRow.locator("[data-severity=high]")).containsText("high");
    assertThat(dpiRow.locator("[data-severity=high]")).hasCount(0);
    assertThat(dpiRow.locator("[data-severity=low]")).containsText("low");
    Object highBg =
        flatRow
            .locator("[data-severity=high]")
            .evaluate("e => getComputedStyle(e).backgroundColor");
    Object lowBg =
        dpiRow.locator("[data-severity=low]").evaluate("e => getComputedStyle(e).backgroundColor");
    assertThat(highBg).isNotEqualTo(lowBg);
    shots(page, "results-library-severity");

    // Rule matches as text: function codes with their names, address ranges.
    page.navigate(base + "#/library/architectures/" + DPI);
    Locator rules = page.locator(".conduit-rules");
    assertThat(rules.filter(new Locator.FilterOptions().setHasText("03 Read Holding Registers")))
        .not()
        .hasCount(0);
    assertThat(rules.filter(new Locator.FilterOptions().setHasText("functionCodes"))).hasCount(0);
    assertThat(page.getByTestId("severity-badges").first()).containsText("low");
    shots(page, "results-library-rules");
    // A detection profile's rules in words too.
    page.navigate(base + "#/library/detection-profiles/full");
    assertThat(page.getByTestId("profile-functions"))
        .containsText("function codes: 43 Read Device Identification");
    assertThat(page.getByTestId("profile-functions")).not().containsText("functionCodes");
    shots(page, "results-library-profile");

    // "Run it" on another plant's scenario opens the start form on that plant.
    page.navigate(base + "#/library/scenarios/cr-vendor-recon");
    page.getByTestId("run-it").click();
    page.waitForURL(Pattern.compile(".*#/start\\?.*scenario=cr-vendor-recon.*"));
    assertThat(page.locator("#f-scenario")).hasValue("cr-vendor-recon");
    assertThat(page.locator("#f-architecture option:checked")).containsText("(chemical-reactor)");
    shots(page, "results-start-run-it");

    // The run's scorecard: the verdict first, the title says the outcome, one clock per card.
    finished("runs", run);
    page.navigate(base + "#/runs/" + run);
    Locator verdict = page.getByTestId("verdict");
    assertThat(verdict).hasAttribute("data-kind", "PREVENTED");
    assertThat(verdict).containsText("Prevented: step ");
    assertThat(verdict).containsText("refused at conduit ent-dmz");
    assertThat(page.getByTestId("scorecard-title")).containsText("wt-recon, attack prevented");
    for (String card : new String[] {"objective", "impact", "detection"}) {
      assertThat(page.locator("[data-testid=" + card + "] [data-testid=clock]")).hasCount(1);
    }
    assertThat(page.locator("[data-testid=impact] .term[data-term=harm]"))
        .hasAttribute("title", Pattern.compile("max\\(L, Q, S\\)"));
    assertThat(page.locator("[data-testid=detection] .term[data-term=detection-credit]"))
        .hasAttribute("title", Pattern.compile("seen before harm"));
    page.locator("[data-testid=impact] .term[data-term=harm]").hover();
    // No jargon left on the cards.
    for (String jargon : new String[] {"harm h", "credit d", "twin", "margin", "attacker level"}) {
      assertThat(page.locator(".score-grid")).not().containsText(jargon);
    }

    // A run that reached its goal: titled so, impact red, and detection at best partial (amber,
    // in words), never green beside it.
    finished("runs", reached);
    page.navigate(base + "#/runs/" + reached);
    assertThat(page.getByTestId("verdict")).hasAttribute("data-kind", "REACHED");
    assertThat(page.getByTestId("verdict"))
        .containsText(
            Pattern.compile("The attack reached its goal \\(.+\\) .+ after the attack began"));
    assertThat(page.getByTestId("scorecard-title")).containsText("wt-recon, goal reached");
    assertThat(page.locator("[data-testid=impact] .card-state")).hasAttribute("data-state", "bad");
    Locator detection = page.locator("[data-testid=detection] .card-state");
    assertThat(detection).hasAttribute("data-state", Pattern.compile("warn|bad|muted"));
    assertThat(detection).containsText(Pattern.compile("partial|not detected|nothing to see"));
    assertThat(page.locator("[data-testid=detection] .badge-good")).hasCount(0);
    shots(page, "results-scorecard-reached");

    page.navigate(base + "#/runs/" + run);
    // A name and a note, given on the scorecard, shown there and in the list.
    page.locator("[data-testid=label-form]").locator("xpath=..").locator("summary").click();
    page.getByTestId("label-name").fill("DMZ recon baseline");
    page.getByTestId("label-note").fill("Before the DPI rules were tuned.");
    page.locator("[data-testid=label-form] button[type=submit]").click();
    assertThat(page.getByTestId("scorecard-title")).containsText("“DMZ recon baseline”");
    assertThat(page.getByTestId("job-note")).hasText("Before the DPI rules were tuned.");
    shots(page, "results-scorecard-run");
    page.navigate(base + "#/runs");
    Locator label = page.locator("tr[data-id='" + run + "'] [data-testid=job-label]");
    assertThat(label).containsText("DMZ recon baseline");
    assertThat(label).containsText("Before the DPI rules were tuned.");

    // The glossary, from a term's link.
    page.navigate(base + "#/runs/" + run);
    page.locator("[data-testid=impact] .term[data-term=harm] a").click();
    page.waitForURL(Pattern.compile(".*#/glossary\\?term=harm"));
    assertThat(page.locator("#g-harm")).hasClass(Pattern.compile("glossary-focus"));
    assertThat(page.getByTestId("glossary")).containsText("The same run without the attack");
    shots(page, "results-glossary");

    // The printable report: summary, date, name, note, verdicts; no raw maps.
    page.navigate(base + "api/runs/" + run + "/report");
    Locator body = page.locator("body");
    assertThat(body).containsText("Summary: " + DPI + ": prevented 1 of 1 scenario (wt-recon)");
    assertThat(body).containsText("Before the DPI rules were tuned.");
    assertThat(page.locator("table.about")).containsText("Date");
    assertThat(body).not().containsText(Pattern.compile("\\{[^}]*=[^}]*\\}|\\{\\}"));
    shots(page, "results-report");

    // The smoke evaluation on the flat design: verdict, the words per scenario, and no green
    // detection where the goal was reached.
    finished("evaluations", flat);
    page.navigate(base + "#/evaluations/" + flat);
    assertThat(page.getByTestId("verdict")).containsText(FLAT + ": prevented ");
    assertThat(page.getByTestId("scenario-verdict")).hasCount(3);
    assertThat(
            page.locator(
                "[data-testid=scenario-table] tbody tr:has([data-outcome=REACHED])"
                    + " td[data-label=detected] .badge-good"))
        .hasCount(0);
    assertThat(page.locator("[data-testid=static] [data-severity=high]")).isVisible();
    shots(page, "results-scorecard-evaluation");

    // The comparison opens with its conclusion and shows both designs' findings by severity.
    finished("evaluations", dpi);
    page.navigate(base + "#/compare?a=" + flat + "&b=" + dpi);
    Locator first = page.locator("[data-testid=comparison] > *").first();
    assertThat(first).hasAttribute("data-testid", "verdict");
    assertThat(first).containsText(Pattern.compile("did better|scored the same total"));
    assertThat(page.locator("[data-testid=side-a] [data-severity=high]")).isVisible();
    assertThat(page.locator("[data-testid=side-b] [data-severity=high]")).hasCount(0);
    shots(page, "results-comparison");

    assertThat(pageErrors).isEmpty();
  }

  private static String rowOf(String architecture) {
    return "[data-testid=library-architectures] tbody"
        + " tr:has(a[href='#/library/architectures/"
        + architecture
        + "'])";
  }
}
