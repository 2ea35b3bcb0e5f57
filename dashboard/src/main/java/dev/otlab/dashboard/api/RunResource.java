package dev.otlab.dashboard.api;

import jakarta.ws.rs.Path;

/** One scenario on one architecture: {@code /api/runs}. */
@Path("/api/runs")
public class RunResource extends JobResource {
  @Override
  protected String kind() {
    return "runs";
  }
}
