package dev.otlab.dashboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service is SIGKILLed in the middle of an evaluation (on the embedded H2 file): after a
 * restart on the same data folder nothing that had finished is lost, the cut-off evaluation shows
 * as interrupted, and it can be rerun.
 */
class RestartIT {
  private static final String ARCHITECTURE = "water-treatment-flat";
  // Twin and three scenarios of the water plant, two at a time: long enough that the first
  // scorecard is stored well before the last.
  private static final String SUITE = "smoke";

  @TempDir Path data;

  private final List<ServiceProcess> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(ServiceProcess::close);
  }

  private ServiceProcess start(String name) throws Exception {
    ServiceProcess s = ServiceProcess.start(name, data, Map.of());
    started.add(s);
    return s;
  }

  @Test
  void aSigkillDuringAnEvaluationLosesNothingFinishedAndTheEvaluationCanBeRerun() throws Exception {
    ServiceProcess first = start("restart-1-killed");

    // A run that ends before the kill.
    HttpResponse<String> r =
        first.post(
            "/api/runs", "{\"architecture\":\"" + ARCHITECTURE + "\",\"scenario\":\"wt-recon\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String runId = ServiceProcess.json(r).path("id").asText();
    JsonNode runBefore = first.awaitFinished("/api/runs/" + runId);
    String runCard = first.text("/api/runs/" + runId + "/scorecard");
    String runTrace = first.text("/api/runs/" + runId + "/trace?format=jsonl");
    String runCsv = first.text("/api/runs/" + runId + "/trace?format=csv");
    String runAlerts = first.text("/api/runs/" + runId + "/alerts?format=jsonl");
    assertThat(runTrace.lines()).as("trace lines").isNotEmpty();

    // An evaluation, SIGKILLed the moment its first scenario is stored: the live stream's
    // progress event comes right after the scenario's rows are committed, so anything a database
    // only flushes later is lost here.
    List<String> scenarios = scenariosOfSuite(first);
    r =
        first.post(
            "/api/evaluations",
            "{\"architecture\":\"" + ARCHITECTURE + "\",\"suite\":\"" + SUITE + "\",\"seeds\":1}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String evalId = ServiceProcess.json(r).path("id").asText();
    String evalPath = "/api/evaluations/" + evalId;
    JsonNode progress =
        ServiceProcess.JSON.readTree(first.firstEvent(evalPath + "/live", "progress"));
    JsonNode before = first.json(evalPath);
    assertThat(first.kill()).as("exit code of a SIGKILLed JVM").isEqualTo(137);

    assertThat(before.path("status").asText()).as("%s", before).isEqualTo("running");
    assertThat(before.path("progress").path("runs").asInt()).as("%s", before).isGreaterThan(0);
    // Runs are stored in suite order, so the first k of the suite are the finished ones.
    int finished = before.path("progress").path("runs").asInt();
    assertThat(finished).as("%s", before).isLessThan(scenarios.size());
    List<String> done = scenarios.subList(0, finished);
    assertThat(progress.path("scenario").asText()).isEqualTo(scenarios.get(0));

    ServiceProcess second = start("restart-2-after-kill");

    JsonNode e = second.json(evalPath);
    assertThat(e.path("status").asText()).as("%s", e).isEqualTo("interrupted");
    assertThat(e.path("error").path("code").asText()).as("%s", e).isEqualTo("JOB_INTERRUPTED");
    assertThat(e.path("error").path("remedy").asText()).isNotBlank();
    assertThat(e.path("finished").isNull()).as("an interrupted job has an end time").isFalse();
    assertThat(e.path("params")).isEqualTo(before.path("params"));
    assertThat(ids(second.json("/api/evaluations?status=interrupted"))).contains(evalId);

    for (String s : done) {
      HttpResponse<String> card = second.get(evalPath + "/scorecards/" + s);
      assertThat(card.statusCode())
          .as("scorecard of %s, stored before the kill: %s", s, card.body())
          .isEqualTo(200);
      assertThat(ServiceProcess.json(card).path("scenario").asText()).isEqualTo(s);
      HttpResponse<String> alerts = second.get(evalPath + "/alerts?format=jsonl&scenario=" + s);
      assertThat(alerts.statusCode()).as("alerts of %s: %s", s, alerts.body()).isEqualTo(200);
      for (String line : alerts.body().lines().toList()) {
        assertThat(ServiceProcess.JSON.readTree(line).path("detector").isTextual())
            .as(line)
            .isTrue();
      }
      HttpResponse<String> cef = second.get(evalPath + "/alerts?format=cef&scenario=" + s);
      assertThat(cef.statusCode()).isEqualTo(200);
      assertThat(cef.body().lines().count()).isEqualTo(alerts.body().lines().count());
    }
    assertThat(e.path("progress").path("runs").asInt())
        .as("stored progress %s", e)
        .isGreaterThanOrEqualTo(finished);
    // The evaluation as a whole did not finish: no result, and the answer says to rerun.
    HttpResponse<String> result = second.get(evalPath + "/result");
    assertThat(result.statusCode()).as(result.body()).isEqualTo(404);
    assertThat(ServiceProcess.json(result).path("code").asText()).isEqualTo("ARTIFACT_MISSING");
    HttpResponse<String> unplayed =
        second.get(evalPath + "/scorecards/" + scenarios.get(scenarios.size() - 1));
    assertThat(unplayed.statusCode()).as(unplayed.body()).isEqualTo(404);

    JsonNode runAfter = second.json("/api/runs/" + runId);
    assertThat(runAfter.path("status").asText()).isEqualTo("finished");
    assertThat(runAfter.path("summary")).isEqualTo(runBefore.path("summary"));
    assertThat(runAfter.path("finished")).isEqualTo(runBefore.path("finished"));
    assertThat(second.text("/api/runs/" + runId + "/scorecard")).isEqualTo(runCard);
    assertThat(second.text("/api/runs/" + runId + "/trace?format=jsonl")).isEqualTo(runTrace);
    assertThat(second.text("/api/runs/" + runId + "/trace?format=csv")).isEqualTo(runCsv);
    assertThat(second.text("/api/runs/" + runId + "/alerts?format=jsonl")).isEqualTo(runAlerts);

    HttpResponse<String> again = second.post(evalPath + "/rerun", "");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
    JsonNode rerun = ServiceProcess.json(again);
    String rerunId = rerun.path("id").asText();
    assertThat(rerunId).isNotBlank().isNotEqualTo(evalId);
    assertThat(rerun.path("rerunOf").asText()).isEqualTo(evalId);
    assertThat(rerun.path("params")).isEqualTo(e.path("params"));
    assertThat(rerun.path("status").asText()).isIn("queued", "running");
    // It resumes: what the killed service stored is kept (the inputs' fingerprint is the same in
    // this new process), only the rest is played.
    int stored = e.path("progress").path("runs").asInt();
    JsonNode[] resuming = new JsonNode[1];
    await("the rerun to take over the stored scenarios")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              resuming[0] = second.json("/api/evaluations/" + rerunId);
              return resuming[0].path("progress").path("resumed").asInt() > 0
                  || !Set.of("queued", "running").contains(resuming[0].path("status").asText());
            });
    assertThat(resuming[0].path("progress").path("resumed").asInt())
        .as("%s", resuming[0])
        .isGreaterThanOrEqualTo(stored)
        .isLessThan(scenarios.size());

    // Not played to the end here (the first evaluation showed that it plays): cancelled, it
    // must end as cancelled and leave the interrupted one as it was.
    HttpResponse<String> cancel = second.post("/api/evaluations/" + rerunId + "/cancel", "");
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
    JsonNode[] ended = new JsonNode[1];
    await("the rerun to end after cancel")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              ended[0] = second.json("/api/evaluations/" + rerunId);
              return !Set.of("queued", "running").contains(ended[0].path("status").asText());
            });
    assertThat(ended[0].path("status").asText()).as("%s", ended[0]).isEqualTo("cancelled");
    assertThat(second.json(evalPath).path("status").asText()).isEqualTo("interrupted");
  }

  /** The suite's scenarios for the architecture's plant, as the library lists them. */
  private static List<String> scenariosOfSuite(ServiceProcess s) throws Exception {
    String plant =
        s.json("/api/library/architectures/" + ARCHITECTURE).path("spec").path("plant").asText();
    Set<String> ofPlant = new HashSet<>();
    for (JsonNode sc : s.json("/api/library/scenarios")) {
      if (sc.path("plant").asText().equals(plant)) {
        ofPlant.add(sc.path("id").asText());
      }
    }
    List<String> out = new ArrayList<>();
    for (JsonNode id : s.json("/api/library/suites/" + SUITE).path("scenarios")) {
      if (ofPlant.contains(id.asText())) {
        out.add(id.asText());
      }
    }
    assertThat(out).as("scenarios of suite %s for plant %s", SUITE, plant).hasSizeGreaterThan(1);
    return out;
  }

  private static Set<String> ids(JsonNode list) {
    Set<String> out = new HashSet<>();
    list.forEach(j -> out.add(j.path("id").asText()));
    return out;
  }
}
