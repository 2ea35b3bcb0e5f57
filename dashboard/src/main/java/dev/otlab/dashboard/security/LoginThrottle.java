package dev.otlab.dashboard.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed logins per key (a user name, or a source address) with exponential backoff: the first
 * {@code freeFailures} failures in a row cost nothing; the one that reaches that number blocks the
 * key for {@code firstBlock}, and every further failure doubles the block, up to {@code maxBlock}.
 * A blocked key is refused before any password is checked, so a flood against it costs the server a
 * map lookup per request. A key's record is forgotten {@code window} after its last failure or the
 * end of its block, whichever is later, so an attacker who waits out the longest block still meets
 * it again at the next failure.
 *
 * <p>Attempts that are being checked count against the free failures as well ({@link #admit}), so
 * that sixteen requests arriving at once cannot all get past a limit of five; once a key has used
 * its free failures, at most one check of it runs at a time.
 *
 * <p>The clock is injected, so tests move time instead of sleeping. Thread-safe: every change of a
 * key's record is one atomic {@link ConcurrentHashMap#compute}.
 */
public final class LoginThrottle {

  /** How many failures are free, how long blocks last, when records are forgotten. */
  public record Settings(
      int freeFailures, Duration firstBlock, Duration maxBlock, Duration window, int maxKeys) {
    public Settings {
      if (freeFailures < 1) {
        throw new IllegalArgumentException("freeFailures " + freeFailures + " < 1");
      }
      if (firstBlock.isNegative()
          || firstBlock.isZero()
          || maxBlock.compareTo(firstBlock) < 0
          || window.isNegative()) {
        throw new IllegalArgumentException(
            "blocks must be positive with firstBlock <= maxBlock, window not negative: "
                + firstBlock
                + ", "
                + maxBlock
                + ", "
                + window);
      }
      if (maxKeys < 1) {
        throw new IllegalArgumentException("maxKeys " + maxKeys + " < 1");
      }
    }
  }

  /** The answer to {@link #admit}: either admitted, or refused for some milliseconds. */
  public record Admission(boolean admitted, long retryAfterMillis) {
    static final Admission YES = new Admission(true, 0);

    /** Whole seconds to wait, at least 1, for a Retry-After header. */
    public long retryAfterSeconds() {
      return Math.max(1, (retryAfterMillis + 999) / 1000);
    }
  }

  /** A counted failure: how many in a row now, and the block it started (0 ms for none). */
  public record Failure(int inARow, long blockMillis) {}

  private record State(int failures, int inFlight, long lastFailure, long blockedUntil) {
    long expires(Duration window) {
      return Math.max(lastFailure, blockedUntil) + window.toMillis();
    }
  }

  private final Settings settings;
  private final LongSupplier clock;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  public LoginThrottle(Settings settings, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Whether a check for {@code key} may run now. An admitted check must end with exactly one of
   * {@link #failed}, {@link #succeeded} or {@link #abandoned}.
   */
  public Admission admit(String key) {
    long now = clock.getAsLong();
    Admission[] answer = {Admission.YES};
    states.compute(
        key,
        (k, s) -> {
          if (s != null && s.inFlight() == 0 && s.expires(settings.window()) < now) {
            s = null; // forgotten
          }
          if (s == null) {
            return new State(0, 1, 0, 0);
          }
          if (s.blockedUntil() > now) {
            answer[0] = new Admission(false, s.blockedUntil() - now);
            return s;
          }
          if (s.failures() + s.inFlight() >= settings.freeFailures() && s.inFlight() > 0) {
            // Past the free failures only one check at a time; the next may follow it closely.
            answer[0] = new Admission(false, 1000);
            return s;
          }
          return new State(s.failures(), s.inFlight() + 1, s.lastFailure(), s.blockedUntil());
        });
    if (states.size() > settings.maxKeys()) {
      sweep(now);
    }
    return answer[0];
  }

  /**
   * An admitted check failed: counts it, and blocks the key when it has used its free failures.
   * Returns the count and the block that starts now.
   */
  public Failure failed(String key) {
    long now = clock.getAsLong();
    long[] block = {0};
    int[] inARow = {0};
    states.compute(
        key,
        (k, s) -> {
          State base = s == null ? new State(0, 1, 0, 0) : s;
          int failures = base.failures() + 1;
          inARow[0] = failures;
          long blockedUntil = base.blockedUntil();
          if (failures >= settings.freeFailures()) {
            block[0] = blockFor(failures);
            blockedUntil = now + block[0];
          }
          return new State(failures, Math.max(0, base.inFlight() - 1), now, blockedUntil);
        });
    return new Failure(inARow[0], block[0]);
  }

  /**
   * An admitted check succeeded. For a user this forgets every failure ({@code reset}); for a
   * source address it only ends the check, since one valid account must not let an address wipe out
   * the failures it made guessing others.
   */
  public void succeeded(String key, boolean reset) {
    if (reset) {
      states.remove(key);
    } else {
      abandoned(key);
    }
  }

  /** An admitted check ended without a verdict (the database failed, the server was busy). */
  public void abandoned(String key) {
    states.computeIfPresent(
        key,
        (k, s) ->
            s.failures() == 0 && s.inFlight() <= 1
                ? null
                : new State(
                    s.failures(),
                    Math.max(0, s.inFlight() - 1),
                    s.lastFailure(),
                    s.blockedUntil()));
  }

  /** Failures counted for {@code key} (0 when none or forgotten); for tests and messages. */
  public int failures(String key) {
    State s = states.get(key);
    return s == null || (s.inFlight() == 0 && s.expires(settings.window()) < clock.getAsLong())
        ? 0
        : s.failures();
  }

  /** Keys with a record; the map is bounded by {@code maxKeys} plus the keys blocked right now. */
  public int size() {
    return states.size();
  }

  /**
   * The block after the {@code failures}-th failure in a row: first, doubled per failure, capped.
   */
  long blockFor(int failures) {
    int doublings = failures - settings.freeFailures();
    long first = settings.firstBlock().toMillis();
    long max = settings.maxBlock().toMillis();
    if (doublings >= 62 || first << doublings > max || first << doublings <= 0) {
      return max;
    }
    return first << doublings;
  }

  /**
   * Keeps the map bounded under a flood of made-up user names: drops forgotten records and, when
   * that is not enough, every record that neither blocks nor has a check running (those lose only
   * their count of free failures).
   */
  private synchronized void sweep(long now) {
    states
        .entrySet()
        .removeIf(e -> idle(e.getValue()) && e.getValue().expires(settings.window()) < now);
    if (states.size() > settings.maxKeys()) {
      states.entrySet().removeIf(e -> idle(e.getValue()) && e.getValue().blockedUntil() <= now);
    }
  }

  private static boolean idle(State s) {
    return s.inFlight() == 0;
  }
}
