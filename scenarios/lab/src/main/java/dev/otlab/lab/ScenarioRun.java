package dev.otlab.lab;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.attacks.Technique;
import dev.otlab.core.OtlabException;
import dev.otlab.detection.Alert;
import dev.otlab.detection.DetectionEngine;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ResponseAction;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitLog;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.capture.TrafficCapture;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.operations.BenignOperations;
import dev.otlab.operations.OperationRecord;
import dev.otlab.operations.OperationsOptions;
import dev.otlab.process.LimitCrossing;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.OverrideSpec;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plc.SoftPlc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Plays one scenario against one architecture: starts the lab and its benign operations, runs the
 * steps on the lab clock as their triggers fire, and collects the run trace. Steps and benign
 * operations both run on the clock thread, one at a time, so protocol events are labelled by who
 * was acting when they happened, and the same seed gives the same outcomes.
 */
public final class ScenarioRun {

  /**
   * How to run.
   *
   * @param seed seed of the lab clock
   * @param speed clock speed
   * @param pki OPC UA certificate folder
   * @param progress called with each finished step (for live output), may ignore
   * @param detection the detection profile fed with what the sensors saw, or null for none
   * @param observer sees the run while it plays (live views)
   */
  public record Options(
      long seed,
      Speed speed,
      Path pki,
      Consumer<RunTrace.StepRecord> progress,
      @Nullable DetectionProfile detection,
      RunObserver observer) {

    /** Without detection. */
    public Options(long seed, Speed speed, Path pki, Consumer<RunTrace.StepRecord> progress) {
      this(seed, speed, pki, progress, null, RunObserver.NONE);
    }

    /** Without an observer. */
    public Options(
        long seed,
        Speed speed,
        Path pki,
        Consumer<RunTrace.StepRecord> progress,
        @Nullable DetectionProfile detection) {
      this(seed, speed, pki, progress, detection, RunObserver.NONE);
    }
  }

  private final ScenarioSpec scenario;
  private final ArchitectureSpec architecture;
  private final Options options;
  private Wiring wiring = Wiring.EMBEDDED;
  private final Map<String, Technique> techniques = ScenarioLoader.techniques();
  private final List<RunTrace.StepRecord> steps = new CopyOnWriteArrayList<>();
  // Events, decisions and operations arrive from relay and client threads by the tens of
  // thousands and are read only once, when the trace is made: a synchronized list keeps their
  // arrival order as a copy-on-write list did, without copying the whole array on every add.
  private final List<RunTrace.LabelledEvent> events =
      Collections.synchronizedList(new ArrayList<>());
  private final List<RelayDecision> decisions = Collections.synchronizedList(new ArrayList<>());
  private final List<RunTrace.LabelledRecord> firewall =
      Collections.synchronizedList(new ArrayList<>());
  private final Map<String, ConduitLog> logs = new HashMap<>();
  private final List<OperationRecord> operations = Collections.synchronizedList(new ArrayList<>());
  private final List<RunTrace.Sample> samples = new ArrayList<>();
  private final List<RunTrace.SisTrip> sisTrips = new ArrayList<>();
  private final Map<String, Double> hmiView = new ConcurrentHashMap<>();
  private final Map<String, ConduitDecision.Denied> lastDenial = new ConcurrentHashMap<>();
  private final Map<String, List<ScenarioSpec.Step>> waiting = new HashMap<>();
  private final Set<String> started = new HashSet<>();
  // Steps a trainer injected before their own trigger fired (clock thread only): that trigger no
  // longer starts them. The clock, once the run plays, for injects from other threads.
  private final Set<String> injected = new HashSet<>();
  private volatile @Nullable LabClock playing;
  private volatile Label actor = Label.BENIGN;
  // Step executions scheduled on the clock and not yet started: the outcome waits for them.
  private int scheduled;
  private @Nullable RunOutcome outcome;
  private @Nullable Lab lab;
  // The host the acting foothold stands on while a step runs; each foothold's position, by id,
  // between steps. Both only on the clock thread.
  private @Nullable String attackerHost;
  private final Map<String, @Nullable String> positions = new LinkedHashMap<>();
  // The accounts as defenders left them, and the attacker's wallet (one for all footholds).
  private final Accounts accounts = new Accounts();
  private final Wallet wallet = new Wallet(accounts);
  // The running benign operations, for the live sessions a hijack takes over.
  private volatile @Nullable BenignOperations benign;
  private long captureLimit;
  private @Nullable TrafficCapture capture;
  // The defenders and what they did: responses are carried out on the clock thread by the
  // responder, which exists while the lab runs (so respond() from another thread finds it or not).
  private List<Defender> defenders = List.of();
  private final List<ResponseRecord> responses = Collections.synchronizedList(new ArrayList<>());
  private volatile @Nullable Responder responder;
  // The run's one live judge of alerts (with a detection profile, for defenders or an observer
  // that wants alerts): defenders are told its alerts, the observer the same alerts labelled.
  private @Nullable LiveAlerts live;
  private boolean observedAlerts;

