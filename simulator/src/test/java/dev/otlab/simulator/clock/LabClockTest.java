package dev.otlab.simulator.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LabClockTest {

  @Test
  void runsTasksInTimeThenPhaseThenRegistrationOrder() {
    LabClock clock = new LabClock(1, Speed.MAX);
    List<String> log = new ArrayList<>();
    clock.schedulePeriodic("out", Phase.OUTPUTS, 1.0, 0, () -> log.add(clock.now() + ":out"));
    clock.schedulePeriodic("scan", Phase.SCAN, 1.0, 0, () -> log.add(clock.now() + ":scan"));
    clock.schedulePeriodic(
        "process", Phase.PROCESS, 1.0, 0, () -> log.add(clock.now() + ":process"));
    clock.schedulePeriodic("scan2", Phase.SCAN, 1.0, 0, () -> log.add(clock.now() + ":scan2"));
    clock.runUntil(1.0);
    assertThat(log)
        .containsExactly(
            "0.0:process",
            "0.0:scan",
            "0.0:scan2",
            "0.0:out",
            "1.0:process",
            "1.0:scan",
            "1.0:scan2",
            "1.0:out");
    assertThat(clock.now()).isEqualTo(1.0);
  }

  @Test
  void periodicTasksDoNotDriftOverManyPeriods() {
    LabClock clock = new LabClock(1, Speed.MAX);
    AtomicInteger n = new AtomicInteger();
    clock.schedulePeriodic("tick", Phase.SCAN, 0.1, 0, n::incrementAndGet);
    clock.runUntil(3600);
    // 0, 0.1, ..., 3600.0: exactly 36001 executions because time is kept in integer nanoseconds.
    assertThat(n.get()).isEqualTo(36_001);
  }

  @Test
  void oneShotRunsOnceAndCancelledTaskNever() {
    LabClock clock = new LabClock(1, Speed.MAX);
    AtomicInteger once = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();
    clock.scheduleAt("once", Phase.OUTPUTS, 5, once::incrementAndGet);
    ClockTask c =
        clock.schedulePeriodic("periodic", Phase.OUTPUTS, 1, 0, cancelled::incrementAndGet);
    clock.scheduleAt("cancel", Phase.PROCESS, 2.5, c::cancel);
    clock.runUntil(10);
    assertThat(once.get()).isEqualTo(1);
    assertThat(cancelled.get()).isEqualTo(3); // at 0, 1 and 2
  }

  @Test
  void runContinuesWhereItStopped() {
    LabClock clock = new LabClock(1, Speed.MAX);
    AtomicInteger n = new AtomicInteger();
    clock.schedulePeriodic("tick", Phase.SCAN, 1, 0, n::incrementAndGet);
    clock.runUntil(5);
    clock.runUntil(10);
    assertThat(n.get()).isEqualTo(11);
    assertThat(clock.now()).isEqualTo(10.0);
  }

  @Test
  void stopEndsTheRunFromATask() {
    LabClock clock = new LabClock(1, Speed.MAX);
    clock.scheduleAt("stop", Phase.OUTPUTS, 3, clock::stop);
    assertThat(clock.runUntil(100)).isFalse();
    assertThat(clock.now()).isEqualTo(3.0);
  }

  @Test
  void stopFromAnotherThreadEndsARealTimeRun() throws Exception {
    LabClock clock = new LabClock(1, Speed.REAL_TIME);
    Thread t = new Thread(() -> clock.runUntil(86_400));
    t.start();
    clock.stop();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(clock.now()).isLessThan(86_400);
  }

  @Test
  void finiteSpeedStillReachesTheEnd() {
    LabClock clock = new LabClock(1, new Speed(1000));
    AtomicInteger n = new AtomicInteger();
    clock.schedulePeriodic("tick", Phase.SCAN, 0.1, 0, n::incrementAndGet);
    assertThat(clock.runUntil(1.0)).isTrue();
    assertThat(n.get()).isEqualTo(11);
  }

  @Test
  void failingTaskIsReportedWithItsName() {
    LabClock clock = new LabClock(1, Speed.MAX);
    clock.scheduleAt(
        "broken",
        Phase.SCAN,
        1,
        () -> {
          throw new IllegalStateException("boom");
        });
    assertThatThrownBy(() -> clock.runUntil(2))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("broken")
        .hasMessageContaining("boom");
  }

  @Test
  void randomStreamsDependOnSeedAndNameOnly() {
    LabClock a = new LabClock(42, Speed.MAX);
    LabClock b = new LabClock(42, Speed.MAX);
    LabClock c = new LabClock(43, Speed.MAX);
    assertThat(a.random("noise").nextLong()).isEqualTo(b.random("noise").nextLong());
    assertThat(a.random("noise").nextLong()).isNotEqualTo(a.random("demand").nextLong());
    assertThat(a.random("noise").nextLong()).isNotEqualTo(c.random("noise").nextLong());
  }

  @Test
  void rejectsBadPeriodsAndTimes() {
    LabClock clock = new LabClock(1, Speed.MAX);
    assertThatThrownBy(() -> clock.schedulePeriodic("x", Phase.SCAN, 0, 0, () -> {}))
        .isInstanceOf(OtlabException.class)
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("CLOCK_PERIOD_INVALID");
    assertThatThrownBy(() -> clock.scheduleAt("x", Phase.SCAN, Double.NaN, () -> {}))
        .isInstanceOf(OtlabException.class);
  }

  @Test
  void parsesSpeeds() {
    assertThat(Speed.parse("1")).isEqualTo(Speed.REAL_TIME);
    assertThat(Speed.parse("10x").factor()).isEqualTo(10.0);
    assertThat(Speed.parse("MAX").isMax()).isTrue();
    assertThat(Speed.parse("0.5").toString()).isEqualTo("0.5x");
    for (String bad : new String[] {"0", "-1", "fast", "NaN", "Infinity", ""}) {
      assertThatThrownBy(() -> Speed.parse(bad)).as(bad).isInstanceOf(OtlabException.class);
    }
  }

  @Test
  void aPausedClockRunsNothingAndStandsStillUntilResumed() throws Exception {
    LabClock clock = new LabClock(1, Speed.MAX);
    List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    clock.scheduleAt(
        "pause",
        Phase.OUTPUTS,
        1,
        () -> {
          ran.add("pause@" + clock.now());
          clock.pause();
        });
    clock.scheduleAt("later", Phase.OUTPUTS, 2, () -> ran.add("later@" + clock.now()));
    Thread runner = new Thread(() -> clock.runUntil(5), "clock-under-test");
    runner.start();
    // Parked on the pause: waiting, with the next task not run and time where it was.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> runner.getState() == Thread.State.TIMED_WAITING);
    assertThat(clock.isPaused()).isTrue();
    assertThat(ran).containsExactly("pause@1.0");
    assertThat(clock.now()).isEqualTo(1.0);
    clock.resume();
    runner.join(30_000);
    assertThat(runner.isAlive()).isFalse();
    assertThat(ran).containsExactly("pause@1.0", "later@2.0");
    assertThat(clock.now()).isEqualTo(5.0);
    assertThat(clock.isPaused()).isFalse();
  }

  @Test
  void pausingBeforeTheRunLeavesTimeAtZeroAndStopEndsAPausedRun() throws Exception {
    LabClock clock = new LabClock(1, Speed.REAL_TIME);
    AtomicInteger ran = new AtomicInteger();
    clock.scheduleAt("first", Phase.OUTPUTS, 0.5, ran::incrementAndGet);
    clock.pause();
    assertThat(clock.now()).isZero();
    Thread runner = new Thread(() -> clock.runUntil(3600), "clock-under-test");
    runner.start();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> runner.getState() == Thread.State.TIMED_WAITING);
    clock.stop();
    runner.join(30_000);
    assertThat(runner.isAlive()).isFalse();
    assertThat(ran.get()).isZero();
    assertThat(clock.now()).isZero();
  }
}
