package dev.otlab.scoring.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.Library;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.OpcUaFilter;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RemoteService;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.fabric.ServiceEndpoint;
import dev.otlab.network.relay.MqttMessage;
import dev.otlab.network.relay.Operation;
import dev.otlab.network.relay.OperationSpace;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.network.relay.TapListener;
import dev.otlab.simulator.plc.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static analysis equals enforcement, operation by operation: for every library architecture and a
 * few seeded random ones, every source host, every service of every other host, and every class of
 * operations of the architecture's {@link OperationSpace} (each Modbus function code 1..127, 8, 23,
 * 43 and 90 included, over address ranges inside, across and outside the allowed ones; each OPC UA
 * service group on None and Sign channels and an encrypted message on a SignAndEncrypt one; an MQTT
 * publish and subscription per topic filter of the rules, to an unnamed topic and to {@code #},
 * after a CONNECT; the connection to a broker's TLS listener, all a relay judges there), real
 * frames go through the real relays of the lab's network fabric, and what the relays decide (their
 * decision records) must be what {@link Reachability} says of the fabric's route. One fabric per
 * architecture; the servers behind the relays only swallow bytes, since the decision is the
 * relays'.
 */
class PolicyDifferentialIT {

  private static final int UNIT = 1;
  private static ServerSocket sink;
  private static ExecutorService sinkThreads;

