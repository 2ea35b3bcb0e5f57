package dev.otlab.network.relay;

import dev.otlab.network.HostSpec;
import java.util.List;

/**
 * A host as rules see it: its id and the zones it sits in.
 *
 * @param id host id
 * @param zones zones, at least one
 */
public record HostRef(String id, List<String> zones) {

  public HostRef {
    zones = List.copyOf(zones);
    if (id.isBlank() || zones.isEmpty()) {
      throw new IllegalArgumentException("a host needs an id and at least one zone");
    }
  }

  public static HostRef of(HostSpec host) {
    return new HostRef(host.id(), host.zones());
  }

  public static HostRef of(String id, String... zones) {
    return new HostRef(id, List.of(zones));
  }
}
