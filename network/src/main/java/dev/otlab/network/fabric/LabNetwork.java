package dev.otlab.network.fabric;

import dev.otlab.core.Lifecycle;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayCapture;
import java.util.Optional;

/**
 * The network a scenario run plays on: the embedded {@link NetworkFabric}, or the container lab
 * reached through its hosts' agents. Besides telling clients where to connect, it says what the
 * sensors see and who caused an event, and it can wait for its reports to catch up.
 */
public interface LabNetwork extends ServiceAccess, Lifecycle {

  /** Whether a sensor sees the event. */
  boolean sensed(ProtocolEvent event);

  /** The step an adversary-in-the-middle position acted for, if that position caused the event. */
  Optional<String> attribution(ProtocolEvent event);

  /**
   * The step an adversary-in-the-middle position acted for, if that position caused what relay
   * {@code relay} carries (see {@link #attribution(ProtocolEvent)}).
   */
  default Optional<String> attribution(String relay) {
    return Optional.empty();
  }

  /**
   * Has the relays the sensors watch report their connections' bytes to {@code capture} (a packet
   * capture), for connections opened from now on; call before {@link #start()}. Returns false when
   * this network cannot capture (the container lab's relays run in other processes).
   */
  default boolean capture(RelayCapture capture) {
    return false;
  }

  /**
   * Takes an adversary-in-the-middle position on a route.
   *
   * @param label ground-truth label for traffic the position causes
   */
  Interception intercept(String source, String destination, Protocol protocol, String label);

  /** The active interception of a route, if any. */
  Optional<Interception> interception(String source, String destination, Protocol protocol);

  /**
   * Returns once every decision and event caused by traffic that has ended so far has been
   * reported. The embedded fabric reports as it goes; a network whose relays run elsewhere reports
   * over a wire and must be caught up before a run reads its last denial.
   */
  default void settle() {}
}
