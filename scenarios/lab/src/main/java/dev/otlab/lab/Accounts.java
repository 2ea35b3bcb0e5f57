package dev.otlab.lab;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The state of a run's accounts as defenders change it: which are disabled, and each account's
 * password generation (0 as the architecture gives it, one more per reset). A copy of a password
 * obtained at an older generation opens nothing; a reset password is strong, so no longer
 * guessable. Changed on the clock thread by responses, read there by log-ins.
 */
final class Accounts {

  private record Change(double time, String who) {}

  private final Map<String, Change> disabled = new LinkedHashMap<>();
  private final Map<String, Integer> generations = new LinkedHashMap<>();
  private final Map<String, Change> resets = new LinkedHashMap<>();

  /** The current password generation of {@code account}. */
  synchronized int generation(String account) {
    return generations.getOrDefault(account, 0);
  }

  synchronized boolean disabled(String account) {
    return disabled.containsKey(account);
  }

  /** Disables {@code account}; false when it was disabled already. */
  synchronized boolean disable(String account, double time, String who) {
    return disabled.putIfAbsent(account, new Change(time, who)) == null;
  }

  /** Resets the password of {@code account}: returns its new generation. */
  synchronized int reset(String account, double time, String who) {
    resets.put(account, new Change(time, who));
    return generations.merge(account, 1, Integer::sum);
  }

  /**
   * Why a log-in with {@code account} fails now, or empty.
   *
   * @param held the generation of the attacker's copy, or null when guessing
   */
  synchronized Optional<String> refusal(String account, @Nullable Integer held) {
    Change off = disabled.get(account);
    if (off != null) {
      return Optional.of(
          "account " + account + " was disabled at t=" + seconds(off.time()) + " by " + off.who());
    }
    Change reset = resets.get(account);
    if (reset == null) {
      return Optional.empty();
    }
    if (held == null) {
      return Optional.of(
          "the password of account "
              + account
              + " was reset at t="
              + seconds(reset.time())
              + " to a strong one, no longer guessable");
    }
    if (held < generation(account)) {
      return Optional.of(
          "the password of account "
              + account
              + " was reset at t="
              + seconds(reset.time())
              + " by "
              + reset.who()
              + ", after the attacker's copy was obtained: the copy opens nothing");
    }
    return Optional.empty();
  }

  static String seconds(double t) {
    return String.format(Locale.ROOT, "%.0f s", t);
  }
}
