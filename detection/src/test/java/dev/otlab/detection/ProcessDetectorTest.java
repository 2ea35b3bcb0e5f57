package dev.otlab.detection;

import static dev.otlab.detection.Fixtures.engine;
import static dev.otlab.detection.Fixtures.profile;
import static dev.otlab.detection.Fixtures.read;
import static dev.otlab.detection.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The process-aware detectors against a simulated pair of tanks polled once a second, with the same
 * measurement noise and register scaling as the library plant.
 */
class ProcessDetectorTest {

  /** Two tanks integrated each second; the HMI's polls of both PLCs as protocol events. */
  static final class Tanks {
    final SplittableRandom noise;
    double raw = 2.0;
    double treated = 2.0;
    double inflow = 30;
    double pump = 30;
    double outflow = 30;

    Tanks(long seed) {
      noise = new SplittableRandom(seed);
    }

    void step() {
      raw += (inflow - pump) / 3600 / 5;
      treated += (pump - outflow) / 3600 / 5;
    }

    double n(double sigma) {
      // Box-Muller from the seeded source: repeatable noise.
      double u = 1 - noise.nextDouble();
      double v = noise.nextDouble();
      return sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Polls at time t; {@code reportedRaw} may alter the raw level on the way (concealment). */
    void poll(DetectionEngine e, double t, DoubleUnaryOperator reportedRaw) {
      double rawReported = reportedRaw.applyAsDouble(raw + n(0.002));
      e.accept(
          read(
              t,
              "hmi-1",
              "plc-intake",
              4,
              0,
              List.of(
                  (double) Math.round(rawReported * 1000),
                  (double) Math.round((inflow + n(0.1)) * 10))));
      e.accept(
          read(
              t + 0.01,
              "hmi-1",
              "plc-treatment",
              4,
              0,
              List.of(
                  (double) Math.round((treated + n(0.002)) * 1000),
                  (double) Math.round((pump + n(0.1)) * 10),
                  (double) Math.round((outflow + n(0.1)) * 10))));
    }
  }

  static DetectionEngine processOnly() {
    return engine(profile(List.of(), List.of(), List.of(), null, null, Fixtures.process()));
  }

  @Test
  void consistentPhysicsRaisesNothingOverHoursWithManyPumpCycles() {
    for (long seed = 1; seed <= 3; seed++) {
      Tanks tanks = new Tanks(seed);
      DetectionEngine e = processOnly();
      for (int t = 0; t < 4 * 3600; t++) {
        // The valve and the pump switch every 10 minutes: the levels move both ways.
        tanks.inflow = (t / 600) % 2 == 0 ? 36 : 18;
        tanks.pump = (t / 900) % 2 == 0 ? 30 : 24;
        tanks.outflow = 27;
        tanks.step();
        tanks.poll(e, t, v -> v);
      }
      e.advanceTo(4 * 3600);
      assertThat(e.alerts()).as("seed " + seed).isEmpty();
    }
  }

  @Test
  void aLevelThatDoesNotFollowTheFlowsIsCaughtByTheMassBalance() {
    Tanks tanks = new Tanks(7);
    DetectionEngine e = processOnly();
    double[] start = {Double.NaN};
    for (int t = 0; t < 1800; t++) {
      tanks.inflow = 36;
      tanks.step();
      double now = t;
      // From t = 300 the HMI is shown the level of t = 300, with fresh noise (not frozen).
      tanks.poll(
          e,
          t,
          v -> {
            if (now < 300) {
              return v;
            }
            if (Double.isNaN(start[0])) {
              start[0] = v;
            }
            return start[0] + tanks.n(0.002);
          });
    }
    e.advanceTo(1800);
    assertThat(e.alerts()).extracting(Alert::rule).containsExactly("residual-raw-tank");
    Alert a = e.alerts().get(0);
    assertThat(a.techniques()).contains("T0856");
    assertThat(a.time()).isBetween(300.0, 900.0);
    assertThat(a.destinationHost()).isEqualTo("plc-intake");
    assertThat(a.evidence()).allSatisfy(ev -> assertThat(ev.kind()).isEqualTo("sample"));
  }

