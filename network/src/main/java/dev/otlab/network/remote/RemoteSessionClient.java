package dev.otlab.network.remote;

import dev.otlab.core.Sockets;
import dev.otlab.core.loopback.Loopback;
import dev.otlab.core.loopback.LoopbackConnection;
import dev.otlab.network.RemoteService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Opens a remote-access session as a real client does, over a kernel socket or in process: it reads
 * the server's greeting where the protocol has one, sends its opening ({@link RemoteWire}), reads
 * the server's answer, and hangs up. What the answer allows (a login) is not the wire's to decide;
 * the caller models it.
 */
public final class RemoteSessionClient {

  /** How a session's opening went. */
  public sealed interface Result {
    /**
     * The server answered the opening.
     *
     * @param greeting what the server sent as the client connected (empty when the client speaks
     *     first)
     * @param answer the server's answer to the opening
     * @param tls the ServerHello record that answered the client's TLS hello, where TLS follows the
     *     opening ({@link RemoteWire#tlsFollows}: RDP's security layer); else empty
     */
    record Answered(byte[] greeting, byte[] answer, byte[] tls) implements Result {}

    /** The connection failed, closed or went silent before the answer. */
    record Refused(String reason) implements Result {}
  }

  private RemoteSessionClient() {}

  /**
   * A session whose opening is done and whose connection stays open: the client may go on sending
   * (an operator's keystrokes), then closes it. A refused session is closed already.
   */
  public static final class Session implements AutoCloseable {
    private final Result result;
    private final @Nullable AutoCloseable connection;
    private final @Nullable OutputStream out;

    private Session(Result result, @Nullable AutoCloseable connection, @Nullable OutputStream out) {
      this.result = result;
      this.connection = connection;
      this.out = out;
    }

    /** How the opening went. */
    public Result result() {
      return result;
    }

    /** Sends {@code bytes} on the open session; false once it is closed or the peer is gone. */
    public synchronized boolean send(byte[] bytes) {
      if (out == null || connection == null) {
        return false;
      }
      try {
        out.write(bytes);
        out.flush();
        return true;
      } catch (IOException e) {
        close();
        return false;
      }
    }

    @Override
    public synchronized void close() {
      if (connection != null) {
        try {
          connection.close();
        } catch (Exception e) {
          // Closing a session that is gone already.
        }
      }
    }
  }

  /**
   * Opens a session with the service at {@code address}:{@code port} and keeps it open after its
   * opening (see {@link #open} for the parameters); the caller closes it.
   */
  public static Session start(
      String address,
      int port,
      RemoteService service,
      String user,
      String serverName,
      SplittableRandom random,
      Duration timeout) {
    LoopbackConnection local = Loopback.dial(address, port);
    if (local != null) {
      try {
        Result r =
            talk(local.inputStream(), local.outputStream(), service, user, serverName, random);
        return new Session(r, local, local.outputStream());
      } catch (IOException e) {
        local.close();
        return new Session(new Result.Refused(describe(e)), null, null);
      }
    }
    Socket s = new Socket();
    try {
      int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      s.setTcpNoDelay(true);
      s.setSoTimeout(ms);
      s.connect(new InetSocketAddress(address, port), ms);
      Result r = talk(s.getInputStream(), s.getOutputStream(), service, user, serverName, random);
      return new Session(r, s, s.getOutputStream());
    } catch (IOException e) {
      Sockets.closeQuietly(s);
      return new Session(new Result.Refused(describe(e)), null, null);
    }
  }

  /**
   * Opens a session with the service at {@code address}:{@code port}.
   *
   * @param user the account the opening names (see {@link RemoteWire#opening})
   * @param serverName the server's name as the client knows it
   * @param timeout bounds the connect and every read
   */
  public static Result open(
      String address,
      int port,
      RemoteService service,
      String user,
      String serverName,
      SplittableRandom random,
      Duration timeout) {
    try (Session s = start(address, port, service, user, serverName, random, timeout)) {
      return s.result();
    }
  }

  private static Result talk(
      InputStream in,
      OutputStream out,
      RemoteService service,
      String user,
      String serverName,
      SplittableRandom random)
      throws IOException {
    byte[] greeting = new byte[0];
    if (RemoteWire.greeting(service).length > 0) {
      greeting = read(in, (b, n) -> RemoteWire.greetingLength(service, b, n), "greeting");
    }
    out.write(RemoteWire.opening(service, user, serverName, random));
    out.flush();
    byte[] answer = read(in, (b, n) -> RemoteWire.answerLength(service, b, n), "answer");
    byte[] tls = new byte[0];
    if (RemoteWire.tlsFollows(service, answer)) {
      out.write(RemoteWire.tlsHello(serverName, random));
      out.flush();
      tls = read(in, RemoteWire::tlsRecordLength, "TLS answer");
    }
    return new Result.Answered(greeting, answer, tls);
  }

  /** Reads until {@code length} says a whole message is there; fails on a close or a timeout. */
  private static byte[] read(InputStream in, MessageLength length, String what) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (true) {
      byte[] so = got.toByteArray();
      int n = so.length == 0 ? RemoteWire.NEED_MORE : length.apply(so, so.length);
      if (n != RemoteWire.NEED_MORE && n <= so.length) {
        return Arrays.copyOf(so, n);
      }
      if (so.length > RemoteWire.MAX_OPENING) {
        throw new IOException("the server's " + what + " is longer than any this client reads");
      }
      int r = in.read(buf);
      if (r < 0) {
        throw new IOException("the server closed the connection before its " + what);
      }
      got.write(buf, 0, r);
    }
  }

  /** A message length from the bytes so far: {@code (bytes, available) -> length}. */
  @FunctionalInterface
  private interface MessageLength {
    int apply(byte[] bytes, int available);
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
