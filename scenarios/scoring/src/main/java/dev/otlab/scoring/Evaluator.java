package dev.otlab.scoring;

import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.lab.Defender;
import dev.otlab.lab.PlaybookEngine;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;

/**
 * Runs a suite against one architecture and scores it. Runs are independent labs (each with its own
 * clock, servers and ports), so up to {@code jobs} of them play at once; traces are scored in suite
 * order as they finish and then dropped, so memory holds at most {@code jobs + 1} traces. The
 * benign twin is run once per plant, architecture and seed (for the longest scenario) and kept as a
 * compact {@link BenignTwin}. Parallel runs change wall time only: every run has its own seeded
 * clock, so verdicts and scores are those of a sequential evaluation. Over several seeds every
 * (scenario, seed) is one {@link Play}, scheduled like any other run; the seeds are the first seed
 * and the ones after it, so {@code --seed S --seeds 1} replays any one of them.
 */
public final class Evaluator {

  /** Plays one scenario on one architecture with one seed. */
  @FunctionalInterface
  public interface Runner {
    RunTrace run(ScenarioSpec scenario, ArchitectureSpec architecture, long seed);

    /**
     * Plays one scenario defended by {@code defenders} (fresh for this run). A runner that cannot
     * defend its runs refuses a defended evaluation rather than playing it undefended.
     */
    default RunTrace run(
        ScenarioSpec scenario, ArchitectureSpec architecture, long seed, List<Defender> defenders) {
      if (!defenders.isEmpty()) {
        throw new OtlabException(
            "EVALUATE_DEFENCE_UNSUPPORTED",
            "This evaluation plays its runs where no playbook can defend them.",
            "Evaluate with playbooks from the command line: ./otlab evaluate --playbook NAME.");
      }
      return run(scenario, architecture, seed);
    }
  }

  /**
   * A progress report, one per run (twin included).
   *
   * @param index 1-based run number
   * @param total runs in the evaluation (scenarios plus the twin)
   * @param scenario scenario id, or {@code benign-twin}
   * @param wallSeconds wall time since the evaluation started
   * @param simulatedSeconds simulated time of the runs finished so far
   * @param result one short verdict of the run just finished
   * @param seed the run's seed
   */
  public record Progress(
      int index,
      int total,
      String scenario,
      double wallSeconds,
      double simulatedSeconds,
      String result,
      long seed) {
    public String line() {
      return String.format(
          Locale.ROOT,
          "[%d/%d] %-30s seed %-4d %-32s elapsed %6.1f s, simulated %7.0f s",
          index,
          total,
          scenario,
          seed,
          result,
          wallSeconds,
          simulatedSeconds);
    }
  }

  /**
   * How to evaluate.
   *
   * @param seed the first seed
   * @param seeds how many seeds each scenario is played with: {@code seed, seed + 1, ...}
   * @param weights scoring weights
   * @param detectionProfile id of the detection profile the runner applies, or null for none
   * @param progress called after each run
   * @param traces sees each scorecard with its trace and seed before the trace is dropped
   * @param playbooks the playbooks that defend every run, empty for none: each scenario is then
   *     played with and without them (the same seed), and the benign twin with them too, to score
   *     what they averted and what they cost ({@link ResponseScore})
   */
  public record Options(
      long seed,
      int seeds,
      Weights weights,
      @Nullable String detectionProfile,
      Consumer<Progress> progress,
      TraceSink traces,
      List<PlaybookSpec> playbooks) {

    /** Undefended. */
    public Options(
        long seed,
        int seeds,
        Weights weights,
        @Nullable String detectionProfile,
        Consumer<Progress> progress,
        TraceSink traces) {
      this(seed, seeds, weights, detectionProfile, progress, traces, List.of());
    }

    public Options {
      playbooks = List.copyOf(playbooks);
      if (seeds < 1 || seeds > MAX_SEEDS) {
        throw new OtlabException(
            "EVALUATE_SEEDS_INVALID",
            "Cannot play each scenario with " + seeds + " seeds.",
            "Give --seeds between 1 and "
                + MAX_SEEDS
                + " (5 gives a usable interval; each seed adds a full play of the suite).");
      }
      // The last seed, seed + seeds - 1, must be a long: Long.MAX_VALUE itself is a seed.
      if (seed > Long.MAX_VALUE - (seeds - 1)) {
        throw new OtlabException(
            "EVALUATE_SEEDS_INVALID",
            "Seeds from " + seed + " on overflow.",
            "Give a smaller --seed.");
      }
    }

    /** One seed. */
    public static Options of(long seed, @Nullable String detectionProfile) {
      return of(seed, 1, detectionProfile);
    }

    /** {@code seeds} seeds from {@code seed} on. */
    public static Options of(long seed, int seeds, @Nullable String detectionProfile) {
      return new Options(seed, seeds, Weights.DEFAULT, detectionProfile, p -> {}, (c, t, s) -> {});
    }

    /** The same, defended by {@code value} (empty: undefended). */
    public Options withPlaybooks(List<PlaybookSpec> value) {
      return new Options(seed, seeds, weights, detectionProfile, progress, traces, value);
    }

    /** The playbooks' ids, in order. */
    public List<String> defence() {
      return playbooks.stream().map(PlaybookSpec::id).toList();
    }

    /** Fresh engines of the playbooks, for one run. */
    List<Defender> defenders() {
      return playbooks.stream().<Defender>map(PlaybookEngine::new).toList();
    }

    /** The seeds played: {@code seed, seed + 1, ..., seed + seeds - 1}. */
    public List<Long> seedList() {
      return LongStream.rangeClosed(seed, seed + (seeds - 1)).boxed().toList();
    }
  }

