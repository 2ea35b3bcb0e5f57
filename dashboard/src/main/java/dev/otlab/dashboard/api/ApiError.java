package dev.otlab.dashboard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one error body of the API.
 *
 * @param status HTTP status
 * @param code stable code for scripts
 * @param message what is wrong
 * @param remedy what to do about it
 * @param problems every problem of an invalid file, with its path (validation errors only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(
    int status, String code, String message, String remedy, @Nullable List<Problem> problems) {

  /** One problem of an invalid file. */
  public record Problem(String path, String message, String fix) {}
}
