package dev.otlab.network.fabric;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayCapture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The conduits as the relays enforce them now: the architecture's, with every change a response
   * made since the network started.
   */
  List<ConduitSpec> conduits();

  /**
   * Has the relays enforce {@code conduits} (conduits of the architecture, by id, with new rules)
   * from now on, without dropping the live connections the new rules still allow; each live
   * connection the new rules deny is closed, its denial recorded.
   *
   * @throws OtlabException {@code FABRIC_CONDUIT_UNKNOWN} for a conduit the architecture lacks
   */
  RuleChange replaceRules(List<ConduitSpec> conduits);

  /**
   * Cuts {@code host} off: every conduit denies it first (rule {@code rule}) and closes its live
   * connections, and the routes inside its zone lead to a relay that denies it too (as a switch
   * port shut down would). Its clients notice on their next connection.
   */
  RuleChange isolate(String host, String rule);

  /**
   * Closes the live connections from {@code source} to {@code destination} through any relay,
   * recording for each a denial by {@code rule}; new connections are judged by the rules as before.
   */
  RuleChange kill(String source, String destination, String rule);

  /**
   * The conduits a {@link #replaceRules} call changes, by id in the order given, checked against
   * the rules enforced now ({@code current}, by id): every conduit must be one of the
   * architecture's and keep its zones, as a rule change only changes rules. Both networks check a
   * change this way before touching a relay, so a refused change leaves every relay as it was.
   *
   * @param architecture the architecture's id, for the message
   * @throws OtlabException {@code FABRIC_CONDUIT_UNKNOWN} for a conduit {@code current} lacks
   * @throws IllegalArgumentException for a conduit whose zones differ from its current ones
   */
  static Map<String, ConduitSpec> checkedChange(
      String architecture, Map<String, ConduitSpec> current, List<ConduitSpec> conduits) {
    Map<String, ConduitSpec> changed = new LinkedHashMap<>();
    for (ConduitSpec c : conduits) {
      ConduitSpec was = current.get(c.id());
      if (was == null) {
        throw new OtlabException(
            "FABRIC_CONDUIT_UNKNOWN",
            "Architecture '" + architecture + "' has no conduit '" + c.id() + "'.",
            "Use one of " + current.keySet() + ".");
      }
      if (!was.zoneA().equals(c.zoneA()) || !was.zoneB().equals(c.zoneB())) {
        throw new IllegalArgumentException("a rule change keeps conduit " + c.id() + "'s zones");
      }
      changed.put(c.id(), c);
    }
    return changed;
  }
}
