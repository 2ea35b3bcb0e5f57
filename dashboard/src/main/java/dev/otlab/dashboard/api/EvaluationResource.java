package dev.otlab.dashboard.api;

import jakarta.ws.rs.Path;

/** An architecture and a detection profile over a suite: {@code /api/evaluations}. */
@Path("/api/evaluations")
public class EvaluationResource extends JobResource {
  @Override
  protected String kind() {
    return "evaluations";
  }
}
