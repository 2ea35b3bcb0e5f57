package dev.otlab.simulator.opcua;

import dev.otlab.core.loopback.Loopback;
import dev.otlab.core.loopback.LoopbackEnd;
import dev.otlab.core.loopback.Receiver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.transport.server.OpcServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.ServerApplicationContext;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.eclipse.milo.opcua.stack.transport.server.uasc.UascServerHelloHandler;

/**
 * The opc.tcp transport of a lab server: Milo's TCP transport for clients over sockets, and the
 * same UASC handlers on {@link LoopbackUaChannel}s for clients of this JVM that dial the bound
 * address and port in process ({@link Loopback}). Both kinds of client see one server, one endpoint
 * URL and the same bytes.
 */
final class LoopbackServerTransport implements OpcServerTransport {

  private final OpcTcpServerTransportConfig config;
  private final OpcTcpServerTransport tcp;
  private final Set<InetSocketAddress> bound = new HashSet<>();
  private final List<Loopback.Registration> registrations = new ArrayList<>();
  private final Set<LoopbackUaChannel> channels = new HashSet<>();

  LoopbackServerTransport(OpcTcpServerTransportConfig config) {
    this.config = config;
    this.tcp = new OpcTcpServerTransport(config);
  }

  @Override
  public synchronized void bind(ServerApplicationContext application, InetSocketAddress address)
      throws Exception {
    tcp.bind(application, address);
    if (!bound.add(address)) {
      return;
    }
    String host = address.getAddress().getHostAddress();
    List<String> hosts = host.equals("0.0.0.0") ? List.of(host, "127.0.0.1") : List.of(host);
    for (String h : hosts) {
      registrations.add(
          Loopback.listen(
              h, address.getPort(), toClient -> accept(application, address, toClient)));
    }
  }

  private Receiver accept(
      ServerApplicationContext application, InetSocketAddress address, LoopbackEnd toClient) {
    LoopbackUaChannel channel = new LoopbackUaChannel(address, LoopbackUaChannel.LOOPBACK, true);
    synchronized (this) {
      if (registrations.isEmpty()) {
        toClient.reset();
        return Receiver.DISCARD;
      }
      channels.add(channel);
    }
    channel.closeFuture().addListener(f -> forget(channel));
    channel.open(
        toClient,
        new UascServerHelloHandler(config, application, TransportProfile.TCP_UASC_UABINARY));
    return channel;
  }

  private synchronized void forget(LoopbackUaChannel channel) {
    channels.remove(channel);
  }

  @Override
  public void unbind() throws Exception {
    List<LoopbackUaChannel> open;
    synchronized (this) {
      registrations.forEach(Loopback.Registration::close);
      registrations.clear();
      bound.clear();
      open = new ArrayList<>(channels);
      channels.clear();
    }
    for (LoopbackUaChannel c : open) {
      c.closed(false);
    }
    tcp.unbind();
  }
}
