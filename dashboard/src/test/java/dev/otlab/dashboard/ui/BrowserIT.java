package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.otlab.testkit.RequiresChromium;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web UI in a real browser against the real service: log in, browse the library, start a run
 * and two evaluations from the form, watch the live view change, open the scorecards and the
 * comparison, and check the narrow layout. Screenshots at 1280x800 and 400x800 go to {@code
 * target/screenshots/} as build artefacts for a person to look at.
 *
 * <p>Waits are Playwright's (they poll the page until a condition holds or a generous bound
 * passes); nothing measures how fast the lab or the UI is.
 */
@QuarkusTest
@RequiresChromium
class BrowserIT extends BrowserTestBase {

  private static final String ARCH_A = "water-treatment-purdue-dmz";
  private static final String ARCH_B = "water-treatment-purdue-dmz-dpi";

  private String startEvaluation(Page page, String architecture) {
    page.navigate(base + "#/start?mode=evaluation");
    page.locator("#mode-evaluation").check();
    select(page, "Architecture", architecture);
    select(page, "Detection profile", "full");
    select(page, "Suite", "smoke");
    page.getByLabel("Seed", new Page.GetByLabelOptions().setExact(true)).fill("1");
    // One seed: the browser test shows the pages, the seed spread is tested in SeedSpreadIT.
    page.getByLabel("Seeds", new Page.GetByLabelOptions().setExact(true)).fill("1");
    page.getByTestId("start-submit").click();
    page.waitForURL(Pattern.compile(".*#/evaluations/[^/]+/live"));
    return idFrom(page, "evaluations");
  }

  @Test
  void operatorRunsWatchesScoresAndCompares() {
    Page page = page();
    login(page, "admin", adminPassword());
    assertThat(page.getByTestId("whoami")).containsText("admin");

    // The library: an architecture with its Purdue map and static findings.
    page.navigate(base + "#/library/architectures/" + ARCH_A);
    assertThat(page.getByTestId("purdue-map")).isVisible();
    assertThat(page.locator("[data-testid=purdue-map] [data-zone]")).hasCount(5);
    assertThat(page.getByTestId("findings").locator("tbody tr").first()).isVisible();
    shots(page, "library-architecture");
    page.navigate(base + "#/library/plants/water-treatment");
    assertThat(page.getByTestId("tag-dictionary")).containsText("raw_level");
    // Response playbooks: listed with their description and rules; one with what fires each rule.
    page.navigate(base + "#/library/playbooks");
    assertThat(page.getByTestId("library-playbooks")).containsText("wt-contain-it-pivot");
    assertThat(page.getByTestId("library-playbooks")).containsText("sis-tampered");
    page.navigate(base + "#/library/playbooks/wt-contain-it-pivot");
    assertThat(page.getByTestId("playbook-rules")).containsText("reset-sis");
    assertThat(page.getByTestId("playbook-rules")).containsText("treated_level above");
    shots(page, "library-playbook");

    // One run at 10x, watched live: the clock, the values, the flows and a step all move.
    page.navigate(base + "#/start");
    page.locator("#mode-run").check();
    select(page, "Architecture", ARCH_A);
    select(page, "Detection profile", "full");
    select(page, "Scenario", "wt-dosing-flood");
    select(page, "Speed", "10");
    page.getByLabel("Seed", new Page.GetByLabelOptions().setExact(true)).fill("1");
    // A service that drives no container lab offers no choice of lab.
    assertThat(page.locator("#f-lab")).hasCount(0);
    // With packet captures, downloadable from the scorecard.
    page.getByTestId("start-pcap").check();
    page.getByTestId("start-submit").click();
    page.waitForURL(Pattern.compile(".*#/runs/[^/]+/live"));
    String run = idFrom(page, "runs");
    assertThat(page.getByTestId("lab")).hasText("embedded");

    Locator clock = page.getByTestId("sim-time");
    assertThat(clock).hasText(Pattern.compile("\\d"), within(120_000));
    changes(clock);
    // The tank levels may sit still for minutes; flows and demand carry measurement noise, so the
    // value table as a whole changes with every sample the page receives.
    Locator values = page.locator("[data-testid=mimic] table tbody");
    assertThat(page.locator("[data-testid=mimic] td[data-tag=raw_level]"))
        .hasText(Pattern.compile("\\d"));
    changes(values);
    // The drawing is the layout the plant's process model serves: the raw tank shows its level.
    assertThat(page.locator("[data-testid=mimic] svg.mimic"))
        .hasAttribute("aria-label", Pattern.compile("raw tank T-101"));
    assertThat(page.locator("[data-testid=mimic] svg.mimic .tank text.value").first())
        .hasText(Pattern.compile("LIT-101 .*\\d"));
    page.waitForFunction(
        "() => Number(document.querySelector('[data-testid=flows-total]').textContent) > 0");
    assertThat(page.getByTestId("conduit-count-ops-control")).hasText(Pattern.compile("✓\\d+"));
    Locator doneStep =
        page.locator("[data-testid=timeline] li[data-outcome]:not([data-outcome=PENDING])");
    assertThat(doneStep.first())
        .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(JOB_BOUND_MS));
    assertThat(doneStep.first()).containsText("T0814");
    assertThat(page.locator(".trend .uplot").first()).isVisible();
    shots(page, "live-run");

