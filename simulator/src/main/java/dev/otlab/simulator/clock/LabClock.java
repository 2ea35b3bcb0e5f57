package dev.otlab.simulator.clock;

import dev.otlab.core.OtlabException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for one run. Owns the only notion of "now" in a lab, the seeded random streams, and
 * a scheduler that runs periodic and one-shot tasks in a fixed order: by time, then by {@link
 * Phase}, then by registration order. Tasks run on the thread that calls {@link #runUntil(double)}.
 *
 * <p>At a finite speed the clock waits on a condition until the wall-clock instant that matches the
 * next task; this is the only place that waits for time to pass, and {@link #stop()} wakes it at
 * once. At {@link Speed#MAX} it jumps straight to the next task.
 */
public final class LabClock {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long seed;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long sequence;

  private volatile long nowNanos;
  private volatile Speed speed;
  private volatile boolean stopped;
  private volatile boolean paused;
  private boolean running; // guarded by lock: inside runUntil
  // Anchor pairing a virtual instant with a wall instant; moved whenever the speed changes.
  private long anchorVirtual;
  private long anchorWall;

  public LabClock(long seed, Speed speed) {
    this.seed = seed;
    this.speed = speed;
  }

  public long seed() {
    return seed;
  }

  /** Simulated seconds since the start of the run. */
  public double now() {
    return nowNanos / (double) NANOS_PER_SECOND;
  }

  public long nowNanos() {
    return nowNanos;
  }

  public Speed speed() {
    return speed;
  }

  /** Changes the speed; the new speed applies from the current simulated instant. */
  public void setSpeed(Speed newSpeed) {
    lock.lock();
    try {
      anchorVirtual = nowNanos;
      anchorWall = System.nanoTime();
      speed = newSpeed;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Holds simulated time where it is: no task runs and {@link #now()} stands still until {@link
   * #resume()}. For people watching a run (a trainer explaining a step); callable from any thread.
   */
  public void pause() {
    lock.lock();
    try {
      if (paused) {
        return;
      }
      // Time that followed the wall clock while waiting for the next task stays where it got to.
      if (running) {
        Entry head = queue.peek();
        advanceToWall(head == null ? Long.MAX_VALUE : head.at);
      }
      paused = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Lets time run again from where it was paused, at the current speed. */
  public void resume() {
    lock.lock();
    try {
      if (!paused) {
        return;
      }
      paused = false;
      anchorVirtual = nowNanos;
      anchorWall = System.nanoTime();
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isPaused() {
    return paused;
  }

  /**
   * A random stream derived from the run seed and a stream name. Each consumer takes its own stream
   * so that adding a consumer never shifts the numbers another one draws.
   */
  public SplittableRandom random(String stream) {
    long h = 1125899906842597L;
    for (int i = 0; i < stream.length(); i++) {
      h = 31 * h + stream.charAt(i);
    }
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
  }

  /** Runs {@code task} every {@code periodSeconds}, first at {@code firstAtSeconds}. */
  public ClockTask schedulePeriodic(
      String name, Phase phase, double periodSeconds, double firstAtSeconds, Runnable task) {
    if (!(periodSeconds > 0) || !Double.isFinite(periodSeconds)) {
      throw new OtlabException(
          "CLOCK_PERIOD_INVALID",
          "Task '" + name + "' has period " + periodSeconds + " s.",
          "Give periodic tasks a positive, finite period.");
    }
    return add(name, phase, toNanos(firstAtSeconds), toNanos(periodSeconds), task);
  }

  /** Runs {@code task} once at {@code atSeconds} (or now, if that instant has passed). */
  public ClockTask scheduleAt(String name, Phase phase, double atSeconds, Runnable task) {
    return add(name, phase, toNanos(atSeconds), 0, task);
  }

  private static long toNanos(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw new OtlabException(
          "CLOCK_TIME_INVALID",
          "Scheduled time " + seconds + " s is not a finite, non-negative number.",
          "Schedule tasks at a time of zero or more simulated seconds.");
    }
    return Math.round(seconds * NANOS_PER_SECOND);
  }

  private ClockTask add(String name, Phase phase, long at, long period, Runnable task) {
    lock.lock();
    try {
      Entry e = new Entry(name, phase, Math.max(at, nowNanos), period, sequence++, task);
      queue.add(e);
      wake.signalAll();
      return e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs scheduled tasks until simulated time reaches {@code endSeconds} or {@link #stop()} is
   * called. Tasks scheduled exactly at the end instant run. A task that throws ends the run with an
   * {@link OtlabException} naming it.
   *
   * @return true when the end was reached, false when stopped early
   */
  public boolean runUntil(double endSeconds) {
    long end = toNanos(endSeconds);
    lock.lock();
    try {
      anchorVirtual = nowNanos;
      anchorWall = System.nanoTime();
      running = true;
    } finally {
      lock.unlock();
    }
    try {
      return play(end);
    } finally {
      lock.lock();
      try {
        running = false;
      } finally {
        lock.unlock();
      }
    }
  }

  private boolean play(long end) {
    while (true) {
      Entry next = nextDue(end);
      if (next == null) {
        return !stopped;
      }
      try {
        next.task.run();
      } catch (OtlabException ex) {
        // Already says what happened and what to do (a guardrail refusal, a bad setting).
        throw ex;
      } catch (RuntimeException ex) {
        throw new OtlabException(
            "CLOCK_TASK_FAILED",
            "Task '" + next.name + "' failed at t=" + now() + " s: " + ex.getMessage(),
            "This is a bug or a broken configuration; the cause is attached.",
            ex);
      }
      lock.lock();
      try {
        if (next.period > 0 && !next.cancelled) {
          // The same entry goes back in, so the caller's handle can still cancel it.
          next.at += next.period;
          queue.add(next);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits (at finite speed) for the next task due before {@code end}; null when done. */
  private Entry nextDue(long end) {
    lock.lock();
    try {
      while (!stopped) {
        if (paused) {
          // Bounded, so a stop() or an interrupt is seen even if a signal were missed.
          wake.awaitNanos(TimeUnit.MILLISECONDS.toNanos(50));
          continue;
        }
        Entry head = queue.peek();
        while (head != null && head.cancelled) {
          queue.poll();
          head = queue.peek();
        }
        long target = head == null || head.at > end ? end : head.at;
        if (!speed.isMax() && target > nowNanos) {
          long wallDue = anchorWall + (long) ((target - anchorVirtual) / speed.factor());
          long wait = wallDue - System.nanoTime();
          if (wait > 0) {
            wake.awaitNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
            // Re-evaluate: a new task, a speed change or stop() may have arrived.
            advanceToWall(target);
            continue;
          }
        }
        nowNanos = Math.max(nowNanos, target);
        if (head == null || head.at > end) {
          return null;
        }
        return queue.poll();
      }
      return null;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      stopped = true;
      return null;
    } finally {
      lock.unlock();
    }
  }

  // While waiting at a finite speed, let "now" follow the wall clock so readers see time pass.
  private void advanceToWall(long cap) {
    if (speed.isMax()) {
      return;
    }
    long virtual = anchorVirtual + (long) ((System.nanoTime() - anchorWall) * speed.factor());
    nowNanos = Math.max(nowNanos, Math.min(virtual, cap));
  }

  /**
   * Ends {@link #runUntil(double)} as soon as the current task returns; callable from any thread.
   */
  public void stop() {
    lock.lock();
    try {
      stopped = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isStopped() {
    return stopped;
  }

  private final class Entry implements ClockTask, Comparable<Entry> {
    final String name;
    final Phase phase;
    long at;
    final long period;
    final long seq;
    final Runnable task;
    volatile boolean cancelled;

    Entry(String name, Phase phase, long at, long period, long seq, Runnable task) {
      this.name = name;
      this.phase = phase;
      this.at = at;
      this.period = period;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(at, o.at);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(phase.ordinal(), o.phase.ordinal());
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }
  }
}
