package dev.otlab.dashboard.web;

import dev.otlab.dashboard.security.Roles;
import dev.otlab.dashboard.store.Users;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a live session into the user's identity, with the role the users table holds now (a
 * database read, hence blocking), so that deleting a user, changing a role or changing the password
 * ends what their sessions may do at once.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionAuthenticationRequest> {

  /** The identity attribute holding the {@link Sessions.Session} a request was authenticated by. */
  public static final String SESSION_ATTRIBUTE = "otlab.session";

  @Inject Users users;

  @Override
  public Class<SessionAuthenticationRequest> getRequestType() {
    return SessionAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      SessionAuthenticationRequest request, AuthenticationRequestContext context) {
    Sessions.Session s = request.session();
    return context.runBlocking(
        () -> {
          Users.User u =
              users
                  .find(s.user())
                  // A changed or reset password ends the sessions opened with the old one.
                  .filter(x -> x.passwordHash().equals(s.credential()))
                  .orElseThrow(AuthenticationFailedException::new);
          return Roles.identity(u.username(), u.role()).addAttribute(SESSION_ATTRIBUTE, s).build();
        });
  }
}
