package dev.otlab.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.LibraryNames;
import dev.otlab.dashboard.jobs.JobManager;
import dev.otlab.dashboard.jobs.LiveChannel;
import dev.otlab.dashboard.jobs.QueueFull;
import dev.otlab.dashboard.jobs.Report;
import dev.otlab.dashboard.security.Roles;
import dev.otlab.dashboard.store.Audit;
import dev.otlab.dashboard.store.Jobs;
import dev.otlab.dashboard.store.Jobs.Job;
import dev.otlab.dashboard.store.Retention;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Evaluator;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.Verdicts;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jspecify.annotations.Nullable;

/**
 * Runs ({@code /api/runs}) and evaluations ({@code /api/evaluations}) share this code, as a run is
 * played as an evaluation of one scenario and both have the same life cycle; each has its own path
 * so the OpenAPI document names both.
 */
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public abstract class JobResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper READ =
      new ObjectMapper()
          .disable(
              com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The longest name a run or evaluation may have. */
  public static final int NAME_MAX = 80;

  /** The longest note a run or evaluation may have. */
  public static final int NOTE_MAX = 2000;

  /** {@code runs} or {@code evaluations}: the last segment of the resource's path. */
  protected abstract String kind();

  @Inject JobManager manager;
  @Inject Jobs jobs;
  @Inject SecurityIdentity identity;
  @Inject Audit audit;
  @Inject AuditNote auditNote;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  public Response start(@Nullable Map<String, Object> body) {
    if (body == null) {
      throw new ApiException(
          "BODY_MISSING",
          "The request has no body.",
          "Send a JSON object such as {\"architecture\": \"water-treatment-flat\", "
              + (single(kind()) ? "\"scenario\": \"wt-recon\"}" : "\"suite\": \"smoke\"}")
              + ".");
    }
    JobManager.Request r = request(body);
    Job j = submit(r, null);
    return Response.accepted(view(j)).build();
  }

  @GET
  public JsonNode list(
      @QueryParam("status") @Nullable String status,
      @QueryParam("architecture") @Nullable String architecture,
      @QueryParam("scenario") @Nullable String scenario,
      @QueryParam("suite") @Nullable String suite,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new ApiException(
          "LIMIT_INVALID", "limit " + limit + " is out of range.", "Give 1 to 1000.");
    }
    Jobs.Status st = null;
    if (status != null) {
      try {
        st = Jobs.Status.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ApiException(
            "STATUS_UNKNOWN",
            "There is no status '" + status + "'.",
            "Use queued, running, finished, failed, cancelled or interrupted.");
      }
    }
    var out = JSON.createArrayNode();
    for (Job j :
        jobs.list(type(kind()), st, architecture, single(kind()) ? scenario : suite, limit)) {
      out.add(manager.view(j));
    }
    return out;
  }

  @GET
  @Path("{id}")
  public JsonNode get(@PathParam("id") String id) {
    return view(job(id));
  }

  /**
   * One job as every answer about that one job shows it (its start, rerun, cancel, name and
   * status): with the playbooks that defend it in its params, so a rerun's params equal its
   * original's. The list leaves them out.
   */
  private ObjectNode view(Job j) {
    ObjectNode n = manager.view(j);
    ((ObjectNode) n.get("params")).set("playbooks", JSON.valueToTree(playbooks(j)));
    return n;
  }

  /** The playbooks that defend a job, empty when it is undefended. */
  protected List<String> playbooks(Job j) {
    return jobs.artifact(j.id(), JobManager.PLAYBOOKS)
        .map(a -> a.body().isEmpty() ? List.<String>of() : List.of(a.body().split("\n")))
        .orElse(List.of());
  }

  @POST
  @Path("{id}/cancel")
  @RolesAllowed(Roles.OPERATOR)
  public Response cancel(@PathParam("id") String id) {
    Job j = job(id);
    if (j.status().done() || !manager.cancel(id)) {
      throw new ApiException(
          "JOB_ENDED",
          "This " + type(kind()) + " has already ended (" + j.status().wire() + ").",
          "Nothing to cancel; start it again with POST .../rerun if you want another go.");
    }
    return Response.accepted(view(jobs.find(id).orElse(j))).build();
  }

  @POST
  @Path("{id}/rerun")
  @RolesAllowed(Roles.OPERATOR)
  public Response rerun(@PathParam("id") String id) {
    Job j = job(id);
    if (!j.status().done()) {
      throw new ApiException(
          "JOB_NOT_ENDED",
          "This " + type(kind()) + " is still " + j.status().wire() + ".",
          "Wait for it to end or cancel it first.");
    }
    Job again =
        submit(
            new JobManager.Request(
                j.kind(),
                j.architecture(),
                j.subject(),
                j.detection(),
                j.seed(),
                j.seeds(),
                j.speed(),
                j.lab(),
                jobs.artifact(j.id(), JobManager.PCAP_REQUESTED).isPresent(),
                playbooks(j)),
            j.id());
    return Response.accepted(view(again)).build();
  }

  /** Queues a job; a user with a full queue is told when to try again. */
  private Job submit(JobManager.Request r, @Nullable String rerunOf) {
    try {
      return manager.submit(r, identity.getPrincipal().getName(), rerunOf);
    } catch (QueueFull e) {
      throw new ApiException(e.code(), e.getMessage(), e.remedy(), e.retryAfterSeconds());
    }
  }

  /**
   * Names a run or evaluation and notes something about it: {@code {"name": "...", "note": "..."}};
   * a field left out stays as it is, null or an empty string clears it. The audit entry says what
   * was set.
   */
  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  public JsonNode label(@PathParam("id") String id, @Nullable Map<String, Object> body) {
    Job j = job(id);
    if (body == null || body.isEmpty()) {
      throw new ApiException(
          "BODY_MISSING",
          "The request has no name or note.",
          "Send {\"name\": \"baseline\", \"note\": \"before the DMZ\"}; either may be left out.");
    }
    List<String> problems = new ArrayList<>();
    for (String k : body.keySet()) {
      if (!k.equals("name") && !k.equals("note")) {
        problems.add("unknown field '" + k + "'");
      }
    }
    String name = body.containsKey("name") ? labelText(body, "name", NAME_MAX, problems) : j.name();
    String note = body.containsKey("note") ? labelText(body, "note", NOTE_MAX, problems) : j.note();
    if (!problems.isEmpty()) {
      throw new ApiException(
          "JOB_LABEL_INVALID",
          "The name or note is invalid: " + String.join("; ", problems) + ".",
          "Send {\"name\": text of at most "
              + NAME_MAX
              + " characters on one line, \"note\": text of at most "
              + NOTE_MAX
              + " characters}; null or \"\" clears one.");
    }
    if (!jobs.label(id, name, note)) {
      throw ApiException.notFound(type(kind()), id);
    }
    auditNote.set(
        "name "
            + (name == null ? "cleared" : "'" + name + "'")
            + ", note "
            + (note == null ? "cleared" : note.length() + " characters"));
    return view(jobs.find(id).orElseThrow(() -> ApiException.notFound(type(kind()), id)));
  }

  /**
   * A name or note: trimmed, empty as null; a name on one line, neither with control characters.
   */
  static @Nullable String labelText(
      Map<String, Object> body, String field, int max, List<String> problems) {
    Object v = body.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String str)) {
      problems.add(field + " must be a string or null");
      return null;
    }
    String t = str.strip();
    if (t.length() > max) {
      problems.add(field + " has " + t.length() + " characters, more than " + max);
    }
    boolean oneLine = field.equals("name");
    if (t.chars()
        .anyMatch(
            ch ->
                Character.isISOControl(ch)
                    && (oneLine || (ch != '\n' && ch != '\r' && ch != '\t')))) {
      problems.add(
          field
              + (oneLine
                  ? " must be one line without control characters"
                  : " has control characters"));
    }
    return t.isEmpty() ? null : t;
  }

  /** The run's scorecard with its one-sentence {@code verdict} ({@link Verdicts}). */
  @GET
  @Path("{id}/scorecard")
  public Response scorecard(@PathParam("id") String id) {
    requireRun();
    Response r = artifact(job(id), "scorecard.json", null);
    return withVerdict(r, n -> Verdicts.of(READ.treeToValue(n, Scorecard.class)), false);
  }

  /** The evaluation with its one-sentence {@code verdict}, and each scorecard with its own. */
  @GET
  @Path("{id}/result")
  public Response result(@PathParam("id") String id) {
    Response r = artifact(job(id), "evaluation.json", null);
    return withVerdict(r, n -> Verdicts.of(READ.treeToValue(n, Evaluation.class)), true);
  }

  @FunctionalInterface
  private interface VerdictOf {
    String of(ObjectNode n) throws java.io.IOException;
  }

  /**
   * Adds the verdict to a stored JSON artifact as it is served (stored results from before the
   * verdicts get one too); the artifact is answered as stored when it does not read as one.
   */
  private static Response withVerdict(Response stored, VerdictOf verdict, boolean cards) {
    if (!(stored.getEntity() instanceof String body)) {
      return stored;
    }
    try {
      ObjectNode n = (ObjectNode) READ.readTree(body);
      n.put("verdict", verdict.of(n));
      if (cards && n.get("scorecards") instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
        for (JsonNode c : a) {
          ((ObjectNode) c).put("verdict", Verdicts.of(READ.treeToValue(c, Scorecard.class)));
        }
      }
      return Response.ok(JSON.writeValueAsString(n)).type(MediaType.APPLICATION_JSON).build();
    } catch (java.io.IOException | RuntimeException e) {
      return stored;
    }
  }

  @GET
  @Path("{id}/scorecards/{scenario}")
  public Response scenarioCard(@PathParam("id") String id, @PathParam("scenario") String scenario) {
    Job j = job(id);
    if (single(kind())) {
      return artifact(j, "scorecard.json", null);
    }
    return artifact(j, "scorecards/" + name(scenario) + ".json", null);
  }

  @GET
  @Path("{id}/layer")
  public Response layer(@PathParam("id") String id) {
    return artifact(job(id), "layer.json", "navigator-layer-" + id + ".json");
  }

  @GET
  @Path("{id}/report")
  @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
  public Response report(@PathParam("id") String id) {
    // Rendered from the stored result as it is asked for, so it carries the name, note and dates
    // given since, and reports of older jobs read as today's.
    Job j = job(id);
    var stored = jobs.artifact(j.id(), "evaluation.json");
    if (stored.isPresent()) {
      Evaluation e = Evaluation.parse(type(kind()) + " " + id, stored.get().body());
      return Response.ok(
              Report.html(
                  e,
                  new Report.About(
                      type(kind()),
                      j.id(),
                      j.name(),
                      j.note(),
                      j.user(),
                      j.created(),
                      j.finished())))
          .type(MediaType.TEXT_HTML + ";charset=utf-8")
          .build();
    }
    return artifact(j, "report.html", null);
  }

  @GET
  @Path("{id}/trace")
  @Produces({"application/x-ndjson", "text/csv", MediaType.APPLICATION_JSON})
  public Response trace(
      @PathParam("id") String id,
      @QueryParam("format") @DefaultValue("jsonl") String format,
      @QueryParam("types") @Nullable String types) {
    requireRun();
    Job j = job(id);
    if (types != null && !format.equals("jsonl")) {
      throw new ApiException(
          "PARAMETER_INVALID",
          "types selects lines of the JSON lines trace, not of the " + format + " samples.",
          "Drop types, or ask for format=jsonl.");
    }
    return switch (format) {
      case "jsonl" ->
          types == null
              ? artifact(j, "trace.jsonl", "trace-" + id + ".jsonl")
              : traceLines(j, types);
      case "csv" -> artifact(j, "samples.csv", "samples-" + id + ".csv");
      case "controllers" -> artifact(j, "controllers.jsonl", "controllers-" + id + ".jsonl");
      default -> throw badFormat(format, "jsonl, csv or controllers");
    };
  }

  /** The kinds of line a trace has, as its {@code type} field names them. */
  static final List<String> TRACE_TYPES =
      List.of(
          "step",
          "event",
          "decision",
          "firewall",
          "operation",
          "crossing",
          "sis-trip",
          "response",
          "outcome");

  /**
   * Only the trace lines of the listed types (a replay needs steps, decisions and the outcome, not
   * the tens of thousands of polls), in their order.
   */
  private Response traceLines(Job j, String types) {
    List<String> wanted = new ArrayList<>();
    for (String t : types.split(",", -1)) {
      String type = t.strip();
      if (!TRACE_TYPES.contains(type)) {
        throw new ApiException(
            "PARAMETER_INVALID",
            "types names '"
                + (type.length() > 30 ? type.substring(0, 30) + "..." : type)
                + "', which is no kind of trace line.",
            "Use a comma-separated list of " + String.join(", ", TRACE_TYPES) + ".");
      }
      wanted.add("{\"type\":\"" + type + "\"");
    }
    Response all = artifact(j, "trace.jsonl", null);
    String body = (String) all.getEntity();
    StringBuilder out = new StringBuilder();
    body.lines()
        .filter(l -> wanted.stream().anyMatch(l::startsWith))
        .forEach(l -> out.append(l).append('\n'));
    return Response.ok(out.toString()).type("application/x-ndjson").build();
  }

  @GET
  @Path("{id}/alerts")
  @Produces({"application/x-ndjson", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
  public Response alerts(
      @PathParam("id") String id,
      @QueryParam("format") @DefaultValue("jsonl") String format,
      @QueryParam("scenario") @Nullable String scenario) {
    Job j = job(id);
    String prefix = "";
    if (!single(kind())) {
      if (scenario == null) {
        throw new ApiException(
            "SCENARIO_MISSING",
            "An evaluation has alerts per scenario.",
            "Add ?scenario=ID (the scenario ids are in the result's scorecards).");
      }
      prefix = name(scenario) + "/";
    }
    return switch (format) {
      case "jsonl" -> artifact(j, prefix + "alerts.jsonl", "alerts-" + id + ".jsonl");
      case "cef" -> artifact(j, prefix + "alerts.cef", "alerts-" + id + ".cef");
      default -> throw badFormat(format, "jsonl or cef");
    };
  }

  /**
   * A run's packet captures (started with {@code "pcap": true}): without {@code sensor} the index
   * of its sensors; with it, that sensor's pcap, or its flow or packet labels ({@code
   * format=flows|packets}, CSV).
   */
  @GET
  @Path("{id}/pcap")
  @Produces({JobManager.PCAP_TYPE, "text/csv", MediaType.APPLICATION_JSON})
  public Response pcap(
      @PathParam("id") String id,
      @QueryParam("sensor") @Nullable String sensor,
      @QueryParam("format") @DefaultValue("pcap") String format) {
    requireRun();
    Job j = job(id);
    if (jobs.artifact(j.id(), JobManager.PCAP_REQUESTED).isEmpty()) {
      throw new ApiException(
          "PCAP_NOT_RECORDED",
          "Run " + id + " was started without packet capture.",
          "Rerun the scenario with \"pcap\": true in POST /api/runs.");
    }
    if (sensor == null) {
      return artifact(j, JobManager.PCAP_INDEX, null);
    }
    // Sensor ids name files as the CLI's do: span:control is span-control.
    String name = sensor.replaceAll("[^A-Za-z0-9._-]", "-");
    if (!LibraryNames.valid(name.replace(".", "_"))) {
      throw ApiException.notFound("sensor", sensor);
    }
    return switch (format) {
      case "pcap" -> {
        Response stored = artifact(j, "pcap/" + name + ".pcap", null, "sensor " + sensor);
        byte[] bytes = java.util.Base64.getDecoder().decode((String) stored.getEntity());
        yield Response.ok(bytes)
            .type(JobManager.PCAP_TYPE)
            .header("Content-Disposition", "attachment; filename=\"" + name + "-" + id + ".pcap\"")
            .build();
      }
      case "flows", "packets" ->
          artifact(
              j,
              "pcap/" + name + "." + format + ".csv",
              name + "-" + id + "." + format + ".csv",
              "sensor " + sensor);
      default -> throw badFormat(format, "pcap, flows or packets");
    };
  }

  /** The live stream: status, then samples, flows, denials, steps and alerts as they happen. */
  @GET
  @Path("{id}/live")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.TEXT_PLAIN)
  @Blocking // it reads the job from the database before streaming
  public Multi<OutboundSseEvent> live(@PathParam("id") String id, @Context Sse sse) {
    Job j = job(id);
    LiveChannel ch = manager.channel(id).orElse(null);
    if (ch == null) {
      // Ended before this process started (or long ago): the stream is its final status.
      return Multi.createFrom()
          .items(
              event(sse, new LiveChannel.Event("status", manager.view(j).toString())),
              event(
                  sse, new LiveChannel.Event("end", "{\"status\":\"" + j.status().wire() + "\"}")));
    }
    return Multi.createFrom()
        .emitter(
            em -> {
              LiveChannel.Subscriber sub =
                  new LiveChannel.Subscriber() {
                    @Override
                    public void send(LiveChannel.Event e) {
                      em.emit(event(sse, e));
                    }

                    @Override
                    public void close() {
                      em.complete();
                    }
                  };
              // A browser that goes away ends its subscription; the run does not notice.
              em.onTermination(() -> ch.unsubscribe(sub));
              ch.subscribe(sub);
            },
            BackPressureStrategy.BUFFER);
  }

  /**
   * Deletes an ended run or evaluation with everything it stored (scorecards, trace, alerts,
   * report). The user who started it or an admin may; a queued or running one must be cancelled
   * first. The audit log gets what was deleted.
   */
  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.OPERATOR)
  public JsonNode delete(@PathParam("id") String id) {
    Job j = job(id);
    String me = identity.getPrincipal().getName();
    if (!j.user().equals(me) && !identity.hasRole(Roles.ADMIN)) {
      throw new ApiException(
          "FORBIDDEN",
          "This "
              + j.kind()
              + " was started by "
              + j.user()
              + "; only they or an admin may delete it.",
          "Ask " + j.user() + " or an admin to delete it.");
    }
    if (!j.status().done()) {
      throw new ApiException(
          "JOB_ACTIVE",
          "This " + j.kind() + " is still " + j.status().wire() + "; it cannot be deleted now.",
          "Cancel it first (POST .../cancel), then delete it.");
    }
    // Gone meanwhile (deleted by another request or the retention pass): nothing left to delete.
    Jobs.Deleted d = jobs.delete(id).orElseThrow(() -> ApiException.notFound(j.kind(), id));
    audit.record(me, "DELETE " + j.kind(), id, Retention.describe(d));
    return JSON.createObjectNode()
        .put("id", id)
        .put("kind", j.kind())
        .put("deleted", true)
        .put("artifacts", d.artifacts())
        .put("storedChars", d.storedChars());
  }

  private static OutboundSseEvent event(Sse sse, LiveChannel.Event e) {
    return sse.newEventBuilder().name(e.type()).data(String.class, e.data()).build();
  }

  private JobManager.Request request(Map<String, Object> body) {
    List<String> problems = new ArrayList<>();
    boolean run = single(kind());
    List<String> allowed =
        run
            ? List.of(
                "architecture",
                "scenario",
                "detection",
                "seed",
                "speed",
                "lab",
                "pcap",
                "playbooks")
            : List.of(
                "architecture", "suite", "detection", "seed", "seeds", "speed", "lab", "playbooks");
    for (String k : body.keySet()) {
      if (!allowed.contains(k)) {
        problems.add("unknown field '" + k + "'");
      }
    }
    String architecture = text(body, "architecture", null, problems);
    String subject =
        run ? text(body, "scenario", null, problems) : text(body, "suite", "default", problems);
    String detection = text(body, "detection", "full", problems);
    String speed = text(body, "speed", run ? "max" : "max", problems);
    String lab = body.get("lab") == null ? null : text(body, "lab", null, problems);
    if (lab != null
        && !lab.isEmpty()
        && !lab.equals(JobManager.EMBEDDED)
        && !lab.equals(JobManager.CONTAINERS)) {
      problems.add("lab must be \"embedded\" or \"containers\"");
    }
    if (!SPEED.matcher(speed).matches()) {
      problems.add(
          "speed must be max or a factor such as 1, 10 or 0.5 (at most "
              + JobManager.SPEED_MAX_LENGTH
              + " characters)");
    }
    long seed = 1;
    Object s = body.get("seed");
    if (s != null) {
      Long whole = seed(s);
      if (whole == null) {
        problems.add("seed must be a whole number from 0 to " + Long.MAX_VALUE);
      } else {
        seed = whole;
      }
    }
    // An evaluation plays each scenario over seeds seed, seed + 1, ...: five unless told.
    int seeds = run ? 1 : Evaluator.DEFAULT_SEEDS;
    Object n = body.get("seeds");
    if (n != null) {
      Long whole = seed(n);
      if (whole == null || whole < 1 || whole > Evaluator.MAX_SEEDS) {
        problems.add("seeds must be a whole number from 1 to " + Evaluator.MAX_SEEDS);
      } else {
        seeds = whole.intValue();
      }
    }
    Object pcap = body.get("pcap");
    if (pcap != null && !(pcap instanceof Boolean)) {
      problems.add("pcap must be true or false");
    }
    List<String> playbooks = new ArrayList<>();
    Object pb = body.get("playbooks");
    if (pb != null) {
      if (pb instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
        l.forEach(x -> playbooks.add((String) x));
      } else {
        problems.add("playbooks must be a list of playbook ids");
      }
    }
    if (!problems.isEmpty()) {
      throw new ApiException(
          "REQUEST_INVALID",
          "The request is invalid: " + String.join("; ", problems) + ".",
          "Send {"
              + String.join(", ", allowed)
              + "}; only architecture"
              + (run ? " and scenario are" : " is")
              + " required.");
    }
    return new JobManager.Request(
        type(kind()),
        architecture,
        subject,
        detection,
        seed,
        seeds,
        speed,
        lab,
        Boolean.TRUE.equals(pcap),
        playbooks);
  }

  // A number as Speed.parse reads it, short enough to store; Java's other number spellings
  // (NaN, Infinity, hexadecimal, 1d) are not speeds.
  private static final java.util.regex.Pattern SPEED =
      java.util.regex.Pattern.compile(
          "(?i)max|(?=.{1," + JobManager.SPEED_MAX_LENGTH + "}$)\\d*\\.?\\d+(e[-+]?\\d+)?x?");

  /**
   * A seed from 0 to {@link Long#MAX_VALUE}, or null. JSON numbers past a long arrive as big
   * integers or as doubles (1e400 as infinity): those are refused, not rounded to the nearest long.
   */
  private static @Nullable Long seed(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      long l = ((Number) v).longValue();
      return l < 0 ? null : l;
    }
    if (v instanceof java.math.BigInteger b) {
      return b.signum() < 0 || b.bitLength() > 63 ? null : b.longValue();
    }
    if (v instanceof Number n) {
      java.math.BigDecimal d;
      try {
        d = v instanceof java.math.BigDecimal bd ? bd : new java.math.BigDecimal(n.toString());
      } catch (NumberFormatException e) {
        return null; // infinite or NaN
      }
      if (d.precision() - d.scale() > 19) {
        return null; // more digits before the point than a long has
      }
      try {
        java.math.BigInteger b = d.toBigIntegerExact();
        return b.signum() < 0 || b.bitLength() > 63 ? null : b.longValue();
      } catch (ArithmeticException e) {
        return null; // not whole
      }
    }
    return null;
  }

  private static String text(
      Map<String, Object> body, String field, @Nullable String fallback, List<String> problems) {
    Object v = body.get(field);
    if (v == null) {
      if (fallback == null) {
        problems.add(field + " is required");
        return "";
      }
      return fallback;
    }
    if (v instanceof Number n) {
      return n.toString();
    }
    if (!(v instanceof String str) || str.isBlank()) {
      problems.add(field + " must be a non-empty string");
      return "";
    }
    return str;
  }

  protected Job job(String id) {
    return jobs.find(id)
        .filter(j -> j.kind().equals(type(kind())))
        .orElseThrow(() -> ApiException.notFound(type(kind()), id));
  }

  private Response artifact(Job j, String name, @Nullable String download) {
    return artifact(j, name, download, null);
  }

  /**
   * @param what for a missing artifact of a finished job that the caller named (a sensor), how to
   *     say it is not found; null when a missing one means the job did not store it
   */
  private Response artifact(Job j, String name, @Nullable String download, @Nullable String what) {
    var a = jobs.artifact(j.id(), name);
    if (a.isEmpty() && what != null && j.status() == Jobs.Status.FINISHED) {
      throw new ApiException(
          "NOT_FOUND",
          "This run has no " + what + "; GET .../pcap lists its sensors.",
          "Use a sensor of the index: a tapped conduit's id or span-ZONE.");
    }
    if (a.isEmpty()) {
      if (!j.status().done()) {
        throw new ApiException(
            "JOB_NOT_FINISHED",
            "This " + j.kind() + " is " + j.status().wire() + "; '" + name + "' is not there yet.",
            "Wait until it has finished (GET it, or watch its live stream).");
      }
      throw new ApiException(
          "ARTIFACT_MISSING",
          "This " + j.kind() + " (" + j.status().wire() + ") has no '" + name + "'.",
          j.status() == Jobs.Status.FINISHED
              ? "Check the scenario id."
              : "It did not finish; rerun it (POST .../rerun).");
    }
    Response.ResponseBuilder b = Response.ok(a.get().body()).type(a.get().contentType());
    if (download != null) {
      b.header("Content-Disposition", "attachment; filename=\"" + download + "\"");
    }
    return b.build();
  }

  private static String name(String scenario) {
    if (!LibraryNames.valid(scenario)) {
      throw ApiException.notFound("scenario", scenario);
    }
    return scenario;
  }

  private static ApiException badFormat(String format, String allowed) {
    return new ApiException(
        "FORMAT_UNKNOWN", "There is no format '" + format + "'.", "Use " + allowed + ".");
  }

  private void requireRun() {
    if (!single(kind())) {
      throw new ApiException(
          "NOT_FOUND",
          "Evaluations keep scorecards per scenario, not one trace.",
          "Use /result, /scorecards/{scenario} or /alerts?scenario=ID.");
    }
  }

  private static boolean single(String kind) {
    return kind.equals("runs");
  }

  /** The job kind a resource serves: {@code run}, {@code evaluation} or {@code sweep}. */
  static String type(String kind) {
    return switch (kind) {
      case "runs" -> "run";
      case "sweeps" -> JobManager.SWEEP;
      default -> "evaluation";
    };
  }
}
