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
 * never read. A body without a length (chunked) is refused before it is read, in the same shape:
 * the HTTP layer could only cut it off mid-stream with an empty answer, and every client the API
 * serves (browsers, curl, scripts) sends the length of a body it has in hand.
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
    String unsized =
        JSON.writeValueAsString(
            new ApiError(
                400,
                "BODY_LENGTH_REQUIRED",
                "The request body was sent without a Content-Length (chunked transfer encoding).",
                "Send the body with a Content-Length header (curl --data-binary @file does).",
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
              String encoding = ctx.request().getHeader("Transfer-Encoding");
              if (length == null
                  && encoding != null
                  && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                ctx.response()
                    .setStatusCode(400)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close")
                    .end(unsized);
              } else if (declared > max) {
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
