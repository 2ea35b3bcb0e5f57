package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.core.Sockets;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.ResponseRules;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.Interception;
import dev.otlab.network.fabric.LabNetwork;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.fabric.RuleChange;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>A defended run's network responses reach the gateways on the feed connections ({@link
 * GatewayControl}): new conduit rules and killed flows, each confirmed by every gateway concerned
 * before the response is recorded done. Routes inside a zone pass through this process, so an
 * isolation there is a relay here, as in the embedded lab.
 */
public final class AgentNetwork implements LabNetwork {

  private static final long SETTLE_SECONDS = 30;
  private static final Logger LOG = LoggerFactory.getLogger(AgentNetwork.class);
  private static final long FEEDS_SECONDS = 60;
  // How long a response waits for the gateways to confirm it.
  private static final long CONTROL_SECONDS = 10;

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
  // The rules the gateways enforce now, by conduit id: the architecture's until a response changes
  // them.
  private final Map<String, ConduitSpec> current = new LinkedHashMap<>();
  // Isolated hosts and the rule that isolated each; routes inside their zone lead to an isolation
  // relay in this process (every connection passes here on its way to the acting host's agent).
  private final Map<String, String> isolated = new LinkedHashMap<>();
  private final Map<String, ConduitRelay> isolations = new ConcurrentHashMap<>();
  private final AtomicLong commands = new AtomicLong();
  // Set when the run's lab stops: what the gateways report from then on (the closures the restore
  // of the architecture's rules causes) is no part of the run, whose lab no longer takes it.
  private volatile boolean stopping;

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
    for (ConduitSpec c : plan.architecture().conduits()) {
      current.put(c.id(), c);
    }
  }

  @Override
  public synchronized void start() {
    CountDownLatch up = new CountDownLatch(plan.architecture().conduits().size());
    for (var c : plan.architecture().conduits()) {
      Feed f = new Feed(c.id(), up);
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
    // The gateways outlive a run: one that an earlier run's responses changed (a conduit
    // tightened, a host isolated) still holds those rules. Each run starts on the architecture's
    // own, which close nothing the architecture allows.
    command(architectureRules(), "the architecture's own rules at the start of the run");
  }

  /** A reload of every gateway's conduit as the architecture draws it. */
  private Map<Feed, GatewayControl.Command> architectureRules() {
    Map<Feed, GatewayControl.Command> sent = new LinkedHashMap<>();
    for (Feed f : feeds) {
      plan.architecture().conduits().stream()
          .filter(c -> c.id().equals(f.conduit))
          .findFirst()
          .ifPresent(c -> sent.put(f, new GatewayControl.Reload(commands.incrementAndGet(), c)));
    }
    return sent;
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
    Optional<String> isolatedZone = isolatedZone(source, destination);
    if (isolatedZone.isPresent()) {
      return isolation(source, destination, protocol, a.port(), isolatedZone.get(), local);
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

  /** The zone two hosts share when one of them is isolated (the first they share, as ever). */
  private synchronized Optional<String> isolatedZone(String source, String destination) {
    if (!isolated.containsKey(source) && !isolated.containsKey(destination)) {
      return Optional.empty();
    }
    HostSpec from = NodeHosts.host(plan.architecture(), source);
    HostSpec to = NodeHosts.host(plan.architecture(), destination);
    return from.zones().stream().filter(to.zones()::contains).findFirst();
  }

  /**
   * A route inside a zone to or from an isolated host: as in the embedded lab, a relay that
   * enforces the isolation alone ({@link NetworkFabric#isolationConduit}), reporting its denials
   * like a conduit's. Its port differs from the route's before, so a client reconnects.
   */
  private Access isolation(
      String source, String destination, Protocol protocol, int port, String zone, int local) {
    String key = ContainerPlan.Route.key(source, destination, protocol, port);
    String host;
    String rule;
    synchronized (this) {
      host = isolated.containsKey(source) ? source : destination;
      rule = isolated.get(host);
    }
    ConduitSpec conduit = NetworkFabric.isolationConduit(zone, host, rule);
    ConduitRelay relay =
        isolations.computeIfAbsent(
            key,
            k -> {
              ConduitRelay r =
                  new ConduitRelay(
                      new RelayRoute(
                          k + "@isolation:" + host,
                          new Flow(
                              HostRef.of(NodeHosts.host(plan.architecture(), source)),
                              HostRef.of(NodeHosts.host(plan.architecture(), destination)),
                              protocol,
                              port),
                          List.of(conduit),
                          "127.0.0.1",
                          local),
                      RelayConfig.defaults(),
                      this::stamp,
                      decisions,
                      tap);
              r.start();
              return r;
            });
    return new Access.Relayed("127.0.0.1", relay.port(), List.of(conduit.id()));
  }

  @Override
  public synchronized List<ConduitSpec> conduits() {
    return List.copyOf(current.values());
  }

  /**
   * Sends each changed conduit's rules to its gateway and returns once every one has applied them
   * ({@link GatewayControl}); the denials of the connections they closed have come in by then.
   *
   * @throws OtlabException {@code GATEWAY_CONTROL_TIMEOUT} or {@code GATEWAY_CONTROL_FAILED} naming
   *     the gateways that did not apply the change (and those that did)
   */
  @Override
  public synchronized RuleChange replaceRules(List<ConduitSpec> conduits) {
    Map<String, ConduitSpec> changed =
        LabNetwork.checkedChange(plan.architecture().id(), current, conduits);
    current.putAll(changed);
    Map<Feed, GatewayControl.Command> sent = new LinkedHashMap<>();
    for (Feed f : feeds) {
      ConduitSpec c = changed.get(f.conduit);
      if (c != null) {
        sent.put(f, new GatewayControl.Reload(commands.incrementAndGet(), c));
      }
    }
    return command(sent, "the new rules of " + changed.keySet());
  }

  @Override
  public synchronized RuleChange isolate(String host, String rule) {
    NodeHosts.host(plan.architecture(), host);
    isolated.putIfAbsent(host, rule);
    RuleChange byConduits =
        replaceRules(
            current.values().stream().map(c -> ResponseRules.isolate(c, host, rule)).toList());
    List<String> relays = new ArrayList<>(byConduits.relays());
    List<String> closed = new ArrayList<>(byConduits.closed());
    // Routes inside a zone: a span relay's live connections are cut; access() leads such routes to
    // an isolation relay from now on.
    for (ConduitRelay relay : List.copyOf(spans.values())) {
      Flow flow = relay.route().flow();
      if (flow.source().id().equals(host) || flow.destination().id().equals(host)) {
        closed.addAll(relay.killByResponse(rule, "host " + host + " isolated"));
        relays.add(relay.route().id());
      }
    }
    return new RuleChange(relays, closed);
  }

  @Override
  public synchronized RuleChange kill(String source, String destination, String rule) {
    NodeHosts.host(plan.architecture(), source);
    NodeHosts.host(plan.architecture(), destination);
    String why = "live connections " + source + " -> " + destination + " killed";
    Map<Feed, GatewayControl.Command> sent = new LinkedHashMap<>();
    for (Feed f : feeds) {
      sent.put(
          f, new GatewayControl.Kill(commands.incrementAndGet(), source, destination, rule, why));
    }
    RuleChange byGateways = command(sent, "the kill of " + source + " -> " + destination);
    List<ConduitRelay> local = new ArrayList<>(spans.values());
    local.addAll(isolations.values());
    return byGateways.plus(RuleChange.killFlow(local, source, destination, rule, why));
  }

  /**
   * Sends every command at once, then waits for each answer up to one shared deadline: a response
   * is done only when every gateway it concerns has applied it.
   */
  private RuleChange command(Map<Feed, GatewayControl.Command> sent, String what) {
    return command(sent, what, false);
  }

  /**
   * {@link #command(Map, String)}; {@code throughInterrupts} waits out an interrupt of the calling
   * thread (which stays interrupted) instead of giving up on the answers.
   */
  private RuleChange command(
      Map<Feed, GatewayControl.Command> sent, String what, boolean throughInterrupts) {
    Map<Feed, java.util.concurrent.CompletableFuture<GatewayControl.Ack>> answers =
        new LinkedHashMap<>();
    sent.forEach((f, c) -> answers.put(f, f.send(c)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONTROL_SECONDS);
    List<String> relays = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    List<String> applied = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    boolean interrupted = false;
    for (var e : answers.entrySet()) {
      GatewayControl.Ack ack = null;
      boolean waiting = true;
      while (waiting) {
        try {
          ack = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          waiting = false;
        } catch (java.util.concurrent.TimeoutException
            | java.util.concurrent.ExecutionException ex) {
          waiting = false;
        } catch (InterruptedException ex) {
          interrupted = true;
          if (!throughInterrupts) {
            Thread.currentThread().interrupt();
            waiting = false;
          }
        }
      }
      if (ack == null) {
        silent.add(e.getKey().gateway);
        continue;
      }
      if (ack instanceof GatewayControl.Applied ok) {
        applied.add(e.getKey().gateway);
        relays.addAll(ok.relays());
        closed.addAll(ok.closed());
      } else {
        failed.add(e.getKey().gateway + " (" + ((GatewayControl.Failed) ack).message() + ")");
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!silent.isEmpty()) {
      throw new OtlabException(
          "GATEWAY_CONTROL_TIMEOUT",
          "Gateway(s) "
              + silent
              + " did not confirm "
              + what
              + " within "
              + CONTROL_SECONDS
              + " s"
              + (applied.isEmpty() ? "" : "; " + applied + " applied it")
              + (failed.isEmpty() ? "" : "; " + failed + " refused it")
              + ".",
          "Check that those gateway containers run (docker-compose ps) and that the runner reaches"
              + " them on the management network; respond again once they do.");
    }
    if (!failed.isEmpty()) {
      throw new OtlabException(
          "GATEWAY_CONTROL_FAILED",
          "Gateway(s) "
              + failed
              + " did not apply "
              + what
              + (applied.isEmpty() ? "" : "; " + applied + " applied it")
              + ".",
          "Start the gateways from the same otlab image and architecture as the runner (otlab"
              + " compose --for-runs), so they know the conduits the runner changes.");
    }
    return new RuleChange(relays, closed);
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
    stopping = true;
    boolean changed =
        !isolated.isEmpty()
            || plan.architecture().conduits().stream()
                .anyMatch(c -> !c.equals(current.get(c.id())));
    if (changed && !feeds.isEmpty()) {
      // A run's responses end with it: a live lab's operations go on through these gateways.
      // A cancelled run's thread is interrupted while it stops; the answers are waited for all the
      // same, or the gateways would hold its isolations until the next run.
      try {
        command(architectureRules(), "the architecture's own rules at the end of the run", true);
      } catch (OtlabException e) {
        LOG.warn("{} The next run restores them when it starts.", e.getMessage());
      }
      plan.architecture().conduits().forEach(c -> current.put(c.id(), c));
      isolated.clear();
    }
    feeds.forEach(Feed::close);
    feeds.clear();
    tunnels.values().forEach(Sockets::closeQuietly);
    tunnels.clear();
    spans.values().forEach(ConduitRelay::stop);
    spans.clear();
    isolations.values().forEach(ConduitRelay::stop);
    isolations.clear();
  }

  /** One gateway's telemetry. */
  private final class Feed {
    final String conduit;
    final String gateway;
    final CountDownLatch up;
    volatile @Nullable Socket socket;
    private long synced;
    private final Map<Long, java.util.concurrent.CompletableFuture<GatewayControl.Ack>> pending =
        new ConcurrentHashMap<>();

    Feed(String conduit, CountDownLatch up) {
      this.conduit = conduit;
      this.gateway = ContainerPlan.gatewayName(conduit);
      this.up = up;
    }

    /** Sends a command; the answer completes the future (never, if the gateway is gone). */
    java.util.concurrent.CompletableFuture<GatewayControl.Ack> send(GatewayControl.Command c) {
      var answer = new java.util.concurrent.CompletableFuture<GatewayControl.Ack>();
      Socket s = socket;
      if (s == null) {
        LOG.warn("Cannot send a command to {}: its feed is not connected", gateway);
        return answer;
      }
      pending.put(c.id(), answer);
      try {
        synchronized (s) {
          s.getOutputStream()
              .write((GatewayControl.encode(c) + "\n").getBytes(StandardCharsets.UTF_8));
          s.getOutputStream().flush();
        }
      } catch (IOException e) {
        pending.remove(c.id());
        LOG.warn("Cannot send a command to {}: {}", gateway, e.toString());
      }
      return answer;
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
            if (!stopping) {
              tap.onEvent(TapFeed.restamped(ev.event(), stamp()));
            }
          } else if (l instanceof TapFeed.Line.Decision d) {
            if (!stopping) {
              decisions.onDecision(restamp(d.decision(), stamp()));
            }
          } else if (l instanceof TapFeed.Line.Ack a) {
            var answer = pending.remove(a.ack().id());
            if (answer != null) {
              answer.complete(a.ack());
            }
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
