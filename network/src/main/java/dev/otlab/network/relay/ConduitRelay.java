package dev.otlab.network.relay;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.core.Sockets;
import dev.otlab.core.loopback.Loopback;
import dev.otlab.core.loopback.LoopbackEnd;
import dev.otlab.core.loopback.Receiver;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.RuleAction;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.network.relay.RelayDecision.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conduit's enforcement point for one route: listens on a loopback port on behalf of one source
 * host, and forwards each connection it allows to the next hop, judging every request on the way
 * (see {@link ConduitMatcher} for the rule semantics, {@link ModbusInspector} and {@link
 * OpcUaInspector} and {@link MqttInspector} for what each protocol allows it to see). Other
 * protocols (SSH, RDP...) are judged per connection only and then piped.
 *
 * <p>Threads per connection, two of them (one per direction), bounded by the relay's cap and an
 * optional lab-wide {@link ConnectionBudget}: plain code, and a hostile client only ever blocks its
 * own threads. The client side is read with a short socket timeout so the idle and frame timeouts
 * are checked while it is silent; a server-to-client write that stalls because the client stopped
 * reading stops all reading, so the idle timeout ends it too. Refusing a connection: DENY closes it
 * right after accept (a real drop leaves the client waiting for its connect timeout; a lab cannot
 * afford minutes per probe), REJECT resets it (RST), as a firewall's reject does.
 *
 * <p>Every decision is recorded with the lab clock's time; the wall clock only drives timeouts.
 */
