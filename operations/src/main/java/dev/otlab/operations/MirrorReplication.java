package dev.otlab.operations;

import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.fabric.ServiceAccess;
import dev.otlab.simulator.clock.ClockTask;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The plant historian pushing to its mirrors: every minute each collecting historian opens an HTTP
 * session to every other historian that offers HTTP in a higher zone (the DMZ mirror office users
 * read), through the relays, as the replication of a real site does. Its first push falls in the
 * first half minute, inside the detection baseline's training, so the flow is learned as benign.
 * The session names the account the historian keeps for the mirror, if the architecture declares
 * one.
 */
final class MirrorReplication {

  /** Seconds between pushes. */
  static final double PERIOD_SECONDS = 60;

  private final ArchitectureSpec architecture;
  private final LabClock clock;
  private final RemoteSessions sessions;

  MirrorReplication(
      ArchitectureSpec architecture,
      ServiceAccess fabric,
      LabClock clock,
      Consumer<OperationRecord> sink,
      OperationsOptions options) {
    this.architecture = architecture;
    this.clock = clock;
    this.sessions = new RemoteSessions(fabric, clock, sink, options);
  }

  /**
   * Schedules the pushes of {@code historian} to the mirrors above it ({@code level} gives a host's
   * Purdue level: the mirror's must be higher), into {@code tasks}.
   */
  void schedule(
      HostSpec historian,
      List<HostSpec> historians,
      java.util.function.ToDoubleFunction<HostSpec> level,
      double now,
      List<ClockTask> tasks) {
    for (HostSpec mirror : historians) {
      if (mirror.id().equals(historian.id())
          || !mirror.posture().remoteServices().contains(RemoteService.HTTP)
          || level.applyAsDouble(mirror) <= level.applyAsDouble(historian)) {
        continue;
      }
      SplittableRandom r = clock.random("benign:mirror:" + historian.id() + ">" + mirror.id());
      tasks.add(
          clock.schedulePeriodic(
              "benign:"
                  + OperationRecord.MIRROR_REPLICATION
                  + ":"
                  + historian.id()
                  + ">"
                  + mirror.id(),
              Phase.OUTPUTS,
              PERIOD_SECONDS,
              now + r.nextDouble() * PERIOD_SECONDS / 2,
              () -> push(historian, mirror)));
    }
  }

  private void push(HostSpec historian, HostSpec mirror) {
    String user = "";
    for (AccountSpec a : architecture.accountsFor(mirror.id(), Protocol.HTTP)) {
      if (a.keptOn(historian.id())) {
        user = a.user();
        break;
      }
    }
    sessions.open(
        historian,
        mirror,
        RemoteService.HTTP,
        user,
        OperationRecord.MIRROR_REPLICATION,
        "pushed the last minute's values to the mirror");
  }
}
