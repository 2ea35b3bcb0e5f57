package dev.otlab.dashboard.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.OtlabException;
import dev.otlab.library.ValidationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jspecify.annotations.Nullable;

/**
 * Every failure becomes one JSON shape (status, code, message, remedy, problems), and no stack
 * trace ever reaches a client: unexpected errors are logged here and answered with a code.
 */
public class ErrorMapper {
  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  /**
   * Every otlab error, by its code's category: validation 400, not found 404, conflict 409, too
   * large 413, too many requests 429 (with Retry-After when the error gives one), unavailable 503.
   * An internal error answers only its code, since its message may carry paths, SQL or a cause's
   * text; the log gets all of it.
   */
  @ServerExceptionMapper
  public Response otlab(OtlabException e) {
    ErrorCategory category = e.category();
    if (category == ErrorCategory.INTERNAL) {
      LOG.error(e.describe(), e);
    } else if (category.httpStatus() >= 500) {
      LOG.warn(e.describe(), e);
    }
    Response.ResponseBuilder b = builder(error(e));
    if (e instanceof ApiException a && a.retryAfterSeconds() > 0) {
      b.header("Retry-After", Long.toString(a.retryAfterSeconds()));
    }
    return b.build();
  }

  /** The body for {@code e}; a plain function so the mapping is testable without a server. */
  static ApiError error(OtlabException e) {
    ErrorCategory category = e.category();
    if (category == ErrorCategory.INTERNAL) {
      return internal(e.code());
    }
    @Nullable List<ApiError.Problem> problems =
        e instanceof ValidationException v
            ? v.problems().stream()
                .map(p -> new ApiError.Problem(p.path(), p.message(), p.fix()))
                .toList()
            : null;
    return new ApiError(category.httpStatus(), e.code(), messageOf(e), e.remedy(), problems);
  }

  private static String messageOf(OtlabException e) {
    String m = e.getMessage();
    return m == null ? e.code() : m;
  }

  /** The body of an internal error: its code and nothing from inside. */
  static ApiError internal(String code) {
    return new ApiError(
        ErrorCategory.INTERNAL.httpStatus(),
        code,
        "Something failed inside the service.",
        "Retry; if it fails again, report it with the time and the code: the service log has the"
            + " details.",
        null);
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
                    "Log in (POST /api/session, or HTTP Basic for scripts); the first admin password"
                        + " is printed at the first start or set with OTLAB_ADMIN_PASSWORD.",
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

  /**
   * A body of the wrong JSON type ({@code [1,2]} or {@code "x"} where an object is expected) or
   * with trailing tokens. Declared for these types themselves because the Jackson extension maps
   * them with its own mapper, which answers 400 with an empty body.
   */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    return json(e);
  }

  /** Not JSON at all; declared for the same reason as {@link #mismatched}. */
  @ServerExceptionMapper
  public Response unparsable(JsonParseException e) {
    return json(e);
  }

  @ServerExceptionMapper
  public Response json(JsonProcessingException e) {
    return respond(
        new ApiError(
            400,
            "BODY_INVALID",
            "The request body is not the JSON this endpoint takes: " + why(e),
            "Send a JSON object with the fields in the API documentation (/q/openapi).",
            null));
  }

