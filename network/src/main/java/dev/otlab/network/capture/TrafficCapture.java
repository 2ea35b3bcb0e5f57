package dev.otlab.network.capture;

import dev.otlab.core.OtlabException;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.RelayCapture;
import dev.otlab.network.relay.RelayRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the sensors of one run saw, byte for byte: every connection the relays of tapped conduits
 * and span ports carried, with its bytes per direction, when it opened or was refused, and how it
 * closed, stamped with the lab clock. Held in memory until the run is over and exported; {@link
 * #limitBytes()} bounds it. Once the bytes held would pass the limit the capture stops as a whole
 * (nothing later is recorded, so every connection stays consistent up to that instant) and {@link
 * #truncatedAt()} says when.
 *
 * <p>Each record takes its time and its place in the capture's order under its connection's lock,
 * so within a connection later records never carry earlier times, and the order across connections
 * of records with equal times is the order they happened in.
 */
public final class TrafficCapture implements RelayCapture {

  /** 256 MiB: a lab hour of a typical run holds about 11 MiB (README.md, Packet captures). */
  public static final long DEFAULT_LIMIT_BYTES = 256L << 20;

  /** What a record costs beyond its bytes: the object, its array header and list slot. */
  static final int RECORD_OVERHEAD = 64;

  private final DoubleSupplier clock;
  private final long limitBytes;
  private volatile Function<String, String> labeller = relay -> "";
  private final AtomicLong order = new AtomicLong();
  private final AtomicLong held = new AtomicLong();
  private volatile double truncatedAt = Double.NaN;
  private final Map<String, Connection> open = new ConcurrentHashMap<>();
  private final List<Connection> connections = new ArrayList<>();
  private final Map<String, Integer> refusedIds = new ConcurrentHashMap<>();
  // One instance per label text: a record keeps a reference, not a copy per record.
  private final Map<String, String> labels = new ConcurrentHashMap<>();

  /**
   * @param clock the lab clock, seconds
   * @param limitBytes the most bytes (payload plus {@value #RECORD_OVERHEAD} per record) it holds
   * @throws OtlabException {@code CAPTURE_LIMIT_INVALID} when the limit is not positive
   */
  public TrafficCapture(DoubleSupplier clock, long limitBytes) {
    this.clock = clock;
    this.limitBytes = requireLimit(limitBytes);
  }

  /**
   * Returns {@code limitBytes} when a capture can hold it.
   *
   * @throws OtlabException {@code CAPTURE_LIMIT_INVALID} when it is not positive
   */
  public static long requireLimit(long limitBytes) {
    if (limitBytes < 1) {
      throw new OtlabException(
          "CAPTURE_LIMIT_INVALID",
          "A packet capture limit of " + limitBytes + " bytes holds nothing.",
          "Give a positive limit, e.g. 256 MiB.");
    }
    return limitBytes;
  }

  /**
   * Names who caused what a relay carries at this instant (the lab's ground truth), asked with the
   * relay's id at every record; the answer is kept opaque. Unset, every record is labelled "".
   */
  public void labeller(Function<String, String> value) {
    labeller = value;
  }

  public long limitBytes() {
    return limitBytes;
  }

  /** Bytes held now, overhead included. */
  public long heldBytes() {
    return held.get();
  }

  /** The lab time the limit stopped the capture at, if it did. */
  public OptionalDouble truncatedAt() {
    double t = truncatedAt;
    return Double.isNaN(t) ? OptionalDouble.empty() : OptionalDouble.of(t);
  }

  /** Every connection recorded so far, in the order they opened or were refused. */
  public List<CapturedConnection> connections() {
    List<Connection> copy;
    synchronized (connections) {
      copy = new ArrayList<>(connections);
    }
    return copy.stream().map(Connection::snapshot).toList();
  }

  @Override
  public void refused(RelayRoute route, String connection, Refusal how) {
    String id = connection;
    if (connection.endsWith("#refused")) {
      id = connection + refusedIds.merge(connection, 1, Integer::sum);
    }
    Connection c = new Connection(route, id, how);
    c.start();
  }

  @Override
  public void opened(RelayRoute route, String connection) {
    Connection c = new Connection(route, connection, null);
    if (c.start()) {
      open.put(connection, c);
    }
  }

  @Override
  public void fromClient(String connection, byte[] bytes, int offset, int length) {
    Connection c = open.get(connection);
    if (c != null && length > 0) {
      c.data(true, bytes, offset, length);
    }
  }

  @Override
  public void toClient(String connection, byte[] bytes, int offset, int length) {
    Connection c = open.get(connection);
    if (c != null && length > 0) {
      c.data(false, bytes, offset, length);
    }
  }

  @Override
  public void closed(String connection, Closer closer) {
    Connection c = open.remove(connection);
    if (c != null) {
      c.close(closer);
    }
  }

  private String label(RelayRoute route) {
    String l = labeller.apply(route.id());
    return labels.computeIfAbsent(l, k -> k);
  }

  /**
   * Takes {@code bytes} from the limit, or stops the capture at {@code time} when it is reached.
   */
  private boolean reserve(long bytes, double time) {
    if (!Double.isNaN(truncatedAt)) {
      return false;
    }
    if (held.addAndGet(bytes) > limitBytes) {
      held.addAndGet(-bytes);
      synchronized (this) {
        if (Double.isNaN(truncatedAt)) {
          truncatedAt = time;
        }
      }
      return false;
    }
    return true;
  }

  private final class Connection {
    private final RelayRoute route;
    private final String id;
    private final @Nullable Refusal refusal;
    private final List<CapturedConnection.Data> data = new ArrayList<>();
    private double openTime;
    private long openOrder;
    private String openLabel = "";
    private CapturedConnection.@Nullable Close close;

    Connection(RelayRoute route, String id, @Nullable Refusal refusal) {
      this.route = route;
      this.id = id;
      this.refusal = refusal;
    }

    synchronized boolean start() {
      double time = clock.getAsDouble();
      if (!reserve(RECORD_OVERHEAD, time)) {
        return false;
      }
      openTime = time;
      openOrder = order.incrementAndGet();
      openLabel = label(route);
      synchronized (connections) {
        connections.add(this);
      }
      return true;
    }

    synchronized void data(boolean fromClient, byte[] bytes, int offset, int length) {
      if (close != null) {
        return;
      }
      double time = clock.getAsDouble();
      if (!reserve(RECORD_OVERHEAD + (long) length, time)) {
        return;
      }
      byte[] copy = new byte[length];
      System.arraycopy(bytes, offset, copy, 0, length);
      data.add(
          new CapturedConnection.Data(
              time, order.incrementAndGet(), fromClient, copy, label(route)));
    }

    synchronized void close(Closer closer) {
      if (close != null) {
        return;
      }
      double time = clock.getAsDouble();
      if (!reserve(RECORD_OVERHEAD, time)) {
        return;
      }
      close = new CapturedConnection.Close(time, order.incrementAndGet(), closer);
    }

    synchronized CapturedConnection snapshot() {
      Flow flow = route.flow();
      return new CapturedConnection(
          route.conduits().get(0).id(),
          route.id(),
          id,
          flow,
          openTime,
          openOrder,
          openLabel,
          refusal,
          List.copyOf(data),
          close);
    }
  }
}
