package dev.otlab.bench;

import dev.otlab.lab.RunTrace;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.Evaluator;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;

/**
 * The bare plant and a benign run of it, measured one right after the other in one JVM, so the
 * machine's load of the moment weighs on both alike and their ratio holds still.
 */
final class PlantSpeed {

  private PlantSpeed() {}

  /**
   * The plant alone (physics, PLC scans, SIS) at {@link Speed#MAX}: simulated seconds per wall
   * second of its clock, without servers, relays or operations.
   */
  static double bare(PlantSpec spec, long seed, double seconds) {
    LabClock clock = new LabClock(seed, Speed.MAX);
    Plant plant = Plant.create(spec, clock);
    plant.schedule();
    long t0 = System.nanoTime();
    clock.runUntil(seconds);
    return seconds / ((System.nanoTime() - t0) / 1e9);
  }

  /**
   * One benign run as an evaluation plays its twin: every benign operation through the
   * architecture's relays, no attack; timed from start to trace, lab start and stop included.
   */
  record Run(RunTrace trace, double wallSeconds) {
    double speed() {
      return trace.playedSeconds() / wallSeconds;
    }
  }

  static Run benign(ScenarioSpec like, ArchitectureSpec arch, long seed, double seconds, Path pki) {
    ScenarioSpec twin = Evaluator.twin(like, seconds);
    long t0 = System.nanoTime();
    RunTrace t =
        new ScenarioRun(twin, arch, new ScenarioRun.Options(seed, Speed.MAX, pki, s -> {})).run();
    return new Run(t, (System.nanoTime() - t0) / 1e9);
  }
}
