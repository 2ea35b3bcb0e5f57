package dev.otlab.core.loopback;

import java.io.IOException;
import java.net.SocketException;
import org.jspecify.annotations.Nullable;

/**
 * One end of an in-process connection. What one end sends is handed to the other end's receiver at
 * once, on the sender's thread, so a request written by a client is answered (through every relay
 * on the way) before the write returns.
 *
 * <p>Closing behaves as TCP does for the sender of a request: bytes sent to an end that has closed
 * are dropped (the kernel takes them and the peer discards them), and the reader learns of the
 * close when it reads: end of stream after a close, "Connection reset" after a reset.
 */
public final class LoopbackEnd {

  private final String remoteAddress;
  private final int remotePort;
  private @Nullable LoopbackEnd peer;
  private @Nullable Receiver receiver;
  private volatile boolean closed;
  private boolean answeredWithReset;

  private LoopbackEnd(String remoteAddress, int remotePort) {
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
  }

  /** A connected pair: the dialer's end first, the listener's end second. */
  static LoopbackEnd[] pair(String listenerAddress, int listenerPort) {
    // The dialer has no port of its own; 0 says so wherever a listener reports its peer.
    LoopbackEnd dialer = new LoopbackEnd(listenerAddress, listenerPort);
    LoopbackEnd listener = new LoopbackEnd(listenerAddress, 0);
    dialer.peer = listener;
    listener.peer = dialer;
    return new LoopbackEnd[] {dialer, listener};
  }

  void receiveWith(Receiver r) {
    receiver = r;
  }

  /** Address of the other end (the listener's address on both ends: it is loopback). */
  public String remoteAddress() {
    return remoteAddress;
  }

  /** Port of the other end: the listener's port at the dialer, 0 at the listener. */
  public int remotePort() {
    return remotePort;
  }

  /**
   * Hands {@code bytes} to the other end's receiver (which may answer before this returns).
   *
   * @throws SocketException when this end is closed
   */
  public void send(byte[] bytes) throws IOException {
    if (closed) {
      throw new SocketException("Socket closed");
    }
    LoopbackEnd p = peer;
    Receiver r = p == null ? null : p.receiver;
    if (p != null && p.closed) {
      // The first write after the peer closed is taken (and answered with a reset); from then on
      // writing fails, as TCP reports it.
      if (answeredWithReset) {
        throw new SocketException("Broken pipe");
      }
      answeredWithReset = true;
      return;
    }
    if (p == null || r == null) {
      return;
    }
    try {
      r.received(bytes);
    } catch (IOException e) {
      // The other side could not go on with this stream: it resets, as a device does.
      p.reset();
    }
  }

  public boolean isOpen() {
    return !closed;
  }

  /** Closes this end; the other end's receiver hears of it once. */
  public void close() {
    shut(false);
  }

  /** Closes this end with a reset. */
  public void reset() {
    shut(true);
  }

  private void shut(boolean reset) {
    if (closed) {
      return;
    }
    closed = true;
    LoopbackEnd p = peer;
    Receiver r = p == null ? null : p.receiver;
    if (p != null && !p.closed && r != null) {
      r.closed(reset);
    }
  }
}
