package dev.otlab.dashboard.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jspecify.annotations.Nullable;

/**
 * The web UI's login sessions, in memory: a session is a random id (the cookie) bound to a user
 * name and a CSRF token, and it ends after {@code otlab.session.idle-timeout} without use, at
 * logout, or when the service restarts (the UI then shows the login form again). The user's role is
 * not kept here: every request looks it up, so a deleted user or a changed role takes effect at
 * once.
 */
@ApplicationScoped
public class Sessions {
  /** The cookie that carries the session id. */
  public static final String COOKIE = "otlab-session";

  /** The header the UI sends the CSRF token in on every state-changing request. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One login session.
   *
   * @param credential the user's stored password hash at login: a password change or reset ends
   *     every session opened before it
   */
  public record Session(String id, String user, String credential, String csrfToken) {}

  private record Entry(Session session, long lastUsed) {}

  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final long idleMillis;

  Sessions(
      @ConfigProperty(name = "otlab.session.idle-timeout", defaultValue = "8H")
          Duration idleTimeout) {
    this.idleMillis = idleTimeout.toMillis();
  }

  /**
   * A new session for {@code user}, who has just proved the password whose stored hash is {@code
   * credential}.
   */
  public Session create(String user, String credential) {
    long now = System.currentTimeMillis();
    // Creation is rare (a login), so it is where ended sessions are swept.
    sessions.values().removeIf(e -> now - e.lastUsed() > idleMillis);
    Session s = new Session(random(), user, credential, random());
    sessions.put(s.id(), new Entry(s, now));
    return s;
  }

  /** The live session of that id, marked as used now; empty when unknown or idle too long. */
  public Optional<Session> find(@Nullable String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    long now = System.currentTimeMillis();
    Entry e = sessions.get(id);
    if (e == null) {
      return Optional.empty();
    }
    if (now - e.lastUsed() > idleMillis) {
      sessions.remove(id, e);
      return Optional.empty();
    }
    sessions.replace(id, e, new Entry(e.session(), now));
    return Optional.of(e.session());
  }

  /** Ends the session (logout). */
  public void remove(String id) {
    sessions.remove(id);
  }

  /** Whether {@code token} is the session's CSRF token, compared in constant time. */
  public static boolean tokenMatches(Session s, @Nullable String token) {
    return token != null
        && MessageDigest.isEqual(
            s.csrfToken().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
