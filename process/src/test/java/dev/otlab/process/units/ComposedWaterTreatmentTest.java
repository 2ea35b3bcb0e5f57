package dev.otlab.process.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.process.LimitCrossing;
import dev.otlab.process.ProcessSimulation;
import dev.otlab.process.SafetyLimit;
import dev.otlab.process.TrajectoryComparison;
import dev.otlab.process.TrajectoryComparison.Change;
import dev.otlab.process.WaterTreatmentModel;
import dev.otlab.process.declared.DeclaredProcessModel;
import dev.otlab.process.declared.ProcessModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The water-treatment stage composed from units (two tanks, an inflow valve, a pump, dosing)
 * against the hand-written WaterTreatmentModel: the same tags and start, and the same trajectories
 * over half an hour of input steps that drive it through overflow, an empty treated tank and an
 * overdose.
 */
class ComposedWaterTreatmentTest {

  @Test
  void composedWaterTreatmentReproducesTheJavaModel() {
    ProcessModelSpec spec = ComposedPlants.waterTreatment().spec();
    WaterTreatmentModel java = new WaterTreatmentModel();
    DeclaredProcessModel composed = spec.create(Map.of());
    assertThat(new TreeSet<>(composed.stateTags())).isEqualTo(new TreeSet<>(java.stateTags()));
    assertThat(composed.inputTags()).containsExactlyInAnyOrderElementsOf(java.inputTags());
    assertThat(composed.units().keySet()).containsAll(java.units().keySet());
    for (String tag : java.units().keySet()) {
      assertThat(composed.units().get(tag)).as(tag).isEqualTo(java.units().get(tag));
    }
    for (String input : java.inputTags()) {
      assertThat(composed.input(input)).as(input).isCloseTo(java.input(input), within(1e-9));
    }

    List<SafetyLimit> limits =
        List.of(
            new SafetyLimit("raw_level", SafetyLimit.Direction.HIGH, 3.8, "overflow"),
            new SafetyLimit("treated_level", SafetyLimit.Direction.LOW, 0.3, "dry"),
            new SafetyLimit("dry_run", SafetyLimit.Direction.HIGH, 0.5, "dry run"),
            new SafetyLimit("chlorine", SafetyLimit.Direction.HIGH, 4, "overdose"));
    ProcessSimulation reference = new ProcessSimulation(java);
    ProcessSimulation candidate = new ProcessSimulation(composed);
    limits.forEach(reference::addLimit);
    limits.forEach(candidate::addLimit);
    List<String> tags = new ArrayList<>(java.units().keySet());
    TrajectoryComparison.Result r =
        TrajectoryComparison.compare(
            reference,
            candidate,
            tags,
            List.of(
                new Change(60, "inflow_valve", 1.0),
                new Change(120, "pump_on", 0),
                new Change(300, "dosing_rate", 100),
                new Change(900, "demand", 45),
                new Change(1500, "pump_on", 1),
                new Change(1500, "demand", 10),
                new Change(1500, "inflow_valve", 0.2)),
            1800,
            0.1);
    System.out.println("composed water treatment, largest differences: " + r.maxDifference());
    for (String tag : tags) {
      // The same equations in the same order of evaluation: equal to rounding.
      double scale = Math.max(1, Math.abs(reference.value(tag)));
      assertThat(r.maxDifference(tag))
          .as("%s (worst at %s s)", tag, r.worstTime().get(tag))
          .isLessThan(1e-9 * scale);
    }
    // The run went through the plant's hazards, and both forms saw the same ones.
    List<String> javaTrips = reference.crossings().stream().map(c -> c.limit().tag()).toList();
    List<String> composedTrips = candidate.crossings().stream().map(c -> c.limit().tag()).toList();
    assertThat(javaTrips).contains("raw_level", "treated_level", "chlorine");
    assertThat(composedTrips).isEqualTo(javaTrips);
    for (int i = 0; i < javaTrips.size(); i++) {
      LimitCrossing a = reference.crossings().get(i);
      LimitCrossing b = candidate.crossings().get(i);
      assertThat(b.time()).as("%s", a.limit()).isCloseTo(a.time(), within(0.11));
    }
  }
}
