package dev.otlab.dashboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is answered 413 in the
 * API's error shape. The HTTP layer's own check (route order -2) answers it with an empty body;
 * this route runs just before it and answers from the Content-Length header alone, so the body is
 * never read. Bodies without a length (chunked) still meet the HTTP layer's limit while streaming.
 */
@ApplicationScoped
public class BodyLimit {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Just before the HTTP layer's upload limit (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT, -2). */
  static final int ORDER = -3;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
  MemorySize limit;

  void install(@Observes Router router) throws JsonProcessingException {
    long max = limit.asLongValue();
    String body =
        JSON.writeValueAsString(
            new ApiError(
                413,
                "REQUEST_ENTITY_TOO_LARGE",
                "The request body is larger than the service accepts (" + max + " bytes).",
                "Send a smaller body; library uploads are limited further, to "
                    + LibraryService.MAX_UPLOAD_CHARS
                    + " characters.",
                null));
    router
        .route()
        .order(ORDER)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader("Content-Length");
              long declared;
              try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
              } catch (NumberFormatException e) {
                declared = -1; // the HTTP layer refuses a malformed length itself
              }
              if (declared > max) {
                ctx.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close")
                    .end(body);
              } else {
                ctx.next();
              }
            });
  }
}
