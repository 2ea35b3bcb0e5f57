package dev.otlab.dashboard.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.detection.Alert;
import dev.otlab.lab.Label;
import dev.otlab.lab.ResponseRecord;
import dev.otlab.lab.RunObserver;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.TraceExport;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.simulator.clock.LabClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The live stream of one job. Runs report everything; a browser keeps up with far less, so samples
 * and allowed flows are thinned to {@link #MAX_SAMPLES_PER_SECOND} per wall second and denials to
 * {@link #MAX_DENIALS_PER_SECOND} (the rest still count in {@code flows}); steps and alerts always
 * go out. Alerts are the run's own, judged as it goes ({@link RunObserver#alert}: the one live
 * judge of a run, whose alerts its defenders are told too, one simulated second behind) and
 * labelled against ground truth; the scorecard's alert list, judged on the whole trace, is final.
 *
 * <p>Flows and denials carry the lab's ground truth ({@code attack}, {@code step}): this stream is
 * the analyst's and trainer's view, which shows the attacker's traffic apart from the plant's.
 *
 * <p>An evaluation with playbooks plays each scenario twice, undefended and defended, maybe at the
 * same time: every event of a run then carries {@code play} ({@link #UNDEFENDED} or {@link
 * #DEFENDED}) beside {@code scenario}, so the two plays of one scenario stay apart.
 */
public final class LiveChannel {

  /** One server-sent event. */
  public record Event(String type, String data) {}

  /** Someone watching. */
  public interface Subscriber {
    void send(Event e);

    void close();
  }

  /** {@code play} of an evaluation's run without its playbooks. */
  public static final String UNDEFENDED = "undefended";

  /** {@code play} of an evaluation's run defended by its playbooks. */
  public static final String DEFENDED = "defended";

  static final int MAX_SAMPLES_PER_SECOND = 5;
  static final int MAX_DENIALS_PER_SECOND = 20;

  /**
   * Kept for late subscribers: few per run, and what a live view cannot reconstruct (and the
   * attacker's entries of {@code flows}).
   */
  static final Set<String> REPLAYED = Set.of("step", "alert", "denied", "progress", "response");

  /** A flood's denials are capped per second already; this bounds a long run's replay. */
  static final int MAX_HISTORY = 2000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LongSupplier nanos;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private final Map<String, long[]> flows = new LinkedHashMap<>();
  private final List<Event> history = new ArrayList<>();
  // Every response of the watched run so far (the history is capped; these are few).
  private final List<String> responses = new CopyOnWriteArrayList<>();
  private @Nullable Event lastStatus;
  private @Nullable Event lastClock;
  // The latest sample, turned into an event only when one goes out: at full speed a run reports
  // hundreds per wall second and all but a few are thinned away.
  private RunTrace.@Nullable Sample lastSample;
  private String lastSampleScenario = "";
  private @Nullable String lastSamplePlay;
  private @Nullable Event lastSampleEvent;
  private long lastFlushNanos;
  private long denialWindowStart;
  private int denialsInWindow;
  private boolean closed;

  /** A channel on the wall clock (thinning is about what a browser can draw per second). */
  public LiveChannel() {
    this(System::nanoTime);
  }

  /** A channel on a given nanosecond clock (tests). */
  LiveChannel(LongSupplier nanos) {
    this.nanos = nanos;
    this.lastFlushNanos = nanos.getAsLong() - 1_000_000_000L;
  }

  /**
   * Adds a subscriber: it first gets the latest status, the steps, alerts, denials, the attacker's
   * flows and progress so far (a run at speed can fire its steps within a second of starting,
   * before a browser is connected), the latest sample, then what happens next. The replay is sent
   * under the lock, so nothing published meanwhile can overtake it.
   */
  public void subscribe(Subscriber s) {
    synchronized (lock) {
      if (lastStatus != null) {
        s.send(lastStatus);
      }
      if (lastClock != null) {
        s.send(lastClock);
      }
      history.forEach(s::send);
      Event sample = lastSampleEvent();
      if (sample != null) {
        s.send(sample);
      }
      if (closed) {
        s.send(new Event("end", lastStatus == null ? "{}" : endData(lastStatus)));
        s.close();
      } else {
        subscribers.add(s);
      }
    }
  }

  /** The {@code response} events so far (their JSON), in the order they were carried out. */
  public List<String> responses() {
    return List.copyOf(responses);
  }

  public void unsubscribe(Subscriber s) {
    subscribers.remove(s);
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  /** Publishes the job's state (also kept for late subscribers). */
  public void status(String json) {
    Event e = new Event("status", json);
    synchronized (lock) {
      lastStatus = e;
    }
    publish(e);
  }

  /**
   * Publishes the run clock's state after someone paused, resumed, re-sped or skipped it (also kept
   * for late subscribers).
   */
  public void clock(String json) {
    Event e = new Event("clock", json);
    synchronized (lock) {
      lastClock = e;
    }
    publish(e);
  }

  /** Publishes an evaluation's progress after each run. */
  public void progress(String json) {
    publish(new Event("progress", json));
  }

  /** Sends what is pending, an {@code end} event, and closes every stream. */
  public void end(String statusJson) {
    flush(true);
    Event status = new Event("status", statusJson);
    List<Subscriber> now;
    synchronized (lock) {
      lastStatus = status;
      closed = true;
      now = List.copyOf(subscribers);
      subscribers.clear();
    }
    for (Subscriber s : now) {
      s.send(status);
      s.send(new Event("end", endData(status)));
      s.close();
    }
  }

  private static String endData(Event status) {
    try {
      ObjectNode n = JSON.createObjectNode();
      n.set("status", JSON.readTree(status.data()).path("status"));
      return JSON.writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      return "{}";
    }
  }

  /**
   * An observer for one scenario run of the job; it wants the run's alerts (a run with a detection
   * profile judges them live).
   *
   * @param scenario scenario id (tags every event, as an evaluation may play two at once)
   * @param clocks told the run's clock, so the job can stop it
   * @param simulated told the simulated time of each sample (progress)
   */
  public RunObserver observer(
      String scenario, Consumer<LabClock> clocks, Consumer<Double> simulated) {
    return observer(scenario, null, clocks, simulated);
  }

  /**
   * An observer for one play of a scenario: {@code play} ({@link #UNDEFENDED}, {@link #DEFENDED})
   * tags its events beside the scenario; null for none (a run, an undefended evaluation).
   */
  public RunObserver observer(
      String scenario,
      @Nullable String play,
      Consumer<LabClock> clocks,
      Consumer<Double> simulated) {
    return new RunLive(scenario, play, clocks, simulated);
  }

  /** Names the run an event is of: its scenario, and its play when it has one. */
  private static void tag(ObjectNode n, String scenario, @Nullable String play) {
    n.put("scenario", scenario);
    if (play != null) {
      n.put("play", play);
    }
  }

  private void publish(Event e) {
    publish(e, REPLAYED.contains(e.type()) ? e : null);
  }

  /** Sends {@code e}, keeping {@code kept} for late subscribers in the same step (no duplicate). */
  private void publish(Event e, @Nullable Event kept) {
    List<Subscriber> targets;
    synchronized (lock) {
      if (kept != null && history.size() < MAX_HISTORY) {
        history.add(kept);
      }
      targets = List.copyOf(subscribers);
    }
    for (Subscriber s : targets) {
      s.send(e);
    }
  }

  private void sample(String scenario, @Nullable String play, RunTrace.Sample sample) {
    Event e = null;
    synchronized (lock) {
      lastSample = sample;
      lastSampleScenario = scenario;
      lastSamplePlay = play;
      lastSampleEvent = null;
      long now = nanos.getAsLong();
      if (now - lastFlushNanos >= 1_000_000_000L / MAX_SAMPLES_PER_SECOND) {
        lastFlushNanos = now;
        e = lastSampleEvent();
      }
    }
    if (e != null) {
      publish(e);
      flush(false);
    }
  }

  /** The latest sample as an event, built once; call under the lock. */
  private @Nullable Event lastSampleEvent() {
    RunTrace.Sample s = lastSample;
    if (lastSampleEvent == null && s != null) {
      ObjectNode n = JSON.createObjectNode();
      n.put("t", s.time());
      tag(n, lastSampleScenario, lastSamplePlay);
      ObjectNode t = n.putObject("true");
      s.trueValues().forEach(t::put);
      ObjectNode h = n.putObject("hmi");
      s.hmiValues().forEach(h::put);
      // What the mimic shows besides values: modes, auto/manual loops, SIS bypass and trips.
      ObjectNode c = n.putObject("controllers");
      s.controllers().forEach((id, state) -> c.set(id, JSON.valueToTree(state)));
      lastSampleEvent = new Event("sample", write(n));
    }
    return lastSampleEvent;
  }

  private void flush(boolean force) {
    Event sample = null;
    ArrayNode list = JSON.createArrayNode();
    ArrayNode attacks = JSON.createArrayNode();
    synchronized (lock) {
      if (force) {
        sample = lastSampleEvent();
      }
      for (Map.Entry<String, long[]> f : flows.entrySet()) {
        String[] k = f.getKey().split("\\|", -1);
        ObjectNode n = list.addObject();
        tag(n, k[0], k[6].isEmpty() ? null : k[6]);
        n.put("conduit", k[1]);
        n.put("source", k[2]);
        n.put("destination", k[3]);
        n.put("protocol", k[4]);
        putLabel(n, k[5].isEmpty() ? null : k[5]);
        n.put("allowed", f.getValue()[0]);
        n.put("denied", f.getValue()[1]);
        if (!k[5].isEmpty()) {
          attacks.add(n);
        }
      }
      flows.clear();
    }
    if (sample != null) {
      publish(sample);
    }
    if (!list.isEmpty()) {
      ObjectNode n = JSON.createObjectNode();
      n.set("flows", list);
      // The attacker's flows are kept for late subscribers (a page opened after the attack still
      // draws it); benign flows are not: they are many and only the moment's traffic.
      Event kept = null;
      if (!attacks.isEmpty()) {
        ObjectNode a = JSON.createObjectNode();
        a.set("flows", attacks);
        kept = new Event("flows", write(a));
      }
      publish(new Event("flows", write(n)), kept);
    }
  }

  /** Ground truth on a flow or denial: {@code attack} always, {@code step} when it is one. */
  private static void putLabel(ObjectNode n, @Nullable String step) {
    n.put("attack", step != null);
    if (step != null) {
      n.put("step", step);
    }
  }

  private void decision(String scenario, @Nullable String play, RelayDecision d, Label label) {
    String step = label instanceof Label.Attack a ? a.step() : null;
    String conduit = d.decision().conduit();
    String key =
        scenario
            + "|"
            + conduit
            + "|"
            + d.sourceHost()
            + "|"
            + d.destinationHost()
            + "|"
            + d.protocol().name()
            + "|"
            + (step == null ? "" : step)
            + "|"
            + (play == null ? "" : play);
    boolean allowed = d.decision().allowed();
    boolean sendDenial = false;
    synchronized (lock) {
      long[] c = flows.computeIfAbsent(key, k -> new long[2]);
      c[allowed ? 0 : 1]++;
      if (!allowed) {
        long second = nanos.getAsLong() / 1_000_000_000L;
        if (second != denialWindowStart) {
          denialWindowStart = second;
          denialsInWindow = 0;
        }
        sendDenial = ++denialsInWindow <= MAX_DENIALS_PER_SECOND;
      }
    }
    if (sendDenial && d.decision() instanceof ConduitDecision.Denied denied) {
      ObjectNode n = JSON.createObjectNode();
      n.put("t", d.time());
      tag(n, scenario, play);
      n.put("conduit", denied.conduit());
      n.put("source", d.sourceHost());
      n.put("destination", d.destinationHost());
      n.put("protocol", d.protocol().name());
      n.put("subject", d.subject());
      n.put("rule", denied.rule());
      n.put("reason", denied.reason());
      putLabel(n, step);
      publish(new Event("denied", write(n)));
    }
  }

  private static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a live event did not serialise", e);
    }
  }

  /** One run's observer: thins and forwards to the channel. */
  private final class RunLive implements RunObserver {
    private final String scenario;
    private final @Nullable String play;
    private final Consumer<LabClock> clocks;
    private final Consumer<Double> simulated;

    RunLive(
        String scenario,
        @Nullable String play,
        Consumer<LabClock> clocks,
        Consumer<Double> simulated) {
      this.scenario = scenario;
      this.play = play;
      this.clocks = clocks;
      this.simulated = simulated;
    }

    @Override
    public void started(LabClock clock) {
      clocks.accept(clock);
    }

    @Override
    public void sample(RunTrace.Sample s) {
      simulated.accept(s.time());
      LiveChannel.this.sample(scenario, play, s);
    }

    @Override
    public void decision(RelayDecision d, Label label) {
      LiveChannel.this.decision(scenario, play, d, label);
    }

    @Override
    public boolean wantsAlerts() {
      return true;
    }

    @Override
    public void alert(RunTrace.LabelledAlert alert) {
      publish(new Event("alert", write(alertNode(alert))));
    }

    @Override
    public void step(RunTrace.StepRecord r) {
      ObjectNode n = JSON.createObjectNode();
      n.put("t", r.start());
      tag(n, scenario, play);
      n.put("step", r.step());
      n.put("technique", r.technique());
      n.put("from", r.fromHost());
      n.put("target", r.target());
      n.put("outcome", r.outcome().name());
      n.put("conduit", r.conduit());
      n.put("rule", r.rule());
      n.put("detail", r.detail());
      publish(new Event("step", write(n)));
    }

    @Override
    public void response(ResponseRecord r) {
      ObjectNode n = JSON.createObjectNode();
      n.put("t", r.time());
      tag(n, scenario, play);
      n.setAll(TraceExport.responseNode(r));
      n.remove("type");
      String data = write(n);
      responses.add(data);
      publish(new Event("response", data));
    }

    private ObjectNode alertNode(RunTrace.LabelledAlert labelled) {
      Alert a = labelled.alert();
      ObjectNode n = JSON.createObjectNode();
      n.put("t", a.time());
      tag(n, scenario, play);
      n.put("id", a.id());
      n.put("detector", a.detector());
      n.put("rule", a.rule());
      n.put("severity", a.severity().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode tech = n.putArray("techniques");
      a.techniques().forEach(tech::add);
      n.put("technique", a.techniques().isEmpty() ? null : a.techniques().get(0));
      ArrayNode hosts = n.putArray("hosts");
      if (a.sourceHost() != null) {
        hosts.add(a.sourceHost());
      }
      if (a.destinationHost() != null) {
        hosts.add(a.destinationHost());
      }
      n.put("summary", a.summary());
      n.put("truePositive", labelled.truePositive());
      return n;
    }
  }
}