  /** Sees each scored run before its trace is dropped. */
  @FunctionalInterface
  public interface TraceSink {
    void accept(Scorecard card, RunTrace trace, long seed);
  }

  /** The most seeds an evaluation plays. */
  public static final int MAX_SEEDS = 100;

  /** The seeds an evaluation plays unless told otherwise: enough for a usable interval. */
  public static final int DEFAULT_SEEDS = 5;

  /** The twin's id in progress lines. */
  public static final String TWIN = "benign-twin";

  /**
   * What the progress of a defended evaluation appends to a scenario's id for its play without the
   * playbooks ({@code wt-recon (undefended)}); the defended play reports the bare id.
   */
  public static final String UNDEFENDED = " (undefended)";

  private final Runner runner;
  private final int jobs;
  private final Map<String, BenignTwin> twins = new HashMap<>();

  /** An evaluator that plays one run at a time. */
  public Evaluator(Runner runner) {
    this(runner, 1);
  }

  /**
   * An evaluator that plays up to {@code jobs} runs at once (a run keeps about one core busy, so
   * the number of cores is a good choice).
   */
  public Evaluator(Runner runner, int jobs) {
    if (jobs < 1 || jobs > 64) {
      throw new OtlabException(
          "EVALUATE_JOBS_INVALID",
          "Cannot play " + jobs + " runs at once.",
          "Give --jobs between 1 and 64 (the number of cores is a good choice).");
    }
    this.runner = runner;
    this.jobs = jobs;
  }

  /** A runner that plays scenarios in the embedded lab, without detection. */
  public static Runner labRunner(Speed speed, Path pki) {
    return labRunner(speed, pki, null);
  }

  /** A runner that plays scenarios in the embedded lab with a detection profile (or none). */
  public static Runner labRunner(Speed speed, Path pki, @Nullable DetectionProfile detection) {
    // Runs on different threads keep their OPC UA certificates apart: two labs creating the same
    // key store at once would clash; a thread reuses its own from run to run.
    return new Runner() {
      @Override
      public RunTrace run(ScenarioSpec scenario, ArchitectureSpec architecture, long seed) {
        return run(scenario, architecture, seed, List.of());
      }

      @Override
      public RunTrace run(
          ScenarioSpec scenario,
          ArchitectureSpec architecture,
          long seed,
          List<Defender> defenders) {
        String worker = Thread.currentThread().getName();
        Path dir = worker.startsWith(WORKER) ? pki.resolve(worker) : pki;
        return new ScenarioRun(
                scenario,
                architecture,
                new ScenarioRun.Options(seed, speed, dir, r -> {}, detection))
            .defendedBy(defenders.toArray(Defender[]::new))
            .run();
      }
    };
  }

  private static final String WORKER = "otlab-evaluate-";

