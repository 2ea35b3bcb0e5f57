package dev.otlab.network.fabric;

import dev.otlab.core.Lifecycle;
import dev.otlab.network.aitm.ModbusInterceptor;
import dev.otlab.network.aitm.ResponseRewriter;
import dev.otlab.network.aitm.Rewrite;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An adversary-in-the-middle position on one route ({@code client > server : MODBUS}), made by
 * {@link NetworkFabric#intercept}. While it runs, the route's access points at the interceptor,
 * which forwards to the route's real next hop, so conduits and taps downstream see every request as
 * the client's. Stopping it hands the route back.
 *
 * <p>Ground truth: traffic the interceptor sends of its own is attributed to the step that asked
 * for it, and traffic on the client-facing leg (seen only where that zone has a span port), while a
 * rewrite is active, to the step that last reconfigured the position.
 */
public final class Interception implements Lifecycle {

  private final NetworkFabric fabric;
  private final String key;
  private final String client;
  private final String server;
  private final Access original;
  private final ModbusInterceptor interceptor;
  private final @Nullable Lifecycle clientLegSpan;
  private final @Nullable String clientLegRelay;
  private volatile String label;
  private volatile @Nullable String injecting;
  private volatile boolean stopped;

  Interception(
      NetworkFabric fabric,
      String key,
      String client,
      String server,
      Access original,
      ModbusInterceptor interceptor,
      @Nullable Lifecycle clientLegSpan,
      @Nullable String clientLegRelay,
      String label) {
    this.fabric = fabric;
    this.key = key;
    this.client = client;
    this.server = server;
    this.original = original;
    this.interceptor = interceptor;
    this.clientLegSpan = clientLegSpan;
    this.clientLegRelay = clientLegRelay;
    this.label = label;
  }

  public String client() {
    return client;
  }

  public String server() {
    return server;
  }

  /** The route as it was before the position was taken. */
  public Access original() {
    return original;
  }

  /** Whether a span port sees the client-facing leg too. */
  public boolean clientLegSensed() {
    return clientLegRelay != null;
  }

  /** Client connections being ridden now. */
  public int connections() {
    return interceptor.connections();
  }

  public ResponseRewriter rewriter() {
    return interceptor.rewriter();
  }

  /** Changes what the client is told, on behalf of the step labelled {@code stepLabel}. */
  public void conceal(Rewrite rewrite, String stepLabel) {
    interceptor.rewriter().apply(rewrite);
    label = stepLabel;
  }

  /**
   * Sends {@code pdu} inside the client's connection and returns the answer PDU; see {@link
   * ModbusInterceptor#inject}. Events the route's relays report meanwhile carry {@code stepLabel}.
   */
  public byte[] inject(int unitId, byte[] pdu, String stepLabel) throws IOException {
    return interceptor.inject(unitId, pdu, on -> injecting = on ? stepLabel : null);
  }

  /**
   * The step that caused an event seen by relay {@code relayId} (as the intercepting step named
   * itself), if this position owns the event.
   */
  Optional<String> attribution(String relayId) {
    if (relayId.equals(clientLegRelay)) {
      // Before any rewrite the client leg carries faithful copies of the client's own traffic:
      // benign. Once values are being falsified, what the client is told is the attack.
      return interceptor.rewriter().active() ? Optional.of(label) : Optional.empty();
    }
    String now = injecting;
    if (now != null && relayId.startsWith(key + "@")) {
      return Optional.of(now);
    }
    return Optional.empty();
  }

  boolean stopped() {
    return stopped;
  }

  @Override
  public void start() {
    // Started by the fabric when the position is taken.
  }

  /** Gives the route back to the client's real path and closes the ridden connections. */
  @Override
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    fabric.release(key, this);
    interceptor.stop();
    if (clientLegSpan != null) {
      clientLegSpan.stop();
    }
  }
}
