package dev.otlab.containers;

import dev.otlab.core.Lifecycle;
import dev.otlab.network.relay.ConduitRelay;
import dev.otlab.network.relay.ConnectionBudget;
import dev.otlab.network.relay.DecisionListener;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.relay.RelayRoute;
import dev.otlab.network.relay.TapListener;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * A conduit's gateway container: the embedded lab's {@link ConduitRelay}, one per route that
 * crosses the conduit, each listening on its plan port on the gateway's address in the zone the
 * connection comes from and forwarding to the next hop by DNS name. The gateway is the only
 * container attached to both zone networks, so there is no path around it.
 */
public final class GatewayNode implements Lifecycle {

  private final ContainerPlan plan;
  private final String conduit;
  private final Function<String, String> bindAddressOfZone;
  private final DoubleSupplier clock;
  private final DecisionListener decisions;
  private final TapListener tap;
  private final Sources sources;
  private final List<ConduitRelay> relays = new ArrayList<>();

  /** Whether a connection from {@code address} comes from the container named {@code host}. */
  @FunctionalInterface
  public interface Sources {
    boolean from(String host, InetAddress address);

    /** Accepts everyone: for a gateway whose zone networks hold nothing but trusted test hosts. */
    Sources ANY = (host, address) -> true;
  }

  /**
   * @param bindAddressOfZone the gateway's own address on a zone's network (0.0.0.0 where it is not
   *     known)
   */
  public GatewayNode(
      ContainerPlan plan,
      String conduit,
      Function<String, String> bindAddressOfZone,
      DoubleSupplier clock,
      DecisionListener decisions,
      TapListener tap,
      Sources sources) {
    this.sources = sources;
    this.plan = plan;
    this.conduit = conduit;
    this.bindAddressOfZone = bindAddressOfZone;
    this.clock = clock;
    this.decisions = decisions;
    this.tap = tap;
    plan.relays(conduit); // fails early on an unknown conduit
  }

  @Override
  public synchronized void start() {
    try {
      for (Map.Entry<ContainerPlan.Route, ContainerPlan.Hop> e : plan.relays(conduit)) {
        ContainerPlan.Route route = e.getKey();
        ContainerPlan.Hop hop = e.getValue();
        // The first relay of a route serves the route's source host; a later one, the gateway of
        // the conduit before it. Anyone else on the zone network is refused.
        int index = route.hops().indexOf(hop);
        String from =
            index == 0
                ? route.flow().source().id()
                : ContainerPlan.gatewayName(route.hops().get(index - 1).conduit().id());
        RelayConfig config =
            new RelayConfig(
                bindAddressOfZone.apply(hop.ingressZone()),
                hop.port(),
                RelayConfig.defaults().maxConnections(),
                RelayConfig.defaults().idleTimeout(),
                RelayConfig.defaults().frameTimeout(),
                RelayConfig.defaults().connectTimeout());
        ConduitRelay relay =
            new ConduitRelay(
                new RelayRoute(
                    route.key() + "@" + conduit,
                    route.flow(),
                    List.of(hop.conduit()),
                    hop.nextHost(),
                    hop.nextPort()),
                config,
                clock,
                decisions,
                tap,
                ConnectionBudget.unlimited(),
                address -> sources.from(from, address));
        relay.start();
        relays.add(relay);
      }
    } catch (RuntimeException ex) {
      stop();
      throw ex;
    }
  }

  /** Running relays, in plan order. */
  public synchronized List<ConduitRelay> relays() {
    return List.copyOf(relays);
  }

  /**
   * Applies a response the runner sent ({@link GatewayControl}) to this gateway's relays, as the
   * embedded fabric applies it to its own; relays made later do not exist here (a gateway makes all
   * of its relays at start).
   */
  public synchronized GatewayControl.Ack apply(GatewayControl.Command command) {
    return GatewayControl.apply(command, conduit, relays);
  }

  @Override
  public synchronized void stop() {
    for (int i = relays.size() - 1; i >= 0; i--) {
      relays.get(i).stop();
    }
    relays.clear();
  }
}
