package dev.otlab.core.loopback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A client's in-process connection with the streams of a socket: what it writes is handled by the
 * listener before {@code write} returns, and what the listener answers waits in a buffer for {@code
 * read}. A read that finds the buffer empty on an open connection would wait for ever (nothing else
 * runs to answer), so it ends at once as a socket read does when its timeout runs out.
 */
public final class LoopbackConnection implements Receiver, AutoCloseable {

  private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
  private int headOffset;
  private @Nullable LoopbackEnd end;
  private boolean peerClosed;
  private boolean peerReset;
  private boolean closed;
  private final InputStream in = new In();
  private final OutputStream out = new Out();

  LoopbackConnection() {}

  void attach(LoopbackEnd e) {
    end = e;
  }

  @Override
  public synchronized void received(byte[] bytes) {
    if (!closed && bytes.length > 0) {
      inbound.add(bytes);
    }
  }

  @Override
  public synchronized void closed(boolean reset) {
    peerClosed = true;
    peerReset = reset;
  }

  public InputStream inputStream() {
    return in;
  }

  public OutputStream outputStream() {
    return out;
  }

  /** Address of the listener. */
  public String remoteAddress() {
    return requireEnd().remoteAddress();
  }

  /** Port of the listener. */
  public int remotePort() {
    return requireEnd().remotePort();
  }

  /** Open until this side closes it, as {@code Socket.isClosed} says. */
  public synchronized boolean isOpen() {
    return !closed;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      inbound.clear();
    }
    requireEnd().close();
  }

  private LoopbackEnd requireEnd() {
    LoopbackEnd e = end;
    if (e == null) {
      throw new IllegalStateException("not connected");
    }
    return e;
  }

  private synchronized int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new SocketException("Socket closed");
    }
    if (len == 0) {
      return 0;
    }
    byte[] head = inbound.peek();
    if (head == null) {
      if (peerReset) {
        throw new SocketException("Connection reset");
      }
      if (peerClosed) {
        return -1;
      }
      throw new SocketTimeoutException("Read timed out");
    }
    int n = Math.min(len, head.length - headOffset);
    System.arraycopy(head, headOffset, b, off, n);
    headOffset += n;
    if (headOffset == head.length) {
      inbound.poll();
      headOffset = 0;
    }
    return n;
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = LoopbackConnection.this.read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return LoopbackConnection.this.read(b, off, len);
    }

    @Override
    public int available() {
      synchronized (LoopbackConnection.this) {
        int n = -headOffset;
        for (byte[] chunk : inbound) {
          n += chunk.length;
        }
        return Math.max(0, n);
      }
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (LoopbackConnection.this) {
        if (closed) {
          throw new SocketException("Socket closed");
        }
      }
      // Not under this object's lock: the listener answers on this thread, into received().
      requireEnd().send(java.util.Arrays.copyOfRange(b, off, off + len));
    }
  }
}
