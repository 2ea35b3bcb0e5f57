package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.testkit.Command;
import dev.otlab.testkit.RequiresDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The live lab as {@code otlab compose --live} writes it, brought up with Debian's docker-compose:
 * every host and gateway of water-treatment-converged (the reference design's zones and hosts, plus
 * the vendor, cloud and IIoT paths) in its own container on internal zone networks, and the sensor
 * on the management network. It checks what a user of the compose lab relies on: the operations
 * hosts' traffic gets through the gateways; the foothold's does not, and the sensor alerts on it;
 * nothing leaves the zones; a relay serves its own route's source only; the IIoT gateway publishes
 * through the broker's container and the cloud subscribes there; and a killed PLC shows as a lost
 * device (in the HMI's log and as a sensor alert) until it is back.
 *
 * <p>The file is generated with other subnets than the checked-in one (which {@code
 * ComposeFileTest} keeps equal to the generator's output), so a reference lab a user has up does
 * not clash with this one. The dashboard service is left out: its image has an IT of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RequiresDocker(compose = true)
class ComposeLabIT {

  private static final String ARCH = "water-treatment-converged";
  private static final String PROJECT = "otlab-compose-it";
  private static final Duration UP = Duration.ofMinutes(4);

  private static ArchitectureSpec architecture;
  private static ContainerPlan plan;
  private static Path file;
  private static List<String> services;

  @BeforeAll
  static void up() throws Exception {
    ContainerLab.image();
    architecture = ArchitectureLoader.load(ARCH);
    plan = new ContainerPlan(architecture);
    Path dir = Files.createDirectories(Path.of("target", "compose-it"));
    file = dir.resolve("docker-compose.yml");
    Files.writeString(
        file,
        new ComposeFile(plan, architecture.plant(), "10.232").renderLive(),
        StandardCharsets.UTF_8);
    services = new ArrayList<>();
    architecture.conduits().forEach(c -> services.add(ContainerPlan.gatewayName(c.id())));
    architecture.hosts().forEach(h -> services.add(h.id()));
    services.add(ComposeFile.SENSOR);
    compose(List.of("down", "-v", "--remove-orphans"), Duration.ofMinutes(2));
    long start = System.nanoTime();
    List<String> up = new ArrayList<>(List.of("up", "-d", "--no-build"));
    up.addAll(services);
    // Ten times real time, so the operations hosts report their first minute within seconds.
    run(up, UP, "OTLAB_SPEED=10");
    await()
        .atMost(UP)
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> compose(List.of("ps"), Duration.ofMinutes(1)).contains("(healthy)") && allUp());
    System.out.printf(
        Locale.ROOT,
        "MEASURE compose lab of %d containers up and healthy in %.1f s%n",
        services.size(),
        (System.nanoTime() - start) / 1e9);
  }

  private static boolean allUp() throws Exception {
    String ps = compose(List.of("ps"), Duration.ofMinutes(1));
    return ps.lines().filter(l -> l.startsWith(PROJECT)).count() == services.size()
        && ps.lines().filter(l -> l.startsWith(PROJECT)).allMatch(l -> l.contains(" Up"))
        && ps.lines().noneMatch(l -> l.contains("health: starting") || l.contains("unhealthy"));
  }

  @AfterAll
  static void down() throws Exception {
    if (file != null) {
      System.out.println("MEASURE memory per container:");
      List<String> stats =
          new ArrayList<>(
              List.of("stats", "--no-stream", "--format", "MEASURE {{.Name}} {{.MemUsage}}"));
      stats.addAll(compose(List.of("ps", "-q"), Duration.ofMinutes(1)).lines().toList());
      System.out.println(docker(stats));
      compose(List.of("down", "-v", "--remove-orphans"), Duration.ofMinutes(2));
    }
  }

  @Test
  @Order(1)
  void operationsHostsWorkThroughTheGatewaysAndNothingIsRefused() {
    Pattern summary =
        Pattern.compile("OPERATIONS t=\\d+ hmi-1 hmi-poll ok=(\\d+) denied=(\\d+) failed=(\\d+)");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              String hmi = logs("hmi-1");
              Matcher m = summary.matcher(hmi);
              assertThat(m.find()).as("an hmi-1 summary").isTrue();
              assertThat(Long.parseLong(m.group(1))).isPositive();
              assertThat(m.group(2) + "/" + m.group(3))
                  .as(
                      () ->
                          "hmi-1's polls denied/failed; its changes of outcome and the"
                              + " gateways' refusals:\n"
                              + evidence(hmi))
                  .isEqualTo("0/0");
            });
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(logs("historian"))
                    .containsPattern("historian-collect ok=[1-9]\\d* denied=0 failed=0"));
  }

  @Test
  @Order(2)
  void theFootholdIsRefusedAtTheConduitsAndNothingLeavesTheZones() throws Exception {
    assertThat(logs("ws-1")).contains("PATH ws-1 -> plc-intake modbus: connect to gw-ent-dmz:");
    List<String> targets = new ArrayList<>(List.of(bridgeGateway()));
    List<String> ops =
        new ArrayList<>(
            List.of("--target", "plc-intake", "--op", "fc03:0:2", "--op", "dns:example.org"));
    for (String t : targets) {
      ops.addAll(
          List.of(
              "--op", "icmp:" + t,
              "--op", "tcp:" + t + ":502",
              "--op", "tcp:" + t + ":4840",
              "--op", "tcp:" + t + ":80"));
    }
    List<String> out = probe("ws-1", ops);
    assertThat(out).hasSize(2 + 4 * targets.size());
    assertThat(out.get(0)).startsWith("PROBE fc03:0:2 ").doesNotContain(" OK ");
    assertThat(out.subList(1, out.size())).allSatisfy(l -> assertThat(l).contains(" BLOCKED "));
    assertThat(logs("gw-ent-dmz")).contains("DENIED ws-1 -> plc-intake modbus");
    assertThat(internal()).isTrue();
    // The sensor saw the refused attempt on the gateway's tap feed: a flow its baseline never saw.
    awaitSensorAlert("\"sourceHost\":\"ws-1\"", "\"destinationHost\":\"plc-intake\"");
  }

  @Test
  @Order(3)
  void aRelayServesItsOwnRouteSourceOnly() throws Exception {
    int hmiPort = plan.route("hmi-1", "plc-intake", Protocol.MODBUS).orElseThrow().firstPort();
    int engPort = plan.route("eng-ws", "plc-intake", Protocol.MODBUS).orElseThrow().firstPort();
    List<String> out =
        probe(
            "eng-ws",
            List.of(
                "--target",
                "plc-intake",
                "--op",
                "fc03:0:2",
                "--op",
                "tcp:gw-ops-control:" + hmiPort,
                "--op",
                "tcp:gw-ops-control:" + engPort));
    assertThat(out.get(0)).startsWith("PROBE fc03:0:2 OK ");
    assertThat(out.get(1)).contains(" CLOSED by the peer right after connecting");
    assertThat(out.get(2)).contains(" OK connected from ");
    assertThat(logs("gw-ops-control")).contains("serves hmi-1 only; refused a connection from");
  }

  @Test
  @Order(4)
  void theIiotGatewayPublishesThroughTheBrokersContainerAndTheCloudSubscribes() throws Exception {
    // The gateway reads the dosing PLC over OPC UA sign-and-encrypt across ops-control and
    // publishes across ops-iiot to the broker, which runs in its own container; the cloud
    // application's subscription comes across cloud-iiot.
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              String gw = logs("iiot-gw");
              assertThat(gw).containsPattern("iiot-collect ok=[1-9]\\d* denied=0 failed=0");
              assertThat(gw).containsPattern("iiot-publish ok=[1-9]\\d* denied=0 failed=0");
              assertThat(logs("cloud-app"))
                  .containsPattern("cloud-subscribe ok=[1-9]\\d* denied=0 failed=0");
            });
    assertThat(logs("broker")).contains("serving mqtt broker 1883");
  }

  @Test
  @Order(5)
  void aKilledPlcShowsAsALostDeviceUntilItIsBack() throws Exception {
    compose(List.of("kill", "plc-intake"), Duration.ofMinutes(1));
    Pattern lost = Pattern.compile("hmi-1 hmi-poll plc-intake modbus (DENIED|FAILED): ");
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> lost.matcher(logs("hmi-1")).find());
    // The sensor tells the lost device from the gateways' unanswered connections.
    awaitSensorAlert("\"rule\":\"device-lost\"", "\"destinationHost\":\"plc-intake\"");
    // The other controllers are still served while one is gone.
    assertThat(probe("hmi-1", List.of("--target", "plc-dosing", "--op", "fc03:0:2")))
        .singleElement()
        .asString()
        .startsWith("PROBE fc03:0:2 OK ");
    compose(List.of("start", "plc-intake"), Duration.ofMinutes(1));
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> logs("hmi-1").contains("hmi-1 hmi-poll plc-intake modbus OK: "));
  }

  // ------------------------------------------------------------------------------------------

  private static List<String> probe(String host, List<String> args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "exec",
                "-T",
                "--user",
                "root",
                host,
                "otlab",
                "node",
                "--role",
                "probe",
                "--architecture",
                ARCH,
                "--host",
                host));
    cmd.addAll(args);
    return compose(cmd, Duration.ofMinutes(2)).lines().filter(l -> l.startsWith("PROBE ")).toList();
  }

  /** Waits for an alert line of the sensor that contains every one of {@code parts}. */
  private static void awaitSensorAlert(String... parts) {
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                logs(ComposeFile.SENSOR)
                    .lines()
                    .anyMatch(
                        l ->
                            l.contains("ALERT {")
                                && List.of(parts).stream().allMatch(l::contains)));
  }

  /**
   * What explains a refused or failed operation: the operations host's changes of outcome (each
   * with its detail) and every gateway's refusals and warnings, so a failure shows its cause.
   */
  private static String evidence(String operationsLog) {
    StringBuilder b = new StringBuilder();
    operationsLog
        .lines()
        .filter(l -> l.contains("OPERATION t=") && !l.contains(" OK: "))
        .forEach(l -> b.append(l).append('\n'));
    for (String service : services) {
      if (!service.startsWith("gw-")) {
        continue;
      }
      try {
        logs(service)
            .lines()
            .filter(l -> l.contains("DENIED") || l.contains("WARN") || l.contains("refused"))
            .limit(40)
            .forEach(l -> b.append(l).append('\n'));
      } catch (Exception e) {
        b.append(service).append(": logs unavailable: ").append(e).append('\n');
      }
    }
    return b.toString();
  }

  private static String logs(String service) throws Exception {
    return compose(List.of("logs", "--no-color", service), Duration.ofMinutes(1));
  }

  /** Whether every zone network of the lab exists, is internal and carries no host address. */
  private static boolean internal() throws Exception {
    List<String> names =
        docker(
                List.of(
                    "network",
                    "ls",
                    "--filter",
                    "label=com.docker.compose.project=" + PROJECT,
                    "--format",
                    "{{.Name}}"))
            .lines()
            .filter(n -> n.contains("_zone-"))
            .toList();
    assertThat(names).hasSize(architecture.zones().size());
    for (String n : names) {
      String out =
          docker(
              List.of(
                  "network",
                  "inspect",
                  "--format",
                  "{{.Internal}} {{index .Options \"com.docker.network.bridge.inhibit_ipv4\"}}",
                  n));
      if (!out.strip().equals("true true")) {
        return false;
      }
    }
    return true;
  }

  /** The Docker host's address on its default bridge: the host as seen from a container. */
  /**
   * The Docker host's address on the default bridge. The engine does not always write it into the
   * bridge's IPAM config (seen with Debian's 20.10 here: only the subnet); the bridge then takes
   * the subnet's first address, as docker0 shows.
   */
  private static String bridgeGateway() throws Exception {
    String[] config =
        docker(
                List.of(
                    "network",
                    "inspect",
                    "--format",
                    "{{(index .IPAM.Config 0).Gateway}} {{(index .IPAM.Config 0).Subnet}}",
                    "bridge"))
            .strip()
            .split("\\s+");
    if (config.length == 2) {
      return config[0];
    }
    String network = config[0].substring(0, config[0].indexOf('/'));
    String[] octets = network.split("\\.");
    return octets[0] + "." + octets[1] + "." + octets[2] + "." + (Integer.parseInt(octets[3]) + 1);
  }

  private static String compose(List<String> args, Duration timeout) throws Exception {
    return run(args, timeout);
  }

  private static String run(List<String> args, Duration timeout, String... env) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("docker-compose", "-f", file.toString(), "-p", PROJECT));
    cmd.addAll(args);
    return Command.output(cmd, timeout, List.of(env));
  }

  private static String docker(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker"));
    cmd.addAll(args);
    return Command.output(cmd, Duration.ofMinutes(1), List.of());
  }
}
