package dev.otlab.core;

/**
 * What kind of failure an error code is. The category, not the code, decides the HTTP status the
 * dashboard answers with, so a new code gets the right status by being declared once in its
 * module's {@link ErrorCatalogue}.
 */
public enum ErrorCategory {
  VALIDATION(400, "The input is wrong: a request, an option or a library file; fix it and retry."),
  UNAUTHENTICATED(401, "The caller has not said who they are, or the credentials are wrong."),
  FORBIDDEN(403, "The caller is known but may not do this."),
  NOT_FOUND(404, "The named thing does not exist."),
  CONFLICT(409, "The request is sound but clashes with the current state of a job, user or lab."),
  TOO_LARGE(413, "The input is larger than otlab accepts."),
  UNSUPPORTED_MEDIA_TYPE(
      415,
      "The request body has a content type the endpoint does not take; send the type it names."),
  TOO_MANY_REQUESTS(
      429,
      "The caller asked too often or has too much queued; wait the Retry-After seconds, then"
          + " retry."),
  UNAVAILABLE(
      503,
      "Something otlab depends on is not there: a port, a peer, a folder or the database; the"
          + " environment must change, then a retry works."),
  INTERNAL(
      500,
      "otlab failed on its own: a bug or broken packaging; the details go to the log, never to the"
          + " caller.");

  private final int httpStatus;
  private final String meaning;

  ErrorCategory(int httpStatus, String meaning) {
    this.httpStatus = httpStatus;
    this.meaning = meaning;
  }

  /** The HTTP status the dashboard answers with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** One line on what the category covers, for the docs. */
  public String meaning() {
    return meaning;
  }
}
