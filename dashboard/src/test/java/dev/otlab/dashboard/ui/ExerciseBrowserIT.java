package dev.otlab.dashboard.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import dev.otlab.testkit.RequiresChromium;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One exercise in three browsers: a trainer sets it up and starts it, two trainees join (Ann alone,
 * Bob as team "blue"), the trainer pauses at once, injects the attacker's first step and lets it
 * play; Ann triages the first alert of her lab and isolates a host, Bob writes a finding, the
 * trainer releases a hint that Ann sees; the labs play to their end at full speed and the debrief
 * scores both trainees and replays a lab with a scrubber. While it plays, the trainees' pages show
 * no ground truth. Screenshots of each stage at both widths.
 */
@QuarkusTest
@RequiresChromium
class ExerciseBrowserIT extends BrowserTestBase {

  private static final String SCENARIO = "cr-ews-program-download";
  private static final String ARCHITECTURE = "chemical-reactor-purdue-dmz";

  /** What a trainee's page must never show while the exercise plays. */
  private static void showsNoGroundTruth(Page trainee) {
    String text = trainee.locator("main").innerText().toLowerCase(java.util.Locale.ROOT);
    assertThat(text)
        .doesNotContain(
            "true positive",
            "false positive",
            "truepositive",
            SCENARIO,
            "rdp-eng",
            "program-mode",
            "attacker");
    // The Purdue map's attack marks (purdue.js) are not on a trainee's page at all.
    assertThat(
            trainee.locator(
                ".attacker, [data-attacker], [data-testid=attack-flow], [data-testid=attack-label],"
                    + " .flow-deny-attack, .deny-callout.attack"))
        .hasCount(0);
  }

  /**
   * The trainee's network is the live view's Purdue map: every zone of the exercise's architecture,
   * its conduits counting the lab's traffic, and no host marked (the attacker acts from hmi-1 and
   * eng-ws here, which the map draws as any other host). A screenshot of the map at both widths.
   */
  private static void drawsTheMapWithoutTheAttacker(Page trainee, String name) {
    Locator map = trainee.getByTestId("trainee-network").locator("svg[data-testid=purdue-map]");
    assertThat(map).isVisible();
    var arch = dev.otlab.library.ArchitectureLoader.load(ARCHITECTURE);
    assertThat(map.locator("g.zone")).hasCount(arch.zones().size());
    for (var z : arch.zones()) {
      assertThat(map.locator("g.zone[data-zone='" + z.id() + "']")).hasCount(1);
    }
    assertThat(map.locator("g.host")).hasCount(arch.hosts().size());
    assertThat(map.locator("g.conduit")).hasCount(arch.conduits().size());
    // The lab's traffic reached the map: the conduit to the controllers has counted some.
    assertThat(map.getByTestId("conduit-count-ops-control")).containsText("✓");
    assertThat(map.locator(".host-mark").allTextContents()).allMatch(String::isBlank);
    assertThat(trainee.getByTestId("trainee-map-details")).not().containsText("benign");
    Path shots = Paths.get("target", "screenshots");
    for (int width : new int[] {1280, 400}) {
      trainee.setViewportSize(width, 800);
      trainee
          .locator(".p-map")
          .screenshot(
              new Locator.ScreenshotOptions().setPath(shots.resolve(name + "-" + width + ".png")));
    }
    trainee.setViewportSize(1280, 800);
  }

