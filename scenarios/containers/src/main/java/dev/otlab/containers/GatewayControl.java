package dev.otlab.containers;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.fabric.RuleChange;
import dev.otlab.network.relay.ConduitRelay;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner's commands to a gateway, a response's network actions, and the gateway's answers. Both
 * travel on the tap feed's connection ({@link TapFeed}), which the runner opens to each gateway on
 * the management network: a command is one line {@code CONTROL <json>}, its answer one feed line
 * {@code {"ack":...}} queued behind the decisions the command caused, so the runner has read the
 * denials of the connections a command closed once it holds the answer.
 *
 * <p>Two commands carry everything the embedded fabric does to its conduit relays: {@code reload}
 * (a conduit's new rules, the {@link ConduitSpec} as JSON: block-flow, tighten-conduit, and
 * isolate-host's rules) and {@code kill} (a flow's live connections). A line that is not a whole,
 * valid command is refused before anything is applied ({@code GATEWAY_CONTROL_MALFORMED}).
 */
public final class GatewayControl {

  /** Prefix of a command line. */
  public static final String PREFIX = "CONTROL ";

  // Records as their components only (a spec's derived accessors, such as RuleSpec.isAnyToAny, are
  // no part of it); anything else in a line is an error, not something to skip.
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

  private GatewayControl() {}

  /** A command to one gateway; {@code id} pairs it with its answer. */
  public sealed interface Command {
    long id();
  }

  /** Enforce {@code conduit} (the gateway's conduit with new rules) from now on. */
  public record Reload(long id, ConduitSpec conduit) implements Command {}

  /**
   * Close the live connections from {@code source} to {@code destination}, each recorded as denied
   * by {@code rule} for {@code reason}.
   */
  public record Kill(long id, String source, String destination, String rule, String reason)
      implements Command {}

  /** A gateway's answer to command {@code id}. */
  public sealed interface Ack {
    long id();
  }

  /** Applied: the relays it touched and the connections it closed. */
  public record Applied(long id, List<String> relays, List<String> closed) implements Ack {
    public Applied {
      relays = List.copyOf(relays);
      closed = List.copyOf(closed);
    }
  }

  /** Not applied, and why. */
  public record Failed(long id, String message) implements Ack {}

  /** The command as one line (without the newline). */
  public static String encode(Command c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", c.id());
    if (c instanceof Reload r) {
      n.put("op", "reload");
      n.set("conduit", JSON.valueToTree(r.conduit()));
    } else {
      Kill k = (Kill) c;
      n.put("op", "kill");
      n.put("source", k.source());
      n.put("destination", k.destination());
      n.put("rule", k.rule());
      n.put("reason", k.reason());
    }
    return PREFIX + n;
  }

  /**
   * The command a line holds.
   *
   * @throws OtlabException {@code GATEWAY_CONTROL_MALFORMED} saying what is wrong with it
   */
  public static Command decode(String line) {
    if (!line.startsWith(PREFIX)) {
      throw malformed("it does not start with '" + PREFIX.strip() + "'");
    }
    JsonNode n;
    try {
      n = JSON.readTree(line.substring(PREFIX.length()));
    } catch (JsonProcessingException e) {
      throw malformed("not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw malformed("not a JSON object");
    }
    if (!n.path("id").canConvertToLong() || !n.path("id").isIntegralNumber()) {
      throw malformed("no numeric id");
    }
    long id = n.get("id").asLong();
    String op = n.path("op").asText("");
    switch (op) {
      case "reload":
        {
          JsonNode conduit = n.get("conduit");
          if (conduit == null || !conduit.isObject()) {
            throw malformed("command " + id + ": reload without a conduit");
          }
          try {
            ConduitSpec c = JSON.treeToValue(conduit, ConduitSpec.class);
            if (c.id() == null || c.zoneA() == null || c.zoneB() == null) {
              throw malformed("command " + id + ": the conduit lacks its id or zones");
            }
            return new Reload(id, c);
          } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw malformed("command " + id + ": not a conduit: " + e.getMessage());
          }
        }
      case "kill":
        return new Kill(
            id,
            text(n, id, "source"),
            text(n, id, "destination"),
            text(n, id, "rule"),
            text(n, id, "reason"));
      default:
        throw malformed("command " + id + ": unknown op '" + op + "' (reload or kill)");
    }
  }

