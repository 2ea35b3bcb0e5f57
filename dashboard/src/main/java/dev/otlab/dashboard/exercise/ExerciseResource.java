package dev.otlab.dashboard.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.api.AuditNote;
import dev.otlab.dashboard.exercise.Exercises.Exercise;
import dev.otlab.dashboard.exercise.Exercises.State;
import dev.otlab.dashboard.exercise.Exercises.Trainee;
import dev.otlab.dashboard.jobs.JobManager;
import dev.otlab.dashboard.jobs.LiveChannel;
import dev.otlab.dashboard.security.Roles;
import dev.otlab.library.ArchitectureLoader;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jspecify.annotations.Nullable;

/**
 * Exercises ({@code /api/exercises}): trainers (operators and admins) set them up and run them;
 * trainees join them, act in their lab and read their own debrief; viewers read. A trainee reaches
 * only the exercises they joined (and drafts, to join them), and in them only their own lab and
 * their own actions.
 */
@Path("/api/exercises")
@Produces(MediaType.APPLICATION_JSON)
public class ExerciseResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject ExerciseService service;
  @Inject Exercises store;
  @Inject JobManager manager;
  @Inject dev.otlab.dashboard.store.Jobs jobs;
  @Inject SecurityIdentity identity;
  @Inject AuditNote note;

  // ---- everyone signed in ----

  /** Staff: every exercise; a trainee: the drafts open to join and the exercises they joined. */
  @GET
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  public ArrayNode list(@QueryParam("limit") @DefaultValue("200") int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new OtlabException(
          "LIMIT_INVALID", "limit " + limit + " is out of range.", "Give a limit from 1 to 10000.");
    }
    ArrayNode out = JSON.createArrayNode();
    Set<String> joined = trainee() ? new HashSet<>(store.joined(me())) : Set.of();
    for (Exercise x : store.list(limit)) {
      if (!trainee()) {
        out.add(staffView(x));
      } else if (joined.contains(x.id()) || x.state() == State.DRAFT) {
        out.add(traineeView(x, store.trainee(x.id(), me()).orElse(null)));
      }
    }
    return out;
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  public ObjectNode get(@PathParam("id") String id) {
    Exercise x = service.get(id);
    if (!trainee()) {
      return staffView(x);
    }
    Trainee t = store.trainee(id, me()).orElse(null);
    if (t == null && x.state() != State.DRAFT) {
      service.member(x, me()); // 403
    }
    return traineeView(x, t);
  }

  /**
   * The exercise's network as its Purdue map draws it, for its trainees (and staff): zones, hosts
   * and conduits of the architecture ({@link TraineeMap}), nothing of the attack. A trainee reads
   * only the map of an exercise they joined (the library is not theirs to read).
   */
  @GET
  @Path("{id}/architecture")
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  public ObjectNode architecture(@PathParam("id") String id) {
    Exercise x = service.get(id);
    if (trainee()) {
      service.member(x, me());
    }
    return TraineeMap.of(ArchitectureLoader.load(ExerciseSpec.stored(x.spec()).architecture()));
  }

  /** Staff: everyone's actions; a trainee: their own. */
  @GET
  @Path("{id}/actions")
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  public ArrayNode actions(@PathParam("id") String id) {
    Exercise x = service.get(id);
    String only = trainee() ? service.member(x, me()).user() : null;
    ArrayNode out = JSON.createArrayNode();
    for (Exercises.Action a : store.actions(id)) {
      if (only != null && !a.user().equals(only)) {
        continue;
      }
      ObjectNode n = out.addObject();
      n.put("id", a.id());
      n.put("user", a.user());
      n.put("lab", a.lab());
      n.put("kind", a.kind());
      if (a.simTime() == null) {
        n.putNull("t");
      } else {
        n.put("t", a.simTime());
      }
      n.put("at", java.time.Instant.ofEpochMilli(a.at()).toString());
      n.set("body", ExerciseService.read(a.body()));
      // The ground truth of a triage is the debrief's, not the trainee's during the exercise.
      if (a.truth() != null && (!trainee() || x.state() == State.FINISHED)) {
        n.set("truth", ExerciseService.read(a.truth()));
      }
    }
    return out;
  }

  /**
   * The debrief, as JSON or as the class record in CSV ({@code format=csv}). Staff see every
   * trainee's at any time; a trainee sees their own once the exercise has finished.
   */
  @GET
  @Path("{id}/debrief")
  @Produces({MediaType.APPLICATION_JSON, "text/csv"})
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  public Response debrief(
      @PathParam("id") String id, @QueryParam("format") @DefaultValue("json") String format) {
    Exercise x = service.get(id);
    String only = null;
    if (trainee()) {
      only = service.member(x, me()).user();
      if (x.state() != State.FINISHED) {
        throw new OtlabException(
            "EXERCISE_NOT_FINISHED",
            "Exercise '" + x.title() + "' has not finished: its debrief is not open yet.",
            "Wait until the trainer ends it or its labs have played to the end.");
      }
    }
    return switch (format) {
      case "json" ->
          Response.ok(service.debrief(x, only).toString(), MediaType.APPLICATION_JSON).build();
      case "csv" ->
          Response.ok(service.debriefCsv(x, only), "text/csv")
              .header("Content-Disposition", "attachment; filename=\"exercise-" + x.id() + ".csv\"")
              .build();
      default ->
          throw new OtlabException(
              "FORMAT_UNKNOWN",
              "format '"
                  + (format.length() > 20 ? format.substring(0, 20) : format)
                  + "' is not"
                  + " known.",
              "Use format=json or format=csv.");
    };
  }

  /**
   * A lab's record for the debrief's replay, as {@code GET /api/runs/{id}/trace} serves it: the
   * trace's JSON lines ({@code types} keeps the listed record types), the samples as CSV or the
   * controllers' states. A trainee gets their own lab's once the exercise has finished; staff name
   * the lab ({@code ?lab=}).
   */
  @GET
  @Path("{id}/trace")
  @Produces({"application/x-ndjson", "text/csv", MediaType.APPLICATION_JSON})
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  public Response trace(
      @PathParam("id") String id,
      @QueryParam("lab") @Nullable String lab,
      @QueryParam("format") @DefaultValue("jsonl") String format,
      @QueryParam("types") @Nullable String types) {
    Exercise x = service.get(id);
    String name = trainee() ? service.member(x, me()).lab() : lab;
    if (trainee() && x.state() != State.FINISHED) {
      throw new OtlabException(
          "EXERCISE_NOT_FINISHED",
          "Exercise '" + x.title() + "' has not finished: its record is not open yet.",
          "Wait until the trainer ends it or its labs have played to the end.");
    }
    String job = name == null ? null : service.labJobs(id).get(name);
    if (job == null) {
      throw new OtlabException(
          "NOT_FOUND",
          "Exercise '" + x.title() + "' has no lab '" + (name == null ? "" : name) + "'.",
          "Name one of its labs: ?lab= with a lab of GET /api/exercises/{id}.");
    }
    String[] art =
        switch (format) {
          case "jsonl" -> new String[] {"trace.jsonl", "application/x-ndjson"};
          case "csv" -> new String[] {"samples.csv", "text/csv"};
          case "controllers" -> new String[] {"controllers.jsonl", "application/x-ndjson"};
          default ->
              throw new OtlabException(
                  "FORMAT_UNKNOWN",
                  "format '"
                      + (format.length() > 20 ? format.substring(0, 20) : format)
                      + "' is"
                      + " not known.",
                  "Use format=jsonl, csv or controllers.");
        };
    String body =
        jobs.artifact(job, art[0])
            .map(a -> a.body())
            .orElseThrow(
                () ->
                    new OtlabException(
                        "ARTIFACT_MISSING",
                        "Lab '" + name + "' stored no " + art[0] + " (it did not play to its end).",
                        "Read the debrief; the lab's record is kept only for runs that finished."));
    if (types != null) {
      if (!format.equals("jsonl")) {
        throw new OtlabException(
            "PARAMETER_INVALID",
            "types selects lines of the JSON lines trace, not of " + format + ".",
            "Drop types, or ask for format=jsonl.");
      }
      Set<String> keep = new HashSet<>(List.of(types.split(",")));
      StringBuilder sb = new StringBuilder();
      for (String line : body.split("\n")) {
        int q = line.indexOf("\"type\":\"");
        if (q >= 0) {
          int from = q + 8;
          int to = line.indexOf('"', from);
          if (to > from && keep.contains(line.substring(from, to))) {
            sb.append(line).append('\n');
          }
        }
      }
      body = sb.toString();
    }
    return Response.ok(body, art[1]).build();
  }

  /**
   * The live stream: a trainee's is their own lab's through {@link TraineeView}, with hints; staff
   * name a lab ({@code ?lab=}) and get its full stream, ground truth included.
   */
  @GET
  @Path("{id}/live")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.TEXT_PLAIN)
  @RolesAllowed({Roles.VIEWER, Roles.TRAINEE})
  @Blocking
  public Multi<OutboundSseEvent> live(
      @PathParam("id") String id, @QueryParam("lab") @Nullable String lab, @Context Sse sse) {
    Exercise x = service.get(id);
    if (trainee()) {
      Trainee t = service.member(x, me());
      return Multi.createFrom()
          .emitter(
              em -> {
                LiveChannel.Subscriber out = subscriber(em, sse);
                var s = service.stream(x, t, out);
                if (s.isEmpty()) {
                  out.send(
                      new LiveChannel.Event(
                          "end",
                          JSON.createObjectNode().put("status", x.state().wire()).toString()));
                  out.close();
                } else {
                  em.onTermination(s.get()::detach);
                }
              },
              BackPressureStrategy.BUFFER);
    }
    String job = lab == null ? null : service.labJobs(id).get(lab);
    if (job == null) {
      throw new OtlabException(
          "NOT_FOUND",
          "Exercise '" + x.title() + "' has no lab '" + (lab == null ? "" : lab) + "'.",
          "Name one of its labs: ?lab= with a lab of GET /api/exercises/{id}.");
    }
    LiveChannel ch = manager.channel(job).orElse(null);
    return Multi.createFrom()
        .emitter(
            em -> {
              LiveChannel.Subscriber out = subscriber(em, sse);
              if (ch == null) {
                out.send(new LiveChannel.Event("end", "{\"status\":\"ended\"}"));
                out.close();
              } else {
                em.onTermination(() -> ch.unsubscribe(out));
                ch.subscribe(out);
              }
            },
            BackPressureStrategy.BUFFER);
  }

  private static LiveChannel.Subscriber subscriber(
      io.smallrye.mutiny.subscription.MultiEmitter<? super OutboundSseEvent> em, Sse sse) {
    return new LiveChannel.Subscriber() {
      @Override
      public void send(LiveChannel.Event e) {
        em.emit(sse.newEventBuilder().name(e.type()).data(String.class, e.data()).build());
      }

      @Override
      public void close() {
        em.complete();
      }
    };
  }

  // ---- trainers ----

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  public Response create(@Nullable JsonNode body) {
    ExerciseSpec spec = ExerciseSpec.fromJson(body == null ? JSON.nullNode() : body);
    Exercise x = service.create(spec, me());
    note.set("created exercise '" + x.title() + "'");
    return Response.status(201).entity(staffView(x)).build();
  }

  @POST
  @Path("{id}/start")
  @RolesAllowed(Roles.OPERATOR)
  public ObjectNode start(@PathParam("id") String id) {
    Exercise x = service.start(id, me());
    note.set("started exercise '" + x.title() + "'");
    return staffView(x);
  }

  /** The labs' clocks, as for a run: {@code {"action": "pause"|"resume"|"skip"|"speed", speed}}. */
  @POST
  @Path("{id}/clock")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  public ObjectNode clock(@PathParam("id") String id, @Nullable Map<String, Object> body) {
    Object action = body == null ? null : body.get("action");
    Object speed = body == null ? null : body.get("speed");
    ObjectNode out =
        service.clock(
            id,
            me(),
            action instanceof String a ? a : "",
            speed == null ? null : String.valueOf(speed));
    note.set("exercise clock " + action + (speed == null ? "" : " " + speed));
    return out;
  }

  @POST
  @Path("{id}/hints/{index}/release")
  @RolesAllowed(Roles.OPERATOR)
  public ObjectNode releaseHint(@PathParam("id") String id, @PathParam("index") int index) {
    service.releaseHint(id, me(), index);
    note.set("released hint " + index);
    return JSON.createObjectNode().put("released", index);
  }

  /** The attacker's next step now, in every lab ({@code {}}) or one ({@code {"lab": "..."}}). */
  @POST
  @Path("{id}/inject")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  public ObjectNode inject(@PathParam("id") String id, @Nullable Map<String, Object> body) {
    Object lab = body == null ? null : body.get("lab");
    List<String> into = service.inject(id, me(), lab instanceof String l ? l : null);
    note.set("injected the next step into " + String.join(", ", into));
    ObjectNode out = JSON.createObjectNode();
    into.forEach(out.putArray("labs")::add);
    return out;
  }

  @POST
  @Path("{id}/end")
  @RolesAllowed(Roles.OPERATOR)
  public ObjectNode end(@PathParam("id") String id) {
    Exercise x = service.end(id, me());
    note.set("ended exercise '" + x.title() + "'");
    return staffView(x);
  }

  // ---- trainees ----

  @POST
  @Path("{id}/join")
  @RolesAllowed(Roles.TRAINEE)
  public ObjectNode join(@PathParam("id") String id, @Nullable Map<String, Object> body) {
    Object team = body == null ? null : body.get("team");
    if (team != null && !(team instanceof String)) {
      throw ExerciseService.actionInvalid("'team' is a name, or leave it out to play alone.");
    }
    Trainee t = service.join(id, me(), (String) team);
    note.set("joined" + (t.team() == null ? " alone" : " team " + t.team()));
    return traineeView(service.get(id), t);
  }

  @POST
  @Path("{id}/triage")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.TRAINEE)
  public ObjectNode triage(@PathParam("id") String id, @Nullable JsonNode body) {
    ObjectNode out = service.triage(id, me(), object(body));
    note.set(
        "marked "
            + out.path("alert").asText()
            + " "
            + out.path("verdict").asBoolean()
            + " at t="
            + out.path("t").asDouble());
    return out;
  }

  @POST
  @Path("{id}/responses")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.TRAINEE)
  public ObjectNode respond(@PathParam("id") String id, @Nullable JsonNode body) {
    ObjectNode out = service.respond(id, me(), object(body));
    note.set(out.path("describe").asText() + " at t=" + out.path("t").asDouble());
    return out;
  }

  @POST
  @Path("{id}/findings")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.TRAINEE)
  public ObjectNode finding(@PathParam("id") String id, @Nullable JsonNode body) {
    ObjectNode out = service.finding(id, me(), object(body));
    note.set("finding, " + out.path("text").asText().length() + " characters");
    return out;
  }

  // ---- views ----

  private ObjectNode staffView(Exercise x) {
    ObjectNode n = common(x);
    n.set("spec", ExerciseService.read(x.spec()));
    n.put("user", x.user());
    n.put("created", java.time.Instant.ofEpochMilli(x.created()).toString());
    n.put(
        "started",
        x.started() == null ? null : java.time.Instant.ofEpochMilli(x.started()).toString());
    n.put(
        "finished",
        x.finished() == null ? null : java.time.Instant.ofEpochMilli(x.finished()).toString());
    n.put("baselineJob", x.baselineJob());
    ArrayNode trainees = n.putArray("trainees");
    for (Trainee t : store.trainees(x.id())) {
      trainees.addObject().put("user", t.user()).put("team", t.team()).put("lab", t.lab());
    }
    ArrayNode labs = n.putArray("labs");
    service.labJobs(x.id()).forEach((lab, job) -> labs.addObject().put("lab", lab).put("job", job));
    return n;
  }

  private ObjectNode traineeView(Exercise x, @Nullable Trainee t) {
    ObjectNode n = common(x);
    ExerciseSpec spec = ExerciseSpec.stored(x.spec());
    n.put("architecture", spec.architecture());
    n.put("detection", spec.detection());
    n.put("speed", spec.speed());
    if (t == null) {
      n.putNull("you");
      n.set("hints", JSON.createArrayNode());
    } else {
      n.putObject("you").put("user", t.user()).put("team", t.team()).put("lab", t.lab());
      n.set("hints", service.hintsFor(x, t.lab()));
    }
    return n;
  }

  private static ObjectNode common(Exercise x) {
    ExerciseSpec spec = ExerciseSpec.stored(x.spec());
    ObjectNode n = JSON.createObjectNode();
    n.put("id", x.id());
    n.put("title", x.title());
    n.put("state", x.state().wire());
    n.put("mode", spec.mode().wire());
    ArrayNode ob = n.putArray("objectives");
    spec.objectives().forEach(o -> ob.add(o.wire()));
    return n;
  }

  private static JsonNode object(@Nullable JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new OtlabException(
          "BODY_INVALID", "The request body is not a JSON object.", "Send {...} as JSON.");
    }
    return body;
  }

  private boolean trainee() {
    return identity.hasRole(Roles.TRAINEE);
  }

  private String me() {
    return identity.getPrincipal().getName();
  }
}
