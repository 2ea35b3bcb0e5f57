package dev.otlab.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.dashboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One scenario on one architecture: {@code /api/runs}. */
@Path("/api/runs")
public class RunResource extends JobResource {

  @Inject AuditNote note;

  @Override
  protected String kind() {
    return "runs";
  }

  /**
   * Pauses, resumes, re-speeds or skips ahead a playing run: {@code {"action": "pause"}}, {@code
   * "resume"}, {@code "skip"} (full speed to the attack's next step), or {@code "speed"} with
   * {@code "speed": "10"} (or max). Everyone watching gets a {@code clock} event.
   */
  @POST
  @Path("{id}/clock")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  public JsonNode clock(@PathParam("id") String id, @Nullable Map<String, Object> body) {
    get(id); // 404 for an unknown run
    if (body == null) {
      throw new ApiException(
          "BODY_MISSING",
          "The request has no JSON body.",
          "Send {\"action\": \"pause\"} (or resume, skip, speed with \"speed\").");
    }
    Object action = body.get("action");
    Object speed = body.get("speed");
    JsonNode state =
        manager.control(
            id,
            action instanceof String a ? a : null,
            speed == null ? null : String.valueOf(speed));
    note.set(
        "clock "
            + action
            + (speed == null ? "" : " " + speed)
            + " at t="
            + state.path("time").asDouble());
    return state;
  }
}
