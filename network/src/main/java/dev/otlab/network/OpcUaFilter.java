package dev.otlab.network;

import java.util.Set;

/**
 * Deep-packet-inspection limits of an OPC UA rule.
 *
 * @param services allowed service groups (empty: all)
 * @param minSecurityMode weakest message security mode let through
 */
public record OpcUaFilter(Set<OpcUaService> services, OpcUaMode minSecurityMode) {

  public OpcUaFilter {
    services = Set.copyOf(services);
  }

  public boolean allowsWrites() {
    return services.isEmpty()
        || services.contains(OpcUaService.WRITE)
        || services.contains(OpcUaService.CALL);
  }
}
