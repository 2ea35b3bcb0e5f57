package dev.otlab.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.jobs.QueueFull;
import dev.otlab.dashboard.security.Roles;
import dev.otlab.dashboard.store.Jobs.Job;
import dev.otlab.dashboard.store.Jobs.Status;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sweeps ({@code /api/sweeps}): a library sweep played as one job by the configured engine, its
 * progress in units, a retry that plays only the units without a result, and once finished one
 * evaluation per configuration (listed with its total, interval and verdict) that every evaluation
 * endpoint and the comparison show. Listing, the live stream, cancel, name and delete are a job's.
 */
@Path("/api/sweeps")
public class SweepResource extends JobResource {

  @Override
  protected String kind() {
    return "sweeps";
  }

  /** Starts a sweep: {@code {"sweep": "ID", "name": "text"}} (name optional). */
  @Override
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  public Response start(@Nullable Map<String, Object> body) {
    if (body == null || !(body.get("sweep") instanceof String sweep)) {
      throw new ApiException(
          "BODY_INVALID",
          "A sweep is started with the id of a library or uploaded sweep.",
          "Send a JSON object such as {\"sweep\": \"wt-designs\", \"name\": \"designs\"}.");
    }
    List<String> problems = new ArrayList<>();
    String name = labelText(body, "name", NAME_MAX, problems);
    if (!problems.isEmpty()) {
      throw new ApiException(
          "JOB_LABEL_INVALID",
          "The name is invalid: " + String.join("; ", problems) + ".",
          "Send a \"name\" of at most " + NAME_MAX + " characters on one line, or leave it out.");
    }
    Job j = submit(sweep, name, null);
    return Response.accepted(details(j)).build();
  }

  /** The sweep with its progress, the store of its results and its configurations. */
  @Override
  public JsonNode get(@PathParam("id") String id) {
    return details(job(id));
  }

  /** A retry, as {@link #retry}: a sweep is never played again in full. */
  @Override
  public Response rerun(@PathParam("id") String id) {
    return retry(id);
  }

  /**
   * Plays a failed, cancelled or interrupted sweep again as a new job: the units that have a result
   * are kept, the others played.
   */
  @POST
  @Path("{id}/retry")
  @RolesAllowed(Roles.OPERATOR)
  public Response retry(@PathParam("id") String id) {
    Job j = job(id);
    if (j.status() != Status.FAILED
        && j.status() != Status.CANCELLED
        && j.status() != Status.INTERRUPTED) {
      throw new ApiException(
          "SWEEP_NOT_RETRYABLE",
          "This sweep is "
              + j.status().wire()
              + "; only a failed, cancelled or interrupted one"
              + " can be retried.",
          j.status().done()
              ? "Start the sweep again (POST /api/sweeps) to play it anew."
              : "Wait for it to end, or cancel it first.");
    }
    Job again = submit(j.subject(), j.name(), j.id());
    return Response.accepted(details(again)).build();
  }

  private Job submit(String sweep, @Nullable String name, @Nullable String retryOf) {
    try {
      return manager.submitSweep(sweep, name, identity.getPrincipal().getName(), retryOf);
    } catch (QueueFull e) {
      throw new ApiException(e.code(), e.getMessage(), e.remedy(), e.retryAfterSeconds());
    }
  }

  private ObjectNode details(Job j) {
    ObjectNode n = manager.view(jobs.find(j.id()).orElse(j));
    n.setAll(manager.sweepDetails(j));
    return n;
  }
}
