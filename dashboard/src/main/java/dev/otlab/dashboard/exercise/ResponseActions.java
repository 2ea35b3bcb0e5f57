package dev.otlab.dashboard.exercise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.core.OtlabException;
import dev.otlab.library.ResponseAction;
import dev.otlab.network.Protocol;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads a trainee's response action from the API's JSON, in the words playbooks use: {@code
 * {"kind": "isolate-host", "host": "jump-1"}}, {@code {"kind": "block-flow", "source": ...,
 * "destination": ..., "protocol": "modbus", "conduit": ...}}, {@code tighten-conduit} ({@code
 * conduit}, {@code to}: read-only or closed), {@code kill-connections} ({@code source}, {@code
 * destination}), {@code disable-account} and {@code reset-credential} ({@code account}), {@code
 * safe-state} ({@code controller}, {@code mode}: manual or stop), {@code restore-program} and
 * {@code reset-sis} ({@code controller}), {@code operator} ({@code tag}, {@code value}, {@code
 * hmi}). A run's responses ({@code POST /api/runs/ID/responses}) are read the same way, with their
 * own error code.
 */
public final class ResponseActions {
  public static final String KINDS =
      "isolate-host, block-flow, tighten-conduit, kill-connections, disable-account,"
          + " reset-credential, safe-state, restore-program, reset-sis, operator";

  private ResponseActions() {}

  private static final String EXERCISE_REMEDY =
      "Send {\"action\": {\"kind\": \"isolate-host\", \"host\": \"...\"}, \"why\": \"...\"}; kinds: "
          + KINDS
          + ".";

  static ResponseAction parse(@Nullable JsonNode n) {
    return parseWith(n, "EXERCISE_ACTION_INVALID", EXERCISE_REMEDY);
  }

  /**
   * The action {@code n} describes.
   *
   * @throws OtlabException {@code code} with {@code remedy} when it describes none
   */
  public static ResponseAction parseWith(@Nullable JsonNode n, String code, String remedy) {
    try {
      return read(n);
    } catch (Invalid e) {
      throw new OtlabException(code, e.getMessage(), remedy);
    }
  }

  private static ResponseAction read(@Nullable JsonNode n) {
    if (n == null || !n.isObject() || !n.path("kind").isTextual()) {
      throw invalid("The response names no action kind.");
    }
    String kind = n.get("kind").asText();
    try {
      return switch (kind) {
        case "isolate-host" -> new ResponseAction.IsolateHost(text(n, "host"));
        case "block-flow" ->
            new ResponseAction.BlockFlow(
                text(n, "source"),
                text(n, "destination"),
                n.hasNonNull("protocol") ? protocol(text(n, "protocol")) : null,
                n.hasNonNull("conduit") ? text(n, "conduit") : null);
        case "tighten-conduit" ->
            new ResponseAction.TightenConduit(
                text(n, "conduit"),
                switch (text(n, "to")) {
                  case "read-only" -> ResponseAction.Tightening.READ_ONLY;
                  case "closed" -> ResponseAction.Tightening.CLOSED;
                  default -> throw invalid("tighten-conduit's 'to' is read-only or closed.");
                });
        case "kill-connections" ->
            new ResponseAction.KillConnections(text(n, "source"), text(n, "destination"));
        case "disable-account" -> new ResponseAction.DisableAccount(text(n, "account"));
        case "reset-credential" -> new ResponseAction.ResetCredential(text(n, "account"));
        case "safe-state" ->
            new ResponseAction.SafeState(
                text(n, "controller"),
                switch (text(n, "mode")) {
                  case "manual" -> ResponseAction.SafeMode.MANUAL;
                  case "stop" -> ResponseAction.SafeMode.STOP;
                  default -> throw invalid("safe-state's 'mode' is manual or stop.");
                });
        case "restore-program" -> new ResponseAction.RestoreProgram(text(n, "controller"));
        case "reset-sis" -> new ResponseAction.ResetSis(text(n, "controller"));
        case "operator" -> {
          if (!n.path("value").isNumber()) {
            throw invalid("An operator action writes a number: give 'value'.");
          }
          yield new ResponseAction.OperatorAction(
              n.hasNonNull("hmi") ? text(n, "hmi") : null,
              text(n, "tag"),
              n.get("value").asDouble());
        }
        default -> throw invalid("'" + cut(kind) + "' is not a response action.");
      };
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage() + ".");
    }
  }

  private static Protocol protocol(String text) {
    try {
      return Protocol.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw invalid("'" + cut(text) + "' is not a protocol.");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank() || v.asText().length() > 128) {
      throw invalid("The action's '" + field + "' is missing or not an id.");
    }
    return v.asText();
  }

  private static String cut(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static Invalid invalid(String message) {
    return new Invalid(message);
  }

  /** What is wrong with the action, before the caller's code is put on it. */
  private static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
