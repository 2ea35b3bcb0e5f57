package dev.otlab.dashboard.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes runs and evaluations (with their artifacts) that ended more than {@code
 * otlab.retention.days} ago, at start and then every {@code otlab.retention.interval}, so the
 * database stops growing without end. Off when the days are 0 (the default): deleting results is
 * the operator's decision. Queued and running jobs are never touched; uploaded library files are
 * not subject to retention. Each deletion is written to the audit log as user {@code retention}. At
 * each start the same background thread also compresses large artifacts stored before compression
 * existed (see {@link ArtifactCodec}).
 */
@ApplicationScoped
public class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class);

  /** The most jobs one pass deletes, so one pass never holds the database long. */
  static final int BATCH = 200;

  @Inject Jobs jobs;
  @Inject Audit audit;

  @ConfigProperty(name = "otlab.retention.days", defaultValue = "0")
  int days;

  @ConfigProperty(name = "otlab.retention.interval", defaultValue = "6h")
  Duration interval;

  private Optional<ScheduledExecutorService> timer = Optional.empty();

  void onStart(@Observes StartupEvent ev) {
    if (days < 0) {
      throw new IllegalArgumentException(
          "otlab.retention.days is " + days + "; give 0 (keep everything) or a number of days.");
    }
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "otlab-retention");
              th.setDaemon(true);
              return th;
            });
    timer = Optional.of(t);
    // Once per start, in the background: artifacts stored before compression existed.
    t.execute(this::compactQuietly);
    if (days == 0) {
      LOG.info("otlab: retention is off (otlab.retention.days=0); results are kept until deleted");
      return;
    }
    long every = Math.max(60_000, interval.toMillis());
    t.scheduleWithFixedDelay(this::applyQuietly, 0, every, TimeUnit.MILLISECONDS);
    LOG.infof(
        "otlab: results that ended more than %d day(s) ago are deleted at start and every %s",
        days, interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
  }

  void onStop(@Observes ShutdownEvent ev) throws InterruptedException {
    if (timer.isPresent()) {
      timer.get().shutdownNow();
      timer.get().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private void applyQuietly() {
    try {
      purge(System.currentTimeMillis() - TimeUnit.DAYS.toMillis(days));
    } catch (RuntimeException e) {
      // A failed pass (database briefly away) is retried at the next one; the timer must live on.
      LOG.error("otlab: the retention pass failed; it runs again at the next interval", e);
    }
  }

  private void compactQuietly() {
    try {
      compact();
    } catch (RuntimeException e) {
      LOG.error("otlab: compressing old artifacts failed; the next start tries again", e);
    }
  }

  /**
   * Compresses every artifact still stored plain though large (written before migration V4), a
   * batch at a time.
   *
   * @return the rows compacted and the characters they took before and after
   */
  public long[] compact() {
    long[] total = new long[3];
    while (!Thread.currentThread().isInterrupted()) {
      long[] batch = jobs.compactPlain(20);
      for (int i = 0; i < 3; i++) {
        total[i] += batch[i];
      }
      if (batch[0] < 20) {
        break;
      }
    }
    if (total[0] > 0) {
      LOG.infof(
          "otlab: compressed %d artifacts stored before compression existed: %d -> %d chars",
          total[0], total[1], total[2]);
    }
    return total;
  }

  /**
   * Deletes every job that ended before {@code cutoff} (epoch ms).
   *
   * @return how many were deleted
   */
  public int purge(long cutoff) {
    int deleted = 0;
    while (!Thread.currentThread().isInterrupted()) {
      var ids = jobs.endedBefore(cutoff, BATCH);
      int before = deleted;
      for (String id : ids) {
        Optional<Jobs.Deleted> d = jobs.delete(id);
        if (d.isPresent()) {
          deleted++;
          audit.record("retention", "DELETE " + d.get().job().kind(), id, describe(d.get()));
        }
      }
      if (ids.size() < BATCH || deleted == before) {
        break;
      }
    }
    if (deleted > 0) {
      LOG.infof("otlab: retention deleted %d runs and evaluations", deleted);
    }
    return deleted;
  }

  /** What a deletion removed, for the audit log. */
  public static String describe(Jobs.Deleted d) {
    Jobs.Job j = d.job();
    return "deleted "
        + j.kind()
        + " "
        + j.architecture()
        + "/"
        + j.subject()
        + " seed "
        + j.seed()
        + " by "
        + j.user()
        + " ("
        + j.status().wire()
        + "), "
        + d.artifacts()
        + " artifacts, "
        + d.storedChars()
        + " chars stored";
  }
}
