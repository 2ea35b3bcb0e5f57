package dev.otlab.dashboard.exercise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.dashboard.jobs.LiveChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a trainee may see of a lab's live stream: what a SOC analyst and an operator would, never
 * the lab's ground truth. Every event passes through an allow-list of its fields, so a field the
 * stream gains later stays out until someone decides a trainee may see it:
 *
 * <ul>
 *   <li>{@code alert}: when, which detector and rule, severity, techniques, hosts, summary and the
 *       id to triage it by; not {@code truePositive};
 *   <li>{@code sample}: the HMI's values, not the true ones; the controllers' modes, loops and SIS
 *       trips as an operator's screens show them, not a SIS's bypasses (an attacker sets those
 *       quietly);
 *   <li>{@code flows} and {@code denied}: the map's traffic and the conduits' refusals, without
 *       {@code attack} and {@code step} (flows of one route are summed over their labels, so their
 *       count gives no label away either);
 *   <li>{@code clock}, {@code end}, and {@code status} cut to the job's state;
 *   <li>{@code response}: the record of a response action taken in the trainee's own lab (who, why,
 *       the action, done or refused, its result and side effects), which the lab's own screens
 *       would show; not the scenario;
 *   <li>never {@code step} (the attack's timeline), {@code progress} (verdicts) nor any other type.
 * </ul>
 *
 * <p>Nothing names the scenario. The debrief shows the rest once the exercise has ended.
 */
public final class TraineeView {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final Set<String> ALERT_FIELDS =
      Set.of(
          "t", "id", "detector", "rule", "severity", "techniques", "technique", "hosts", "summary");
  static final Set<String> DENIED_FIELDS =
      Set.of("t", "conduit", "source", "destination", "protocol", "subject", "rule", "reason");
  static final Set<String> CONTROLLER_FIELDS = Set.of("kind", "mode", "auto", "tripped");
  static final List<String> ROUTE = List.of("conduit", "source", "destination", "protocol");
  static final Set<String> CLOCK_FIELDS = Set.of("paused", "speed", "skipping", "time");
  static final Set<String> RESPONSE_FIELDS =
      Set.of("t", "requested", "time", "who", "why", "action", "done", "result", "effects");

  private TraineeView() {}

  /** The event as a trainee sees it, or empty when a trainee sees nothing of it. */
  public static Optional<LiveChannel.Event> filter(LiveChannel.Event e) {
    JsonNode in;
    try {
      in = JSON.readTree(e.data());
    } catch (JsonProcessingException ex) {
      return Optional.empty();
    }
    if (in == null || !in.isObject()) {
      return Optional.empty();
    }
    ObjectNode out =
        switch (e.type()) {
          case "alert" -> only(in, ALERT_FIELDS);
          case "denied" -> only(in, DENIED_FIELDS);
          case "sample" -> sample(in);
          case "flows" -> flows(in);
          case "clock" -> only(in, CLOCK_FIELDS);
          case "response" -> only(in, RESPONSE_FIELDS);
          case "status", "end" -> status(in);
          default -> null;
        };
    return out == null
        ? Optional.empty()
        : Optional.of(new LiveChannel.Event(e.type(), write(out)));
  }

  private static ObjectNode only(JsonNode in, Set<String> fields) {
    ObjectNode out = JSON.createObjectNode();
    in.properties()
        .forEach(
            f -> {
              if (fields.contains(f.getKey())) {
                out.set(f.getKey(), f.getValue());
              }
            });
    return out;
  }

  private static ObjectNode sample(JsonNode in) {
    ObjectNode out = JSON.createObjectNode();
    out.set("t", in.path("t"));
    out.set("hmi", in.path("hmi").isObject() ? in.get("hmi") : JSON.createObjectNode());
    ObjectNode controllers = out.putObject("controllers");
    in.path("controllers")
        .properties()
        .forEach(c -> controllers.set(c.getKey(), only(c.getValue(), CONTROLLER_FIELDS)));
    return out;
  }

  private static ObjectNode flows(JsonNode in) {
    Map<String, ObjectNode> routes = new LinkedHashMap<>();
    for (JsonNode f : in.path("flows")) {
      StringBuilder key = new StringBuilder();
      ROUTE.forEach(k -> key.append(f.path(k).asText()).append('|'));
      ObjectNode r =
          routes.computeIfAbsent(
              key.toString(),
              k -> {
                ObjectNode n = JSON.createObjectNode();
                ROUTE.forEach(field -> n.set(field, f.path(field)));
                n.put("allowed", 0L);
                n.put("denied", 0L);
                return n;
              });
      r.put("allowed", r.get("allowed").asLong() + f.path("allowed").asLong());
      r.put("denied", r.get("denied").asLong() + f.path("denied").asLong());
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("flows");
    routes.values().forEach(list::add);
    return out;
  }

  private static ObjectNode status(JsonNode in) {
    ObjectNode out = JSON.createObjectNode();
    out.set("status", in.path("status"));
    if (in.has("clock")) {
      out.set("clock", only(in.get("clock"), CLOCK_FIELDS));
    }
    return out;
  }

  private static String write(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a trainee event did not serialise", ex);
    }
  }
}
