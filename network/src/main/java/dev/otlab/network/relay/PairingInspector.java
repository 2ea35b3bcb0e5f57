package dev.otlab.network.relay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the inspectors of request/response protocols (Modbus, OPC UA, MQTT) share: a framer per
 * direction and the requests held until their answers arrive, so one tap event carries a request
 * with its outcome. At most {@link #MAX_PENDING} are held, oldest first out: a request displaced by
 * the limit, by a second request under the same key, or left when the connection closes is reported
 * unanswered ({@link #unanswered}), never dropped. The client side holds and the server side
 * answers on their own threads, so the held requests are guarded.
 *
 * @param <K> what pairs an answer with its request (a transaction id, a request id, a packet type
 *     and id)
 * @param <P> what is held of a request until its answer
 */
abstract class PairingInspector<K, P> implements Inspector {

  /** Outstanding requests kept for pairing; beyond this the oldest counts as unanswered. */
  static final int MAX_PENDING = 256;

  protected final ConnectionContext ctx;
  private final StreamFramer clientFramer;
  private final StreamFramer serverFramer;
  private final Map<K, P> pending = new LinkedHashMap<>();

  /**
   * @param framer a new framer of the protocol (one is made per direction)
   */
  PairingInspector(ConnectionContext ctx, Supplier<StreamFramer> framer) {
    this.ctx = ctx;
    this.clientFramer = framer.get();
    this.serverFramer = framer.get();
  }

  @Override
  public final StreamFramer clientFramer() {
    return clientFramer;
  }

  @Override
  public final StreamFramer serverFramer() {
    return serverFramer;
  }

  /** Reports a request whose answer never came. */
  protected abstract void unanswered(P request);

  /** Holds a request until {@link #answered} takes it back with its answer. */
  protected final void hold(K key, P request) {
    List<P> overflow = new ArrayList<>();
    synchronized (pending) {
      P displaced = pending.put(key, request);
      if (displaced != null) {
        overflow.add(displaced);
      }
      while (pending.size() > MAX_PENDING) {
        K oldest = pending.keySet().iterator().next();
        overflow.add(pending.remove(oldest));
      }
    }
    overflow.forEach(this::unanswered);
  }

  /** The request an answer under {@code key} belongs to, no longer held; null when none is. */
  protected final @Nullable P answered(K key) {
    synchronized (pending) {
      return pending.remove(key);
    }
  }

  @Override
  public final void closed() {
    List<P> left;
    synchronized (pending) {
      left = new ArrayList<>(pending.values());
      pending.clear();
    }
    left.forEach(this::unanswered);
  }
}
