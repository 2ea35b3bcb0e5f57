package dev.otlab.dashboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.lab.Label;
import dev.otlab.lab.RunObserver;
import dev.otlab.lab.RunTrace;
import dev.otlab.network.relay.RelayDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveChannelTest {
  private static final long MS = 1_000_000L;

  /** Records what a subscriber got. */
  private static final class Sink implements LiveChannel.Subscriber {
    final List<LiveChannel.Event> events = new ArrayList<>();
    boolean closed;

    @Override
    public void send(LiveChannel.Event e) {
      events.add(e);
    }

    @Override
    public void close() {
      closed = true;
    }

    List<String> types() {
      return events.stream().map(LiveChannel.Event::type).toList();
    }

    long count(String type) {
      return events.stream().filter(e -> e.type().equals(type)).count();
    }
  }

  private final AtomicLong now = new AtomicLong(1_000_000 * MS);
  private final LiveChannel channel = new LiveChannel(now::get);
  private final RunObserver run = channel.observer("s1", c -> {}, t -> {});

  private static RunTrace.Sample sample(double t) {
    return new RunTrace.Sample(t, Map.of("raw_level", 2.0 + t), Map.of("raw_level", 2.0));
  }

  private static RelayDecision decision(double t, boolean allowed) {
    return LiveRuns.decision(t, allowed, "ws-1");
  }

  /**
   * The live view shows the run's own alerts (the one live judge of a run, which its defenders are
   * told from), as the run labelled them: a true one, and the same alert judged false.
   */
  @Test
  void theRunsAlertsGoOutWithTheirLabel() {
    assertThat(run.wantsAlerts()).isTrue();
    Sink s = new Sink();
    channel.subscribe(s);
    RunTrace.LabelledAlert judged = LiveRuns.repeatedRefusals("pump-on").get(0);
    run.alert(judged);
    run.alert(new RunTrace.LabelledAlert(judged.alert(), null));
    assertThat(s.events)
        .filteredOn(e -> e.type().equals("alert"))
        .extracting(LiveChannel.Event::data)
        .satisfiesExactly(
            d ->
                assertThat(d)
                    .contains(
                        "\"scenario\":\"s1\"",
                        "\"detector\":\"firewall\"",
                        "\"rule\":\"firewall-repeated-denials\"",
                        "\"hosts\":[\"ws-1\"",
                        "\"truePositive\":true"),
            d -> assertThat(d).contains("\"truePositive\":false"));
    // Alerts are few and what a late page cannot reconstruct: they are replayed.
    Sink late = new Sink();
    channel.subscribe(late);
    assertThat(late.count("alert")).isEqualTo(2);
  }

  @Test
  void samplesAreThinnedToWhatABrowserDraws() {
    Sink s = new Sink();
    channel.subscribe(s);
    for (int i = 0; i < 100; i++) {
      run.sample(sample(i));
    }
    // The wall clock did not move: one sample went out, the other 99 only replaced the latest.
    assertThat(s.count("sample")).isEqualTo(1);
    now.addAndGet(1000 / LiveChannel.MAX_SAMPLES_PER_SECOND * MS);
    run.sample(sample(100));
    assertThat(s.count("sample")).isEqualTo(2);
    assertThat(s.events.get(s.events.size() - 1).data()).contains("\"t\":100.0");
  }

  /** The mimic learns modes, manual loops, bypass and trips from the sample event. */
  @Test
  void aSampleCarriesTheControllersState() {
    Sink s = new Sink();
    channel.subscribe(s);
    run.sample(
        new RunTrace.Sample(
            5,
            Map.of("raw_level", 3.95),
            Map.of(),
            Map.of(
                "plc-intake",
                new RunTrace.ControllerState(
                    "plc", "STOP", Map.of("inflow_valve", false), List.of(), List.of()),
                "sis-water",
                new RunTrace.ControllerState(
                    "sis", "RUN", Map.of(), List.of("raw_high_trip"), List.of()))));
    String data = s.events.get(s.events.size() - 1).data();
    assertThat(data)
        .contains(
            "\"plc-intake\":{\"kind\":\"plc\",\"mode\":\"STOP\",\"auto\":{\"inflow_valve\":false}",
            "\"sis-water\":{\"kind\":\"sis\",\"mode\":\"RUN\",\"auto\":{},"
                + "\"bypassed\":[\"raw_high_trip\"],\"tripped\":[]}");
    // A sample of values only (a trace recorded without states) sends an empty object.
    now.addAndGet(1000 * MS);
    run.sample(sample(6));
    assertThat(s.events.get(s.events.size() - 1).data()).contains("\"controllers\":{}");
  }

  @Test
  void allowedFlowsAreSummedAndDenialsCappedButCounted() {
    Sink s = new Sink();
    channel.subscribe(s);
    run.sample(sample(0));
    for (int i = 0; i < 30; i++) {
      run.decision(decision(i, true), Label.BENIGN);
    }
    for (int i = 0; i < 50; i++) {
      run.decision(decision(i, false), Label.BENIGN);
    }
    assertThat(s.count("denied")).isEqualTo(LiveChannel.MAX_DENIALS_PER_SECOND);
    now.addAndGet(1000 * MS);
    run.sample(sample(1));
    LiveChannel.Event flows =
        s.events.stream().filter(e -> e.type().equals("flows")).findFirst().orElseThrow();
    assertThat(flows.data())
        .contains("\"conduit\":\"ops-control\"", "\"allowed\":30", "\"denied\":50");
  }

  /**
   * The attacker's traffic is told apart from the plant's on the same route: allowed flows are
   * summed per label (benign polling and the step's writes are two entries) and a denial names its
   * step.
   */
  @Test
  void flowsAndDenialsCarryTheGroundTruthLabel() throws Exception {
    Sink s = new Sink();
    channel.subscribe(s);
    run.sample(sample(0));
    for (int i = 0; i < 3; i++) {
      run.decision(decision(i, true), Label.BENIGN);
    }
    run.decision(decision(3, true), Label.attack("pump-on"));
    run.decision(decision(4, false), Label.attack("pump-on"));
    run.decision(decision(5, false), Label.BENIGN);
    now.addAndGet(1000 * MS);
    run.sample(sample(1));

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> denied = new ArrayList<>();
    JsonNode flows = null;
    for (LiveChannel.Event e : s.events) {
      if (e.type().equals("denied")) {
        denied.add(json.readTree(e.data()));
      } else if (e.type().equals("flows")) {
        flows = json.readTree(e.data()).path("flows");
      }
    }
    assertThat(denied).hasSize(2);
    assertThat(denied.get(0).path("attack").asBoolean()).isTrue();
    assertThat(denied.get(0).path("step").asText()).isEqualTo("pump-on");
    assertThat(denied.get(1).path("attack").asBoolean()).isFalse();
    assertThat(denied.get(1).has("step")).isFalse();

    assertThat(flows).isNotNull().hasSize(2);
    JsonNode benign = flows.get(0);
    JsonNode attack = flows.get(1);
    assertThat(benign.path("attack").asBoolean()).isFalse();
    assertThat(benign.path("allowed").asLong()).isEqualTo(3);
    assertThat(benign.path("denied").asLong()).isEqualTo(1);
    assertThat(attack.path("attack").asBoolean()).isTrue();
    assertThat(attack.path("step").asText()).isEqualTo("pump-on");
    assertThat(attack.path("allowed").asLong()).isEqualTo(1);
    assertThat(attack.path("denied").asLong()).isEqualTo(1);
    assertThat(attack.path("source").asText()).isEqualTo("ws-1");

    // A page opened later still draws the attack: the attacker's flows are replayed, not the rest.
    Sink late = new Sink();
    channel.subscribe(late);
    List<JsonNode> replayed = new ArrayList<>();
    for (LiveChannel.Event e : late.events) {
      if (e.type().equals("flows")) {
        replayed.add(json.readTree(e.data()).path("flows"));
      }
    }
    assertThat(replayed).singleElement().satisfies(f -> assertThat(f).hasSize(1));
    assertThat(replayed.get(0).get(0).path("step").asText()).isEqualTo("pump-on");
    assertThat(replayed.get(0).get(0).path("allowed").asLong()).isEqualTo(1);
  }

  /**
   * A defended evaluation plays one scenario undefended and defended at once: every event names its
   * play, and the two plays' traffic on one route stays two entries; a run's events name none.
   */
  @Test
  void theTwoPlaysOfADefendedEvaluationStayApart() throws Exception {
    RunObserver undefended = channel.observer("s1", LiveChannel.UNDEFENDED, c -> {}, t -> {});
    RunObserver defended = channel.observer("s1", LiveChannel.DEFENDED, c -> {}, t -> {});
    Sink s = new Sink();
    channel.subscribe(s);
    undefended.sample(sample(0));
    for (int i = 0; i < 3; i++) {
      undefended.decision(decision(i, true), Label.BENIGN);
    }
    defended.decision(decision(1, true), Label.BENIGN);
    defended.decision(decision(2, false), Label.attack("pump-on"));
    defended.step(
        new RunTrace.StepRecord(
            "pump-on", "T0855", 2.0, "ws-1", null, RunTrace.Outcome.BLOCKED, "ent-dmz", null, "x"));
    run.decision(decision(2, true), Label.BENIGN);
    now.addAndGet(1000 * MS);
    defended.sample(sample(1));

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> flows = new ArrayList<>();
    List<String> samples = new ArrayList<>();
    List<String> defendedOnly = new ArrayList<>();
    for (LiveChannel.Event e : s.events) {
      JsonNode n = json.readTree(e.data());
      switch (e.type()) {
        case "flows" -> n.path("flows").forEach(flows::add);
        case "sample" -> samples.add(n.path("play").asText());
        case "denied", "step" -> defendedOnly.add(e.type() + " " + n.path("play").asText());
        default -> {}
      }
    }
    assertThat(defendedOnly).containsExactlyInAnyOrder("denied defended", "step defended");
    // The sample of t=0 went out as the undefended play's, the one of t=1 as the defended's.
    assertThat(samples).containsExactly(LiveChannel.UNDEFENDED, LiveChannel.DEFENDED);
    // One route, three runs: the undefended play's, the defended play's and the run's own.
    assertThat(flows)
        .filteredOn(f -> f.path("allowed").asLong() > 0)
        .extracting(f -> f.path("play").asText("none") + " " + f.path("allowed").asLong())
        .containsExactlyInAnyOrder("undefended 3", "defended 1", "none 1");
    assertThat(flows)
        .filteredOn(f -> f.path("attack").asBoolean())
        .singleElement()
        .satisfies(f -> assertThat(f.path("play").asText()).isEqualTo(LiveChannel.DEFENDED));
  }

  @Test
  void stepsGoOutAtOnceAndTheEndFlushesAndCloses() {
    Sink s = new Sink();
    channel.status("{\"status\":\"running\"}");
    channel.subscribe(s);
    run.sample(sample(0));
    run.sample(sample(1));
    run.step(
        new RunTrace.StepRecord(
            "scan", "T0846", 1.0, "ws-1", null, RunTrace.Outcome.BLOCKED, "ent-dmz", null, "x"));
    assertThat(s.types()).containsExactly("status", "sample", "step");
    channel.end("{\"status\":\"finished\"}");
    // The held-back sample of t=1 is sent before the end.
    assertThat(s.types()).containsExactly("status", "sample", "step", "sample", "status", "end");
    assertThat(s.events.get(s.events.size() - 1).data()).isEqualTo("{\"status\":\"finished\"}");
    assertThat(s.closed).isTrue();

    Sink late = new Sink();
    channel.subscribe(late);
    // A late subscriber gets the status, the steps so far, the last sample and the end.
    assertThat(late.types()).containsExactly("status", "step", "sample", "end");
    assertThat(late.closed).isTrue();
    assertThat(channel.subscriberCount()).isZero();
  }

  @Test
  void aSubscriberThatJoinsLateGetsTheStepsAndDenialsSoFarFirst() {
    channel.status("{\"status\":\"running\"}");
    run.decision(decision(1, false), Label.BENIGN);
    run.step(
        new RunTrace.StepRecord(
            "scan", "T0846", 1.0, "ws-1", null, RunTrace.Outcome.BLOCKED, "ent-dmz", null, "x"));
    run.sample(sample(2));
    Sink late = new Sink();
    channel.subscribe(late);
    assertThat(late.types()).containsExactly("status", "denied", "step", "sample");
    run.step(
        new RunTrace.StepRecord(
            "write", "T0855", 3.0, "ws-1", null, RunTrace.Outcome.FAILED, null, null, "y"));
    assertThat(late.types()).containsExactly("status", "denied", "step", "sample", "step");
  }

  @Test
  void aSubscriberThatLeftGetsNothingMore() {
    Sink s = new Sink();
    channel.subscribe(s);
    channel.unsubscribe(s);
    run.step(
        new RunTrace.StepRecord(
            "scan", "T0846", 1.0, "ws-1", null, RunTrace.Outcome.BLOCKED, "ent-dmz", null, "x"));
    assertThat(s.events).isEmpty();
  }

  @Test
  void theReportEscapesWhatUsersWrote() {
    assertThat(Report.esc("<script>alert('x')</script> & \"q\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  }
}
