package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.otlab.testkit.RequiresChromium;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The live Purdue map tells the attack's story in a real browser: an insider toggles the transfer
 * pump from the HMI on the design with protocol allow-lists. The attacker's flows are drawn apart
 * from the HMI's polling (their own element, "☠ step" label) and its host is marked; the writes the
 * control conduit refuses leave a mark with a count on that conduit; no two labels overlap; a host,
 * a conduit (by keyboard), a step and an alert open details with their traffic, and the alert's
 * hosts are flagged on the map. The map fits a 400 px page, and a page opened after the run still
 * draws the attack. Screenshots at both widths.
 */
@QuarkusTest
@RequiresChromium
class MapBrowserIT extends BrowserTestBase {

  /**
   * Pairs of map labels (callouts, attack labels, denial marks) whose boxes intersect, and labels
   * that stick out of the map.
   */
  private static final String OVERLAPS =
      """
      () => {
        const els = [...document.querySelectorAll(
          '[data-testid=purdue-map] .deny-callout, [data-testid=purdue-map] .attack-label,'
          + ' [data-testid=purdue-map] .deny-mark[visibility=visible]')];
        const boxes = els.map((e) => ({e, r: e.getBoundingClientRect()}));
        const out = [];
        const map = document.querySelector('[data-testid=purdue-map]').getBoundingClientRect();
        for (const {e, r} of boxes) {
          if (r.left < map.left - 0.5 || r.right > map.right + 0.5
              || r.top < map.top - 0.5 || r.bottom > map.bottom + 0.5) {
            out.push('outside the map: ' + e.textContent);
          }
        }
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].r, b = boxes[j].r;
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5
                && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
              out.push(boxes[i].e.textContent + ' / ' + boxes[j].e.textContent);
            }
          }
        }
        return out;
      }""";

  @Test
  void theMapShowsTheAttackerItsDenialsAndDetailsOnClick() {
    Page page = page();
    login(page, "admin", adminPassword());
    startRun(page, "water-treatment-purdue-dmz-dpi", "wt-brute-force-pump", "60");
    // How smoothly the live view draws while the run plays at 60x: printed, not asserted.
    assertThat(page.getByTestId("sim-time")).hasText(Pattern.compile("\\d"));
    Object fps =
        page.evaluate(
            "() => new Promise((done) => { let n = 0; const t0 = performance.now();"
                + " const f = (t) => { n++; if (t - t0 < 5000) requestAnimationFrame(f);"
                + " else done(n * 1000 / (t - t0)); }; requestAnimationFrame(f); })");
    System.out.printf(
        java.util.Locale.ROOT,
        "MEASURE live view at 60x: %.1f frames per second over 5 s of wall time%n",
        ((Number) fps).doubleValue());

    // The attacker's writes from the HMI: their own element, named by step, apart from polling.
    Locator attackFlows = page.locator("[data-testid=purdue-map] [data-testid=attack-flow]");
    assertThat(attackFlows.first()).isAttached();
    assertThat(page.locator("[data-testid=purdue-map] [data-testid=attack-label]").first())
        .hasText(Pattern.compile("☠ (pump-manual|toggle-pump) · MODBUS ×\\d+"));
    assertThat(page.locator("[data-testid=purdue-map] [data-host=hmi-1] .host-mark"))
        .containsText("☠ attacker");

    // Denied writes end at the control conduit, which keeps a mark with a count.
    Locator mark = page.getByTestId("deny-mark-ops-control");
    assertThat(mark).hasAttribute("visibility", "visible");
    assertThat(mark.locator("text")).hasText(Pattern.compile("✗ [1-9]\\d*"));
    assertThat(page.getByTestId("deny-callout-ops-control"))
        .hasText(Pattern.compile("☠ .*✗ DENIED .*rule others-modbus.*×[1-9]\\d*"));

    // The run ends; everything the map drew stays.
    assertThat(page.getByTestId("open-scorecard"))
        .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(JOB_BOUND_MS));
    List<String> steps = attackFlowSteps(attackFlows);
    assertThat(steps)
        .isNotEmpty()
        .allMatch(s -> s.equals("pump-manual") || s.equals("toggle-pump"));
    assertThat(attackFlows.first().locator("path")).hasClass(Pattern.compile("flow-attack"));
    assertThat(noOverlaps(page)).isEmpty();
    int denied = Integer.parseInt(mark.locator("text").textContent().replace("✗", "").strip());
    // The latest denial's arrow comes from the HMI and stops at the conduit's tag, not past it.
    Locator arrow = page.getByTestId("deny-arrow-ops-control");
    assertThat(arrow).hasAttribute("data-source", "hmi-1");
    // Where the path ends and where the tag begins, in map units.
    Object ends =
        arrow.evaluate(
            "p => { const e = p.getPointAtLength(p.getTotalLength());"
                + " const t = p.ownerSVGElement.querySelector("
                + "'g.conduit[data-conduit=ops-control] .conduit-tag').getBBox();"
                + " return [e.y, t.y, t.y + t.height]; }");
    List<?> at = (List<?>) ends;
    double end = ((Number) at.get(0)).doubleValue();
    double tagTop = ((Number) at.get(1)).doubleValue();
    assertThat(end).as("arrow end %s, tag %s", at, at).isBetween(tagTop - 4, tagTop + 0.5);

