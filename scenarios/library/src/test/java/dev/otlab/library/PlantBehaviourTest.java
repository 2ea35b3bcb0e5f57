package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.process.LimitCrossing;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.Plant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library plants under their own controllers and SIS, at max speed without sockets. */
class PlantBehaviourTest {

  private static Plant plant(String name, long seed) {
    Plant p = Plant.create(PlantLoader.load(name), new LabClock(seed, Speed.MAX));
    return p;
  }

  private static boolean crossed(Plant p, String tag) {
    return p.crossings().stream().anyMatch(c -> c.entered() && c.limit().tag().equals(tag));
  }

  @Test
  void reactorHoldsTheUnstableOperatingPointUnderPid() {
    Plant p = plant("chemical-reactor", 1);
    p.schedule();
    p.clock().runUntil(7200);
    var v = p.processValues();
    assertThat(v.get("reactor_temp")).isCloseTo(350, within(350 * 0.005));
    assertThat(v.get("concentration_a")).isCloseTo(0.5, within(0.5 * 0.005));
    assertThat(v.get("coolant_temp_actual")).isCloseTo(300, within(300 * 0.005));
  }

  @Test
  void reactorWithCoolantForcedTo290SettlesAtItsOnlySteadyState() {
    Plant p = plant("chemical-reactor", 1);
    p.set("coolant_temp", 290);
    p.schedule();
    p.clock().runUntil(7200);
    var v = p.processValues();
    assertThat(v.get("reactor_temp")).isCloseTo(312.7, within(312.7 * 0.005));
    assertThat(v.get("concentration_a")).isCloseTo(0.952, within(0.952 * 0.005));
    assertThat(p.controller("plc-reactor").image().get("temp_auto")).isZero();
  }

  @Test
  void sisTripsOnLossOfCoolingAndKeepsTheReactorBelowItsTripLimit() {
    Plant p = plant("chemical-reactor", 1);
    p.set("coolant_pump", 0);
    p.schedule();
    p.clock().runUntil(1800);
    assertThat(p.controller("sis-reactor").image().get("low_flow_trip")).isEqualTo(1.0);
    assertThat(p.processValues().get("feed_valve")).isZero();
    assertThat(p.processValues().get("coolant_pump")).isEqualTo(1.0);
    assertThat(crossed(p, "reactor_temp")).isFalse();
  }

  @Test
  void bypassedSisLetsLossOfCoolingRunAway() {
    Plant p = plant("chemical-reactor", 1);
    p.set("sis_bypass", 1);
    p.set("coolant_pump", 0);
    p.schedule();
    p.clock().runUntil(1800);
    assertThat(p.controller("sis-reactor").image().get("high_temp_trip")).isZero();
    assertThat(p.controller("sis-reactor").image().get("low_flow_trip")).isZero();
    assertThat(crossed(p, "reactor_temp")).isTrue();
    LimitCrossing first =
        p.crossings().stream().filter(LimitCrossing::entered).findFirst().orElseThrow();
    assertThat(first.limit().value()).isEqualTo(400.0);
  }

  @Test
  void waterPlantCyclesWithinItsNormalBandForHours() {
    Plant p = plant("water-treatment", 7);
    p.schedule();
    List<double[]> samples = new ArrayList<>();
    p.clock()
        .schedulePeriodic(
            "sample",
            Phase.SENSORS,
            10,
            1800,
            () -> {
              var v = p.processValues();
              samples.add(
                  new double[] {v.get("raw_level"), v.get("treated_level"), v.get("chlorine")});
            });
    p.clock().runUntil(4 * 3600);
    assertThat(p.crossings()).isEmpty();
    assertThat(samples)
        .allSatisfy(
            s -> {
              assertThat(s[0]).isBetween(0.8, 3.2);
              assertThat(s[1]).isBetween(0.8, 3.2);
              assertThat(s[2]).isBetween(0.5, 3.0);
            });
  }

  @Test
  void sisClosesTheInflowValveWhenTheIntakeIsForcedOpen() {
    Plant p = plant("water-treatment", 1);
    p.set("inflow_valve", 1); // level control to manual, valve held open
    p.set("pump_on", 0); // and nothing drains the raw tank
    p.schedule();
    p.clock().runUntil(3600);
    assertThat(p.controller("sis-water").image().get("raw_high_trip")).isEqualTo(1.0);
    assertThat(crossed(p, "raw_level")).isFalse();
    assertThat(p.processValues().get("raw_level")).isBetween(3.6, 3.9);
  }

  @Test
  void bypassedSisLetsTheRawTankOverflow() {
    Plant p = plant("water-treatment", 1);
    p.set("sis_bypass", 1);
    p.set("inflow_valve", 1);
    p.set("pump_on", 0);
    p.schedule();
    p.clock().runUntil(3600);
    assertThat(crossed(p, "raw_level")).isTrue();
  }

  @Test
  void dryRunInterlockStopsThePumpAndDisablingItRunsThePumpDry() {
    Plant p = plant("water-treatment", 1);
    p.set("inflow_valve", 0); // intake closed in manual: the raw tank only drains
    p.set("pump_on", 1);
    p.schedule();
    p.clock().runUntil(3600);
    assertThat(crossed(p, "dry_run")).isFalse();
    assertThat(p.processValues().get("raw_level")).isBetween(0.2, 0.35);

    Plant q = plant("water-treatment", 1);
    q.set("inflow_valve", 0);
    q.set("dry_run_sp", 0.05);
    q.set("pump_on", 1);
    q.schedule();
    q.clock().runUntil(3600);
    assertThat(crossed(q, "dry_run")).isTrue();
  }

  @Test
  void sameSeedGivesTheSameTraceAndAnotherSeedDoesNot() {
    assertThat(trace(3)).isEqualTo(trace(3));
    assertThat(trace(3)).isNotEqualTo(trace(4));
  }

  private static List<Double> trace(long seed) {
    Plant p = plant("water-treatment", seed);
    p.schedule();
    List<Double> out = new ArrayList<>();
    p.clock()
        .schedulePeriodic(
            "trace",
            Phase.SENSORS,
            60,
            0,
            () -> {
              out.add(p.processValues().get("treated_level"));
              out.add(p.controller("plc-dosing").image().get("chlorine"));
            });
    p.clock().runUntil(3600);
    return out;
  }
}
