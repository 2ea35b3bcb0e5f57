package dev.otlab.simulator.modbus;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.core.Sockets;
import dev.otlab.core.loopback.Loopback;
import dev.otlab.core.loopback.LoopbackEnd;
import dev.otlab.core.loopback.Receiver;
import dev.otlab.simulator.modbus.ModbusServerListener.CloseReason;
import dev.otlab.simulator.modbus.ModbusServerListener.Outcome;
import dev.otlab.simulator.plc.ControllerEndpoint;
import dev.otlab.simulator.plc.EngineeringPort;
import dev.otlab.simulator.plc.SoftPlc;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one controller over Modbus TCP on its own port.
 *
 * <p>One thread per connection keeps the code plain and isolates clients: a slow or hostile client
 * only ever blocks its own thread, and the caps bound how many such threads exist. Reads are
 * bounded by socket timeouts (idle between frames, frame timeout once a frame has started); a
 * blocking write has no timeout in {@code java.net}, so a watchdog closes connections whose write
 * stalls because the client stopped reading.
 */
public final class ModbusTcpServer implements Lifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpServer.class);

  /**
   * Send buffer of each connection. A fixed size turns off the kernel's autotuning, which let a
   * client that sends requests but never reads their answers park up to 4 MB of responses per
   * connection (hundreds of thousands of them) before a write blocked and the write watchdog could
   * act; how long that took depended on the machine's speed. A PLC answers one request at a time,
   * so 64 KiB (over 3,000 read responses) never throttles a client that reads.
   */
  static final int SEND_BUFFER_BYTES = 64 * 1024;

  private final ControllerEndpoint endpoint;
  private final ModbusServerConfig config;
  private final ModbusServerListener listener;
  private final ModbusRequestDecoder decoder;
  private final ModbusRequestHandler handler;

  private final Object lock = new Object();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Map<InetAddress, Integer> perSource = new HashMap<>();
  private int total;

  private volatile boolean running;
  private volatile int boundPort = -1;
  private @Nullable ServerSocket serverSocket;
  private @Nullable Thread acceptor;
  private @Nullable ScheduledExecutorService watchdog;
  private final Set<LoopbackSession> loopbackSessions = ConcurrentHashMap.newKeySet();
  private final List<Loopback.Registration> loopbackRegistrations = new ArrayList<>();

  public ModbusTcpServer(ControllerEndpoint endpoint, ModbusServerConfig config) {
    this(endpoint, config, ModbusServerListener.NONE);
  }

  public ModbusTcpServer(
      ControllerEndpoint endpoint, ModbusServerConfig config, ModbusServerListener listener) {
    this(endpoint, null, config, listener);
  }

  /** Serves a soft PLC: its process image, and FC90 engineering access to its mode and program. */
  public ModbusTcpServer(SoftPlc plc, ModbusServerConfig config) {
    this(plc.image(), plc.engineering(), config, ModbusServerListener.NONE);
  }

  /**
   * @param engineering what FC90 reaches, or null for a device that answers FC90 with exception 01
   */
  public ModbusTcpServer(
      ControllerEndpoint endpoint,
      @Nullable EngineeringPort engineering,
      ModbusServerConfig config,
      ModbusServerListener listener) {
    this.endpoint = endpoint;
    this.config = config;
    this.listener = listener;
    this.decoder = new ModbusRequestDecoder(endpoint.unitId());
    this.handler = new ModbusRequestHandler(endpoint, engineering);
  }

  @Override
  public void start() {
    synchronized (lock) {
      if (running) {
        throw new OtlabException(
            "MODBUS_SERVER_RUNNING",
            "The Modbus server for '" + endpoint.id() + "' is already running.",
            "Stop it before starting it again.");
      }
      ServerSocket bound =
          Sockets.listen(
              config.bindAddress(),
              config.port(),
              "MODBUS_BIND_FAILED",
              "The Modbus server for '" + endpoint.id() + "'");
      serverSocket = bound;
      boundPort = bound.getLocalPort();
      running = true;
      long scanMillis = Math.max(10, config.writeTimeout().toMillis() / 4);
      ScheduledExecutorService wd =
          Executors.newSingleThreadScheduledExecutor(
              r -> daemon(r, "modbus-" + endpoint.id() + "-watchdog"));
      wd.scheduleWithFixedDelay(
          this::closeStalledWriters, scanMillis, scanMillis, TimeUnit.MILLISECONDS);
      watchdog = wd;
      for (String address : loopbackAddresses(config.bindAddress())) {
        loopbackRegistrations.add(Loopback.listen(address, boundPort, this::acceptLoopback));
      }
      Thread t =
          daemon(() -> acceptLoop(bound), "modbus-" + endpoint.id() + "-accept-" + boundPort);
      acceptor = t;
      t.start();
      LOG.debug(
          "Modbus server for '{}' listening on {}:{}",
          endpoint.id(),
          config.bindAddress(),
          boundPort);
    }
  }

  /** The bound TCP port; with port 0 in the config this is the ephemeral port chosen at start. */
  public int port() {
    int p = boundPort;
    if (p < 0) {
      throw new OtlabException(
          "MODBUS_SERVER_NOT_STARTED",
          "The Modbus server for '" + endpoint.id() + "' has no port yet.",
          "Call start() first.");
    }
    return p;
  }

  public boolean isRunning() {
    return running;
  }

  /** Connections being served now, over sockets and in process. */
  public int connectionCount() {
    return connections.size() + loopbackSessions.size();
  }

  public ModbusServerConfig config() {
    return config;
  }

  @Override
  public void stop() {
    Thread acceptThread;
    synchronized (lock) {
      running = false;
      loopbackRegistrations.forEach(Loopback.Registration::close);
      loopbackRegistrations.clear();
      Sockets.closeQuietly(serverSocket);
      serverSocket = null;
      acceptThread = acceptor;
      acceptor = null;
      if (watchdog != null) {
        watchdog.shutdownNow();
        watchdog = null;
      }
    }
    // Join the acceptor before closing connections so none is added behind our back.
    Sockets.join(acceptThread);
    List<Connection> open = new ArrayList<>(connections);
    for (Connection c : open) {
      c.closeFor(CloseReason.SERVER_STOPPED);
    }
    for (Connection c : open) {
      Sockets.join(c.thread);
    }
    for (LoopbackSession l : new ArrayList<>(loopbackSessions)) {
      l.closeFor(CloseReason.SERVER_STOPPED, "");
    }
    boundPort = -1;
  }

  private void acceptLoop(ServerSocket ss) {
    while (running) {
      Socket s;
      try {
        s = ss.accept();
      } catch (IOException e) {
        if (running) {
          LOG.warn("Modbus server for '{}' stopped accepting: {}", endpoint.id(), e.toString());
        }
        return;
      }
      InetSocketAddress source = (InetSocketAddress) s.getRemoteSocketAddress();
      if (!reserve(source.getAddress())) {
        // Accept-then-close instead of leaving the flood in the backlog, where it would delay
        // well-behaved clients that connect later.
        Sockets.closeQuietly(s);
        notifyDisconnect(source, CloseReason.OVER_CAPACITY, "connection cap reached");
        continue;
      }
      Connection c = new Connection(s, source);
      connections.add(c);
      try {
        c.thread.start();
      } catch (RuntimeException | OutOfMemoryError e) {
        connections.remove(c);
        release(source.getAddress());
        Sockets.closeQuietly(s);
        notifyDisconnect(source, CloseReason.OVER_CAPACITY, "cannot start a thread: " + e);
      }
    }
  }

  private boolean reserve(InetAddress source) {
    synchronized (lock) {
      int fromSource = perSource.getOrDefault(source, 0);
      if (!running
          || total >= config.maxConnections()
          || fromSource >= config.maxConnectionsPerSource()) {
        return false;
      }
      total++;
      perSource.put(source, fromSource + 1);
      return true;
    }
  }

  private void release(InetAddress source) {
    synchronized (lock) {
      total--;
      perSource.computeIfPresent(source, (k, v) -> v <= 1 ? null : v - 1);
    }
  }

  private void closeStalledWriters() {
    long now = System.nanoTime();
    long limit = config.writeTimeout().toNanos();
    for (Connection c : connections) {
      long started = c.writeStarted;
      if (started != 0 && now - started > limit) {
        c.closeFor(CloseReason.WRITE_STALLED);
      }
    }
  }

  private void notifyDisconnect(InetSocketAddress source, CloseReason reason, String detail) {
    LOG.debug("Modbus '{}': {} closed ({}: {})", endpoint.id(), source, reason, detail);
    try {
      listener.onDisconnect(source, reason, detail);
    } catch (RuntimeException e) {
      LOG.warn("Modbus listener failed on disconnect: {}", e.toString());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private byte @Nullable [] respond(InetSocketAddress source, Decoded decoded) {
    if (decoded instanceof Decoded.Request r) {
      ModbusRequest req = r.request();
      ModbusRequestHandler.Reply reply = handler.handle(req);
      byte[] pdu;
      Outcome outcome;
      if (reply instanceof ModbusRequestHandler.Reply.Failure f) {
        pdu = f.pdu();
        outcome = new Outcome.ExceptionResponse(f.code(), f.detail());
      } else {
        pdu = ((ModbusRequestHandler.Reply.Response) reply).pdu();
        outcome = new Outcome.Answered();
      }
      notifyRequest(
          source, r.header().unitId(), req.functionCode(), req.address(), req.quantity(), outcome);
      return ModbusPdu.frame(r.header(), pdu);
    }
    if (decoded instanceof Decoded.Reject rj) {
      notifyRequest(
          source,
          rj.header().unitId(),
          rj.functionCode(),
          rj.address(),
          rj.quantity(),
          new Outcome.ExceptionResponse(rj.code(), rj.detail()));
      return rj.responseFrame();
    }
    return null;
  }

  private void notifyRequest(
      InetSocketAddress source, int unitId, int fc, int address, int quantity, Outcome outcome) {
    try {
      listener.onRequest(source, unitId, fc, address, quantity, outcome);
    } catch (RuntimeException e) {
      LOG.warn("Modbus listener failed on request: {}", e.toString());
    }
  }

  /** Where in-process clients reach this server: its bind address, and loopback for a wildcard. */
  private static List<String> loopbackAddresses(String bindAddress) {
    if (bindAddress.equals("0.0.0.0")) {
      return List.of("0.0.0.0", "127.0.0.1");
    }
    return List.of(bindAddress);
  }

  private @Nullable Receiver acceptLoopback(LoopbackEnd toClient) {
    InetSocketAddress source = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (!reserve(source.getAddress())) {
      // As over a socket: accepted, then closed at once; whatever the client still sends is lost.
      LoopbackSession refused = new LoopbackSession(toClient, source);
      refused.done = true;
      toClient.close();
      notifyDisconnect(source, CloseReason.OVER_CAPACITY, "connection cap reached");
      return refused;
    }
    LoopbackSession session = new LoopbackSession(toClient, source);
    loopbackSessions.add(session);
    try {
      listener.onConnect(source);
    } catch (RuntimeException e) {
      LOG.warn("Modbus listener failed on connect: {}", e.toString());
    }
    return session;
  }

  /**
   * A connection from a client of this JVM: frames are answered as they arrive, on the client's
   * thread, by the same decoder and handler as a socket connection's. A frame split across writes
   * waits for its rest; no timeouts apply, since nothing holds a thread while it waits.
   */
  private final class LoopbackSession implements Receiver {
    private final LoopbackEnd toClient;
    private final InetSocketAddress source;
    private byte[] pending = NOTHING;
    private boolean done;

    LoopbackSession(LoopbackEnd toClient, InetSocketAddress source) {
      this.toClient = toClient;
      this.source = source;
    }

    @Override
    public void received(byte[] bytes) throws IOException {
      synchronized (this) {
        if (done) {
          return;
        }
        pending = pending.length == 0 ? bytes : concat(pending, bytes);
      }
      while (true) {
        MbapHeader header;
        byte[] pdu;
        synchronized (this) {
          if (done || pending.length < MbapHeader.SIZE) {
            return;
          }
          header = MbapHeader.read(pending, 0);
          String violation = header.violation();
          if (violation != null) {
            closeFor(CloseReason.MALFORMED_FRAME, violation);
            return;
          }
          int size = MbapHeader.SIZE + header.pduLength();
          if (pending.length < size) {
            return;
          }
          pdu = Arrays.copyOfRange(pending, MbapHeader.SIZE, size);
          pending =
              size == pending.length ? NOTHING : Arrays.copyOfRange(pending, size, pending.length);
        }
        if (!running) {
          closeFor(CloseReason.SERVER_STOPPED, "");
          return;
        }
        byte[] response = respond(source, decoder.decodePdu(header, pdu));
        if (response == null) {
          closeFor(CloseReason.MALFORMED_FRAME, "undecodable frame");
          return;
        }
        toClient.send(response);
      }
    }

    @Override
    public void closed(boolean reset) {
      closeFor(CloseReason.PEER_CLOSED, "");
    }

    void closeFor(CloseReason reason, String detail) {
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
      }
      toClient.close();
      if (loopbackSessions.remove(this)) {
        release(source.getAddress());
      }
      notifyDisconnect(source, reason, detail);
    }
  }

  private static final byte[] NOTHING = new byte[0];

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Signals that a started frame missed its deadline. */
  private static final class FrameTimeout extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private final class Connection {
    private final Socket socket;
    private final InetSocketAddress source;
    private final Thread thread;
    private final AtomicReference<@Nullable CloseReason> forcedReason = new AtomicReference<>();
    private volatile long writeStarted;

    Connection(Socket socket, InetSocketAddress source) {
      this.socket = socket;
      this.source = source;
      this.thread =
          daemon(
              this::run,
              "modbus-"
                  + endpoint.id()
                  + "-"
                  + source.getAddress().getHostAddress()
                  + ":"
                  + source.getPort());
    }

    void closeFor(CloseReason reason) {
      forcedReason.compareAndSet(null, reason);
      Sockets.closeQuietly(socket);
    }

    private void run() {
      CloseReason reason = CloseReason.PEER_CLOSED;
      String detail = "";
      try {
        socket.setTcpNoDelay(true);
        socket.setSendBufferSize(SEND_BUFFER_BYTES);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 512);
        OutputStream out = socket.getOutputStream();
        notifyConnect();
        byte[] headerBytes = new byte[MbapHeader.SIZE];
        int idleMillis = (int) config.idleTimeout().toMillis();
        long frameNanos = config.frameTimeout().toNanos();
        while (running) {
          socket.setSoTimeout(idleMillis);
          int first;
          try {
            first = in.read();
          } catch (SocketTimeoutException e) {
            reason = CloseReason.IDLE_TIMEOUT;
            detail = "no frame for " + config.idleTimeout();
            break;
          }
          if (first < 0) {
            break;
          }
          long deadline = System.nanoTime() + frameNanos;
          headerBytes[0] = (byte) first;
          readFully(in, headerBytes, 1, MbapHeader.SIZE - 1, deadline);
          MbapHeader header = MbapHeader.read(headerBytes, 0);
          String violation = header.violation();
          if (violation != null) {
            reason = CloseReason.MALFORMED_FRAME;
            detail = violation;
            break;
          }
          byte[] pdu = new byte[header.pduLength()];
          readFully(in, pdu, 0, pdu.length, deadline);
          byte[] response = respond(source, decoder.decodePdu(header, pdu));
          if (response == null) {
            reason = CloseReason.MALFORMED_FRAME;
            detail = "undecodable frame";
            break;
          }
          writeStarted = System.nanoTime() | 1;
          out.write(response);
          writeStarted = 0;
        }
        if (!running) {
          reason = CloseReason.SERVER_STOPPED;
        }
      } catch (FrameTimeout e) {
        reason = CloseReason.FRAME_TIMEOUT;
        detail = "frame not complete within " + config.frameTimeout();
      } catch (EOFException e) {
        reason = CloseReason.PEER_CLOSED;
        detail = "closed mid-frame";
      } catch (IOException e) {
        reason = CloseReason.IO_ERROR;
        detail = e.toString();
      } finally {
        Sockets.closeQuietly(socket);
        connections.remove(this);
        release(source.getAddress());
        CloseReason forced = forcedReason.get();
        notifyDisconnect(source, forced != null ? forced : reason, detail);
      }
    }

    private void readFully(InputStream in, byte[] buf, int off, int len, long deadline)
        throws IOException {
      int done = 0;
      while (done < len) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
          throw new FrameTimeout();
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
        int n;
        try {
          n = in.read(buf, off + done, len - done);
        } catch (SocketTimeoutException e) {
          throw new FrameTimeout();
        }
        if (n < 0) {
          throw new EOFException();
        }
        done += n;
      }
    }

    private void notifyConnect() {
      try {
        listener.onConnect(source);
      } catch (RuntimeException e) {
        LOG.warn("Modbus listener failed on connect: {}", e.toString());
      }
    }
  }
}