  public Evaluation evaluate(ArchitectureSpec arch, SuiteSpec suite, Options options) {
    long t0 = System.nanoTime();
    List<ScenarioSpec> scenarios = suite.requireFor(arch.plant());
    PlantSpec plant = PlantLoader.load(arch.plant());
    boolean defended = !options.playbooks().isEmpty();
    options.playbooks().forEach(p -> PlaybookLoader.requirePlant(p, arch.plant(), arch.id()));
    double longest = scenarios.stream().mapToDouble(ScenarioSpec::durationSeconds).max().orElse(0);
    List<Long> seeds = options.seedList();
    // Every (scenario, seed) is a run of its own; each seed's twin comes before its scenarios,
    // which are scored against it. Defended, the twin is also played with the playbooks (its
    // responses are false alarms) and each scenario without them first (what they averted).
    List<Play> plays = new ArrayList<>();
    for (long seed : seeds) {
      BenignTwin cached = twins.get(twinKey(arch, seed));
      if (cached == null || cached.durationSeconds() < longest) {
        plays.add(new Play(twin(scenarios.get(0), longest), seed));
      }
      if (defended) {
        plays.add(new Play(twin(scenarios.get(0), longest), seed, true));
      }
      for (ScenarioSpec s : scenarios) {
        if (defended) {
          plays.add(new Play(s, seed));
        }
        plays.add(new Play(s, seed, defended));
      }
    }
    ProgressLines progress = new ProgressLines(options.progress(), plays.size(), t0);
    double simulated = 0;
    Lookahead ahead = new Lookahead(plays, arch, options);
    List<List<Scorecard>> cardsBySeed = new ArrayList<>();
    List<ResponseScore.FalseAlarms> falseAlarms = new ArrayList<>();
    for (long seed : seeds) {
      Play next = plays.get(ahead.taken());
      if (next.scenario().id().equals(TWIN) && !next.defended()) {
        RunTrace t = ahead.next();
        twins.put(twinKey(arch, seed), benignTwin(t, plant));
        simulated += t.durationSeconds();
        progress.done(
            TWIN,
            simulated,
            String.format(Locale.ROOT, "%d crossings", t.crossings().size()),
            seed);
      }
      BenignTwin twin = twins.get(twinKey(arch, seed));
      ResponseScore.FalseAlarms alarms = null;
      if (defended) {
        RunTrace t = ahead.next();
        alarms = ResponseScore.FalseAlarms.of(t);
        falseAlarms.add(alarms);
        simulated += t.durationSeconds();
        progress.done(
            TWIN + " (defended)",
            simulated,
            String.format(Locale.ROOT, "%d false-alarm responses", alarms.responses()),
            seed);
      }
      List<Scorecard> cards = new ArrayList<>();
      for (ScenarioSpec s : scenarios) {
        Scorecard undefended = null;
        if (defended) {
          RunTrace t = ahead.next();
          undefended = Scorecard.of(s, t, plant, arch, twin, options.weights());
          simulated += t.playedSeconds();
          progress.done(s.id() + UNDEFENDED, simulated, undefended.outcome().label(), seed);
        }
        RunTrace trace = ahead.next();
        Scorecard card = Scorecard.of(s, trace, plant, arch, twin, options.weights());
        if (undefended != null && alarms != null) {
          card = defended(options.defence(), card, trace, undefended, alarms);
        }
        options.traces().accept(card, trace, seed);
        cards.add(card);
        simulated += trace.playedSeconds();
        progress.done(
            s.id(),
            simulated,
            card.outcome().label()
                + (card.blockedAt().equals("-") ? "" : ", blocked " + card.blockedAt())
                + (card.response() == null
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        ", %d responses, harm averted %.2f",
                        card.response().responses(),
                        card.response().harmAverted())),
            seed);
      }
      cardsBySeed.add(cards);
    }
    return Evaluation.of(
        arch,
        suite,
        options.detectionProfile(),
        options.weights(),
        seeds,
        cardsBySeed,
        simulated,
        seconds(t0),
        defended ? DefenceSummary.of(options.defence(), cardsBySeed, falseAlarms) : null);
  }

  /**
   * The compact twin of a benign twin's trace, as an evaluation keeps it (a sweep plays its twins
   * as units of their own and scores against them the same way).
   */
  public static BenignTwin benignTwin(RunTrace twin, PlantSpec plant) {
    return BenignTwin.of(twin, Production.of(plant), plant.id());
  }

  /**
   * A defended run's scorecard with its response part, as an evaluation scores it: what the
   * playbooks averted against the same scenario and seed played undefended, and what they cost on
   * the defended twin.
   *
   * @param defence the playbooks' ids, in order
   * @param card the defended run's scorecard ({@link Scorecard#of})
   * @param trace the defended run
   * @param undefended the undefended run's scorecard
   * @param alarms the defended twin's false alarms, same seed
   */
  public static Scorecard defended(
      List<String> defence,
      Scorecard card,
      RunTrace trace,
      Scorecard undefended,
      ResponseScore.FalseAlarms alarms) {
    return card.withResponse(
        ResponseScore.of(defence, card, trace, trace.responses(), undefended, alarms));
  }

  private static String twinKey(ArchitectureSpec arch, long seed) {
    return arch.plant() + "|" + arch.id() + "|" + seed;
  }

  /**
   * One run of an evaluation: a scenario (or the benign twin) with one seed. Plays are independent
   * of each other; only their scoring waits for the twin of their seed.
   */
  public record Play(ScenarioSpec scenario, long seed, boolean defended) {

    /** An undefended run. */
    public Play(ScenarioSpec scenario, long seed) {
      this(scenario, seed, false);
    }
  }

  /**
   * Plays the suite's runs in order with up to {@code jobs} running at once, handing them out in
   * suite order: the next run starts when an earlier one has been taken, so finished traces never
   * pile up.
   */
  private final class Lookahead {
    private final List<Play> scenarios;
    private final ArchitectureSpec arch;
    private final Options options;
    private final ArrayDeque<Future<RunTrace>> running = new ArrayDeque<>();
    private final @Nullable ExecutorService pool;
    private int submitted;
    private int taken;

    Lookahead(List<Play> scenarios, ArchitectureSpec arch, Options options) {
      this.scenarios = scenarios;
      this.arch = arch;
      this.options = options;
      AtomicInteger n = new AtomicInteger();
      this.pool =
          jobs == 1
              ? null
              : Executors.newFixedThreadPool(
                  jobs,
                  r -> {
                    Thread t = new Thread(r, WORKER + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  });
      fill();
    }

    private void fill() {
      ExecutorService p = pool;
      while (p != null && running.size() < jobs && submitted < scenarios.size()) {
        Play s = scenarios.get(submitted++);
        running.add(p.submit(() -> play(s)));
      }
    }

    private RunTrace play(Play s) {
      return s.defended()
          ? runner.run(s.scenario(), arch, s.seed(), options.defenders())
          : runner.run(s.scenario(), arch, s.seed());
    }

    /** How many plays have been taken with {@link #next}: the index of the next one. */
    int taken() {
      return taken;
    }

    RunTrace next() {
      taken++;
      ExecutorService p = pool;
      if (p == null) {
        Play s = scenarios.get(submitted++);
        return play(s);
      }
      Future<RunTrace> f = running.remove();
      try {
        RunTrace t = f.get();
        fill();
        if (submitted == scenarios.size() && running.isEmpty()) {
          p.shutdown();
        }
        return t;
      } catch (InterruptedException e) {
        p.shutdownNow();
        Thread.currentThread().interrupt();
        throw new OtlabException(
            "EVALUATE_INTERRUPTED", "The evaluation was interrupted.", "Start it again.", e);
      } catch (ExecutionException e) {
        p.shutdownNow();
        // A run's own error (the range guardrail, a port that would not open) ends the
        // evaluation as it would have sequentially.
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new OtlabException(
            "EVALUATE_RUN_FAILED",
            "A run failed: " + e.getCause(),
            "Run that scenario alone with ./otlab run to see why.",
            e);
      }
    }
  }

  /** The same lab with no attack step: what the plant does when nobody attacks it. */
  public static ScenarioSpec twin(ScenarioSpec like, double duration) {
    return new ScenarioSpec(
        TWIN,
        "Benign twin",
        "The same plant, architecture and seed with benign operations only.",
        like.plant(),
        like.foothold(),
        duration,
        List.of(),
        new ScenarioSpec.Objective(null, true, null, "none (benign twin)"),
        Map.of());
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Numbers the runs as they finish and reports each one with the time since the start. */
  private static final class ProgressLines {
    private final Consumer<Progress> sink;
    private final int of;
    private final long t0;
    private int done;

    ProgressLines(Consumer<Progress> sink, int of, long t0) {
      this.sink = sink;
      this.of = of;
      this.t0 = t0;
    }

    void done(String id, double simulated, String detail, long seed) {
      sink.accept(new Progress(++done, of, id, seconds(t0), simulated, detail, seed));
    }
  }
}
