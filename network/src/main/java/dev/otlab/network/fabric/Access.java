package dev.otlab.network.fabric;

import java.util.List;

/** How a host reaches a service: the loopback address to use, and what lies on the way. */
public sealed interface Access {

  /** Loopback address the source host connects to. */
  String address();

  int port();

  /** Same zone: straight to the server (through a span tap when the zone has one). */
  record Direct(String address, int port, boolean spanned) implements Access {}

  /** Across zones: through one relay per conduit, in order from source to destination. */
  record Relayed(String address, int port, List<String> conduits) implements Access {
    public Relayed {
      conduits = List.copyOf(conduits);
    }
  }

  /**
   * No conduit path joins the zones. The address belongs to a listener that accepts and closes at
   * once, so a client sees what a firewall's reset looks like, and the attempt is recorded.
   */
  record Unreachable(String address, int port, String reason) implements Access {}
}
