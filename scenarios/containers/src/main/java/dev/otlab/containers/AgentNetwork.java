package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.core.Sockets;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.Interception;
import dev.otlab.network.fabric.LabNetwork;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.relay.ConduitRelay;
import dev.otlab.network.relay.DecisionListener;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.network.relay.RelayRoute;
import dev.otlab.network.relay.TapListener;
import dev.otlab.simulator.clock.LabClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scenario run's network in the container lab, seen from the runner. Clients connect to a
 * loopback tunnel (so the range guardrail's loopback rule holds), and each tunnel connection is
 * made from the acting host's own container by its {@link AgentServer}, towards the first gateway
 * of the route; the gateways judge it as they judge any host. Their decisions and the events their
 * taps see come back over the management network ({@link TapFeed}), stamped on arrival with the
 * runner's clock; {@link #settle} waits for every feed to catch up, so a step that saw its
 * connection closed finds the denial behind it.
 *
 * <p>Traffic inside a zone goes straight from one host's container to the other's; where the zone
 * has a span port, the tunnel leads through a see-everything relay in this process first, which
 * plays the span port. Not modelled here: an adversary-in-the-middle position (refused with an
 * error).
 */
public final class AgentNetwork implements LabNetwork {

  private static final long SETTLE_SECONDS = 30;
  private static final Logger LOG = LoggerFactory.getLogger(AgentNetwork.class);
  private static final long FEEDS_SECONDS = 60;

  private final ContainerPlan plan;
  private final ContainerAccess routes;
  private final LabClock clock;
  private final DecisionListener decisions;
  private final TapListener tap;
  private final int feedPort;
  private final int agentPort;
  private final List<Feed> feeds = new ArrayList<>();
  private final Map<String, ServerSocket> tunnels = new ConcurrentHashMap<>();
  private final Map<String, ConduitRelay> spans = new ConcurrentHashMap<>();
  private final Object stampLock = new Object();
  private double last;
  private long syncs;

  public AgentNetwork(
      ContainerPlan plan,
      LabClock clock,
      DecisionListener decisions,
      TapListener tap,
      int feedPort,
      int agentPort) {
    this.plan = plan;
    this.routes = new ContainerAccess(plan);
    this.clock = clock;
    this.decisions = decisions;
    this.tap = tap;
    this.feedPort = feedPort;
    this.agentPort = agentPort;
  }

  @Override
  public synchronized void start() {
    CountDownLatch up = new CountDownLatch(plan.architecture().conduits().size());
    for (var c : plan.architecture().conduits()) {
      Feed f = new Feed(ContainerPlan.gatewayName(c.id()), up);
      feeds.add(f);
      f.start();
    }
    boolean all;
    try {
      all = up.await(FEEDS_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all = false;
    }
    if (!all) {
      List<String> missing =
          feeds.stream().filter(f -> f.socket == null).map(f -> f.gateway).toList();
      stop();
      throw new OtlabException(
          "RUN_GATEWAY_UNREACHABLE",
          "The runner cannot follow the telemetry of " + missing + " on port " + feedPort + ".",
          "Start the gateways with --management-subnet and attach the runner to the management"
              + " network (otlab compose --for-runs does both).");
    }
  }

  @Override
  public Access access(String source, String destination, Protocol protocol) {
    return access(source, destination, protocol, -1);
  }

  @Override
  public Access access(String source, String destination, Protocol protocol, int port) {
    Access a = routes.access(source, destination, protocol, port);
    if (a instanceof Access.Unreachable) {
      return a;
    }
    String host = a instanceof Access.Relayed ? a.address() : destination;
    int local = tunnel(source, host, a.port());
    if (a instanceof Access.Relayed r) {
      return new Access.Relayed("127.0.0.1", local, r.conduits());
    }
    Optional<String> spanned = spannedZone(source, destination);
    if (spanned.isEmpty()) {
      return new Access.Direct("127.0.0.1", local, false);
    }
    // Inside a zone the destination's own port is the service's.
    return new Access.Direct(
        "127.0.0.1", span(source, destination, protocol, a.port(), spanned.get(), local), true);
  }

  /**
   * The zone two hosts share, when it has a span port. As in the embedded lab, the first zone they
   * share decides.
   */
  private Optional<String> spannedZone(String source, String destination) {
    ArchitectureSpec a = plan.architecture();
    HostSpec from = NodeHosts.host(a, source);
    HostSpec to = NodeHosts.host(a, destination);
    return from.zones().stream()
        .filter(to.zones()::contains)
        .findFirst()
        .filter(a.sensors().spanZones()::contains);
  }

  /**
   * A span port for a route inside a zone. Traffic between two hosts of a zone goes straight from
   * one container to the other, past every gateway; but every connection of a run passes through
   * this process on its way to the acting host's agent, so a relay here that lets everything
   * through sees what the zone's span port would, stamped on this clock like the gateways' events.
   */
  private int span(
      String source, String destination, Protocol protocol, int port, String zone, int local) {
    String key = ContainerPlan.Route.key(source, destination, protocol, port);
    ConduitRelay relay =
        spans.computeIfAbsent(
            key,
            k -> {
              ConduitRelay r =
                  new ConduitRelay(
                      new RelayRoute(
                          k + "@span:" + zone,
                          new Flow(
                              HostRef.of(NodeHosts.host(plan.architecture(), source)),
                              HostRef.of(NodeHosts.host(plan.architecture(), destination)),
                              protocol,
                              port),
                          List.of(NetworkFabric.spanConduit(zone)),
                          "127.0.0.1",
                          local),
                      RelayConfig.defaults(),
                      this::stamp,
                      DecisionListener.NONE,
                      tap);
              r.start();
              return r;
            });
    return relay.port();
  }

  private int tunnel(String source, String host, int port) {
    String key = source + "|" + host + "|" + port;
    ServerSocket ss =
        tunnels.computeIfAbsent(
            key,
            k -> {
              ServerSocket s =
                  Sockets.listen("127.0.0.1", 0, "TUNNEL_BIND_FAILED", "Tunnel of " + source);
              Sockets.acceptEach(s, "tunnel-" + k, client -> viaAgent(client, source, host, port));
              return s;
            });
    return ss.getLocalPort();
  }

  private void viaAgent(Socket client, String source, String host, int port) {
    Socket agent = new Socket();
    try {
      agent.setTcpNoDelay(true);
      agent.connect(new InetSocketAddress(source, agentPort), 3000);
      OutputStream out = agent.getOutputStream();
      out.write(("CONNECT " + host + " " + port + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      agent.setSoTimeout(10_000);
      String answer = AgentServer.readLine(agent.getInputStream());
      if (answer == null || !answer.equals("OK")) {
        // The agent could not connect: to the client it looks like the refusal it is.
        Sockets.closeQuietly(agent);
        Pipe.resetQuietly(client);
        return;
      }
      agent.setSoTimeout(0);
      client.setTcpNoDelay(true);
      Pipe.join(client, agent, source + ">" + host + ":" + port);
    } catch (IOException e) {
      Sockets.closeQuietly(agent);
      Pipe.resetQuietly(client);
    }
  }

  @Override
  public boolean sensed(ProtocolEvent event) {
    String conduit = event.conduit();
    return conduit != null
        && (conduit.startsWith("span:")
            || plan.architecture().sensors().tappedConduits().contains(conduit));
  }

  @Override
  public Optional<String> attribution(ProtocolEvent event) {
    return Optional.empty();
  }

  @Override
  public Interception intercept(
      String source, String destination, Protocol protocol, String label) {
    throw new OtlabException(
        "CONTAINER_AITM_UNSUPPORTED",
        "The container lab cannot place an adversary in the middle of "
            + source
            + " and "
            + destination
            + " yet.",
        "Play this scenario on the embedded lab (otlab run).");
  }

  @Override
  public Optional<Interception> interception(String source, String destination, Protocol protocol) {
    return Optional.empty();
  }

  @Override
  public void settle() {
    long n;
    synchronized (this) {
      n = ++syncs;
    }
    for (Feed f : feeds) {
      f.sync(n);
    }
  }

  private double stamp() {
    synchronized (stampLock) {
      last = Math.max(last, clock.now());
      return last;
    }
  }

  @Override
  public synchronized void stop() {
    feeds.forEach(Feed::close);
    feeds.clear();
    tunnels.values().forEach(Sockets::closeQuietly);
    tunnels.clear();
    spans.values().forEach(ConduitRelay::stop);
    spans.clear();
  }

  /** One gateway's telemetry. */
  private final class Feed {
    final String gateway;
    final CountDownLatch up;
    volatile @Nullable Socket socket;
    private long synced;

    Feed(String gateway, CountDownLatch up) {
      this.gateway = gateway;
      this.up = up;
    }

    void start() {
      Thread t = new Thread(this::follow, "runner-feed-" + gateway);
      t.setDaemon(true);
      t.start();
    }

    private void follow() {
      Socket s = new Socket();
      try {
        // The gateway may still be starting: try for as long as the runner waits.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FEEDS_SECONDS);
        while (true) {
          try {
            s.connect(new InetSocketAddress(InetAddress.getByName(gateway), feedPort), 2000);
            break;
          } catch (IOException e) {
            Sockets.closeQuietly(s);
            if (System.nanoTime() > deadline) {
              return;
            }
            s = new Socket();
            // A refused connect returns at once: wait on the latch rather than spin.
            up.await(500, TimeUnit.MILLISECONDS);
          }
        }
        socket = s;
        up.countDown();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
          TapFeed.Line l;
          try {
            l = TapFeed.read(line);
          } catch (IllegalArgumentException e) {
            continue;
          }
          if (l instanceof TapFeed.Line.Event ev) {
            tap.onEvent(TapFeed.restamped(ev.event(), stamp()));
          } else if (l instanceof TapFeed.Line.Decision d) {
            decisions.onDecision(restamp(d.decision(), stamp()));
          } else if (l instanceof TapFeed.Line.Sync sy) {
            synchronized (this) {
              synced = Math.max(synced, sy.n());
              notifyAll();
            }
          }
        }
      } catch (IOException e) {
        // The gateway went away; settle() stops waiting for it.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        Sockets.closeQuietly(s);
        synchronized (this) {
          synced = Long.MAX_VALUE;
          notifyAll();
        }
      }
    }

    void sync(long n) {
      Socket s = socket;
      if (s == null) {
        return;
      }
      try {
        synchronized (s) {
          s.getOutputStream().write(("SYNC " + n + "\n").getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        }
      } catch (IOException e) {
        return;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
      synchronized (this) {
        while (synced < n) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            LOG.warn(
                "The telemetry of {} did not catch up within {} s; a step may be judged without"
                    + " the denial behind it",
                gateway,
                SETTLE_SECONDS);
            return;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    void close() {
      Sockets.closeQuietly(socket);
    }
  }

  private static RelayDecision restamp(RelayDecision d, double time) {
    return new RelayDecision(
        time,
        d.relay(),
        d.connection(),
        d.sourceHost(),
        d.destinationHost(),
        d.protocol(),
        d.port(),
        d.scope(),
        d.subject(),
        d.decision());
  }
}