    // Its scorecard once it has finished.
    Locator openRun = page.getByTestId("open-scorecard");
    openRun.waitFor(new Locator.WaitForOptions().setTimeout(JOB_BOUND_MS));
    openRun.click();
    page.waitForURL(Pattern.compile(".*#/runs/" + Pattern.quote(run) + "$"));
    assertThat(page.getByTestId("steps")).containsText("connection-flood");
    // The flood succeeds on this design: the decided outcome says reached, with its time.
    assertThat(page.locator("[data-testid=objective] [data-outcome]"))
        .hasAttribute("data-outcome", "REACHED");
    assertThat(page.getByTestId("coverage-matrix")).containsText("T0814");
    // The request flood reaches the PLC on this design: T0814 succeeded, so its row is not the
    // green "prevented" whatever saw it.
    Locator flood = page.locator("[data-testid=coverage-matrix] tr[data-technique=T0814]");
    assertThat(flood)
        .hasAttribute(
            "data-coverage",
            Pattern.compile("DETECTED_BEFORE_IMPACT|DETECTED_AFTER_IMPACT|SUCCEEDED_UNSEEN"));
    assertThat(flood).not().containsText("prevented");
    // Each sensor's capture and its labels are among the downloads.
    assertThat(page.locator("[data-download$='/pcap?sensor=ops-control']")).hasCount(1);
    assertThat(page.locator("[data-download$='/pcap?sensor=ops-control&format=flows']"))
        .hasCount(1);
    shots(page, "scorecard-run");

    // Two evaluations of the smoke suite from the form; the first is watched live. At full speed
    // the suite can end within seconds, so this view is asserted on what it must show in any case:
    // a scenario it played, every finished run with its verdict, and the end.
    String a = startEvaluation(page, ARCH_A);
    assertThat(page.getByTestId("current-scenario"))
        .hasText(Pattern.compile("wt-"), within(JOB_BOUND_MS));
    page.getByTestId("open-scorecard")
        .waitFor(new Locator.WaitForOptions().setTimeout(JOB_BOUND_MS));
    assertThat(page.getByTestId("live-status")).hasText(Pattern.compile("finished"));
    assertThat(page.getByTestId("progress-text")).containsText("3 of 3 runs finished");
    assertThat(page.getByTestId("eval-progress").locator("li")).hasCount(3);
    assertThat(page.getByTestId("eval-progress")).containsText("wt-dosing-flood");
    assertThat(page.getByTestId("eval-progress")).containsText("objective");
    shots(page, "live-evaluation");
    String b = startEvaluation(page, ARCH_B);
    page.getByTestId("open-scorecard")
        .waitFor(new Locator.WaitForOptions().setTimeout(JOB_BOUND_MS));

