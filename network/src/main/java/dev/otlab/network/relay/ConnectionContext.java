package dev.otlab.network.relay;

import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ConduitDecision.Denied;
import dev.otlab.network.relay.ProtocolEvent.Result;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What an inspector needs from its relay for one connection: the flow, the rules, the lab clock and
 * the listeners. Kept apart from sockets so inspectors are tested without any.
 */
public final class ConnectionContext {

  private final String relay;
  private final String connection;
  private final Flow flow;
  private final ConduitMatcher matcher;
  private final DoubleSupplier clock;
  private final DecisionListener decisions;
  private final TapListener tap;

  public ConnectionContext(
      String relay,
      String connection,
      Flow flow,
      ConduitMatcher matcher,
      DoubleSupplier clock,
      DecisionListener decisions,
      TapListener tap) {
    this.relay = relay;
    this.connection = connection;
    this.flow = flow;
    this.matcher = matcher;
    this.clock = clock;
    this.decisions = decisions;
    this.tap = tap;
  }

  public Flow flow() {
    return flow;
  }

  public ConduitMatcher matcher() {
    return matcher;
  }

  public String connection() {
    return connection;
  }

  public double now() {
    return clock.getAsDouble();
  }

  /** Records a decision taken at {@code time} and returns it. */
  public ConduitDecision record(
      double time, RelayDecision.Scope scope, String subject, ConduitDecision decision) {
    decisions.onDecision(
        new RelayDecision(
            time,
            relay,
            connection,
            flow.source().id(),
            flow.destination().id(),
            flow.protocol(),
            flow.port(),
            scope,
            subject,
            decision));
    return decision;
  }

  /** Emits a tap event; {@code decision} names conduit and rule. */
  public void emit(
      double time,
      String operation,
      int code,
      int unitId,
      int address,
      int quantity,
      int writeAddress,
      int writeQuantity,
      List<String> nodeIds,
      List<Double> values,
      Result result,
      long status,
      boolean write,
      @Nullable ConduitDecision decision) {
    String rule = null;
    if (decision instanceof ConduitDecision.Allowed a) {
      rule = a.rule();
    } else if (decision instanceof Denied d) {
      rule = d.rule();
    }
    tap.onEvent(
        new ProtocolEvent(
            time,
            relay,
            connection,
            flow.source().id(),
            flow.destination().id(),
            flow.protocol(),
            operation,
            code,
            unitId,
            address,
            quantity,
            writeAddress,
            writeQuantity,
            nodeIds,
            values,
            result,
            status,
            write,
            decision == null ? null : decision.conduit(),
            rule));
  }

  /**
   * Emits a tap event of a protocol without Modbus's unit and addresses (OPC UA, MQTT, a remote
   * service's opening).
   */
  public void emitMessage(
      double time,
      String operation,
      int code,
      List<String> nodeIds,
      List<Double> values,
      Result result,
      long status,
      boolean write,
      @Nullable ConduitDecision decision) {
    emit(time, operation, code, -1, -1, 0, -1, 0, nodeIds, values, result, status, write, decision);
  }

  /** An event for a whole connection (refused, or cut for malformed traffic). */
  public void emitConnection(
      double time, String operation, Result result, @Nullable ConduitDecision d) {
    emit(time, operation, -1, -1, -1, 0, -1, 0, List.of(), List.of(), result, 0, false, d);
  }

  /** Protocol of the flow, for inspectors shared across protocols. */
  public Protocol protocol() {
    return flow.protocol();
  }
}
