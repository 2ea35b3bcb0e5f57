package dev.otlab.dashboard.security;

import dev.otlab.dashboard.store.Users;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP Basic credentials against the users table. A PBKDF2 check costs tens of milliseconds
 * by design, and the web UI sends credentials with every request, so a successful check is
 * remembered for a few minutes under a digest of name and password (never the password itself);
 * changing or deleting a user forgets everything.
 */
@ApplicationScoped
public class UserIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  private static final long REMEMBER_MS = 5 * 60_000;

  private record Verified(String role, long until) {}

  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  @Inject Users users;

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    String name = request.getUsername();
    String password = new String(request.getPassword().getPassword());
    return context.runBlocking(
        () -> {
          String key = Passwords.digest(name + "\u0000" + password);
          Verified v = verified.get(key);
          long now = System.currentTimeMillis();
          if (v == null || v.until() < now) {
            Users.User u =
                users
                    .find(name)
                    .filter(x -> Passwords.verify(password, x.passwordHash()))
                    .orElseThrow(AuthenticationFailedException::new);
            v = new Verified(u.role(), now + REMEMBER_MS);
            verified.put(key, v);
          }
          QuarkusSecurityIdentity.Builder b =
              QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name));
          Roles.granted(v.role()).forEach(b::addRole);
          return b.build();
        });
  }

  /** Forgets remembered checks (after a user changed or was deleted). */
  public void forget() {
    verified.clear();
  }
}
