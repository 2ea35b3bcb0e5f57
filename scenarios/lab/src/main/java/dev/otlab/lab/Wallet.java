package dev.otlab.lab;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attacker's accounts: one wallet for all footholds, by account id, with how each came and the
 * password generation ({@link Accounts}) the copy was taken at. A copy taken before a reset opens
 * nothing; a harvest after the reset takes the new password and replaces it. On the clock thread.
 */
final class Wallet {

  private final Accounts accounts;
  private final Map<String, String> how = new LinkedHashMap<>();
  private final Map<String, Integer> generations = new HashMap<>();

  Wallet(Accounts accounts) {
    this.accounts = accounts;
  }

  /** The accounts held, by id, with how each came, in the order obtained. */
  Map<String, String> held() {
    return Collections.unmodifiableMap(how);
  }

  /**
   * Adds a copy of {@code account}'s password: kept as the first way it came, unless the password
   * was reset since that copy was taken (the new copy holds the new password).
   */
  void obtain(String account, String way) {
    int now = accounts.generation(account);
    Integer held = generations.get(account);
    if (held == null) {
      how.put(account, way);
      generations.put(account, now);
    } else if (held < now) {
      how.put(account, way + " after the reset");
      generations.put(account, now);
    }
  }

  /** Why a log-in with the held copy of {@code account} (or a guess) fails now, or empty. */
  Optional<String> refusal(String account, boolean guessing) {
    return accounts.refusal(account, guessing ? null : generations.getOrDefault(account, 0));
  }
}
