package dev.otlab.dashboard.jobs;

import dev.otlab.core.OtlabException;

/**
 * A user's queue is full ({@code otlab.jobs.queued-per-user}): the API answers 429 with {@link
 * #retryAfterSeconds()} as Retry-After. Its own type, so the API can add that header without the
 * jobs package depending on the API's.
 */
public final class QueueFull extends OtlabException {
  private static final long serialVersionUID = 1L;

  QueueFull(String message) {
    super(
        "JOB_QUEUE_FULL",
        message,
        "Wait for one of them to start, or cancel one (POST .../cancel), then try again.");
  }

  /** What the client should wait before it tries again: about one short job's time. */
  public long retryAfterSeconds() {
    return 30;
  }
}
