package dev.otlab.dashboard.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.api.ApiException;
import dev.otlab.dashboard.security.Roles;
import dev.otlab.dashboard.store.Users;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Login sessions for the web UI. {@code POST /api/session} checks the name and password through the
 * same identity provider as HTTP Basic (so its throttling applies), then sets a {@code
 * SameSite=Strict}, HttpOnly cookie (Secure over https) and answers the session's CSRF token, which
 * the UI sends as {@code X-CSRF-Token} on every state-changing request. {@code GET} answers who is
 * logged in (and the token again, after a page reload); {@code DELETE} logs out.
 */
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Sessions sessions;
  @Inject Users users;
  @Inject IdentityProviderManager identities;
  @Inject SecurityIdentity identity;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @PermitAll
  public Uni<Response> login(@Nullable Map<String, Object> body, RoutingContext rc) {
    Object name = body == null ? null : body.get("username");
    Object password = body == null ? null : body.get("password");
    if (!(name instanceof String n) || !(password instanceof String p)) {
      throw new ApiException(
          "BODY_INVALID",
          "A login needs username and password.",
          "Send {\"username\": \"...\", \"password\": \"...\"} as JSON.");
    }
    UsernamePasswordAuthenticationRequest request =
        new UsernamePasswordAuthenticationRequest(n, new PasswordCredential(p.toCharArray()));
    HttpSecurityUtils.setRoutingContextAttribute(request, rc);
    return identities
        .authenticate(request)
        .onFailure(AuthenticationFailedException.class)
        .transform(
            e ->
                new ApiException(
                    "LOGIN_FAILED",
                    "The user name or password is wrong.",
                    "Check both; an admin can reset a forgotten password."))
        // The users table is read below: off the event loop.
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(
            id -> {
              // A login replaces the session this browser had: an id set before the login (by
              // whoever could) never becomes an authenticated one.
              Cookie old = rc.request().getCookie(Sessions.COOKIE);
              if (old != null) {
                sessions.remove(old.getValue());
              }
              String user = id.getPrincipal().getName();
              String credential =
                  users
                      .find(user)
                      .map(Users.User::passwordHash)
                      .orElseThrow(AuthenticationFailedException::new);
              Sessions.Session s = sessions.create(user, credential);
              return Response.ok(describe(id, s))
                  .header("Set-Cookie", cookie(s.id(), rc.request(), false))
                  .build();
            });
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  public ObjectNode current() {
    Sessions.Session s = identity.getAttribute(SessionIdentityProvider.SESSION_ATTRIBUTE);
    return describe(identity, s);
  }

  @DELETE
  @PermitAll
  public Response logout(RoutingContext rc) {
    Cookie c = rc.request().getCookie(Sessions.COOKIE);
    if (c != null) {
      sessions.remove(c.getValue());
    }
    return Response.noContent().header("Set-Cookie", cookie("", rc.request(), true)).build();
  }

  /** Who, with which roles, and the CSRF token when the request came with a session. */
  private static ObjectNode describe(SecurityIdentity id, Sessions.@Nullable Session s) {
    ObjectNode o = JSON.createObjectNode().put("user", id.getPrincipal().getName());
    ArrayNode roles = o.putArray("roles");
    Roles.ALL.stream().filter(id::hasRole).forEach(roles::add);
    if (s != null) {
      o.put("csrfToken", s.csrfToken());
    }
    return o;
  }

  private static String cookie(String value, HttpServerRequest request, boolean expire) {
    StringBuilder b =
        new StringBuilder(Sessions.COOKIE)
            .append('=')
            .append(value)
            .append("; Path=/; HttpOnly; SameSite=Strict");
    if ("https".equalsIgnoreCase(request.scheme())) {
      b.append("; Secure");
    }
    if (expire) {
      b.append("; Max-Age=0");
    }
    return b.toString();
  }
}