  public ScenarioRun(ScenarioSpec scenario, ArchitectureSpec architecture, Options options) {
    requireSamePlant(scenario, architecture);
    this.scenario = scenario;
    this.architecture = withAttachedHosts(scenario, architecture);
    this.options = options;
    scenario.credentials().forEach(g -> wallet.obtain(g.account(), g.how()));
    for (ConduitSpec c : architecture.conduits()) {
      logs.put(c.id(), c.log());
    }
  }

  /**
   * The architecture with a host for every foothold the scenario attaches (a rogue laptop, a
   * vendor's laptop on the VPN), plugged into the first zone of the host it is attached beside. A
   * foothold attached beside a host the architecture lacks attaches nowhere: it starts nowhere.
   */
  static ArchitectureSpec withAttachedHosts(ScenarioSpec scenario, ArchitectureSpec arch) {
    ArchitectureSpec out = arch;
    for (ScenarioSpec.Foothold f : scenario.footholds()) {
      if (!f.attached()) {
        continue;
      }
      Optional<String> beside = place(arch, f.attach());
      if (beside.isEmpty()) {
        continue;
      }
      if (arch.host(f.id()).isPresent()) {
        throw new OtlabException(
            "RUN_FOOTHOLD_CLASH",
            "Scenario '"
                + scenario.id()
                + "' attaches a host '"
                + f.id()
                + "', and architecture '"
                + arch.id()
                + "' has a host of that id already.",
            "Rename the attached foothold in the scenario, e.g. rogue-" + f.id() + ".");
      }
      HostSpec near = arch.host(beside.get()).orElseThrow();
      HostRole role =
          "vendor-laptop".equals(f.how()) ? HostRole.VENDOR_REMOTE : HostRole.WORKSTATION;
      out =
          out.withHost(
              new HostSpec(
                  f.id(),
                  List.of(near.zone()),
                  role,
                  null,
                  Posture.DEFAULT,
                  "attached for the run beside "
                      + near.id()
                      + (f.how() == null ? "" : " (" + f.how() + ")")));
    }
    return out;
  }

