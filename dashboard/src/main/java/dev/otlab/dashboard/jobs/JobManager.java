package dev.otlab.dashboard.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.containers.ContainerWiring;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.LibraryNames;
import dev.otlab.dashboard.store.Db;
import dev.otlab.dashboard.store.Jobs;
import dev.otlab.dashboard.store.Jobs.Job;
import dev.otlab.dashboard.store.Jobs.Status;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.lab.Defender;
import dev.otlab.lab.PcapExport;
import dev.otlab.lab.PlaybookEngine;
import dev.otlab.lab.RunObserver;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.lab.TraceExport;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ResponseAction;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.library.SweepLoader;
import dev.otlab.library.SweepSpec;
import dev.otlab.network.AddressPlan;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.capture.TrafficCapture;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Evaluator;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.Weights;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.sweep.EmbeddedSweepEngine;
import dev.otlab.sweep.JdbcSweepStore;
import dev.otlab.sweep.SweepEngine;
import dev.otlab.sweep.SweepEngineFactory;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepProgress;
import dev.otlab.sweep.SweepResults;
import dev.otlab.sweep.SweepVerdicts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Plays runs and evaluations in the background. A run is an evaluation of one scenario: both go
 * through {@link Evaluator}, which plays the benign twin beside the scenario (at full speed,
 * unseen) so a run's scorecard has its production loss. Each finished part is stored at once; a job
 * that was running when the service died is marked interrupted on the next start, and a rerun of an
 * evaluation that did not finish plays only the scenarios it has not stored ({@link Resume}).
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
   * @param pcap whether a run records what its sensors see as packet captures (embedded lab only)
   * @param playbooks ids of library or uploaded playbooks that defend the run (each scenario of an
   *     evaluation, played with and without them), empty for none
   */
  public record Request(
      String kind,
      String architecture,
      String subject,
      String detection,
      long seed,
      int seeds,
      String speed,
      @Nullable String lab,
      boolean pcap,
      List<String> playbooks) {

    public Request {
      playbooks = List.copyOf(playbooks);
    }

    /** Undefended. */
    public Request(
        String kind,
        String architecture,
        String subject,
        String detection,
        long seed,
        int seeds,
        String speed,
        @Nullable String lab,
        boolean pcap) {
      this(kind, architecture, subject, detection, seed, seeds, speed, lab, pcap, List.of());
    }
  }

  /**
   * Artifact naming the playbooks that defend a job, one id a line (none when undefended): a rerun
   * is defended by them too.
   */
  public static final String PLAYBOOKS = "playbooks";

  /**
   * Artifact marking a run that records packet captures: a rerun records them too. The captures
   * themselves are {@code pcap/SENSOR.pcap} (base64), {@code pcap/SENSOR.flows.csv} and {@code
   * pcap/SENSOR.packets.csv}, listed in {@link #PCAP_INDEX}.
   */
  public static final String PCAP_REQUESTED = "pcap/requested";

  /** The index of a run's packet captures: sensors, their files and counts, the memory held. */
  public static final String PCAP_INDEX = "pcap/index.json";

  /**
   * The container lab this service drives.
   *
   * @param architecture the architecture its containers are built for
   * @param processAddress where the controllers of its runs listen
   */
  public record ContainerLab(String architecture, String processAddress) {}

  /**
   * A job being played: what cancelling it must stop, and its live progress.
   *
   * <p>Cancelling stops the job's lab clocks (a run ends at its next scheduled task) and interrupts
   * the job's thread when it computes on its own (the static analysis of the architecture,
   * scoring): that thread then throws, and any exception of a cancelled job means cancelled. Only
   * the guard's holder interrupts, and the job thread holds the guard while it writes to the
   * database, so an interrupt never lands inside a JDBC call (H2's file channel closes when its
   * thread is interrupted).
   */
  private static final class Active {
    final Job job;
    final LiveChannel channel = new LiveChannel();
    final Set<LabClock> clocks = ConcurrentHashMap.newKeySet();
    // The simulated time of each run playing now, by its play (a defended evaluation plays a
    // scenario undefended and defended, maybe at once).
    final Map<Play, Double> playing = new ConcurrentHashMap<>();
    // Threads playing one of this job's runs right now (the evaluator's workers, or the job
    // thread).
    private final Set<Thread> runners = new java.util.HashSet<>();
    private final Object guard = new Object();
    private @Nullable Thread thread; // guarded by guard: the job thread while it plays
    private boolean started; // guarded by guard
    private boolean ended; // guarded by guard: cancelled before it started, already finished
    volatile boolean cancelled;
    volatile long cancelledAt;
    // What the run's sensors saw, when the run records packet captures.
    volatile @Nullable TrafficCapture capture;
    volatile int finishedRuns;
    volatile int totalRuns;
    volatile double finishedSimulated;
    volatile double totalSimulated;
    volatile int resumedRuns;
    // A sweep job's progress as its store last told it, the units a retry found done, and the id
    // its results are stored under.
    volatile @Nullable SweepProgress sweep;
    volatile int sweepReused;
    volatile @Nullable String sweepStoreId;
    // The watched run's clock (a run job's, never its benign twin's) and what people made of it.
    final Object clockLock = new Object();
    volatile @Nullable LabClock live; // guarded by clockLock for changes
    private @Nullable Speed chosen; // guarded by clockLock: the speed a skip returns to
    private boolean skipping; // guarded by clockLock
    // Told the watched run before it plays (an exercise defends it and injects into it).
    volatile @Nullable Consumer<ScenarioRun> hook;
    // The watched run while it plays, for the responses people take from the dashboard.
    volatile @Nullable ScenarioRun watched;

    Active(Job job) {
      this.job = job;
    }

    /** The live run's clock as people see it, or null before it starts. */
    @Nullable ObjectNode clockState() {
      synchronized (clockLock) {
        LabClock c = live;
        if (c == null) {
          return null;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("paused", c.isPaused());
        Speed s = chosen == null ? c.speed() : chosen;
        n.put("speed", s.wire());
        n.put("skipping", skipping);
        n.put("time", c.now());
        return n;
      }
    }

    /** Ends a skip at the next step: back to the speed people chose. */
    void stepped() {
      boolean ended = false;
      synchronized (clockLock) {
        LabClock c = live;
        if (skipping && c != null && chosen != null) {
          c.setSpeed(chosen);
          skipping = false;
          ended = true;
        }
      }
      if (ended) {
        publishClock();
      }
    }

    void publishClock() {
      ObjectNode s = clockState();
      if (s != null) {
        channel.clock(s.toString());
      }
    }

    /** Marks the job cancelled; true when it had not started (nobody else will end it then). */
    boolean cancel() {
      synchronized (guard) {
        if (!cancelled) {
          cancelled = true;
          cancelledAt = System.nanoTime();
        }
        clocks.forEach(LabClock::stop);
        if (!started && !ended) {
          ended = true;
          return true;
        }
        return false;
      }
    }

    /** The job thread takes the job; false when it was cancelled while it waited for a slot. */
    boolean start() {
      synchronized (guard) {
        if (ended) {
          return false;
        }
        started = true;
        thread = Thread.currentThread();
        return true;
      }
    }

    /**
     * Interrupts the job thread (not inside a database write), and with {@code runs} the threads
     * playing its runs too.
     */
    void interrupt(boolean runs) {
      synchronized (guard) {
        Thread t = thread;
        if (t != null) {
          t.interrupt();
        }
      }
      if (runs) {
        synchronized (runners) {
          runners.forEach(Thread::interrupt);
        }
      }
    }

    /** Runs a database write on the job thread where no interrupt can reach it. */
    void quietly(Runnable write) {
      synchronized (guard) {
        boolean interrupted = Thread.interrupted();
        try {
          write.run();
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }

    /** The job thread is done with the job: nothing interrupts it for this job any more. */
    void release() {
      synchronized (guard) {
        ended = true;
        if (thread == Thread.currentThread()) {
          thread = null;
          // An interrupt that arrived after the job's last check is not the next job's business.
          Thread.interrupted();
        }
      }
    }

    boolean busyRunning() {
      synchronized (runners) {
        return !runners.isEmpty();
      }
    }

    boolean hasStarted() {
      synchronized (guard) {
        return started;
      }
    }

    void enter() {
      synchronized (runners) {
        runners.add(Thread.currentThread());
      }
    }

    void leave() {
      synchronized (runners) {
        runners.remove(Thread.currentThread());
      }
    }
  }

  @Inject Jobs jobs;
  @Inject MeterRegistry metrics;

  @ConfigProperty(name = "otlab.data")
  Path data;

  @ConfigProperty(name = "otlab.jobs.concurrent", defaultValue = "2")
  int concurrent;

  @ConfigProperty(name = "otlab.pcap.limit-mib", defaultValue = "256")
  long pcapLimitMib;

  /** Jobs one user may have waiting for a slot; one more is refused with 429. */
  @ConfigProperty(name = "otlab.jobs.queued-per-user", defaultValue = "8")
  int queuedPerUser;

  /** The slowest clock speed a job may ask for (a job at 1e-300x would hold its slot forever). */
  @ConfigProperty(name = "otlab.jobs.min-speed", defaultValue = "0.1")
  double minSpeed;

  /** The longest simulated duration one scenario of a job may have, in seconds. */
  @ConfigProperty(name = "otlab.jobs.max-simulated-seconds", defaultValue = "86400")
  double maxSimulatedSeconds;

  /** Set by the reference docker-compose.yml: runs on it play across that lab's containers. */
  @ConfigProperty(name = "otlab.containers.architecture")
  Optional<String> containersArchitecture;

  @ConfigProperty(name = "otlab.containers.process-subnet")
  Optional<String> containersProcessSubnet;

  /** The engine sweeps play with: {@code embedded}, or a {@link SweepEngineFactory}'s name. */
  @ConfigProperty(name = "otlab.sweeps.engine", defaultValue = EmbeddedSweepEngine.NAME)
  String sweepEngine;

  /** Units a sweep plays at once on the embedded engine. */
  @ConfigProperty(name = "otlab.sweeps.jobs", defaultValue = "1")
  int sweepJobs;

  @Inject Db db;

  // Where every sweep's plan and unit results go, whichever engine plays it: the dashboard's own
  // database (a Swarm engine's tasks write into the same tables).
  private @Nullable JdbcSweepStore sweepStore;

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
  // Interrupts the threads of a cancelled job that has not ended soon after the cancel.
  private @Nullable ScheduledExecutorService escalation;
  // Counting a user's queued jobs and queueing one more is one step.
  private final Object queueing = new Object();

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
    escalation =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "otlab-job-cancel");
              t.setDaemon(true);
              return t;
            });
    metrics.gauge("otlab_jobs_active", active, Map::size);
    sweepStore =
        JdbcSweepStore.pooled(db::connection, "the dashboard's " + db.kind() + " database");
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
    ScheduledExecutorService e = escalation;
    if (e != null) {
      e.shutdownNow();
    }
    jobs.interruptLeftovers(System.currentTimeMillis());
    JdbcSweepStore st = sweepStore;
    if (st != null) {
      st.close();
    }
  }

  /**
   * Checks a request (every name must load, the speed must parse) and queues it.
   *
   * @throws OtlabException when anything in the request is wrong; nothing is stored then
   */
  public Job submit(Request r, String user, @Nullable String rerunOf) {
    return submit(r, user, rerunOf, null);
  }

  /**
   * {@link #submit(Request, String, String)} of a run whose {@link ScenarioRun} {@code hook} is
   * given before it plays (never its benign twin's): an exercise registers its trainees' defender
   * on it and keeps it to inject the attacker's next step.
   */
  public Job submit(
      Request r, String user, @Nullable String rerunOf, @Nullable Consumer<ScenarioRun> hook) {
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
            r.seeds(),
            r.speed(),
            p.lab,
            user,
            System.currentTimeMillis(),
            null,
            null,
            null,
            null,
            null,
            rerunOf,
            null,
            null);
    List<ScenarioSpec> scenarios = p.suite.forPlant(p.architecture.plant());
    String inputs =
        Resume.fingerprint(p.architecture, p.plant, scenarios, p.profile, r.seed(), r.seeds());
    // Only a one-seed evaluation resumes: its stored scorecards are all it scored. A defended one
    // plays in full: its defence sums up every scenario's response part, with and without.
    Resume resume =
        rerunOf == null || r.seeds() != 1 || !p.playbooks.isEmpty()
            ? Resume.NONE
            : resumeFrom(rerunOf, inputs, scenarios);
    Active a = new Active(j);
    a.hook = hook; // exercise hook
    a.totalRuns = scenarios.size() * r.seeds();
    a.totalSimulated =
        r.seeds() * scenarios.stream().mapToDouble(ScenarioSpec::durationSeconds).sum();
    enqueue(
        j,
        a,
        () -> {
          if (inputs != null) {
            jobs.putArtifact(j.id(), Resume.INPUTS, "text/plain", inputs);
          }
          if (p.pcap) {
            jobs.putArtifact(j.id(), PCAP_REQUESTED, "text/plain", "true");
          }
          if (!p.playbooks.isEmpty()) {
            jobs.putArtifact(
                j.id(),
                PLAYBOOKS,
                "text/plain",
                String.join("\n", p.playbooks.stream().map(PlaybookSpec::id).toList()));
          }
        });
    ExecutorService ex = pool;
    if (ex == null) {
      throw new IllegalStateException("job pool not started");
    }
    ex.submit(() -> play(j, p, a, resume));
    return j;
  }

  /**
   * Queues a job: refused when its user has {@link #queuedPerUser} jobs waiting already, else
   * inserted with what {@code artifacts} stores, in one step, and announced.
   */
  private void enqueue(Job j, Active a, Runnable artifacts) {
    String user = j.user();
    synchronized (queueing) {
      long waiting =
          active.values().stream()
              .filter(o -> o.job.user().equals(user) && !o.hasStarted())
              .count();
      if (waiting >= queuedPerUser) {
        throw new QueueFull(
            user
                + " already has "
                + waiting
                + " jobs waiting for a slot (at most "
                + queuedPerUser
                + ").");
      }
      jobs.insert(j);
      artifacts.run();
      active.put(j.id(), a);
    }
    a.channel.status(write(view(j)));
    metrics.counter("otlab_jobs_started_total", "kind", j.kind()).increment();
  }

  /**
   * What a rerun reuses of the job it repeats: the scorecards of an evaluation that did not finish
   * (interrupted, cancelled or failed), when its inputs were the same. A finished one is played
   * again in full, as asked.
   */
  private Resume resumeFrom(String rerunOf, @Nullable String inputs, List<ScenarioSpec> scenarios) {
    Job old = jobs.find(rerunOf).orElse(null);
    if (old == null
        || inputs == null
        || !old.kind().equals("evaluation")
        || !old.status().done()
        || old.status() == Status.FINISHED) {
      return Resume.NONE;
    }
    boolean same =
        jobs.artifact(rerunOf, Resume.INPUTS).map(x -> x.body().equals(inputs)).orElse(false);
    if (!same) {
      LOG.infof("otlab: %s had other inputs (or none stored): its rerun plays in full", rerunOf);
      return Resume.NONE;
    }
    Map<String, Scorecard> cards = new java.util.HashMap<>();
    for (ScenarioSpec s : scenarios) {
      List<String> names = Resume.artifacts(s.id());
      if (!names.stream().allMatch(n -> jobs.artifact(rerunOf, n).isPresent())) {
        continue;
      }
      Scorecard c =
          jobs.artifact(rerunOf, names.get(0)).map(x -> Resume.card(x.body())).orElse(null);
      if (c != null && c.scenario().equals(s.id())) {
        cards.put(s.id(), c);
      }
    }
    return new Resume(rerunOf, cards);
  }

  /**
   * How long a cancelled job may end gently (its runs return when their clocks stop) before all its
   * threads are interrupted: short enough that a cancel takes effect within about a second.
   */
  static final long ESCALATE_MILLIS = 500;

  /**
   * Cancels a queued or running job; false when it had already ended. A queued job ends here and
   * now; a running one within about a second (its clocks stop, its thread is interrupted when it
   * computes on its own, and after {@link #ESCALATE_MILLIS} every thread of it is).
   */
  public boolean cancel(String id) {
    Active a = active.get(id);
    if (a == null) {
      return false;
    }
    if (a.cancel()) {
      finish(a.job, a, Status.CANCELLED, null, null);
      return true;
    }
    if (!a.busyRunning()) {
      a.interrupt(false);
    }
    ScheduledExecutorService e = escalation;
    if (e != null) {
      e.schedule(
          () -> {
            if (active.get(id) == a) {
              LOG.infof("otlab: job %s still busy after its cancel; interrupting it", id);
              a.interrupt(true);
            }
          },
          ESCALATE_MILLIS,
          TimeUnit.MILLISECONDS);
    }
    return true;
  }

  /** What a person may do to a running run's clock. */
  public enum ClockAction {
    /** Hold simulated time. */
    PAUSE,
    /** Let it run again. */
    RESUME,
    /** Play at another speed ({@code speed}: max or a factor). */
    SPEED,
    /** Play at full speed until the attack's next step, or the end when none is left. */
    SKIP;

    static ClockAction parse(@Nullable String text) {
      if (text != null) {
        for (ClockAction a : values()) {
          if (a.name().equalsIgnoreCase(text.strip())) {
            return a;
          }
        }
      }
      throw new OtlabException(
          "JOB_CLOCK_ACTION_INVALID",
          "'"
              + (text == null ? "" : text.length() > 20 ? text.substring(0, 20) + "..." : text)
              + "' is not a clock action.",
          "Send {\"action\": \"pause\"}, \"resume\", \"skip\", or \"speed\" with \"speed\": \"10\""
              + " (or max).");
    }
  }

  /**
   * Reads a clock request as {@link #control} would, without touching any clock: for a caller that
   * keeps the request for a run not playing yet.
   *
   * @throws OtlabException {@code JOB_CLOCK_ACTION_INVALID}, {@code SPEED_INVALID} or {@code
   *     SPEED_OUT_OF_RANGE} as {@link #control} does
   */
  public ClockAction clockAction(String actionText, @Nullable String speedText) {
    ClockAction action = ClockAction.parse(actionText);
    if (action == ClockAction.SPEED) {
      if (speedText == null || speedText.isBlank()) {
        throw new OtlabException(
            "JOB_CLOCK_ACTION_INVALID",
            "A speed change names no speed.",
            "Send {\"action\": \"speed\", \"speed\": \"10\"} (or max, or a factor from "
                + minSpeed
                + " up).");
      }
      speed(speedText);
    }
    return action;
  }

  /**
   * Pauses, resumes, re-speeds or skips ahead the clock of a running run, and tells everyone
   * watching (a {@code clock} event on its live stream). The benign twin, played afterwards at full
   * speed, is not touched.
   *
   * @param speedText for {@link ClockAction#SPEED}: max or a factor from the slowest allowed up
   * @return the clock as people now see it
   * @throws OtlabException {@code JOB_CLOCK_UNAVAILABLE} when the job is not a run playing now
   */
  public ObjectNode control(String id, String actionText, @Nullable String speedText) {
    ClockAction action = clockAction(actionText, speedText);
    Speed speed = action == ClockAction.SPEED && speedText != null ? speed(speedText) : null;
    Active a = active.get(id);
    LabClock c = a == null ? null : a.live;
    if (a == null || c == null || a.job.status().done() || c.isStopped()) {
      throw new OtlabException(
          "JOB_CLOCK_UNAVAILABLE",
          "Run " + id + " is not playing now (queued, ended, or still starting its lab).",
          "Control the clock while the run plays; a finished run can be replayed from its trace.");
    }
    synchronized (a.clockLock) {
      switch (action) {
        case PAUSE -> c.pause();
        case RESUME -> c.resume();
        case SPEED -> {
          a.chosen = speed;
          a.skipping = false;
          c.setSpeed(speed);
        }
        case SKIP -> {
          if (!a.skipping) {
            a.chosen = c.speed();
          }
          a.skipping = true;
          c.setSpeed(Speed.MAX);
          c.resume();
        }
      }
    }
    a.publishClock();
    ObjectNode state = a.clockState();
    return state == null ? JSON.createObjectNode() : state;
  }

  /** The live channel of a job (running or recently ended), if this process has it. */
  public Optional<LiveChannel> channel(String id) {
    Active a = active.get(id);
    if (a != null) {
      return Optional.of(a.channel);
    }
    return Optional.ofNullable(ended.get(id));
  }

  /**
   * Has a person's response action carried out on a playing run, {@code delaySeconds} of simulated
   * time from now: the run's responder records it done or refused (the trace keeps it, the live
   * stream tells it as a {@code response} event).
   *
   * @throws OtlabException {@code RUN_NOT_RUNNING} when the run is not playing here
   */
  public void respond(
      String id, ResponseAction action, String who, String why, double delaySeconds) {
    Active a = active.get(id);
    ScenarioRun run = a == null ? null : a.watched;
    if (run == null || a.cancelled) {
      throw new OtlabException(
          "RUN_NOT_RUNNING",
          "Run " + id + " is not playing, so nothing can be done to its lab.",
          "Act while the run plays: after it started and before it ended.");
    }
    run.respond(action, who, why, delaySeconds);
  }

  /** The job as JSON, with live progress when it is playing here. */
  public ObjectNode view(Job j) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", j.id());
    n.put("kind", j.kind());
    n.put("status", j.status().wire());
    ObjectNode params = n.putObject("params");
    params.put("architecture", j.architecture());
    params.put(
        switch (j.kind()) {
          case "run" -> "scenario";
          case SWEEP -> "sweep";
          default -> "suite";
        },
        j.subject());
    params.put("detection", j.detection());
    params.put("seed", j.seed());
    params.put("seeds", j.seeds());
    params.put("speed", j.speed());
    params.put("lab", j.lab());
    n.put("user", j.user());
    n.put("created", iso(j.created()));
    n.put("started", j.started() == null ? null : iso(j.started()));
    n.put("finished", j.finished() == null ? null : iso(j.finished()));
    Active a = active.get(j.id());
    if (a != null && !j.status().done()) {
      n.set("progress", progress(a));
      ObjectNode clock = a.clockState();
      if (clock != null) {
        n.set("clock", clock);
      }
    } else {
      n.set("progress", tree(j.progress()));
    }
    n.set("summary", tree(j.summary()));
    n.set("error", tree(j.error()));
    n.put("rerunOf", j.rerunOf());
    n.put("name", j.name());
    n.put("note", j.note());
    return n;
  }

  private static ObjectNode progress(Active a) {
    if (a.job.kind().equals(SWEEP)) {
      return sweepProgress(a);
    }
    double playingNow = a.playing.values().stream().mapToDouble(Double::doubleValue).sum();
    double done = a.finishedSimulated + playingNow;
    ObjectNode p = JSON.createObjectNode();
    p.put("simulated", done);
    p.put("total", a.totalSimulated);
    p.put("fraction", a.totalSimulated <= 0 ? 0 : Math.min(1, done / a.totalSimulated));
    p.put("runs", a.finishedRuns);
    p.put("totalRuns", a.totalRuns);
    p.put("resumed", a.resumedRuns);
    var current = p.putArray("current");
    a.playing.keySet().stream().map(Play::scenario).distinct().forEach(current::add);
    var plays = p.putArray("plays");
    a.playing.keySet().forEach(k -> k.put(plays.addObject()));
    return p;
  }

  /**
   * One play of a scenario in a job: a run's, an undefended evaluation's ({@code play} null), or
   * one of the two of an evaluation with playbooks ({@link LiveChannel#UNDEFENDED}, {@link
   * LiveChannel#DEFENDED}).
   */
  record Play(String scenario, @Nullable String play) {
    /** The play a defended evaluation's progress names ({@code wt-recon (undefended)}). */
    static Play of(String progressName, boolean defendedEvaluation) {
      if (!defendedEvaluation) {
        return new Play(progressName, null);
      }
      return progressName.endsWith(Evaluator.UNDEFENDED)
          ? new Play(
              progressName.substring(0, progressName.length() - Evaluator.UNDEFENDED.length()),
              LiveChannel.UNDEFENDED)
          : new Play(progressName, LiveChannel.DEFENDED);
    }

    void put(ObjectNode n) {
      n.put("scenario", scenario);
      if (play != null) {
        n.put("play", play);
      }
    }
  }

  private record Prepared(
      ArchitectureSpec architecture,
      PlantSpec plant,
      SuiteSpec suite,
      @Nullable DetectionProfile profile,
      Speed speed,
      String lab,
      boolean pcap,
      List<PlaybookSpec> playbooks) {}

  /** The most playbooks one job may be defended by. */
  public static final int MAX_PLAYBOOKS = 8;

  /**
   * The playbooks a request names, loaded and checked as the CLI checks them: written for the
   * architecture's plant, and with a detection profile when a rule fires on alerts.
   */
  private static List<PlaybookSpec> playbooks(
      Request r, ArchitectureSpec arch, @Nullable DetectionProfile profile) {
    if (r.playbooks().size() > MAX_PLAYBOOKS) {
      throw new OtlabException(
          "PLAYBOOKS_INVALID",
          "The request names " + r.playbooks().size() + " playbooks.",
          "Defend a job with at most " + MAX_PLAYBOOKS + " playbooks.");
    }
    List<PlaybookSpec> out = new ArrayList<>();
    for (String id : r.playbooks()) {
      PlaybookSpec p = PlaybookLoader.load(name("playbook", id));
      PlaybookLoader.requirePlant(p, arch.plant(), arch.id());
      if (profile == null
          && p.rules().stream().anyMatch(x -> x.when() instanceof PlaybookSpec.Trigger.OnAlert)) {
        throw new OtlabException(
            "PLAYBOOKS_INVALID",
            "Playbook '"
                + p.id()
                + "' has rules that fire on alerts, and detection none raises none.",
            "Give a detection profile (full, the default), or use a playbook whose rules fire on"
                + " the plant's values only.");
      }
      if (out.stream().anyMatch(o -> o.id().equals(p.id()))) {
        throw new OtlabException(
            "PLAYBOOKS_INVALID",
            "Playbook '" + p.id() + "' is named twice.",
            "Name each playbook once.");
      }
      out.add(p);
    }
    return List.copyOf(out);
  }

  private Prepared prepare(Request r) {
    if (!r.kind().equals("run") && !r.kind().equals("evaluation")) {
      throw new IllegalArgumentException("kind " + r.kind());
    }
    ArchitectureSpec arch = ArchitectureLoader.load(name("architecture", r.architecture()));
    DetectionProfile profile =
        r.detection().equals("none")
            ? null
            : DetectionLoader.load(name("detection", r.detection()));
    Speed speed = speed(r.speed());
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
    // The seeds' count is checked as the evaluator checks it; a run plays one seed.
    Evaluator.Options.of(r.seed(), r.seeds(), null);
    if (r.kind().equals("run") && r.seeds() != 1) {
      throw new OtlabException(
          "EVALUATE_SEEDS_INVALID",
          "A run plays one seed, not " + r.seeds() + ".",
          "Start an evaluation to play a scenario over several seeds.");
    }
    for (ScenarioSpec s : suite.forPlant(arch.plant())) {
      if (!(s.durationSeconds() <= maxSimulatedSeconds)) {
        throw new OtlabException(
            "DURATION_TOO_LONG",
            "Scenario '"
                + s.id()
                + "' lasts "
                + s.durationSeconds()
                + " simulated seconds; this service plays at most "
                + maxSimulatedSeconds
                + " s per scenario.",
            "Shorten the scenario's duration to at most "
                + maxSimulatedSeconds
                + " s, or raise otlab.jobs.max-simulated-seconds.");
      }
    }
    String lab = lab(r.lab(), arch, suite.forPlant(arch.plant()));
    if (r.pcap() && (!r.kind().equals("run") || lab.equals(CONTAINERS))) {
      throw new OtlabException(
          "CAPTURE_UNSUPPORTED",
          r.kind().equals("run")
              ? "Packet captures are recorded in the embedded lab only: the container lab's"
                  + " relays run in its gateway containers."
              : "Packet captures are recorded for single runs, not evaluations.",
          r.kind().equals("run")
              ? "Start the run with \"lab\": \"embedded\" to capture it."
              : "Start a run (POST /api/runs) of the scenario with \"pcap\": true.");
    }
    if (r.pcap()) {
      AddressPlan.of(arch).addresses();
    }
    List<PlaybookSpec> defence = playbooks(r, arch, profile);
    return new Prepared(
        arch, PlantLoader.load(arch.plant()), suite, profile, speed, lab, r.pcap(), defence);
  }

  /** The longest speed text a job keeps (the column it is stored in). */
  public static final int SPEED_MAX_LENGTH = 16;

  /**
   * The request's speed: {@code max}, or a factor from {@code otlab.jobs.min-speed} up; a slower
   * clock would hold a slot for longer than anyone waits.
   */
  private Speed speed(String text) {
    if (text.length() > SPEED_MAX_LENGTH) {
      throw new OtlabException(
          "SPEED_INVALID",
          "Speed '"
              + text.substring(0, SPEED_MAX_LENGTH)
              + "...' is longer than "
              + SPEED_MAX_LENGTH
              + " characters.",
          "Use max or a factor from " + minSpeed + " up, such as 1 or 10.");
    }
    Speed speed = Speed.parse(text);
    if (!speed.isMax() && speed.factor() < minSpeed) {
      throw new OtlabException(
          "SPEED_OUT_OF_RANGE",
          "Speed " + text + " is slower than the slowest this service plays, " + minSpeed + "x.",
          "Use max or a factor from " + minSpeed + " up, such as 1 or 10.");
    }
    return speed;
  }

  /**
   * Where runs of {@code scenarios} on {@code arch} play when {@code asked} is the lab a request
   * names ({@link Request#lab()}), checked as a run's request is: the container lab must be
   * attached, built for that architecture, and able to play each scenario.
   *
   * @return {@link #EMBEDDED} or {@link #CONTAINERS}
   * @throws OtlabException {@code LAB_INVALID}, {@code LAB_CONTAINERS_NONE}, {@code
   *     LAB_CONTAINERS_ARCHITECTURE}, or the container lab's refusal of a scenario
   */
  public String lab(@Nullable String asked, ArchitectureSpec arch, List<ScenarioSpec> scenarios) {
    String lab = lab(asked, arch);
    if (lab.equals(CONTAINERS)) {
      scenarios.forEach(ContainerWiring::requirePlayable);
    }
    return lab;
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

  private void play(Job j, Prepared p, Active a, Resume resume) {
    if (!a.start()) {
      return; // cancelled while it waited for a slot: cancel() has ended it
    }
    try {
      playStarted(j, p, a, resume);
    } finally {
      a.release();
      // Runs the cancel cut short may still be closing their labs: they do so in the background
      // (in certificate folders of their own, see lease), and the slot is free now.
      long cancelled = a.cancelledAt;
      if (cancelled != 0) {
        LOG.infof(
            "otlab: job %s's slot is free %d ms after its cancel",
            j.id(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled));
      }
    }
  }

  private void playStarted(Job j, Prepared p, Active a, Resume resume) {
    long t0 = System.currentTimeMillis();
    if (a.cancelled) {
      finish(j, a, Status.CANCELLED, null, null);
      return;
    }
    a.quietly(
        () -> {
          jobs.started(j.id(), t0);
          Job running = jobs.find(j.id()).orElse(j);
          a.channel.status(write(view(running)));
        });
    String slot = Thread.currentThread().getName();
    Path pki = data.resolve("pki").resolve(slot);
    boolean isRun = j.kind().equals("run");
    List<ScenarioSpec> all = p.suite.forPlant(p.architecture.plant());
    try {
      // A rerun of an evaluation that did not finish keeps the scorecards its first go stored.
      a.quietly(() -> reuse(j, a, resume, all));
      List<ScenarioSpec> missing =
          all.stream().filter(s -> !resume.cards().containsKey(s.id())).toList();
      Evaluation played = null;
      if (!missing.isEmpty()) {
        Evaluator.Runner runner = runner(p, a, pki, all);
        int evalJobs = isRun ? 2 : Math.max(1, Runtime.getRuntime().availableProcessors());
        played =
            new Evaluator(runner, evalJobs)
                .evaluate(
                    p.architecture,
                    // The whole suite when nothing is reused: its skipped scenarios are listed.
                    resume.cards().isEmpty()
                        ? p.suite
                        : new SuiteSpec(
                            p.suite.id(), p.suite.title(), p.suite.description(), missing),
                    new Evaluator.Options(
                            j.seed(),
                            j.seeds(),
                            Weights.DEFAULT,
                            p.profile == null ? null : p.profile.id(),
                            pr -> {
                              if (!pr.scenario().startsWith(Evaluator.TWIN)) {
                                // Counted without the benign twin, as the job's progress is.
                                ObjectNode n = JSON.createObjectNode();
                                n.put("index", a.finishedRuns);
                                n.put("total", a.totalRuns);
                                Play.of(pr.scenario(), !isRun && !p.playbooks.isEmpty()).put(n);
                                n.put("result", pr.result());
                                a.channel.progress(write(n));
                                a.quietly(
                                    () ->
                                        jobs.find(j.id())
                                            .ifPresent(now -> a.channel.status(write(view(now)))));
                              }
                            },
                            (card, trace, seed) ->
                                a.quietly(
                                    () -> stored(j, a, card, trace, seed, isRun, p.architecture)))
                        // A run is defended where it plays (it is watched live, and played once);
                        // an evaluation with and without the playbooks, to score what they avert.
                        .withPlaybooks(isRun ? List.of() : p.playbooks));
      }
      if (a.cancelled) {
        finish(j, a, Status.CANCELLED, null, null);
        return;
      }
      Evaluation e =
          resume.cards().isEmpty() && played != null
              ? played
              : Resume.evaluation(
                  p.architecture,
                  p.suite,
                  all,
                  j.seed(),
                  p.profile == null ? null : p.profile.id(),
                  resume.cards(),
                  played,
                  (System.currentTimeMillis() - t0) / 1e3);
      a.quietly(
          () -> {
            jobs.putArtifact(j.id(), "evaluation.json", "application/json", e.toJson());
            jobs.putArtifact(j.id(), "layer.json", "application/json", write(e.navigatorLayer()));
            jobs.putArtifact(j.id(), "report.html", "text/html", Report.html(e));
          });
      finish(j, a, Status.FINISHED, summary(e, isRun), null);
    } catch (RuntimeException ex) {
      ended(j, a, ex);
    }
  }

  /**
   * Ends a job that threw: cancelled when it was cancelled (whatever a cancelled job throws, an
   * interrupted analysis or a run cut short, the cancel caused), else failed with the error.
   */
  private void ended(Job j, Active a, RuntimeException ex) {
    if (a.cancelled) {
      finish(j, a, Status.CANCELLED, null, null);
    } else if (ex instanceof OtlabException oe) {
      finish(j, a, Status.FAILED, null, failed(j, oe));
    } else {
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

  /**
   * Copies what a rerun reuses from the job it repeats (each scenario's scorecard and alerts) and
   * counts it as done.
   */
  private void reuse(Job j, Active a, Resume resume, List<ScenarioSpec> all) {
    for (ScenarioSpec s : all) {
      Scorecard card = resume.cards().get(s.id());
      if (card == null) {
        continue;
      }
      for (String name : Resume.artifacts(s.id())) {
        Jobs.Artifact art = jobs.artifact(resume.from(), name).orElseThrow();
        jobs.putArtifact(j.id(), name, art.contentType(), art.body());
      }
      a.finishedRuns++;
      a.resumedRuns++;
      a.finishedSimulated += card.durationSeconds();
    }
    if (a.resumedRuns > 0) {
      LOG.infof(
          "otlab: job %s resumes %s: %d of %d scenarios are kept",
          j.id(), resume.from(), a.resumedRuns, all.size());
      jobs.progress(j.id(), write(progress(a)));
    }
  }

  /** The kind of a sweep job. */
  public static final String SWEEP = "sweep";

  /**
   * Artifact of a sweep job: the id its unit results are stored under, its own or, for a retry,
   * that of the sweep it retries (so a retry plays only the units without a result).
   */
  public static final String SWEEP_STORE = "sweep/store";

  /** Artifact of a finished sweep job: its configurations with their evaluations (JSON). */
  public static final String SWEEP_CONFIGS = "sweep/configs.json";

  /** Artifact of an evaluation a sweep made: the sweep job's id. */
  public static final String FROM_SWEEP = "sweep/from";

  /** The prefix of the engine options in the configuration: {@code otlab.sweeps.option.KEY}. */
  public static final String SWEEP_OPTION = "otlab.sweeps.option.";

  /** The engine's options: {@code jobs} and every {@code otlab.sweeps.option.KEY=VALUE}. */
  Map<String, String> sweepOptions() {
    Map<String, String> o = new java.util.LinkedHashMap<>();
    o.put("jobs", Integer.toString(sweepJobs));
    org.eclipse.microprofile.config.Config config =
        org.eclipse.microprofile.config.ConfigProvider.getConfig();
    for (String n : config.getPropertyNames()) {
      if (n.startsWith(SWEEP_OPTION) && n.length() > SWEEP_OPTION.length()) {
        config
            .getOptionalValue(n, String.class)
            .ifPresent(v -> o.put(n.substring(SWEEP_OPTION.length()), v));
      }
    }
    return o;
  }

  /** The datasource the service uses when it runs on PostgreSQL (see {@link Db}). */
  private static final String POSTGRESQL_DATASOURCE = "quarkus.datasource.postgresql.";

  /**
   * An engine that plays units in other processes (Swarm tasks) has them write into the dashboard's
   * own database: it gets the database as the swarm engine's options {@code db}, {@code db-user}
   * and {@code db-password}, from the service's PostgreSQL datasource, unless {@code
   * otlab.sweeps.option.db} (an address every node reaches) and the others are set.
   *
   * @throws OtlabException SWEEP_ENGINE_NEEDS_POSTGRESQL when the service runs on its embedded H2
   *     file, which no other process can reach
   */
  void shareDatabase(SweepEngineFactory factory, Map<String, String> options) {
    if (factory.name().equals(EmbeddedSweepEngine.NAME)) {
      return;
    }
    requireSharedDatabase(factory.name(), db.kind());
    org.eclipse.microprofile.config.Config config =
        org.eclipse.microprofile.config.ConfigProvider.getConfig();
    config
        .getOptionalValue(POSTGRESQL_DATASOURCE + "jdbc.url", String.class)
        .ifPresent(v -> options.putIfAbsent("db", v));
    config
        .getOptionalValue(POSTGRESQL_DATASOURCE + "username", String.class)
        .ifPresent(v -> options.putIfAbsent("db-user", v));
    if (!options.containsKey("db-password-file")) {
      config
          .getOptionalValue(POSTGRESQL_DATASOURCE + "password", String.class)
          .ifPresent(v -> options.putIfAbsent("db-password", v));
    }
  }

  /**
   * Refuses an engine that plays units in other processes on a service whose database is its
   * embedded H2 file.
   *
   * @param engine the engine's name
   * @param databaseKind {@code h2} or {@code postgresql} ({@link Db#kind()})
   * @throws OtlabException SWEEP_ENGINE_NEEDS_POSTGRESQL on H2
   */
  static void requireSharedDatabase(String engine, String databaseKind) {
    if (engine.equals(EmbeddedSweepEngine.NAME) || databaseKind.equals("postgresql")) {
      return;
    }
    throw new OtlabException(
        "SWEEP_ENGINE_NEEDS_POSTGRESQL",
        "The sweep engine '"
            + engine
            + "' plays units in other processes (Swarm tasks in containers), which write to the"
            + " dashboard's database, but the dashboard runs on its embedded H2 file, which they"
            + " cannot reach.",
        "Run the dashboard on PostgreSQL (QUARKUS_DATASOURCE_ACTIVE=false"
            + " QUARKUS_DATASOURCE_POSTGRESQL_ACTIVE=true"
            + " QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL=jdbc:postgresql://HOST:5432/DB, or ./otlab"
            + " serve --postgresql URL), or set otlab.sweeps.engine=embedded"
            + " (docker/README.md, Sweeps on Swarm).");
  }

  /** The factory of the configured engine, found as {@code otlab sweep} finds it. */
  private SweepEngineFactory sweepFactory() {
    Map<String, SweepEngineFactory> found = new java.util.TreeMap<>();
    java.util.ServiceLoader.load(SweepEngineFactory.class, JobManager.class.getClassLoader())
        .forEach(f -> found.put(f.name(), f));
    SweepEngineFactory f = found.get(sweepEngine);
    if (f == null) {
      throw new OtlabException(
          "SWEEP_ENGINE_UNKNOWN",
          "No sweep engine '" + sweepEngine + "'.",
          "Set otlab.sweeps.engine to " + String.join(" or ", found.keySet()) + ".");
    }
    return f;
  }

  /**
   * Checks a sweep (it must load and expand) and queues it as a job; a retry ({@code retryOf} set)
   * plays into the store of the sweep it retries.
   *
   * @throws OtlabException when the sweep is unknown or invalid, or a retry of it is playing
   */
  public Job submitSweep(
      String sweep, @Nullable String name, String user, @Nullable String retryOf) {
    String ref = name("sweep", sweep);
    SweepSpec spec = SweepLoader.load(ref);
    SweepPlan plan = SweepPlan.of(spec);
    SweepEngineFactory factory = sweepFactory();
    // Told before the job is queued: the service's own configuration is at fault.
    shareDatabase(factory, new java.util.HashMap<>());
    String id = UUID.randomUUID().toString();
    String storeId =
        retryOf == null
            ? id
            : jobs.artifact(retryOf, SWEEP_STORE).map(Jobs.Artifact::body).orElse(retryOf);
    Job j =
        new Job(
            id,
            SWEEP,
            Status.QUEUED,
            clip(String.join(",", spec.architectures()), 128),
            spec.id(),
            clip(String.join(",", spec.detection()), 128),
            spec.seed(),
            spec.seeds(),
            "max",
            clip(factory.name(), 16),
            user,
            System.currentTimeMillis(),
            null,
            null,
            null,
            null,
            null,
            retryOf,
            null,
            null);
    Active a = new Active(j);
    a.sweepStoreId = storeId;
    // Looking for another sweep on the same results and queueing this one is one step.
    synchronized (queueing) {
      for (Active o : active.values()) {
        if (storeId.equals(o.sweepStoreId)) {
          throw new OtlabException(
              "SWEEP_RETRY_PLAYING",
              "Sweep " + o.job.id() + " plays into the same results already.",
              "Wait for it to end or cancel it, then retry.");
        }
      }
      enqueue(
          j,
          a,
          () -> {
            jobs.putArtifact(id, SWEEP_STORE, "text/plain", storeId);
            if (name != null && !name.isBlank()) {
              jobs.label(id, name, null);
            }
          });
    }
    ExecutorService ex = pool;
    if (ex == null) {
      throw new IllegalStateException("job pool not started");
    }
    ex.submit(() -> playSweep(j, plan, factory, storeId, a));
    return j;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private void playSweep(
      Job j, SweepPlan plan, SweepEngineFactory factory, String storeId, Active a) {
    if (!a.start()) {
      return; // cancelled while it waited for a slot: cancel() has ended it
    }
    try {
      playSweepStarted(j, plan, factory, storeId, a);
    } finally {
      a.release();
    }
  }

  private void playSweepStarted(
      Job j, SweepPlan plan, SweepEngineFactory factory, String storeId, Active a) {
    if (a.cancelled) {
      finish(j, a, Status.CANCELLED, null, null);
      return;
    }
    a.quietly(
        () -> {
          jobs.started(j.id(), System.currentTimeMillis());
          a.channel.status(write(view(jobs.find(j.id()).orElse(j))));
        });
    Map<String, String> options = sweepOptions();
    options.putIfAbsent(
        "pki",
        // The slot's own folder for sweeps; each unit thread uses a subfolder of its own in it
        // (UnitPlayer), so units a cancel interrupted may close their labs while others play.
        data.resolve("pki").resolve("sweep-" + Thread.currentThread().getName()).toString());
    // Every worker named after the job too (JOB/worker), so a sweep and its retries tell which of
    // them played a unit.
    JdbcSweepStore store = java.util.Objects.requireNonNull(sweepStore).tagged(j.id());
    try {
      shareDatabase(factory, options);
      SweepEngine engine = factory.engine(options);
      store.create(storeId, plan);
      SweepProgress before = store.progress(storeId);
      a.sweepReused = before.done();
      a.sweep = before;
      engine.play(
          storeId,
          plan,
          store,
          p -> {
            a.sweep = p;
            a.channel.progress(write(sweepProgress(a)));
          });
      if (a.cancelled) {
        finish(j, a, Status.CANCELLED, null, null);
        return;
      }
      a.sweep = store.progress(storeId);
      List<Evaluation> evaluations = SweepResults.evaluations(plan, store.results(storeId));
      List<String> verdicts = SweepVerdicts.of(plan, evaluations);
      com.fasterxml.jackson.databind.node.ArrayNode configs = JSON.createArrayNode();
      a.quietly(
          () -> {
            for (int i = 0; i < evaluations.size(); i++) {
              dev.otlab.sweep.SweepConfig c = plan.configs().get(i);
              Evaluation e = evaluations.get(i);
              String eid = storeEvaluation(j, c, e);
              ObjectNode n = configs.addObject();
              n.put("key", c.key());
              n.put("evaluation", eid);
              n.put("architecture", e.architecture());
              n.put("suite", e.suite());
              n.put("detection", e.detectionProfile());
              n.set("playbooks", JSON.valueToTree(c.playbooks()));
              n.put("total", e.scores().total());
              n.put("totalLow", e.intervals().total().low());
              n.put("totalHigh", e.intervals().total().high());
              n.put("totalText", e.totalText());
              n.set("scores", JSON.valueToTree(e.scores()));
              n.set("intervals", JSON.valueToTree(e.intervals()));
              n.put("verdict", verdicts.get(i));
            }
            jobs.putArtifact(j.id(), SWEEP_CONFIGS, "application/json", write(configs));
          });
      ObjectNode summary = JSON.createObjectNode();
      summary.put("configurations", evaluations.size());
      summary.put("units", plan.units().size());
      int best = 0;
      for (int i = 1; i < evaluations.size(); i++) {
        if (evaluations.get(i).scores().total() > evaluations.get(best).scores().total()) {
          best = i;
        }
      }
      if (!evaluations.isEmpty()) {
        summary.put("best", configs.get(best).path("evaluation").asText());
        summary.put("bestKey", plan.configs().get(best).key());
        summary.put("bestTotal", evaluations.get(best).scores().total());
      }
      finish(j, a, Status.FINISHED, write(summary), null);
    } catch (RuntimeException ex) {
      // The progress a failed or cancelled sweep keeps is the store's, read now: units whose
      // results landed after the engine's last report (other Swarm tasks) count.
      try {
        a.sweep = store.progress(storeId);
      } catch (RuntimeException unreadable) {
        // Not filed yet, or the database is away: the last report stands.
      }
      ended(j, a, ex);
    }
  }

  /**
   * Files one configuration of a finished sweep as a finished evaluation, as an evaluation job
   * stores it (result, layer, report, first seed's scorecards), linked to its sweep, so every
   * evaluation page and the comparison show it.
   */
  private String storeEvaluation(Job sweep, dev.otlab.sweep.SweepConfig c, Evaluation e) {
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    jobs.insert(
        new Job(
            id,
            "evaluation",
            Status.QUEUED,
            e.architecture(),
            e.suite(),
            e.detectionProfile() == null ? "none" : e.detectionProfile(),
            e.seed(),
            e.seeds().size(),
            "max",
            sweep.lab(),
            sweep.user(),
            now,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    jobs.started(id, now);
    for (Scorecard card : e.scorecards()) {
      jobs.putArtifact(
          id,
          "scorecards/" + card.scenario() + ".json",
          "application/json",
          write(JSON.valueToTree(card)));
    }
    jobs.putArtifact(id, "evaluation.json", "application/json", e.toJson());
    jobs.putArtifact(id, "layer.json", "application/json", write(e.navigatorLayer()));
    jobs.putArtifact(id, "report.html", "text/html", Report.html(e));
    jobs.putArtifact(id, FROM_SWEEP, "text/plain", sweep.id());
    if (c.defended()) {
      jobs.putArtifact(id, PLAYBOOKS, "text/plain", String.join("\n", c.playbooks()));
    }
    jobs.label(id, clip(c.key(), 80), "Configuration of sweep " + sweep.id() + ".");
    jobs.finish(id, Status.FINISHED, now, null, summary(e, false), null);
    return id;
  }

  /** A sweep job's progress: units done, running and failed attempts, and those a retry reused. */
  private static ObjectNode sweepProgress(Active a) {
    SweepProgress p = a.sweep;
    ObjectNode n = JSON.createObjectNode();
    n.put("units", p == null ? 0 : p.units());
    n.put("done", p == null ? 0 : p.done());
    n.put("running", p == null ? 0 : p.running().size());
    n.put("failedAttempts", p == null ? 0 : p.failedAttempts());
    n.put("reused", a.sweepReused);
    n.put("fraction", p == null || p.units() == 0 ? 0 : (double) p.done() / p.units());
    var running = n.putArray("runningUnits");
    if (p != null) {
      p.running().keySet().stream().sorted().forEach(running::add);
    }
    return n;
  }

  /**
   * What a sweep job holds beyond its row: the store its results are under, which job played how
   * many of its units and which units failed without a result yet (one read of the store), and once
   * finished its configurations with their evaluations, totals with intervals and verdicts.
   */
  public ObjectNode sweepDetails(Job j) {
    ObjectNode n = JSON.createObjectNode();
    String storeId = jobs.artifact(j.id(), SWEEP_STORE).map(Jobs.Artifact::body).orElse(j.id());
    n.put("store", storeId);
    JdbcSweepStore st = sweepStore;
    if (st != null) {
      ObjectNode by = n.putObject("playedBy");
      try {
        List<JdbcSweepStore.UnitRow> units = st.units(storeId);
        Map<String, Long> counts = new java.util.TreeMap<>();
        units.stream()
            .filter(u -> u.done() && u.worker() != null)
            .map(u -> u.worker().substring(0, Math.max(0, u.worker().indexOf('/'))))
            .forEach(job -> counts.merge(job, 1L, Long::sum));
        counts.forEach(by::put);
        n.set("failedUnits", JSON.valueToTree(JdbcSweepStore.failedUnits(units)));
      } catch (OtlabException e) {
        // Not filed yet: the sweep is queued.
      }
    }
    n.set(
        "configurations",
        jobs.artifact(j.id(), SWEEP_CONFIGS)
            .map(x -> tree(x.body()))
            .orElse(JSON.createArrayNode()));
    return n;
  }

  /** Thrown inside a run to end the evaluation when the job was cancelled. */
  private static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled", null, false, false);
    }
  }

  private Evaluator.Runner runner(Prepared p, Active a, Path pki, List<ScenarioSpec> all) {
    // The twin of a resumed evaluation is the full suite's: as long as its longest scenario.
    ScenarioSpec fullTwin =
        Evaluator.twin(
            all.get(0), all.stream().mapToDouble(ScenarioSpec::durationSeconds).max().orElse(0));
    return new Evaluator.Runner() {
      @Override
      public RunTrace run(ScenarioSpec asked, ArchitectureSpec architecture, long seed) {
        return run(asked, architecture, seed, List.of());
      }

      @Override
      public RunTrace run(
          ScenarioSpec asked, ArchitectureSpec architecture, long seed, List<Defender> defenders) {
        a.enter();
        try {
          return play(
              p, a, pki, asked.id().equals(Evaluator.TWIN) ? fullTwin : asked, seed, defenders);
        } finally {
          a.leave();
        }
      }
    };
  }

  private RunTrace play(
      Prepared p, Active a, Path pki, ScenarioSpec scenario, long seed, List<Defender> defenders) {
    if (a.cancelled) {
      throw new Cancelled();
    }
    boolean twin = scenario.id().equals(Evaluator.TWIN);
    // Worker threads of two evaluations have the same names; the job slot keeps them apart, and
    // the lease keeps a run apart from one of the slot's last job still closing its lab.
    Path dir = lease(pki.resolve(Thread.currentThread().getName()));
    try {
      return play(p, a, scenario, seed, twin, dir, defenders);
    } finally {
      leased.remove(dir);
    }
  }

  // OPC UA certificate folders in use: two labs creating the same key store at once would clash.
  private final Set<Path> leased = ConcurrentHashMap.newKeySet();

  /** The folder, or the first free sibling ({@code NAME-1}, ...) when a run still uses it. */
  private Path lease(Path dir) {
    for (int n = 0; ; n++) {
      Path d = n == 0 ? dir : dir.resolveSibling(dir.getFileName() + "-" + n);
      if (leased.add(d)) {
        return d;
      }
    }
  }

  private RunTrace play(
      Prepared p,
      Active a,
      ScenarioSpec scenario,
      long seed,
      boolean twin,
      Path dir,
      List<Defender> defenders) {
    ArchitectureSpec architecture = p.architecture;
    // An evaluation with playbooks plays each scenario undefended and defended (the evaluator's
    // defenders): its live view tells the two apart.
    Play play =
        new Play(
            scenario.id(),
            a.job.kind().equals("run") || p.playbooks.isEmpty()
                ? null
                : defenders.isEmpty() ? LiveChannel.UNDEFENDED : LiveChannel.DEFENDED);
    RunObserver observer =
        twin
            ? new RunObserver() {
              @Override
              public void started(LabClock clock) {
                register(a, clock);
              }
            }
            : watched(
                a,
                a.channel.observer(
                    scenario.id(),
                    play.play(),
                    clock -> {
                      register(a, clock);
                      if (a.job.kind().equals("run")) {
                        synchronized (a.clockLock) {
                          a.live = clock;
                        }
                      }
                    },
                    t -> a.playing.put(play, t)));
    ScenarioRun run =
        new ScenarioRun(
            scenario,
            architecture,
            new ScenarioRun.Options(
                seed, twin ? Speed.MAX : p.speed, dir, r -> {}, p.profile, observer));
    Consumer<ScenarioRun> hook = a.hook; // exercise hook
    if (!twin && hook != null) {
      hook.accept(run);
    }
    // The evaluator's defenders (an evaluation's defended plays), a run's playbooks, and whoever
    // the exercise hook put there: each fresh for this run.
    List<Defender> all = new ArrayList<>(run.defenders());
    all.addAll(defenders);
    boolean watched = !twin && a.job.kind().equals("run");
    if (watched) {
      p.playbooks.forEach(b -> all.add(new PlaybookEngine(b)));
    }
    if (!all.isEmpty()) {
      run.defendedBy(all.toArray(Defender[]::new));
    }
    if (watched) {
      a.watched = run;
    }
    // The benign twin is never seen and sends no attack: it stays embedded.
    ContainerWiring w = containerWiring;
    boolean acrossContainers = !twin && p.lab.equals(CONTAINERS) && w != null;
    if (acrossContainers) {
      takeContainerTurn(a);
      run.on(w);
    }
    if (p.pcap && !twin) {
      run.capturing(pcapLimitMib << 20);
    }
    try {
      RunTrace t = run.run();
      if (!twin) {
        a.capture = run.capture().orElse(null);
      }
      // A clock stopped or interrupted early leaves a short trace: it is never scored.
      if (a.cancelled || Thread.currentThread().isInterrupted()) {
        throw new Cancelled();
      }
      return t;
    } finally {
      if (watched) {
        a.watched = null;
      }
      a.playing.remove(play);
      if (acrossContainers) {
        containerTurn.unlock();
      }
    }
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

  /** The live observer, telling the job of each step so a skip ends there. */
  private static RunObserver watched(Active a, RunObserver live) {
    return RunObserver.all(
        live,
        new RunObserver() {
          @Override
          public void step(RunTrace.StepRecord step) {
            a.stepped();
          }
        });
  }

  private static void register(Active a, LabClock clock) {
    a.clocks.add(clock);
    if (a.cancelled) {
      clock.stop();
    }
  }

  private void stored(
      Job j,
      Active a,
      Scorecard card,
      RunTrace trace,
      long seed,
      boolean isRun,
      ArchitectureSpec architecture) {
    String s = card.scenario();
    // The evaluation's scorecards are its first seed's; the other seeds count and are scored.
    if (seed != j.seed()) {
      a.finishedRuns++;
      a.finishedSimulated += card.durationSeconds();
      jobs.progress(j.id(), write(progress(a)));
      return;
    }
    if (isRun) {
      jobs.putArtifact(j.id(), "scorecard.json", "application/json", write(JSON.valueToTree(card)));
      jobs.putArtifact(j.id(), "trace.jsonl", "application/x-ndjson", TraceExport.allLines(trace));
      jobs.putArtifact(j.id(), "samples.csv", "text/csv", TraceExport.samplesCsv(trace));
      jobs.putArtifact(
          j.id(), "controllers.jsonl", "application/x-ndjson", TraceExport.controllerLines(trace));
      TrafficCapture capture = a.capture;
      if (capture != null) {
        storePcap(j, capture, trace, architecture);
        a.capture = null;
      }
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

  /**
   * Stores a run's packet captures: written by {@link PcapExport} into a folder of the job's own,
   * read back as artifacts, the folder removed. A pcap is binary and artifacts are text, so it is
   * stored base64-encoded; the API decodes it.
   */
  private void storePcap(Job j, TrafficCapture capture, RunTrace trace, ArchitectureSpec arch) {
    Path dir = data.resolve("pcap-export").resolve(j.id());
    try {
      PcapExport.Result r = PcapExport.write(capture, trace, arch, dir);
      ObjectNode index = JSON.createObjectNode();
      index.put("limitBytes", r.limitBytes());
      index.put("heldBytes", r.heldBytes());
      if (r.truncatedAt().isPresent()) {
        index.put("truncatedAt", r.truncatedAt().getAsDouble());
      } else {
        index.putNull("truncatedAt");
      }
      var sensors = index.putArray("sensors");
      for (PcapExport.Written w : r.files()) {
        String name = w.pcap().getFileName().toString().replaceAll("\\.pcap$", "");
        ObjectNode n = sensors.addObject();
        n.put("sensor", w.sensor());
        n.put("name", name);
        n.put("frames", w.frames());
        n.put("flows", w.flowCount());
        n.put("attackFlows", w.attackFlows());
        jobs.putArtifact(
            j.id(),
            "pcap/" + name + ".pcap",
            PCAP_TYPE,
            java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(w.pcap())));
        jobs.putArtifact(
            j.id(), "pcap/" + name + ".flows.csv", "text/csv", Files.readString(w.flows()));
        jobs.putArtifact(
            j.id(), "pcap/" + name + ".packets.csv", "text/csv", Files.readString(w.packets()));
      }
      jobs.putArtifact(j.id(), PCAP_INDEX, "application/json", write(index));
    } catch (IOException e) {
      throw new OtlabException(
          "PCAP_DIR_NOT_WRITABLE",
          "Cannot stage the run's packet captures under " + dir + ": " + e.getMessage(),
          "Check the data folder's free space and permissions.",
          e);
    } finally {
      deleteTree(dir);
    }
  }

  /** The content type of a stored pcap, as IANA registers it. */
  public static final String PCAP_TYPE = "application/vnd.tcpdump.pcap";

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      LOG.warnf("otlab: could not remove %s: %s", dir, e.getMessage());
    }
  }

  private static String summary(Evaluation e, boolean isRun) {
    ObjectNode n = JSON.createObjectNode();
    n.put("total", e.scores().total());
    n.put("prevention", e.scores().prevention());
    n.put("detection", e.scores().detection());
    n.put("impact", e.scores().impact());
    n.put("operations", e.scores().operations());
    // The total's 95% interval over the seeds (a point for one seed).
    n.put("seeds", e.seeds().size());
    n.put("totalLow", e.intervals().total().low());
    n.put("totalHigh", e.intervals().total().high());
    n.put("scenarios", e.scorecards().size());
    if (isRun && !e.scorecards().isEmpty()) {
      Scorecard c = e.scorecards().get(0);
      n.put("objectiveReached", c.objectiveReached());
      n.put("objectiveTime", c.objectiveTime());
      n.put("outcome", c.outcome().label());
      n.put("outcomeText", c.outcome().text());
      n.put("blockedAt", c.blockedAt());
      n.put("detected", c.detection().detectTime() != null);
      n.put("timeToDetect", c.detection().timeToDetect());
      n.put("alerts", c.detection().trueAlerts() + c.detection().falseAlerts());
      n.put("falseAlerts", c.detection().falseAlerts());
      n.put("harm", c.impact().harm());
    } else {
      n.put(
          "objectivesReached", e.scorecards().stream().filter(Scorecard::objectiveReached).count());
      n.put("prevented", e.scorecards().stream().filter(Scorecard::prevented).count());
      n.put(
          "undecided",
          e.scorecards().stream().filter(c -> c.outcome().label().equals("UNDECIDED")).count());
      n.put(
          "detected",
          e.scorecards().stream().filter(c -> c.detection().detectTime() != null).count());
    }
    return write(n);
  }

  private void finish(
      Job j, Active a, Status status, @Nullable String summary, @Nullable String error) {
    // From here on no interrupt reaches the job thread, and none is pending for the writes below.
    a.release();
    if (status == Status.CANCELLED && a.cancelledAt != 0) {
      LOG.infof(
          "otlab: job %s cancelled; it stopped %d ms after the cancel",
          j.id(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - a.cancelledAt));
    }
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