public final class ConduitRelay implements Lifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(ConduitRelay.class);

  private final RelayRoute route;
  private final RelayConfig config;
  private final ConduitMatcher matcher;
  private final DoubleSupplier clock;
  private final DecisionListener decisions;
  private final TapListener tap;
  private final ConnectionBudget budget;
  private final Predicate<InetAddress> sources;

  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong refusedByCap = new AtomicLong();
  private final AtomicLong refusedBySource = new AtomicLong();

  private final Object lock = new Object();
  private volatile boolean running;
  private volatile int boundPort = -1;
  private @Nullable ServerSocket serverSocket;
  private @Nullable Thread acceptor;
  private final Set<LoopbackLink> links = ConcurrentHashMap.newKeySet();
  private Loopback.@Nullable Registration loopback;
  private volatile RelayCapture capture = RelayCapture.NONE;

  public ConduitRelay(
      RelayRoute route,
      RelayConfig config,
      DoubleSupplier clock,
      DecisionListener decisions,
      TapListener tap) {
    this(route, config, clock, decisions, tap, ConnectionBudget.unlimited());
  }

  public ConduitRelay(
      RelayRoute route,
      RelayConfig config,
      DoubleSupplier clock,
      DecisionListener decisions,
      TapListener tap,
      ConnectionBudget budget) {
    this(route, config, clock, decisions, tap, budget, source -> true);
  }

  /**
   * A relay that accepts connections only from addresses {@code sources} allows. In the embedded
   * lab every route has a relay of its own on loopback, so the port alone says who connects; in the
   * container lab a gateway's relays share the zone network, and without this filter a host could
   * use another host's relay port and be judged under that host's rules. A refused source is reset
   * at once, counted, and logged; it is not a conduit decision, since no rule was consulted.
   */
  public ConduitRelay(
      RelayRoute route,
      RelayConfig config,
      DoubleSupplier clock,
      DecisionListener decisions,
      TapListener tap,
      ConnectionBudget budget,
      Predicate<InetAddress> sources) {
    this.sources = sources;
    this.route = route;
    this.config = config;
    this.matcher = new ConduitMatcher(route.conduits());
    this.clock = clock;
    this.decisions = decisions;
    this.tap = tap;
    this.budget = budget;
  }

  public RelayRoute route() {
    return route;
  }

  /**
   * Records the raw bytes of every connection from now on (a sensor's packet capture); {@link
   * RelayCapture#NONE}, the default, records nothing. Set before {@link #start()}.
   */
  public void capture(RelayCapture value) {
    capture = value;
  }

  @Override
  public void start() {
    synchronized (lock) {
      if (running) {
        throw new OtlabException(
            "RELAY_RUNNING",
            "Relay '" + route.id() + "' is already running.",
            "Stop it before starting it again.");
      }
      ServerSocket bound =
          Sockets.listen(
              config.bindAddress(),
              config.port(),
              "RELAY_BIND_FAILED",
              "Relay '" + route.id() + "'");
      serverSocket = bound;
      boundPort = bound.getLocalPort();
      running = true;
      loopback = Loopback.listen(config.bindAddress(), boundPort, this::acceptLoopback);
      Thread t = new Thread(() -> acceptLoop(bound), "relay-" + route.id() + "-accept");
      t.setDaemon(true);
      acceptor = t;
      t.start();
    }
  }

  /** The listening port; clients of the route's source host connect here. */
  public int port() {
    int p = boundPort;
    if (p < 0) {
      throw new OtlabException(
          "RELAY_NOT_STARTED",
          "Relay '" + route.id() + "' has no port yet.",
          "Call start() first.");
    }
    return p;
  }

  public String address() {
    return config.bindAddress() + ":" + port();
  }

  public boolean isRunning() {
    return running;
  }

  /** Connections open through the relay now. */
  public int connectionCount() {
    return active.get();
  }

  /** Connections turned away because a cap was reached. */
  public long refusedByCap() {
    return refusedByCap.get();
  }

  /** Connections refused because they came from an address other than the route's source. */
  public long refusedBySource() {
    return refusedBySource.get();
  }

  /**
   * Enforces {@code conduits} (this relay's conduits with new rules) from now on, as a firewall
   * reloads its rule set: connections the new rules still allow go on untouched, and each live
   * connection the new rules deny at connection level is closed, with that denial recorded (its
   * conduit and rule are the new rules', so firewall logs and detection see who cut it) and a
   * {@code CLOSE} tap event. Called from the lab's clock thread.
   *
   * @return the ids of the connections it closed, in the order they were opened
   */
  public List<String> reload(List<ConduitSpec> conduits) {
    List<String> ids = new ArrayList<>(conduits.size());
    for (ConduitSpec c : conduits) {
      ids.add(c.id());
    }
    if (!ids.equals(matcher.conduits().stream().map(ConduitSpec::id).toList())) {
      throw new IllegalArgumentException(
          "relay "
              + route.id()
              + " enforces "
              + matcher.conduits().stream().map(ConduitSpec::id).toList()
              + ", not "
              + ids);
    }
    matcher.reload(conduits);
    ConduitDecision d = matcher.connection(route.flow());
    if (d instanceof ConduitDecision.Denied denied) {
      return closeAll(denied, "reload");
    }
    return List.of();
  }

  /**
   * Closes every live connection of this relay as {@code denied} says (a response killing them),
   * recording the denial and a {@code CLOSE} tap event for each; new connections are judged by the
   * rules as before.
   *
   * @return the ids of the connections it closed, in the order they were opened
   */
  public List<String> kill(ConduitDecision.Denied denied) {
    return closeAll(denied, "kill");
  }

  /**
   * Closes every live connection as response rule {@code rule} denies it, at this relay's first
   * conduit: the denial a response's kill or isolation records, wherever the relay runs (the
   * embedded fabric, a gateway container, the container lab's runner).
   *
   * @param why what the response did, e.g. {@code host hmi-1 isolated}
   */
  public List<String> killByResponse(String rule, String why) {
    return kill(
        new ConduitDecision.Denied(
            route.conduits().get(0).id(),
            rule,
            RuleAction.DENY,
            ConduitDecision.Refusal.RULE,
            why + " by response rule " + rule));
  }

  private List<String> closeAll(ConduitDecision.Denied denied, String subject) {
    // In opening order, so the records of one response read the same in every run.
    java.util.TreeMap<Long, Runnable> closing = new java.util.TreeMap<>();
    List<String> closed = new ArrayList<>();
    java.util.Map<Long, String> names = new java.util.HashMap<>();
    for (Connection c : connections) {
      if (c.upstream == null) {
        continue;
      }
      long n = sequenceOf(c.id);
      names.put(n, c.id);
      closing.put(n, () -> cut(c.ctx, denied, subject, () -> c.close("closed by a response")));
    }
    for (LoopbackLink l : links) {
      if (!l.opened) {
        continue;
      }
      long n = sequenceOf(l.id);
      names.put(n, l.id);
      closing.put(n, () -> cut(l.ctx, denied, subject, () -> l.close("closed by a response")));
    }
    for (java.util.Map.Entry<Long, Runnable> e : closing.entrySet()) {
      e.getValue().run();
      closed.add(names.get(e.getKey()));
    }
    return closed;
  }

  private void cut(
      ConnectionContext ctx, ConduitDecision.Denied denied, String subject, Runnable close) {
    double time = clock.getAsDouble();
    ctx.record(time, Scope.CONNECTION, subject, denied);
    ctx.emitConnection(time, "CLOSE", Result.DENIED, denied);
    close.run();
  }

  private static long sequenceOf(String connectionId) {
    return Long.parseLong(connectionId.substring(connectionId.lastIndexOf('#') + 1));
  }

  @Override
  public void stop() {
    Thread acceptThread;
    synchronized (lock) {
      running = false;
      Loopback.Registration r = loopback;
      loopback = null;
      if (r != null) {
        r.close();
      }
      Sockets.closeQuietly(serverSocket);
      serverSocket = null;
      acceptThread = acceptor;
      acceptor = null;
    }
    Sockets.join(acceptThread);
    List<Connection> open = new ArrayList<>(connections);
    for (Connection c : open) {
      c.close("relay stopped");
    }
    for (Connection c : open) {
      Sockets.join(c.clientThread);
      Sockets.join(c.serverThread);
    }
    for (LoopbackLink l : new ArrayList<>(links)) {
      l.close("relay stopped");
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
          LOG.warn("Relay '{}' stopped accepting: {}", route.id(), e.toString());
        }
        return;
      }
      InetAddress from = s.getInetAddress();
      if (!sources.test(from)) {
        refusedBySource.incrementAndGet();
        LOG.warn(
            "Relay '{}' serves {} only; refused a connection from {}",
            route.id(),
            route.flow().source().id(),
            from.getHostAddress());
        reset(s);
        continue;
      }
      if (active.incrementAndGet() > config.maxConnections()) {
        active.decrementAndGet();
        refuse(s);
        continue;
      }
      if (!budget.tryAcquire()) {
        active.decrementAndGet();
        refuse(s);
        continue;
      }
      String id = route.id() + "#" + sequence.incrementAndGet();
      Connection c = new Connection(s, id);
      connections.add(c);
      Thread t = new Thread(c::runClientSide, "relay-" + id);
      t.setDaemon(true);
      c.clientThread = t;
      t.start();
    }
  }

  private void refuse(Socket s) {
    refusedByCap.incrementAndGet();
    capture.refused(route, route.id() + "#refused", RelayCapture.Refusal.RESET);
    LOG.debug("Relay '{}' at its connection cap; refusing a connection", route.id());
    // Accept-then-reset rather than leaving the flood in the backlog, where it would delay
    // well-behaved clients that connect later.
    reset(s);
  }

  private @Nullable Inspector inspector(ConnectionContext ctx) {
    if (route.protocol() == Protocol.MODBUS) {
      return new ModbusInspector(ctx);
    }
    if (route.protocol() == Protocol.OPCUA) {
      return new OpcUaInspector(ctx);
    }
    if (route.protocol() == Protocol.MQTT) {
      return new MqttInspector(ctx);
    }
    if (route.protocol() == Protocol.MQTTS) {
      // Topics travel encrypted: the ClientHello is all a relay reads.
      return RemoteServiceInspector.overTls(ctx);
    }
    return RemoteService.of(route.protocol())
        .<Inspector>map(s -> new RemoteServiceInspector(ctx, s))
        .orElse(null);
  }

  private final class Connection {
    final Socket client;
    final String id;
    final ConnectionContext ctx;
    final Object clientWriteLock = new Object();
    volatile @Nullable Socket upstream;
    volatile @Nullable Thread clientThread;
    volatile @Nullable Thread serverThread;
    volatile long lastActivity = System.nanoTime();
    private final AtomicInteger closed = new AtomicInteger();
    private volatile @Nullable Inspector inspector;
    // Client frames the inspector has judged; the server side reads it when the server hangs up.
    private volatile int clientFrames;
    // The server hung up before the client's first frame was judged: the client side ends the
    // connection once it has judged that frame, or the client closed or went idle.
    private volatile boolean upstreamEnded;
    // The client closed its side (end of stream): for the capture, who sent the first FIN.
    private volatile boolean clientEnded;

    Connection(Socket client, String id) {
      this.client = client;
      this.id = id;
      this.ctx =
          new ConnectionContext(route.id(), id, route.flow(), matcher, clock, decisions, tap);
    }

    void runClientSide() {
      try {
        double time = clock.getAsDouble();
        ConduitDecision d =
            ctx.record(time, Scope.CONNECTION, "connect", matcher.connection(route.flow()));
        if (d instanceof ConduitDecision.Denied denied) {
          boolean reject = denied.action() == RuleAction.REJECT;
          ctx.emitConnection(time, "CONNECT", reject ? Result.REJECTED : Result.DENIED, d);
          capture.refused(
              route, id, reject ? RelayCapture.Refusal.RESET : RelayCapture.Refusal.DROPPED);
          if (reject) {
            reset(client);
          }
          return;
        }
        Socket up = new Socket();
        try {
          up.setTcpNoDelay(true);
          up.connect(
              new InetSocketAddress(route.targetHost(), route.targetPort()),
              (int) config.connectTimeout().toMillis());
        } catch (IOException e) {
          Sockets.closeQuietly(up);
          LOG.debug(
              "Relay '{}' cannot reach {}:{}: {}",
              route.id(),
              route.targetHost(),
              route.targetPort(),
              e.toString());
          // What a sensor on the conduit sees when the device is gone: an allowed connection
          // that nobody answers. Detection tells a lost device from it.
          ctx.emitConnection(clock.getAsDouble(), "CONNECT", Result.NO_RESPONSE, d);
          capture.refused(route, id, RelayCapture.Refusal.DROPPED);
          return;
        }
        upstream = up;
        capture.opened(route, id);
        client.setTcpNoDelay(true);
        inspector = inspector(ctx);
        Thread t = new Thread(() -> runServerSide(up), "relay-" + id + "-up");
        t.setDaemon(true);
        serverThread = t;
        t.start();
        pumpClient(up);
      } catch (IOException e) {
        LOG.debug("Relay connection {} ended: {}", id, e.toString());
      } finally {
        close("client side ended");
      }
    }

    private void pumpClient(Socket up) throws IOException {
      long tickMillis =
          Math.max(
              10,
              Math.min(
                  1000,
                  Math.min(config.idleTimeout().toMillis(), config.frameTimeout().toMillis()) / 4));
      client.setSoTimeout((int) tickMillis);
      InputStream in = client.getInputStream();
      OutputStream out = up.getOutputStream();
      Inspector insp = inspector;
      StreamFramer framer = insp == null ? null : insp.clientFramer();
      long partialSince = 0;
      byte[] buf = new byte[8192];
      while (closed.get() == 0) {
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          long now = System.nanoTime();
          if (upstreamEnded && clientFrames > 0) {
            return;
          }
          if (partialSince != 0 && now - partialSince > config.frameTimeout().toNanos()) {
            malformed("a started frame did not complete within " + config.frameTimeout());
            return;
          }
          if (now - lastActivity > config.idleTimeout().toNanos()) {
            LOG.debug("Relay connection {} idle for {}; closing", id, config.idleTimeout());
            return;
          }
          continue;
        }
        if (n < 0) {
          clientEnded = true;
          return;
        }
        lastActivity = System.nanoTime();
        capture.fromClient(id, buf, 0, n);
        if (insp == null || framer == null) {
          out.write(buf, 0, n);
          continue;
        }
        framer.feed(buf, 0, n);
        if (judgeClient(ctx, insp, framer, out::write, this::writeClient, () -> clientFrames++)
            != null) {
          return;
        }
        if (upstreamEnded && clientFrames > 0) {
          return;
        }
        if (!framer.midFrame()) {
          partialSince = 0;
        } else if (partialSince == 0) {
          partialSince = System.nanoTime();
        }
      }
    }

    private void malformed(String reason) {
      LOG.debug("Relay connection {}: malformed client traffic ({}); closing", id, reason);
      ctx.emitConnection(clock.getAsDouble(), "MALFORMED", Result.DENIED, null);
    }

    void runServerSide(Socket up) {
      try {
        InputStream in = up.getInputStream();
        OutputStream out = client.getOutputStream();
        Inspector insp = inspector;
        StreamFramer framer = insp == null ? null : insp.serverFramer();
        byte[] buf = new byte[8192];
        while (closed.get() == 0) {
          int n = in.read(buf);
          if (n < 0) {
            hungUp(insp);
            return;
          }
          lastActivity = System.nanoTime();
          if (insp == null || framer == null) {
            synchronized (clientWriteLock) {
              out.write(buf, 0, n);
              capture.toClient(id, buf, 0, n);
            }
            continue;
          }
          framer.feed(buf, 0, n);
          if (judgeServer(ctx, insp, framer, this::writeClient) != null) {
            return;
          }
        }
      } catch (IOException e) {
        LOG.debug("Relay connection {} upstream ended: {}", id, e.toString());
        hungUp(inspector);
      } finally {
        if (!upstreamEnded) {
          close("server side ended");
        }
      }
    }

    /**
     * The server ended the connection. A server at its connection cap accepts and closes at once,
     * racing the client's first request through the relay: whether that request was judged and
     * reported (NO_RESPONSE) would depend on which relay thread ran first. So when the server hangs
     * up before any client frame was judged, the client side reads and judges the client's first
     * frame before it closes; once a frame was judged, the connection closes at once as before.
     */
    private void hungUp(@Nullable Inspector insp) {
      if (insp != null && clientFrames == 0) {
        upstreamEnded = true;
        // Judged meanwhile: the client side may already be waiting in a read, close as before.
        if (clientFrames > 0) {
          upstreamEnded = false;
        }
      }
    }

    private void writeClient(byte[] bytes) throws IOException {
      synchronized (clientWriteLock) {
        client.getOutputStream().write(bytes);
        capture.toClient(id, bytes, 0, bytes.length);
      }
    }

    void close(String why) {
      if (!closed.compareAndSet(0, 1)) {
        return;
      }
      LOG.trace("Relay connection {} closing: {}", id, why);
      // Requests left unanswered are reported, and the connection's place under the caps given
      // back, before the client sees the close: whatever the client does next (another request, a
      // new connection) comes after them, as it would on a wire, and is not refused by a cap
      // still counting this connection for a moment.
      Inspector insp = inspector;
      if (insp != null) {
        insp.closed();
      }
      if (upstream != null) {
        capture.closed(id, clientEnded ? RelayCapture.Closer.CLIENT : RelayCapture.Closer.SERVER);
      }
      if (connections.remove(this)) {
        active.decrementAndGet();
        budget.release();
      }
      // FIN before close: closing a socket whose client has sent bytes the relay never read sends a
      // reset instead, so a denied client would see "connection reset" or an orderly close
      // depending on whether its request arrived before the relay's decision.
      try {
        if (!client.isClosed()) {
          client.shutdownOutput();
        }
      } catch (IOException e) {
        // Closing anyway.
      }
      Sockets.closeQuietly(client);
      Sockets.closeQuietly(upstream);
    }
  }

  /** Where judged bytes go: to the next hop, or back to the client. */
  @FunctionalInterface
  private interface Sink {
    void write(byte[] bytes) throws IOException;
  }

  /**
   * Judges every complete frame the client's framer holds, in order, and sends on what the
   * inspector lets through, for the socket and the in-process path alike.
   *
   * @param judged counts each frame the inspector has judged
   * @return null to read on, else why the connection ends (the conduit closed it, or the client
   *     sent what is not the protocol, which is reported as MALFORMED)
   */
  private static @Nullable String judgeClient(
      ConnectionContext ctx,
      Inspector insp,
      StreamFramer framer,
      Sink toServer,
      Sink toClient,
      Runnable judged)
      throws IOException {
    while (true) {
      StreamFramer.Next next = framer.next();
      if (next instanceof StreamFramer.Next.Frame f) {
        Verdict v = insp.fromClient(f.bytes());
        judged.run();
        if (v instanceof Verdict.Forward fw) {
          toServer.write(fw.bytes());
        } else if (v instanceof Verdict.Answer a) {
          if (a.toClient().length > 0) {
            toClient.write(a.toClient());
          }
        } else if (v instanceof Verdict.Close c) {
          byte[] last = c.toClient();
          if (last != null) {
            toClient.write(last);
          }
          LOG.debug("Relay connection {} closed by the conduit: {}", ctx.connection(), c.reason());
          return "closed by the conduit";
        }
      } else if (next instanceof StreamFramer.Next.Malformed m) {
        LOG.debug(
            "Relay connection {}: malformed client traffic ({}); closing",
            ctx.connection(),
            m.reason());
        ctx.emitConnection(ctx.now(), "MALFORMED", Result.DENIED, null);
        return "malformed client traffic";
      } else {
        return null;
      }
    }
  }

  /**
   * Judges every complete frame the server's framer holds and passes on what the inspector lets
   * through to the client.
   *
   * @return null to read on, else why the connection ends
   */
  private static @Nullable String judgeServer(
      ConnectionContext ctx, Inspector insp, StreamFramer framer, Sink toClient)
      throws IOException {
    while (true) {
      StreamFramer.Next next = framer.next();
      if (next instanceof StreamFramer.Next.Frame f) {
        Verdict v = insp.fromServer(f.bytes());
        if (v instanceof Verdict.Forward fw) {
          toClient.write(fw.bytes());
        } else if (v instanceof Verdict.Close) {
          return "closed by the conduit";
        }
      } else if (next instanceof StreamFramer.Next.Malformed m) {
        LOG.debug(
            "Relay connection {}: malformed server traffic ({}); closing",
            ctx.connection(),
            m.reason());
        return "malformed server traffic";
      } else {
        return null;
      }
    }
  }

  /**
   * A client of this JVM connects in process. Served so only when the next hop is in process too,
   * so a connection is carried one way end to end; otherwise declined, and the client connects over
   * a socket. The checks, the connection decision and every request's judgement are the socket
   * path's, in the same order.
   */
  private @Nullable Receiver acceptLoopback(LoopbackEnd toClient) {
    if (!running || !Loopback.serves(route.targetHost(), route.targetPort())) {
      return null;
    }
    InetAddress from = InetAddress.getLoopbackAddress();
    if (!sources.test(from)) {
      refusedBySource.incrementAndGet();
      LOG.warn(
          "Relay '{}' serves {} only; refused a connection from {}",
          route.id(),
          route.flow().source().id(),
          from.getHostAddress());
      toClient.reset();
      return Receiver.DISCARD;
    }
    if (active.incrementAndGet() > config.maxConnections()) {
      active.decrementAndGet();
      refusedByCap.incrementAndGet();
      capture.refused(route, route.id() + "#refused", RelayCapture.Refusal.RESET);
      toClient.reset();
      return Receiver.DISCARD;
    }
    if (!budget.tryAcquire()) {
      active.decrementAndGet();
      refusedByCap.incrementAndGet();
      capture.refused(route, route.id() + "#refused", RelayCapture.Refusal.RESET);
      toClient.reset();
      return Receiver.DISCARD;
    }
    LoopbackLink link = new LoopbackLink(toClient, route.id() + "#" + sequence.incrementAndGet());
    links.add(link);
    link.open();
    return link;
  }

  /**
   * An in-process connection through this relay: the client's writes are judged and forwarded on
   * the client's thread, and the next hop's answers come back the same way before the write
   * returns.
   */
  private final class LoopbackLink implements Receiver {
    final LoopbackEnd toClient;
    final ConnectionContext ctx;
    final String id;
    private final AtomicInteger closed = new AtomicInteger();
    private volatile boolean opened;
    private @Nullable LoopbackEnd upstream;
    private @Nullable Inspector inspector;
    private @Nullable StreamFramer clientFramer;
    private @Nullable StreamFramer serverFramer;
    // As in the socket path: a next hop that hangs up before any request was judged (a device at
    // its connection cap) leaves the client side open until the client's first request has been
    // judged and reported, so the record does not depend on who noticed first.
    private int clientFrames;
    private boolean upstreamEnded;

    LoopbackLink(LoopbackEnd toClient, String id) {
      this.toClient = toClient;
      this.id = id;
      this.ctx =
          new ConnectionContext(route.id(), id, route.flow(), matcher, clock, decisions, tap);
    }

    void open() {
      double time = clock.getAsDouble();
      ConduitDecision d =
          ctx.record(time, Scope.CONNECTION, "connect", matcher.connection(route.flow()));
      if (d instanceof ConduitDecision.Denied denied) {
        boolean reject = denied.action() == RuleAction.REJECT;
        ctx.emitConnection(time, "CONNECT", reject ? Result.REJECTED : Result.DENIED, d);
        capture.refused(
            route, id, reject ? RelayCapture.Refusal.RESET : RelayCapture.Refusal.DROPPED);
        if (reject) {
          toClient.reset();
        }
        close("denied");
        return;
      }
      Inspector insp = inspector(ctx);
      inspector = insp;
      clientFramer = insp == null ? null : insp.clientFramer();
      serverFramer = insp == null ? null : insp.serverFramer();
      LoopbackEnd up =
          Loopback.dial(
              route.targetHost(),
              route.targetPort(),
              new Receiver() {
                @Override
                public void received(byte[] bytes) throws IOException {
                  fromServer(bytes);
                }

                @Override
                public void closed(boolean reset) {
                  if (insp != null && clientFrames == 0) {
                    upstreamEnded = true;
                  } else {
                    close("server side ended");
                  }
                }
              });
      if (up == null) {
        inspector = null;
        ctx.emitConnection(clock.getAsDouble(), "CONNECT", Result.NO_RESPONSE, d);
        capture.refused(route, id, RelayCapture.Refusal.DROPPED);
        close("next hop gone");
        return;
      }
      upstream = up;
      opened = true;
      capture.opened(route, id);
    }

    @Override
    public void received(byte[] bytes) throws IOException {
      LoopbackEnd up = upstream;
      if (closed.get() != 0 || up == null) {
        return;
      }
      capture.fromClient(id, bytes, 0, bytes.length);
      Inspector insp = inspector;
      StreamFramer framer = clientFramer;
      if (insp == null || framer == null) {
        up.send(bytes);
        return;
      }
      framer.feed(bytes, 0, bytes.length);
      String end =
          judgeClient(ctx, insp, framer, this::toServer, this::sendClient, () -> clientFrames++);
      if (end != null) {
        close(end);
        return;
      }
      if (upstreamEnded && clientFrames > 0) {
        close("server side ended");
      }
    }

    private void fromServer(byte[] bytes) throws IOException {
      if (closed.get() != 0) {
        return;
      }
      Inspector insp = inspector;
      StreamFramer framer = serverFramer;
      if (insp == null || framer == null) {
        toClient.send(bytes);
        capture.toClient(id, bytes, 0, bytes.length);
        return;
      }
      framer.feed(bytes, 0, bytes.length);
      String end = judgeServer(ctx, insp, framer, this::sendClient);
      if (end != null) {
        close(end);
      }
    }

    // Frames still framed after the connection closed (the next hop hung up on the one before)
    // go nowhere, as bytes a closed socket still held.
    private void toServer(byte[] bytes) throws IOException {
      LoopbackEnd up = upstream;
      if (closed.get() == 0 && up != null) {
        up.send(bytes);
      }
    }

    private void sendClient(byte[] bytes) throws IOException {
      if (closed.get() == 0) {
        toClient.send(bytes);
        capture.toClient(id, bytes, 0, bytes.length);
      }
    }

    @Override
    public void closed(boolean reset) {
      if (opened && closed.get() == 0) {
        capture.closed(id, reset ? RelayCapture.Closer.CLIENT_RESET : RelayCapture.Closer.CLIENT);
      }
      close("client side ended");
    }

    void close(String why) {
      if (!closed.compareAndSet(0, 1)) {
        return;
      }
      LOG.trace("Relay connection {} closing: {}", ctx.connection(), why);
      // In the socket path's order: unanswered requests reported and the cap given back before
      // either side hears of the close.
      Inspector insp = inspector;
      if (insp != null) {
        insp.closed();
      }
      if (opened) {
        // A capture ignores a second close: the client's own, reported first, wins.
        capture.closed(id, RelayCapture.Closer.SERVER);
      }
      if (links.remove(this)) {
        active.decrementAndGet();
        budget.release();
      }
      toClient.close();
      LoopbackEnd up = upstream;
      if (up != null) {
        up.close();
      }
    }
  }

  private static void reset(Socket s) {
    try {
      // Linger 0 makes close() send RST: what a firewall's reject looks like to the client.
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // Closing anyway.
    }
    Sockets.closeQuietly(s);
  }
}