  @Test
  void aFrozenNoisyValueIsFlagged() {
    Tanks tanks = new Tanks(3);
    DetectionEngine e = processOnly();
    for (int t = 0; t < 200; t++) {
      tanks.step();
      double now = t;
      tanks.poll(e, t, v -> now >= 100 ? 2.0 : v);
    }
    assertThat(e.alerts()).extracting(Alert::rule).contains("frozen-value");
    Alert frozen =
        e.alerts().stream().filter(a -> a.rule().equals("frozen-value")).findFirst().orElseThrow();
    assertThat(frozen.time()).isEqualTo(129.0);
    assertThat(frozen.summary()).contains("raw_level");
  }

  @Test
  void aReplayedRunOfResponsesIsFlagged() {
    Tanks tanks = new Tanks(5);
    DetectionEngine e = processOnly();
    List<double[]> recorded = new ArrayList<>();
    for (int t = 0; t < 100; t++) {
      tanks.step();
      double v = tanks.raw + tanks.n(0.002);
      recorded.add(new double[] {v, tanks.inflow + tanks.n(0.1)});
      e.accept(
          read(
              t,
              "hmi-1",
              "plc-intake",
              4,
              0,
              List.of(
                  (double) Math.round(v * 1000), (double) Math.round(recorded.get(t)[1] * 10))));
    }
    assertThat(e.alerts()).isEmpty();
    for (int t = 100; t < 140; t++) {
      double[] old = recorded.get(t - 100 + 10);
      e.accept(
          read(
              t,
              "hmi-1",
              "plc-intake",
              4,
              0,
              List.of((double) Math.round(old[0] * 1000), (double) Math.round(old[1] * 10))));
    }
    assertThat(e.alerts()).extracting(Alert::rule).containsExactly("replayed-values");
    assertThat(e.alerts().get(0).time()).isEqualTo(119.0);
  }

  @Test
  void setpointsOutsideTheOperatingEnvelopeAreFlagged() {
    DetectionEngine e = processOnly();
    e.accept(write(1, "hmi-1", "plc-intake", 6, 1, 3000)); // raw_high_sp 3.0 m: fine
    e.accept(write(2, "hmi-1", "plc-intake", 6, 0, 1000)); // raw_low_sp 1.0 m: fine
    assertThat(e.alerts()).isEmpty();
    e.accept(write(3, "ws-1", "plc-intake", 6, 1, 3700)); // raw_high_sp 3.7 m: past the 3.5 m alarm
    assertThat(e.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("setpoint-envelope");
              assertThat(a.techniques()).containsExactly("T0836");
              assertThat(a.sourceHost()).isEqualTo("ws-1");
              assertThat(a.summary()).contains("raw_high_sp").contains("3.7").contains("raw_level");
            });
  }

  @Test
  void reportedValuesBeyondAlarmLimitsAreFlagged() {
    DetectionEngine e = processOnly();
    e.accept(read(1, "hmi-1", "plc-intake", 4, 0, List.of(3400.0, 300.0)));
    assertThat(e.alerts()).isEmpty();
    e.accept(read(2, "hmi-1", "plc-intake", 4, 0, List.of(3600.0, 300.0)));
    assertThat(e.alerts()).extracting(Alert::rule).containsExactly("value-alarm-raw-level");
  }

  @Test
  void sameInputsSameAlerts() {
    List<List<Alert>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Tanks tanks = new Tanks(11);
      DetectionEngine e = processOnly();
      for (int t = 0; t < 900; t++) {
        tanks.inflow = 36;
        tanks.step();
        double now = t;
        tanks.poll(e, t, v -> now > 200 ? 2.0 + tanks.n(0.002) : v);
      }
      e.advanceTo(900);
      runs.add(e.alerts());
    }
    assertThat(runs.get(0)).isNotEmpty().isEqualTo(runs.get(1));
  }
}
