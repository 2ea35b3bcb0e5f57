package dev.otlab.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.HostRole;
import dev.otlab.network.fabric.Access;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UaSessionsTest {

  private final OperationsOptions options = OperationsOptions.defaults(Path.of("pki"));
  private final UaSessions sessions = new UaSessions(options);

  @Test
  void anActorOpensWithTheOperationsUserTheGivenModeAndItsOwnName() {
    OpcUaClientSession.Options o =
        sessions.options(
            TankLab.host("site/hist:1", "ops", HostRole.HISTORIAN, null),
            new Access.Relayed("127.0.0.5", 4840, List.of("ops-control")),
            OpcUaSecurityMode.BASIC256SHA256_SIGN);

    assertThat(o.endpointUrl()).isEqualTo("opc.tcp://127.0.0.5:4840/otlab");
    assertThat(o.securityMode()).isEqualTo(OpcUaSecurityMode.BASIC256SHA256_SIGN);
    assertThat(o.identity())
        .isEqualTo(ClientIdentity.user(options.opcUaUser(), options.opcUaPassword()));
    assertThat(o.pkiDir()).isEqualTo(options.pkiDir());
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.applicationName()).isEqualTo("otlab-site-hist-1");
  }
}
