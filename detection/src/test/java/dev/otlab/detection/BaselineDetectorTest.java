package dev.otlab.detection;

import static dev.otlab.detection.Fixtures.engine;
import static dev.otlab.detection.Fixtures.modbus;
import static dev.otlab.detection.Fixtures.profile;
import static dev.otlab.detection.Fixtures.read;
import static dev.otlab.detection.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionProfile.BaselineSettings;
import dev.otlab.network.relay.ProtocolEvent.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineDetectorTest {

  static DetectionEngine baseline(double training, List<String> allow) {
    return engine(
        profile(
            List.of(),
            List.of(),
            List.of(),
            null,
            new BaselineSettings(training, allow, AlertSeverity.HIGH),
            null));
  }

  static void train(DetectionEngine e) {
    for (int t = 0; t < 50; t++) {
      e.accept(read(t, "hmi-1", "plc-intake", 4, 0, List.of(2000.0, 300.0)));
      e.accept(read(t + 0.1, "hmi-1", "plc-intake", 3, 0, List.of(1000.0, 3000.0)));
    }
    e.accept(write(50, "hmi-1", "plc-intake", 6, 1, 3000));
  }

  @Test
  void learnsInTheWindowThenFlagsWhatIsNew() {
    DetectionEngine e = baseline(55, List.of());
    train(e);
    for (int t = 60; t < 120; t++) {
      e.accept(read(t, "hmi-1", "plc-intake", 4, 0, List.of(2000.0, 300.0)));
    }
    e.accept(write(121, "hmi-1", "plc-intake", 6, 1, 3050)); // within the learned range's slack
    assertThat(e.alerts()).isEmpty();
    e.accept(read(130, "ws-1", "plc-intake", 4, 0, List.of(2000.0, 300.0)));
    e.accept(modbus(131, "hmi-1#1", "hmi-1", "plc-intake", 43, -1, 0, List.of(), Result.OK, 0));
    e.accept(read(132, "hmi-1", "plc-intake", 4, 10, List.of(0.0)));
    e.accept(write(133, "hmi-1", "plc-intake", 6, 1, 3700));
    assertThat(e.alerts())
        .extracting(Alert::rule)
        .containsExactly(
            "baseline-new-flow",
            "baseline-new-operation",
            "baseline-new-address",
            "baseline-write-value");
    assertThat(e.alerts().get(0).techniques()).containsExactly("T0861");
    assertThat(e.alerts().get(0).severity()).isEqualTo(AlertSeverity.HIGH);
    assertThat(e.alerts().get(1).techniques()).containsExactly("T0888");
    assertThat(e.alerts().get(1).severity()).isEqualTo(AlertSeverity.MEDIUM);
  }

  @Test
  void refusedRequestsTeachNothing() {
    DetectionEngine e = baseline(55, List.of());
    e.accept(modbus(1, "ws-1#1", "ws-1", "plc-intake", 5, 0, 1, List.of(1.0), Result.REJECTED, 1));
    e.accept(modbus(60, "ws-1#1", "ws-1", "plc-intake", 5, 0, 1, List.of(1.0), Result.OK, 0));
    assertThat(e.alerts()).extracting(Alert::rule).containsExactly("baseline-new-flow");
  }

  @Test
  void documentedRareOperationsAreNotNew() {
    DetectionEngine e = baseline(55, List.of("hmi>plc modbus 6,16", "engineering-ws>plc modbus 3"));
    for (int t = 0; t < 50; t++) {
      e.accept(read(t, "hmi-1", "plc-intake", 4, 0, List.of(2000.0)));
    }
    e.accept(write(300, "hmi-1", "plc-intake", 16, 0, 1100)); // operator change, first seen late
    e.accept(read(301, "eng-ws", "plc-intake", 3, 0, List.of(1100.0, 3000.0))); // status read
    assertThat(e.alerts()).isEmpty();
    e.accept(write(302, "eng-ws", "plc-intake", 5, 0, 1)); // not documented
    assertThat(e.alerts()).extracting(Alert::rule).containsExactly("baseline-new-operation");
  }

  @Test
  void savedBaselineLoadsAndDetectsWithoutTraining(@TempDir Path dir) {
    DetectionEngine learner = baseline(1e9, List.of());
    train(learner);
    Path file = dir.resolve("baseline.json");
    learner.baseline().save(file);
    Baseline loaded = Baseline.load(file);
    assertThat(loaded).isEqualTo(learner.baseline());
    DetectionEngine e =
        new DetectionEngine(
            profile(
                List.of(),
                List.of(),
                List.of(),
                null,
                new BaselineSettings(0, List.of(), AlertSeverity.HIGH),
                null),
            Fixtures.water(),
            Fixtures.architecture(),
            loaded);
    e.accept(read(1, "hmi-1", "plc-intake", 4, 0, List.of(2000.0, 300.0)));
    assertThat(e.alerts()).isEmpty();
    e.accept(read(2, "ws-1", "plc-intake", 4, 0, List.of(2000.0, 300.0)));
    assertThat(e.alerts()).extracting(Alert::rule).containsExactly("baseline-new-flow");
  }

  @Test
  void aBaselineOfAnotherVersionIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("b.json");
    java.nio.file.Files.writeString(file, "{\"version\": 99, \"flows\": []}");
    assertThatThrownBy(() -> Baseline.load(file))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("version 99");
  }

  @Test
  void inventoryListsHostsWithObservedRolesAndExportsJson() {
    DetectionEngine e = baseline(55, List.of());
    train(e);
    e.accept(Fixtures.opcua(52, "h#1", "historian", "plc-treatment", "ReadRequest", Result.OK));
    var assets = e.inventory().assets();
    assertThat(assets)
        .extracting(AssetInventory.Asset::host)
        .containsExactly("historian", "hmi-1", "plc-intake", "plc-treatment");
    var plc = assets.get(2);
    assertThat(plc.observedRoles()).containsExactly("server");
    assertThat(plc.unitIds()).containsExactly(1);
    assertThat(plc.tagRanges())
        .containsEntry("input-register", List.of(0, 1))
        .containsEntry("holding-register", List.of(0, 1));
    assertThat(plc.firstSeen()).isEqualTo(0.0);
    assertThat(plc.lastSeen()).isEqualTo(50.0);
    assertThat(assets.get(1).observedRoles()).containsExactly("master");
    assertThat(assets.get(0).observedRoles()).containsExactly("historian");
    assertThat(e.inventory().toJson()).contains("\"assets\"").contains("\"observedRoles\"");
  }
}