    // The list: wait for both to show as finished, then the first one's scorecard.
    page.navigate(base + "#/evaluations");
    for (String id : List.of(a, b)) {
      page.locator("tr[data-id='" + id + "'][data-status=finished]")
          .waitFor(new Locator.WaitForOptions().setTimeout(JOB_BOUND_MS));
    }
    page.navigate(base + "#/evaluations?architecture=" + ARCH_A);
    assertThat(page.locator("tr[data-id='" + b + "']")).hasCount(0);
    assertThat(page.locator("tr[data-id='" + a + "']")).hasCount(1);
    page.navigate(base + "#/evaluations/" + a);
    assertThat(page.getByTestId("scorecard-title")).containsText(ARCH_A);
    assertThat(page.locator("[data-testid=subscores] [data-score]")).hasCount(5);
    assertThat(page.getByTestId("scenario-table").locator("tbody tr")).hasCount(3);
    assertThat(page.getByTestId("coverage-matrix").locator("tbody tr").first()).containsText("T0");
    // Every technique row carries its coverage class.
    assertThat(page.locator("[data-testid=coverage-matrix] tbody tr:not([data-coverage])"))
        .hasCount(0);
    assertThat(page.getByTestId("findings").locator("tbody tr").first()).isVisible();
    shots(page, "scorecard-evaluation");

    // The comparison, picked from the list.
    page.navigate(base + "#/evaluations");
    page.locator("input[data-eval='" + a + "']").check();
    page.locator("input[data-eval='" + b + "']").check();
    page.getByTestId("compare-selected").click();
    page.waitForURL(Pattern.compile(".*#/compare\\?a=.*&b=.*"));
    assertThat(page.getByTestId("compare-scores").locator("tbody tr")).hasCount(5);
    assertThat(page.getByTestId("compare-scenarios").locator("tbody tr")).hasCount(3);
    assertThat(page.getByTestId("comparison")).containsText(ARCH_B);
    shots(page, "comparison");

    assertThat(pageErrors).isEmpty();
  }

  @Test
  void viewerSeesTheStartFormDisabledWithANote() throws Exception {
    String user = "viewer-ui-" + USERS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    String password = "viewer-password-1";
    HttpResponse<String> created = createUser(user, password, "viewer");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    Page page = page();
    login(page, user, password);
    assertThat(page.getByTestId("whoami")).containsText("viewer");
    page.navigate(base + "#/start");
    assertThat(page.getByLabel("Architecture")).isDisabled();
    assertThat(page.getByTestId("start-submit")).isDisabled();
    assertThat(page.locator("form.start")).containsText("needs the operator or admin role");
    shot(page, "start-viewer-1280");

    // Any role changes its own password; the tab goes on with the new one, and it logs in.
    page.getByTestId("whoami").locator("a").click();
    String changed = password + "-changed";
    page.getByLabel("Current password").fill(password);
    page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill(changed);
    page.getByLabel("New password again").fill(changed);
    page.locator("form.login button[type=submit]").click();
    assertThat(page.getByTestId("account-status")).containsText("Password changed");
    page.navigate(base + "#/runs");
    assertThat(page.getByTestId("whoami")).containsText(user);
    page.locator("#logout").click();
    login(page, user, changed);
    assertThat(pageErrors).isEmpty();
  }

  @Test
  void wrongPasswordIsRefusedAndInvalidUploadListsEveryProblemWithItsPath() {
    Page page = page();
    page.navigate(base.toString());
    page.getByLabel("User name").fill("admin");
    page.getByLabel("Password").fill("not-the-password");
    page.locator("form.login button[type=submit]").click();
    assertThat(page.locator("form.login [role=alert]")).containsText("wrong");
    assertThat(page.getByTestId("whoami")).isHidden();

    login(page, "admin", adminPassword());
    page.navigate(base + "#/library/upload");
    select(page, "Kind", "scenarios");
    page.getByLabel("or paste the YAML")
        .fill(
            "id: ui-broken\n"
                + "title: broken on purpose\n"
                + "plant: no-such-plant\n"
                + "foothold: control-insider\n"
                + "duration: 10m\n"
                + "steps:\n"
                + "  - {id: s1, technique: T9999, params: {}, trigger: {at: 10s}}\n"
                + "objective: {step: nope, description: x}\n");
    page.locator("form button[type=submit]").click();
    Locator problems = page.getByTestId("upload-status").locator(".problems li");
    assertThat(problems.first()).isVisible();
    assertThat(problems.count()).isGreaterThanOrEqualTo(2);
    assertThat(problems.first().locator("code")).not().isEmpty();
    shot(page, "upload-invalid-1280");
    assertThat(pageErrors).isEmpty();
  }
}
