package dev.otlab.network.relay;

/**
 * Receives every decision of a relay. Called on the connection's own thread, so a slow listener
 * slows only that connection; implementations must be thread-safe (relays run many connections).
 */
@FunctionalInterface
public interface DecisionListener {
  DecisionListener NONE = d -> {};

  void onDecision(RelayDecision decision);
}
