package dev.otlab.network.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.SensorSpec;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.relay.RelayDecision;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Isolating a host on a flat network, where no conduit lies between it and its peers: the fabric
 * sends the routes inside the zone to a relay that denies the host (as a switch port shut down),
 * and its peers' next connection is refused under the response's rule.
 */
class NetworkFabricResponseIT {

  @Test
  void anIsolatedHostsRoutesInsideItsZoneLeadToARelayThatDeniesIt() throws IOException {
    List<RelayDecision> decisions = new CopyOnWriteArrayList<>();
    try (ServerSocket plcServer =
        new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      ArchitectureSpec flat =
          new ArchitectureSpec(
              "flat",
              "flat",
              "",
              "p",
              List.of(new ZoneSpec("plant", 2, 1, "")),
              List.of(
                  new HostSpec("hmi-1", List.of("plant"), HostRole.HMI, null, Posture.DEFAULT, ""),
                  new HostSpec(
                      "plc-1", List.of("plant"), HostRole.PLC, "plc-1", Posture.DEFAULT, "")),
              List.of(),
              new SensorSpec(Set.of(), Set.of()),
              Map.of());
      NetworkFabric fabric =
          new NetworkFabric(
              flat,
              List.of(
                  new ServiceEndpoint(
                      "plc-1", Protocol.MODBUS, "127.0.0.1", plcServer.getLocalPort())),
              () -> 42.0,
              decisions::add,
              e -> {},
              RelayConfig.defaults());
      fabric.start();
      try {
        Access before = fabric.access("hmi-1", "plc-1", Protocol.MODBUS);
        assertThat(before).isInstanceOf(Access.Direct.class);
        assertThat(before.port()).isEqualTo(plcServer.getLocalPort());

        RuleChange change = fabric.isolate("plc-1", "response:isolate-host@t=42");
        assertThat(change.closed()).isEmpty();
        Access after = fabric.access("hmi-1", "plc-1", Protocol.MODBUS);
        assertThat(after).isInstanceOf(Access.Relayed.class);
        assertThat(((Access.Relayed) after).conduits()).containsExactly("isolation:plc-1");
        try (Socket s = new Socket(after.address(), after.port())) {
          s.setSoTimeout(5000);
          assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(decisions)
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.sourceHost()).isEqualTo("hmi-1");
                  assertThat(d.decision()).isInstanceOf(ConduitDecision.Denied.class);
                  ConduitDecision.Denied denied = (ConduitDecision.Denied) d.decision();
                  assertThat(denied.conduit()).isEqualTo("isolation:plc-1");
                  assertThat(denied.rule()).isEqualTo("response:isolate-host@t=42");
                });
      } finally {
        fabric.stop();
      }
    }
  }
}