  /** The host an entry point name or a {@code plc:}/{@code role:} selector names, if any. */
  private static Optional<String> place(ArchitectureSpec arch, @Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.startsWith("plc:") || text.startsWith("role:")) {
      return resolve(arch, text).filter(h -> arch.host(h).isPresent());
    }
    return Optional.ofNullable(arch.entryPoints().get(text));
  }

  /**
   * Plays the run on another lab than the embedded one (the container lab), before {@link #run}.
   */
  public ScenarioRun on(Wiring wiring) {
    this.wiring = wiring;
    return this;
  }

  /**
   * Records what the sensors see, byte for byte, holding at most {@code limitBytes} (see {@link
   * TrafficCapture}); before {@link #run}. Off unless asked: it costs memory, and nothing else.
   */
  public ScenarioRun capturing(long limitBytes) {
    this.captureLimit = TrafficCapture.requireLimit(limitBytes);
    return this;
  }

  /**
   * Has {@code defenders} defend the run: each is told when it starts (with the {@link
   * ResponseDesk} to act through), every sample and, with a detection profile, every alert judged
   * live one simulated second behind the clock ({@link LiveAlerts}), all on the clock thread; what
   * they do is carried out on the clock thread and kept in the trace ({@link RunTrace#responses}).
   * Before {@link #run}.
   */
  public ScenarioRun defendedBy(Defender... defenders) {
    this.defenders = List.of(defenders);
    return this;
  }

  /** The run's defenders, for whoever delivers alerts to them live. */
  public List<Defender> defenders() {
    return defenders;
  }

  /**
   * Carries out {@code action} {@code delaySeconds} of simulated time from now, as {@code who} for
   * {@code why}: safe from any thread while the run plays (a person at the dashboard acts from an
   * HTTP thread). The record lands in the trace and with the observer.
   *
   * @throws OtlabException {@code RUN_NOT_RUNNING} when the run has not started or has ended
   */
  public void respond(ResponseAction action, String who, String why, double delaySeconds) {
    Responder r = responder;
    if (r == null) {
      throw new OtlabException(
          "RUN_NOT_RUNNING",
          "The run is not playing, so nothing can be done to its lab (" + action.describe() + ").",
          "Act while the run plays: after it started and before it ended.");
    }
    r.act(action, who, why, delaySeconds);
  }

  /** What the sensors saw, once {@link #run} has started with {@link #capturing}. */
  public Optional<TrafficCapture> capture() {
    return Optional.ofNullable(capture);
  }

  /** A scenario plays only on an architecture drawn for its plant. */
  public static void requireSamePlant(ScenarioSpec scenario, ArchitectureSpec architecture) {
    if (!scenario.plant().equals(architecture.plant())) {
      throw new OtlabException(
          "RUN_PLANT_MISMATCH",
          "Scenario '"
              + scenario.id()
              + "' is for plant "
              + scenario.plant()
              + ", architecture '"
              + architecture.id()
              + "' for "
              + architecture.plant()
              + ".",
          "Pick an architecture of plant " + scenario.plant() + ".");
    }
  }

  private OperationsOptions operationsOptions() {
    OperationsOptions o =
        OperationsOptions.defaults(options.pki().resolve("benign"))
            .withPatience(wiring.operationsPatience());
    ScenarioSpec.Window w = scenario.maintenance();
    return w == null ? o : o.withMaintenanceWindow(w.from(), w.to(), w.downloads());
  }

  /**
   * Runs the scenario to its length, then on while its outcome is open (see {@link OutcomeRule}),
   * and returns the trace.
   */
  public RunTrace run() {
    PlantSpec plant = PlantLoader.load(scenario.plant());
    LabClock clock = new LabClock(options.seed(), options.speed());
    observedAlerts = options.observer().wantsAlerts();
    LiveAlerts judged =
        options.detection() == null || (defenders.isEmpty() && !observedAlerts)
            ? null
            : new LiveAlerts(options.detection(), plant, architecture);
    live = judged;
    Lab l =
        new Lab(
            plant,
            architecture,
            clock,
            options.pki(),
            Map.of("operator", "operator"),
            d -> {
              decisions.add(d);
              options.observer().decision(d, label(d.relay()));
              // The log line is the lab's truth too: whoever acts now caused the decision.
              FirewallRecord.of(d, logs.getOrDefault(d.decision().conduit(), ConduitLog.NONE))
                  .ifPresent(
                      r -> {
                        RunTrace.LabelledRecord lr = new RunTrace.LabelledRecord(r, actor);
                        firewall.add(lr);
                        options.observer().firewall(lr);
                        if (judged != null) {
                          judged.firewall(lr);
                        }
                      });
              if (d.decision() instanceof ConduitDecision.Denied denied) {
                lastDenial.put(d.sourceHost() + ">" + d.destinationHost(), denied);
              }
            },
            e -> {
              RunTrace.LabelledEvent le = new RunTrace.LabelledEvent(e, label(e), sensed(e));
              events.add(le);
              options.observer().event(le);
              if (judged != null) {
                judged.event(le);
              }
            },
            wiring);
    lab = l;
    playing = clock;
    if (captureLimit > 0) {
      TrafficCapture c = new TrafficCapture(clock::now, captureLimit);
      // Labelled as protocol events are: who is acting when the bytes pass (see label).
      c.labeller(relay -> l.network().attribution(relay).map(Label::attack).orElse(actor).text());
      l.capture(c);
      capture = c;
    }
    for (ScenarioSpec.Foothold f : scenario.footholds()) {
      positions.put(
          f.id(),
          f.attached()
              ? architecture.host(f.id()).map(HostSpec::id).orElse(null)
              : place(architecture, f.at()).orElse(null));
    }
    attackerHost = positions.get(scenario.foothold());
    String firstFoothold = attackerHost;
    BenignOperations ops = null;
    benign = null;
    double played = scenario.durationSeconds();
    try {
      l.start();
      ops =
          new BenignOperations(
              architecture, plant, l.network(), clock, this::record, operationsOptions());
      // The owners know the current password: only a disabled account stops them.
      ops.accountGate(id -> accounts.refusal(id, accounts.generation(id)));
      ops.start();
      benign = ops;
      Responder desk =
          new Responder(
              clock,
              architecture,
              plant,
              l,
              accounts,
              () -> benign,
              r -> {
                responses.add(r);
                options.observer().response(r);
              });
      responder = desk;
      if (!defenders.isEmpty()) {
        // Before the first step: PROCESS comes before OUTPUTS at the same instant. Scheduled only
        // when someone defends, so an undefended run's clock holds exactly what it did.
        clock.scheduleAt(
            "defenders:started",
            Phase.PROCESS,
            clock.now(),
            () -> defenders.forEach(d -> d.started(desk)));
      }
      scheduleSteps(clock);
      options.observer().started(clock);
      clock.schedulePeriodic("trace:samples", Phase.SENSORS, 1.0, 0, this::sample);
      played = playOn(clock, l, plant);
      l.network().settle();
    } finally {
      Responder desk = responder;
      responder = null;
      playing = null;
      if (desk != null) {
        desk.close();
      }
      if (ops != null) {
        ops.stop();
      }
      l.stop();
    }
    for (ScenarioSpec.Step s : scenario.steps()) {
      if (!started.contains(s.id())) {
        String at = positions.get(footholdOf(s));
        steps.add(
            new RunTrace.StepRecord(
                s.id(),
                s.technique(),
                Double.NaN,
                at == null ? "" : at,
                null,
                RunTrace.Outcome.NOT_RUN,
                null,
                null,
                "its trigger never fired"));
      }
    }
    List<LimitCrossing> crossings = l.plant().crossings();
    RunOutcome decided = outcome;
    if (decided == null) {
      // Stopped from outside (the dashboard's stop) before the outcome was decided.
      decided =
          new RunOutcome.Undecided(
              played, null, null, null, null, "the run was stopped before it was decided");
    }
    Double objectiveTime =
        decided instanceof RunOutcome.Reached r ? Double.valueOf(r.time()) : null;
    RunTrace trace =
        new RunTrace(
            scenario.id(),
            architecture.id(),
            options.seed(),
            scenario.durationSeconds(),
            firstFoothold,
            List.copyOf(steps),
            List.copyOf(events),
            List.copyOf(decisions),
            List.copyOf(firewall),
            List.copyOf(operations),
            List.copyOf(samples),
            crossings,
            List.copyOf(sisTrips),
            objectiveTime != null,
            objectiveTime,
            List.of(),
            played,
            decided,
            List.copyOf(responses));
    DetectionProfile profile = options.detection();
    return profile == null ? trace : trace.withAlerts(detect(trace, profile, plant, architecture));
  }

  /**
   * Plays to the scenario's length, then on in {@link OutcomeRule#CHECK_SECONDS} slices until the
   * outcome is decided or the horizon is reached; the lab clock makes the extra simulated time
   * cheap, and a decided run plays no further. Returns how far it played.
   */
  private double playOn(LabClock clock, Lab l, PlantSpec plant) {
    double length = scenario.durationSeconds();
    double horizon = OutcomeRule.horizon(length);
    OutcomeRule.Target target = OutcomeRule.Target.of(scenario.objective(), plant).orElse(null);
    double end = length;
    boolean running = clock.runUntil(end);
    while (running) {
      l.network().settle();
      List<String> neverStarted =
          scenario.steps().stream()
              .map(ScenarioSpec.Step::id)
              .filter(id -> !started.contains(id))
              .toList();
      Optional<RunOutcome> decided =
          OutcomeRule.decide(
              new OutcomeRule.State(
                  target,
                  List.copyOf(steps),
                  neverStarted,
                  scheduled > 0,
                  samples,
                  sisTrips,
                  objectiveTime(l.plant().crossings()),
                  end,
                  length,
                  horizon));
      if (decided.isPresent()) {
        outcome = decided.get();
        return end;
      }
      end = Math.min(horizon, end + OutcomeRule.CHECK_SECONDS);
      running = clock.runUntil(end);
    }
    return Math.min(end, clock.now());
  }

  /**
   * Feeds a detection profile what the sensors of a finished run saw, in {@link
   * GroundTruth#SENSOR_ORDER}, with what the conduits logged to the SOC, and judges each alert
   * against ground truth.
   */
  public static List<RunTrace.LabelledAlert> detect(
      RunTrace trace, DetectionProfile profile, PlantSpec plant, ArchitectureSpec architecture) {
    GroundTruth truth = new GroundTruth();
    DetectionEngine engine = feed(trace, profile, plant, architecture, truth);
    List<RunTrace.LabelledAlert> out = new ArrayList<>();
    for (Alert a : engine.alerts()) {
      out.add(new RunTrace.LabelledAlert(a, truth.attribute(a, trace.steps())));
    }
    return out;
  }

  /**
   * A detection engine fed everything the sensors of a finished run saw: its alerts, the baseline
   * it learned and the passive asset inventory it built.
   */
  public static DetectionEngine judge(
      RunTrace trace, DetectionProfile profile, PlantSpec plant, ArchitectureSpec architecture) {
    return feed(trace, profile, plant, architecture, new GroundTruth());
  }

  private static DetectionEngine feed(
      RunTrace trace,
      DetectionProfile profile,
      PlantSpec plant,
      ArchitectureSpec architecture,
      GroundTruth truth) {
    List<RunTrace.LabelledEvent> sensed =
        trace.events().stream()
            .filter(RunTrace.LabelledEvent::sensed)
            .sorted(GroundTruth.SENSOR_ORDER)
            .toList();
    List<RunTrace.LabelledRecord> logged =
        trace.firewall().stream().sorted(GroundTruth.LOG_ORDER).toList();
    DetectionEngine engine = new DetectionEngine(profile, plant, architecture, null);
    // The two feeds merged by time; at one instant the firewall's line comes first, as the
    // conduit decides before the tap reports the request's outcome.
    int next = 0;
    for (RunTrace.LabelledEvent e : sensed) {
      while (next < logged.size() && logged.get(next).record().time() <= e.event().time()) {
        engine.accept(logged.get(next).record());
        truth.remember(logged.get(next));
        next++;
      }
      engine.accept(e.event());
      truth.remember(e);
    }
    for (; next < logged.size(); next++) {
      engine.accept(logged.get(next).record());
      truth.remember(logged.get(next));
    }
    engine.advanceTo(trace.playedSeconds());
    return engine;
  }

  /**
   * Who caused the event: an adversary-in-the-middle position's own traffic belongs to the step
   * that sent it even after that step returned (it rides a benign client's connection); anything
   * else to whoever is acting now.
   */
  private Label label(dev.otlab.network.relay.ProtocolEvent e) {
    Lab l = lab;
    return l == null ? actor : l.network().attribution(e).map(Label::attack).orElse(actor);
  }

  /** Who caused a decision of {@code relay}: as for a protocol event, by the relay. */
  private Label label(String relay) {
    Lab l = lab;
    return l == null ? actor : l.network().attribution(relay).map(Label::attack).orElse(actor);
  }

  /** Whether a sensor sees the event (the fabric knows the taps and span ports). */
  private boolean sensed(dev.otlab.network.relay.ProtocolEvent e) {
    Lab l = lab;
    return l != null && l.network().sensed(e);
  }

  private @Nullable Double objectiveTime(List<LimitCrossing> crossings) {
    ScenarioSpec.Objective o = scenario.objective();
    if (o.limitTag() != null) {
      return crossings.stream()
          .filter(c -> c.entered() && c.limit().tag().equals(o.limitTag()))
          .filter(c -> c.limit().direction().name().equals(o.limitHigh() ? "HIGH" : "LOW"))
          .map(LimitCrossing::time)
          .findFirst()
          .orElse(null);
    }
    return steps.stream()
        .filter(s -> s.step().equals(o.step()) && s.outcome() == RunTrace.Outcome.SUCCEEDED)
        .map(RunTrace.StepRecord::start)
        .findFirst()
        .orElse(null);
  }

  private void record(OperationRecord r) {
    operations.add(r);
    if (r.operation().equals(OperationRecord.HMI_POLL)) {
      hmiView.putAll(r.values());
    }
  }

  private final Map<String, Boolean> tripState = new HashMap<>();

  private void sample() {
    Lab l = lab;
    if (l == null) {
      return;
    }
    double now = l.clock().now();
    RunTrace.Sample sample =
        new RunTrace.Sample(
            now, sortedCopy(l.plant().processValues()), sortedCopy(hmiView), controllerStates(l));
    samples.add(sample);
    LiveAlerts judged = live;
    if (judged != null) {
      // Whatever relays elsewhere still owe is in before the second behind is judged.
      l.network().settle();
      for (Alert a : judged.judge(now - 1.0)) {
        defenders.forEach(d -> d.alert(a));
        if (observedAlerts) {
          // Labelled as the final judgement labels it: by what was fed, with the steps so far.
          options
              .observer()
              .alert(new RunTrace.LabelledAlert(a, judged.truth().attribute(a, steps)));
        }
      }
    }
    options.observer().sample(sample);
    for (Defender d : defenders) {
      d.sample(sample);
    }
    for (SoftPlc c : l.plant().controllers()) {
      if (c.kind() != SoftPlc.Kind.SIS) {
        continue;
      }
      for (OverrideSpec o : l.plant().spec().controller(c.id()).orElseThrow().overrides()) {
        boolean active = c.image().get(o.when()) != 0;
        Boolean before = tripState.put(c.id() + "." + o.when(), active);
        if (active && !Boolean.TRUE.equals(before)) {
          sisTrips.add(new RunTrace.SisTrip(now, c.id(), o.when()));
        }
      }
    }
  }

  private Map<String, RunTrace.ControllerState> lastControllers = Map.of();

  /**
   * Every controller's state in id order; the previous sample's map when nothing changed, so an
   * hour of samples keeps one copy of a state that held all along.
   */
  private Map<String, RunTrace.ControllerState> controllerStates(Lab l) {
    Map<String, RunTrace.ControllerState> now = new TreeMap<>();
    for (SoftPlc c : l.plant().controllers()) {
      now.put(c.id(), RunTrace.ControllerState.of(c));
    }
    if (!now.equals(lastControllers)) {
      lastControllers = Collections.unmodifiableMap(now);
    }
    return lastControllers;
  }

  /**
   * Tags in name order: {@code Map.copyOf} iterates in an order salted per JVM, and the trace as
   * JSON ({@code --json}, the dashboard) must read the same for the same seed.
   */
  private static Map<String, Double> sortedCopy(Map<String, Double> values) {
    return Collections.unmodifiableMap(new TreeMap<>(values));
  }

  private void scheduleSteps(LabClock clock) {
    for (ScenarioSpec.Step s : scenario.steps()) {
      ScenarioSpec.Trigger t = s.trigger();
      if (t.at() != null) {
        schedule(clock, t.at(), s, t.repeatCount());
      } else if (t.after() != null) {
        waiting.computeIfAbsent(t.after(), k -> new ArrayList<>()).add(s);
      } else {
        boolean[] fired = {false};
        clock.schedulePeriodic(
            "watch:" + s.id(),
            Phase.OUTPUTS,
            1.0,
            0,
            () -> {
              if (fired[0]) {
                return;
              }
              Double v = lab == null ? null : lab.plant().processValues().get(t.tag());
              if (v != null
                  && (t.above() == null || v > t.above())
                  && (t.below() == null || v < t.below())) {
                fired[0] = true;
                execute(clock, s, t.repeatCount());
              }
            });
      }
    }
  }

  private void schedule(LabClock clock, double at, ScenarioSpec.Step step, int repeatsLeft) {
    scheduled++;
    clock.scheduleAt(
        "step:" + step.id(),
        Phase.OUTPUTS,
        at,
        () -> {
          scheduled--;
          execute(clock, step, repeatsLeft);
        });
  }

  /**
   * Starts the attack's next step now, ahead of its trigger: the first step, in the scenario's
   * order, that has not started. An exercise's trainer injects so the attacker moves when the
   * trainer says. Callable from any thread while the run plays; the step runs on the clock thread
   * at the simulated time the task gets its turn (not while the clock is paused), labelled as any
   * step, and its own trigger no longer starts it later (its repeats still follow).
   *
   * @return false when the run is not playing (not started yet, or stopped)
   */
  public boolean inject() {
    LabClock c = playing;
    if (c == null || c.isStopped()) {
      return false;
    }
    c.scheduleAt(
        "inject",
        Phase.OUTPUTS,
        c.now(),
        () -> {
          for (ScenarioSpec.Step s : scenario.steps()) {
            if (!started.contains(s.id())) {
              execute(c, s, s.trigger().repeatCount());
              injected.add(s.id());
              return;
            }
          }
        });
    return true;
  }

  private void execute(LabClock clock, ScenarioSpec.Step step, int repeatsLeft) {
    if (injected.contains(step.id()) && repeatsLeft == step.trigger().repeatCount()) {
      return; // its trigger fired after a trainer had injected it
    }
    started.add(step.id());
    double start = clock.now();
    String foothold = footholdOf(step);
    attackerHost = positions.get(foothold);
    String from = attackerHost;
    RunTrace.StepRecord record;
    if (from == null) {
      record =
          new RunTrace.StepRecord(
              step.id(),
              step.technique(),
              start,
              "",
              null,
              RunTrace.Outcome.BLOCKED,
              "perimeter",
              null,
              "the architecture offers no "
                  + foothold
                  + (foothold.contains(":") ? " host" : " entry point")
                  + ": the attacker has no way in");
    } else {
      Map<String, String> params = new LinkedHashMap<>(step.params());
      String target = null;
      String raw = params.get("target");
      Optional<String> resolved = raw == null ? Optional.empty() : resolve(raw);
      if (raw != null && resolved.isEmpty()) {
        record =
            new RunTrace.StepRecord(
                step.id(),
                step.technique(),
                start,
                from,
                null,
                RunTrace.Outcome.FAILED,
                null,
                null,
                "architecture " + architecture.id() + " has no host for " + raw);
      } else {
        if (resolved.isPresent()) {
          target = resolved.get();
          params.put("target", target);
        }
        actor = Label.attack(step.id());
        StepOutcome outcome;
        try {
          outcome = techniques.get(step.technique()).execute(context(clock), params);
        } catch (OtlabException e) {
          if (e.code().equals(dev.otlab.attacks.Guardrail.CODE)) {
            // The range guardrail is not an outcome: an outside target ends the run.
            throw e;
          }
          outcome = new StepOutcome.Failed(e.getMessage());
        } finally {
          // What the step's traffic caused is reported before the step's label is taken off.
          Lab running = lab;
          if (running != null) {
            running.network().settle();
          }
          actor = Label.BENIGN;
          positions.put(foothold, attackerHost);
        }
        record = toRecord(step, start, from, target, outcome);
      }
    }
    steps.add(record);
    options.progress().accept(record);
    options.observer().step(record);
    if (repeatsLeft > 0 && step.trigger().repeatEvery() != null) {
      schedule(clock, clock.now() + step.trigger().repeatEvery(), step, repeatsLeft - 1);
    }
    boolean succeeded = record.outcome() == RunTrace.Outcome.SUCCEEDED;
    for (ScenarioSpec.Step next : waiting.getOrDefault(step.id(), List.of())) {
      if ((succeeded || !next.trigger().afterSuccessOnly()) && !started.contains(next.id())) {
        started.add(next.id());
        schedule(clock, clock.now(), next, next.trigger().repeatCount());
      }
    }
  }

  private static RunTrace.StepRecord toRecord(
      ScenarioSpec.Step step, double start, String from, @Nullable String target, StepOutcome o) {
    if (o instanceof StepOutcome.Succeeded s) {
      return new RunTrace.StepRecord(
          step.id(),
          step.technique(),
          start,
          from,
          target,
          RunTrace.Outcome.SUCCEEDED,
          null,
          null,
          s.detail());
    }
    if (o instanceof StepOutcome.Blocked b) {
      return new RunTrace.StepRecord(
          step.id(),
          step.technique(),
          start,
          from,
          target,
          RunTrace.Outcome.BLOCKED,
          b.conduit(),
          b.rule(),
          b.detail());
    }
    return new RunTrace.StepRecord(
        step.id(),
        step.technique(),
        start,
        from,
        target,
        RunTrace.Outcome.FAILED,
        null,
        null,
        ((StepOutcome.Failed) o).reason());
  }

  /**
   * {@code plc:ID} is the host running that controller; {@code role:R} the first host with role R.
   */
  private Optional<String> resolve(String target) {
    return resolve(architecture, target);
  }

  private static Optional<String> resolve(ArchitectureSpec architecture, String target) {
    if (target.startsWith("plc:")) {
      String c = target.substring(4);
      return architecture.hosts().stream()
          .filter(h -> c.equals(h.controller()))
          .map(HostSpec::id)
          .findFirst();
    }
    if (target.startsWith("role:")) {
      String role = target.substring(5);
      return architecture.hosts().stream()
          .filter(h -> Names.yaml(h.role()).equals(role))
          .map(HostSpec::id)
          .findFirst();
    }
    return Optional.of(target);
  }

  /** The foothold a step acts from: the one it names, else the first. */
  private String footholdOf(ScenarioSpec.Step step) {
    return step.from() != null ? step.from() : scenario.foothold();
  }

  private AttackContext context(LabClock clock) {
    Lab l = lab;
    if (l == null) {
      throw new IllegalStateException("lab not started");
    }
    SplittableRandom random = clock.random("attack");
    return new AttackContext() {
      @Override
      public String currentHost() {
        return attackerHost;
      }

      @Override
      public void moveTo(String host) {
        attackerHost = host;
      }

      @Override
      public ArchitectureSpec architecture() {
        return architecture;
      }

      @Override
      public PlantSpec plant() {
        return l.plant().spec();
      }

      @Override
      public Access access(String destinationHost, Protocol protocol) {
        return l.network().access(attackerHost, destinationHost, protocol);
      }

      @Override
      public Access access(String destinationHost, Protocol protocol, int port) {
        return l.network().access(attackerHost, destinationHost, protocol, port);
      }

      @Override
      public Optional<ConduitDecision.Denied> lastDenial(String destinationHost) {
        l.network().settle();
        return Optional.ofNullable(lastDenial.get(attackerHost + ">" + destinationHost));
      }

      @Override
      public double now() {
        return clock.now();
      }

      @Override
      public void later(String what, double delaySeconds, Runnable task) {
        // Still the step's traffic when it runs, whoever acts in between.
        Label step = actor;
        clock.scheduleAt(
            "later:" + what,
            Phase.OUTPUTS,
            clock.now() + delaySeconds,
            () -> {
              Label before = actor;
              actor = step;
              try {
                task.run();
              } finally {
                l.network().settle();
                actor = before;
              }
            });
      }

      @Override
      public SplittableRandom random() {
        return random;
      }

      @Override
      public Path pkiDir() {
        return options.pki().resolve("attacker");
      }

      @Override
      public Duration ioTimeout() {
        return Duration.ofSeconds(2);
      }

      @Override
      public dev.otlab.network.fabric.Interception intercept(String clientHost, String serverHost) {
        // The network keeps the position's owner as an opaque name: the step, labelled back above.
        return l.network()
            .intercept(clientHost, serverHost, Protocol.MODBUS, ((Label.Attack) actor).step());
      }

      @Override
      public Optional<dev.otlab.network.fabric.Interception> interception(
          String clientHost, String serverHost) {
        return l.network().interception(clientHost, serverHost, Protocol.MODBUS);
      }

      @Override
      public Optional<ConduitDecision.Denied> lastDenial(
          String sourceHost, String destinationHost) {
        l.network().settle();
        return Optional.ofNullable(lastDenial.get(sourceHost + ">" + destinationHost));
      }

      @Override
      public String stepLabel() {
        return ((Label.Attack) actor).step();
      }

      @Override
      public Map<String, String> credentials() {
        return wallet.held();
      }

      @Override
      public void obtain(String accountId, String how) {
        wallet.obtain(accountId, how);
      }

      @Override
      public Optional<String> accountRefusal(String accountId, boolean guessing) {
        return wallet.refusal(accountId, guessing);
      }

      @Override
      public boolean liveSession(String host, Protocol protocol) {
        BenignOperations b = benign;
        return b != null && b.liveSession(host, protocol);
      }
    };
  }
}
