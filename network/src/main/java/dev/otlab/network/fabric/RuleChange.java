package dev.otlab.network.fabric;

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
}