    // A host, by a click: its traffic in and out, the attacker's marked.
    page.locator("[data-testid=purdue-map] [data-host=hmi-1]").click();
    assertThat(page.getByTestId("details-title")).hasText("Host hmi-1");
    Locator traffic = page.getByTestId("details").locator("[data-testid=details-traffic]");
    assertThat(traffic).containsText("→ out to plc-treatment");
    assertThat(traffic).containsText("☠ toggle-pump");
    assertThat(traffic).containsText("benign");
    assertThat(page.getByTestId("details").locator("[data-testid=details-decisions]"))
        .containsText("others-modbus");
    shots(page, "map-host-details");

    // A conduit, by keyboard: its decisions with the rule and the counts.
    Locator conduit = page.locator("[data-testid=purdue-map] g.conduit[data-conduit=ops-control]");
    conduit.focus();
    page.keyboard().press("Enter");
    assertThat(page.getByTestId("details-title")).hasText("Conduit ops-control");
    assertThat(page.getByTestId("details-conduit-counts"))
        .hasText(Pattern.compile("✓ \\d+ allowed · ✗ " + denied + " denied"));
    assertThat(page.getByTestId("details").locator("[data-testid=details-decisions]"))
        .containsText("denied by rule others-modbus");

    // A step from the timeline.
    page.locator("[data-testid=timeline] li[data-step=toggle-pump] [data-testid=step-details]")
        .click();
    assertThat(page.getByTestId("details-title")).hasText("Step toggle-pump");
    assertThat(page.getByTestId("details").locator("[data-testid=details-traffic]"))
        .containsText("hmi-1 → plc-treatment");

    // An alert from the feed: its hosts are flagged on the map (in words too) and its traffic
    // shown.
    Locator show = page.locator("[data-testid=alerts] [data-testid=alert-show]").first();
    assertThat(show).isVisible();
    show.click();
    assertThat(page.getByTestId("details-title")).hasText("Alert");
    assertThat(page.locator("[data-testid=purdue-map] .host.flagged").first()).isAttached();
    assertThat(page.locator("[data-testid=purdue-map] .host.flagged .host-mark").first())
        .containsText("◉ alert");
    assertThat(
            page.getByTestId("details").locator("[data-testid=details-traffic] tbody tr").first())
        .not()
        .containsText("no traffic seen yet");

    // At 400 px the map is drawn narrow and fits its box; labels still do not overlap.
    page.setViewportSize(400, 800);
    assertThat(page.getByTestId("purdue-map")).hasClass(Pattern.compile("narrow"));
    page.waitForFunction(
        "() => { const w = document.querySelector('.p-map .svg-wrap');"
            + " return w.scrollWidth <= w.clientWidth + 1; }");
    assertThat(noOverlaps(page)).isEmpty();
    page.setViewportSize(1280, 800);
    shots(page, "map-alert-details");

    // Opened after the run, the map still shows the attacker's flows and the denials.
    page.reload();
    assertThat(attackFlows.first()).isAttached();
    assertThat(mark).hasAttribute("visibility", "visible");

    // Replayed from its trace, the map shows the denials up to the scrubber's time: none at the
    // start, the control conduit's mark by the end.
    page.getByTestId("open-replay").click();
    Locator scrubber = page.getByTestId("scrubber");
    assertThat(scrubber).isVisible();
    String max = scrubber.getAttribute("max");
    scrubber.fill(max);
    assertThat(page.getByTestId("deny-mark-ops-control")).hasAttribute("visibility", "visible");
    assertThat(page.locator("[data-testid=replay-denials] li").first()).isVisible();
    String atEnd = page.getByTestId("deny-mark-ops-control").getAttribute("aria-label");
    scrubber.fill("0");
    assertThat(page.locator("[data-testid=replay-denials] li")).hasCount(0);
    assertThat(page.getByTestId("deny-mark-ops-control"))
        .not()
        .hasAttribute("visibility", "visible");
    // Moved forward in steps, as Play moves it, the map adds what each step passed to what it
    // drew (a redraw would make the mark a new element, without the attribute put on it here)
    // and ends where the jump to the end left it.
    page.getByTestId("deny-mark-ops-control").evaluate("e => e.setAttribute('data-kept', 'yes')");
    for (int i = 1; i <= 8; i++) {
      scrubber.fill(String.valueOf(Integer.parseInt(max) * i / 8));
    }
    assertThat(page.getByTestId("deny-mark-ops-control")).hasAttribute("aria-label", atEnd);
    assertThat(page.getByTestId("deny-mark-ops-control")).hasAttribute("data-kept", "yes");
    assertThat(pageErrors).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static List<String> attackFlowSteps(Locator attackFlows) {
    return (List<String>) attackFlows.evaluateAll("els => els.map((e) => e.dataset.step)");
  }

  @SuppressWarnings("unchecked")
  private static List<String> noOverlaps(Page page) {
    // Labels are placed a frame after they change: let one pass.
    page.evaluate(
        "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))");
    return (List<String>) page.evaluate(OVERLAPS);
  }
}
