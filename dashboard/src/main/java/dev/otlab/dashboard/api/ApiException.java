package dev.otlab.dashboard.api;

import dev.otlab.core.OtlabException;

/**
 * An error only the HTTP API raises. Its code is declared in {@link DashboardErrors} like any
 * other, and the code's category decides the status, so two throw sites of one code cannot answer
 * differently.
 */
public final class ApiException extends OtlabException {
  private static final long serialVersionUID = 1L;

  public ApiException(String code, String message, String remedy) {
    super(code, message, remedy);
  }

  static ApiException notFound(String what, String id) {
    return new ApiException(
        "NOT_FOUND",
        "There is no " + what + " '" + id + "'.",
        "Check the id; the list endpoint shows what exists.");
  }
}
