package dev.otlab.detection;

import static dev.otlab.detection.Fixtures.engine;
import static dev.otlab.detection.Fixtures.modbus;
import static dev.otlab.detection.Fixtures.profile;
import static dev.otlab.detection.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.relay.ProtocolEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityDetectorTest {

  private final DetectionEngine engine =
      engine(profile(List.of(), List.of(), List.of(), null, null, null));

  /** What a relay reports when the device behind it does not take the connection. */
  private static ProtocolEvent unanswered(double time, String source, String destination) {
    ProtocolEvent e =
        modbus(
            time,
            source + "#9",
            source,
            destination,
            -1,
            -1,
            -1,
            List.of(),
            ProtocolEvent.Result.NO_RESPONSE,
            0);
    return new ProtocolEvent(
        e.time(),
        e.relay(),
        e.connection(),
        e.sourceHost(),
        e.destinationHost(),
        e.protocol(),
        "CONNECT",
        -1,
        -1,
        -1,
        0,
        -1,
        0,
        List.of(),
        List.of(),
        e.result(),
        0,
        false,
        "ops",
        "hmi");
  }

  private List<Alert> lost() {
    return engine.alerts().stream().filter(a -> a.detector().equals("availability")).toList();
  }

  @Test
  void aDeviceThatAnsweredAndThenLeavesConnectionsUnansweredIsOneLostDeviceAlert() {
    engine.accept(read(1, "hmi-1", "plc-intake", 3, 0, List.of(1.0)));
    engine.accept(unanswered(5, "hmi-1", "plc-intake"));
    engine.accept(unanswered(6, "historian", "plc-intake"));
    engine.accept(unanswered(7, "hmi-1", "plc-intake"));

    assertThat(lost())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("device-lost");
              assertThat(a.destinationHost()).isEqualTo("plc-intake");
              assertThat(a.sourceHost()).isNull();
              assertThat(a.time()).isEqualTo(5);
              assertThat(a.count()).isEqualTo(3);
              assertThat(a.techniques()).containsExactly("T0826");
              assertThat(a.severity()).isEqualTo(AlertSeverity.HIGH);
            });
  }

  @Test
  void aDeviceNeverSeenAnsweringIsNotLost() {
    engine.accept(unanswered(5, "hmi-1", "plc-treatment"));
    assertThat(lost()).isEmpty();
  }

  @Test
  void anAnswerEndsTheOutageAndTheNextOneAfterTheCooldownIsANewAlert() {
    engine.accept(read(1, "hmi-1", "plc-intake", 3, 0, List.of(1.0)));
    engine.accept(unanswered(5, "hmi-1", "plc-intake"));
    engine.accept(read(10, "hmi-1", "plc-intake", 3, 0, List.of(1.0)));
    engine.accept(unanswered(200, "hmi-1", "plc-intake"));
    assertThat(lost()).extracting(Alert::time).containsExactly(5.0, 200.0);
  }
}
