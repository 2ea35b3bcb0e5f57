package dev.otlab.cli;

import dev.otlab.containers.AgentServer;
import dev.otlab.containers.ComposeFile;
import dev.otlab.containers.ContainerPlan;
import dev.otlab.containers.ContainerWiring;
import dev.otlab.containers.ControllerNode;
import dev.otlab.containers.DnsSources;
import dev.otlab.containers.FootholdNode;
import dev.otlab.containers.GatewayControl;
import dev.otlab.containers.GatewayNode;
import dev.otlab.containers.HostServices;
import dev.otlab.containers.NodeHosts;
import dev.otlab.containers.OperationsNode;
import dev.otlab.containers.Probe;
import dev.otlab.containers.ProcessFront;
import dev.otlab.containers.SensorNode;
import dev.otlab.containers.SharedStart;
import dev.otlab.containers.TapFeed;
import dev.otlab.containers.ZoneAddresses;
import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionEngine;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.lab.PlaybookEngine;
import dev.otlab.lab.ResponseRecord;
import dev.otlab.lab.RunObserver;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.RunVerdict;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.Durations;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitLog;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.relay.TapListener;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otlab node}: one host of a lab spread over containers (see docker/README.md). */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one node of the container lab: a plc or sis host (its controller, with the plant's"
          + " process simulation, on Modbus 502 and OPC UA 4840); a conduit gateway (the"
          + " conduit's relays between its two zone networks, each accepting only its route's"
          + " source); an hmi, historian, engineering-ws, iiot-gateway or cloud host (that host's"
          + " benign operations"
          + " through the gateways); an attacker foothold (lists its paths, then waits for"
          + " probes); a sensor (detection over every gateway's tap feed, on the management"
          + " network, with --host sensor); or a probe (one host's requests, one line each).",
      "Every node reads the same architecture and derives the same addressing: hosts by their"
          + " id, gateways as gw-<conduit>. Clock: the same --start, --speed and --seed on every"
          + " node."
    })
