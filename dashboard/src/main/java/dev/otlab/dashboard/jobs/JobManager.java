package dev.otlab.dashboard.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.containers.ContainerWiring;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.LibraryNames;
import dev.otlab.dashboard.store.Jobs;
import dev.otlab.dashboard.store.Jobs.Job;
import dev.otlab.dashboard.store.Jobs.Status;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.lab.RunObserver;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.lab.TraceExport;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Evaluator;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.Weights;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Plays runs and evaluations in the background. A run is an evaluation of one scenario: both go
 * through {@link Evaluator}, which plays the benign twin beside the scenario (at full speed,
 * unseen) so a run's scorecard has its production loss. Each finished part is stored at once; a job
 * that was running when the service died is marked interrupted on the next start.
 */
@ApplicationScoped
public class JobManager {
  private static final Logger LOG = Logger.getLogger(JobManager.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where a job plays: in this service, or across the container lab it is the process node of. */
  public static final String EMBEDDED = "embedded";

  /** See {@link #EMBEDDED}. */
  public static final String CONTAINERS = "containers";

  /**
   * What to run: a scenario ({@code run}) or a suite ({@code evaluation}).
   *
   * @param lab {@link #EMBEDDED}, {@link #CONTAINERS}, or null for the container lab when the
   *     architecture is the one it is built for and the embedded lab otherwise
   */
  public record Request(
      String kind,
      String architecture,
      String subject,
      String detection,
      long seed,
      String speed,
      @Nullable String lab) {}

  /**
   * The container lab this service drives.
   *
   * @param architecture the architecture its containers are built for
   * @param processAddress where the controllers of its runs listen
   */
  public record ContainerLab(String architecture, String processAddress) {}

  /** A job being played: what cancelling it must stop, and its live progress. */
  private static final class Active {
    final LiveChannel channel = new LiveChannel();
    final Set<LabClock> clocks = ConcurrentHashMap.newKeySet();
    final Map<String, Double> playing = new ConcurrentHashMap<>();
    volatile boolean cancelled;
    volatile int finishedRuns;
    volatile int totalRuns;
    volatile double finishedSimulated;
    volatile double totalSimulated;

    void cancel() {
      cancelled = true;
      clocks.forEach(LabClock::stop);
    }
  }

  @Inject Jobs jobs;
  @Inject MeterRegistry metrics;

  @ConfigProperty(name = "otlab.data")
  Path data;

  @ConfigProperty(name = "otlab.jobs.concurrent", defaultValue = "2")
  int concurrent;

  /** Set by the reference docker-compose.yml: runs on it play across that lab's containers. */
  @ConfigProperty(name = "otlab.containers.architecture")
  Optional<String> containersArchitecture;

  @ConfigProperty(name = "otlab.containers.process-subnet")
  Optional<String> containersProcessSubnet;

  private @Nullable ContainerWiring containerWiring;
  private @Nullable ContainerLab containerLab;
  // A container lab has one set of controller fronts and agents: its runs take turns, in order.
  private final ReentrantLock containerTurn = new ReentrantLock(true);

  private final Map<String, Active> active = new ConcurrentHashMap<>();
  // The channels of the last jobs that ended here: a late subscriber gets their final status and
  // replay from them; older ones answer from the database.
  private final Map<String, LiveChannel> ended =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LiveChannel> eldest) {
              return size() > 64;
            }
          });
  private @Nullable ExecutorService pool;

  void onStart(@Observes StartupEvent ev) {
    attachContainerLab();
    int n = jobs.interruptLeftovers(System.currentTimeMillis());
    if (n > 0) {
      LOG.infof("otlab: %d job(s) were cut off by the last stop and are marked interrupted", n);
    }
    AtomicInteger k = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            Math.max(1, concurrent),
            r -> {
              Thread t = new Thread(r, "otlab-job-" + k.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    metrics.gauge("otlab_jobs_active", active, Map::size);
  }

  /** Becomes the process node of the container lab named in the configuration, if any. */
  private void attachContainerLab() {
    if (containersArchitecture.isEmpty() || containersArchitecture.get().isBlank()) {
      return;
    }
    String arch = name("architecture", containersArchitecture.get().strip());
    ArchitectureLoader.load(arch);
    String subnet =
        containersProcessSubnet
            .filter(v -> !v.isBlank())
            .orElseThrow(
                () ->
                    new OtlabException(
                        "CONTAINERS_PROCESS_SUBNET_MISSING",
                        "otlab.containers.architecture is set but not the process network's"
                            + " subnet.",
                        "Set OTLAB_CONTAINERS_PROCESS_SUBNET (otlab compose writes both), or"
                            + " unset OTLAB_CONTAINERS_ARCHITECTURE to play embedded only."));
    ContainerWiring.lookUpNamesOften();
    ContainerWiring w = ContainerWiring.onSubnet(subnet.strip());
    containerWiring = w;
    containerLab = new ContainerLab(arch, w.bindAddress());
    LOG.infof(
        "otlab: runs on %s play across the container lab; their controllers listen on %s",
        arch, w.bindAddress());
  }

  /** The container lab this service drives, if it is attached to one. */
  public Optional<ContainerLab> containerLab() {
    return Optional.ofNullable(containerLab);
  }

  void onStop(@Observes ShutdownEvent ev) {
    // A clean stop ends the runs now; their rows say interrupted, as after a crash.
    active.values().forEach(Active::cancel);
    ExecutorService p = pool;
    if (p != null) {
      p.shutdownNow();
    }
    jobs.interruptLeftovers(System.currentTimeMillis());
  }

  /**
   * Checks a request (every name must load, the speed must parse) and queues it.
   *
   * @throws OtlabException when anything in the request is wrong; nothing is stored then
   */
  public Job submit(Request r, String user, @Nullable String rerunOf) {
    Prepared p = prepare(r);
    Job j =
        new Job(
            UUID.randomUUID().toString(),
            r.kind(),
            Status.QUEUED,
            p.architecture.id(),
            r.subject(),
            r.detection(),
            r.seed(),
            r.speed(),
            p.lab,
            user,
            System.currentTimeMillis(),
            null,
            null,
            null,
            null,
            null,
            rerunOf);
    jobs.insert(j);
    Active a = new Active();
    a.totalRuns = p.suite.forPlant(p.architecture.plant()).size();
    a.totalSimulated =
        p.suite.forPlant(p.architecture.plant()).stream()
            .mapToDouble(ScenarioSpec::durationSeconds)
            .sum();
    active.put(j.id(), a);
    a.channel.status(write(view(j)));
    metrics.counter("otlab_jobs_started_total", "kind", r.kind()).increment();
    ExecutorService ex = pool;
    if (ex == null) {
      throw new IllegalStateException("job pool not started");
    }
    ex.submit(() -> play(j, p, a));
    return j;
  }

  /** Cancels a queued or running job; false when it had already ended. */
  public boolean cancel(String id) {
    Active a = active.get(id);
    if (a == null) {
      return false;
    }
    a.cancel();
    return true;
  }

  /** The live channel of a job (running or recently ended), if this process has it. */
  public Optional<LiveChannel> channel(String id) {
    Active a = active.get(id);
    if (a != null) {
      return Optional.of(a.channel);
    }
    return Optional.ofNullable(ended.get(id));
  }

  /** The job as JSON, with live progress when it is playing here. */
  public ObjectNode view(Job j) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", j.id());
    n.put("kind", j.kind());
    n.put("status", j.status().wire());
    ObjectNode params = n.putObject("params");
    params.put("architecture", j.architecture());
    params.put(j.kind().equals("run") ? "scenario" : "suite", j.subject());
    params.put("detection", j.detection());
    params.put("seed", j.seed());
    params.put("speed", j.speed());
    params.put("lab", j.lab());
    n.put("user", j.user());
    n.put("created", iso(j.created()));
    n.put("started", j.started() == null ? null : iso(j.started()));
    n.put("finished", j.finished() == null ? null : iso(j.finished()));
    Active a = active.get(j.id());
    if (a != null && !j.status().done()) {
      n.set("progress", progress(a));
    } else {
      n.set("progress", tree(j.progress()));
    }
    n.set("summary", tree(j.summary()));
    n.set("error", tree(j.error()));
    n.put("rerunOf", j.rerunOf());
    return n;
  }

  private static ObjectNode progress(Active a) {
    double playingNow = a.playing.values().stream().mapToDouble(Double::doubleValue).sum();
    double done = a.finishedSimulated + playingNow;
    ObjectNode p = JSON.createObjectNode();
    p.put("simulated", done);
    p.put("total", a.totalSimulated);
    p.put("fraction", a.totalSimulated <= 0 ? 0 : Math.min(1, done / a.totalSimulated));
    p.put("runs", a.finishedRuns);
    p.put("totalRuns", a.totalRuns);
    var current = p.putArray("current");
    a.playing.keySet().forEach(current::add);
    return p;
  }

  private record Prepared(
      ArchitectureSpec architecture,
      PlantSpec plant,
      SuiteSpec suite,
      @Nullable DetectionProfile profile,
      Speed speed,
      String lab) {}

  private Prepared prepare(Request r) {
    if (!r.kind().equals("run") && !r.kind().equals("evaluation")) {
      throw new IllegalArgumentException("kind " + r.kind());
    }
    ArchitectureSpec arch = ArchitectureLoader.load(name("architecture", r.architecture()));
    DetectionProfile profile =
        r.detection().equals("none")
            ? null
            : DetectionLoader.load(name("detection", r.detection()));
    Speed speed = Speed.parse(r.speed());
    SuiteSpec suite;
    if (r.kind().equals("run")) {
      ScenarioSpec s = ScenarioLoader.load(name("scenario", r.subject()));
      ScenarioRun.requireSamePlant(s, arch);
      suite = new SuiteSpec("run", s.title(), s.description(), List.of(s));
    } else {
      suite = SuiteLoader.load(name("suite", r.subject()));
      suite.requireFor(arch.plant());
    }
    if (r.seed() < 0) {
      throw new OtlabException(
          "SEED_INVALID", "The seed " + r.seed() + " is negative.", "Give a seed of 0 or more.");
    }
    String lab = lab(r.lab(), arch);
    if (lab.equals(CONTAINERS)) {
      suite.forPlant(arch.plant()).forEach(ContainerWiring::requirePlayable);
    }
    return new Prepared(arch, PlantLoader.load(arch.plant()), suite, profile, speed, lab);
  }

  /** Where a request plays; see {@link Request#lab()}. */
  private String lab(@Nullable String asked, ArchitectureSpec arch) {
    ContainerLab c = containerLab;
    boolean fits = c != null && c.architecture().equals(arch.id());
    if (asked == null) {
      return fits ? CONTAINERS : EMBEDDED;
    }
    if (asked.equals(EMBEDDED)) {
      return EMBEDDED;
    }
    if (!asked.equals(CONTAINERS)) {
      throw new OtlabException(
          "LAB_INVALID",
          "'" + asked + "' is not a lab.",
          "Give lab \"embedded\" or \"containers\", or leave it out.");
    }
    if (c == null) {
      throw new OtlabException(
          "LAB_CONTAINERS_NONE",
          "This service is not attached to a container lab.",
          "Bring the reference lab up with docker-compose up (the dashboard there drives it), or"
              + " play with lab \"embedded\".");
    }
    if (!fits) {
      throw new OtlabException(
          "LAB_CONTAINERS_ARCHITECTURE",
          "The container lab is built for architecture '"
              + c.architecture()
              + "', not '"
              + arch.id()
              + "'.",
          "Choose architecture '"
              + c.architecture()
              + "', or play with lab \"embedded\"; otlab compose writes a lab for another"
              + " architecture.");
    }
    return CONTAINERS;
  }

  /** Only library names: a path would let an API user read any file of the server. */
  static String name(String what, String value) {
    if (!LibraryNames.valid(value)) {
      throw new OtlabException(
          "NAME_INVALID",
          "'" + value + "' is not a " + what + " name.",
          "Give the id of a library or uploaded " + what + " (letters, digits, '_', '-').");
    }
    return value;
  }

  private void play(Job j, Prepared p, Active a) {
    long t0 = System.currentTimeMillis();
    if (a.cancelled) {
      finish(j, a, Status.CANCELLED, null, null);
      return;
    }
    jobs.started(j.id(), t0);
    Job running = jobs.find(j.id()).orElse(j);
    a.channel.status(write(view(running)));
    String slot = Thread.currentThread().getName();
    Path pki = data.resolve("pki").resolve(slot);
    boolean isRun = j.kind().equals("run");
    try {
      Evaluator.Runner runner = runner(p, a, pki);
      int evalJobs = isRun ? 2 : Math.max(1, Runtime.getRuntime().availableProcessors());
      Evaluation e =
          new Evaluator(runner, evalJobs)
              .evaluate(
                  p.architecture,
                  p.suite,
                  new Evaluator.Options(
                      j.seed(),
                      Weights.DEFAULT,
                      p.profile == null ? null : p.profile.id(),
                      pr -> {
                        if (!pr.scenario().equals(Evaluator.TWIN)) {
                          // Counted without the benign twin, as the job's progress is.
                          ObjectNode n = JSON.createObjectNode();
                          n.put("index", a.finishedRuns);
                          n.put("total", a.totalRuns);
                          n.put("scenario", pr.scenario());
                          n.put("result", pr.result());
                          a.channel.progress(write(n));
                          jobs.find(j.id()).ifPresent(now -> a.channel.status(write(view(now))));
                        }
                      },
                      (card, trace) -> stored(j, a, card, trace, isRun)));
      if (a.cancelled) {
        finish(j, a, Status.CANCELLED, null, null);
        return;
      }
      jobs.putArtifact(j.id(), "evaluation.json", "application/json", e.toJson());
      jobs.putArtifact(j.id(), "layer.json", "application/json", write(e.navigatorLayer()));
      jobs.putArtifact(j.id(), "report.html", "text/html", Report.html(e));
      finish(j, a, Status.FINISHED, summary(e, isRun), null);
    } catch (Cancelled c) {
      finish(j, a, Status.CANCELLED, null, null);
    } catch (OtlabException ex) {
      if (a.cancelled) {
        finish(j, a, Status.CANCELLED, null, null);
      } else {
        finish(j, a, Status.FAILED, null, failed(j, ex));
      }
    } catch (RuntimeException ex) {
      LOG.errorf(ex, "otlab: job %s failed", j.id());
      finish(
          j,
          a,
          Status.FAILED,
          null,
          error(
              "JOB_FAILED",
              "The job failed inside the service.",
              "This is a bug; the service log has the details. Rerun it after reporting."));
    }
  }

  /** Thrown inside a run to end the evaluation when the job was cancelled. */
  private static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled", null, false, false);
    }
  }

  private Evaluator.Runner runner(Prepared p, Active a, Path pki) {
    return (scenario, architecture, seed) -> {
      if (a.cancelled) {
        throw new Cancelled();
      }
      boolean twin = scenario.id().equals(Evaluator.TWIN);
      // Worker threads of two evaluations have the same names; the job slot keeps them apart.
      Path dir = pki.resolve(Thread.currentThread().getName());
      RunObserver observer =
          twin
              ? new RunObserver() {
                @Override
                public void started(LabClock clock) {
                  register(a, clock);
                }
              }
              : a.channel.observer(
                  scenario.id(),
                  p.profile,
                  p.plant,
                  architecture,
                  clock -> register(a, clock),
                  t -> a.playing.put(scenario.id(), t));
      ScenarioRun run =
          new ScenarioRun(
              scenario,
              architecture,
              new ScenarioRun.Options(
                  seed, twin ? Speed.MAX : p.speed, dir, r -> {}, p.profile, observer));
      // The benign twin is never seen and sends no attack: it stays embedded.
      ContainerWiring w = containerWiring;
      boolean acrossContainers = !twin && p.lab.equals(CONTAINERS) && w != null;
      if (acrossContainers) {
        takeContainerTurn(a);
        run.on(w);
      }
      try {
        RunTrace t = run.run();
        if (a.cancelled) {
          throw new Cancelled();
        }
        return t;
      } finally {
        a.playing.remove(scenario.id());
        if (acrossContainers) {
          containerTurn.unlock();
        }
      }
    };
  }

  /** Waits for the container lab, giving up when the job is cancelled meanwhile. */
  private void takeContainerTurn(Active a) {
    try {
      while (!containerTurn.tryLock(1, TimeUnit.SECONDS)) {
        if (a.cancelled) {
          throw new Cancelled();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Cancelled();
    }
  }

  private static void register(Active a, LabClock clock) {
    a.clocks.add(clock);
    if (a.cancelled) {
      clock.stop();
    }
  }

  private void stored(Job j, Active a, Scorecard card, RunTrace trace, boolean isRun) {
    String s = card.scenario();
    if (isRun) {
      jobs.putArtifact(j.id(), "scorecard.json", "application/json", write(JSON.valueToTree(card)));
      jobs.putArtifact(j.id(), "trace.jsonl", "application/x-ndjson", TraceExport.allLines(trace));
      jobs.putArtifact(j.id(), "samples.csv", "text/csv", TraceExport.samplesCsv(trace));
    } else {
      jobs.putArtifact(
          j.id(), "scorecards/" + s + ".json", "application/json", write(JSON.valueToTree(card)));
    }
    String prefix = isRun ? "" : s + "/";
    jobs.putArtifact(
        j.id(), prefix + "alerts.jsonl", "application/x-ndjson", TraceExport.alertLines(trace));
    jobs.putArtifact(j.id(), prefix + "alerts.cef", "text/plain", TraceExport.alertCef(trace));
    a.finishedRuns++;
    a.finishedSimulated += card.durationSeconds();
    jobs.progress(j.id(), write(progress(a)));
  }

  private static String summary(Evaluation e, boolean isRun) {
    ObjectNode n = JSON.createObjectNode();
    n.put("total", e.scores().total());
    n.put("prevention", e.scores().prevention());
    n.put("detection", e.scores().detection());
    n.put("impact", e.scores().impact());
    n.put("operations", e.scores().operations());
    n.put("scenarios", e.scorecards().size());
    if (isRun && !e.scorecards().isEmpty()) {
      Scorecard c = e.scorecards().get(0);
      n.put("objectiveReached", c.objectiveReached());
      n.put("objectiveTime", c.objectiveTime());
      n.put("blockedAt", c.blockedAt());
      n.put("detected", c.detection().detectTime() != null);
      n.put("timeToDetect", c.detection().timeToDetect());
      n.put("alerts", c.detection().trueAlerts() + c.detection().falseAlerts());
      n.put("falseAlerts", c.detection().falseAlerts());
      n.put("harm", c.impact().harm());
    } else {
      n.put(
          "objectivesReached", e.scorecards().stream().filter(Scorecard::objectiveReached).count());
      n.put(
          "detected",
          e.scorecards().stream().filter(c -> c.detection().detectTime() != null).count());
    }
    return write(n);
  }

  private void finish(
      Job j, Active a, Status status, @Nullable String summary, @Nullable String error) {
    String progress = write(progress(a));
    jobs.finish(j.id(), status, System.currentTimeMillis(), progress, summary, error);
    active.remove(j.id());
    ended.put(j.id(), a.channel);
    Job done = jobs.find(j.id()).orElse(j);
    a.channel.end(write(view(done)));
    metrics.counter("otlab_jobs_ended_total", "status", status.wire()).increment();
  }

  /**
   * The error a failed job shows. An internal error shows only its code, as the API's own answers
   * do: its message may carry paths or a cause's text meant for the log.
   */
  private static String failed(Job j, OtlabException ex) {
    if (ex.category() == ErrorCategory.INTERNAL) {
      LOG.errorf(ex, "otlab: job %s failed: %s", j.id(), ex.describe());
      return error(
          ex.code(),
          "The job failed inside the service.",
          "This is a bug; the service log has the details. Rerun it after reporting.");
    }
    LOG.warnf("otlab: job %s failed: %s", j.id(), ex.describe());
    return error(ex.code(), ex.getMessage(), ex.remedy());
  }

  static String error(String code, @Nullable String message, String remedy) {
    ObjectNode n = JSON.createObjectNode();
    n.put("code", code);
    n.put("message", message);
    n.put("remedy", remedy);
    return write(n);
  }

  private static JsonNode tree(@Nullable String json) {
    if (json == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }

  private static String iso(long ms) {
    return java.time.Instant.ofEpochMilli(ms).toString();
  }

  static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a job document did not serialise", e);
    }
  }
}
