package dev.otlab.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessModels;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The process detector checks the balances a plant's model describes, whatever the kind: a kind
 * registered only in the test resources ({@link IntakeTankModel}) gets its balance checked with no
 * change to the detector.
 */
class PluggedBalanceTest {

  /** The fixture's water plant with another process model behind the same tags. */
  static PlantSpec withModel(String model) {
    PlantSpec w = Fixtures.water();
    return new PlantSpec(
        w.id(),
        w.title(),
        w.description(),
        model,
        Map.of(),
        w.tags(),
        w.controllers(),
        w.disturbances());
  }

  static List<Alert> play(PlantSpec plant) {
    DetectionEngine e =
        new DetectionEngine(
            Fixtures.profile(List.of(), List.of(), List.of(), null, null, Fixtures.process()),
            plant,
            Fixtures.architecture(),
            null);
    ProcessDetectorTest.Tanks tanks = new ProcessDetectorTest.Tanks(11);
    tanks.inflow = 36;
    for (int t = 0; t < 1800; t++) {
      tanks.step();
      tanks.poll(e, t, v -> v);
    }
    e.advanceTo(1800);
    return e.alerts();
  }

  @Test
  void aBalanceFromAPluggedInKindIsChecked() {
    ProcessModel m = ProcessModels.create(IntakeTankModel.KIND, Map.of());
    assertThat(m.kind()).isEqualTo(IntakeTankModel.KIND);

    // The trace is a 5 m² raw tank filling at 6 m³/h: consistent with the water plant's balance.
    assertThat(play(withModel("water-treatment"))).isEmpty();
    // The intake tank's 1 m² says the level must rise five times faster: only its balance alarms.
    List<Alert> alerts = play(withModel(IntakeTankModel.KIND));
    assertThat(alerts).extracting(Alert::rule).containsExactly("residual-raw-tank");
    assertThat(alerts.get(0).summary()).contains("raw_level", "rises slower");
    assertThat(alerts.get(0).destinationHost()).isEqualTo("plc-intake");
  }
}
