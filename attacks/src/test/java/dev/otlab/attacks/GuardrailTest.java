package dev.otlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GuardrailTest {

  @Test
  void onlyLoopbackLiteralsPass() {
    for (String ok : new String[] {"127.0.0.1", "127.1.2.3", "localhost", "::1"}) {
      assertThat(Guardrail.requireLabAddress(ok)).isEqualTo(ok);
    }
    for (String bad :
        new String[] {
          "10.0.0.5", "192.168.1.10", "172.17.0.1", "8.8.8.8", "169.254.169.254", "0.0.0.0",
          "128.0.0.1", "127.0.0.256", "plc.example.com", "evil", "fe80::1", "127.0.0.1.nip.io"
        }) {
      assertThatThrownBy(() -> Guardrail.requireLabAddress(bad))
          .as(bad)
          .isInstanceOf(OtlabException.class)
          .hasMessageContaining(bad)
          .extracting(e -> ((OtlabException) e).code())
          .isEqualTo(Guardrail.CODE);
    }
  }

  @Test
  void randomAddressesOutsideLoopbackAreRefused() {
    SplittableRandom random = new SplittableRandom(20_261_125L);
    for (int i = 0; i < 10_000; i++) {
      int first = random.nextInt(256);
      String address =
          first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
      assertThat(Guardrail.looksLikeAddress(address)).as(address).isTrue();
      if (first == 127) {
        assertThat(Guardrail.requireLabAddress(address)).isEqualTo(address);
      } else {
        assertThatThrownBy(() -> Guardrail.requireLabAddress(address))
            .as(address)
            .isInstanceOf(OtlabException.class);
      }
    }
  }

  @Test
  void parametersNamingAddressesAreRefusedButValuesAndIdsPass() {
    for (String address :
        new String[] {
          "10.0.0.5",
          "8.8.8.8:502",
          "192.168.0.0/16",
          "scada.corp.example",
          "localhost",
          "tcp://1.2.3.4",
          "fe80::1%eth0",
          "[::1]"
        }) {
      assertThatThrownBy(() -> Guardrail.checkParameters(Map.of("target", address)))
          .as(address)
          .isInstanceOf(OtlabException.class)
          .hasMessageContaining("nothing was sent");
    }
    Guardrail.checkParameters(
        Map.of(
            "target", "plc-intake",
            "value", "1.5",
            "tag", "level_setpoint",
            "address", "40001",
            "password", "p4ss.word",
            "username", "op@site.example"));
  }
}
