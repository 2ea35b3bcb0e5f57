package dev.otlab.containers;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.Sockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's agent for a scenario runner: the runner plays the host's clients (benign operations, or
 * an attacker's techniques on a foothold) and the agent makes their connections from the host's own
 * container, so the conduits judge them by the host's address on its zone network. It listens only
 * on the host's control network address (never on a zone), takes one line {@code CONNECT NAME PORT}
 * per connection, where NAME must be a host or gateway of the lab (never an address: the agent is
 * no way out of the lab), answers {@code OK} or {@code ERR reason}, then pipes.
 */
public final class AgentServer implements Lifecycle {

  /** Port of a host's agent on its control network. */
  public static final int PORT = 7171;

  private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
  private static final int LINE_MAX = 200;

  private final String bindAddress;
  private final int port;
  private final Set<String> names;
  private final Predicate<InetAddress> control;
  private @Nullable ServerSocket server;

  /**
   * @param bindAddress the host's address on its control network
   * @param names the lab's host ids and gateway names, the only targets there are
   * @param control whether an address is on a control network (never connected to: a name that
   *     resolves there too must be reached on its zone)
   */
  public AgentServer(
      String bindAddress, int port, Set<String> names, Predicate<InetAddress> control) {
    this.bindAddress = bindAddress;
    this.port = port;
    this.names = Set.copyOf(names);
    this.control = control;
  }

  @Override
  public synchronized void start() {
    ServerSocket ss = Sockets.listen(bindAddress, port, "AGENT_BIND_FAILED", "Host agent");
    server = ss;
    Sockets.acceptEach(ss, "agent", this::serve);
  }

  /** The bound port. */
  public int port() {
    ServerSocket ss = server;
    return ss == null ? -1 : ss.getLocalPort();
  }

  private void serve(Socket runner) {
    Socket up = null;
    try {
      runner.setSoTimeout(10_000);
      String line = readLine(runner.getInputStream());
      String[] p = line == null ? new String[0] : line.split(" ");
      if (p.length != 3 || !p[0].equals("CONNECT")) {
        refuse(runner, "expected CONNECT NAME PORT");
        return;
      }
      String name = p[1];
      int target;
      try {
        target = Integer.parseInt(p[2]);
      } catch (NumberFormatException e) {
        target = -1;
      }
      if (!names.contains(name) || target < 1 || target > 65_535) {
        refuse(runner, "'" + name + ":" + p[2] + "' is not a service of this lab");
        return;
      }
      InetAddress address = zoneAddress(name);
      if (address == null) {
        refuse(runner, name + " does not resolve on this host's zones");
        return;
      }
      up = new Socket();
      try {
        up.setTcpNoDelay(true);
        up.connect(new InetSocketAddress(address, target), 3000);
      } catch (IOException e) {
        Sockets.closeQuietly(up);
        refuse(runner, name + ":" + target + " " + e.getMessage());
        return;
      }
      runner.setSoTimeout(0);
      runner.setTcpNoDelay(true);
      runner.getOutputStream().write("OK\n".getBytes(StandardCharsets.US_ASCII));
      runner.getOutputStream().flush();
      Pipe.join(runner, up, name + ":" + target);
    } catch (IOException e) {
      LOG.debug("Agent connection ended early: {}", e.toString());
      Sockets.closeQuietly(runner);
      Sockets.closeQuietly(up);
    }
  }

  /** The name's address on a zone this host shares with it, not on a control network. */
  private @Nullable InetAddress zoneAddress(String name) {
    try {
      for (InetAddress a : InetAddress.getAllByName(name)) {
        if (!control.test(a)) {
          return a;
        }
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return null;
  }

  private static void refuse(Socket runner, String why) {
    try {
      runner.getOutputStream().write(("ERR " + why + "\n").getBytes(StandardCharsets.UTF_8));
      runner.getOutputStream().flush();
    } catch (IOException e) {
      // The runner left; nothing to tell.
    }
    Sockets.closeQuietly(runner);
  }

  /** One line of at most {@link #LINE_MAX} bytes, or null at the end of the stream. */
  static @Nullable String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        return b.toString(StandardCharsets.UTF_8).strip();
      }
      if (b.size() >= LINE_MAX) {
        throw new IOException("line longer than " + LINE_MAX + " bytes");
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8).strip();
  }

  /** Lab names an agent may connect to: host ids and gateway names. */
  public static Set<String> labNames(ContainerPlan plan) {
    Set<String> out = new HashSet<>();
    plan.architecture().hosts().forEach(h -> out.add(h.id()));
    plan.architecture().conduits().forEach(c -> out.add(ContainerPlan.gatewayName(c.id())));
    return out;
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      Sockets.closeQuietly(server);
      server = null;
    }
  }
}
