package dev.otlab.network.aitm;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.Sockets;
import dev.otlab.simulator.modbus.MbapHeader;
import dev.otlab.simulator.modbus.ModbusPdu;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The man in the middle of one client-to-server Modbus route: a loopback listener the client
 * connects to instead of its next hop. For each client connection it opens one connection to the
 * next hop and relays request and response in lockstep (Modbus masters do not pipeline), passing
 * every read response through the {@link ResponseRewriter}. {@link #inject} sends a request of its
 * own inside the newest client connection, between two of the client's requests, and swallows the
 * answer: the next hop sees one connection from the client carrying both.
 */
public final class ModbusInterceptor implements Lifecycle {

  private final String bindAddress;
  private final String nextAddress;
  private final int nextPort;
  private final ResponseRewriter rewriter;
  private final DoubleSupplier clock;
  private final int timeoutMillis;
  private final List<Leg> legs = new ArrayList<>();
  private @Nullable ServerSocket socket;
  private @Nullable Thread acceptor;
  private int accepted;

  /**
   * @param nextAddress where the client's traffic was going (a relay or the server)
   * @param timeoutMillis connect and answer timeout towards the next hop
   */
  public ModbusInterceptor(
      String bindAddress,
      String nextAddress,
      int nextPort,
      ResponseRewriter rewriter,
      DoubleSupplier clock,
      int timeoutMillis) {
    this.bindAddress = bindAddress;
    this.nextAddress = nextAddress;
    this.nextPort = nextPort;
    this.rewriter = rewriter;
    this.clock = clock;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public synchronized void start() {
    if (socket != null) {
      return;
    }
    ServerSocket s = Sockets.listen(bindAddress, 0, "AITM_BIND_FAILED", "The in-path interceptor");
    socket = s;
    Thread t = new Thread(() -> accept(s), "aitm-" + s.getLocalPort());
    t.setDaemon(true);
    acceptor = t;
    t.start();
  }

  /** Where clients connect now. */
  public synchronized int port() {
    ServerSocket s = socket;
    return s == null ? -1 : s.getLocalPort();
  }

  public String bindAddress() {
    return bindAddress;
  }

  public ResponseRewriter rewriter() {
    return rewriter;
  }

  /** Client connections currently ridden. */
  public synchronized int connections() {
    return (int) legs.stream().filter(l -> !l.client.isClosed()).count();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException e) {
        return;
      }
      Socket up = new Socket();
      try {
        client.setTcpNoDelay(true);
        up.setTcpNoDelay(true);
        up.setSoTimeout(timeoutMillis);
        up.connect(new InetSocketAddress(nextAddress, nextPort), timeoutMillis);
      } catch (IOException e) {
        // The next hop refused: the client sees its connection reset, as it would have anyway.
        Sockets.closeQuietly(up);
        Sockets.closeQuietly(client);
        continue;
      }
      Leg leg;
      synchronized (this) {
        if (socket == null) {
          Sockets.closeQuietly(up);
          Sockets.closeQuietly(client);
          return;
        }
        leg = new Leg(client, up, "aitm-" + s.getLocalPort() + "#" + (++accepted));
        legs.removeIf(l -> l.client.isClosed());
        legs.add(leg);
      }
      leg.thread.start();
    }
  }

  /**
   * Sends {@code pdu} to unit {@code unitId} inside the newest client connection and returns the
   * answer's PDU (a Modbus exception PDU included), which the client never sees.
   *
   * @param around called with true before the request leaves and false once its answer arrived
   * @throws IOException when no client connection is open, or the next hop fails
   */
  public byte[] inject(int unitId, byte[] pdu, Consumer<Boolean> around) throws IOException {
    Leg leg;
    synchronized (this) {
      leg = null;
      for (int i = legs.size() - 1; i >= 0 && leg == null; i--) {
        if (!legs.get(i).client.isClosed()) {
          leg = legs.get(i);
        }
      }
    }
    if (leg == null) {
      throw new IOException("the client has no connection through the interceptor yet");
    }
    return leg.inject(unitId, pdu, around);
  }

  @Override
  public void stop() {
    ServerSocket s;
    Thread t;
    List<Leg> open;
    synchronized (this) {
      s = socket;
      socket = null;
      t = acceptor;
      acceptor = null;
      open = new ArrayList<>(legs);
      legs.clear();
    }
    Sockets.closeQuietly(s);
    Sockets.join(t);
    for (Leg l : open) {
      l.close();
      Sockets.join(l.thread);
    }
  }

  /** One ridden client connection and its connection to the next hop. */
  private final class Leg {
    final Socket client;
    final Socket up;
    final Thread thread;
    private final Object upstreamLock = new Object();
    private int lastTid;

    Leg(Socket client, Socket up, String name) {
      this.client = client;
      this.up = up;
      this.thread = new Thread(this::run, name);
      thread.setDaemon(true);
    }

    private void run() {
      try {
        DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        while (true) {
          byte[] request = ModbusPdu.readFrame(in);
          if (request == null) {
            return;
          }
          byte[] response;
          synchronized (upstreamLock) {
            lastTid = MbapHeader.read(request, 0).transactionId();
            response = exchange(request);
          }
          out.write(rewriter.exchange(clock.getAsDouble(), request, response));
          out.flush();
        }
      } catch (IOException e) {
        // Either side went away: the client sees the close, as it would on its real path.
      } finally {
        close();
      }
    }

    byte[] inject(int unitId, byte[] pdu, Consumer<Boolean> around) throws IOException {
      synchronized (upstreamLock) {
        // The transaction id after the client's last one, as the client itself would use next.
        int tid = (lastTid + 1) & 0xFFFF;
        byte[] frame = ModbusPdu.requestFrame(tid, unitId, pdu);
        around.accept(true);
        try {
          byte[] answer = exchange(frame);
          return java.util.Arrays.copyOfRange(answer, 7, answer.length);
        } catch (IOException e) {
          close();
          throw e;
        } finally {
          around.accept(false);
        }
      }
    }

    private byte[] exchange(byte[] request) throws IOException {
      OutputStream o = up.getOutputStream();
      o.write(request);
      o.flush();
      byte[] answer = ModbusPdu.readFrame(new DataInputStream(up.getInputStream()));
      if (answer == null) {
        throw new IOException("the next hop closed the connection");
      }
      return answer;
    }

    void close() {
      Sockets.closeQuietly(client);
      Sockets.closeQuietly(up);
    }
  }
}
