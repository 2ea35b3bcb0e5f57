package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.clock.Speed;

/**
 * The lab clock of one node in a lab spread over containers. Every node gets the same start instant
 * (wall clock, epoch milliseconds) and speed factor; a node that starts late catches up by running
 * its clock at full speed to where the others already are, then continues at the shared speed, so
 * all nodes agree on simulated time to within a few milliseconds of wall time.
 *
 * @param startEpochMillis the shared start instant
 * @param speed the shared speed factor (finite: the nodes must stay in step)
 * @param seed the shared seed
 */
public record SharedStart(long startEpochMillis, Speed speed, long seed) {

  public SharedStart {
    if (speed.isMax()) {
      throw new OtlabException(
          "SPEED_INVALID",
          "A lab spread over containers cannot run at --speed max.",
          "Give a finite factor such as 1 or 10: the nodes must stay in step.");
    }
    if (startEpochMillis <= 0) {
      throw new OtlabException(
          "START_INVALID",
          "Start instant " + startEpochMillis + " is not an epoch time in milliseconds.",
          "Pass the same --start (e.g. the output of `date +%s%3N`) to every node.");
    }
  }

  /** Simulated seconds at wall instant {@code epochMillis}; negative before the start. */
  public double simulatedAt(long epochMillis) {
    return (epochMillis - startEpochMillis) / 1000.0 * speed.factor();
  }

  /**
   * A clock for this node. Where the shared start has passed, it first runs at full speed up to the
   * simulated time the other nodes reached when this node was created, then switches to the shared
   * speed; where the start lies ahead, the clock runs idle at the shared speed until then, so
   * nothing scheduled from 0 runs before the shared start.
   *
   * @param epochMillisNow wall time now (passed in so tests can pin it)
   * @return the clock and the simulated instant the node joins at
   */
  public Joined join(long epochMillisNow) {
    double behind = simulatedAt(epochMillisNow);
    if (behind <= 0) {
      return new Joined(new LabClock(seed, speed), 0, -behind / speed.factor());
    }
    LabClock clock = new LabClock(seed, Speed.MAX);
    clock.scheduleAt("join", Phase.PROCESS, behind, () -> clock.setSpeed(speed));
    return new Joined(clock, behind, 0);
  }

  /**
   * A node's clock.
   *
   * @param clock the clock; tasks are scheduled from 0 as in the embedded lab
   * @param joinedAt simulated time at which the node caught up with the others
   * @param waitSeconds wall seconds until the shared start (0 when it has passed)
   */
  public record Joined(LabClock clock, double joinedAt, double waitSeconds) {}
}
