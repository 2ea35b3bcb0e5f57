package dev.otlab.dashboard.security;

import dev.otlab.dashboard.api.ApiException;
import dev.otlab.dashboard.store.Audit;
import dev.otlab.dashboard.store.Users;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Checks user name and password against the users table, for HTTP Basic and for any other login
 * that goes through Quarkus' identity provider manager (attach the request's routing context to the
 * authentication request with {@link HttpSecurityUtils#setRoutingContextAttribute}, as the Basic
 * mechanism does, so the source address is known). In order:
 *
 * <ol>
 *   <li>A check that succeeded in the last minutes is remembered under a digest of name and
 *       password (never the password itself): the web UI sends credentials with every request, and
 *       a PBKDF2 check costs ~100 ms by design. Changing or deleting a user forgets them all. A
 *       remembered check is honoured even while the user or address is throttled: it proves the
 *       password at no cost, so a flood against a name does not lock out its logged-in owner.
 *   <li>The throttle ({@link LoginThrottle}), per lower-cased user name and per source address,
 *       refuses with 429 and Retry-After before any hashing, so a flood costs the server nothing.
 *       Unknown names are throttled exactly like existing ones, so a 429 says nothing about which
 *       exist.
 *   <li>At most a few PBKDF2 checks run at once (half the cores), so guessing from many addresses
 *       cannot take every core from ordinary requests; a check waits a little for its turn and is
 *       refused (429, retry in a second) when the queue is long.
 *   <li>An unknown user is checked against a dummy hash with the same iterations, so that it takes
 *       as long as a wrong password and the answer (401, same body) is the same.
 * </ol>
 *
 * Every failed check is written to the audit log (the name as given, the address, the reason) and
 * logged at WARN, without the password; a block that starts is audited once, refusals during it are
 * not (a flood must not become a flood of writes). A successful check is audited once per
 * remembered entry.
 */