  /**
   * The id of a command line that may be malformed otherwise, so its refusal reaches the runner
   * waiting for it; -1 when the line has none.
   */
  public static long idOf(String line) {
    if (!line.startsWith(PREFIX)) {
      return -1;
    }
    try {
      JsonNode id = JSON.readTree(line.substring(PREFIX.length())).path("id");
      return id.isIntegralNumber() ? id.asLong() : -1;
    } catch (JsonProcessingException | RuntimeException e) {
      return -1;
    }
  }

  private static String text(JsonNode n, long id, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw malformed("command " + id + ": no '" + field + "'");
    }
    return v.asText();
  }

  private static OtlabException malformed(String what) {
    return new OtlabException(
        "GATEWAY_CONTROL_MALFORMED",
        "A gateway control command is malformed: " + what + "; nothing was applied.",
        "Send one line 'CONTROL {\"id\":N,\"op\":\"reload\",\"conduit\":{...}}' or 'CONTROL"
            + " {\"id\":N,\"op\":\"kill\",\"source\":...,\"destination\":...,\"rule\":...,"
            + "\"reason\":...}' (GatewayControl.encode writes them).");
  }

  /** The answer as one feed line (without the newline). */
  public static String encodeAck(Ack a) {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode o = n.putObject("ack");
    o.put("id", a.id());
    if (a instanceof Applied ok) {
      ArrayNode relays = o.putArray("relays");
      ok.relays().forEach(relays::add);
      ArrayNode closed = o.putArray("closed");
      ok.closed().forEach(closed::add);
    } else {
      o.put("error", ((Failed) a).message());
    }
    return n.toString();
  }

  /**
   * The answer a feed line's {@code ack} object holds.
   *
   * @throws IllegalArgumentException when it is none
   */
  public static Ack decodeAck(JsonNode ack) {
    if (ack == null || !ack.isObject() || !ack.path("id").isIntegralNumber()) {
      throw new IllegalArgumentException("not a control answer: " + ack);
    }
    long id = ack.get("id").asLong();
    if (ack.has("error")) {
      return new Failed(id, ack.get("error").asText());
    }
    return new Applied(id, strings(ack.get("relays")), strings(ack.get("closed")));
  }

  private static List<String> strings(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("a control answer without its lists");
    }
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /**
   * Applies {@code command} to a gateway's relays exactly as the embedded fabric applies a response
   * to its own ({@link ConduitRelay#reload}, {@link ConduitRelay#kill}), and answers it. A reload
   * of another conduit than the gateway's, or one that moves it between zones, is refused whole.
   */
  public static Ack apply(Command command, String conduit, List<ConduitRelay> relays) {
    List<String> touched = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    if (command instanceof Reload r) {
      ConduitSpec c = r.conduit();
      if (!c.id().equals(conduit)) {
        return new Failed(r.id(), "this gateway enforces conduit " + conduit + ", not " + c.id());
      }
      for (ConduitRelay relay : relays) {
        ConduitSpec was = relay.route().conduits().get(0);
        if (!was.zoneA().equals(c.zoneA()) || !was.zoneB().equals(c.zoneB())) {
          return new Failed(r.id(), "a rule change keeps conduit " + conduit + "'s zones");
        }
      }
      for (ConduitRelay relay : relays) {
        closed.addAll(relay.reload(List.of(c)));
        touched.add(relay.route().id());
      }
      return new Applied(r.id(), touched, closed);
    }
    Kill k = (Kill) command;
    RuleChange cut = RuleChange.killFlow(relays, k.source(), k.destination(), k.rule(), k.reason());
    return new Applied(k.id(), cut.relays(), cut.closed());
  }
}