  @BeforeAll
  static void startSink() throws IOException {
    sink = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    sinkThreads = Executors.newCachedThreadPool();
    sinkThreads.execute(
        () -> {
          while (!sink.isClosed()) {
            try {
              Socket s = sink.accept();
              sinkThreads.execute(() -> swallow(s));
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  private static void swallow(Socket s) {
    try (s;
        InputStream in = s.getInputStream()) {
      byte[] buf = new byte[4096];
      while (in.read(buf) >= 0) {
        // A server that never answers: the relays' decisions are what is compared.
      }
    } catch (IOException e) {
      // The relay closed its side.
    }
  }

  /** Per random design: routes to a broker's TLS listener, and how many let the connection on. */
  private static final java.util.Map<String, int[]> RANDOM_TLS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Per random design: routes to services off their protocols' ports, and how many were open. */
  private static final java.util.Map<String, int[]> RANDOM_OTHER_PORTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  @AfterAll
  static void stopSink() throws IOException {
    sink.close();
    sinkThreads.shutdownNow();
    if (RANDOM_OTHER_PORTS.size() == 3) {
      int routes = RANDOM_OTHER_PORTS.values().stream().mapToInt(r -> r[0]).sum();
      int open = RANDOM_OTHER_PORTS.values().stream().mapToInt(r -> r[1]).sum();
      assertThat(open).as("routes to services on other ports let through").isPositive();
      assertThat(open).as("routes to services on other ports refused").isLessThan(routes);
    }
    if (RANDOM_TLS.size() == 3) {
      int routes = RANDOM_TLS.values().stream().mapToInt(r -> r[0]).sum();
      int open = RANDOM_TLS.values().stream().mapToInt(r -> r[1]).sum();
      assertThat(open).as("routes to a broker's TLS listener let through").isPositive();
      assertThat(open).as("routes to a broker's TLS listener refused").isLessThan(routes);
    }
  }

  private static final String IIOT_DESIGN =
      "../lab/src/test/resources/architectures/water-treatment-iiot.yaml";

  static Stream<String> architectures() {
    List<String> names = new ArrayList<>(Library.names("architectures"));
    for (int seed = 1; seed <= 3; seed++) {
      names.add("random-" + seed);
    }
    // The lab's IIoT test design: a gateway, a broker and a cloud host with topic rules each way.
    names.add(IIOT_DESIGN);
    return names.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("architectures")
  void relaysDecideEveryOperationAsTheAnalysisSays(String name) throws IOException {
    long started = System.nanoTime();
    ArchitectureSpec arch =
        name.startsWith("random-")
            ? crossingRandom(Long.parseLong(name.substring(7)))
            : ArchitectureLoader.load(name);
    Reachability reach = new Reachability(arch);
    BlockingQueue<RelayDecision> decisions = new LinkedBlockingQueue<>();
    List<ServiceEndpoint> endpoints = new ArrayList<>();
    for (HostSpec h : arch.hosts()) {
      for (Service s : Service.of(h)) {
        endpoints.add(
            new ServiceEndpoint(h.id(), s.protocol(), "127.0.0.1", sink.getLocalPort(), s.port()));
      }
    }
    NetworkFabric fabric =
        new NetworkFabric(
            arch, endpoints, () -> 0.0, decisions::add, TapListener.NONE, RelayConfig.defaults());
    fabric.start();
    int messages = 0;
    int routes = 0;
    int allowedSeen = 0;
    int otherPorts = 0;
    int otherPortsAllowed = 0;
    int mqttMessages = 0;
    int mqttAllowed = 0;
    int tlsRoutes = 0;
    int tlsAllowed = 0;
    try {
      for (HostSpec from : arch.hosts()) {
        for (HostSpec to : arch.hosts()) {
          if (from.id().equals(to.id())) {
            continue;
          }
          for (Service service : Service.of(to)) {
            // Each service on its port: a host's SSH moved to 2222 is a route of its own.
            Access access = fabric.access(from.id(), to.id(), service.protocol(), service.port());
            String what = name + " " + from.id() + " -> " + to.id() + " " + service;
            if (access instanceof Access.Direct) {
              assertThat(
                      reach
                          .access(from.id(), to.id(), service)
                          .orElseThrow()
                          .best()
                          .operations()
                          .unfiltered())
                  .as(what)
                  .isTrue();
              continue;
            }
            if (access instanceof Access.Unreachable) {
              assertThat(reach.access(from.id(), to.id(), service)).as(what).isEmpty();
              continue;
            }
            Access.Relayed relayed = (Access.Relayed) access;
            routes++;
            Probe probe = new Probe(relayed, from.id(), to.id(), decisions);
            OperationSpace space = reach.space(service.protocol());
            Optional<Operations> expected = expected(reach, arch, from, to, service, relayed);
            BitSet compared = comparable(space, to, expected.isPresent());
            BitSet live = probe.decide(space, compared);
            messages += compared.cardinality();
            if (service.protocol() == Protocol.MQTT) {
              mqttMessages += compared.cardinality();
              mqttAllowed += live.cardinality();
            }
            if (service.protocol() == Protocol.MQTTS) {
              tlsRoutes++;
              tlsAllowed += live.cardinality();
            }
            BitSet want = expected.map(Operations::allowed).orElse(new BitSet());
            want.and(compared);
            allowedSeen += live.cardinality();
            if (service.port() != service.protocol().port()) {
              otherPorts++;
              otherPortsAllowed += live.isEmpty() ? 0 : 1;
            }
            if (!live.equals(want)) {
              BitSet diff = (BitSet) live.clone();
              diff.xor(want);
              List<String> differing = new ArrayList<>();
              diff.stream()
                  .limit(10)
                  .forEach(
                      i ->
                          differing.add(
                              space.operations().get(i)
                                  + (live.get(i) ? " passes the relays" : " is refused live")));
              assertThat(differing).as(what + " live vs static").isEmpty();
            }
          }
        }
      }
    } finally {
      fabric.stop();
    }
    if (!arch.conduits().isEmpty()) {
      assertThat(routes).as(name + " relayed routes").isPositive();
      assertThat(allowedSeen).as(name + " operations let through").isPositive();
    }
    if (name.startsWith("random-")) {
      // The random designs put services on ports other than their protocols' (SSH on 2222, a
      // vendor's on 4444): the rules on ports are compared there (let through and refused, over
      // the three designs: see stopSink).
      assertThat(otherPorts).as(name + " routes to services on other ports").isPositive();
      RANDOM_OTHER_PORTS.put(name, new int[] {otherPorts, otherPortsAllowed});
      // Every random design has a broker: its topic rules are exercised, and its TLS listener's
      // connections.
      assertThat(mqttMessages).as(name + " MQTT operations sent").isPositive();
      assertThat(tlsRoutes).as(name + " routes to a broker's TLS listener").isPositive();
      RANDOM_TLS.put(name, new int[] {tlsRoutes, tlsAllowed});
    }
    if (name.equals(IIOT_DESIGN)) {
      assertThat(mqttAllowed).as(name + " MQTT operations let through").isPositive();
      assertThat(mqttMessages).as(name + " MQTT operations refused").isGreaterThan(mqttAllowed);
    }
    System.out.printf(
        "%s: %d routes (%d to a service off its protocol's port, %d of them open), %d operations"
            + " sent through relays (%d MQTT), %d allowed (%d MQTT), %.1f s%n",
        name,
        routes,
        otherPorts,
        otherPortsAllowed,
        messages,
        mqttMessages,
        allowedSeen,
        mqttAllowed,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * What the analysis says of the fabric's route (the shortest zone path): the grant over exactly
   * those conduits among the routes through the route's zones.
   */
  private static Optional<Operations> expected(
      Reachability reach,
      ArchitectureSpec arch,
      HostSpec from,
      HostSpec to,
      Service service,
      Access.Relayed relayed) {
    Set<String> zones = new HashSet<>();
    for (String id : relayed.conduits()) {
      ConduitSpec c =
          arch.conduits().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
      zones.add(c.zoneA());
      zones.add(c.zoneB());
    }
    return reach
        .access(from.id(), to.id(), service, zones::contains)
        .flatMap(
            a ->
                a.grants().stream()
                    .filter(
                        g ->
                            g.route().hops().stream()
                                .map(Reachability.Hop::conduit)
                                .toList()
                                .equals(relayed.conduits()))
                    .map(Reachability.Grant::operations)
                    .findFirst());
  }

  /**
   * The classes a client of {@code to} can send: OPC UA only on channels the server offers, and
   * discovery and session plumbing only where the analysis lists an access (without one it reports
   * nothing, whatever plumbing passes).
   */
  private static BitSet comparable(OperationSpace space, HostSpec to, boolean access) {
    BitSet out = space.inModes(to.posture().opcUaModes());
    if (!access) {
      out.andNot(space.plumbing());
    }
    return out;
  }

  /** A client at a route's entry that sends one class after another and reads the verdicts. */
  private static final class Probe {
    private final Access.Relayed access;
    private final String from;
    private final String to;
    private final BlockingQueue<RelayDecision> decisions;
    private final int relays;
    private Socket socket;
    private OpcUaMode channel;
    private int transaction;

    Probe(Access.Relayed access, String from, String to, BlockingQueue<RelayDecision> decisions) {
      this.access = access;
      this.from = from;
      this.to = to;
      this.decisions = decisions;
      this.relays = access.conduits().size();
    }

    /** The classes of {@code which} every relay on the route lets through. */
    BitSet decide(OperationSpace space, BitSet which) throws IOException {
      BitSet allowed = new BitSet();
      try {
        for (int i = which.nextSetBit(0); i >= 0; i = which.nextSetBit(i + 1)) {
          Operation op = space.operations().get(i);
          if (op instanceof Operation.Connect) {
            // All a rule judges of other protocols is the connection.
            if (open(null)) {
              allowed.set(i);
            }
            continue;
          }
          OpcUaMode mode = op instanceof Operation.OpcUa o ? o.mode() : null;
          if (socket == null || mode != channel) {
            if (!(op instanceof Operation.Mqtt ? openMqtt() : open(mode))) {
              // The connection (or the channel's opening) is refused: nothing passes.
              close();
              return allowed;
            }
          }
          if (send(frame(op))) {
            allowed.set(i);
          } else {
            close();
          }
        }
      } finally {
        close();
      }
      return allowed;
    }

    private boolean open(OpcUaMode mode) throws IOException {
      close();
      decisions.clear();
      socket = new Socket(access.address(), access.port());
      socket.setTcpNoDelay(true);
      channel = mode;
      if (!verdict(RelayDecision.Scope.CONNECTION)) {
        return false;
      }
      if (mode == null) {
        return true;
      }
      return send(opn(mode != OpcUaMode.NONE));
    }

    /** A connection whose first packet is a CONNECT (a relay judges nothing else before it). */
    private boolean openMqtt() throws IOException {
      if (!open(null)) {
        return false;
      }
      OutputStream out = socket.getOutputStream();
      out.write(MqttMessage.connect("probe-" + from, null, null, 4));
      out.flush();
      return true;
    }

    private boolean send(byte[] frame) throws IOException {
      OutputStream out = socket.getOutputStream();
      try {
        out.write(frame);
        out.flush();
      } catch (IOException e) {
        throw new IOException("the route closed before a frame could be sent", e);
      }
      return verdict(RelayDecision.Scope.MESSAGE);
    }

    /** Waits for every relay's decision of one frame, or the first refusal. */
    private boolean verdict(RelayDecision.Scope scope) {
      int allowed = 0;
      while (allowed < relays) {
        RelayDecision d;
        try {
          d = decisions.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        assertThat(d).as("a relay decision for " + from + " -> " + to).isNotNull();
        if (d.scope() != scope || !d.sourceHost().equals(from) || !d.destinationHost().equals(to)) {
          continue;
        }
        if (!d.decision().allowed()) {
          return false;
        }
        allowed++;
      }
      return true;
    }

    private void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException e) {
          // Already closed by a relay.
        }
        socket = null;
      }
    }

    private byte[] frame(Operation op) {
      if (op instanceof Operation.Modbus m) {
        return m.frame(++transaction & 0xFFFF, UNIT);
      }
      if (op instanceof Operation.Mqtt q) {
        ++transaction;
        return q.direction() == MqttDirection.PUBLISH
            ? MqttMessage.publish(q.topic(), 0, 0, "{\"value\":1}".getBytes(), 4)
            : MqttMessage.subscribe(transaction & 0xFFFF | 1, List.of(q.topic()), 4);
      }
      Operation.OpcUa o = (Operation.OpcUa) op;
      ++transaction;
      if (o.service() == null) {
        // SignAndEncrypt: a body no relay can read.
        byte[] body = new byte[48];
        for (int k = 0; k < body.length; k++) {
          body[k] = (byte) (0xF0 ^ (k * 29));
        }
        return chunk("MSG", transaction, body);
      }
      Ua body = new Ua().u8(1).u8(0).u16(o.service().encodingId());
      // A request header with a null token, then zeros: what each service's fields start with.
      body.u8(0).u8(0).pad(8).u32(transaction).u32(0).u32(0xFFFFFFFFL).u32(5000).u8(0).u8(0).u8(0);
      body.pad(32);
      return chunk("MSG", transaction, body.bytes());
    }

    private static byte[] chunk(String type, long requestId, byte[] body) {
      return new Ua()
          .ascii(type)
          .u8('F')
          .u32(24 + body.length)
          .u32(77)
          .u32(1)
          .u32(requestId)
          .u32(requestId)
          .raw(body)
          .bytes();
    }

    /** An OpenSecureChannel: policy None in clear, or Basic256Sha256 with an opaque body. */
    private static byte[] opn(boolean secured) {
      String policy =
          "http://opcfoundation.org/UA/SecurityPolicy#" + (secured ? "Basic256Sha256" : "None");
      Ua b = new Ua().u32(0).string(policy).u32(0xFFFFFFFFL).u32(0xFFFFFFFFL);
      if (!secured) {
        b.u32(1).u32(1).u8(1).u8(0).u16(446);
        b.u8(0).u8(0).pad(8).u32(1).u32(0).u32(0xFFFFFFFFL).u32(5000).u8(0).u8(0).u8(0);
        b.u32(0).u32(0).u32(1).u32(0xFFFFFFFFL).u32(60000);
      } else {
        for (int i = 0; i < 128; i++) {
          b.u8((i * 37 + 11) & 0xFF);
        }
      }
      byte[] rest = b.bytes();
      return new Ua().ascii("OPNF").u32(8 + rest.length).raw(rest).bytes();
    }
  }

  /** A little-endian writer for OPC UA binary frames. */
  private static final class Ua {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Ua u8(int v) {
      out.write(v);
      return this;
    }

    Ua u16(int v) {
      return u8(v & 0xFF).u8((v >>> 8) & 0xFF);
    }

    Ua u32(long v) {
      return u16((int) (v & 0xFFFF)).u16((int) ((v >>> 16) & 0xFFFF));
    }

    Ua pad(int n) {
      out.writeBytes(new byte[n]);
      return this;
    }

    Ua ascii(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    Ua string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u32(b.length);
      out.writeBytes(b);
      return this;
    }

    Ua raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  private static final int[] FCS = {1, 2, 3, 4, 5, 6, 8, 15, 16, 17, 22, 23, 24, 43, 90};

  /**
   * A random design whose zones form a tree (one route between any two zones, as the fabric takes
   * one): 4 zones, a PLC and a workstation or HMI in each (SSH on 22 or 2222, HTTPS, a vendor
   * service on 4444), 1-4 rules per conduit mixing allow, deny and reject, Modbus filters with
   * function codes (8, 23, 43, 90 among them) and ranges (some of one table), OPC UA filters with
   * services and minimum modes, and rules on ports (SSH on 22 or 2222, anything on 2222 or 4444, a
   * vendor's protocol on any port) or on any protocol.
   */
  /**
   * The first random design of {@code seed}'s stream whose conduits let something across: a design
   * whose every conduit refuses all would compare refusals only. Deterministic per seed.
   */
  static ArchitectureSpec crossingRandom(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    while (true) {
      ArchitectureSpec a = random(rnd);
      if (new Reachability(a)
          .matrix().stream()
              .anyMatch(x -> x.grants().stream().anyMatch(g -> !g.route().hops().isEmpty()))) {
        return a;
      }
    }
  }

  static ArchitectureSpec random(SplittableRandom rnd) {
    Specs s = new Specs();
    int zones = 4;
    List<String> hosts = new ArrayList<>();
    for (int z = 0; z < zones; z++) {
      s.zone("z" + z, 4 - z, 2);
      Set<OpcUaMode> modes = EnumSet.noneOf(OpcUaMode.class);
      for (OpcUaMode m : OpcUaMode.values()) {
        if (rnd.nextBoolean()) {
          modes.add(m);
        }
      }
      s.host(
          "plc" + z,
          HostRole.PLC,
          new Posture(Set.of(), Credentials.STRONG, modes, false),
          "z" + z);
      HostRole role = rnd.nextBoolean() ? HostRole.HMI : HostRole.WORKSTATION;
      // Remote services on their well-known ports and elsewhere: SSH on 22 or 2222, HTTPS on
      // 443, a vendor's service on 4444.
      List<Posture.Listener> remote = new ArrayList<>();
      switch (rnd.nextInt(4)) {
        case 0 -> remote.add(Posture.Listener.of(RemoteService.SSH));
        case 1 -> remote.add(new Posture.Listener(RemoteService.SSH, 2222, "ssh"));
        case 2 -> remote.add(Posture.Listener.of(RemoteService.HTTPS));
        default -> {}
      }
      if (rnd.nextBoolean()) {
        remote.add(new Posture.Listener(RemoteService.VENDOR, 4444, "historian-sync"));
      }
      s.host("ws" + z, role, new Posture(remote, Credentials.STRONG, Set.of(), false), "z" + z);
      hosts.add("plc" + z);
      hosts.add("ws" + z);
      if (z == 0 || rnd.nextBoolean()) {
        // Each broker listens in clear and over TLS: topic rules judge the one, only the
        // connection is judged on the other.
        s.host(
            "mq" + z,
            HostRole.MQTT_BROKER,
            Posture.DEFAULT.withBrokerListeners(
                List.of(
                    Posture.BrokerListener.of(Protocol.MQTT),
                    Posture.BrokerListener.of(Protocol.MQTTS))),
            "z" + z);
        hosts.add("mq" + z);
      }
    }
    for (int z = 1; z < zones; z++) {
      int parent = rnd.nextInt(z);
      List<RuleSpec> rules = new ArrayList<>();
      int n = 1 + rnd.nextInt(4);
      for (int r = 0; r < n; r++) {
        rules.add(rule(rnd, "r" + r, hosts, "z" + z, "z" + parent));
      }
      s.conduit("c" + z, "z" + parent, "z" + z, rules.toArray(RuleSpec[]::new));
    }
    return s.build();
  }

  private static RuleSpec rule(
      SplittableRandom rnd, String id, List<String> hosts, String zoneA, String zoneB) {
    Selector from = selector(rnd, hosts, zoneA, zoneB);
    Selector to = selector(rnd, hosts, zoneA, zoneB);
    int kind = rnd.nextInt(9);
    RuleAction action =
        rnd.nextInt(4) == 0
            ? (rnd.nextBoolean() ? RuleAction.DENY : RuleAction.REJECT)
            : RuleAction.ALLOW;
    if (kind <= 2) {
      Set<Integer> fcs = new LinkedHashSet<>();
      if (rnd.nextInt(3) > 0) {
        int k = 1 + rnd.nextInt(6);
        for (int i = 0; i < k; i++) {
          fcs.add(FCS[rnd.nextInt(FCS.length)]);
        }
      }
      List<RegisterRange> ranges = new ArrayList<>();
      int k = rnd.nextInt(3);
      for (int i = 0; i < k; i++) {
        // Bounds on a coarse grid, so ranges of different rules share cut points and meet,
        // overlap and nest without the classes multiplying.
        int first = 8 * rnd.nextInt(4);
        Table table = rnd.nextInt(3) == 0 ? Table.HOLDING_REGISTER : null;
        ranges.add(new RegisterRange(first, first + 8 * (1 + rnd.nextInt(2)) - 1, table));
      }
      ModbusFilter f = fcs.isEmpty() && ranges.isEmpty() ? null : new ModbusFilter(fcs, ranges);
      return new RuleSpec(id, from, to, Protocol.MODBUS, null, action, f, null);
    }
    if (kind <= 4) {
      Set<OpcUaService> services = EnumSet.noneOf(OpcUaService.class);
      for (OpcUaService sv : OpcUaService.values()) {
        if (rnd.nextInt(3) == 0) {
          services.add(sv);
        }
      }
      OpcUaMode min = OpcUaMode.values()[rnd.nextInt(3)];
      OpcUaFilter f = rnd.nextInt(4) == 0 ? null : new OpcUaFilter(services, min);
      // Filtered deny rules on OPC UA refuse the channel's opening too; keep them allow rules.
      RuleAction a = f != null ? RuleAction.ALLOW : action;
      return new RuleSpec(id, from, to, Protocol.OPCUA, null, a, null, f);
    }
    if (kind == 5) {
      List<String> topics = new ArrayList<>();
      int k = rnd.nextInt(3);
      for (int i = 0; i < k; i++) {
        String t = TOPICS[rnd.nextInt(TOPICS.length)];
        if (!topics.contains(t)) {
          topics.add(t);
        }
      }
      MqttDirection d = MqttDirection.values()[rnd.nextInt(3)];
      MqttFilter f = topics.isEmpty() && d == MqttDirection.ANY ? null : new MqttFilter(topics, d);
      if (f == null) {
        // A rule without topics is drawn for the brokers' TLS listener, where none could hold.
        return new RuleSpec(id, from, to, Protocol.MQTTS, null, action, null, null);
      }
      // Filters only apply to allow rules (as the loader requires).
      return new RuleSpec(id, from, to, Protocol.MQTT, null, RuleAction.ALLOW, null, null, f);
    }
    // Kinds 6 to 8: rules on ports, besides or instead of a protocol: SSH on its port or on 2222,
    // anything on 2222 or 4444, a vendor's protocol on any port, or anything anywhere.
    return switch (rnd.nextInt(6)) {
      case 0 -> new RuleSpec(id, from, to, Protocol.SSH, null, action, null, null);
      case 1 -> new RuleSpec(id, from, to, Protocol.SSH, 2222, action, null, null);
      case 2 ->
          new RuleSpec(
              id, from, to, Protocol.ANY, rnd.nextBoolean() ? 2222 : 4444, action, null, null);
      case 3 -> new RuleSpec(id, from, to, Protocol.VENDOR, null, action, null, null);
      default -> new RuleSpec(id, from, to, Protocol.ANY, null, action, null, null);
    };
  }

  /** Topic filters of random MQTT rules: nested, overlapping and disjoint. */
  private static final String[] TOPICS = {"a/+", "a/#", "a/b", "b/#", "+/b", "#", "a/b/set"};

  private static Selector selector(SplittableRandom rnd, List<String> hosts, String a, String b) {
    return switch (rnd.nextInt(4)) {
      case 0 -> Selector.ANY;
      case 1 -> Selector.zone(rnd.nextBoolean() ? a : b);
      case 2 -> Selector.host(hosts.get(rnd.nextInt(hosts.size())));
      default -> Selector.zone("z" + rnd.nextInt(4));
    };
  }
}
