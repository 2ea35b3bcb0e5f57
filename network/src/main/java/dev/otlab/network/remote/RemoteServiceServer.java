package dev.otlab.network.remote;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.Sockets;
import dev.otlab.core.loopback.Loopback;
import dev.otlab.core.loopback.LoopbackEnd;
import dev.otlab.core.loopback.Receiver;
import dev.otlab.network.Posture;
import dev.otlab.network.RemoteService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A host's remote-access service as the lab runs it: it listens like the real one, answers the
 * opening of each session as the protocol does ({@link RemoteWire}), and then takes whatever the
 * client sends until it hangs up. It authenticates nobody: whether an account works is the attacker
 * model's decision, not the wire's. Clients of this JVM reach it in process too ({@link Loopback}),
 * with the same bytes.
 */
public final class RemoteServiceServer implements Lifecycle {

  /** How long a connection may stay silent before the server hangs up, as sshd's LoginGraceTime. */
  private static final int IDLE_MILLIS = 120_000;

  private final String host;
  private final RemoteService service;
  private final Posture.Listener listener;
  private final String bindAddress;
  private final int bindPort;
  private final SplittableRandom random;
  private final List<RemoteOpening> openings = new CopyOnWriteArrayList<>();
  private final AtomicLong afterOpening = new AtomicLong();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private @Nullable ServerSocket socket;
  private @Nullable Thread acceptor;
  private @Nullable List<Loopback.Registration> loopback;

  /**
   * @param host the host that offers the service (names it in thread names and messages)
   * @param bindAddress the loopback address to listen on; the port is picked when it starts
   */
  public RemoteServiceServer(String host, RemoteService service, String bindAddress) {
    this(host, Posture.Listener.of(service), bindAddress, 0);
  }

  /**
   * @param host the host that offers the service
   * @param listener the service and the port the host's posture gives it
   * @param bindAddress the address to listen on
   * @param bindPort the port to listen on: the listener's own where the lab owns the address (a
   *     host's container), 0 for any free one where many hosts share loopback (the embedded lab,
   *     whose relays see the listener's port instead, as they see 502 for a PLC's Modbus)
   */
  public RemoteServiceServer(
      String host, Posture.Listener listener, String bindAddress, int bindPort) {
    this.host = host;
    this.service = listener.service();
    this.listener = listener;
    this.bindAddress = bindAddress;
    this.bindPort = bindPort;
    // The server's random bytes (SSH cookie and padding, SMB GUID, TLS) are the lab's, seeded by
    // who serves what, so two runs send the same bytes; taps do not read them either way. A
    // service on its well-known port keeps the seed it always had.
    this.random =
        new SplittableRandom(
            (host
                    + "/"
                    + service
                    + (listener.port() == service.port() ? "" : "/" + listener.port()))
                .hashCode());
  }

  /** The host that offers the service. */
  public String host() {
    return host;
  }

  public RemoteService service() {
    return service;
  }

  /** The service and the port the host's posture gives it. */
  public Posture.Listener listener() {
    return listener;
  }

  @Override
  public synchronized void start() {
    if (socket != null) {
      return;
    }
    String what = "The " + service.name().toLowerCase(Locale.ROOT) + " service of '" + host + "'";
    ServerSocket ss = Sockets.listen(bindAddress, bindPort, "REMOTE_SERVICE_BIND_FAILED", what);
    socket = ss;
    String name = "remote-" + host + "-" + service.name().toLowerCase(Locale.ROOT);
    loopback =
        List.of(
            Loopback.listen(bindAddress, ss.getLocalPort(), end -> new InProcess(end, split())));
    acceptor = Sockets.acceptEach(ss, name, this::serve);
  }

  /** The port it listens on, or -1 when stopped. */
  public synchronized int port() {
    ServerSocket s = socket;
    return s == null ? -1 : s.getLocalPort();
  }

  public String address() {
    return bindAddress;
  }

