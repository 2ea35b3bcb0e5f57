package dev.otlab.dashboard.api;

import dev.otlab.simulator.core.OtlabException;

/** An error with the HTTP status it answers with. */
public final class ApiException extends OtlabException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public ApiException(int status, String code, String message, String remedy) {
    super(code, message, remedy);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static ApiException notFound(String what, String id) {
    return new ApiException(
        404,
        "NOT_FOUND",
        "There is no " + what + " '" + id + "'.",
        "Check the id; the list endpoint shows what exists.");
  }
}
