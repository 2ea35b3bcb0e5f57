package dev.otlab.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.Posture.BrokerListener;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HostSpecTest {

  private static HostSpec broker(List<BrokerListener> listeners) {
    return new HostSpec(
        "broker",
        List.of("dmz"),
        HostRole.MQTT_BROKER,
        null,
        Posture.DEFAULT.withBrokerListeners(listeners),
        "");
  }

  @Test
  void brokerPortIsTheFirstListenerOfTheKind() {
    HostSpec h =
        broker(
            List.of(
                new BrokerListener(Protocol.MQTTS, 9883),
                new BrokerListener(Protocol.MQTT, 1884),
                BrokerListener.of(Protocol.MQTTS),
                BrokerListener.of(Protocol.MQTT)));

    assertThat(h.brokerPort(Protocol.MQTT)).isEqualTo(OptionalInt.of(1884));
    assertThat(h.brokerPort(Protocol.MQTTS)).isEqualTo(OptionalInt.of(9883));
  }

  @Test
  void brokerPortIsEmptyForAKindTheBrokerDoesNotServeAndOnAnyOtherHost() {
    HostSpec clearOnly = broker(List.of());
    assertThat(clearOnly.brokerPort(Protocol.MQTT))
        .as("a broker without listeners listens in clear on 1883")
        .isEqualTo(OptionalInt.of(1883));
    assertThat(clearOnly.brokerPort(Protocol.MQTTS)).isEmpty();
    assertThat(clearOnly.brokerPort(Protocol.MODBUS)).isEmpty();

    HostSpec hmi = new HostSpec("hmi", List.of("ops"), HostRole.HMI, null, Posture.DEFAULT, "");
    assertThat(hmi.brokerPort(Protocol.MQTT)).isEmpty();
  }
}
