package dev.otlab.network.fabric;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.Sockets;
import dev.otlab.core.loopback.Loopback;
import dev.otlab.core.loopback.Receiver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import org.jspecify.annotations.Nullable;

/**
 * Stands in for a service a host has no route to: accepts and closes at once (with SO_LINGER 0, so
 * the client gets a reset) and reports each attempt. This keeps {@code --expose} honest: every
 * service a host might try has an address, and the unreachable ones fail the way a firewall makes
 * them fail.
 */
final class Blackhole implements Lifecycle {

  private final String address;
  private final Runnable onAttempt;
  private @Nullable ServerSocket socket;
  private @Nullable Thread acceptor;
  private Loopback.@Nullable Registration loopback;

  Blackhole(String address, Runnable onAttempt) {
    this.address = address;
    this.onAttempt = onAttempt;
  }

  @Override
  public synchronized void start() {
    ServerSocket s = Sockets.listen(address, 0, "FABRIC_BIND_FAILED", "The lab network");
    socket = s;
    loopback =
        Loopback.listen(
            address,
            s.getLocalPort(),
            toClient -> {
              onAttempt.run();
              toClient.reset();
              return Receiver.DISCARD;
            });
    Thread t =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                  c.setSoLinger(true, 0);
                  onAttempt.run();
                } catch (IOException e) {
                  // Closed by stop(), or a client that vanished: nothing to report either way.
                }
              }
            },
            "blackhole-" + s.getLocalPort());
    t.setDaemon(true);
    acceptor = t;
    t.start();
  }

  synchronized int port() {
    ServerSocket s = socket;
    return s == null ? -1 : s.getLocalPort();
  }

  @Override
  public synchronized void stop() {
    ServerSocket s = socket;
    socket = null;
    Loopback.Registration r = loopback;
    loopback = null;
    if (r != null) {
      r.close();
    }
    Sockets.closeQuietly(s);
    Thread t = acceptor;
    acceptor = null;
    Sockets.join(t);
  }
}
