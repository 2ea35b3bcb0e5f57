package dev.otlab.network.fabric;

import dev.otlab.network.relay.ConduitRelay;
import dev.otlab.network.relay.Flow;
import java.util.ArrayList;
import java.util.List;

/**
 * What a change of a running network's rules did: which relays reloaded and which live connections
 * it closed (their ids, {@code <relay>#<n>}), for the record of the response that asked for it.
 *
 * @param relays ids of the relays that took the new rules (or whose connections were cut)
 * @param closed ids of the live connections closed, in the order the relays cut them
 */
public record RuleChange(List<String> relays, List<String> closed) {

  public RuleChange {
    relays = List.copyOf(relays);
    closed = List.copyOf(closed);
  }

  /** A change that touched no relay. */
  public static final RuleChange NONE = new RuleChange(List.of(), List.of());

  /**
   * Kills the live connections of the flow {@code source -> destination} on whichever of {@code
   * relays} carry it, as response rule {@code rule} ({@link ConduitRelay#killByResponse}).
   */
  public static RuleChange killFlow(
      Iterable<ConduitRelay> relays, String source, String destination, String rule, String why) {
    List<String> touched = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    for (ConduitRelay relay : relays) {
      Flow flow = relay.route().flow();
      if (flow.source().id().equals(source) && flow.destination().id().equals(destination)) {
        List<String> cut = relay.killByResponse(rule, why);
        if (!cut.isEmpty()) {
          touched.add(relay.route().id());
          closed.addAll(cut);
        }
      }
    }
    return new RuleChange(touched, closed);
  }

  /** This change and {@code other}'s, relays and connections in that order. */
  public RuleChange plus(RuleChange other) {
    List<String> r = new ArrayList<>(relays);
    r.addAll(other.relays);
    List<String> c = new ArrayList<>(closed);
    c.addAll(other.closed);
    return new RuleChange(r, c);
  }
}
