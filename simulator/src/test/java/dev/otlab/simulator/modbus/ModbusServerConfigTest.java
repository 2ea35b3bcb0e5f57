package dev.otlab.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModbusServerConfigTest {

  private final ModbusServerConfig defaults = ModbusServerConfig.defaults();

  @Test
  void defaultsAreLoopbackEphemeralAndCapped() {
    assertThat(defaults.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(defaults.port()).isZero();
    assertThat(defaults.maxConnections()).isEqualTo(32);
    assertThat(defaults.maxConnectionsPerSource()).isEqualTo(8);
    assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.frameTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.writeTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void rejectsBadValuesWithAStableCode() {
    assertInvalid(() -> defaults.withPort(65536));
    assertInvalid(() -> defaults.withPort(-1));
    assertInvalid(() -> defaults.withBindAddress(" "));
    assertInvalid(() -> defaults.withConnectionCaps(0, 1));
    assertInvalid(() -> defaults.withConnectionCaps(4, 5));
    assertInvalid(() -> defaults.withConnectionCaps(4, 0));
    assertInvalid(() -> defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
    assertInvalid(() -> defaults.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(-1)));
    assertInvalid(() -> defaults.withTimeouts(Duration.ofSeconds(1), Duration.ofNanos(10)));
    assertInvalid(() -> defaults.withTimeouts(Duration.ofDays(2), Duration.ofSeconds(1)));
    assertInvalid(() -> defaults.withWriteTimeout(Duration.ZERO));
  }

  @Test
  void acceptsTheBoundaries() {
    assertThat(defaults.withPort(65535).port()).isEqualTo(65535);
    assertThat(defaults.withConnectionCaps(1, 1).maxConnectionsPerSource()).isEqualTo(1);
    assertThat(defaults.withTimeouts(Duration.ofMillis(1), Duration.ofDays(1)).frameTimeout())
        .isEqualTo(Duration.ofDays(1));
  }

  private static void assertInvalid(Runnable r) {
    assertThatThrownBy(r::run)
        .isInstanceOf(OtlabException.class)
        .satisfies(e -> assertThat(((OtlabException) e).code()).isEqualTo("MODBUS_CONFIG_INVALID"));
  }
}
