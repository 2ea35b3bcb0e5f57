package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.process.Balance;
import dev.otlab.process.LimitCrossing;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The steam boiler, the library plant written without Java, under its own PLCs and burner
 * management system, driven like {@link PlantBehaviourTest} drives the others: it holds its
 * operating point, and each hazard the BMS guards is reached when the BMS is bypassed and is
 * prevented when it is armed. The plant's id comes from a test resource, since no Java file may
 * name it.
 */
class BoilerPlantBehaviourTest {

  private static PlantSpec spec;

  @BeforeAll
  static void load() throws IOException {
    Properties p = new Properties();
    try (InputStream in =
        BoilerPlantBehaviourTest.class.getResourceAsStream("/boiler-plant.properties")) {
      p.load(in);
    }
    spec = PlantLoader.load(p.getProperty("id"));
  }

  private static Plant plant(long seed) {
    return Plant.create(spec, new LabClock(seed, Speed.MAX));
  }

  private static List<LimitCrossing> entered(Plant p, String tag) {
    return p.crossings().stream().filter(c -> c.entered() && c.limit().tag().equals(tag)).toList();
  }

  private static double bms(Plant p, String point) {
    return p.controller("bms-boiler").image().get(point);
  }

  @Test
  void holdsItsOperatingPointForHalfAnHourUnderItsOwnControllers() {
    Plant p = plant(5);
    p.schedule();
    List<double[]> samples = new ArrayList<>();
    p.clock()
        .schedulePeriodic(
            "sample",
            Phase.SENSORS,
            10,
            0,
            () -> {
              var v = p.processValues();
              samples.add(
                  new double[] {
                    v.get("drum_level"), v.get("drum_pressure"), v.get("flame"), v.get("fuel_valve")
                  });
            });
    // The declared balances hold on the benign run: over each minute the change they predict from
    // the reported flows (integrated each second) matches the change of the measured tag within
    // three of their sigmas.
    List<Balance> balances = spec.knowledge().balances();
    assertThat(balances).extracting(Balance::name).contains("drum-mass", "drum-energy");
    double[] predicted = new double[balances.size()];
    double[] start = new double[balances.size()];
    List<String> misses = new ArrayList<>();
    p.clock()
        .schedulePeriodic(
            "balances",
            Phase.SENSORS,
            1,
            0,
            () -> {
              var v = p.processValues();
              double now = p.clock().now();
              for (int i = 0; i < balances.size(); i++) {
                Balance b = balances.get(i);
                double measured = v.get(b.measured());
                if (now % 60 < 0.5) {
                  double residual = measured - start[i] - predicted[i];
                  if (now > 0 && Math.abs(residual) > 3 * b.sigma()) {
                    misses.add(b.name() + " at " + now + ": " + residual);
                  }
                  start[i] = measured;
                  predicted[i] = 0;
                }
                double[] reads = b.reads().stream().mapToDouble(v::get).toArray();
                predicted[i] += b.rate().perSecond(reads);
              }
            });
    p.clock().runUntil(1800);
    assertThat(misses).isEmpty();
    assertThat(p.crossings()).isEmpty();
    assertThat(samples).hasSizeGreaterThan(170);
    assertThat(samples)
        .allSatisfy(
            s -> {
              // The tag dictionary's normal bands: level 0.5 to 0.7 m, pressure 9.5 to 10.5 bar.
              assertThat(s[0]).isBetween(0.5, 0.7);
              assertThat(s[1]).isBetween(9.5, 10.5);
              assertThat(s[2]).isEqualTo(1.0);
              assertThat(s[3]).isEqualTo(1.0);
            });
    assertThat(bms(p, "low_water_trip") + bms(p, "high_pressure_trip")).isZero();
    assertThat(bms(p, "flame_failure_trip") + bms(p, "purge_interlock")).isZero();
  }

  @Test
  void lossOfFeedwaterTripsTheBurnerOnLowWaterAndBypassedItFiresADryBoiler() {
    Plant armed = plant(1);
    armed.set("feed_pump", 0);
    armed.schedule();
    armed.clock().runUntil(600);
    assertThat(bms(armed, "low_water_trip")).isEqualTo(1.0);
    assertThat(armed.processValues().get("fuel_valve")).isZero();
    assertThat(armed.processValues().get("flame")).isZero();
    // The drum still empties (the stored heat keeps boiling), but with no flame the tubes are safe.
    assertThat(armed.processValues().get("drum_level")).isLessThan(0.15);
    assertThat(entered(armed, "dry_firing")).isEmpty();

    Plant bypassed = plant(1);
    bypassed.set("bms_bypass", 1);
    bypassed.set("feed_pump", 0);
    bypassed.schedule();
    bypassed.clock().runUntil(600);
    assertThat(bms(bypassed, "low_water_trip")).isZero();
    List<LimitCrossing> dry = entered(bypassed, "dry_firing");
    assertThat(dry).hasSize(1);
    // A few minutes: 0.45 m of water above the tubes at 5 kg/s of steam.
    assertThat(dry.get(0).time()).isBetween(120.0, 300.0);
  }

  @Test
  void pressureSetpointAttackTripsOnHighPressureAndBypassedOverpressuresTheDrum() {
    Plant armed = plant(1);
    armed.set("drum_pressure_sp", 15);
    armed.schedule();
    armed.clock().runUntil(600);
    assertThat(bms(armed, "high_pressure_trip")).isEqualTo(1.0);
    assertThat(armed.processValues().get("fuel_valve")).isZero();
    assertThat(entered(armed, "drum_pressure")).isEmpty();

    Plant bypassed = plant(1);
    bypassed.set("bms_bypass", 1);
    bypassed.set("drum_pressure_sp", 15);
    bypassed.schedule();
    bypassed.clock().runUntil(600);
    List<LimitCrossing> over = entered(bypassed, "drum_pressure");
    assertThat(over).isNotEmpty();
    assertThat(over.get(0).limit().value()).isEqualTo(14.0);
    assertThat(over.get(0).time()).isLessThan(300.0);
  }

  @Test
  void flameOutTripsOnFlameFailureAndBypassedFillsTheFurnaceWithFuel() {
    // Firing forced below minimum fire (0.15) puts the flame out with the fuel still open.
    Plant armed = plant(1);
    armed.set("firing_rate", 0.1);
    armed.schedule();
    armed.clock().runUntil(300);
    assertThat(bms(armed, "flame_failure_trip")).isEqualTo(1.0);
    assertThat(armed.processValues().get("flame")).isZero();
    assertThat(armed.processValues().get("fuel_valve")).isZero();
    assertThat(entered(armed, "unburnt_fuel")).isEmpty();
    // The fan purges the furnace afterwards, so the burner may light again once the trip is reset.
    assertThat(armed.processValues().get("purge_complete")).isEqualTo(1.0);

    Plant bypassed = plant(1);
    bypassed.set("bms_bypass", 1);
    bypassed.set("firing_rate", 0.1);
    bypassed.schedule();
    bypassed.clock().runUntil(300);
    assertThat(bms(bypassed, "flame_failure_trip")).isZero();
    assertThat(entered(bypassed, "unburnt_fuel")).hasSize(1);
  }
}
