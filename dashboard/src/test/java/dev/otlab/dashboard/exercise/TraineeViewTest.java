package dev.otlab.dashboard.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.dashboard.jobs.LiveChannel;
import dev.otlab.dashboard.jobs.LiveRuns;
import dev.otlab.lab.Label;
import dev.otlab.lab.ResponseRecord;
import dev.otlab.lab.RunObserver;
import dev.otlab.lab.RunTrace;
import dev.otlab.library.ResponseAction;
import dev.otlab.network.relay.RelayDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A real live channel plays every kind of event a run sends, each carrying ground truth (an attack
 * step's traffic and refusals, the step itself, a true alert, true values apart from the HMI's, a
 * bypassed SIS, the scenario's id, a verdict); the trainee's view lets none of it through.
 */
class TraineeViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCENARIO = "hidden-scenario-x";
  private static final String STEP = "pump-on-step";

  /** Records what a subscriber got. */
  private static final class Sink implements LiveChannel.Subscriber {
    final List<LiveChannel.Event> events = new ArrayList<>();

    @Override
    public void send(LiveChannel.Event e) {
      events.add(e);
    }

    @Override
    public void close() {}

    Set<String> types() {
      Set<String> t = new TreeSet<>();
      events.forEach(e -> t.add(e.type()));
      return t;
    }
  }

  private static RelayDecision decision(double t, boolean allowed, String source) {
    return LiveRuns.decision(t, allowed, source);
  }

  /** Every event type of a run, as a real channel sends it; the ground truth is in them. */
  private static List<LiveChannel.Event> everyEvent() {
    LiveChannel channel = new LiveChannel();
    Sink raw = new Sink();
    channel.subscribe(raw);
    RunObserver run = channel.observer(SCENARIO, c -> {}, t -> {});
    channel.status(
        "{\"id\":\"j1\",\"status\":\"running\",\"params\":{\"scenario\":\""
            + SCENARIO
            + "\"},\"summary\":{\"outcome\":\"REACHED\"},\"clock\":{\"paused\":false,"
            + "\"speed\":\"10\",\"skipping\":false,\"time\":3.0}}");
    channel.clock("{\"paused\":true,\"speed\":\"10\",\"skipping\":false,\"time\":3.0}");
    run.sample(
        new RunTrace.Sample(
            1,
            Map.of("raw_level", 4.8125),
            Map.of("raw_level", 2.5),
            Map.of(
                "sis-1",
                new RunTrace.ControllerState(
                    "sis", "RUN", Map.of(), List.of("raw_level_high"), List.of()))));
    run.decision(decision(2, true, "hmi-1"), Label.BENIGN);
    run.decision(decision(2, true, "ws-1"), Label.attack(STEP));
    run.decision(decision(2, false, "ws-1"), Label.attack(STEP));
    run.step(
        new RunTrace.StepRecord(
            STEP,
            "T0855",
            60.0,
            "ws-1",
            "plc-intake",
            RunTrace.Outcome.BLOCKED,
            "ent-dmz",
            null,
            "refused"));
    run.sample(new RunTrace.Sample(60, Map.of("raw_level", 4.8125), Map.of("raw_level", 2.5)));
    // The trainee's own response: its record passes (the live event also names the scenario).
    run.response(
        new ResponseRecord(
            61,
            61,
            "trainee:ana",
            "ws-1 writes to the intake PLC",
            new ResponseAction.IsolateHost("ws-1"),
            true,
            "isolated ws-1",
            List.of("ws-1 reaches no other host")));
    // The alert the run judged at t=61 of the attacker's refused connections, true.
    LiveRuns.repeatedRefusals(STEP).forEach(run::alert);
    run.sample(new RunTrace.Sample(62, Map.of("raw_level", 4.8125), Map.of("raw_level", 2.5)));
    channel.progress(
        "{\"index\":1,\"total\":1,\"scenario\":\"" + SCENARIO + "\",\"result\":\"x\"}");
    channel.end(
        "{\"id\":\"j1\",\"status\":\"finished\",\"params\":{\"scenario\":\""
            + SCENARIO
            + "\"},\"summary\":{\"outcome\":\"REACHED\",\"harm\":0.7}}");
    // The channel sent the ground truth this test looks for: the test can fail.
    assertThat(raw.types())
        .containsExactlyInAnyOrder(
            "status",
            "clock",
            "sample",
            "flows",
            "denied",
            "step",
            "alert",
            "progress",
            "response",
            "end");
    assertThat(raw.events)
        .anySatisfy(e -> assertThat(e.data()).contains("\"truePositive\":true"))
        .anySatisfy(e -> assertThat(e.data()).contains("\"attack\":true", STEP))
        .anySatisfy(e -> assertThat(e.data()).contains("4.8125", "raw_level_high"));
    return raw.events;
  }

  @Test
  void noGroundTruthReachesATrainee() {
    List<LiveChannel.Event> filtered = new ArrayList<>();
    for (LiveChannel.Event e : everyEvent()) {
      TraineeView.filter(e).ifPresent(filtered::add);
    }
    assertThat(filtered).extracting(LiveChannel.Event::type).doesNotContain("step", "progress");
    for (LiveChannel.Event e : filtered) {
      assertThat(e.data())
          .as(e.type())
          .doesNotContain(
              "truePositive",
              "attack",
              STEP,
              SCENARIO,
              "scenario",
              "\"true\"",
              "4.8125",
              "bypassed",
              "raw_level_high",
              "summary\":{",
              "REACHED",
              "harm");
    }
  }

  @Test
  void aTraineeSeesWhatAnAnalystAndAnOperatorWould() throws Exception {
    Map<String, JsonNode> last = new java.util.HashMap<>();
    for (LiveChannel.Event e : everyEvent()) {
      Optional<LiveChannel.Event> f = TraineeView.filter(e);
      // The first sample carries the controllers (the ones after it carry values only).
      if (f.isPresent() && !(e.type().equals("sample") && last.containsKey("sample"))) {
        last.put(e.type(), JSON.readTree(f.get().data()));
      }
    }
    JsonNode alert = last.get("alert");
    assertThat(alert.path("id").asText()).isNotEmpty();
    assertThat(alert.path("detector").asText()).isEqualTo("firewall");
    assertThat(alert.path("hosts").toString()).contains("ws-1");
    JsonNode sample = last.get("sample");
    assertThat(sample.path("hmi").path("raw_level").asDouble()).isEqualTo(2.5);
    assertThat(sample.path("controllers").path("sis-1").path("mode").asText()).isEqualTo("RUN");
    JsonNode denied = last.get("denied");
    assertThat(denied.path("source").asText()).isEqualTo("ws-1");
    assertThat(denied.path("reason").asText()).isEqualTo("no rule allows it");
    // The benign and the attacker's flows of one route are one entry: its count gives no label.
    JsonNode flows = last.get("flows").path("flows");
    assertThat(flows).hasSize(2);
    long ws1Allowed = 0;
    for (JsonNode f : flows) {
      if (f.path("source").asText().equals("ws-1")) {
        ws1Allowed += f.path("allowed").asLong();
        assertThat(f.path("denied").asLong()).isEqualTo(1);
      }
    }
    assertThat(ws1Allowed).isEqualTo(1);
    JsonNode response = last.get("response");
    assertThat(response.path("who").asText()).isEqualTo("trainee:ana");
    assertThat(response.path("action").path("kind").asText()).isEqualTo("isolate-host");
    assertThat(response.path("done").asBoolean()).isTrue();
    assertThat(response.path("effects").toString()).contains("reaches no other host");
    assertThat(response.has("scenario")).isFalse();
    assertThat(last.get("clock").path("paused").asBoolean()).isTrue();
    assertThat(last.get("status").path("status").asText()).isEqualTo("finished");
    assertThat(last.get("end").path("status").asText()).isEqualTo("finished");
  }

  @Test
  void anUnknownEventTypeStaysOut() {
    assertThat(TraineeView.filter(new LiveChannel.Event("verdict", "{\"who\":\"x\"}"))).isEmpty();
    assertThat(TraineeView.filter(new LiveChannel.Event("alert", "not json"))).isEmpty();
  }

  /**
   * A late trainee gets the channel's replay; its history keeps the attacker's flows apart, so the
   * replay's flows are dropped, and timed hints come out as the lab's time reaches them.
   */
  @Test
  void aLateTraineeGetsNoReplayedAttackFlowsAndTheirHintsInTime() {
    LiveChannel channel = new LiveChannel();
    RunObserver run = channel.observer(SCENARIO, c -> {}, t -> {});
    run.decision(decision(2, true, "ws-1"), Label.attack(STEP));
    run.sample(new RunTrace.Sample(3, Map.of("raw_level", 4.8125), Map.of("raw_level", 2.5)));
    Sink out = new Sink();
    TraineeStream s =
        new TraineeStream(
            List.of(new ExerciseSpec.Hint("by hand", null), new ExerciseSpec.Hint("at 100", 100.0)),
            Set.of(0),
            out);
    s.attach(channel, () -> {});
    assertThat(out.types()).contains("hint", "sample").doesNotContain("flows");
    assertThat(out.events).filteredOn(e -> e.type().equals("hint")).hasSize(1);
    run.sample(new RunTrace.Sample(100, Map.of("raw_level", 4.8125), Map.of("raw_level", 2.5)));
    run.decision(decision(101, true, "hmi-1"), Label.BENIGN);
    channel.end("{\"status\":\"finished\"}");
    assertThat(out.events)
        .filteredOn(e -> e.type().equals("hint"))
        .extracting(LiveChannel.Event::data)
        .containsExactly(
            "{\"index\":0,\"text\":\"by hand\",\"at\":null}",
            "{\"index\":1,\"text\":\"at 100\",\"at\":100.0}");
    // Live flows (not replayed) do reach the trainee, without their label.
    assertThat(out.types()).contains("flows", "end");
  }
}
