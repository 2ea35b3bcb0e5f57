package dev.otlab.sweep;

import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Plays a sweep on this machine: up to {@code jobs} units at once on a thread pool, phase 1 (twins)
 * before phase 2 (plays), skipping units the store already holds. A unit that throws is filed as
 * failed ({@link SweepStore#failed}) and played once more; a second failure ends the sweep.
 */
public final class EmbeddedSweepEngine implements SweepEngine {

  /** The name {@code --engine} takes. */
  public static final String NAME = "embedded";

  /** Attempts per unit: the first and one retry. */
  public static final int ATTEMPTS = 2;

  private final int jobs;
  private final UnitPlayer player;

  /** An engine playing up to {@code jobs} units at once, certificates in a temporary folder. */
  public EmbeddedSweepEngine(int jobs) {
    this(jobs, temporaryPki());
  }

  /**
   * An engine playing up to {@code jobs} units at once (1 to 64), certificates under {@code pki}.
   */
  public EmbeddedSweepEngine(int jobs, Path pki) {
    if (jobs < 1 || jobs > 64) {
      throw new OtlabException(
          "SWEEP_JOBS_INVALID",
          "Cannot play " + jobs + " units at once.",
          "Give --jobs between 1 and 64 (the number of cores is a good choice).");
    }
    this.jobs = jobs;
    this.player = new UnitPlayer(pki);
  }

  private static Path temporaryPki() {
    try {
      Path dir = Files.createTempDirectory("otlab-sweep-pki");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void play(
      String sweepId, SweepPlan plan, SweepStore store, Consumer<SweepProgress> progress) {
    store.create(sweepId, plan);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            jobs,
            r -> {
              Thread t = new Thread(r, "otlab-sweep-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      for (int phase = 1; phase <= 2; phase++) {
        // Phase 2 reads the twins phase 1 filed; the snapshot does not change while it plays.
        Map<String, UnitResult> done = store.results(sweepId);
        List<Future<?>> running = new ArrayList<>();
        for (SweepUnit unit : plan.phase(phase)) {
          if (!done.containsKey(unit.key())) {
            running.add(pool.submit(() -> attempt(sweepId, plan, unit, done, store, progress)));
          }
        }
        for (Future<?> f : running) {
          f.get();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OtlabException(
          "SWEEP_INTERRUPTED", "The sweep was interrupted.", "Start it again.", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new OtlabException(
          "SWEEP_UNIT_FAILED",
          "A unit failed: " + e.getCause(),
          "Play that scenario alone with ./otlab run to see why.",
          e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One report at a time, each read when it is made, so the counts never go backwards. */
  private synchronized void report(
      String sweepId, SweepStore store, Consumer<SweepProgress> progress) {
    progress.accept(store.progress(sweepId));
  }

  private void attempt(
      String sweepId,
      SweepPlan plan,
      SweepUnit unit,
      Map<String, UnitResult> twins,
      SweepStore store,
      Consumer<SweepProgress> progress) {
    String worker = Thread.currentThread().getName();
    for (int attempt = 1; ; attempt++) {
      store.started(sweepId, unit.key(), worker);
      try {
        UnitResult r = player.play(plan, unit, twins);
        store.put(sweepId, unit.key(), r, worker);
        report(sweepId, store, progress);
        return;
      } catch (RuntimeException e) {
        store.failed(sweepId, unit.key(), worker, String.valueOf(e));
        report(sweepId, store, progress);
        if (attempt >= ATTEMPTS) {
          String what =
              "Unit " + unit.key() + " failed " + ATTEMPTS + " times, last: " + e.getMessage();
          if (e instanceof OtlabException oe && callersToFix(oe)) {
            // The sweep names something that cannot play (a scenario's foothold clashing with a
            // host of one architecture, say): the cause's own code and remedy say what to fix, as
            // they would on otlab run, where SWEEP_UNIT_FAILED would only say that something did.
            throw new OtlabException(oe.code(), what, oe.remedy(), e);
          }
          throw new OtlabException(
              "SWEEP_UNIT_FAILED",
              what,
              "Play that scenario alone with ./otlab run to see why.",
              e);
        }
      }
    }
  }

  /** Whether an error is the input's to fix (its registered category says so). */
  private static boolean callersToFix(OtlabException e) {
    return e.category() == dev.otlab.core.ErrorCategory.VALIDATION
        || e.category() == dev.otlab.core.ErrorCategory.NOT_FOUND;
  }
}
