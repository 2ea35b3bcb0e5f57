package dev.otlab.containers;

import dev.otlab.core.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Joins two sockets byte for byte, one thread per direction, until either side ends. An end is
 * passed on as the same kind of end: a close as a close, a reset as a reset, because clients and
 * attack techniques tell a conduit's drop from its reject by exactly that.
 */
final class Pipe {

  private final Socket a;
  private final Socket b;
  private final AtomicBoolean ended = new AtomicBoolean();

  private Pipe(Socket a, Socket b) {
    this.a = a;
    this.b = b;
  }

  /** Starts copying between {@code a} and {@code b} on daemon threads named after {@code name}. */
  static void join(Socket a, Socket b, String name) {
    Pipe p = new Pipe(a, b);
    start(() -> p.copy(a, b), name + ">");
    start(() -> p.copy(b, a), name + "<");
  }

  private static void start(Runnable r, String name) {
    Thread t = new Thread(r, "pipe-" + name);
    t.setDaemon(true);
    t.start();
  }

  private void copy(Socket from, Socket to) {
    boolean reset = false;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (SocketException e) {
      String m = String.valueOf(e.getMessage());
      reset = m.contains("reset") && !from.isClosed();
    } catch (IOException e) {
      // Either side went away: end both below.
    } finally {
      if (ended.compareAndSet(false, true)) {
        if (reset) {
          resetQuietly(to);
        }
        Sockets.closeQuietly(from);
        Sockets.closeQuietly(to);
      }
    }
  }

  /** Closes with an RST instead of a FIN. */
  static void resetQuietly(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // Already closed: nothing left to reset.
    }
    Sockets.closeQuietly(s);
  }
}
