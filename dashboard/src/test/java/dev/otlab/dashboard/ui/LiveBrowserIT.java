package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.SelectOption;
import dev.otlab.testkit.RequiresChromium;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The live view's time control and narration in a real browser: an operator pauses a run (the
 * simulated time stands still), resumes it, isolates a host from the Respond panel (its record
 * comes back done, in the panel and on the timeline; a response without a reason is refused with
 * its code), skips ahead to the attack's next steps until the last one has run (a banner says so),
 * plays the rest at full speed, and the finished run says its verdict in a banner. Screenshots of
 * the paused view, the response and the verdict at both widths.
 */
@QuarkusTest
@RequiresChromium
class LiveBrowserIT extends BrowserTestBase {

  @Test
  void anOperatorPausesResumesAndSkipsARunThatThenSaysItsVerdict() {
    Page page = page();
    login(page, "admin", adminPassword());
    // Its last step stops dosing early; the chlorine takes most of an hour to fall below its
    // limit, so the run plays on long after the attack, as a trainer would want to skip. In real
    // time: the first step is a minute away, whatever this machine's load, and a skip reaches it
    // before it has happened.
    startRun(page, "water-treatment-purdue-dmz", "wt-office-ransomware-dosing", "1");
    // The "starting the lab" notice (shown while the panels are still empty) goes once it plays.
    assertThat(page.getByTestId("sim-time")).hasText(Pattern.compile("\\d"));
    assertThat(page.getByTestId("starting")).hasCount(0);

    // Paused: the badge says so, and a page opened now learns it from the run (ApiIT checks that
    // the simulated time stands still meanwhile).
    page.getByTestId("clock-pause").click();
    assertThat(page.getByTestId("clock-state")).containsText("paused");
    assertThat(page.getByTestId("clock-resume")).isVisible();
    page.reload();
    assertThat(page.getByTestId("clock-state")).containsText("paused");
    shots(page, "live-paused");

    // At 1280x800 the map, the plant, the timeline and the alerts all start on the first screen.
    for (String panel : new String[] {"p-map", "p-plant", "p-steps", "p-alerts"}) {
      var box = page.locator("section." + panel).boundingBox();
      assertThat(box.y).as("top of %s", panel).isLessThan(800 - 120);
    }
    // Projector mode hides the top bar, and says how to leave it.
    page.getByTestId("projector").click();
    assertThat(page.locator("header.topbar")).isHidden();
    assertThat(page.getByTestId("projector")).hasText("Leave projector mode");
    page.getByTestId("projector").click();
    assertThat(page.locator("header.topbar")).isVisible();

    page.getByTestId("clock-resume").click();
    assertThat(page.getByTestId("clock-state")).containsText("playing at 1×");

    // A response from the Respond panel: its record comes back from the lab, done, with who and
    // why, in the panel and on the timeline (words and icons, not colour alone).
    Locator respond = page.locator("section.p-respond");
    respond.getByTestId("respond-kind").selectOption(new SelectOption().setValue("isolate-host"));
    respond.getByTestId("respond-host").selectOption(new SelectOption().setValue("hist-mirror"));
    respond.getByTestId("respond-why").fill("the mirror is not needed during the drill");
    respond.getByTestId("respond-submit").click();
    assertThat(respond.getByTestId("respond-notice")).containsText("Sent: ");
    Locator record = respond.getByTestId("response-record").first();
    assertThat(record).containsText("done");
    assertThat(record).containsText("hist-mirror");
    assertThat(record).containsText("user:admin");
    assertThat(record).containsText("the mirror is not needed during the drill");
    assertThat(page.getByTestId("timeline-response")).containsText("hist-mirror");
    // A response without a reason is refused by the API, and the form says so with its code.
    respond.getByTestId("respond-why").fill(" ");
    respond.getByTestId("respond-submit").click();
    assertThat(respond.getByTestId("respond-notice")).containsText("RESPONSE_INVALID");
    shots(page, "live-respond");

    // Skip ahead to the attack's first step (at 60 s): the skip ends there, back at 1x, and the
    // other steps follow it at once. (A second skip now would play on to the run's end.)
    Locator steps = page.locator("[data-testid=timeline] li.step");
    assertThat(steps.first()).isVisible();
    int total = steps.count();
    page.getByTestId("clock-skip").click();
    assertThat(page.getByTestId("steps-total")).hasText(String.valueOf(total));
    assertThat(page.getByTestId("clock-state")).containsText("playing at 1×");
    assertThat(page.locator("[data-banner=last-step]"))
        .containsText("The attack's last step has run");

    // The rest at full speed; then the verdict, in words. The clock's controls are drawn anew with
    // every status the page polls: the speed picked stays picked across a redraw until it is set.
    Locator speed = page.getByTestId("clock-speed");
    speed.selectOption(new SelectOption().setValue("max"));
    speed.evaluate("e => e.setAttribute('data-drawn-before', '')");
    assertThat(page.locator("[data-testid=clock-speed]:not([data-drawn-before])")).hasCount(1);
    assertThat(speed).hasValue("max");
    page.getByTestId("clock-set-speed").click();
    assertThat(page.getByTestId("verdict-banner"))
        .hasText(
            Pattern.compile("(Objective reached|Prevented|Undecided).*(Detected|Not detected)"),
            new LocatorAssertions.HasTextOptions().setTimeout(JOB_BOUND_MS));
    assertThat(page.getByTestId("clock-controls").locator("button")).hasCount(0);
    // The trends span the whole run with the attack's window marked from its first step.
    assertThat(page.getByTestId("trends")).hasAttribute("data-attack-from", Pattern.compile("\\d"));
    shots(page, "live-verdict");

    // On a phone the trends and the denials start folded; a tap opens them.
    page.setViewportSize(400, 800);
    page.reload();
    Locator fold = page.locator("section.p-trends details.panel-fold");
    assertThat(fold).not().hasAttribute("open", "");
    assertThat(page.locator("section.p-denials details.panel-fold")).hasCount(1);
    System.out.printf(
        java.util.Locale.ROOT,
        "MEASURE live view of a finished run at 400x800, folded: %s px tall%n",
        page.evaluate("() => document.documentElement.scrollHeight"));
    fold.locator("summary").click();
    assertThat(fold).hasAttribute("open", "");
    assertThat(page.getByTestId("trends")).isVisible();
    page.setViewportSize(1280, 800);
    page.reload();

    // The finished run replayed from its stored trace: at the end every step has its outcome and
    // the alerts are there; scrubbed back to the start, nothing has happened yet.
    page.getByTestId("open-replay").click();
    Locator scrubber = page.getByTestId("scrubber");
    assertThat(scrubber).isVisible();
    assertThat(page.getByTestId("replay-verdict"))
        .hasText(Pattern.compile("Objective reached|Prevented|Undecided"));
    String end = scrubber.getAttribute("max");
    scrubber.fill(end);
    assertThat(page.locator("[data-testid=replay-timeline] li.step[data-outcome=PENDING]"))
        .hasCount(0);
    assertThat(page.locator("[data-testid=replay-alerts] li").first()).isVisible();
    assertThat(page.getByTestId("replay-time")).not().hasText("0.0 s");
    shots(page, "replay-end");
    scrubber.fill("0");
    assertThat(page.locator("[data-testid=replay-timeline] li.step[data-outcome=PENDING]"))
        .hasCount(total);
    assertThat(page.locator("[data-testid=replay-alerts] li")).hasCount(0);
    // Played, the scrubber moves on by itself.
    page.getByTestId("replay-play").click();
    assertThat(page.getByTestId("replay-time")).not().hasText("0.0 s");
    page.getByTestId("replay-play").click();
    assertThat(pageErrors).isEmpty();
  }
}