  /**
   * Bytes clients sent after their sessions' openings (and RDP's TLS hello): the session itself, an
   * operator's keystrokes.
   */
  public long bytesAfterOpening() {
    return afterOpening.get();
  }

  /** The openings clients sent so far, as a tap reads them, in arrival order. */
  public List<RemoteOpening> openings() {
    return List.copyOf(openings);
  }

  private synchronized SplittableRandom split() {
    return random.split();
  }

  private void serve(Socket s) {
    sockets.add(s);
    try (s) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(IDLE_MILLIS);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      Session session = new Session(split());
      out.write(RemoteWire.greeting(service));
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) >= 0) {
        byte[] answer = session.received(Arrays.copyOf(buf, n));
        if (answer.length > 0) {
          out.write(answer);
        }
      }
    } catch (IOException e) {
      // The client hung up or went silent: the session is over either way.
    } finally {
      sockets.remove(s);
    }
  }

  /** One session's state: buffering the opening, then taking the rest. */
  private final class Session {
    private final SplittableRandom random;
    private final ByteArrayOutputStream opening = new ByteArrayOutputStream();
    private boolean opened;

    Session(SplittableRandom random) {
      this.random = random;
    }

    // Set when the answer to the opening asks the client to start TLS next (RDP's security
    // layer): the next bytes are its hello, which the server answers, and then nothing more.
    private boolean tlsNext;
    private final ByteArrayOutputStream hello = new ByteArrayOutputStream();

    /** Takes client bytes; returns what to send back (empty for nothing). */
    byte[] received(byte[] bytes) {
      if (opened && tlsNext) {
        hello.writeBytes(bytes);
        byte[] so = hello.toByteArray();
        int n = RemoteWire.tlsRecordLength(so, so.length);
        if (n == RemoteWire.NEED_MORE) {
          return new byte[0];
        }
        tlsNext = false;
        return RemoteWire.tlsAnswer(Arrays.copyOf(so, n), random);
      }
      if (opened) {
        afterOpening.addAndGet(bytes.length);
        return new byte[0];
      }
      opening.writeBytes(bytes);
      byte[] so = opening.toByteArray();
      int n = RemoteWire.openingLength(service, so, so.length);
      if (n == RemoteWire.NEED_MORE) {
        return new byte[0];
      }
      opened = true;
      byte[] first = Arrays.copyOf(so, n);
      RemoteOpening o = RemoteWire.decode(service, first);
      openings.add(o);
      if (!o.recognised()) {
        return new byte[0];
      }
      byte[] answer = RemoteWire.answer(service, first, random);
      tlsNext = RemoteWire.tlsFollows(service, answer);
      return answer;
    }
  }

  /** A session with a client of this JVM: the same state, answered on the client's thread. */
  private final class InProcess implements Receiver {
    private final LoopbackEnd toClient;
    private final Session session;

    InProcess(LoopbackEnd toClient, SplittableRandom random) {
      this.toClient = toClient;
      this.session = new Session(random);
      byte[] greeting = RemoteWire.greeting(service);
      if (greeting.length > 0) {
        try {
          toClient.send(greeting);
        } catch (IOException e) {
          toClient.close();
        }
      }
    }

    @Override
    public void received(byte[] bytes) throws IOException {
      byte[] answer;
      synchronized (this) {
        answer = session.received(bytes);
      }
      if (answer.length > 0) {
        toClient.send(answer);
      }
    }

    @Override
    public void closed(boolean reset) {
      toClient.close();
    }
  }

  @Override
  public synchronized void stop() {
    List<Loopback.Registration> l = loopback;
    loopback = null;
    if (l != null) {
      l.forEach(Loopback.Registration::close);
    }
    ServerSocket s = socket;
    socket = null;
    Sockets.closeQuietly(s);
    sockets.forEach(Sockets::closeQuietly);
    Thread t = acceptor;
    acceptor = null;
    Sockets.join(t);
  }

  @Override
  public String toString() {
    return service.name().toLowerCase(Locale.ROOT)
        + " of "
        + host
        + " on "
        + bindAddress
        + ":"
        + port();
  }
}
