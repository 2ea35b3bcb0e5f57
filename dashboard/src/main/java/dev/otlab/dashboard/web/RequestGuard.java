package dev.otlab.dashboard.web;

import dev.otlab.dashboard.api.ApiException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jspecify.annotations.Nullable;

/**
 * Cross-site request forgery defences on every state-changing request (POST, PUT, PATCH, DELETE):
 *
 * <ul>
 *   <li>a request a browser marks as coming from another origin ({@code Origin} not this service's
 *       own scheme://host:port, or {@code Sec-Fetch-Site: cross-site/same-site}: another port on
 *       the same host is another origin) is refused, 403 {@code CROSS_ORIGIN_REFUSED}; a request
 *       with neither header (curl, scripts) passes;
 *   <li>a request on a login session must carry the session's {@code X-CSRF-Token}, 403 {@code
 *       CSRF_TOKEN_INVALID} otherwise; HTTP Basic requests need none (a browser page cannot set the
 *       header across origins, and the origin check still applies);
 *   <li>a body needs a content type the endpoint names, and never one an HTML form can send without
 *       the page's script ({@code text/plain}, form data): 415 {@code UNSUPPORTED_MEDIA_TYPE}.
 * </ul>
 */
public class RequestGuard {

  /** What a plain HTML form can send cross-site with no preflight. */
  private static final Set<String> FORM_TYPES =
      Set.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data");

  @Inject Sessions sessions;

  /** Before matching and before authentication: a forged request is refused first. */
  @ServerRequestFilter(preMatching = true)
  public void origin(ContainerRequestContext request, HttpServerRequest http) {
    if (!changesState(request.getMethod())) {
      return;
    }
    URI self = request.getUriInfo().getRequestUri();
    String refusal =
        crossOrigin(
            request.getHeaderString("Origin"), request.getHeaderString("Sec-Fetch-Site"), self);
    if (refusal != null) {
      throw new ApiException(
          "CROSS_ORIGIN_REFUSED",
          refusal,
          "Use the dashboard's own pages, or call the API from a script (which sends no Origin).");
    }
    boolean login =
        request.getMethod().equals("POST")
            && request.getUriInfo().getPath().replaceAll("/+$", "").equals("/api/session");
    if (login) {
      return;
    }
    Optional<Sessions.Session> session = SessionMechanism.session(http, sessions);
    if (session.isPresent()
        && !Sessions.tokenMatches(session.get(), request.getHeaderString(Sessions.CSRF_HEADER))) {
      throw new ApiException(
          "CSRF_TOKEN_INVALID",
          "This request on a login session lacks the session's "
              + Sessions.CSRF_HEADER
              + " header.",
          "Send the csrfToken from POST or GET /api/session as the "
              + Sessions.CSRF_HEADER
              + " header; scripts can use HTTP Basic instead.");
    }
  }

  /** After matching: the body's content type against what the endpoint takes. */
  @ServerRequestFilter
  public void contentType(ContainerRequestContext request, ResourceInfo resource) {
    if (!changesState(request.getMethod()) || !hasBody(request)) {
      return;
    }
    Method method = resource.getResourceMethod();
    if (method == null) {
      return;
    }
    Consumes consumes = method.getAnnotation(Consumes.class);
    if (consumes == null) {
      consumes = resource.getResourceClass().getAnnotation(Consumes.class);
    }
    if (consumes == null) {
      return;
    }
    List<String> accepted = accepted(consumes.value());
    MediaType type = request.getMediaType();
    String given = type == null ? null : essence(type);
    if (given == null || !accepted.contains(given)) {
      throw new ApiException(
          "UNSUPPORTED_MEDIA_TYPE",
          given == null
              ? "The request has a body but no Content-Type."
              : "This endpoint does not take a body of type " + given + ".",
          "Send Content-Type: " + String.join(" or ", accepted) + ".");
    }
  }

  /** The types of an endpoint's {@code @Consumes} that a form cannot send, lower case. */
  static List<String> accepted(String[] consumes) {
    return Arrays.stream(consumes)
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(v -> essence(MediaType.valueOf(v.trim())))
        .filter(t -> !FORM_TYPES.contains(t))
        .toList();
  }

  private static String essence(MediaType t) {
    return (t.getType() + "/" + t.getSubtype()).toLowerCase(Locale.ROOT);
  }

  static boolean changesState(String method) {
    return switch (method) {
      case "POST", "PUT", "PATCH", "DELETE" -> true;
      default -> false;
    };
  }

  private static boolean hasBody(ContainerRequestContext request) {
    String length = request.getHeaderString("Content-Length");
    if (length != null) {
      try {
        return Long.parseLong(length.trim()) > 0;
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return request.getHeaderString("Transfer-Encoding") != null;
  }

  /**
   * Why a request with these headers comes from another origin than {@code self}, or null when it
   * does not say so. Origins are equal only with the same scheme, host and port.
   */
  static @Nullable String crossOrigin(
      @Nullable String origin, @Nullable String fetchSite, URI self) {
    if (fetchSite != null) {
      String site = fetchSite.trim().toLowerCase(Locale.ROOT);
      if (site.equals("cross-site") || site.equals("same-site")) {
        return "The browser marks this request as sent by a page of another site or origin"
            + " (Sec-Fetch-Site: "
            + site
            + ").";
      }
    }
    if (origin == null) {
      return null;
    }
    String mine = origin(self);
    String theirs;
    try {
      theirs = origin.equals("null") ? null : origin(URI.create(origin.trim()));
    } catch (IllegalArgumentException e) {
      theirs = null;
    }
    if (theirs == null || !theirs.equals(mine)) {
      return "The request comes from a page of origin "
          + origin
          + ", not from this service ("
          + mine
          + ").";
    }
    return null;
  }

  /** scheme://host:port with the default port filled in, lower case. */
  private static @Nullable String origin(URI u) {
    String scheme = u.getScheme();
    String host = u.getHost();
    if (scheme == null || host == null) {
      return null;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int port = u.getPort();
    if (port < 0) {
      port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    }
    return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
  }
}
