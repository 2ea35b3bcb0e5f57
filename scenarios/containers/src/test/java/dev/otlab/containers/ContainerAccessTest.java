package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
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
        .isEqualTo(
            new Access.Relayed("gw-ops-control", r.firstPort(), java.util.List.of("ops-control")));
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
  void aServiceTheContainerLabDoesNotRunIsUnknownNotUnreachable() {
    // The jump host offers RDP, but no container runs it: a pivot must tell this from a route
    // that the architecture does not have.
    assertThatThrownBy(() -> access.access("ws-1", "jump-1", Protocol.RDP))
        .isInstanceOf(OtlabException.class)
        .satisfies(e -> assertThat(((OtlabException) e).code()).isEqualTo("SERVICE_UNKNOWN"))
        .hasMessageContaining("offers no RDP service in the container lab");
  }
}