  /**
   * Jackson's reason in the API's words: its messages name Java types ({@code
   * java.util.LinkedHashMap}), which say nothing to a client and tell too much about the inside.
   */
  static String why(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ");
    if (m.startsWith("Trailing token")) {
      return "there is more after the JSON value; send one value and nothing after it.";
    }
    if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
      java.util.regex.Matcher got = java.util.regex.Pattern.compile("from (\\w+) value").matcher(m);
      String given = got.find() ? "a JSON " + got.group(1).toLowerCase(java.util.Locale.ROOT) : "";
      String wanted = jsonKind(mi.getTargetType());
      if (!given.isEmpty()) {
        return "it is " + given + " where " + wanted + " is expected.";
      }
    }
    return m.replaceAll("\\(token `[^`]*`\\)", "").replaceAll("`[^`]*\\.[^`]*`", "a value").trim();
  }

  private static String jsonKind(Class<?> type) {
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "a JSON object";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a JSON array";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a JSON string";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a JSON number or boolean";
    }
    return "a JSON object";
  }

  /**
   * Failures the HTTP layer raises itself (no such path, wrong method or content type). They keep
   * the status the layer chose, which is the precise one (405 comes with its Allow header), and
   * answer with a code declared in {@link DashboardErrors}.
   */
  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    if (e.getCause() instanceof JsonProcessingException j) {
      return json(j);
    }
    // The framework answers a query or path parameter it cannot convert (limit=abc, a number
    // beyond int) with 404, as JAX-RS says, or 400 for headers and forms; either way the request is
    // wrong, not the path, so 400 that names the parameter.
    if ((status == 404 || status == 400) && e.getCause() != null) {
      return respond(parameter(e.getCause(), uri));
    }
    if (status >= 500) {
      return unexpected(e);
    }
    if (status == 415) {
      // The same answer as the service's own content-type check (web.RequestGuard): one code,
      // whose category gives the status.
      return otlab(
          new ApiException(
              "UNSUPPORTED_MEDIA_TYPE",
              "This endpoint does not take a body of that content type.",
              "Send Content-Type: application/json (YAML uploads: application/yaml)."));
    }
    String code =
        switch (status) {
          case 400 -> "BAD_REQUEST";
          case 401 -> "UNAUTHORIZED";
          case 403 -> "FORBIDDEN";
          case 404 -> "NOT_FOUND";
          case 405 -> "METHOD_NOT_ALLOWED";
          case 406 -> "NOT_ACCEPTABLE";
          case 413 -> "REQUEST_ENTITY_TOO_LARGE";
          default -> "REQUEST_REFUSED";
        };
    String remedy =
        switch (status) {
          case 404 -> "Check the path; /q/openapi lists every endpoint.";
          case 405 -> "Use a method this path takes; /q/openapi lists them.";
          case 406 -> "Accept the content type this endpoint produces.";
          default -> "Check the request against /q/openapi.";
        };
    return respond(
        new ApiError(
            status,
            code,
            e.getMessage() == null ? "HTTP " + status : e.getMessage(),
            remedy,
            null));
  }

  /** The error for a parameter the framework could not convert: which one, and what it takes. */
  static ApiError parameter(Throwable cause, UriInfo uri) {
    String text = String.valueOf(cause.getMessage());
    String name = null;
    String value = null;
    for (var params : List.of(uri.getQueryParameters(), uri.getPathParameters())) {
      for (var p : params.entrySet()) {
        for (String v : p.getValue()) {
          if (name == null && text.contains("\"" + v + "\"")) {
            name = p.getKey();
            value = v;
          }
        }
      }
    }
    String which = name == null ? "A parameter" : "The parameter '" + name + "'";
    String given = value == null ? "" : " ('" + cut(value) + "')";
    String takes = rangeOf(name, uri.getPath());
    return new ApiError(
        400,
        "PARAMETER_INVALID",
        which + given + " is not " + takes + ".",
        "Give "
            + takes
            + (name == null ? "; /q/openapi lists each endpoint's parameters" : "")
            + ".",
        null);
  }

  /** What a parameter takes, in words; the limits are the ones the resources check. */
  static String rangeOf(@Nullable String name, String path) {
    if ("limit".equals(name)) {
      return path.endsWith("/audit")
          ? "a whole number from 1 to 10000"
          : "a whole number from 1 to 1000";
    }
    return "a value of the parameter's type (a whole number where a number is asked for)";
  }

  private static String cut(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e) {
    LOG.error("unexpected failure", e);
    return respond(internal("INTERNAL_ERROR"));
  }

  private static Response respond(ApiError error) {
    return builder(error).build();
  }

  private static Response.ResponseBuilder builder(ApiError error) {
    return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error);
  }
}
