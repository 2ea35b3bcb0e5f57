package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.otlab.testkit.RequiresChromium;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plant mimic shows what an attack changed in the controllers, in words: an insider bypasses
 * the water plant's SIS, puts the intake and the transfer pump in manual and overfills T-101
 * (wt-raw-overflow-sis-bypass, played at full speed). The mimic then names the SIS bypassed and the
 * loops manual, the overflowing tank's level is not "ok", and no text of the drawing is below 11
 * screen pixels or overlaps another at 1280 and at 400 pixels wide. Screenshots at both widths.
 */
@QuarkusTest
@RequiresChromium
class MimicBrowserIT extends BrowserTestBase {

  private static final Path SHOTS = Paths.get("target", "screenshots");

  /** Smallest rendered size of the drawing's shown text, and any two shown texts that overlap. */
  private static final String TEXT_CHECK =
      """
      () => {
        const svg = document.querySelector('[data-testid=mimic] svg.mimic');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const shown = [...svg.querySelectorAll('text')].filter((t) => {
          const cs = getComputedStyle(t);
          return cs.display !== 'none' && cs.visibility !== 'hidden' && t.textContent.trim()
            && t.getClientRects().length > 0;
        });
        let min = Infinity;
        const boxes = shown.map((t) => {
          min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale);
          return [t.textContent, t.getBoundingClientRect()];
        });
        const overlaps = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i][1], b = boxes[j][1];
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
              overlaps.push(boxes[i][0] + ' / ' + boxes[j][0]);
            }
          }
        }
        return {count: shown.length, min, overlaps};
      }
      """;

  @Test
  void whatTheAttacksChangedIsNamedAndOutOfBandValuesAreNotOk() {
    // Three runs at once on the service's two job slots: ransomware stopping a PLC (T0858) and
    // the reactor's SIS bypassed, each cancelled once its state shows, and the water plant's SIS
    // bypassed, played to its verdict.
    Page plcStop = page();
    login(plcStop, "admin", adminPassword());
    startRun(plcStop, "water-treatment-flat", "wt-office-ransomware-dosing", "max");
    Page reactor = page();
    startRun(reactor, "chemical-reactor-flat", "cr-sis-bypass-loss-of-cooling", "max");
    Page sisBypass = page();
    startRun(sisBypass, "water-treatment-flat", "wt-raw-overflow-sis-bypass", "max");

    // The ransomware's stop comes a few simulated minutes into an hour: watch for it, then
    // cancel the rest (a stopped PLC stays stopped; the mimic keeps the last sample).
    plcStop.bringToFront();
    Locator dosing =
        plcStop.getByTestId("mimic-controllers").locator("li[data-controller=plc-dosing]");
    assertThat(dosing)
        .hasAttribute(
            "data-mode",
            "STOP",
            new LocatorAssertions.HasAttributeOptions().setTimeout(JOB_BOUND_MS));
    cancel(plcStop);
    assertThat(dosing).containsText("■ STOP");
    assertThat(plcStop.getByTestId("mimic-controllers").locator("li[data-mode=RUN]")).hasCount(3);
    Locator dosingPump = plcStop.getByTestId("mimic-readings").locator("li[data-unit=P-205]");
    assertThat(dosingPump).containsText("held: plc-dosing STOP");
    assertThat(plcStop.locator("[data-testid=mimic] svg.mimic .ring-held[visibility=visible]"))
        .hasCount(1);
    readableAtBothWidths(plcStop, "mimic-plc-stop");

    // The reactor runs away about ten seconds after its cooling stops; the rest is cancelled.
    reactor.bringToFront();
    Locator reactorState =
        reactor.getByTestId("mimic-readings").locator("li[data-unit=R-101] .rd-state");
    assertThat(reactorState)
        .hasText(
            Pattern.compile("‼\\s*TRIP high"),
            new LocatorAssertions.HasTextOptions().setTimeout(JOB_BOUND_MS));
    cancel(reactor);
    Locator reactorSis =
        reactor.getByTestId("mimic-controllers").locator("li[data-controller=sis-reactor]");
    assertThat(reactorSis).containsText("BYPASSED: high_temp_trip, low_flow_trip");
    assertThat(reactor.getByTestId("mimic-readings").locator("li[data-unit=P-301]"))
        .containsText("SIS BYPASSED");
    readableAtBothWidths(reactor, "mimic-reactor-sis-bypass");

    reached(sisBypass);
    Locator controllers = sisBypass.getByTestId("mimic-controllers");
    Locator sis = controllers.locator("li[data-controller=sis-water]");
    assertThat(sis).containsText("BYPASSED");
    assertThat(sis).containsText("raw_high_trip");
    // Bypassed, its trips never acted though T-101 overflowed.
    assertThat(sis).containsText("no trip");
    assertThat(controllers.locator("li[data-controller=plc-intake]")).containsText("MV-101 MANUAL");
    assertThat(controllers.locator("li[data-controller=plc-treatment]"))
        .containsText("P-101 MANUAL");
    // The dosing loop was left alone, and every controller still runs its program.
    assertThat(controllers.locator("li[data-controller=plc-dosing]")).containsText("P-205 AUTO");
    assertThat(controllers.locator("li[data-mode=RUN]")).hasCount(4);

    Locator readings = sisBypass.getByTestId("mimic-readings");
    Locator valve = readings.locator("li[data-unit=MV-101]");
    assertThat(valve).containsText("MANUAL");
    assertThat(valve).containsText("SIS BYPASSED");
    // The overflowing raw tank is beyond its trip limit: said in words with a symbol, never "ok".
    Locator raw = readings.locator("li[data-unit=T-101]");
    assertThat(raw.locator(".rd-state")).hasText(Pattern.compile("‼\\s*TRIP high"));
    assertThat(sisBypass.locator("[data-testid=mimic] td[data-state-of=raw_level]"))
        .hasText(Pattern.compile("‼\\s*TRIP high"));
    // With P-101 stopped for the whole run, T-301 drained below its normal band.
    Locator treated = readings.locator("li[data-unit=T-301]");
    assertThat(treated).hasAttribute("data-state", Pattern.compile("low$"));
    assertThat(treated.locator(".rd-state")).hasText(Pattern.compile("[▽▼]\\s*(low|LOW alarm)"));
    // The drawing marks the two manual loops with their ring.
    assertThat(sisBypass.locator("[data-testid=mimic] svg.mimic .ring-manual[visibility=visible]"))
        .hasCount(2);
    readableAtBothWidths(sisBypass, "mimic-sis-bypass");

    // Replayed from its stored trace, the mimic shows the controllers as they were at the
    // scrubber's time: armed at the start, bypassed with manual loops by the end.
    sisBypass.getByTestId("open-replay").click();
    Locator scrubber = sisBypass.getByTestId("scrubber");
    assertThat(scrubber).isVisible();
    Locator replayed = sisBypass.getByTestId("mimic-controllers");
    scrubber.fill(scrubber.getAttribute("max"));
    assertThat(replayed.locator("li[data-controller=sis-water]")).containsText("BYPASSED");
    assertThat(replayed.locator("li[data-controller=plc-intake]")).containsText("MV-101 MANUAL");
    scrubber.fill("0");
    assertThat(replayed.locator("li[data-controller=sis-water]")).containsText("armed");
    assertThat(replayed.locator("li[data-controller=plc-intake]")).containsText("MV-101 AUTO");

    assertThat(pageErrors).isEmpty();
  }

