package dev.otlab.network.relay;

/**
 * Receives the protocol events a relay's tap decodes. Called on connection threads; must be
 * thread-safe.
 */
@FunctionalInterface
public interface TapListener {
  TapListener NONE = e -> {};

  void onEvent(ProtocolEvent event);
}
