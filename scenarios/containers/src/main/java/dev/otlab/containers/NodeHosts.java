package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostSpec;

/** Host lookups with the error a user gets when a node names a host the architecture lacks. */
public final class NodeHosts {

  private NodeHosts() {}

  public static HostSpec host(ArchitectureSpec architecture, String hostId) {
    return architecture
        .host(hostId)
        .orElseThrow(
            () ->
                new OtlabException(
                    "HOST_UNKNOWN",
                    "Architecture '" + architecture.id() + "' has no host '" + hostId + "'.",
                    "Use one of "
                        + architecture.hosts().stream().map(HostSpec::id).toList()
                        + "."));
  }
}
