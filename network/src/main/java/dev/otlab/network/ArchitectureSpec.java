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
 * @param accounts the accounts hosts accept, shared or reused ones on several hosts
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
    Map<String, String> entryPoints,
    List<AccountSpec> accounts) {

  public ArchitectureSpec {
    zones = List.copyOf(zones);
    hosts = List.copyOf(hosts);
    conduits = List.copyOf(conduits);
    entryPoints = Map.copyOf(entryPoints);
    accounts = List.copyOf(accounts);
  }

  /** A design that declares no accounts: hosts' posture credentials alone decide log-ins. */
  public ArchitectureSpec(
      String id,
      String title,
      String description,
      String plant,
      List<ZoneSpec> zones,
      List<HostSpec> hosts,
      List<ConduitSpec> conduits,
      SensorSpec sensors,
      Map<String, String> entryPoints) {
    this(id, title, description, plant, zones, hosts, conduits, sensors, entryPoints, List.of());
  }

  public Optional<AccountSpec> account(String accountId) {
    return accounts.stream().filter(a -> a.id().equals(accountId)).findFirst();
  }

  /** The accounts that log in to {@code protocol} on {@code host}, in file order. */
  public List<AccountSpec> accountsFor(String host, Protocol protocol) {
    return accounts.stream().filter(a -> a.opens(host, protocol)).toList();
  }

  /**
   * The OPC UA log-ins the architecture's accounts add to the plant servers' own, user name to
   * password.
   */
  public Map<String, String> opcUaLogins() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (AccountSpec a : accounts) {
      if (a.services().contains(Protocol.OPCUA)) {
        out.putIfAbsent(a.user(), a.password());
      }
    }
    return out;
  }

  /** The same design with one more host (a foothold attached for a run). */
  public ArchitectureSpec withHost(HostSpec host) {
    if (host(host.id()).isPresent()) {
      throw new IllegalArgumentException("host '" + host.id() + "' exists already");
    }
    List<HostSpec> more = new java.util.ArrayList<>(hosts);
    more.add(host);
    return new ArchitectureSpec(
        id, title, description, plant, zones, more, conduits, sensors, entryPoints, accounts);
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
