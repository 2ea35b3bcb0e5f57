package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.network.AddressPlan;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitLog;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.ZoneSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A docker-compose file for one architecture: one internal network per zone, one gateway container
 * per conduit attached to the two zones it joins, one container per host in its zones, and the
 * dashboard on a network of its own whose only purpose is its published port on the host's
 * loopback. Written by hand rather than through a YAML library so the file keeps its comments and
 * its order, and reads like one a person would write.
 *
 * <p>Zone networks are {@code internal} and carry no address of the Docker host ({@code
 * inhibit_ipv4}), so nothing in a zone reaches the outside world or the host itself; their subnets
 * are fixed so a gateway knows its address in each zone without asking Docker.
 *
 * <p>The reference lab also renders as a stack file for {@code docker stack deploy} ({@link
 * #renderStack}), from the same parts: its zones are internal encrypted overlays on the same
 * subnets, every service resolves to its task's own address (DNS round robin, no virtual IP: the
 * gateways tell hosts apart by the addresses their names resolve to), and each gateway and host is
 * placed by a node label on the machines of its zone's site.
 */
public final class ComposeFile {

  /** The lab image every node runs, as docker/build-images.sh tags it. */
  public static final String LAB_IMAGE = "otlab/lab:dev";

  /** The dashboard image, as docker/build-images.sh tags it. */
  public static final String DASHBOARD_IMAGE = "otlab/dashboard:dev";

  /**
   * Written by a serving node, looked for by the health check: operations hosts and footholds start
   * once the gateways and controllers are healthy, so their first requests are not refusals.
   */
  public static final String READY_FILE = "/tmp/otlab-node-ready";

  /** Service name of the dashboard; no host may take it. */
  public static final String DASHBOARD = "dashboard";

  /** Service name of the detection sensor; no host may take it. */
  public static final String SENSOR = "sensor";

  /** Compose name of the management network: gateways and the sensor, never a lab host. */
  public static final String MANAGEMENT = "management";

  /** The sensor's detection profile. */
  public static final String SENSOR_PROFILE = "full";

  /** The node label a stack lab places services by, unless told otherwise. */
  public static final String SITE_LABEL = "otlab.site";

  /**
   * What differs when the lab is a stack on a swarm rather than a compose project on one host.
   *
   * @param siteLabel the node label whose value names a machine's site
   */
  private record Stack(String siteLabel) {}

  private static final Pattern SITE_LABEL_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  private static final Pattern PREFIX = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})");

  private final ContainerPlan plan;
  private final String plant;
  private final String subnetPrefix;
  private final @Nullable OwnFiles own;

  /**
   * A lab of the library's files only, which the images carry.
   *
   * @param plant the plant id the nodes simulate
   * @param subnetPrefix the first two octets of the zone subnets ({@code 10.231}); zone number i
   *     gets {@code PREFIX.i.0/24}
   */
  public ComposeFile(ContainerPlan plan, String plant, String subnetPrefix) {
    this(plan, plant, subnetPrefix, null);
  }

  /**
   * A lab that also plays files of the user's own, mounted into every container.
   *
   * @param own the user's files, or null when the lab plays library files only
   */
  public ComposeFile(
      ContainerPlan plan, String plant, String subnetPrefix, @Nullable OwnFiles own) {
    this.plan = plan;
    this.plant = plant;
    this.own = own;
    var m = PREFIX.matcher(subnetPrefix);
    if (!m.matches() || Integer.parseInt(m.group(1)) > 255 || Integer.parseInt(m.group(2)) > 255) {
      throw new OtlabException(
          "COMPOSE_SUBNET_INVALID",
          "'" + subnetPrefix + "' is not the first two octets of an IPv4 network.",
          "Give two octets such as 10.231; each zone gets a /24 inside it.");
    }
    this.subnetPrefix = subnetPrefix;
    ArchitectureSpec a = plan.architecture();
    if (a.zones().size() > 247) {
      throw new OtlabException(
          "COMPOSE_TOO_MANY_ZONES",
          "Architecture '"
              + a.id()
              + "' has "
              + a.zones().size()
              + " zones; a lab has room for 247 (the rest of the subnets are taken).",
          "Merge zones, or split the architecture.");
    }
    List<String> names = new ArrayList<>();
    a.hosts().forEach(h -> names.add(h.id()));
    a.conduits().forEach(c -> names.add(ContainerPlan.gatewayName(c.id())));
    for (String n : names) {
      if (!SERVICE_NAME.matcher(n).matches()
          || n.equals(DASHBOARD)
          || n.equals(SENSOR)
          || n.equals(RUNNER)) {
        throw new OtlabException(
            "COMPOSE_NAME_INVALID",
            "'" + n + "' cannot be a container name in the compose lab of '" + a.id() + "'.",
            "Rename the host or conduit: lower-case letters, digits, '-', '_' or '.', and none of '"
                + DASHBOARD
                + "', '"
                + SENSOR
                + "' or '"
                + RUNNER
                + "'.");
      }
    }
  }

  /**
   * The subnet of each zone, in architecture order: the {@link AddressPlan}'s, which the embedded
   * lab's packet captures use too.
   */
  public Map<String, String> subnets() {
    return new AddressPlan(plan.architecture(), subnetPrefix).subnets();
  }

  /**
   * The gateways of the conduits the architecture taps: what the live lab's sensor follows. Its
   * span ports are not modelled there (traffic inside a zone goes straight from host to host); in
   * runs the process node plays them ({@link AgentNetwork}).
   */
  public static List<String> tappedGateways(ArchitectureSpec a) {
    return a.conduits().stream()
        .filter(c -> a.sensors().tappedConduits().contains(c.id()))
        .map(c -> ContainerPlan.gatewayName(c.id()))
        .toList();
  }

  /**
   * The gateways the live lab's sensor follows: those of tapped conduits (their events) and those
   * of conduits that log to the SOC (their logged decisions).
   */
  public static List<String> sensorGateways(ArchitectureSpec a) {
    return a.conduits().stream()
        .filter(c -> a.sensors().tappedConduits().contains(c.id()) || c.log() != ConduitLog.NONE)
        .map(c -> ContainerPlan.gatewayName(c.id()))
        .toList();
  }

  /** The management network's subnet, above every zone's. */
  public String managementSubnet() {
    return subnetPrefix + ".250.0/24";
  }

  /**
   * Why a stack lab plays no files of one's own: its containers run on any machine of the swarm,
   * where copies beside the stack file are not. A Docker config could carry each file, but the
   * library's copies would then differ by machine from what {@code docker/build-images.sh} baked,
   * so the lab asks for one library everywhere instead.
   *
   * @param files the user's files, as the user named them
   */
  public static OtlabException stackRefuses(List<String> files) {
    return new OtlabException(
        "COMPOSE_STACK_OWN_FILES",
        "A stack lab cannot mount files of your own ("
            + String.join(", ", files)
            + "): its containers run on any machine of the swarm, where the copies beside the"
            + " stack file are not.",
        "Put the files into scenarios/library, rebuild the images (docker/build-images.sh) and"
            + " load them on every machine (docker save | docker load), then name them by id; or"
            + " play them in a compose lab (otlab compose without --stack).");
  }

  /** The node role a host's container runs. */
  public static String role(HostSpec h) {
    if (h.role() == HostRole.PLC || h.role() == HostRole.SIS) {
      return Names.yaml(h.role());
    }
    if (OperationsNode.ROLES.contains(h.role())) {
      return Names.yaml(h.role());
    }
    return "attacker";
  }

  /**
   * A live lab ({@code otlab compose --live}): every controller container simulates the plant on
   * its own clock, the operations hosts run their own operations through the gateways, a sensor
   * prints alerts from the tap feeds, and footholds are there to probe from with {@code exec}. The
   * dashboard beside it plays runs in its embedded lab only.
   */
  public String renderLive() {
    ArchitectureSpec a = plan.architecture();
    StringBuilder b = new StringBuilder();
    header(b, "", "--live ", UP_WITH_DASHBOARD, null);

    b.append("networks:\n");
    zoneNetworks(b, null);
    internalNetwork(
        b,
        null,
        MANAGEMENT,
        "Telemetry: the gateways' tap feeds to the sensor. No lab host is on it, least of all a"
            + " foothold, and like the zones it reaches neither the outside nor the host.",
        managementSubnet());
    b.append("  front:\n");
    b.append("    # Only the dashboard, for its published port; no lab container is on it.\n");
    b.append("    {}\n\n");

    b.append("volumes:\n");
    b.append("  dashboard-data: {}\n\n");

    b.append("services:\n");
    for (ConduitSpec c : a.conduits()) {
      String name = ContainerPlan.gatewayName(c.id());
      service(
          b,
          null,
          name,
          "conduit "
              + c.id()
              + ": "
              + plan.relays(c.id()).size()
              + " relays, tap feed to the sensor",
          gatewayArgs(c),
          List.of(network(c.zoneA()), network(c.zoneB()), MANAGEMENT),
          true,
          List.of(),
          true);
    }
    // Clients start once the servers they talk to and the sensor that watches them are healthy.
    List<String> servers = new ArrayList<>();
    a.conduits().forEach(c -> servers.add(ContainerPlan.gatewayName(c.id())));
    a.hosts().stream().filter(ComposeFile::serves).forEach(h -> servers.add(h.id()));
    if (!sensorGateways(a).isEmpty()) {
      servers.add(SENSOR);
    }
    for (HostSpec h : a.hosts()) {
      String role = role(h);
      boolean server = serves(h);
      service(
          b,
          null,
          h.id(),
          describe(h, role),
          hostArgs(role, h),
          h.zones().stream().map(ComposeFile::network).toList(),
          server,
          server ? List.of() : servers,
          true);
    }

    List<String> gateways = sensorGateways(a);
    if (!gateways.isEmpty()) {
      service(
          b,
          null,
          SENSOR,
          "detection (profile "
              + SENSOR_PROFILE
              + ") over the tap feeds of the tapped conduits and the logs of the logging ones;"
              + " alerts in its log",
          new ArrayList<>(
              List.of(
                  "node",
                  "--role",
                  "sensor",
                  "--architecture",
                  a.id(),
                  "--plant",
                  plant,
                  "--host",
                  SENSOR,
                  "--detection",
                  SENSOR_PROFILE)),
          List.of(MANAGEMENT),
          true,
          gateways,
          true);
    }

    b.append("  ").append(DASHBOARD).append(":\n");
    b.append(
        "    # The service with its embedded lab (./otlab serve in a box), on loopback only.\n");
    b.append("    image: ").append(DASHBOARD_IMAGE).append("\n");
    build(b, "docker/dashboard/Dockerfile");
    b.append("    environment:\n");
    b.append("      OTLAB_ADMIN_PASSWORD: ${OTLAB_ADMIN_PASSWORD:-}\n");
    b.append("    ports:\n");
    b.append("      - \"127.0.0.1:${OTLAB_PORT:-8080}:8080\"\n");
    b.append("    volumes:\n");
    b.append("      - dashboard-data:/var/lib/otlab/dashboard\n");
    ownVolumes(b);
    b.append("    networks:\n");
    b.append("      - front\n");
    b.append("    restart: unless-stopped\n");
    return b.toString();
  }

  private void zoneNetworks(StringBuilder b, @Nullable Stack stack) {
    Map<String, String> subnets = subnets();
    for (ZoneSpec z : plan.architecture().zones()) {
      internalNetwork(b, stack, network(z.id()), oneLine(z.description()), subnets.get(z.id()));
    }
  }

  /**
   * An internal network without an address of the Docker host, on a fixed subnet: a bridge that
   * carries no host address, or, in a stack, an encrypted overlay (which never carries one).
   */
  private static void internalNetwork(
      StringBuilder b, @Nullable Stack stack, String name, String comment, String subnet) {
    b.append("  ").append(name).append(":\n");
    for (String line : wrap(comment, 88)) {
      b.append("    # ").append(line).append("\n");
    }
    if (stack != null) {
      b.append("    driver: overlay\n");
    }
    b.append("    internal: true\n");
    b.append("    driver_opts:\n");
    b.append(
        stack != null
            ? "      encrypted: \"true\"\n"
            : "      com.docker.network.bridge.inhibit_ipv4: \"true\"\n");
    b.append("    ipam:\n");
    b.append("      config:\n");
    b.append("        - subnet: ").append(subnet).append("\n");
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  /** Service name of the scenario runner in a lab for runs; no host may take it. */
  public static final String RUNNER = "runner";

  /**
   * Compose name of the network between the process node and the controller fronts only: the
   * process node's controllers listen on its address there, which no agent can reach.
   */
  public static final String PROCESS = "process";

  /** Compose name of the network between the process node and the operations hosts' agents. */
  public static final String OPS = "ops";

  /** Compose name of the network between the runner and the footholds' agents only. */
  public static final String C2 = "c2";

  /** Subnet of the process network. */
  public String processSubnet() {
    return subnetPrefix + ".251.0/24";
  }

  /** Subnet of the operations hosts' agents' network. */
  public String opsSubnet() {
    return subnetPrefix + ".254.0/24";
  }

  /** Subnet of the footholds' network. */
  public String c2Subnet() {
    return subnetPrefix + ".252.0/24";
  }

  /**
   * The reference lab ({@code otlab compose}, the root docker-compose.yml): a lab for scenario runs
   * whose process node is the dashboard. Runs the dashboard plays on this architecture cross the
   * containers; runs on other architectures play in its embedded lab.
   */
  public String render() {
    return renderRuns(DASHBOARD, null, null);
  }

  /**
   * The reference lab as a stack for {@code docker stack deploy} on a swarm ({@code otlab compose
   * --stack}): the same services, networks and subnets as {@link #render}, with these differences.
   * Zone and control networks are internal overlays with encrypted traffic between machines. Every
   * service answers by DNS round robin with its task's own address ({@code endpoint_mode: dnsrr}):
   * a virtual IP would hide the source addresses the gateways check hosts by. Gateways and hosts
   * run on the machines whose node label {@code siteLabel} names their zone's site (a host's first
   * zone, a gateway's conduit's first zone); the dashboard runs on a manager. A swarm has no start
   * order, so nothing waits for anything: the nodes look their peers up per connection, and the lab
   * is up once every service's task runs healthy. The dashboard's port is published on the machine
   * it runs on (mode host: a swarm cannot publish on loopback alone), where it listens on its
   * address on that machine's docker_gwbridge only, never on a lab network. The images must be on
   * every machine already; a stack builds nothing.
   *
   * @param siteLabel the node label whose value is a machine's site ({@value #SITE_LABEL})
   */
  public String renderStack(String siteLabel) {
    if (!SITE_LABEL_PATTERN.matcher(siteLabel).matches()) {
      throw new OtlabException(
          "COMPOSE_SITE_LABEL_INVALID",
          "'" + siteLabel + "' cannot be a node label.",
          "Give a label such as " + SITE_LABEL + ": letters, digits, '.', '-' or '_'.");
    }
    if (own != null) {
      throw stackRefuses(own.files());
    }
    return renderRuns(DASHBOARD, null, new Stack(siteLabel));
  }

  /**
   * A lab for scenario runs from the command line ({@code otlab compose --for-runs}): the runner
   * plays one scenario across the containers and prints its verdict.
   *
   * @param scenario the scenario the runner plays when none is named on {@code docker-compose run}
   */
  public String renderForRuns(String scenario) {
    return renderRuns(RUNNER, scenario, null);
  }

  /**
   * A lab for scenario runs: the same zones and gateways as the live lab, but the plant runs once,
   * in the process node (the dashboard or a runner), which plays a scenario. PLC and SIS containers
   * front their controllers there; operations hosts and footholds run agents that make the process
   * node's connections from their own addresses. The process node reaches the fronts over the
   * process network, where its controllers listen, the operations hosts' agents over a network of
   * their own, and the footholds' agents over another: no host shares a network with the
   * controllers' address, and no foothold shares one with anything but its zones and the process
   * node.
   */
  private String renderRuns(String node, @Nullable String scenario, @Nullable Stack stack) {
    ArchitectureSpec a = plan.architecture();
    boolean dashboard = node.equals(DASHBOARD);
    StringBuilder b = new StringBuilder();
    String playsHere =
        "# Runs on "
            + a.id()
            + " play across these containers: the\n"
            + "# dashboard runs the plant, the PLC containers front its controllers, and the\n"
            + "# hosts' agents send the traffic through the gw-* containers.\n";
    header(
        b,
        stack != null ? " for scenario runs, as a Docker stack" : " for scenario runs",
        stack != null
            ? "--stack "
                + (stack.siteLabel().equals(SITE_LABEL)
                    ? ""
                    : "--site-label " + stack.siteLabel() + " ")
            : dashboard ? "" : "--for-runs " + scenario + " ",
        stack != null
            ? stackHowTo(stack) + playsHere
            : dashboard
                ? UP_WITH_DASHBOARD + playsHere
                : "#   ./mvnw -B install -DskipTests && docker-compose up -d --build --scale runner=0\n"
                    + "# then play scenarios one at a time; each prints its verdict:\n"
                    + "#   docker-compose run --rm --use-aliases runner node --role runner --architecture "
                    + a.id()
                    + " --host runner --process-subnet "
                    + processSubnet()
                    + " --scenario "
                    + scenario
                    + "\n",
        stack);
    b.append("networks:\n");
    zoneNetworks(b, stack);
    internalNetwork(
        b,
        stack,
        MANAGEMENT,
        "Telemetry: the gateways' decisions and taps to the " + node + ".",
        managementSubnet());
    internalNetwork(
        b,
        stack,
        PROCESS,
        "The "
            + node
            + " (the process node) with the controller fronts, and nothing else: its controllers"
            + " listen here only.",
        processSubnet());
    internalNetwork(
        b, stack, OPS, "The " + node + " with the operations hosts' agents.", opsSubnet());
    internalNetwork(
        b, stack, C2, "The " + node + " with the footholds' agents, and nothing else.", c2Subnet());
    if (dashboard) {
      b.append("  front:\n");
      if (stack != null) {
        b.append(
            "    # Only the dashboard: not internal, so its task has a docker_gwbridge address, where\n"
                + "    # its published port arrives and its web service listens.\n");
        b.append("    driver: overlay\n");
      } else {
        b.append(
            "    # Only the dashboard, for its published port; it listens on this network only.\n");
      }
      b.append("    ipam:\n");
      b.append("      config:\n");
      b.append("        - subnet: ").append(frontSubnet()).append("\n\n");
      b.append("volumes:\n");
      b.append("  dashboard-data: {}\n");
    }
    b.append("\nservices:\n");
    List<String> all = new ArrayList<>();
    for (ConduitSpec c : a.conduits()) {
      String name = ContainerPlan.gatewayName(c.id());
      all.add(name);
      service(
          b,
          stack,
          name,
          "conduit " + c.id() + ", reporting to the " + node,
          gatewayArgs(c),
          List.of(network(c.zoneA()), network(c.zoneB()), MANAGEMENT),
          true,
          List.of(),
          true);
    }
    for (HostSpec h : a.hosts()) {
      String role = role(h);
      all.add(h.id());
      List<String> args = hostArgs(role, h);
      List<String> networks =
          new ArrayList<>(h.zones().stream().map(ComposeFile::network).toList());
      String comment;
      if (h.controller() != null) {
        args.addAll(List.of("--process", node));
        networks.add(PROCESS);
        comment = Names.yaml(h.role()) + ": the front of its controller, which runs in the " + node;
      } else if (role.equals("attacker")) {
        args.addAll(List.of("--agent-subnet", c2Subnet()));
        networks.add(C2);
        comment =
            Names.yaml(h.role())
                + ", a foothold: the "
                + node
                + "'s attack traffic leaves from here";
      } else {
        args.addAll(List.of("--agent-subnet", opsSubnet()));
        networks.add(OPS);
        comment = Names.yaml(h.role()) + ": the " + node + "'s operations traffic leaves from here";
      }
      service(b, stack, h.id(), comment, args, networks, true, List.of(), true);
    }
    if (dashboard) {
      dashboardNode(b, stack, all);
    } else {
      // A runner plays once: it must not be restarted when its scenario ends.
      service(
          b,
          stack,
          RUNNER,
          "plays OTLAB_SCENARIO (or the scenario named on docker-compose run) and prints its verdict",
          new ArrayList<>(
              List.of(
                  "node",
                  "--role",
                  "runner",
                  "--architecture",
                  a.id(),
                  "--plant",
                  plant,
                  "--host",
                  RUNNER,
                  "--process-subnet",
                  processSubnet(),
                  "--scenario",
                  "${OTLAB_SCENARIO:-" + scenario + "}")),
          List.of(MANAGEMENT, PROCESS, OPS, C2),
          false,
          all,
          false);
    }
    return b.toString();
  }

  /** The dashboard's network for its published port, in the reference lab. */
  public String frontSubnet() {
    return subnetPrefix + ".253.0/24";
  }

  /** The dashboard's address on its front network: the only one its web service listens on. */
  public String frontAddress() {
    return subnetPrefix + ".253.2";
  }

  /** The dashboard as the reference lab's process node. */
  private void dashboardNode(StringBuilder b, @Nullable Stack stack, List<String> after) {
    b.append("  ").append(DASHBOARD).append(":\n");
    b.append("    # The service, and the process node of runs on ")
        .append(plan.architecture().id())
        .append(". Published on\n");
    if (stack != null) {
      b.append(
          "    # the port of the manager it runs on (every interface of that machine: a swarm\n"
              + "    # cannot publish on loopback alone; firewall it), where it listens only.\n");
    } else {
      b.append(
          "    # the host's loopback only; its web service listens on the front network only.\n");
    }
    b.append("    image: ").append(DASHBOARD_IMAGE).append("\n");
    if (stack != null) {
      // Its web service listens on its address outside the lab's networks (the docker_gwbridge
      // one, where the published port arrives), which only its task knows once it runs. The
      // command is the image's entry point's, which DashboardStackTest keeps in step.
      b.append("    entrypoint:\n");
      b.append("      - sh\n");
      b.append("      - -c\n");
      b.append("      - >-\n");
      b.append("        for a in $$(hostname -I); do case $$a in ")
          .append(subnetPrefix)
          .append(".*) ;; *) QUARKUS_HTTP_HOST=$$a ;; esac; done;\n");
      b.append(
          "        [ \"$$QUARKUS_HTTP_HOST\" != 0.0.0.0 ] || { echo 'no address outside the lab';"
              + " exit 1; };\n");
      b.append("        export QUARKUS_HTTP_HOST; exec ").append(DASHBOARD_COMMAND).append("\n");
    } else {
      build(b, "docker/dashboard/Dockerfile");
    }
    b.append("    environment:\n");
    b.append("      OTLAB_ADMIN_PASSWORD: ${OTLAB_ADMIN_PASSWORD:-}\n");
    b.append("      OTLAB_CONTAINERS_ARCHITECTURE: ").append(plan.architecture().id()).append("\n");
    b.append("      OTLAB_CONTAINERS_PROCESS_SUBNET: ").append(processSubnet()).append("\n");
    if (stack != null) {
      stackDnsOptions(b);
    } else {
      b.append("      QUARKUS_HTTP_HOST: ").append(frontAddress()).append("\n");
    }
    b.append("    ports:\n");
    if (stack != null) {
      b.append("      - target: 8080\n");
      b.append("        published: ${OTLAB_PORT:-8080}\n");
      b.append("        protocol: tcp\n");
      b.append("        mode: host\n");
    } else {
      b.append("      - \"127.0.0.1:${OTLAB_PORT:-8080}:8080\"\n");
    }
    b.append("    volumes:\n");
    b.append("      - dashboard-data:/var/lib/otlab/dashboard\n");
    ownVolumes(b);
    if (stack == null) {
      dnsOptions(b);
    }
    b.append("    networks:\n");
    if (stack != null) {
      // A swarm gives a task no fixed address; it listens on its docker_gwbridge one instead.
      b.append("      front: {}\n");
    } else {
      b.append("      front:\n");
      b.append("        ipv4_address: ").append(frontAddress()).append("\n");
    }
    for (String n : List.of(MANAGEMENT, PROCESS, OPS, C2)) {
      b.append("      ").append(n).append(": {}\n");
    }
    if (stack != null) {
      deploy(b, "node.role == manager");
    } else {
      dependsOn(b, after);
      b.append("    restart: unless-stopped\n");
    }
  }

  /**
   * The dashboard image's entry point (docker/dashboard/Dockerfile), which the stack's dashboard
   * runs after choosing its listening address.
   */
  static final String DASHBOARD_COMMAND =
      "java -Xmx2g -Djava.net.preferIPv4Stack=true -Dotlab.library=/opt/otlab/library"
          + " -jar /opt/otlab-dashboard/quarkus-run.jar";

  /**
   * A stack service's deployment: one task, restarted whatever ends it (compose's {@code restart:
   * unless-stopped}), answering by DNS round robin with its own address, on the machines {@code
   * constraint} allows.
   */
  private static void deploy(StringBuilder b, String constraint) {
    b.append("    deploy:\n");
    b.append("      endpoint_mode: dnsrr\n");
    b.append("      placement:\n");
    b.append("        constraints:\n");
    b.append("          - ").append(constraint).append("\n");
    b.append("      restart_policy:\n");
    b.append("        condition: any\n");
  }

  /**
   * The site a service runs at: a host's first zone's, a gateway's conduit's first zone's (a
   * conduit between sites has its gateway at the first and reaches the second over the encrypted
   * overlay).
   */
  private String site(String service) {
    ArchitectureSpec a = plan.architecture();
    for (ConduitSpec c : a.conduits()) {
      if (ContainerPlan.gatewayName(c.id()).equals(service)) {
        return zoneSite(c.zoneA());
      }
    }
    for (HostSpec h : a.hosts()) {
      if (h.id().equals(service)) {
        return zoneSite(h.zones().get(0));
      }
    }
    return ZoneSpec.DEFAULT_SITE;
  }

  private String zoneSite(String zone) {
    return plan.architecture().zone(zone).map(ZoneSpec::site).orElse(ZoneSpec.DEFAULT_SITE);
  }

  /** The sites of the architecture's zones, in zone order, each once. */
  public List<String> sites() {
    return plan.architecture().zones().stream().map(ZoneSpec::site).distinct().toList();
  }

  /** How to deploy a stack lab, in its file's header. */
  private String stackHowTo(Stack stack) {
    StringBuilder b =
        new StringBuilder(
            "#   docker/build-images.sh   # then docker save | docker load the images on every node\n");
    for (String site : sites()) {
      b.append("#   docker node update --label-add ")
          .append(stack.siteLabel())
          .append('=')
          .append(site)
          .append(" NODE   # the machines of site ")
          .append(site)
          .append("\n");
    }
    b.append("#   OTLAB_ADMIN_PASSWORD=... docker stack deploy -c FILE otlab\n");
    b.append(
        "# The dashboard is on port 8080 (OTLAB_PORT) of the manager it runs on, on every\n"
            + "# interface of that machine: firewall it. A swarm keeps no start order: the lab\n"
            + "# is up once every task of docker stack ps runs (healthy).\n");
    return b.toString();
  }

  /** Whether clients wait for this host: a controller, or the broker the IIoT hosts talk to. */
  private static boolean serves(HostSpec h) {
    return h.controller() != null || h.role() == HostRole.MQTT_BROKER;
  }

  /**
   * A host node's arguments: with its zones' subnets when its container serves something of its own
   * ({@link HostServices}), so those services listen on its zone addresses only.
   */
  private List<String> hostArgs(String role, HostSpec h) {
    List<String> args = nodeArgs(role, h.id());
    if (HostServices.any(h)) {
      for (String z : h.zones()) {
        args.add("--zone-subnet");
        args.add(z + "=" + subnets().get(z));
      }
    }
    return args;
  }

  /** A gateway's arguments: its zones' subnets, to find its addresses, and the management one. */
  private List<String> gatewayArgs(ConduitSpec c) {
    List<String> args = nodeArgs("gateway", ContainerPlan.gatewayName(c.id()));
    for (String z : List.of(c.zoneA(), c.zoneB())) {
      args.add("--zone-subnet");
      args.add(z + "=" + subnets().get(z));
    }
    args.add("--management-subnet");
    args.add(managementSubnet());
    return args;
  }

  /** How to bring up a lab with the dashboard published, in a file's header. */
  private static final String UP_WITH_DASHBOARD =
      "#   ./mvnw -B install -DskipTests && docker-compose up --build\n"
          + "# Without a registry, build the base first (docker/build-offline-base.sh) and set\n"
          + "# OTLAB_BASE_IMAGE=otlab/base-jre:17. The dashboard is on http://127.0.0.1:8080\n"
          + "# only (OTLAB_PORT changes the port, OTLAB_ADMIN_PASSWORD sets admin's password).\n";

  /**
   * The comment every generated file opens with: what it is, the command that wrote it, how to
   * bring it up ({@code howToRun}, whole comment lines), and what its networks promise.
   *
   * @param kind after "otlab container lab", e.g. " for scenario runs"
   * @param flags the command's flags before --architecture, each followed by a space
   */
  private void header(
      StringBuilder b, String kind, String flags, String howToRun, @Nullable Stack stack) {
    String id = plan.architecture().id();
    b.append("# otlab container lab")
        .append(kind)
        .append(": plant ")
        .append(plant)
        .append(" on architecture ")
        .append(id)
        .append(".\n")
        .append("# Generated by: ")
        .append(
            own != null
                ? own.command()
                : "./otlab compose " + flags + "--architecture " + id + " --plant " + plant)
        .append("\n")
        .append(
            own != null
                ? "# Do not edit by hand; regenerate it. Your own files are copies in "
                    + own.folder()
                    + "/,\n# mounted read-only into every container's library: regenerate after"
                    + " changing them.\n"
                : stack != null
                    ? "# Do not edit by hand; regenerate it.\n"
                    : "# Do not edit by hand; regenerate it (a test keeps the checked-in file in"
                        + " sync).\n")
        .append("#\n")
        .append(
            stack != null
                ? "# Build the jars and images, then deploy (docker/README.md has the details):\n"
                : "# Build the jars, then bring the lab up (docker/README.md has the details):\n")
        .append(howToRun)
        .append(
            stack != null
                ? "# Zone networks are internal encrypted overlays, so nothing in them reaches the\n"
                    + "# outside or a machine of the swarm; conduits are the gw-* services.\n"
                : "# Zone networks are internal and carry no address of the Docker host, so nothing\n"
                    + "# in them reaches the outside or the host; conduits are the gw-* containers.\n")
        .append(stack != null ? "version: \"3.8\"\n\n" : "version: \"2.4\"\n\n");
  }

  private List<String> nodeArgs(String role, String host) {
    return new ArrayList<>(
        List.of(
            "node",
            "--role",
            role,
            "--architecture",
            plan.architecture().id(),
            "--plant",
            plant,
            "--host",
            host));
  }

  private static String describe(HostSpec h, String role) {
    String what =
        h.description() == null || h.description().isBlank() ? "" : ": " + h.description();
    String kind =
        role.equals("attacker")
            ? Names.yaml(h.role()) + ", an attacker's foothold (probes run here with exec)"
            : Names.yaml(h.role());
    return oneLine(kind + what);
  }

  private void service(
      StringBuilder b,
      @Nullable Stack stack,
      String name,
      String comment,
      List<String> args,
      List<String> networks,
      boolean healthCheck,
      List<String> after,
      boolean restart) {
    b.append("  ").append(name).append(":\n");
    b.append("    # ").append(comment).append("\n");
    b.append("    image: ").append(LAB_IMAGE).append("\n");
    if (stack == null) {
      build(b, "docker/lab/Dockerfile");
    }
    b.append("    command: [");
    for (int i = 0; i < args.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(quote(args.get(i)));
    }
    b.append("]\n");
    b.append("    environment:\n");
    b.append("      OTLAB_START: ${OTLAB_START:-}\n");
    b.append("      OTLAB_SPEED: ${OTLAB_SPEED:-1}\n");
    b.append("      OTLAB_SEED: ${OTLAB_SEED:-1}\n");
    if (stack != null) {
      stackDnsOptions(b);
    }
    if (own != null) {
      b.append("    volumes:\n");
      ownVolumes(b);
    }
    if (stack == null) {
      dnsOptions(b);
    }
    b.append("    networks:\n");
    for (String n : networks) {
      b.append("      - ").append(n).append("\n");
    }
    if (healthCheck) {
      b.append("    healthcheck:\n");
      b.append("      test: [\"CMD\", \"test\", \"-e\", \"").append(READY_FILE).append("\"]\n");
      b.append("      interval: 2s\n");
      b.append("      timeout: 2s\n");
      b.append("      start_period: 120s\n");
    }
    if (stack != null) {
      deploy(b, "node.labels." + stack.siteLabel() + " == " + site(name));
      return;
    }
    dependsOn(b, after);
    b.append(restart ? "    restart: unless-stopped\n" : "    restart: \"no\"\n");
  }

  /** The user's own files, read-only over their places in the image's library. */
  private void ownVolumes(StringBuilder b) {
    if (own != null) {
      for (String v : own.volumes()) {
        b.append("      - ").append(quote(v)).append("\n");
      }
    }
  }

  private static void dnsOptions(StringBuilder b) {
    // A zone has no way out, so Docker's resolver cannot forward a name it does not know (a host
    // whose container is gone): without a short timeout every such lookup hangs for 20 s.
    b.append("    dns_opt: [\"timeout:1\", \"attempts:1\"]\n");
  }

  /**
   * {@link #dnsOptions}' short timeout where a stack file has no {@code dns_opt}: the C library's
   * resolver, which the JVM's lookups go through, reads the same options from {@code RES_OPTIONS}.
   * Without it a gateway's lookup of a name no task answers to (the runner, in a lab the dashboard
   * drives) waits out the resolver's default timeouts, longer than a run waits for the gateways to
   * confirm its rules.
   */
  private static void stackDnsOptions(StringBuilder b) {
    b.append("      RES_OPTIONS: \"timeout:1 attempts:1\"\n");
  }

  /** Starts a service once the ones it talks to are healthy. */
  private static void dependsOn(StringBuilder b, List<String> after) {
    if (!after.isEmpty()) {
      b.append("    depends_on:\n");
      for (String s : after) {
        b.append("      ").append(s).append(":\n");
        b.append("        condition: service_healthy\n");
      }
    }
  }

  private static void build(StringBuilder b, String dockerfile) {
    b.append("    build:\n");
    b.append("      context: .\n");
    b.append("      dockerfile: ").append(dockerfile).append("\n");
    b.append("      args:\n");
    b.append("        BASE_IMAGE: ${OTLAB_BASE_IMAGE:-eclipse-temurin:17-jre}\n");
  }

  /** Compose network name of a zone. */
  public static String network(String zone) {
    return "zone-" + zone;
  }

  private static String quote(String s) {
    return s.matches("[A-Za-z0-9_./:=-]+") && !s.equals("true") && !s.equals("false")
        ? s
        : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String oneLine(@Nullable String s) {
    String t = s == null ? "" : s.replaceAll("\\s+", " ").trim();
    return t.isEmpty() ? "(no description)" : t;
  }
}
