package dev.otlab.network.relay;

import dev.otlab.network.ConduitLog;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.relay.ConduitDecision.Refusal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One line of a conduit's log to the SOC: a refused connection or message, or an allowed session,
 * as a firewall logs it. It carries what a firewall knows of the traffic (hosts, protocol, port,
 * the rule that decided) and nothing of its content; detection reads it beside the taps' {@link
 * ProtocolEvent}s.
 *
 * @param time lab clock seconds
 * @param conduit the conduit that decided and logged
 * @param rule the rule that decided, null for the default deny
 * @param relay the relay that enforced it
 * @param connection connection id ({@code <relay>#<n>}), as the tap's events name it
 * @param sourceHost the host that opened the connection
 * @param destinationHost the host it wanted to reach
 * @param protocol the route's protocol
 * @param port the logical destination port
 * @param action ALLOW (a session record), DENY or REJECT
 * @param refusal why it was refused, null for a session record
 * @param subject what was judged: {@code connect}, or the refused message
 */
public record FirewallRecord(
    double time,
    String conduit,
    @Nullable String rule,
    String relay,
    String connection,
    String sourceHost,
    String destinationHost,
    Protocol protocol,
    int port,
    RuleAction action,
    @Nullable Refusal refusal,
    String subject) {

  public FirewallRecord {
    if ((action == RuleAction.ALLOW) != (refusal == null)) {
      throw new IllegalArgumentException("a refusal reason goes with a DENY or REJECT, only");
    }
  }

  /** The same line stamped at {@code newTime} (a sensor stamps lines on arrival with its clock). */
  public FirewallRecord at(double newTime) {
    return new FirewallRecord(
        newTime,
        conduit,
        rule,
        relay,
        connection,
        sourceHost,
        destinationHost,
        protocol,
        port,
        action,
        refusal,
        subject);
  }

  /** Whether the conduit refused the traffic. */
  public boolean denied() {
    return action != RuleAction.ALLOW;
  }

  /**
   * What a conduit that logs at {@code level} writes of {@code d} (a decision it took): every
   * refusal under DENIALS and DECISIONS, and the opening of each allowed connection under
   * DECISIONS.
   */
  public static Optional<FirewallRecord> of(RelayDecision d, ConduitLog level) {
    ConduitDecision c = d.decision();
    if (level == ConduitLog.NONE) {
      return Optional.empty();
    }
    if (c instanceof ConduitDecision.Denied denied) {
      return Optional.of(
          new FirewallRecord(
              d.time(),
              denied.conduit(),
              denied.rule(),
              d.relay(),
              d.connection(),
              d.sourceHost(),
              d.destinationHost(),
              d.protocol(),
              d.port(),
              denied.action(),
              denied.refusal(),
              d.subject()));
    }
    if (level == ConduitLog.DECISIONS
        && d.scope() == RelayDecision.Scope.CONNECTION
        && c instanceof ConduitDecision.Allowed allowed) {
      return Optional.of(
          new FirewallRecord(
              d.time(),
              allowed.conduit(),
              allowed.rule(),
              d.relay(),
              d.connection(),
              d.sourceHost(),
              d.destinationHost(),
              d.protocol(),
              d.port(),
              RuleAction.ALLOW,
              null,
              d.subject()));
    }
    return Optional.empty();
  }
}
