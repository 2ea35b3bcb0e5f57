package dev.otlab.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** A link over TLS names its broker by SNI: a host's name, never the address that reaches it. */
class MqttLinkTlsTest {

  @Test
  void theServerNameIsAHostName() throws Exception {
    SSLContext c = SSLContext.getDefault();
    assertThat(new MqttLink.Tls(c, "iiot-broker").serverName()).isEqualTo("iiot-broker");
    assertThatThrownBy(() -> new MqttLink.Tls(c, "127.0.0.5"))
        .hasMessage("SNI names a host, not an address: 127.0.0.5");
    assertThatThrownBy(() -> new MqttLink.Tls(c, "::1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MqttLink.Tls(c, "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(TlsSockets.ALPN).containsExactly("mqtt");
    // Broker listeners: in clear, over TLS, or both, never neither.
    assertThatThrownBy(() -> new MqttBroker("b", "127.0.0.1", -1, null, 0))
        .hasMessage("b: a broker listens in clear, over TLS or both");
  }
}