  @Test
  void aTrainerRunsAnExerciseWithTwoTraineesFromSetUpToDebrief() {
    // Users stay in the test database between builds: a name of this run's own.
    String n = USERS.incrementAndGet() + java.util.UUID.randomUUID().toString().substring(0, 6);
    String password = "a-long-password-" + n + "-exercise";
    String trainerName = "trainer" + n;
    String annName = "ann" + n;
    String bobName = "bob" + n;
    assertThat(createUser(trainerName, password, "operator").statusCode()).isEqualTo(201);
    assertThat(createUser(annName, password, "trainee").statusCode()).isEqualTo(201);
    assertThat(createUser(bobName, password, "trainee").statusCode()).isEqualTo(201);

    // The trainer sets the exercise up: a reactor, one hidden scenario, real time until paused,
    // a hint released by hand.
    Page trainer = page();
    login(trainer, trainerName, password);
    trainer.navigate(base + "#/exercises/new");
    trainer.getByLabel("Title").fill("Reactor night shift " + n);
    select(trainer, "Architecture", ARCHITECTURE);
    trainer.locator("#x-scenarios").selectOption(new SelectOption().setValue(SCENARIO));
    select(trainer, "Speed", "1");
    trainer.getByTestId("hint-add").click();
    trainer.getByLabel("Hint text").fill("Look at the reactor PLC's mode.");
    shots(trainer, "exercise-new");
    trainer.getByTestId("exercise-create").click();
    trainer.waitForURL(Pattern.compile(".*#/exercises/(?!new$)[^/]+$"));
    String id = trainer.url().replaceAll(".*#/exercises/", "");
    assertThat(trainer.getByTestId("exercise-state")).hasText("draft");

    // Ann joins alone, Bob as team blue; each waits for the start.
    Page ann = pageOfAnotherUser();
    login(ann, annName, password);
    assertThat(ann).hasURL(Pattern.compile(".*#/exercises$"));
    // A trainee's menu and home are the exercises; the staff's pages are not offered.
    assertThat(ann.locator("#nav a[data-route=runs]")).isHidden();
    assertThat(ann.locator(".brand")).hasAttribute("href", "#/exercises");
    Locator annRow = ann.locator("[data-exercise='" + id + "']");
    annRow.getByTestId("join").click();
    assertThat(ann.getByTestId("trainee-waiting")).containsText("user-" + annName);
    Page bob = pageOfAnotherUser();
    login(bob, bobName, password);
    Locator bobRow = bob.locator("[data-exercise='" + id + "']");
    bobRow.getByTestId("join-team").fill("blue");
    bobRow.getByTestId("join").click();
    assertThat(bob.getByTestId("trainee-waiting")).containsText("team-blue");
    shots(bob, "exercise-trainee-waiting");

    assertThat(trainer.getByTestId("ex-joined")).containsText("2 joined");
    trainer.getByTestId("ex-start").click();
    // The labs take a moment to start; a pause asked for meanwhile holds each one as it starts.
    Locator state = trainer.getByTestId("exercise-state");
    trainer.getByTestId("ex-pause").click();
    assertThat(state).hasText("paused");
    assertThat(trainer.locator("[data-testid=ex-lab]")).hasCount(2);
    assertThat(ann.getByTestId("trainee-clock")).containsText("paused");
    shots(trainer, "exercise-paused");
    // At 10x for a few simulated seconds, well before the attack's own first step (60 s); then
    // the trainer pauses again and injects that step, which comes at the resume.
    trainer.getByTestId("ex-speed").selectOption(new SelectOption().setValue("10"));
    trainer.getByTestId("ex-set-speed").click();
    trainer.getByTestId("ex-resume").click();
    assertThat(state).hasText("running");
    assertThat(ann.getByTestId("trainee-time")).hasText(Pattern.compile("^[1-5]\\d s$"));
    trainer.getByTestId("ex-pause").click();
    assertThat(state).hasText("paused");
    trainer.getByTestId("ex-inject").click();
    assertThat(trainer.getByTestId("trainer-log")).containsText("injected the next step");
    trainer.getByTestId("ex-resume").click();
    assertThat(state).hasText("running");

    // Ann's lab raises its first alert; the trainer holds the labs while the trainees work.
    assertThat(ann.getByTestId("trainee-alert").first()).isVisible();
    trainer.getByTestId("ex-pause").click();
    assertThat(state).hasText("paused");
    Locator alert = ann.getByTestId("trainee-alert").first();
    alert.getByLabel(Pattern.compile("Technique for")).fill("T0866");
    alert.getByLabel(Pattern.compile("Host for")).fill("eng-ws");
    alert.getByTestId("triage-attack").click();
    assertThat(alert.getByTestId("triage-mark")).containsText("marked an attack");
    select(ann, "Action", "isolate-host");
    ann.getByTestId("response-host").fill("eng-ws");
    ann.getByTestId("response-why").fill("RDP log-in to the engineering workstation at night");
    ann.getByTestId("response-submit").click();
    assertThat(ann.getByTestId("response-result")).containsText("isolate host eng-ws");
    bob.getByTestId("finding-text").fill("Someone logged in to the engineering workstation.");
    bob.getByTestId("finding-submit").click();
    assertThat(bob.getByTestId("trainee-actions")).containsText("finding");

    // The trainer sees both labs' actions as they come, and releases the hint.
    assertThat(trainer.locator("[data-lab='user-" + annName + "'] [data-testid=lab-actions]"))
        .containsText("isolate host eng-ws");
    assertThat(trainer.locator("[data-lab='team-blue'] [data-testid=lab-actions]"))
        .containsText("finding");
    trainer.getByTestId("ex-release-0").click();
    assertThat(ann.getByTestId("trainee-hints")).containsText("Look at the reactor PLC's mode.");
    trainer.locator("[data-lab='user-" + annName + "']").getByTestId("watch-lab").click();
    assertThat(trainer.getByTestId("lab-steps").locator("li").first()).isVisible();
    shots(trainer, "exercise-trainer-live");
    showsNoGroundTruth(ann);
    showsNoGroundTruth(bob);
    drawsTheMapWithoutTheAttacker(ann, "exercise-trainee-map");
    // A conduit's details list its traffic without sorting it into benign and attack.
    ann.locator("svg[data-testid=purdue-map] g.conduit[data-conduit=ops-control]").click();
    assertThat(ann.getByTestId("trainee-map-details").getByTestId("details-traffic"))
        .containsText("→ plc-reactor");
    assertThat(ann.getByTestId("trainee-map-details")).not().containsText("benign");
    showsNoGroundTruth(ann);
    shots(ann, "exercise-trainee-live");

    // The rest at full speed: every lab plays to its end and the exercise finishes by itself.
    trainer.getByTestId("ex-speed").selectOption(new SelectOption().setValue("max"));
    trainer.getByTestId("ex-set-speed").click();
    trainer.getByTestId("ex-resume").click();
    assertThat(state).hasText("finished", within(JOB_BOUND_MS));

    // The debrief: both trainees scored, the true timeline beside Ann's actions, the replay.
    trainer.getByTestId("open-debrief").click();
    assertThat(trainer.getByTestId("debrief-scenario")).hasText(SCENARIO);
    assertThat(trainer.getByTestId("score-row")).hasCount(2);
    for (String who : List.of(annName, bobName)) {
      assertThat(trainer.locator("[data-testid=score-row][data-trainee='" + who + "']"))
          .isVisible();
    }
    Locator annDebrief = trainer.locator("details[data-trainee='" + annName + "']");
    annDebrief.locator("summary").click();
    assertThat(annDebrief.locator("[data-score=triage] dd")).containsText("(");
    assertThat(annDebrief.locator("[data-score=counts] dd")).hasText("1 · 0");
    Locator timeline = annDebrief.getByTestId("debrief-timeline");
    assertThat(timeline).containsText("rdp-eng");
    assertThat(timeline).containsText("isolate host eng-ws");
    Locator scrubber = trainer.getByTestId("scrubber");
    assertThat(scrubber).isVisible();
    Locator time = trainer.getByTestId("replay-time");
    assertThat(time).hasText("0.0 s");
    assertThat(trainer.locator("[data-testid=replay-timeline] li[data-outcome=PENDING]"))
        .hasCount(3);
    scrubber.fill(scrubber.getAttribute("max"));
    assertThat(time).not().hasText("0.0 s");
    assertThat(trainer.locator("[data-testid=replay-timeline] li[data-outcome=PENDING]"))
        .hasCount(0);
    scrubber.fill("0");
    trainer.getByTestId("replay-play").click();
    assertThat(time).not().hasText("0.0 s");
    trainer.getByTestId("replay-play").click();
    shots(trainer, "exercise-debrief");
    // The numbers the trainer's guide quotes for this exercise, for a person to read in the log.
    System.out.println(
        "MEASURE exercise debrief: "
            + send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "api/exercises/" + id + "/debrief?format=csv")))
                .body());

    // Ann's own debrief, now that it is over: her score and her lab's replay.
    ann.reload();
    assertThat(ann.getByTestId("own-score")).containsText("triage accuracy");
    assertThat(ann.getByTestId("debrief-scenario")).hasText(SCENARIO);
    assertThat(ann.getByTestId("scrubber")).isVisible();
    shots(ann, "exercise-trainee-debrief");
    assertThat(pageErrors).isEmpty();
  }
}
