package dev.otlab.network;

import dev.otlab.core.OtlabException;
import dev.otlab.network.fabric.NetworkFabric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The IPv4 addresses of an architecture, the one plan both labs use: zone number i (1-based, in the
 * architecture's order) is {@code PREFIX.i.0/24}, as the container lab's networks are, and the k-th
 * host placed in a zone (0-based, in the architecture's order; a dual-homed host counts in each of
 * its zones) is {@code PREFIX.i.(10+k)} there. The embedded lab runs on loopback and has no
 * addresses of its own; its packet captures write these. Docker still assigns the container lab's
 * host addresses itself inside the same subnets.
 *
 * @param architecture the architecture
 * @param prefix the first two octets, {@link #DEFAULT_PREFIX} unless a lab moves them
 */
public record AddressPlan(ArchitectureSpec architecture, String prefix) {

  /** The first two octets of every zone subnet unless a lab moves them. */
  public static final String DEFAULT_PREFIX = "10.231";

  /** The host number of the first host in a zone; below it stay free for gateways. */
  public static final int FIRST_HOST = 10;

  private static final Pattern PREFIX = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})");

  public AddressPlan {
    var m = PREFIX.matcher(prefix);
    if (!m.matches() || Integer.parseInt(m.group(1)) > 255 || Integer.parseInt(m.group(2)) > 255) {
      throw new IllegalArgumentException(prefix + " is not the first two octets of an IPv4 net");
    }
  }

  /** The plan on {@link #DEFAULT_PREFIX}. */
  public static AddressPlan of(ArchitectureSpec architecture) {
    return new AddressPlan(architecture, DEFAULT_PREFIX);
  }

  /** The subnet of each zone, in architecture order. */
  public Map<String, String> subnets() {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 1;
    for (ZoneSpec z : architecture.zones()) {
      out.put(z.id(), prefix + "." + i++ + ".0/24");
    }
    return out;
  }

  /**
   * Every host's address in each of its zones, host by host in architecture order.
   *
   * @throws OtlabException {@code ADDRESS_PLAN_FULL} when a zone holds more hosts than the plan
   *     numbers: checked before a capturing run spends its time
   */
  public Map<String, Map<String, String>> addresses() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (HostSpec h : architecture.hosts()) {
      Map<String, String> byZone = new LinkedHashMap<>();
      for (String z : h.zones()) {
        byZone.put(z, address(h.id(), z));
      }
      out.put(h.id(), byZone);
    }
    return out;
  }

  /**
   * The address of {@code host} in {@code zone}.
   *
   * @throws OtlabException {@code ADDRESS_PLAN_FULL} when the zone holds more hosts than a /24
   *     numbers from {@link #FIRST_HOST}
   */
  public String address(String host, String zone) {
    int zoneNumber = 1;
    for (ZoneSpec z : architecture.zones()) {
      if (z.id().equals(zone)) {
        break;
      }
      zoneNumber++;
    }
    if (zoneNumber > architecture.zones().size()) {
      throw new IllegalArgumentException("no zone " + zone);
    }
    List<String> placed = new ArrayList<>();
    for (HostSpec h : architecture.hosts()) {
      if (h.zones().contains(zone)) {
        placed.add(h.id());
      }
    }
    int k = placed.indexOf(host);
    if (k < 0) {
      throw new IllegalArgumentException(host + " is not in zone " + zone);
    }
    if (FIRST_HOST + k > 254 || zoneNumber > 249) {
      throw new OtlabException(
          "ADDRESS_PLAN_FULL",
          "Architecture '"
              + architecture.id()
              + "' places "
              + placed.size()
              + " hosts in zone "
              + zone
              + " (number "
              + zoneNumber
              + "); the address plan numbers at most "
              + (255 - FIRST_HOST)
              + " hosts in each of 249 zones.",
          "Split the zone, or the architecture.");
    }
    return prefix + "." + zoneNumber + "." + (FIRST_HOST + k);
  }

  /**
   * The addresses a connection from {@code client} to {@code server} carries: in the zone they
   * share, else each in the zone its end of the route's conduit path joins (the route the embedded
   * lab takes). Empty when no conduit path joins them.
   */
  public Optional<Ends> ends(String client, String server) {
    HostSpec from = host(client);
    HostSpec to = host(server);
    for (String z : from.zones()) {
      if (to.zones().contains(z)) {
        return Optional.of(new Ends(address(client, z), address(server, z)));
      }
    }
    return NetworkFabric.zonePath(architecture, from.zones(), to.zones())
        .filter(path -> !path.isEmpty())
        .map(
            path -> {
              ConduitSpec first = path.get(0);
              ConduitSpec last = path.get(path.size() - 1);
              String fromZone =
                  from.zones().stream().filter(first::joins).findFirst().orElse(from.zone());
              String toZone = to.zones().stream().filter(last::joins).findFirst().orElse(to.zone());
              return new Ends(address(client, fromZone), address(server, toZone));
            });
  }

  private HostSpec host(String id) {
    return architecture.host(id).orElseThrow(() -> new IllegalArgumentException("no host " + id));
  }

  /** The two addresses of a connection. */
  public record Ends(String client, String server) {}
}
