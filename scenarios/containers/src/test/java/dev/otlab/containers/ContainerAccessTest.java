package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerAccessTest {

  private final ContainerPlan plan =
      new ContainerPlan(ArchitectureLoader.load("water-treatment-purdue-dmz-dpi"));
  private final ContainerAccess access = new ContainerAccess(plan);

  @Test
  void acrossZonesTheClientConnectsToTheFirstGatewayOfItsRoute() {
    Access a = access.access("hmi-1", "plc-intake", Protocol.MODBUS);
    ContainerPlan.Route r = plan.route("hmi-1", "plc-intake", Protocol.MODBUS).orElseThrow();
    assertThat(a)
        .isEqualTo(new Access.Relayed("gw-ops-control", r.firstPort(), List.of("ops-control")));
  }

  @Test
  void insideAZoneTheClientConnectsToTheHostItself() {
    assertThat(access.access("plc-intake", "plc-dosing", Protocol.OPCUA))
        .isEqualTo(new Access.Direct("plc-dosing", 4840, false));
  }

  @Test
  void anUnknownHostIsAClearError() {
    assertThatThrownBy(() -> access.access("hmi-9", "plc-intake", Protocol.MODBUS))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("has no host 'hmi-9'");
  }

  @Test
  void aRemoteServiceIsReachedThroughTheGatewaysLikeAController() {
    // The jump host's RDP: its container serves it, and the office workstation reaches it through
    // the relay of its own route, which the conduit's RDP rule judges.
    ContainerPlan.Route r = plan.route("ws-1", "jump-1", Protocol.RDP).orElseThrow();
    assertThat(r.flow().port()).isEqualTo(3389);
    assertThat(r.hops())
        .extracting(h -> h.nextHost() + ":" + h.nextPort())
        .containsExactly("jump-1:3389");
    assertThat(access.access("ws-1", "jump-1", Protocol.RDP))
        .isEqualTo(new Access.Relayed("gw-ent-dmz", r.firstPort(), List.of("ent-dmz")));
  }

  @Test
  void aServiceTheHostDoesNotOfferIsUnknownNotUnreachable() {
    // A pivot must tell this from a route that the architecture does not have.
    assertThatThrownBy(() -> access.access("ws-1", "jump-1", Protocol.SSH))
        .isInstanceOf(OtlabException.class)
        .satisfies(e -> assertThat(((OtlabException) e).code()).isEqualTo("SERVICE_UNKNOWN"))
        .hasMessageContaining("offers no SSH service in the container lab")
        .satisfies(e -> assertThat(((OtlabException) e).remedy()).contains("RDP on 3389"));
  }

  @Test
  void aServiceOnAPortOfItsOwnHasARouteOfItsOwnAndTheControllersKeepTheirRelayPorts() {
    ContainerPlan moved =
        new ContainerPlan(
            ArchitectureLoader.parse(
                "moved.yaml",
                library("water-treatment-purdue-dmz-dpi")
                    .replace(
                        "{id: jump-1, zone: dmz, role: jump-host, posture: {remoteServices: [rdp]}",
                        "{id: jump-1, zone: dmz, role: jump-host, posture: {remoteServices: [rdp,"
                            + " {service: ssh, port: 2222}, ssh]}")));
    ContainerAccess a = new ContainerAccess(moved);
    ContainerPlan.Route ssh = moved.route("ws-1", "jump-1", Protocol.SSH, 2222).orElseThrow();
    assertThat(ssh.key()).isEqualTo("ws-1>jump-1:SSH/2222");
    assertThat(ssh.hops().get(0).nextPort()).isEqualTo(2222);
    assertThat(a.access("ws-1", "jump-1", Protocol.SSH, 2222).port()).isEqualTo(ssh.firstPort());
    // Without a port, the first by port, as the embedded lab answers.
    assertThat(a.access("ws-1", "jump-1", Protocol.SSH).port())
        .isEqualTo(moved.route("ws-1", "jump-1", Protocol.SSH, 22).orElseThrow().firstPort());
    assertThatThrownBy(() -> a.access("ws-1", "jump-1", Protocol.SSH, 2200))
        .hasMessageContaining("offers no SSH service on port 2200");
    // Services of hosts come after the controllers', so the controllers' relays keep their ports.
    assertThat(moved.route("hmi-1", "plc-intake", Protocol.MODBUS).orElseThrow().firstPort())
        .isEqualTo(plan.route("hmi-1", "plc-intake", Protocol.MODBUS).orElseThrow().firstPort());
    assertThat(ContainerPlan.hostServices(moved.architecture().host("jump-1").orElseThrow()))
        .containsExactly(
            new ContainerPlan.Service(Protocol.SSH, 22),
            new ContainerPlan.Service(Protocol.SSH, 2222),
            new ContainerPlan.Service(Protocol.RDP, 3389));
  }

  @Test
  void aBrokerOverTlsIsRoutedAndASecondListenerOfAKindReachesTheOneBrokerPort() {
    ContainerPlan tls =
        new ContainerPlan(
            ArchitectureLoader.parse(
                "tls.yaml",
                library("water-treatment-converged")
                    .replace(
                        "{id: broker, zone: iiot-dmz, role: mqtt-broker,",
                        "{id: broker, zone: iiot-dmz, role: mqtt-broker, posture: {mqtt: [mqtt,"
                            + " mqtts, {service: mqtts, port: 9883}]},")));
    assertThat(ContainerPlan.hostServices(tls.architecture().host("broker").orElseThrow()))
        .containsExactly(
            new ContainerPlan.Service(Protocol.MQTT, 1883),
            new ContainerPlan.Service(Protocol.MQTTS, 8883),
            new ContainerPlan.Service(Protocol.MQTTS, 9883));
    ContainerPlan.Route second =
        tls.route("cloud-app", "broker", Protocol.MQTTS, 9883).orElseThrow();
    assertThat(second.flow().port()).isEqualTo(9883);
    // The broker serves one TLS port: the relay forwards the second listener's sessions there.
    assertThat(second.hops().get(second.hops().size() - 1).nextPort()).isEqualTo(8883);
    assertThat(new ContainerAccess(tls).access("cloud-app", "broker", Protocol.MQTTS).port())
        .isEqualTo(
            tls.route("cloud-app", "broker", Protocol.MQTTS, 8883).orElseThrow().firstPort());
  }

  private static String library(String architecture) {
    try (var in =
        ContainerAccessTest.class.getResourceAsStream(
            "/library/architectures/" + architecture + ".yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
