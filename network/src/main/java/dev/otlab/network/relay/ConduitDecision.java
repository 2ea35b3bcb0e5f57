package dev.otlab.network.relay;

import dev.otlab.network.RuleAction;
import org.jspecify.annotations.Nullable;

/**
 * What a conduit decided about a connection or a message. Ids rather than specs, so a run trace
 * stays small and serialises as is.
 */
public sealed interface ConduitDecision {

  /** Id of the conduit that decided. */
  String conduit();

  boolean allowed();

  /** Let through by {@code rule} of {@code conduit}. */
  record Allowed(String conduit, String rule) implements ConduitDecision {
    @Override
    public boolean allowed() {
      return true;
    }
  }

  /**
   * Refused.
   *
   * @param conduit the conduit that refused
   * @param rule the rule that refused: a DENY or REJECT rule, or the ALLOW rule whose filter the
   *     message failed when no later rule matched; null for the default deny when no rule matched
   *     at all
   * @param action DENY (drop) or REJECT (answer)
   * @param refusal why, as a closed set for detection and scoring
   * @param reason a sentence for people
   */
  record Denied(
      String conduit, @Nullable String rule, RuleAction action, Refusal refusal, String reason)
      implements ConduitDecision {

    public Denied {
      if (action == RuleAction.ALLOW) {
        throw new IllegalArgumentException("a denial has action DENY or REJECT");
      }
    }

    @Override
    public boolean allowed() {
      return false;
    }

    /** The Modbus exception a REJECT answers with: 02 for an address refusal, else 01. */
    public int modbusException() {
      return refusal == Refusal.ADDRESS ? 0x02 : 0x01;
    }
  }

  /** Why traffic was refused. */
  enum Refusal {
    /** No rule matched: the conduit's default deny. */
    NO_RULE,
    /** A DENY or REJECT rule matched. */
    RULE,
    /** The Modbus function code is not in the allow-list. */
    FUNCTION,
    /** The Modbus addresses are not inside one allowed range, or cannot be known. */
    ADDRESS,
    /** The OPC UA service group is not allowed (or the request could not be identified). */
    SERVICE,
    /** The OPC UA message security mode is weaker than the rule's minimum. */
    SECURITY_MODE,
    /** The MQTT topic (or subscription filter) is not among the rule's topics. */
    TOPIC,
    /** The MQTT rule allows the other direction only (publish, or subscribe). */
    DIRECTION
  }
}
