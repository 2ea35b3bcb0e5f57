package dev.otlab.scenarios.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.simulator.core.Lifecycle;
import dev.otlab.simulator.core.Sockets;
import dev.otlab.simulator.network.relay.ProtocolEvent;
import dev.otlab.simulator.network.relay.TapListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's tap on the management network: every protocol event its relays see, as one JSON line
 * each ({@link #encode}), to every subscriber connected at the time (a sensor, the orchestrator).
 * Relays never wait for a subscriber: each has a bounded queue, and what does not fit is dropped
 * and counted, so a slow or stuck subscriber costs the lab nothing but its own view. Subscribers
 * only listen; anything they send is ignored.
 */
public final class TapFeed implements Lifecycle, TapListener {

  /** Port of the tap feed on a gateway's management address. */
  public static final int PORT = 7070;

  private static final Logger LOG = LoggerFactory.getLogger(TapFeed.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUEUE = 10_000;

  /** Queued on stop so a subscriber's writer wakes up and ends. */
  private static final String END = "";

  private final String bindAddress;
  private final int port;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicLong dropped = new AtomicLong();
  private volatile @Nullable ServerSocket server;

  /**
   * @param bindAddress the gateway's management address
   * @param port {@link #PORT}, or 0 for any (tests)
   */
  public TapFeed(String bindAddress, int port) {
    this.bindAddress = bindAddress;
    this.port = port;
  }

  /** One event as a JSON line (without the newline). */
  public static String encode(ProtocolEvent e) {
    try {
      return JSON.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a protocol event did not serialise", ex);
    }
  }

  /**
   * The event a JSON line holds.
   *
   * @throws IllegalArgumentException when the line is not one
   */
  public static ProtocolEvent decode(String line) {
    try {
      return JSON.readValue(line, ProtocolEvent.class);
    } catch (JsonProcessingException | RuntimeException ex) {
      throw new IllegalArgumentException("not a protocol event: " + ex.getMessage(), ex);
    }
  }

  @Override
  public synchronized void start() {
    ServerSocket ss = Sockets.listen(bindAddress, port, "TAP_FEED_BIND_FAILED", "Tap feed");
    server = ss;
    Thread t = new Thread(() -> accept(ss), "tap-feed-accept");
    t.setDaemon(true);
    t.start();
  }

  /** The bound port. */
  public int port() {
    ServerSocket ss = server;
    return ss == null ? -1 : ss.getLocalPort();
  }

  /** Events that did not fit a subscriber's queue, over all subscribers. */
  public long dropped() {
    return dropped.get();
  }

  /** Subscribers connected now. */
  public int subscribers() {
    return subscribers.size();
  }

  private void accept(ServerSocket ss) {
    while (!ss.isClosed()) {
      try {
        Socket s = ss.accept();
        Subscriber sub = new Subscriber(s);
        subscribers.add(sub);
        Thread t = new Thread(sub::run, "tap-feed-" + s.getRemoteSocketAddress());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!ss.isClosed()) {
          LOG.warn("Tap feed stopped accepting: {}", e.toString());
        }
        return;
      }
    }
  }

  @Override
  public void onEvent(ProtocolEvent event) {
    if (subscribers.isEmpty()) {
      return;
    }
    String line = encode(event) + "\n";
    for (Subscriber s : subscribers) {
      if (!s.queue.offer(line)) {
        dropped.incrementAndGet();
      }
    }
  }

  @Override
  public synchronized void stop() {
    ServerSocket ss = server;
    server = null;
    if (ss != null) {
      Sockets.closeQuietly(ss);
    }
    for (Subscriber s : subscribers) {
      Sockets.closeQuietly(s.socket);
      s.queue.offer(END);
    }
    subscribers.clear();
  }

  private final class Subscriber {
    final Socket socket;
    final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);

    Subscriber(Socket socket) {
      this.socket = socket;
    }

    void run() {
      try (OutputStream out = socket.getOutputStream()) {
        while (!socket.isClosed()) {
          String line = queue.take();
          if (line.equals(END)) {
            return;
          }
          out.write(line.getBytes(StandardCharsets.UTF_8));
          if (queue.isEmpty()) {
            out.flush();
          }
        }
      } catch (IOException e) {
        LOG.debug("Tap feed subscriber {} left: {}", socket.getRemoteSocketAddress(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        subscribers.remove(this);
        Sockets.closeQuietly(socket);
      }
    }
  }
}
