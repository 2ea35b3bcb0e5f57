package dev.otlab.simulator.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import dev.otlab.core.loopback.Loopback;
import dev.otlab.core.loopback.LoopbackEnd;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.UaRequestMessageType;
import org.eclipse.milo.opcua.stack.core.types.UaResponseMessageType;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.CloseSecureChannelRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.PublishResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.RequestHeader;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.core.util.Unit;
import org.eclipse.milo.opcua.stack.transport.client.AbstractUascClientTransport;
import org.eclipse.milo.opcua.stack.transport.client.ClientApplicationContext;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;
import org.eclipse.milo.opcua.stack.transport.client.uasc.ClientSecureChannel;
import org.eclipse.milo.opcua.stack.transport.client.uasc.InboundUascResponseHandler.DelegatingUascResponseHandler;
import org.eclipse.milo.opcua.stack.transport.client.uasc.UascClientAcknowledgeHandler;
import org.jspecify.annotations.Nullable;

/**
 * The opc.tcp transport of a lab client whose server (or first relay) is in this JVM: Milo's UASC
 * handlers on a {@link LoopbackUaChannel} instead of a socket. A request is written, judged by
 * every relay on the way, served and answered on the calling thread, and its future completes
 * before {@link #sendRequestMessage} returns. One connection, no reconnects: a lab session that
 * loses its connection fails, and its owner opens a new one as it would after a socket's loss.
 */
final class LoopbackClientTransport extends AbstractUascClientTransport {

  private final OpcTcpClientTransportConfig config;
  private @Nullable LoopbackUaChannel channel;

  LoopbackClientTransport(OpcTcpClientTransportConfig config) {
    super(config);
    this.config = config;
  }

  /** Whether a listener of this JVM serves the endpoint URL's address and port in process. */
  static boolean serves(String endpointUrl) {
    String host = EndpointUtil.getHost(endpointUrl);
    return host != null && Loopback.serves(host, EndpointUtil.getPort(endpointUrl));
  }

  @Override
  public OpcTcpClientTransportConfig getConfig() {
    return config;
  }

  @Override
  public synchronized CompletableFuture<Unit> connect(ClientApplicationContext application) {
    if (channel != null && channel.isOpen()) {
      return CompletableFuture.completedFuture(Unit.VALUE);
    }
    String url = application.getEndpoint().getEndpointUrl();
    String host = EndpointUtil.getHost(url);
    int port = EndpointUtil.getPort(url);
    InetSocketAddress server = new InetSocketAddress(host == null ? "127.0.0.1" : host, port);
    LoopbackUaChannel c = new LoopbackUaChannel(LoopbackUaChannel.LOOPBACK, server, false);
    LoopbackEnd wire = host == null ? null : Loopback.dial(host, port, c);
    if (wire == null) {
      return CompletableFuture.failedFuture(
          new UaException(
              StatusCodes.Bad_ConnectionRejected,
              "nothing in this JVM serves " + host + ":" + port));
    }
    var handshake = new CompletableFuture<ClientSecureChannel>();
    channel = c;
    c.runNow(
        () ->
            c.open(
                wire,
                new DelegatingUascResponseHandler(this),
                new UascClientAcknowledgeHandler(
                    config, application, requestId::getAndIncrement, handshake)));
    return handshake.thenApply(sc -> Unit.VALUE);
  }

  @Override
  public CompletableFuture<Unit> disconnect() {
    LoopbackUaChannel c;
    synchronized (this) {
      c = channel;
      channel = null;
    }
    if (c == null || !c.isOpen()) {
      return CompletableFuture.completedFuture(Unit.VALUE);
    }
    var header =
        new RequestHeader(NodeId.NULL_VALUE, DateTime.now(), uint(0), uint(0), null, uint(0), null);
    // Milo's handler sends CloseSecureChannel and closes the channel; answered or not, it is gone.
    c.runNow(
        () -> {
          c.pipeline().fireUserEventTriggered(new CloseSecureChannelRequest(header));
          if (c.isOpen()) {
            c.close();
          }
        });
    return CompletableFuture.completedFuture(Unit.VALUE);
  }

  @Override
  protected synchronized CompletableFuture<Channel> getChannel() {
    LoopbackUaChannel c = channel;
    if (c == null || !c.isOpen()) {
      return CompletableFuture.failedFuture(
          new UaException(StatusCodes.Bad_ConnectionClosed, "connection closed"));
    }
    return CompletableFuture.completedFuture(c);
  }

  @Override
  protected CompletableFuture<UaResponseMessageType> sendRequestMessage(
      UaRequestMessageType requestMessage, Channel ch) {
    LoopbackUaChannel c = (LoopbackUaChannel) ch;
    AtomicReference<CompletableFuture<UaResponseMessageType>> sent = new AtomicReference<>();
    c.runNow(
        () -> {
          // Due timers of the pipeline (secure channel renewal) run before the request goes out.
          c.runPendingTasks();
          sent.set(super.sendRequestMessage(requestMessage, c));
        });
    return sent.get();
  }

  @Override
  public void handleResponse(long requestId, UaResponseMessageType responseMessage) {
    if (responseMessage instanceof PublishResponse) {
      super.handleResponse(requestId, responseMessage);
      return;
    }
    // Completed here, on the delivering thread: the caller is waiting, and a hand-off to Milo's
    // pool would cost more than the whole in-process round trip.
    CompletableFuture<UaResponseMessageType> future = pendingRequests.remove(requestId);
    if (future != null) {
      cancelRequestTimeout(requestId);
      future.complete(responseMessage);
    } else {
      logger.debug("Response for unknown request {}", requestId);
    }
  }
}
