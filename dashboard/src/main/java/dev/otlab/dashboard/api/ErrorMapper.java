package dev.otlab.dashboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.otlab.library.ValidationException;
import dev.otlab.simulator.core.OtlabException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure becomes one JSON shape (status, code, message, remedy, problems), and no stack
 * trace ever reaches a client: unexpected errors are logged here and answered with a code.
 */
public class ErrorMapper {
  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  @ServerExceptionMapper
  public Response validation(ValidationException e) {
    return respond(
        new ApiError(
            400,
            e.code(),
            e.getMessage(),
            e.remedy(),
            e.problems().stream()
                .map(p -> new ApiError.Problem(p.path(), p.message(), p.fix()))
                .toList()));
  }

  @ServerExceptionMapper
  public Response api(ApiException e) {
    return respond(new ApiError(e.status(), e.code(), e.getMessage(), e.remedy(), null));
  }

  @ServerExceptionMapper
  public Response otlab(OtlabException e) {
    if (e instanceof ApiException a) {
      return api(a);
    }
    if (e instanceof ValidationException v) {
      return validation(v);
    }
    int status = e.code().equals("DATABASE_ERROR") ? 503 : 400;
    if (status >= 500) {
      LOG.error(e.describe(), e);
    }
    return respond(new ApiError(status, e.code(), e.getMessage(), e.remedy(), null));
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e, HttpHeaders headers) {
    Response.ResponseBuilder b =
        Response.status(401)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(
                new ApiError(
                    401,
                    "UNAUTHORIZED",
                    "This needs a user name and password.",
                    "Log in (HTTP Basic); the first admin password is printed at the first start"
                        + " or set with OTLAB_ADMIN_PASSWORD.",
                    null));
    // Scripts get the standard challenge; the web UI marks its requests so the browser does not
    // pop its own login dialog over the page's form.
    if (!"XMLHttpRequest".equals(headers.getHeaderString("X-Requested-With"))) {
      b.header("WWW-Authenticate", "Basic realm=\"otlab\"");
    }
    return b.build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return respond(
        new ApiError(
            403,
            "FORBIDDEN",
            "Your role may not do this.",
            "Ask an admin for the operator role (runs, uploads) or the admin role (users).",
            null));
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return respond(
        new ApiError(
            400,
            "BODY_INVALID",
            "The request body is not the JSON this endpoint takes: "
                + e.getOriginalMessage().replaceAll("\\s+", " "),
            "Send a JSON object with the fields in the API documentation (/q/openapi).",
            null));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (e.getCause() instanceof JsonProcessingException j) {
      return json(j);
    }
    String reason =
        Response.Status.fromStatusCode(status) == null
            ? "HTTP_" + status
            : Response.Status.fromStatusCode(status).name();
    String remedy =
        switch (status) {
          case 404 -> "Check the path; /q/openapi lists every endpoint.";
          case 405 -> "Use a method this path takes; /q/openapi lists them.";
          case 415 -> "Send the content type this endpoint takes (JSON, or YAML for uploads).";
          case 406 -> "Accept the content type this endpoint produces.";
          default -> "Check the request against /q/openapi.";
        };
    if (status >= 500) {
      LOG.error("request failed", e);
    }
    return respond(
        new ApiError(
            status,
            reason.toUpperCase(Locale.ROOT),
            e.getMessage() == null ? reason : e.getMessage(),
            remedy,
            null));
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e) {
    LOG.error("unexpected failure", e);
    return respond(
        new ApiError(
            500,
            "INTERNAL_ERROR",
            "Something failed inside the service.",
            "Retry; if it fails again, report it with the time: the service log has the details.",
            null));
  }

  private static Response respond(ApiError error) {
    return Response.status(error.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(error)
        .build();
  }
}
