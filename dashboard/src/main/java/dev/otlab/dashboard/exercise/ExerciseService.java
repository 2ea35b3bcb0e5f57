package dev.otlab.dashboard.exercise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.exercise.Exercises.Exercise;
import dev.otlab.dashboard.exercise.Exercises.State;
import dev.otlab.dashboard.exercise.Exercises.Trainee;
import dev.otlab.dashboard.jobs.JobManager;
import dev.otlab.dashboard.jobs.LiveChannel;
import dev.otlab.dashboard.store.Jobs;
import dev.otlab.lab.ResponseDesk;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.ResponseAction;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Runs exercises: creates them, lets trainees join, starts one run job per lab (and the undefended
 * baseline), passes the trainer's clock, hints and injects on, takes the trainees' triage,
 * responses and findings, and builds the debrief. Each lab's ground truth (its alerts judged live)
 * is kept here from the lab's own live channel, so it never has to travel to a trainee.
 */
@ApplicationScoped
public class ExerciseService {
  private static final Logger LOG = Logger.getLogger(ExerciseService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The lab every trainee plays in when the exercise is shared. */
  public static final String SHARED = "shared";

  /** How a trainee's response is recorded as acting ({@code ResponseRecord.who}). */
  public static final String WHO = "trainee:";

  public static final int MAX_TEXT = 2000;
  public static final int MAX_TEAM = 64;

  @Inject Exercises store;
  @Inject JobManager manager;
  @Inject Jobs jobs;

  // Database writes after a lab ends happen here, never on the job thread that ends it (an
  // interrupt meant for the job must not land in a JDBC call).
  private final ExecutorService ended =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "otlab-exercise-ended");
            t.setDaemon(true);
            return t;
          });

  /**
   * What the trainer last asked of an exercise's clocks: held or not, and at which speed. A lab
   * that starts after the asking (its lab still being built, or its job waiting for a slot) starts
   * that way, so a class paused together is paused together, whichever lab came up last.
   */
  static final class ClockIntent {
    private final String startSpeed;
    private String speed;
    private boolean paused;

    ClockIntent(String startSpeed) {
      this.startSpeed = startSpeed;
      this.speed = startSpeed;
    }

    synchronized void record(JobManager.ClockAction action, @Nullable String newSpeed) {
      switch (action) {
        case PAUSE -> paused = true;
        case RESUME -> paused = false;
        case SPEED -> speed = newSpeed == null ? speed : newSpeed.strip();
        // A skip plays to the attack's next step in a lab that plays; one still starting has no
        // step to skip to yet.
        case SKIP -> {}
      }
    }

    synchronized boolean paused() {
      return paused;
    }

    synchronized String speed() {
      return speed;
    }

    /** Whether a lab submitted at the exercise's own speed must be set to another one. */
    synchronized boolean speedChanged() {
      return !speed.equals(startSpeed);
    }
  }

  /** A lab playing now (or recently): its run, its desk, and what its trainees may not see. */
  static final class LiveLab {
    final String exercise;
    final String lab;
    final ClockIntent clock;
    // Set once its job is submitted, under this lab's monitor (see start and startAsAsked).
    volatile String jobId = "";
    final ExerciseDefender defender;
    final Map<String, JsonNode> alerts = new ConcurrentHashMap<>();
    final Set<TraineeStream> streams = ConcurrentHashMap.newKeySet();
    volatile @Nullable ScenarioRun run;
    volatile double time;
    volatile boolean ended;

    LiveLab(String exercise, String lab, ClockIntent clock, Consumer<LiveLab> onStart) {
      this.exercise = exercise;
      this.lab = lab;
      this.clock = clock;
      this.defender = new ExerciseDefender(() -> onStart.accept(this));
    }

    /** Simulated seconds into the lab now. */
    double now() {
      ResponseDesk d = defender.desk();
      return d != null && !ended ? d.now() : time;
    }
  }

  private final Map<String, List<LiveLab>> live = new ConcurrentHashMap<>();

  void onStart(@Observes StartupEvent e) {
    // Labs do not outlive the service: an exercise that was running ended with it.
    for (Exercise x : store.list(10_000)) {
      if (x.state() == State.RUNNING || x.state() == State.PAUSED) {
        store.transition(x.id(), x.state(), State.FINISHED);
        LOG.infof(
            "otlab: exercise %s was running when the service stopped; it is finished", x.id());
      }
    }
  }

  @PreDestroy
  void stop() {
    ended.shutdownNow();
  }

  // ---- trainer ----

  /**
   * Checks the spec against the library (every name loads, every scenario fits) and, for the
   * container lab, against the lab as a run there is checked, and stores it.
   */
  public Exercise create(ExerciseSpec spec, String trainer) {
    ArchitectureSpec arch = ArchitectureLoader.load(spec.architecture());
    DetectionLoader.load(spec.detection());
    List<ScenarioSpec> scenarios = new ArrayList<>();
    for (String s : spec.scenarios()) {
      ScenarioSpec scenario = ScenarioLoader.load(s);
      ScenarioRun.requireSamePlant(scenario, arch);
      scenarios.add(scenario);
    }
    manager.lab(spec.lab().wire(), arch, scenarios);
    Exercise x =
        new Exercise(
            UUID.randomUUID().toString(),
            spec.title(),
            spec.toJson().toString(),
            State.DRAFT,
            trainer,
            System.currentTimeMillis(),
            null,
            null,
            null);
    store.insert(x);
    return x;
  }

  public Exercise get(String id) {
    return store
        .find(id)
        .orElseThrow(
            () ->
                new OtlabException(
                    "NOT_FOUND",
                    "There is no exercise '" + id + "'.",
                    "Check the id; GET /api/exercises lists them."));
  }

  /**
   * Starts every lab: one run job per trainee or team (or one shared), and the same scenario and
   * seed at full speed without defence as the baseline the debrief measures against. The labs play
   * where the exercise says; the baseline always embedded: on the container lab it would wait for
   * the exercise's own lab to end (that lab plays one run at a time), and a run across the
   * containers ends as the embedded run does.
   */
  public Exercise start(String id, String trainer) {
    Exercise x = get(id);
    List<Trainee> trainees = store.trainees(id);
    if (trainees.isEmpty()) {
      throw new OtlabException(
          "EXERCISE_NO_TRAINEES",
          "Nobody has joined exercise '" + x.title() + "' yet.",
          "Let the trainees join (POST /api/exercises/{id}/join) before starting it.");
    }
    requireState(x, State.DRAFT);
    if (!store.transition(id, State.DRAFT, State.RUNNING)) {
      throw stateError(get(id), "start");
    }
    ExerciseSpec spec = ExerciseSpec.stored(x.spec());
    Set<String> labs = new LinkedHashSet<>();
    trainees.forEach(t -> labs.add(t.lab()));
    List<LiveLab> started = new ArrayList<>();
    ClockIntent intent = new ClockIntent(spec.speed());
    try {
      for (String lab : labs) {
        LiveLab l = new LiveLab(id, lab, intent, this::startAsAsked);
        Jobs.Job job;
        // Its lab may come up before submit returns: startAsAsked waits here for the job's id.
        synchronized (l) {
          job =
              manager.submit(
                  request(spec, spec.speed(), spec.lab().wire()),
                  trainer,
                  null,
                  run -> {
                    l.run = run;
                    run.defendedBy(l.defender);
                  });
          l.jobId = job.id();
        }
        started.add(l);
        store.addLab(id, lab, job.id());
        jobs.label(job.id(), name("exercise " + x.title() + ": lab " + lab), null);
      }
      live.put(id, List.copyOf(started));
      for (LiveLab l : started) {
        manager.channel(l.jobId).ifPresent(ch -> ch.subscribe(new Book(l)));
      }
      Jobs.Job base = manager.submit(request(spec, "max", JobManager.EMBEDDED), trainer, null);
      store.baseline(id, base.id());
      jobs.label(base.id(), name("exercise " + x.title() + ": undefended baseline"), null);
    } catch (RuntimeException e) {
      // Nothing of a start that failed half-way is left playing; the trainer may start again.
      started.forEach(l -> manager.cancel(l.jobId));
      live.remove(id);
      store.removeLabs(id);
      store.transition(id, State.RUNNING, State.DRAFT);
      throw e;
    }
    store.act(id, trainer, null, "start", 0.0, "{}", null);
    return get(id);
  }

  private static JobManager.Request request(ExerciseSpec spec, String speed, String lab) {
    return new JobManager.Request(
        "run",
        spec.architecture(),
        spec.scenario(),
        spec.detection(),
        spec.seed(),
        1,
        speed,
        lab,
        false);
  }

  private static String name(String s) {
    return s.length() > 80 ? s.substring(0, 79) + "…" : s;
  }

  /**
   * Pauses, resumes, re-speeds or skips every lab still playing ({@link JobManager#control}). A lab
   * still starting (its lab being built, or its job waiting for a slot) is held or re-speeded as it
   * starts: the answer lists it with {@code starting: true} and the clock it will start with.
   *
   * @return each lab's clock
   */
  public ObjectNode clock(String id, String trainer, String action, @Nullable String speed) {
    Exercise x = get(id);
    if (x.state() != State.RUNNING && x.state() != State.PAUSED) {
      throw stateError(x, "control the clock of");
    }
    JobManager.ClockAction asked = manager.clockAction(action, speed);
    List<LiveLab> all = labs(id);
    // Recorded before any lab is touched: a lab that comes up while this runs either answers the
    // control below or reads this as it starts (startAsAsked), never neither.
    if (!all.isEmpty()) {
      all.get(0).clock.record(asked, speed);
    }
    ObjectNode out = JSON.createObjectNode();
    ObjectNode clocks = out.putObject("labs");
    OtlabException last = null;
    for (LiveLab l : all) {
      if (l.ended) {
        continue;
      }
      try {
        clocks.set(l.lab, manager.control(l.jobId, action, speed));
      } catch (OtlabException e) {
        if (!e.code().equals("JOB_CLOCK_UNAVAILABLE")) {
          throw e;
        }
        last = e;
        boolean starting =
            asked != JobManager.ClockAction.SKIP
                && jobs.find(l.jobId).map(j -> !j.status().done()).orElse(false);
        if (starting) {
          clocks
              .putObject(l.lab)
              .put("paused", l.clock.paused())
              .put("speed", l.clock.speed())
              .put("skipping", false)
              .put("time", 0.0)
              .put("starting", true);
        }
      }
    }
    if (clocks.isEmpty()) {
      throw last != null
          ? last
          : new OtlabException(
              "JOB_CLOCK_UNAVAILABLE",
              "No lab of exercise '" + x.title() + "' is playing now.",
              "Control the clock while its labs play.");
    }
    if (action.equalsIgnoreCase("pause")) {
      store.transition(id, State.RUNNING, State.PAUSED);
    } else if (action.equalsIgnoreCase("resume")) {
      store.transition(id, State.PAUSED, State.RUNNING);
    }
    ObjectNode body = JSON.createObjectNode().put("action", action);
    if (speed != null) {
      body.put("speed", speed);
    }
    store.act(id, trainer, null, "clock", firstTime(id), body.toString(), null);
    out.put("state", get(id).state().wire());
    return out;
  }

  /** Releases a hint by hand: trainees see it at once, on their stream and in the exercise. */
  public void releaseHint(String id, String trainer, int index) {
    Exercise x = get(id);
    ExerciseSpec spec = ExerciseSpec.stored(x.spec());
    if (index < 0 || index >= spec.hints().size()) {
      throw new OtlabException(
          "NOT_FOUND",
          "Exercise '" + x.title() + "' has no hint " + index + ".",
          "Give a hint's index, from 0 to " + (spec.hints().size() - 1) + ".");
    }
    if (x.state() == State.FINISHED) {
      throw stateError(x, "release a hint of");
    }
    store.act(
        id,
        trainer,
        null,
        "hint",
        firstTime(id),
        JSON.createObjectNode().put("index", index).toString(),
        null);
    for (LiveLab l : labs(id)) {
      l.streams.forEach(s -> s.hint(index, spec.hints().get(index)));
    }
  }

  /**
   * Puts a lab that has just started where the trainer has put the exercise's clocks: at the speed
   * last set, held when paused. Runs on the lab's clock before anything happens in the lab.
   */
  private void startAsAsked(LiveLab l) {
    String job;
    synchronized (l) {
      job = l.jobId;
    }
    try {
      if (l.clock.speedChanged()) {
        manager.control(job, "speed", l.clock.speed());
      }
      if (l.clock.paused()) {
        manager.control(job, "pause", null);
      }
    } catch (OtlabException e) {
      // Cancelled as it started (the exercise ended): there is nothing left to hold.
      LOG.debugf("otlab: lab %s of exercise %s: %s", l.lab, l.exercise, e.getMessage());
    }
  }

  /**
   * Starts the attack's next step now in every lab still playing (or in {@code lab} only).
   *
   * @return the labs it was injected into
   */
  public List<String> inject(String id, String trainer, @Nullable String lab) {
    Exercise x = get(id);
    if (x.state() != State.RUNNING && x.state() != State.PAUSED) {
      throw stateError(x, "inject into");
    }
    List<String> into = new ArrayList<>();
    for (LiveLab l : labs(id)) {
      ScenarioRun run = l.run;
      if ((lab == null || lab.equals(l.lab)) && !l.ended && run != null && run.inject()) {
        into.add(l.lab);
        store.act(
            id,
            trainer,
            l.lab,
            "inject",
            l.now(),
            JSON.createObjectNode().put("lab", l.lab).toString(),
            null);
      }
    }
    if (into.isEmpty()) {
      throw new OtlabException(
          "EXERCISE_LAB_NOT_PLAYING",
          lab == null
              ? "No lab of exercise '" + x.title() + "' is playing now."
              : "Lab '" + lab + "' of exercise '" + x.title() + "' is not playing now.",
          "Inject while the labs play (after their lab has started); GET the exercise for its"
              + " labs.");
    }
    return into;
  }

  /** Ends the exercise: labs still playing are cancelled; the debrief is open from now on. */
  public Exercise end(String id, String trainer) {
    Exercise x = get(id);
    if (x.state() == State.FINISHED) {
      throw stateError(x, "end");
    }
    for (LiveLab l : labs(id)) {
      if (!l.ended) {
        manager.cancel(l.jobId);
      }
    }
    store.transition(id, x.state(), State.FINISHED);
    store.act(id, trainer, null, "end", firstTime(id), "{}", null);
    return get(id);
  }

  // ---- trainees ----

  /** A trainee joins a draft exercise, alone or in a team (which shares a lab). */
  public Trainee join(String id, String user, @Nullable String team) {
    Exercise x = get(id);
    requireState(x, State.DRAFT);
    if (team != null
        && (team.isBlank()
            || team.length() > MAX_TEAM
            || !team.matches("[A-Za-z0-9_-]+")
            || team.equals(SHARED))) {
      throw new OtlabException(
          "EXERCISE_TEAM_INVALID",
          "'" + cut(team) + "' is not a team name.",
          "Give a team name of letters, digits, '_' and '-' (at most "
              + MAX_TEAM
              + ", not 'shared'), or none to play alone.");
    }
    ExerciseSpec spec = ExerciseSpec.stored(x.spec());
    String lab =
        spec.mode() == ExerciseSpec.Mode.SHARED
            ? SHARED
            : team != null ? "team-" + team : "user-" + user;
    Trainee t = new Trainee(user, team, lab, System.currentTimeMillis());
    if (!store.join(id, t)) {
      return store.trainee(id, user).orElseThrow();
    }
    return t;
  }

  /** The trainee's membership, or 403 when they did not join. */
  public Trainee member(Exercise x, String user) {
    return store
        .trainee(x.id(), user)
        .orElseThrow(
            () ->
                new OtlabException(
                    "EXERCISE_NOT_JOINED",
                    "You have not joined exercise '" + x.title() + "'.",
                    "Join it while it is a draft (POST /api/exercises/{id}/join), or ask the"
                        + " trainer."));
  }

  /** A trainee marks an alert true or false, naming a technique and a host if they can. */
  public ObjectNode triage(String id, String user, JsonNode body) {
    Exercise x = get(id);
    Trainee t = member(x, user);
    requirePlaying(x);
    LiveLab l = lab(id, t.lab());
    String alert = body.path("alert").asText("");
    JsonNode verdict = body.get("verdict");
    if (verdict == null || !verdict.isBoolean()) {
      throw actionInvalid("A triage says 'verdict': true (an attack) or false (noise).");
    }
    JsonNode truth = l == null ? null : l.alerts.get(alert);
    if (truth == null) {
      throw new OtlabException(
          "EXERCISE_ALERT_UNKNOWN",
          "Your lab raised no alert '" + cut(alert) + "'.",
          "Give the id of an alert on your live stream ('id' of an alert event).");
    }
    ObjectNode mark = JSON.createObjectNode();
    mark.put("alert", alert);
    mark.put("verdict", verdict.asBoolean());
    optionalId(body, "technique", mark);
    optionalId(body, "host", mark);
    ObjectNode hidden =
        JSON.createObjectNode().put("truePositive", truth.path("truePositive").asBoolean());
    double now = l.now();
    store.act(id, user, t.lab(), "triage", now, mark.toString(), hidden.toString());
    return mark.put("t", now);
  }

  /** A trainee's response action, carried out on their lab's run through its desk. */
  public ObjectNode respond(String id, String user, JsonNode body) {
    Exercise x = get(id);
    Trainee t = member(x, user);
    requirePlaying(x);
    ResponseAction action = ResponseActions.parse(body.get("action"));
    String why = text(body, "why", true);
    LiveLab l = lab(id, t.lab());
    ResponseDesk desk = l == null || l.ended ? null : l.defender.desk();
    ObjectNode r = JSON.createObjectNode();
    r.set("action", body.get("action"));
    r.put("describe", action.describe());
    r.put("why", why);
    if (desk != null) {
      // Carried out on the lab's clock; the run's trace records it done or refused, with why.
      try {
        desk.act(action, WHO + user, why, 0);
        r.put("sent", true);
        r.put("result", "sent to the lab's response desk");
      } catch (OtlabException e) {
        if (!e.code().equals("RUN_NOT_RUNNING")) {
          throw e;
        }
        // The run has ended while its job still scores it: too late, and said so.
        r.put("sent", false);
        r.put("result", "the lab's run has ended");
      }
    } else {
      r.put("sent", false);
      r.put("result", l != null && l.ended ? "the lab has ended" : "the lab has not started yet");
    }
    double now = l == null ? 0 : l.now();
    store.act(id, user, t.lab(), "response", now, r.toString(), null);
    return r.put("t", now);
  }

  /** A trainee's short finding. */
  public ObjectNode finding(String id, String user, JsonNode body) {
    Exercise x = get(id);
    Trainee t = member(x, user);
    requirePlaying(x);
    String text = text(body, "text", false);
    LiveLab l = lab(id, t.lab());
    double now = l == null ? 0 : l.now();
    ObjectNode f = JSON.createObjectNode().put("text", text);
    store.act(id, user, t.lab(), "finding", now, f.toString(), null);
    return f.put("t", now);
  }

  /** The lab's live stream as the trainee may see it, or empty when the lab is not live here. */
  public Optional<TraineeStream> stream(Exercise x, Trainee t, LiveChannel.Subscriber out) {
    LiveLab l = lab(x.id(), t.lab());
    if (l == null) {
      return Optional.empty();
    }
    Optional<LiveChannel> ch = manager.channel(l.jobId);
    if (ch.isEmpty()) {
      return Optional.empty();
    }
    TraineeStream s = new TraineeStream(ExerciseSpec.stored(x.spec()).hints(), released(x), out);
    l.streams.add(s);
    s.attach(ch.get(), () -> l.streams.remove(s));
    return Optional.of(s);
  }

  /** Hints released by hand so far. */
  Set<Integer> released(Exercise x) {
    Set<Integer> out = new HashSet<>();
    for (Exercises.Action a : store.actions(x.id())) {
      if (a.kind().equals("hint")) {
        out.add(read(a.body()).path("index").asInt());
      }
    }
    return out;
  }

  /** The hints a trainee of {@code lab} may read now: by hand, or their time has come. */
  ArrayNode hintsFor(Exercise x, String lab) {
    ExerciseSpec spec = ExerciseSpec.stored(x.spec());
    Set<Integer> shown = released(x);
    LiveLab l = lab(x.id(), lab);
    for (int i = 0; i < spec.hints().size(); i++) {
      Double at = spec.hints().get(i).at();
      if (at != null && (x.state() == State.FINISHED || (l != null && l.now() >= at))) {
        shown.add(i);
      }
    }
    return spec.hints(shown);
  }

  /** The job ids of the exercise's labs, by lab. */
  Map<String, String> labJobs(String id) {
    Map<String, String> out = new LinkedHashMap<>();
    store.labs(id).forEach(l -> out.put(l.lab(), l.jobId()));
    return out;
  }

  // ---- debrief ----

  /** One trainee's debrief: who, their lab, their score, and the timeline beside their actions. */
  record TraineeDebrief(Trainee trainee, Debrief.Score score, ObjectNode json) {}

  /**
   * The debrief: per lab the true timeline (steps, alerts with their ground truth), per trainee
   * their actions beside it and their score; only {@code onlyUser}'s when given (a trainee's own).
   */
  public ObjectNode debrief(Exercise x, @Nullable String onlyUser) {
    ExerciseSpec spec = ExerciseSpec.stored(x.spec());
    ObjectNode out = JSON.createObjectNode();
    out.put("id", x.id());
    out.put("title", x.title());
    out.put("state", x.state().wire());
    out.put("scenario", spec.scenario());
    out.put("architecture", spec.architecture());
    out.put("detection", spec.detection());
    out.put("seed", spec.seed());
    ObjectNode base = out.putObject("baseline");
    Debrief.Outcome baseline = null;
    if (x.baselineJob() != null) {
      base.put("job", x.baselineJob());
      base.put("status", jobs.find(x.baselineJob()).map(j -> j.status().wire()).orElse("deleted"));
      baseline = outcome(x.baselineJob()).orElse(null);
    }
    putOutcome(base, baseline);
    ArrayNode labsOut = out.putArray("labs");
    Map<String, List<Debrief.Step>> steps = new LinkedHashMap<>();
    Map<String, Map<String, Debrief.AlertTruth>> truths = new LinkedHashMap<>();
    Map<String, Debrief.Outcome> outcomes = new LinkedHashMap<>();
    Map<String, List<JsonNode>> responses = new LinkedHashMap<>();
    for (Exercises.Lab lab : store.labs(x.id())) {
      String trace = jobs.artifact(lab.jobId(), "trace.jsonl").map(a -> a.body()).orElse("");
      List<Debrief.Step> st = Debrief.steps(trace);
      List<JsonNode> rs = Debrief.responses(trace);
      responses.put(lab.lab(), rs);
      Map<String, Debrief.AlertTruth> al = new LinkedHashMap<>();
      alerts(x.id(), lab).forEach((k, v) -> al.put(k, truth(v)));
      Debrief.Outcome o = outcome(lab.jobId()).orElse(null);
      steps.put(lab.lab(), st);
      truths.put(lab.lab(), al);
      if (o != null) {
        outcomes.put(lab.lab(), o);
      }
      ObjectNode l = labsOut.addObject();
      l.put("lab", lab.lab());
      l.put("job", lab.jobId());
      l.put("status", jobs.find(lab.jobId()).map(j -> j.status().wire()).orElse("deleted"));
      putOutcome(l, o);
      l.set("steps", JSON.valueToTree(st.stream().map(ExerciseService::stepJson).toList()));
      l.set("alerts", JSON.valueToTree(al.values()));
      l.set("responses", JSON.valueToTree(rs));
    }
    ArrayNode trainees = out.putArray("trainees");
    for (TraineeDebrief d : trainees(x, steps, truths, responses, outcomes, baseline)) {
      if (onlyUser == null || d.trainee().user().equals(onlyUser)) {
        trainees.add(d.json());
      }
    }
    return out;
  }

  /** The class record: one CSV row per trainee ({@link Debrief#CSV_HEADER}). */
  public String debriefCsv(Exercise x, @Nullable String onlyUser) {
    JsonNode d = debrief(x, onlyUser);
    StringBuilder sb = new StringBuilder(Debrief.csvLine(Debrief.CSV_HEADER));
    for (JsonNode t : d.path("trainees")) {
      Debrief.Score s = JSON.convertValue(t.get("score"), Debrief.Score.class);
      sb.append(
          Debrief.csvLine(
              Debrief.csvRow(
                  x.id(),
                  x.title(),
                  t.path("user").asText(),
                  t.path("team").isNull() ? null : t.path("team").asText(),
                  t.path("lab").asText(),
                  s)));
    }
    return sb.toString();
  }

  private List<TraineeDebrief> trainees(
      Exercise x,
      Map<String, List<Debrief.Step>> steps,
      Map<String, Map<String, Debrief.AlertTruth>> truths,
      Map<String, List<JsonNode>> responses,
      Map<String, Debrief.Outcome> outcomes,
      Debrief.@Nullable Outcome baseline) {
    List<Exercises.Action> actions = store.actions(x.id());
    ExerciseSpec spec = ExerciseSpec.stored(x.spec());
    List<TraineeDebrief> out = new ArrayList<>();
    for (Trainee t : store.trainees(x.id())) {
      List<Debrief.Act> acts = new ArrayList<>();
      ArrayNode timeline = JSON.createArrayNode();
      List<ObjectNode> items = new ArrayList<>();
      // What the lab made of the trainee's responses (its trace's records: when each took
      // effect, done or refused) scores them; without a trace, what the trainee sent does.
      List<JsonNode> done =
          responses.getOrDefault(t.lab(), List.of()).stream()
              .filter(r -> r.path("who").asText().equals(WHO + t.user()))
              .toList();
      for (JsonNode r : done) {
        acts.add(new Debrief.Act("response", r.path("time").asDouble(), r));
        ObjectNode i = JSON.createObjectNode();
        i.put("t", r.path("time").asDouble());
        i.put("what", "response-effect");
        i.put("by", t.user());
        i.set("body", r);
        items.add(i);
      }
      for (Exercises.Action a : actions) {
        if (!a.user().equals(t.user()) || a.simTime() == null) {
          continue;
        }
        JsonNode body = read(a.body());
        if (!a.kind().equals("response") || done.isEmpty()) {
          ObjectNode scored = body.deepCopy();
          if (a.kind().equals("response")) {
            scored.put("done", body.path("sent").asBoolean());
          }
          acts.add(new Debrief.Act(a.kind(), a.simTime(), scored));
        }
        ObjectNode i = JSON.createObjectNode();
        i.put("t", a.simTime());
        i.put("what", a.kind());
        i.put("by", t.user());
        i.put("at", java.time.Instant.ofEpochMilli(a.at()).toString());
        i.set("body", body);
        if (a.truth() != null) {
          i.set("truth", read(a.truth()));
        }
        items.add(i);
      }
      for (Debrief.Step s : steps.getOrDefault(t.lab(), List.of())) {
        if (Double.isFinite(s.start())) {
          ObjectNode i = stepJson(s);
          i.put("what", "step");
          items.add(i);
        }
      }
      for (Debrief.AlertTruth a : truths.getOrDefault(t.lab(), Map.of()).values()) {
        ObjectNode i = JSON.valueToTree(a);
        i.put("t", a.time());
        i.put("what", "alert");
        items.add(i);
      }
      items.sort((a, b) -> Double.compare(a.path("t").asDouble(), b.path("t").asDouble()));
      items.forEach(timeline::add);
      acts.sort(java.util.Comparator.comparingDouble(Debrief.Act::simTime));
      Debrief.Score score =
          Debrief.score(
              steps.getOrDefault(t.lab(), List.of()),
              truths.getOrDefault(t.lab(), Map.of()),
              acts,
              outcomes.get(t.lab()),
              baseline);
      ObjectNode j = JSON.createObjectNode();
      j.put("user", t.user());
      j.put("team", t.team());
      j.put("lab", t.lab());
      j.set("score", JSON.valueToTree(score));
      j.set("objectives", JSON.valueToTree(score.met(spec.objectives())));
      j.set("timeline", timeline);
      out.add(new TraineeDebrief(t, score, j));
    }
    return out;
  }

  private Optional<Debrief.Outcome> outcome(String jobId) {
    return jobs.artifact(jobId, "scorecard.json").map(a -> Debrief.outcome(a.body()));
  }

  private static void putOutcome(ObjectNode n, Debrief.@Nullable Outcome o) {
    if (o == null) {
      n.putNull("harm");
      n.putNull("deniedOperations");
      n.putNull("productionLost");
    } else {
      n.put("harm", o.harm());
      n.put("deniedOperations", o.deniedOperations());
      n.put("productionLost", o.productionLost());
    }
  }

  private static ObjectNode stepJson(Debrief.Step s) {
    ObjectNode n = JSON.createObjectNode();
    if (Double.isFinite(s.start())) {
      n.put("t", s.start());
    } else {
      n.putNull("t");
    }
    n.put("step", s.step());
    n.put("technique", s.technique());
    n.put("from", s.from());
    n.put("target", s.target());
    n.put("outcome", s.outcome());
    n.put("detail", s.detail());
    return n;
  }

  private static Debrief.AlertTruth truth(JsonNode a) {
    List<String> hosts = new ArrayList<>();
    a.path("hosts").forEach(h -> hosts.add(h.asText()));
    return new Debrief.AlertTruth(
        a.path("id").asText(),
        a.path("t").asDouble(),
        a.path("detector").asText(),
        a.hasNonNull("technique") ? a.get("technique").asText() : null,
        hosts,
        a.path("summary").asText(),
        a.path("truePositive").asBoolean());
  }

  // ---- internals ----

  private List<LiveLab> labs(String id) {
    return live.getOrDefault(id, List.of());
  }

  @Nullable LiveLab lab(String id, String lab) {
    for (LiveLab l : labs(id)) {
      if (l.lab.equals(lab)) {
        return l;
      }
    }
    return null;
  }

  /** The ground truth of a lab's alerts: live when it plays here, else as stored at its end. */
  Map<String, JsonNode> alerts(String id, Exercises.Lab lab) {
    LiveLab l = lab(id, lab.lab());
    if (l != null) {
      return Map.copyOf(l.alerts);
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (lab.alerts() != null) {
      for (JsonNode a : read(lab.alerts())) {
        out.put(a.path("id").asText(), a);
      }
    }
    return out;
  }

  private double firstTime(String id) {
    return labs(id).stream().mapToDouble(LiveLab::now).max().orElse(0);
  }

  /** Keeps a lab's alerts with their ground truth and notices its end. */
  private final class Book implements LiveChannel.Subscriber {
    private final LiveLab lab;

    Book(LiveLab lab) {
      this.lab = lab;
    }

    @Override
    public void send(LiveChannel.Event e) {
      switch (e.type()) {
        case "alert" -> {
          JsonNode a = read(e.data());
          lab.alerts.putIfAbsent(a.path("id").asText(), a);
        }
        case "sample" -> lab.time = Math.max(lab.time, read(e.data()).path("t").asDouble());
        case "end" -> {
          if (!lab.ended) {
            lab.ended = true;
            ended.execute(() -> labEnded(lab));
          }
        }
        default -> {}
      }
    }

    @Override
    public void close() {}
  }

  private void labEnded(LiveLab lab) {
    try {
      ArrayNode book = JSON.createArrayNode();
      lab.alerts.values().stream()
          .sorted((a, b) -> a.path("id").asText().compareTo(b.path("id").asText()))
          .forEach(book::add);
      store.labAlerts(lab.exercise, lab.lab, book.toString());
      List<LiveLab> all = labs(lab.exercise);
      if (all.stream().allMatch(l -> l.ended)) {
        Exercise x = get(lab.exercise);
        if (x.state() == State.RUNNING || x.state() == State.PAUSED) {
          store.transition(x.id(), x.state(), State.FINISHED);
          store.act(x.id(), "system", null, "end", lab.time, "{\"labs\":\"ended\"}", null);
        }
        // Every lab's ground truth is stored (this thread wrote them in turn): the debrief reads
        // it from there, and nothing of a finished exercise stays in memory.
        live.remove(lab.exercise, all);
      }
    } catch (RuntimeException e) {
      LOG.errorf(
          e, "otlab: could not store the end of lab %s of exercise %s", lab.lab, lab.exercise);
    }
  }

  private static void requireState(Exercise x, State state) {
    if (x.state() != state) {
      throw stateError(x, state == State.DRAFT ? "join or start" : "change");
    }
  }

  private static void requirePlaying(Exercise x) {
    if (x.state() != State.RUNNING && x.state() != State.PAUSED) {
      throw stateError(x, "act in");
    }
  }

  static OtlabException stateError(Exercise x, String what) {
    return new OtlabException(
        "EXERCISE_STATE",
        "Exercise '" + x.title() + "' is " + x.state().wire() + ": you cannot " + what + " it now.",
        switch (x.state()) {
          case DRAFT -> "Start it first (POST /api/exercises/{id}/start).";
          case RUNNING, PAUSED -> "Wait until it has finished, or end it.";
          case FINISHED -> "It is over; read its debrief, or create a new exercise.";
        });
  }

  private static void optionalId(JsonNode body, String field, ObjectNode into) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isTextual() || v.asText().length() > 128 || v.asText().isBlank()) {
      throw actionInvalid("'" + field + "' is an id of at most 128 characters.");
    }
    into.put(field, v.asText());
  }

  private static String text(JsonNode body, String field, boolean mayBeEmpty) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (mayBeEmpty) {
        return "";
      }
      throw actionInvalid("'" + field + "' is missing.");
    }
    if (!v.isTextual()
        || v.asText().length() > MAX_TEXT
        || (!mayBeEmpty && v.asText().isBlank())
        || v.asText().chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
      throw actionInvalid(
          "'"
              + field
              + "' is a text of at most "
              + MAX_TEXT
              + " characters (line breaks allowed).");
    }
    return v.asText().strip();
  }

  static OtlabException actionInvalid(String message) {
    return new OtlabException(
        "EXERCISE_ACTION_INVALID",
        message,
        "See docs/dashboard-api.md, Exercises, for what each trainee action takes.");
  }

  private static String cut(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON did not parse", e);
    }
  }
}
