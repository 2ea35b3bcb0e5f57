package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.detection.Alert;
import dev.otlab.detection.DetectionEngine;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The full profile's process-aware checks on the library's own plant and architecture. */
class LibraryPlantDetectionTest {

  private static DetectionEngine engine() {
    return new DetectionEngine(
        DetectionLoader.load("full"),
        PlantLoader.load("water-treatment"),
        ArchitectureLoader.load("water-treatment-purdue-dmz-dpi"),
        null);
  }

  /** An FC16 write of dosing_kp (holding registers 2 and 3, float32 high word first). */
  private static ProtocolEvent writeKp(double time, float kp) {
    int bits = Float.floatToRawIntBits(kp);
    return new ProtocolEvent(
        time,
        "ops-control",
        "ops-control#1",
        "hmi-1",
        "plc-dosing",
        Protocol.MODBUS,
        "WRITE_MULTIPLE_REGISTERS",
        16,
        3,
        2,
        2,
        -1,
        0,
        List.of(),
        List.of((double) (bits >>> 16), (double) (bits & 0xFFFF)),
        ProtocolEvent.Result.OK,
        0,
        true,
        "ops-control",
        "hmi-dosing");
  }

  @Test
  void aLoopGainFarFromItsCommissionedValueIsOutsideTheEnvelope() {
    DetectionEngine e = engine();
    // The plant commissions dosing_kp at 30; doubling it is retuning, zero switches the loop off.
    e.accept(writeKp(100, 60f));
    assertThat(e.alerts()).noneMatch(a -> a.rule().equals("setpoint-envelope"));
    e.accept(writeKp(101, 0f));
    assertThat(e.alerts())
        .filteredOn(a -> a.rule().equals("setpoint-envelope"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.techniques()).containsExactly("T0836");
              assertThat(a.sourceHost()).isEqualTo("hmi-1");
              assertThat(a.summary()).contains("dosing_kp").contains("commissioned");
            })
        .extracting(Alert::time)
        .isEqualTo(101.0);
  }
}
