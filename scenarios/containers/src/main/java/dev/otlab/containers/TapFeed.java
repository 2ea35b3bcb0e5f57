package dev.otlab.containers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.Lifecycle;
import dev.otlab.core.Sockets;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.ConduitDecision.Refusal;
import dev.otlab.network.relay.DecisionListener;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.network.relay.TapListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's tap on the management network: every protocol event its relays see, as one JSON line
 * each ({@link #encode}), to every subscriber connected at the time (a sensor, the orchestrator).
 * Relays never wait for a subscriber: each has a bounded queue, and what does not fit is dropped
 * and counted, so a slow or stuck subscriber costs the lab nothing but its own view. A subscriber
 * sends two things: {@code SYNC n}, answered in order behind what is queued, and, where the feed
 * has a {@link Control}, the runner's commands ({@link GatewayControl}: a response's new rules or
 * killed flow), applied and answered the same way, from the addresses the control accepts only.
 * Anything else is ignored.
 */
public final class TapFeed implements Lifecycle, TapListener, DecisionListener {

  /** Port of the tap feed on a gateway's management address. */
  public static final int PORT = 7070;

  private static final Logger LOG = LoggerFactory.getLogger(TapFeed.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUEUE = 10_000;

  /** Queued on stop so a subscriber's writer wakes up and ends. */
  private static final String END = "";

  private final String bindAddress;
  private final int port;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicLong dropped = new AtomicLong();
  private volatile @Nullable ServerSocket server;
  private final @Nullable Control control;

  /** Who may command the gateway, and what a command does there. */
  public interface Control {
    /** Whether a subscriber connected from {@code address} may send commands. */
    boolean accepts(java.net.InetAddress address);

    /** Applies a command and answers it. */
    GatewayControl.Ack apply(GatewayControl.Command command);
  }

  /**
   * A feed that takes no commands.
   *
   * @param bindAddress the gateway's management address
   * @param port {@link #PORT}, or 0 for any (tests)
   */
  public TapFeed(String bindAddress, int port) {
    this(bindAddress, port, null);
  }

  /**
   * @param bindAddress the gateway's management address
   * @param port {@link #PORT}, or 0 for any (tests)
   * @param control what the runner's commands do, or null to ignore them
   */
  public TapFeed(String bindAddress, int port, @Nullable Control control) {
    this.bindAddress = bindAddress;
    this.port = port;
    this.control = control;
  }

  /** One event as a JSON line (without the newline). */
  public static String encode(ProtocolEvent e) {
    try {
      return JSON.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a protocol event did not serialise", ex);
    }
  }

  /**
   * The event a JSON line holds.
   *
   * @throws IllegalArgumentException when the line is not one
   */
  public static ProtocolEvent decode(String line) {
    try {
      return JSON.readValue(line, ProtocolEvent.class);
    } catch (JsonProcessingException | RuntimeException ex) {
      throw new IllegalArgumentException("not a protocol event: " + ex.getMessage(), ex);
    }
  }

  /** One decision as a JSON line (without the newline). */
  public static String encodeDecision(RelayDecision d) {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode o = n.putObject("decision");
    o.put("time", d.time());
    o.put("relay", d.relay());
    o.put("connection", d.connection());
    o.put("sourceHost", d.sourceHost());
    o.put("destinationHost", d.destinationHost());
    o.put("protocol", d.protocol().name());
    o.put("port", d.port());
    o.put("scope", d.scope().name());
    o.put("subject", d.subject());
    o.put("conduit", d.decision().conduit());
    if (d.decision() instanceof ConduitDecision.Allowed a) {
      o.put("allowed", true);
      o.put("rule", a.rule());
    } else {
      ConduitDecision.Denied x = (ConduitDecision.Denied) d.decision();
      o.put("allowed", false);
      o.put("rule", x.rule());
      o.put("action", x.action().name());
      o.put("refusal", x.refusal().name());
      o.put("reason", x.reason());
    }
    return n.toString();
  }

  /**
   * What a feed line holds: an event, a decision, the answer to a {@code SYNC}, or the answer to a
   * command ({@link GatewayControl}).
   */
  public sealed interface Line {
    record Ack(GatewayControl.Ack ack) implements Line {}

    record Event(ProtocolEvent event) implements Line {}

    record Decision(RelayDecision decision) implements Line {}

    record Sync(long n) implements Line {}
  }

  /**
   * Reads one feed line.
   *
   * @throws IllegalArgumentException when it is none of the four
   */
  public static Line read(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException | RuntimeException ex) {
      throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (n.has("sync")) {
      return new Line.Sync(n.get("sync").asLong());
    }
    if (n.has("ack")) {
      return new Line.Ack(GatewayControl.decodeAck(n.get("ack")));
    }
    if (n.has("decision")) {
      JsonNode o = n.get("decision");
      try {
        String conduit = o.get("conduit").asText();
        ConduitDecision c =
            o.get("allowed").asBoolean()
                ? new ConduitDecision.Allowed(conduit, o.get("rule").asText())
                : new ConduitDecision.Denied(
                    conduit,
                    o.get("rule").isNull() ? null : o.get("rule").asText(),
                    RuleAction.valueOf(o.get("action").asText()),
                    Refusal.valueOf(o.get("refusal").asText()),
                    o.get("reason").asText());
        return new Line.Decision(
            new RelayDecision(
                o.get("time").asDouble(),
                o.get("relay").asText(),
                o.get("connection").asText(),
                o.get("sourceHost").asText(),
                o.get("destinationHost").asText(),
                Protocol.valueOf(o.get("protocol").asText()),
                o.get("port").asInt(),
                RelayDecision.Scope.valueOf(o.get("scope").asText()),
                o.get("subject").asText(),
                c));
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException("not a relay decision: " + ex.getMessage(), ex);
      }
    }
    return new Line.Event(decode(line));
  }

  /**
   * The event stamped with another time: a subscriber's own clock, since every gateway keeps one of
   * its own.
   */
  public static ProtocolEvent restamped(ProtocolEvent e, double time) {
    return new ProtocolEvent(
        time,
        e.relay(),
        e.connection(),
        e.sourceHost(),
        e.destinationHost(),
        e.protocol(),
        e.operation(),
        e.code(),
        e.unitId(),
        e.address(),
        e.quantity(),
        e.writeAddress(),
        e.writeQuantity(),
        e.nodeIds(),
        e.values(),
        e.result(),
        e.status(),
        e.write(),
        e.conduit(),
        e.rule());
  }

  @Override
  public synchronized void start() {
    ServerSocket ss = Sockets.listen(bindAddress, port, "TAP_FEED_BIND_FAILED", "Tap feed");
    server = ss;
    Sockets.acceptEach(ss, "tap-feed", this::subscribe);
  }

  /** The bound port. */
  public int port() {
    ServerSocket ss = server;
    return ss == null ? -1 : ss.getLocalPort();
  }

  /** Events that did not fit a subscriber's queue, over all subscribers. */
  public long dropped() {
    return dropped.get();
  }

  /** Subscribers connected now. */
  public int subscribers() {
    return subscribers.size();
  }

  /** A subscriber's events go out on this thread; its SYNC requests come in on another. */
  private void subscribe(Socket s) {
    Subscriber sub = new Subscriber(s);
    subscribers.add(sub);
    Thread r = new Thread(sub::listen, "tap-feed-sync-" + s.getRemoteSocketAddress());
    r.setDaemon(true);
    r.start();
    sub.run();
  }

  @Override
  public void onEvent(ProtocolEvent event) {
    if (subscribers.isEmpty()) {
      return;
    }
    offer(encode(event) + "\n");
  }

  /** Queues a line for every subscriber; one whose queue is full loses it (counted). */
  private void offer(String line) {
    for (Subscriber s : subscribers) {
      if (!s.queue.offer(line)) {
        dropped.incrementAndGet();
      }
    }
  }

  @Override
  public void onDecision(RelayDecision decision) {
    if (subscribers.isEmpty()) {
      return;
    }
    offer(encodeDecision(decision) + "\n");
  }

  @Override
  public synchronized void stop() {
    ServerSocket ss = server;
    server = null;
    if (ss != null) {
      Sockets.closeQuietly(ss);
    }
    for (Subscriber s : subscribers) {
      Sockets.closeQuietly(s.socket);
      s.queue.offer(END);
    }
    subscribers.clear();
  }

  private final class Subscriber {
    final Socket socket;
    final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);

    Subscriber(Socket socket) {
      this.socket = socket;
    }

    /** Answers {@code SYNC n} and commands in order with what is queued; ignores anything else. */
    void listen() {
      try {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 64);
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("SYNC ") && line.length() < 40) {
            try {
              long n = Long.parseLong(line.substring(5).strip());
              queue.put("{\"sync\":" + n + "}\n");
            } catch (NumberFormatException e) {
              LOG.debug("Tap feed: ignored '{}'", line);
            }
          } else if (line.startsWith(GatewayControl.PREFIX)) {
            GatewayControl.Ack ack = command(line);
            // The gateway's own log of every response it took or refused, and from whom.
            LOG.info(
                "Control from {}: {}",
                socket.getRemoteSocketAddress(),
                GatewayControl.encodeAck(ack));
            queue.put(GatewayControl.encodeAck(ack) + "\n");
          } else {
            LOG.debug("Tap feed: ignored a line of {} characters", line.length());
          }
        }
      } catch (IOException e) {
        // The subscriber left; its writer ends on its own.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Applies one command line, when the feed has a control and this subscriber may send it. */
    private GatewayControl.Ack command(String line) {
      Control c = control;
      long id = -1;
      try {
        GatewayControl.Command command = GatewayControl.decode(line);
        id = command.id();
        if (c == null) {
          return new GatewayControl.Failed(id, "this gateway takes no commands");
        }
        if (!c.accepts(socket.getInetAddress())) {
          LOG.warn(
              "Tap feed: refused a command from {}, which is not the runner",
              socket.getRemoteSocketAddress());
          return new GatewayControl.Failed(
              id, "commands are taken from the runner only, not from " + socket.getInetAddress());
        }
        return c.apply(command);
      } catch (dev.otlab.core.OtlabException | IllegalArgumentException e) {
        // A malformed command still answers to its id where it has one: the runner is waiting.
        return new GatewayControl.Failed(id >= 0 ? id : GatewayControl.idOf(line), e.getMessage());
      }
    }

    void run() {
      try (OutputStream out = socket.getOutputStream()) {
        while (!socket.isClosed()) {
          String line = queue.take();
          if (line.equals(END)) {
            return;
          }
          out.write(line.getBytes(StandardCharsets.UTF_8));
          if (queue.isEmpty()) {
            out.flush();
          }
        }
      } catch (IOException e) {
        LOG.debug("Tap feed subscriber {} left: {}", socket.getRemoteSocketAddress(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        subscribers.remove(this);
        Sockets.closeQuietly(socket);
      }
    }
  }
}
