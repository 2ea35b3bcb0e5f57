package dev.otlab.dashboard.web;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates a request by its session cookie. A request that carries an Authorization header is
 * left to HTTP Basic (a script chose it explicitly), and an unknown or expired session id is simply
 * no identity, so a stale cookie never stands in the way of logging in again.
 */
@ApplicationScoped
public class SessionMechanism implements HttpAuthenticationMechanism {

  @Inject Sessions sessions;

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    Optional<Sessions.Session> session = session(context.request(), sessions);
    if (session.isEmpty()) {
      return Uni.createFrom().optional(Optional.empty());
    }
    return identityProviderManager.authenticate(
        HttpSecurityUtils.setRoutingContextAttribute(
            new SessionAuthenticationRequest(session.get()), context));
  }

  /** The live session a request's cookie names, unless the request uses Authorization instead. */
  static Optional<Sessions.Session> session(HttpServerRequest request, Sessions sessions) {
    if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      return Optional.empty();
    }
    Cookie c = request.getCookie(Sessions.COOKIE);
    return c == null ? Optional.empty() : sessions.find(c.getValue());
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    // No challenge of its own: the login form is the UI's, and scripts get Basic's.
    return Uni.createFrom().nullItem();
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(SessionAuthenticationRequest.class);
  }
}
