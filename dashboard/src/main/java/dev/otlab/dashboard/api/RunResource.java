package dev.otlab.dashboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.exercise.ResponseActions;
import dev.otlab.dashboard.jobs.LiveChannel;
import dev.otlab.dashboard.security.Roles;
import dev.otlab.dashboard.store.Jobs.Job;
import dev.otlab.library.ResponseAction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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

  /** The longest reason a response may give. */
  public static final int WHY_MAX = 500;

  /** The longest delay a response may ask for, in simulated seconds. */
  public static final double AFTER_MAX = 3600;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String RESPOND_REMEDY =
      "Send {\"kind\": \"isolate-host\", \"host\": \"...\", \"why\": \"...\"} (\"after\":"
          + " simulated seconds, optional); kinds: "
          + ResponseActions.KINDS
          + "; see docs/playbooks.md for each kind's fields.";

  /**
   * Takes a response action on a playing run, as {@code user:NAME}: the body is the action in the
   * words playbooks use ({@code kind} and its fields), {@code why} (required) and {@code after}
   * (simulated seconds from now, 0 unless given). The run's responder carries it out on the lab
   * clock and records it done or refused: {@code GET .../responses} and the live stream's {@code
   * response} event show the record.
   */
  @POST
  @Path("{id}/responses")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  public Response respond(@PathParam("id") String id, @Nullable JsonNode body) {
    job(id); // 404 for an unknown run
    if (body == null || !body.isObject()) {
      throw new ApiException(
          "BODY_MISSING", "The request has no JSON object as its body.", RESPOND_REMEDY);
    }
    ResponseAction action = ResponseActions.parseWith(body, "RESPONSE_INVALID", RESPOND_REMEDY);
    JsonNode whyNode = body.get("why");
    if (whyNode == null || !whyNode.isTextual() || whyNode.asText().isBlank()) {
      throw new ApiException(
          "RESPONSE_INVALID", "The response gives no reason ('why').", RESPOND_REMEDY);
    }
    String why = whyNode.asText().strip();
    if (why.length() > WHY_MAX || why.chars().anyMatch(c -> c < 0x20)) {
      throw new ApiException(
          "RESPONSE_INVALID",
          "The response's reason is longer than "
              + WHY_MAX
              + " characters or has control"
              + " characters.",
          "Say why in one line of at most " + WHY_MAX + " characters.");
    }
    JsonNode afterNode = body.get("after");
    double after = 0;
    if (afterNode != null && !afterNode.isNull()) {
      if (!afterNode.isNumber()
          || !(afterNode.asDouble() >= 0)
          || !(afterNode.asDouble() <= AFTER_MAX)) {
        throw new ApiException(
            "RESPONSE_INVALID",
            "The response's 'after' is not a number of simulated seconds from 0 to "
                + (int) AFTER_MAX
                + ".",
            "Give after as seconds of simulated time (0 acts at once), or leave it out.");
      }
      after = afterNode.asDouble();
    }
    String who = "user:" + identity.getPrincipal().getName();
    try {
      manager.respond(id, action, who, why, after);
    } catch (OtlabException e) {
      if (e.code().equals("RUN_NOT_RUNNING")) {
        Job j = job(id);
        throw new ApiException(
            "RUN_NOT_RUNNING",
            "Run "
                + id
                + " is "
                + j.status().wire()
                + ", not playing: nothing can be done to its"
                + " lab.",
            "Act while the run plays; start it at a speed such as 1 or 10 to have time to act.");
      }
      throw e;
    }
    note.set("response " + action.describe() + " after " + after + " s: " + why);
    ObjectNode out = JSON.createObjectNode();
    ObjectNode a = out.putObject("action");
    a.put("kind", action.kind());
    a.put("describe", action.describe());
    a.setAll((ObjectNode) JSON.valueToTree(action));
    out.put("who", who);
    out.put("why", why);
    out.put("after", after);
    out.put("sent", true);
    return Response.accepted(out).build();
  }

  /**
   * The response records of a run: those so far while it plays here, the trace's once it has
   * finished (none before it starts). Each is {@code requested}, {@code time}, {@code who}, {@code
   * why}, {@code action}, {@code done}, {@code result}, {@code effects}.
   */
  @GET
  @Path("{id}/responses")
  public JsonNode responses(@PathParam("id") String id) {
    Job j = job(id);
    ArrayNode out = JSON.createArrayNode();
    if (j.status().done()) {
      jobs.artifact(id, "trace.jsonl")
          .ifPresent(
              t -> {
                for (String line : t.body().split("\n")) {
                  if (line.contains("\"type\":\"response\"")) {
                    ObjectNode n = (ObjectNode) read(line);
                    n.remove("type");
                    out.add(n);
                  }
                }
              });
      return out;
    }
    manager.channel(id).map(LiveChannel::responses).orElse(java.util.List.of()).stream()
        .map(RunResource::read)
        .forEach(
            n -> {
              ((ObjectNode) n).remove("t");
              ((ObjectNode) n).remove("scenario");
              out.add(n);
            });
    return out;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored response line did not parse", e);
    }
  }
}