public final class NodeCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--role",
      required = true,
      paramLabel = "ROLE",
      description =
          "plc, sis, gateway, hmi, historian, engineering-ws, iiot-gateway, cloud, attacker, sensor"
              + " or probe.")
  String role;

  @Mixin PlantOnArchitecture drawing = new PlantOnArchitecture();

  @Option(
      names = "--host",
      required = true,
      paramLabel = "ID",
      description = "This node's host id; for a gateway, the conduit id or gw-<conduit>.")
  String host;

  @Option(
      names = "--start",
      paramLabel = "EPOCH_MS",
      defaultValue = "${env:OTLAB_START}",
      description =
          "Shared start instant, epoch milliseconds (env OTLAB_START; default or blank: when this"
              + " node starts).")
  String start;

  @Option(
      names = "--speed",
      paramLabel = "S",
      defaultValue = "${env:OTLAB_SPEED:-1}",
      description = "Shared speed factor (env OTLAB_SPEED). Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(
      names = "--seed",
      defaultValue = "${env:OTLAB_SEED:-1}",
      description = "Shared seed (env OTLAB_SEED). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      description = "Simulated run time (90s, 15m, 2h). Default: until stopped.")
  String duration;

  @Option(
      names = "--bind",
      defaultValue = "0.0.0.0",
      description = "Address a plc or sis node listens on. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(
      names = "--zone-subnet",
      paramLabel = "ZONE=CIDR",
      description =
          "A gateway's, or a host's with services of its own (remote access, an MQTT broker), zone"
              + " network subnet; it listens on its own address there. Without it, it listens on"
              + " every interface.")
  Map<String, String> zoneSubnets = new LinkedHashMap<>();

  @Option(
      names = "--management-subnet",
      paramLabel = "CIDR",
      description =
          "A gateway's management network subnet: with it the gateway serves its tap feed (every"
              + " event its relays see, as JSON lines) on its address there, port 7070.")
  String managementSubnet;

  @Option(
      names = "--detection",
      paramLabel = "PROFILE",
      defaultValue = "full",
      description =
          "A sensor's detection profile (library name or file). Default: ${DEFAULT-VALUE}.")
  String detection;

  @Option(
      names = "--process",
      paramLabel = "HOST",
      description =
          "A plc or sis node for scenario runs: front the controller that runs in the process"
              + " node HOST (the runner) instead of simulating a plant of its own.")
  String process;

  @Option(
      names = "--agent-subnet",
      paramLabel = "CIDR",
      description =
          "An operations (hmi, historian, engineering-ws, iiot-gateway, cloud) or attacker node for scenario runs: run an agent on"
              + " this control network's address that makes the runner's connections from this"
              + " host, instead of the host's own operations.")
  String agentSubnet;

  @Option(
      names = "--process-subnet",
      paramLabel = "CIDR",
      description =
          "A runner's process network subnet: its controllers listen on its address there only, so"
              + " nothing on another of its networks (a foothold's) reaches them around the"
              + " gateways. Without it they listen on every address.")
  String processSubnet;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description = "A runner's scenario (library name or file).")
  String scenario;

  @Option(
      names = "--playbook",
      paramLabel = "PLAYBOOK",
      description =
          "A runner's response playbook (library name or file; repeatable): defends the run as otlab"
              + " run --playbook does; network responses reach the gateways over the management"
              + " network.")
  List<String> playbooks = new ArrayList<>();

  @Option(
      names = "--target",
      paramLabel = "HOST",
      description = "A probe's target controller host.")
  String target;

  @Option(
      names = "--op",
      paramLabel = "OP",
      description =
          "A probe operation (repeatable): fc01|fc03|fc04:ADDR:COUNT, fc05:ADDR:0|1,"
              + " fc06:ADDR:VALUE, bench:N, dns:NAME, tcp:HOST:PORT, icmp:HOST.")
  List<String> ops = List.of();

  @Option(
      names = "--pki",
      paramLabel = "DIR",
      defaultValue = "${sys:java.io.tmpdir}/otlab-pki",
      description = "Where OPC UA certificates are kept. Default: ${DEFAULT-VALUE}.")
  Path pki;

  @Override
  public Integer call() {
    ContainerWiring.lookUpNamesOften();
    PrintWriter out = spec.commandLine().getOut();
    PlantOnArchitecture.Loaded loaded = drawing.load();
    ArchitectureSpec arch = loaded.architecture();
    PlantSpec plantSpec = loaded.plant();
    ContainerPlan plan = new ContainerPlan(arch);
    String r = role.toLowerCase(Locale.ROOT);
    if (r.equals("probe")) {
      Probe probe = new Probe(plan, plantSpec, host);
      for (String op : ops) {
        out.println(probe.run(op, Optional.ofNullable(target)));
        out.flush();
      }
      return 0;
    }
    if (r.equals("runner")) {
      return runScenario(arch, out);
    }
    double seconds = duration == null ? Double.NaN : Durations.seconds(duration, "--duration");
    SharedStart shared = new SharedStart(startMillis(), Speed.parse(speed), seed);
    SharedStart.Joined joined = shared.join(System.currentTimeMillis());
    if (joined.waitSeconds() > 0) {
      // Idle until the shared start on a clock of its own, so t = 0 is the same on every node.
      new LabClock(seed, Speed.REAL_TIME).runUntil(joined.waitSeconds());
    }
    LabClock clock = joined.clock();
    Lifecycle node;
    String ready;
    if (r.equals("plc") || r.equals("sis")) {
      requireRole(arch, r);
      if (process != null) {
        ProcessFront f = new ProcessFront(plantSpec, NodeHosts.host(arch, host), process, bind);
        node = f;
        ready = "front of its controller on " + process + ", on modbus 502, opcua 4840";
      } else {
        ControllerNode c =
            new ControllerNode(arch, plantSpec, host, clock, bind, opcUaUsers(arch), pki);
        node = c;
        ready = "controller " + c.controller().id() + " on modbus 502, opcua 4840";
      }
    } else if (agentSubnet != null && (OperationsNode.runs(r) || r.equals("attacker"))) {
      if (!r.equals("attacker")) {
        requireRole(arch, r);
      } else {
        new FootholdNode(plan, host, l -> {});
      }
      String address = ZoneAddresses.find(Map.of("control", agentSubnet)).get("control");
      node =
          new AgentServer(
              address, AgentServer.PORT, AgentServer.labNames(plan), ZoneAddresses.in(agentSubnet));
      ready = "agent for a scenario runner on " + address + ":" + AgentServer.PORT;
    } else if (OperationsNode.runs(r)) {
      requireRole(arch, r);
      OperationsNode o = new OperationsNode(plan, plantSpec, host, clock, pki, line(out));
      node = o;
      ready = r + " operations through the gateways";
    } else if (r.equals("attacker")) {
      FootholdNode f = new FootholdNode(plan, host, line(out));
      node = f;
      ready = "foothold with " + f.surface().size() + " paths to services";
    } else if (r.equals("gateway")) {
      String conduit = host.startsWith("gw-") ? host.substring(3) : host;
      Map<String, String> addresses = ZoneAddresses.find(zoneSubnets);
      // The runner's responses come on the feed's connections; only the process node (a runner
      // or the dashboard, by its name on the management network) may send them.
      java.util.concurrent.atomic.AtomicReference<GatewayNode> gateway =
          new java.util.concurrent.atomic.AtomicReference<>();
      DnsSources commanders = new DnsSources();
      TapFeed feed =
          managementSubnet == null
              ? null
              : new TapFeed(
                  ZoneAddresses.find(Map.of("management", managementSubnet)).get("management"),
                  TapFeed.PORT,
                  new TapFeed.Control() {
                    @Override
                    public boolean accepts(java.net.InetAddress address) {
                      return commanders.from(ComposeFile.RUNNER, address)
                          || commanders.from(ComposeFile.DASHBOARD, address);
                    }

                    @Override
                    public GatewayControl.Ack apply(GatewayControl.Command command) {
                      return gateway.get().apply(command);
                    }
                  });
      GatewayNode g =
          new GatewayNode(
              plan,
              conduit,
              zone -> addresses.getOrDefault(zone, "0.0.0.0"),
              clock::now,
              d -> {
                if (!d.decision().allowed()) {
                  synchronized (out) {
                    out.println(LabCommand.describe(d));
                    out.flush();
                  }
                }
                if (feed != null) {
                  feed.onDecision(d);
                }
              },
              feed == null ? TapListener.NONE : feed,
              new DnsSources());
      gateway.set(g);
      node = feed == null ? g : Lifecycle.all(feed, g);
      ready =
          "gateway "
              + ContainerPlan.gatewayName(conduit)
              + " with "
              + plan.relays(conduit).size()
              + " relays"
              + (feed == null ? "" : ", tap feed on management port " + TapFeed.PORT);
    } else if (r.equals("sensor")) {
      DetectionProfile profile = DetectionLoader.load(detection);
      SensorNode sensor =
          new SensorNode(
              ComposeFile.sensorGateways(arch),
              Set.copyOf(ComposeFile.tappedGateways(arch)),
              TapFeed.PORT,
              new DetectionEngine(profile, plantSpec, arch, null),
              arch.conduits().stream().collect(Collectors.toMap(ConduitSpec::id, ConduitSpec::log)),
              clock,
              line(out));
      node = sensor;
      ready =
          "sensor with detection profile "
              + profile.id()
              + " on the tap feeds of "
              + ComposeFile.tappedGateways(arch)
              + " and the logs of "
              + arch.conduits().stream()
                  .filter(c -> c.log() != ConduitLog.NONE)
                  .map(ConduitSpec::id)
                  .toList();
    } else {
      throw new OtlabException(
          "NODE_ROLE_UNSUPPORTED",
          "Role '" + role + "' has no container node yet.",
          "Use plc, sis, gateway, hmi, historian, engineering-ws, iiot-gateway, cloud, attacker,"
              + " sensor or probe.");
    }
    if (!r.equals("gateway") && !r.equals("sensor")) {
      HostSpec h = NodeHosts.host(arch, host);
      if (HostServices.any(h)) {
        HostServices services = new HostServices(h, zoneAddresses(h));
        // Its services first: a client that finds the node ready finds them listening.
        node = Lifecycle.all(services, node);
        ready = ready + "; serving " + services.describe();
      }
    }
    markReady(false);
    try {
      node.start();
      out.printf(
          Locale.ROOT,
          "node %s ready: %s; lab %s on %s at %s, seed %d, joined at t=%.1f s%n",
          host,
          ready,
          plantSpec.id(),
          arch.id(),
          shared.speed(),
          seed,
          joined.joinedAt());
      out.flush();
      markReady(true);
      ClockRunner.run(clock, seconds);
    } finally {
      markReady(false);
      node.stop();
    }
    return 0;
  }

  /**
   * A host's addresses on its zone networks, from {@code --zone-subnet}; every interface when the
   * subnets are not given (a node started by hand).
   */
  private List<String> zoneAddresses(HostSpec h) {
    Map<String, String> mine = new LinkedHashMap<>();
    for (String z : h.zones()) {
      if (zoneSubnets.containsKey(z)) {
        mine.put(z, zoneSubnets.get(z));
      }
    }
    if (mine.isEmpty()) {
      return List.of("0.0.0.0");
    }
    return List.copyOf(ZoneAddresses.find(mine).values());
  }

  private void requireRole(ArchitectureSpec arch, String r) {
    HostSpec h = NodeHosts.host(arch, host);
    if (!Names.yaml(h.role()).equals(r)) {
      throw new OtlabException(
          "NODE_ROLE_MISMATCH",
          "Host '" + host + "' is a " + Names.yaml(h.role()) + ", not a " + r + ".",
          "Start it with --role " + ComposeFile.role(h) + ".");
    }
  }

  /**
   * Plays a scenario on the container lab: this node is the process node (the plant and its
   * controllers, fronted by the plc and sis containers) and acts through the hosts' agents; prints
   * each step and, at the end, the run's verdict as one JSON line.
   */
  private int runScenario(ArchitectureSpec arch, PrintWriter out) {
    if (scenario == null) {
      throw new OtlabException(
          "NODE_SCENARIO_MISSING",
          "A runner needs a scenario.",
          "Name one with --scenario (otlab run --help lists the library).");
    }
    ScenarioSpec spec = ScenarioLoader.load(scenario);
    ContainerWiring.requirePlayable(spec);
    ContainerWiring wiring =
        processSubnet == null
            ? new ContainerWiring("0.0.0.0")
            : ContainerWiring.onSubnet(processSubnet);
    Consumer<String> line = line(out);
    List<PlaybookEngine> engines = new ArrayList<>();
    for (String name : playbooks) {
      PlaybookSpec p = PlaybookLoader.load(name);
      PlaybookLoader.requirePlant(p, arch.plant(), arch.id());
      engines.add(new PlaybookEngine(p));
    }
    ScenarioRun run =
        new ScenarioRun(
                spec,
                arch,
                new ScenarioRun.Options(
                    seed,
                    Speed.parse(speed),
                    pki,
                    s ->
                        line.accept(
                            String.format(
                                Locale.ROOT,
                                "STEP t=%.1f %s %s %s%s: %s",
                                s.start(),
                                s.step(),
                                s.technique(),
                                s.outcome(),
                                s.conduit() == null ? "" : " at " + s.conduit(),
                                s.detail())),
                    DetectionLoader.load(detection),
                    new RunObserver() {
                      @Override
                      public void started(LabClock clock) {
                        // A run across containers is as fast as its traffic: say how far it got.
                        clock.schedulePeriodic(
                            "runner:progress",
                            Phase.OUTPUTS,
                            60,
                            60,
                            () ->
                                line.accept(
                                    String.format(
                                        Locale.ROOT,
                                        "PROGRESS t=%.0f of %.0f s",
                                        clock.now(),
                                        spec.durationSeconds())));
                      }
                    }))
            .on(wiring);
    if (!engines.isEmpty()) {
      run.defendedBy(engines.toArray(PlaybookEngine[]::new));
    }
    RunTrace trace = run.run();
    for (ResponseRecord r : trace.responses()) {
      line.accept(
          String.format(
              Locale.ROOT,
              "RESPONSE t=%.1f %s %s %s: %s%s",
              r.time(),
              r.who(),
              r.action().describe(),
              r.done() ? "done" : "refused",
              r.result(),
              r.effects().isEmpty() ? "" : " | " + String.join(" | ", r.effects())));
    }
    if (!engines.isEmpty()) {
      defenceLines(trace).forEach(line);
    }
    line.accept("VERDICT " + RunVerdict.of(trace).toJson());
    return 0;
  }

  /**
   * What a defended run's responses did on the network, counted: the connections and messages each
   * response rule denied at each conduit ({@code RESPONSE-DENIED}), and the benign operations each
   * host's work lost to a denial, by conduit and rule ({@code BENIGN-DENIED}).
   */
  public static List<String> defenceLines(RunTrace trace) {
    Map<String, Integer> denied = new java.util.TreeMap<>();
    for (var d : trace.decisions()) {
      if (d.decision() instanceof dev.otlab.network.relay.ConduitDecision.Denied x
          && x.rule() != null
          && x.rule().startsWith("response:")) {
        denied.merge(
            "conduit=" + x.conduit() + " rule=" + x.rule() + " subject=" + d.scope(),
            1,
            Integer::sum);
      }
    }
    Map<String, Integer> benign = new java.util.TreeMap<>();
    for (var o : trace.operations()) {
      if (o.outcome() instanceof dev.otlab.operations.OperationRecord.Outcome.Denied x) {
        benign.merge(
            "actor="
                + o.actor()
                + " target="
                + o.target()
                + " conduit="
                + x.conduit()
                + " rule="
                + x.rule(),
            1,
            Integer::sum);
      }
    }
    List<String> out = new ArrayList<>();
    denied.forEach((k, n) -> out.add("RESPONSE-DENIED " + k + " count=" + n));
    benign.forEach((k, n) -> out.add("BENIGN-DENIED " + k + " count=" + n));
    return out;
  }

  /**
   * The file a container health check looks for ({@link ComposeFile#READY_FILE}): present while
   * this node serves. Removed first on start, since a restarted container keeps its file system.
   */
  private static void markReady(boolean ready) {
    Path file = Path.of(ComposeFile.READY_FILE);
    try {
      if (ready) {
        Files.writeString(file, "ready\n");
      } else {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // Outside a container /tmp may be shared or read-only; the node itself works without it.
      System.err.println("otlab node: cannot " + (ready ? "write " : "remove ") + file + ": " + e);
    }
  }

  private long startMillis() {
    if (start == null || start.isBlank()) {
      return System.currentTimeMillis();
    }
    try {
      return Long.parseLong(start.strip());
    } catch (NumberFormatException e) {
      throw new OtlabException(
          "NODE_START_INVALID",
          "--start (or OTLAB_START) '" + start + "' is not epoch milliseconds.",
          "Give every node the same number, e.g. $(date +%s%3N), or leave it empty.");
    }
  }

  /** Report lines of a node, printed whole even when several threads report at once. */
  private static Consumer<String> line(PrintWriter out) {
    return l -> {
      synchronized (out) {
        out.println(l);
        out.flush();
      }
    };
  }

  /** The plant servers' operator account and the architecture's OPC UA accounts. */
  private static Map<String, String> opcUaUsers(ArchitectureSpec arch) {
    Map<String, String> users = new java.util.LinkedHashMap<>(arch.opcUaLogins());
    users.put("operator", "operator");
    return users;
  }
}
