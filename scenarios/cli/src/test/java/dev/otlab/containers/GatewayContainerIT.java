package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.Protocol;
import dev.otlab.testkit.RequiresDocker;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The smallest container lab of water-treatment-purdue-dmz-dpi: plc-intake alone in the control
 * zone network, the ops-control gateway attached to control and operations, and hmi-1 (a probe) in
 * operations. Checks that the gateway's relays enforce the conduit between real Docker networks,
 * and that nothing leaves the zone networks.
 */
@RequiresDocker
class GatewayContainerIT {

  private static final String ARCH = "water-treatment-purdue-dmz-dpi";

  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static GenericContainer<?> gateway;
  private static GenericContainer<?> hmi;
  private static Network control;
  private static Network operations;

  @BeforeAll
  static void up() {
    String image = ContainerLab.image();
    control = open(ContainerLab.zone());
    operations = open(ContainerLab.zone());
    String start = Long.toString(System.currentTimeMillis());
    GenericContainer<?> plc =
        open(
            ContainerLab.node(
                    image,
                    control,
                    "plc-intake",
                    List.of(
                        "node", "--role", "plc", "--architecture", ARCH, "--host", "plc-intake"))
                .withEnv("OTLAB_START", start));
    gateway =
        open(
            ContainerLab.node(
                    image,
                    operations,
                    List.of(control),
                    "gw-ops-control",
                    List.of(
                        "node",
                        "--role",
                        "gateway",
                        "--architecture",
                        ARCH,
                        "--host",
                        "gw-ops-control",
                        "--zone-subnet",
                        "control=" + ContainerLab.subnet(control),
                        "--zone-subnet",
                        "operations=" + ContainerLab.subnet(operations)))
                .withEnv("OTLAB_START", start));
    hmi = open(ContainerLab.idle(image, operations, "hmi-1"));
    plc.start();
    gateway.start();
    hmi.start();
  }

  private static <T extends AutoCloseable> T open(T resource) {
    OPEN.add(0, resource);
    return resource;
  }

  @AfterAll
  static void down() throws Exception {
    // Containers before networks (the list is in reverse order of creation).
    for (AutoCloseable c : OPEN) {
      c.close();
    }
    OPEN.clear();
  }

  private static List<String> probe(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("otlab", "node", "--role", "probe"));
    cmd.addAll(List.of("--architecture", ARCH, "--host", "hmi-1"));
    cmd.addAll(List.of(args));
    // Root, so the ICMP check sends real echo requests (raw sockets) instead of a TCP fallback.
    ExecResult r =
        hmi.execInContainer(
            org.testcontainers.containers.ExecConfig.builder()
                .user("root")
                .command(cmd.toArray(String[]::new))
                .build());
    assertThat(r.getExitCode()).as("probe stderr: %s", r.getStderr()).isZero();
    return r.getStdout().lines().filter(l -> l.startsWith("PROBE ")).toList();
  }

  @Test
  void readsPassTheGatewayAndADeniedWriteIsRefused() throws Exception {
    List<String> out =
        probe(
            "--target", "plc-intake", "--op", "fc03:0:2", "--op", "fc05:0:1", "--op", "fc06:0:500");
    assertThat(out).hasSize(3);
    assertThat(out.get(0)).startsWith("PROBE fc03:0:2 OK [");
    // FC 5 is outside rule hmi-intake's allow-list; others-modbus rejects it with exception 01.
    assertThat(out.get(1))
        .startsWith("PROBE fc05:0:1 REFUSED modbus exception 1 via gw-ops-control:");
    assertThat(out.get(2)).isEqualTo("PROBE fc06:0:500 OK written");
    assertThat(gateway.getLogs())
        .contains("DENIED hmi-1 -> plc-intake modbus FC05")
        .contains("rule others-modbus");
  }

  @Test
  void nothingLeavesTheZoneNetworks() throws Exception {
    assertThat(ContainerLab.internal(control)).isTrue();
    assertThat(ContainerLab.internal(operations)).isTrue();
    List<String> targets = new ArrayList<>();
    targets.add(ContainerLab.gatewayAddress(operations));
    targets.add(ContainerLab.gatewayAddress(control));
    hostAddress().ifPresent(targets::add);
    List<String> ops = new ArrayList<>(List.of("--op", "dns:example.org"));
    for (String t : targets) {
      ops.addAll(
          List.of("--op", "icmp:" + t, "--op", "tcp:" + t + ":502", "--op", "tcp:" + t + ":4840"));
      ops.addAll(List.of("--op", "tcp:" + t + ":80"));
    }
    List<String> out = probe(ops.toArray(String[]::new));
    assertThat(out).hasSize(1 + 4 * targets.size());
    // REFUSED would mean a reset came back: a path to the host, even if no service listened.
    assertThat(out).allSatisfy(l -> assertThat(l).contains(" BLOCKED "));
    // The same probe does reach what the zone offers, so BLOCKED is not a broken probe.
    int hmiRelay =
        new ContainerPlan(ArchitectureLoader.load(ARCH))
            .route("hmi-1", "plc-intake", Protocol.MODBUS)
            .orElseThrow()
            .firstPort();
    assertThat(probe("--op", "tcp:gw-ops-control:" + hmiRelay))
        .singleElement()
        .asString()
        .contains(" OK ");
  }

  /** An address of this machine outside Docker's bridges: the outside world as seen from a zone. */
  private static Optional<String> hostAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      String name = nic.getName();
      if (nic.isLoopback()
          || !nic.isUp()
          || name.startsWith("docker")
          || name.startsWith("br-")
          || name.startsWith("veth")) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return Optional.of(a.getHostAddress());
        }
      }
    }
    return Optional.empty();
  }
}
