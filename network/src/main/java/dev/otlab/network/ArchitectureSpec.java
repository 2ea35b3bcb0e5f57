package dev.otlab.network;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A segmentation design for one plant: zones, hosts, conduits, sensors and the entry points an
 * attack may start from. Loaded and validated by the scenarios module; only valid files become
 * specs.
 *
 * @param id architecture id, e.g. {@code purdue-dmz-dpi}
 * @param title human title
 * @param description the design and its known weaknesses
 * @param plant plant id it is drawn for
 * @param zones zones
 * @param hosts hosts
 * @param conduits conduits
 * @param sensors taps and span ports
 * @param entryPoints entry point name to host id
 */
public record ArchitectureSpec(
    String id,
    String title,
    String description,
    String plant,
    List<ZoneSpec> zones,
    List<HostSpec> hosts,
    List<ConduitSpec> conduits,
    SensorSpec sensors,
    Map<String, String> entryPoints) {

  public ArchitectureSpec {
    zones = List.copyOf(zones);
    hosts = List.copyOf(hosts);
    conduits = List.copyOf(conduits);
    entryPoints = Map.copyOf(entryPoints);
  }

  public Optional<ZoneSpec> zone(String zoneId) {
    return zones.stream().filter(z -> z.id().equals(zoneId)).findFirst();
  }

  public Optional<HostSpec> host(String hostId) {
    return hosts.stream().filter(h -> h.id().equals(hostId)).findFirst();
  }

  public Optional<ConduitSpec> conduit(String conduitId) {
    return conduits.stream().filter(c -> c.id().equals(conduitId)).findFirst();
  }

  /** Conduits that join {@code a} and {@code b}, in declaration order. */
  public List<ConduitSpec> conduitsBetween(String a, String b) {
    return conduits.stream().filter(c -> c.joins(a) && c.joins(b)).toList();
  }
}
