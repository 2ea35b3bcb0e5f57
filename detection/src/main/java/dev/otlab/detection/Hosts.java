package dev.otlab.detection;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the asset owner's documentation says about hosts: their roles and which controller runs on
 * which host. Rules name roles, so one profile fits every architecture.
 */
public final class Hosts {

  public static final String UNKNOWN = "unknown";

  private final Map<String, String> roles = new HashMap<>();
  private final Map<String, String> controllers = new HashMap<>();
  private final Map<String, String> hostOfController = new HashMap<>();

  Hosts(ArchitectureSpec architecture) {
    for (HostSpec h : architecture.hosts()) {
      roles.put(h.id(), Names.yaml(h.role()));
      if (h.controller() != null) {
        controllers.put(h.id(), h.controller());
        hostOfController.putIfAbsent(h.controller(), h.id());
      }
    }
  }

  /** The host's role in YAML spelling ({@code plc}, {@code hmi}), or {@value #UNKNOWN}. */
  public String role(String host) {
    return roles.getOrDefault(host, UNKNOWN);
  }

  /** The controller the host runs, if any. */
  public @Nullable String controller(String host) {
    return controllers.get(host);
  }

  /** The first host that runs {@code controller}, if any. */
  public @Nullable String hostOf(String controller) {
    return hostOfController.get(controller);
  }
}
