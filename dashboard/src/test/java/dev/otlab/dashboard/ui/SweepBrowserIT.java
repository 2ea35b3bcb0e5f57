package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.otlab.testkit.RequiresChromium;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Sweeps in a real browser: the library shows an uploaded sweep, an operator starts it from the
 * sweeps page, its page follows the units and then lists the configurations with totals, intervals
 * and verdicts in words, each linked to its evaluation and to a comparison with the best; a viewer
 * sees the start form disabled. Both widths. One tiny sweep: two architectures x one reconnaissance
 * scenario x one seed (two twins, two plays).
 */
@QuarkusTest
@RequiresChromium
class SweepBrowserIT extends BrowserTestBase {

  @Test
  void anOperatorStartsASweepAndReadsItsConfigurationsAsEvaluations() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String suite = "sweep-recon-" + suffix;
    String sweep = "sweep-ui-" + suffix;
    upload("suites", "id: " + suite + "\ntitle: reconnaissance only\nscenarios: [wt-recon]\n");
    upload(
        "sweeps",
        "id: "
            + sweep
            + "\ntitle: Flat against DPI\narchitectures: [water-treatment-flat,"
            + " water-treatment-purdue-dmz-dpi]\nsuites: ["
            + suite
            + "]\nseeds: {first: 1, count: 1}\n");

    Page page = page();
    login(page, "admin", adminPassword());
    page.navigate(base + "#/library/sweeps");
    assertThat(page.getByTestId("library-sweeps")).containsText(sweep);
    // A sweep's variants show as their bases and changes, not as links to no library page.
    page.navigate(base + "#/library/sweeps/wt-dpi-variants");
    assertThat(page.locator("[data-variant='wt-dpi-unwatched-control']"))
        .containsText("variant of water-treatment-purdue-dmz-dpi");
    assertThat(page.locator("main"))
        .containsText("remove sensors.taps.ops-control; remove sensors.spans.control");

    page.navigate(base + "#/sweeps");
    select(page, "Sweep", sweep);
    page.getByLabel("Name (optional)").fill("ui sweep");
    page.getByTestId("sweep-submit").click();
    page.waitForURL(Pattern.compile(".*#/sweeps/[^/?]+$"));
    Locator configs = page.getByTestId("sweep-configs");
    assertThat(configs)
        .isVisible(
            new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                .setTimeout(JOB_BOUND_MS));
    assertThat(page.getByTestId("sweep-units")).containsText("4/4 units");
    assertThat(configs.locator("tbody tr")).hasCount(2);
    // The verdict is words with an icon, not a colour alone.
    assertThat(configs).containsText("best of 2 designs");
    assertThat(configs).containsText("water-treatment-flat");
    shots(page, "sweep");

    // The comparison with the best opens the existing comparison page.
    configs.getByText("⇆ with the best").click();
    page.waitForURL(Pattern.compile(".*#/compare\\?a=[^&]+&b=.+"));
    page.goBack();
    // Each configuration opens as an evaluation.
    page.getByTestId("sweep-configs").locator("tbody tr").first().locator("a").first().click();
    page.waitForURL(Pattern.compile(".*#/evaluations/[^/?]+$"));

    page.navigate(base + "#/sweeps");
    assertThat(page.getByTestId("sweeps-list")).containsText("ui sweep");
    assertThat(pageErrors).isEmpty();

    String viewer = "viewer-sweep-" + USERS.incrementAndGet() + "-" + suffix;
    String password = "a-long-password-" + suffix;
    assertThat(createUser(viewer, password, "viewer").statusCode()).isEqualTo(201);
    Page other = pageOfAnotherUser();
    login(other, viewer, password);
    other.navigate(base + "#/sweeps");
    assertThat(other.getByTestId("sweep-submit")).isDisabled();
    assertThat(other.getByTestId("sweeps-list")).containsText("ui sweep");
  }

  private static void upload(String kind, String yaml) {
    RestAssured.given()
        .auth()
        .preemptive()
        .basic("admin", adminPassword())
        .contentType("application/yaml")
        .body(yaml.getBytes(StandardCharsets.UTF_8))
        .post("/api/library/" + kind)
        .then()
        .statusCode(201);
  }
}
