package dev.otlab.dashboard.api;

import dev.otlab.core.OtlabException;

/**
 * An error only the HTTP API raises. Its code is declared in {@link DashboardErrors} like any
 * other, and the code's category decides the status, so two throw sites of one code cannot answer
 * differently.
 */
public final class ApiException extends OtlabException {
  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  public ApiException(String code, String message, String remedy) {
    this(code, message, remedy, 0);
  }

  /**
   * An error the caller may retry after {@code retryAfterSeconds} (answered as a {@code
   * Retry-After} header when positive), such as a too-many-requests refusal.
   */
  public ApiException(String code, String message, String remedy, long retryAfterSeconds) {
    super(code, message, remedy);
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds " + retryAfterSeconds + " < 0");
    }
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds after which a retry may succeed, 0 when the error says nothing about retrying. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  static ApiException notFound(String what, String id) {
    return new ApiException(
        "NOT_FOUND",
        "There is no " + what + " '" + id + "'.",
        "Check the id; the list endpoint shows what exists.");
  }
}