@ApplicationScoped
public class UserIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
  private static final Logger LOG = Logger.getLogger(UserIdentityProvider.class);

  private static final long REMEMBER_MS = 5 * 60_000;
  private static final int REMEMBER_MAX = 10_000;

  /** Per user: five free failures, then 1 s doubling per failure up to 15 minutes. */
  static final LoginThrottle.Settings PER_USER =
      new LoginThrottle.Settings(
          5, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofMinutes(15), 100_000);

  /**
   * Per source address: more free failures than per user, since several people may share an address
   * (a NAT, a jump host); enough to stop one address trying one password on many names.
   */
  static final LoginThrottle.Settings PER_SOURCE =
      new LoginThrottle.Settings(
          10, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofMinutes(15), 100_000);

  /** Checks waiting for a PBKDF2 turn beyond this many are refused at once. */
  private static final int MAX_WAITING = 32;

  private static final long WAIT_FOR_TURN_MS = 2_000;

  private record Verified(String username, String role, long until) {}

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final LongSupplier clock = System::currentTimeMillis;
  private final LoginThrottle users = new LoginThrottle(PER_USER, clock);
  private final LoginThrottle sources = new LoginThrottle(PER_SOURCE, clock);
  private final Semaphore hashing =
      new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);

  @Inject Users store;
  @Inject Audit audit;

  /** Hashes the dummy at start, so that the first unknown name costs no more than later ones. */
  void warm(@Observes StartupEvent ev) {
    LOG.debugf("dummy hash ready (%d characters)", Dummy.HASH.length());
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    String given = request.getUsername();
    String password = new String(request.getPassword().getPassword());
    String source = sourceOf(HttpSecurityUtils.getRoutingContextAttribute(request));
    return context.runBlocking(() -> check(given, password, source));
  }

  /**
   * The peer's address as Vert.x sees it (behind a proxy, as Quarkus' forwarding rules give it).
   */
  private static String sourceOf(@Nullable RoutingContext rc) {
    if (rc == null || rc.request().remoteAddress() == null) {
      return "unknown";
    }
    String host = rc.request().remoteAddress().hostAddress();
    return host == null ? "unknown" : host;
  }

  private SecurityIdentity check(String given, String password, String source) {
    String name = Users.normalize(given);
    String key = Passwords.digest(name + "\u0000" + password);
    long now = clock.getAsLong();
    Verified v = verified.get(key);
    if (v != null && v.until() >= now) {
      return identity(v);
    }
    admit(given, name, source);
    boolean done = false;
    try {
      Optional<Users.User> user = store.find(name);
      boolean ok = verifyInTurn(password, user.map(Users.User::passwordHash).orElse(null));
      done = true;
      if (ok && user.isPresent()) {
        users.succeeded(name, true);
        sources.succeeded(source, false);
        Users.User u = user.get();
        v = new Verified(u.username(), u.role(), clock.getAsLong() + REMEMBER_MS);
        remember(key, v);
        record(u.username(), source, "200 password checked");
        return identity(v);
      }
      fail(given, name, source, user.isPresent() ? "wrong password" : "unknown user");
      throw new AuthenticationFailedException();
    } finally {
      if (!done) {
        users.abandoned(name);
        sources.abandoned(source);
      }
    }
  }

  /** Admits a check for both the name and the address, or refuses it with 429. */
  private void admit(String given, String name, String source) {
    LoginThrottle.Admission byUser = users.admit(name);
    if (!byUser.admitted()) {
      throw throttled(byUser, given, source);
    }
    LoginThrottle.Admission bySource = sources.admit(source);
    if (!bySource.admitted()) {
      users.abandoned(name);
      throw throttled(bySource, given, source);
    }
  }

  private static ApiException throttled(
      LoginThrottle.Admission refusal, String given, String source) {
    long seconds = refusal.retryAfterSeconds();
    LOG.debugf("login of '%s' from %s refused for %d s", printable(given), source, seconds);
    return new ApiException(
        "LOGIN_THROTTLED",
        "Too many failed logins; try again in " + seconds + " s.",
        "Wait "
            + seconds
            + " s before the next attempt; every further failure doubles the wait. If the"
            + " password is lost, ask an admin to reset it.",
        seconds);
  }

  /** PBKDF2 in turn; against a dummy hash when the user does not exist. */
  private boolean verifyInTurn(String password, @Nullable String hash) {
    boolean turn;
    try {
      turn =
          hashing.getQueueLength() < MAX_WAITING
              && hashing.tryAcquire(WAIT_FOR_TURN_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      turn = false;
    }
    if (!turn) {
      throw new ApiException(
          "LOGIN_BUSY",
          "Too many logins are being checked at once.",
          "Retry in a second; if it persists, someone may be guessing passwords (see the audit"
              + " log).",
          1);
    }
    try {
      boolean match = Passwords.verify(password, hash == null ? Dummy.HASH : hash);
      return match && hash != null;
    } finally {
      hashing.release();
    }
  }

  private void fail(String given, String name, String source, String reason) {
    LoginThrottle.Failure byUser = users.failed(name);
    LoginThrottle.Failure bySource = sources.failed(source);
    long userBlock = byUser.blockMillis();
    long sourceBlock = bySource.blockMillis();
    String shown = printable(given);
    int inARow = byUser.inARow();
    LOG.warnf(
        "otlab: failed login of '%s' from %s: %s (failure %d in a row for the name)",
        shown, source, reason, inARow);
    record(shown, source, "401 " + reason);
    if (userBlock > 0) {
      long seconds = (userBlock + 999) / 1000;
      LOG.warnf(
          "otlab: logins as '%s' blocked for %d s after %d failures in a row",
          shown, seconds, inARow);
      record(shown, source, "user blocked for " + seconds + " s");
    }
    if (sourceBlock > 0) {
      long seconds = (sourceBlock + 999) / 1000;
      LOG.warnf(
          "otlab: logins from %s blocked for %d s after %d failures",
          source, seconds, bySource.inARow());
      record(shown, source, "address blocked for " + seconds + " s");
    }
  }

  private void record(String user, String source, String result) {
    try {
      audit.record(user, "login", source, result);
    } catch (RuntimeException e) {
      LOG.errorf(e, "otlab: could not audit a login of '%s' from %s", user, source);
    }
  }

  /** The name as given, safe for one log line: control characters shown as '?', at most 64. */
  static String printable(String given) {
    StringBuilder sb = new StringBuilder();
    given
        .codePoints()
        .limit(64)
        .forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return sb.toString();
  }

  private void remember(String key, Verified v) {
    if (verified.size() >= REMEMBER_MAX) {
      long now = clock.getAsLong();
      verified.values().removeIf(x -> x.until() < now);
      if (verified.size() >= REMEMBER_MAX) {
        verified.clear();
      }
    }
    verified.put(key, v);
  }

  private static SecurityIdentity identity(Verified v) {
    return Roles.identity(v.username(), v.role()).build();
  }

  /** Forgets remembered checks (after a user changed or was deleted). */
  public void forget() {
    verified.clear();
  }

  /** Made on first use: hashing it costs as much as one login. */
  private static final class Dummy {
    static final String HASH = Passwords.hash(Passwords.generate());
  }
}
