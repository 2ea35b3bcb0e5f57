package dev.otlab.core.loopback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The listeners of this JVM that in-process clients reach without the kernel, by the loopback
 * address and port each also listens on with a kernel socket. A listener registers once its socket
 * is bound (the port is then this listener's, machine-wide) and unregisters before it closes it.
 *
 * <p>Off with {@code -Dotlab.loopback=false}: every client then dials a kernel socket, which is how
 * a capture on the loopback interface sees all of a lab's traffic, and how tests compare the two
 * ways byte for byte.
 */
public final class Loopback {

  /** The system property that turns in-process connections off ({@code false}). */
  public static final String PROPERTY = "otlab.loopback";

  private static final Map<String, LoopbackListener> LISTENERS = new ConcurrentHashMap<>();

  private Loopback() {}

  /** Whether in-process connections are on (the default). */
  public static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
  }

  /**
   * Serves {@code address}:{@code port} in process too, until the returned registration is closed.
   * The caller must hold that port with a bound kernel socket, which makes the key unique.
   */
  public static Registration listen(String address, int port, LoopbackListener listener) {
    String key = key(address, port);
    if (LISTENERS.putIfAbsent(key, listener) != null) {
      throw new IllegalStateException(key + " is already served in process");
    }
    return new Registration(key, listener);
  }

  /** Whether a listener of this JVM serves {@code address}:{@code port} in process. */
  public static boolean serves(String address, int port) {
    return enabled() && LISTENERS.containsKey(key(address, port));
  }

  /**
   * Connects in process when a listener of this JVM serves {@code address}:{@code port} and accepts
   * the connection; null otherwise (the caller then dials a kernel socket).
   */
  public static @Nullable LoopbackConnection dial(String address, int port) {
    if (!enabled() || !LISTENERS.containsKey(key(address, port))) {
      return null;
    }
    LoopbackConnection client = new LoopbackConnection();
    LoopbackEnd end = dial(address, port, client);
    if (end == null) {
      return null;
    }
    client.attach(end);
    return client;
  }

  /**
   * Connects a listener's own outgoing leg (a relay to its next hop) in process, with {@code
   * receiver} taking what the far side sends back; null when nothing in this JVM serves the address
   * or its listener declines.
   */
  public static @Nullable LoopbackEnd dial(String address, int port, Receiver receiver) {
    if (!enabled()) {
      return null;
    }
    LoopbackListener listener = LISTENERS.get(key(address, port));
    if (listener == null) {
      return null;
    }
    LoopbackEnd[] ends = LoopbackEnd.pair(address, port);
    ends[0].receiveWith(receiver);
    Receiver server = listener.accept(ends[1]);
    if (server == null) {
      return null;
    }
    ends[1].receiveWith(server);
    return ends[0];
  }

  private static String key(String address, int port) {
    String a = "localhost".equals(address) ? "127.0.0.1" : address;
    return a + ":" + port;
  }

  /** A listener's place in the registry; closing it stops in-process connections to it. */
  public static final class Registration implements AutoCloseable {
    private final String key;
    private final LoopbackListener listener;

    private Registration(String key, LoopbackListener listener) {
      this.key = key;
      this.listener = listener;
    }

    @Override
    public void close() {
      LISTENERS.remove(key, listener);
    }
  }
}
