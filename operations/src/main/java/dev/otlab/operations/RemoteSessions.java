package dev.otlab.operations;

import dev.otlab.core.OtlabException;
import dev.otlab.network.HostSpec;
import dev.otlab.network.RemoteService;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.ServiceAccess;
import dev.otlab.network.remote.RemoteSessionClient;
import dev.otlab.simulator.clock.LabClock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A benign remote-access session (a vendor's RDP, the historian's HTTP push to its mirror) opened
 * through the relays and recorded as an operation: OK when the server answered the opening, DENIED
 * when the route refused it, FAILED otherwise. Shared by the benign operations that open them.
 */
final class RemoteSessions {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final ServiceAccess fabric;
  private final LabClock clock;
  private final Consumer<OperationRecord> sink;

  RemoteSessions(ServiceAccess fabric, LabClock clock, Consumer<OperationRecord> sink) {
    this.fabric = fabric;
    this.clock = clock;
    this.sink = sink;
  }

  /**
   * Opens a session of {@code service} from {@code from} to {@code to} as {@code user} and records
   * it as {@code operation}, with {@code done} as the detail when it opened.
   *
   * @return whether the server answered the opening
   */
  boolean open(
      HostSpec from,
      HostSpec to,
      RemoteService service,
      String user,
      String operation,
      String done) {
    Access access;
    try {
      access = fabric.access(from.id(), to.id(), service.protocol());
    } catch (OtlabException e) {
      emit(
          from,
          to,
          service,
          operation,
          e.getMessage(),
          new OperationRecord.Outcome.Failed(e.getMessage()));
      return false;
    }
    if (access instanceof Access.Unreachable u) {
      emit(
          from,
          to,
          service,
          operation,
          u.reason(),
          new OperationRecord.Outcome.Denied("(none)", null, u.reason()));
      return false;
    }
    RemoteSessionClient.Result result =
        RemoteSessionClient.open(
            access.address(),
            access.port(),
            service,
            user,
            to.id(),
            // Seeded by who connects where and why, so the run's own randomness is not drawn.
            new SplittableRandom((from.id() + ">" + to.id() + ":" + operation).hashCode()),
            TIMEOUT);
    if (result instanceof RemoteSessionClient.Result.Refused refused) {
      emit(
          from,
          to,
          service,
          operation,
          operation + " refused: " + refused.reason(),
          access instanceof Access.Relayed r
              ? new OperationRecord.Outcome.Denied(
                  String.join(">", r.conduits()), null, refused.reason())
              : new OperationRecord.Outcome.Failed(refused.reason()));
      return false;
    }
    emit(from, to, service, operation, done, new OperationRecord.Outcome.Ok());
    return true;
  }

  /**
   * A session whose log-in is refused because a defender disabled its account: recorded as denied
   * (conduit {@code account:<id>}, the refusing rule being the account's state), with no traffic.
   */
  void refused(
      HostSpec from,
      HostSpec to,
      RemoteService service,
      String operation,
      String account,
      String reason) {
    emit(
        from,
        to,
        service,
        operation,
        "log-in refused: " + reason,
        new OperationRecord.Outcome.Denied("account:" + account, null, reason));
  }

  private void emit(
      HostSpec from,
      HostSpec to,
      RemoteService service,
      String operation,
      String detail,
      OperationRecord.Outcome outcome) {
    sink.accept(
        new OperationRecord(
            clock.now(),
            from.id(),
            to.id(),
            service.protocol(),
            operation,
            detail,
            outcome,
            Map.of()));
  }
}