  /** Cancels the page's run unless it has ended already (then there is no button). */
  private static void cancel(Page page) {
    page.evaluate(
        "() => { const b = document.querySelector('[data-testid=cancel]'); if (b) b.click(); }");
  }

  /** The run has played to its end with its objective reached; the mimic keeps the last sample. */
  private static void reached(Page page) {
    page.bringToFront();
    assertThat(page.getByTestId("verdict-banner"))
        .containsText(
            "Objective reached",
            new LocatorAssertions.ContainsTextOptions().setTimeout(JOB_BOUND_MS));
  }

  /** The drawing's text is readable at 1280 and 400 wide; screenshots of page and mimic there. */
  private static void readableAtBothWidths(Page page, String name) {
    readable(page);
    page.getByTestId("mimic")
        .screenshot(
            new Locator.ScreenshotOptions().setPath(SHOTS.resolve(name + "-panel-1280.png")));
    page.setViewportSize(400, 800);
    readable(page);
    page.getByTestId("mimic")
        .screenshot(
            new Locator.ScreenshotOptions().setPath(SHOTS.resolve(name + "-panel-400.png")));
    page.setViewportSize(1280, 800);
    shots(page, name);
  }

  /** The drawing shows text, none below 11 screen pixels, none overlapping. */
  @SuppressWarnings("unchecked")
  private static void readable(Page page) {
    // The drawing has sized its text for the width it has now.
    page.waitForFunction(
        "() => { const s = document.querySelector('[data-testid=mimic] svg.mimic');"
            + " return s.dataset.fitWidth === String(Math.round(s.getBoundingClientRect().width)); }");
    Map<String, Object> r = (Map<String, Object>) page.evaluate(TEXT_CHECK);
    assertThat(((Number) r.get("count")).intValue()).as("texts shown").isGreaterThanOrEqualTo(3);
    assertThat(((Number) r.get("min")).doubleValue())
        .as("smallest text, px")
        .isGreaterThanOrEqualTo(11);
    assertThat((List<String>) r.get("overlaps")).as("overlapping texts").isEmpty();
  }
}
