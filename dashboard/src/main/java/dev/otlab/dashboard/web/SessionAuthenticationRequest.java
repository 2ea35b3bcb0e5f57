package dev.otlab.dashboard.web;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A request authenticated by a login session: the session the cookie named. */
final class SessionAuthenticationRequest extends BaseAuthenticationRequest {
  private final Sessions.Session session;

  SessionAuthenticationRequest(Sessions.Session session) {
    this.session = session;
  }

  Sessions.Session session() {
    return session;
  }
}
