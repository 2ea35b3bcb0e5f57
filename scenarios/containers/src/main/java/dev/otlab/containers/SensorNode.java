package dev.otlab.containers;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.Sockets;
import dev.otlab.detection.Alert;
import dev.otlab.detection.DetectionEngine;
import dev.otlab.detection.export.AlertJson;
import dev.otlab.network.ConduitLog;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.simulator.clock.ClockTask;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The container lab's detection sensor: subscribes to every gateway's {@link TapFeed} over the
 * management network and runs a detection profile over what the conduits see and what the conduits
 * that log to the SOC log (their decisions, as {@link FirewallRecord}s), printing each new alert as
 * {@code ALERT <json line>}. Gateways keep clocks of their own, so events are stamped on arrival
 * with this node's lab clock, in the order they arrive; a few milliseconds of network delay are far
 * below anything a detector measures. A gateway that is gone is tried again every two seconds, and
 * a line that is not an event is reported and skipped.
 */
public final class SensorNode implements Lifecycle {

  private static final long RETRY_SECONDS = 2;
  private static final long FIRST_FOLLOW_SECONDS = 60;

  private final List<String> gateways;
  private final int port;
  private final DetectionEngine engine;
  private final Set<String> tapped;
  private final Map<String, ConduitLog> logs;
  private final LabClock clock;
  private final Consumer<String> out;
  private final Object lock = new Object();
  private final List<Socket> open = new ArrayList<>();
  private @Nullable ScheduledExecutorService connector;
  private @Nullable ClockTask tick;
  private double last = 0;
  private int printed = 0;
  private volatile boolean running;
  private final Set<String> followed = ConcurrentHashMap.newKeySet();
  private final CountDownLatch allFollowed;

  /**
   * @param gateways DNS names of the gateway containers
   * @param port their tap feed port ({@link TapFeed#PORT})
   */
  public SensorNode(
      List<String> gateways,
      int port,
      DetectionEngine engine,
      LabClock clock,
      Consumer<String> out) {
    this(gateways, Set.copyOf(gateways), port, engine, Map.of(), clock, out);
  }

  /**
   * @param gateways DNS names of the gateway containers to follow
   * @param tapped those of them whose conduit is tapped: only their events are sensed (the others
   *     are followed for their logs)
   * @param port their tap feed port ({@link TapFeed#PORT})
   * @param logs what each conduit logs to the SOC, by conduit id (none when absent)
   */
  public SensorNode(
      List<String> gateways,
      Set<String> tapped,
      int port,
      DetectionEngine engine,
      Map<String, ConduitLog> logs,
      LabClock clock,
      Consumer<String> out) {
    this.gateways = List.copyOf(gateways);
    this.tapped = Set.copyOf(tapped);
    this.port = port;
    this.engine = engine;
    this.logs = Map.copyOf(logs);
    this.clock = clock;
    this.out = out;
    this.allFollowed = new CountDownLatch(this.gateways.size());
  }

  @Override
  public synchronized void start() {
    running = true;
    ScheduledExecutorService c =
        Executors.newScheduledThreadPool(
            gateways.size(),
            r -> {
              Thread t = new Thread(r, "sensor-feed");
              t.setDaemon(true);
              return t;
            });
    connector = c;
    for (String g : gateways) {
      c.execute(() -> follow(g));
    }
    tick =
        clock.schedulePeriodic("sensor:tick", Phase.SENSORS, 1.0, clock.now() + 1, this::advance);
    // Ready once every feed is followed, so hosts that wait for the sensor have their first
    // connections seen (and learned by a baseline); a gateway that is not up by then is followed
    // when it comes, and said so.
    try {
      if (!allFollowed.await(FIRST_FOLLOW_SECONDS, TimeUnit.SECONDS)) {
        List<String> missing = gateways.stream().filter(g -> !followed.contains(g)).toList();
        out.accept("SENSOR not following " + missing + " yet; it will as soon as they answer");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads one gateway's feed until it ends, then tries again later. */
  private void follow(String gateway) {
    Socket s = new Socket();
    synchronized (open) {
      open.add(s);
    }
    try {
      s.connect(new InetSocketAddress(gateway, port), 3000);
      out.accept("SENSOR following " + gateway + ":" + port);
      if (followed.add(gateway)) {
        allFollowed.countDown();
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        feed(gateway, line);
      }
    } catch (IOException e) {
      // Not up yet, restarted, or gone: try again below.
    } finally {
      Sockets.closeQuietly(s);
      synchronized (open) {
        open.remove(s);
      }
    }
    ScheduledExecutorService c = connector;
    if (running && c != null) {
      try {
        c.schedule(() -> follow(gateway), RETRY_SECONDS, TimeUnit.SECONDS);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // The sensor is stopping.
      }
    }
  }

  private void feed(String gateway, String line) {
    ProtocolEvent e;
    try {
      TapFeed.Line l = TapFeed.read(line);
      if (l instanceof TapFeed.Line.Decision d) {
        // What the conduit logs to the SOC; the rest of its decisions are the runner's business.
        FirewallRecord.of(
                d.decision(), logs.getOrDefault(d.decision().decision().conduit(), ConduitLog.NONE))
            .ifPresent(this::log);
        return;
      }
      if (!(l instanceof TapFeed.Line.Event ev) || !tapped.contains(gateway)) {
        return;
      }
      e = ev.event();
    } catch (IllegalArgumentException ex) {
      out.accept(
          "SENSOR skipped a line from "
              + gateway
              + " that is not a protocol event: "
              + line.substring(0, Math.min(120, line.length())));
      return;
    }
    synchronized (lock) {
      last = Math.max(last, clock.now());
      engine.accept(TapFeed.restamped(e, last));
      report();
    }
  }

  private void log(FirewallRecord r) {
    synchronized (lock) {
      last = Math.max(last, clock.now());
      engine.accept(r.at(last));
      report();
    }
  }

  private void advance() {
    synchronized (lock) {
      last = Math.max(last, clock.now());
      engine.advanceTo(last);
      report();
    }
  }

  private void report() {
    List<Alert> alerts = engine.alerts();
    for (; printed < alerts.size(); printed++) {
      out.accept("ALERT " + AlertJson.line(alerts.get(printed)));
    }
  }

  /** Alerts raised so far. */
  public List<Alert> alerts() {
    synchronized (lock) {
      return engine.alerts();
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (tick != null) {
      tick.cancel();
      tick = null;
    }
    if (connector != null) {
      connector.shutdownNow();
      connector = null;
    }
    synchronized (open) {
      open.forEach(Sockets::closeQuietly);
      open.clear();
    }
  }
}
