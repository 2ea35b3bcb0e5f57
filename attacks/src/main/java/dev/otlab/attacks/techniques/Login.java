package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.network.AccountSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How an attacker logs in to a service of a host, decided before anything is sent: with an account
 * it holds, by guessing a weak or default password, or by taking over a live session past a second
 * factor. The lab's remote-access servers authenticate nobody, so this decision is the attacker
 * model's; OPC UA servers check the password the decision picks for real.
 */
sealed interface Login {

  /** The account name the session's opening sends (an RDP cookie, an SSH user). */
  String user();

  /**
   * The log-in works.
   *
   * @param user account name sent
   * @param account account id used, or null for a guessed host-local account
   * @param password password the attacker types
   * @param how in words: {@code held (phished)}, {@code guessed}, {@code hijacked}
   */
  record In(String user, @Nullable String account, String password, String how) implements Login {}

  /**
   * The log-in fails.
   *
   * @param user account name sent
   * @param reason a sentence for the step record
   */
  record Refused(String user, String reason) implements Login {}

  /**
   * Decides a log-in.
   *
   * @param account the account the step names, or null to try what the attacker holds, then guess
   * @param user the account name the step names, or null
   * @param hijack whether the step takes over a live session instead of typing a password
   * @param fallbackUser the account name sent when neither the step nor an account gives one
   */
  static Login decide(
      AttackContext ctx,
      HostSpec to,
      Protocol service,
      @Nullable String account,
      @Nullable String user,
      boolean hijack,
      String fallbackUser) {
    String name = Names.yaml(service);
    Map<String, String> held = ctx.credentials();
    boolean live = hijack && ctx.liveSession(to.id(), service);
    if (account != null) {
      AccountSpec a = ctx.architecture().account(account).orElse(null);
      String sent = user != null ? user : a != null ? a.user() : fallbackUser;
      if (!held.containsKey(account)) {
        return new Refused(
            sent,
            "the attacker holds no account '"
                + account
                + "'"
                + (held.isEmpty()
                    ? ""
                    : " (it holds " + held.keySet().stream().sorted().toList() + ")"));
      }
      if (a == null) {
        return new Refused(
            sent,
            "architecture "
                + ctx.architecture().id()
                + " has no account '"
                + account
                + "', so the stolen password opens nothing here");
      }
      if (!a.opens(to.id(), service)) {
        return new Refused(
            sent, "account '" + account + "' does not log in to " + name + " on " + to.id());
      }
      Optional<String> stale = ctx.accountRefusal(account, false);
      if (stale.isPresent()) {
        return new Refused(sent, stale.get());
      }
      return withFactor(a, sent, held.get(account), hijack, live, to, name);
    }
    List<AccountSpec> usable = ctx.architecture().accountsFor(to.id(), service);
    // What a defender's response took away, said when nothing else gets in.
    List<String> responded = new ArrayList<>();
    for (AccountSpec a : usable) {
      if (held.containsKey(a.id()) && (!a.mfa() || live)) {
        Optional<String> stale = ctx.accountRefusal(a.id(), false);
        if (stale.isPresent()) {
          responded.add(stale.get());
          continue;
        }
        return withFactor(
            a, user != null ? user : a.user(), held.get(a.id()), hijack, live, to, name);
      }
    }
    for (AccountSpec a : usable) {
      if (a.guessable()) {
        Optional<String> changed = ctx.accountRefusal(a.id(), true);
        if (changed.isPresent()) {
          responded.add(changed.get());
          continue;
        }
        return new In(
            user != null ? user : a.user(),
            a.id(),
            a.password(),
            "guessed " + Names.yaml(a.strength()) + " password of account " + a.id());
      }
    }
    String sent = user != null ? user : fallbackUser;
    if (to.posture().credentials() != Credentials.STRONG) {
      return new In(
          sent,
          null,
          sent,
          "guessed " + Names.yaml(to.posture().credentials()) + " password of a local account");
    }
    AccountSpec mfa =
        usable.stream().filter(a -> held.containsKey(a.id()) && a.mfa()).findFirst().orElse(null);
    if (mfa != null) {
      return new Refused(sent, mfaReason(mfa, to, name, hijack));
    }
    return new Refused(
        sent,
        "its accounts have strong credentials and the attacker holds none of them"
            + (usable.isEmpty() ? "" : " " + usable.stream().map(AccountSpec::id).toList())
            + (responded.isEmpty() ? "" : " (" + String.join("; ", responded) + ")"));
  }

  private static Login withFactor(
      AccountSpec a,
      String sent,
      String obtained,
      boolean hijack,
      boolean live,
      HostSpec to,
      String name) {
    if (!a.mfa()) {
      return new In(sent, a.id(), a.password(), "held account " + a.id() + " (" + obtained + ")");
    }
    if (live) {
      return new In(
          sent,
          a.id(),
          a.password(),
          "took over a live " + name + " session of account " + a.id() + " past its second factor");
    }
    return new Refused(sent, mfaReason(a, to, name, hijack));
  }

  private static String mfaReason(AccountSpec a, HostSpec to, String name, boolean hijack) {
    return "account "
        + a.id()
        + " needs a second factor the attacker does not hold"
        + (hijack
            ? ", and no live " + name + " session to " + to.id() + " was there to take over"
            : "; only taking over a live session (hijack: true) gets past it");
  }
}
