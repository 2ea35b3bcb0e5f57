package dev.otlab.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every listening component (Modbus servers, conduit relays, blackholes) does the same way:
 * bind a loopback listener with one clear error, close quietly, and join its threads with a bound
 * so a stop never hangs on a stuck connection.
 */
public final class Sockets {

  private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);
  private static final int BACKLOG = 64;
  private static final long JOIN_MILLIS = 2000;

  private Sockets() {}

  /**
   * Binds a listener. Address reuse lets a restarted lab rebind while old connections sit in
   * TIME_WAIT.
   *
   * @param errorCode the code of the error when binding fails, e.g. {@code MODBUS_BIND_FAILED}
   * @param what who is listening, for the message, e.g. {@code The Modbus server for 'plc-1'}
   */
  public static ServerSocket listen(String bindAddress, int port, String errorCode, String what) {
    ServerSocket ss = null;
    try {
      ss = new ServerSocket();
      ss.setReuseAddress(true);
      ss.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), BACKLOG);
      return ss;
    } catch (IOException e) {
      closeQuietly(ss);
      throw new OtlabException(
          errorCode,
          what + " cannot listen on " + bindAddress + ":" + port + " (" + e.getMessage() + ").",
          "Pick a free port (0 picks an ephemeral one) and make sure no earlier lab still holds"
              + " it.",
          e);
    }
  }

  /**
   * Accepts connections on a daemon thread until the listener is closed, and hands each one to
   * {@code handler} on a daemon thread of its own, so a slow peer never holds up the next one.
   *
   * @param name the accepting thread's name; a connection's thread is named after it
   * @return the accepting thread, already started
   */
  public static Thread acceptEach(ServerSocket ss, String name, Consumer<Socket> handler) {
    Thread t =
        new Thread(
            () -> {
              while (!ss.isClosed()) {
                Socket s;
                try {
                  s = ss.accept();
                } catch (IOException e) {
                  if (!ss.isClosed()) {
                    LOG.warn("{} stopped accepting connections: {}", name, e.toString());
                  }
                  return;
                }
                Thread c = new Thread(() -> handler.accept(s), name + "-conn");
                c.setDaemon(true);
                c.start();
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Closes, ignoring failures: a socket that fails to close is unusable either way. */
  public static void closeQuietly(@Nullable AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // Best effort: the peer is gone or the socket is already closed.
    }
  }

  /** Waits for a thread to end, for at most two seconds; never joins the calling thread. */
  public static void join(@Nullable Thread t) {
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
