package dev.otlab.network.relay;

import dev.otlab.network.RemoteService;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.network.remote.RemoteOpening;
import dev.otlab.network.remote.RemoteWire;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Taps a remote-access session (SSH, Telnet, HTTP, HTTPS, SMB, RDP, VNC, a vendor's service): the
 * client's opening is read ({@link RemoteWire#decode}) and reported as one event naming what it
 * asked for (the account in an RDP cookie or a Telnet login, the client software of SSH, the
 * request and host of HTTP, the SNI, ALPN and version of a TLS ClientHello, the dialects of SMB,
 * the size and port of a vendor's hello), answered when the server's first bytes after it arrive,
 * or unanswered when the connection closes first. An RDP session's security-layer TLS hello, which
 * follows its X.224 exchange, is a second event ({@code TLS_CLIENT_HELLO sni=...}). Everything
 * after passes unread: in the real protocols it is encrypted or keystrokes. Rules on these services
 * decide connections only; nothing is refused here.
 *
 * <p>A service inside TLS whose own protocol the relay would read in clear (MQTT over TLS: {@link
 * #overTls}) is tapped the same way: its ClientHello is the one event ({@code TLS_CLIENT_HELLO
 * sni=... alpn=... version=...}), and nothing of the protocol inside.
 */
public final class RemoteServiceInspector implements Inspector {

  private static final int MAX_CHUNK = 64 * 1024;

  private record Pending(double time, RemoteOpening opening) {}

  private final ConnectionContext ctx;
  // Null for a service inside TLS, whose opening is its ClientHello.
  private final @Nullable RemoteService service;
  private final StreamFramer clientFramer;
  // Whatever the server sends is passed on as it comes.
  private final StreamFramer serverFramer = new StreamFramer((buf, n) -> n, MAX_CHUNK);
  // Read and written by the client side only.
  private boolean opened;
  // RDP: after its opening the client may start TLS; its first record is read as a hello.
  private boolean helloRead;
  private @Nullable Pending pending;

  public RemoteServiceInspector(ConnectionContext ctx, RemoteService service) {
    this.ctx = ctx;
    this.service = java.util.Objects.requireNonNull(service, "service");
    this.clientFramer = new StreamFramer(this::clientFrameLength, MAX_CHUNK);
  }

  private RemoteServiceInspector(ConnectionContext ctx) {
    this.ctx = ctx;
    this.service = null;
    this.clientFramer = new StreamFramer(this::clientFrameLength, MAX_CHUNK);
  }

  /**
   * Taps a service inside TLS from its first byte (MQTT over TLS): the ClientHello is read, the
   * records after it pass unread.
   */
  public static RemoteServiceInspector overTls(ConnectionContext ctx) {
    return new RemoteServiceInspector(ctx);
  }

  private int clientFrameLength(byte[] buf, int n) {
    if (!opened) {
      return service == null
          ? RemoteWire.tlsRecordLength(buf, n)
          : RemoteWire.openingLength(service, buf, n);
    }
    if (service == RemoteService.RDP && !helloRead) {
      return RemoteWire.tlsRecordLength(buf, n);
    }
    return n;
  }

  @Override
  public StreamFramer clientFramer() {
    return clientFramer;
  }

  @Override
  public StreamFramer serverFramer() {
    return serverFramer;
  }

  @Override
  public Verdict fromClient(byte[] frame) {
    if (opened && service == RemoteService.RDP && !helloRead) {
      // The security layer's TLS handshake after the X.224 exchange: its hello is the second
      // thing a sensor reads of an RDP session (SNI, version).
      helloRead = true;
      RemoteOpening hello = RemoteWire.decodeTlsHello(frame);
      if (hello.recognised()) {
        synchronized (this) {
          pending = new Pending(ctx.now(), hello);
        }
      }
      return new Verdict.Forward(frame);
    }
    if (!opened) {
      opened = true;
      RemoteOpening o =
          service == null ? RemoteWire.decodeTlsHello(frame) : RemoteWire.decode(service, frame);
      if (service == RemoteService.VENDOR) {
        // A vendor's protocol says nothing a tap can name; where it listens tells which it is.
        List<String> subjects = new java.util.ArrayList<>(o.subjects());
        subjects.add("port=" + ctx.flow().port());
        o = new RemoteOpening(o.operation(), subjects);
      }
      synchronized (this) {
        pending = new Pending(ctx.now(), o);
      }
    }
    return new Verdict.Forward(frame);
  }

  @Override
  public Verdict fromServer(byte[] frame) {
    Pending p;
    synchronized (this) {
      p = pending;
      pending = null;
    }
    if (p != null) {
      report(p, Result.OK);
    }
    return new Verdict.Forward(frame);
  }

  @Override
  public void closed() {
    Pending p;
    synchronized (this) {
      p = pending;
      pending = null;
    }
    if (p != null) {
      report(p, Result.NO_RESPONSE);
    }
  }

  private void report(Pending p, Result result) {
    ctx.emitMessage(
        p.time(),
        p.opening().operation(),
        -1,
        p.opening().subjects(),
        List.of(),
        result,
        0,
        false,
        ctx.matcher().connection(ctx.flow()));
  }
}
