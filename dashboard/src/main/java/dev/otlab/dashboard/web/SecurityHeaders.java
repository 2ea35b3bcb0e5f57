package dev.otlab.dashboard.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The headers on every answer, errors and static files included: a Content-Security-Policy (the UI
 * runs only its own scripts, with no inline script or style; API answers, the printable report
 * among them, run no script at all), no framing, no MIME sniffing, no Referer; and caching: API and
 * {@code /q/} answers are never stored, the UI's unversioned files are revalidated on every use
 * ({@code no-cache}), and only content-addressed URLs ({@code /v/HASH/}, {@code /webjars/} with the
 * library version in the path) may be cached for good.
 */
@ApplicationScoped
public class SecurityHeaders {

  /** The UI: its own scripts, styles, images and API; nothing framed, posted or based elsewhere. */
  static final String UI_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  /**
   * API answers: data, plus the printable report, whose styles are inline; no script runs in any.
   */
  static final String API_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  void routes(@Observes Router router) {
    router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::handle);
  }

  private void handle(RoutingContext rc) {
    String path = rc.request().path();
    rc.addHeadersEndHandler(
        v ->
            apply(
                path == null ? "/" : path, rc.response().getStatusCode(), rc.response().headers()));
    rc.next();
  }

  /** Sets the headers for an answer to {@code path}; a plain function for the unit test. */
  static void apply(String path, int status, MultiMap h) {
    boolean api = path.equals("/api") || path.startsWith("/api/");
    h.set("Content-Security-Policy", api ? API_POLICY : UI_POLICY);
    h.set("X-Frame-Options", "DENY");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    if (api || path.startsWith("/q/")) {
      h.set("Cache-Control", "no-store");
    } else if (path.startsWith("/webjars/") && status < 300) {
      h.set("Cache-Control", "public, max-age=31536000, immutable");
    } else if (!path.startsWith("/v/")) {
      // Quarkus' static handler marks every file immutable for a day; an unversioned URL's
      // content changes with the next build, so it must be revalidated.
      h.set("Cache-Control", "no-cache");
    }
  }
}
