package dev.otlab.network;

import java.util.Set;

/**
 * Where detection sees traffic.
 *
 * @param tappedConduits conduits whose relays feed a tap
 * @param spanZones zones with a span port (traffic inside the zone is seen too)
 */
public record SensorSpec(Set<String> tappedConduits, Set<String> spanZones) {

  public static final SensorSpec NONE = new SensorSpec(Set.of(), Set.of());

  public SensorSpec {
    tappedConduits = Set.copyOf(tappedConduits);
    spanZones = Set.copyOf(spanZones);
  }
}
