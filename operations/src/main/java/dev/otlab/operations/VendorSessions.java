package dev.otlab.operations;

import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.fabric.ServiceAccess;
import dev.otlab.simulator.clock.ClockTask;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Remote vendor sessions in the maintenance window: each vendor remote-access host opens RDP to the
 * jump host when the window opens, and a few seconds later the jump host opens RDP on to the
 * engineering workstation, as an integrator does to reach the project. Both are real sessions
 * through the relays ({@link RemoteSessionClient}), so sensors see them and the baseline can learn
 * them; each hop logs in as the architecture's account for it (the one the vendor's laptop, then
 * the jump host, keeps), and without such accounts no vendor session runs. A session that opened
 * stays live until the window closes: that is the session a hijack (T0886 with {@code hijack:
 * true}) takes over past a second factor.
 */
final class VendorSessions {

  /** Seconds between the vendor's log-in on the jump host and its hop to the workstation. */
  static final double HOP_SECONDS = 5;

  private final ArchitectureSpec architecture;
  private final LabClock clock;
  private final RemoteSessions sessions;
  private final Predicate<String> actors;
  // Live sessions: "host>PROTOCOL" to the lab second the session ends.
  private final Map<String, Double> live = new ConcurrentHashMap<>();
  private final List<ClockTask> tasks = new ArrayList<>();
  private volatile AccountGate gate = AccountGate.OPEN;

  VendorSessions(
      ArchitectureSpec architecture,
      ServiceAccess fabric,
      LabClock clock,
      Consumer<OperationRecord> sink,
      Predicate<String> actors) {
    this.architecture = architecture;
    this.clock = clock;
    this.sessions = new RemoteSessions(fabric, clock, sink);
    this.actors = actors;
  }

  /**
   * Schedules the window's sessions: for each vendor host that keeps an account the jump host
   * accepts over RDP, that session, and on from the jump host to the engineering workstation whose
   * RDP account the jump host keeps. An architecture declares its vendor's way in by those
   * accounts; without them no vendor session runs.
   */
  synchronized void schedule(double now, double start, double end) {
    if (end <= now) {
      return;
    }
    for (HostSpec vendor : architecture.hosts()) {
      if (vendor.role() != HostRole.VENDOR_REMOTE || !actors.test(vendor.id())) {
        continue;
      }
      Optional<Hop> first = hop(vendor, HostRole.JUMP_HOST);
      if (first.isEmpty()) {
        continue;
      }
      Optional<Hop> second = hop(first.get().to(), HostRole.ENGINEERING_WS);
      SplittableRandom r = clock.random("benign:vendor-session:" + vendor.id());
      // Somewhere in the first minute of the window, as a technician starts once it opens.
      double at = Math.max(now, start) + r.nextDouble() * Math.min(60, (end - start) / 2);
      tasks.add(
          clock.scheduleAt(
              "benign:" + OperationRecord.VENDOR_SESSION + ":" + vendor.id(),
              Phase.OUTPUTS,
              at,
              () -> {
                if (open(vendor, first.get(), end) && second.isPresent()) {
                  hop(first.get().to(), second.get(), end);
                }
              }));
    }
  }

  /** Has every log-in consult {@code value} first (a defender disabling accounts). */
  void gate(AccountGate value) {
    gate = value;
  }

  /** One session of the chain: to a host, as an account's user. */
  private record Hop(HostSpec to, String account, String user) {}

  /** The RDP host of {@code role} that an account kept on or used at {@code from} opens. */
  private Optional<Hop> hop(HostSpec from, HostRole role) {
    for (HostSpec to : architecture.hosts()) {
      if (to.role() != role || !to.posture().remoteServices().contains(RemoteService.RDP)) {
        continue;
      }
      for (AccountSpec a : architecture.accountsFor(to.id(), Protocol.RDP)) {
        if (a.keptOn(from.id())) {
          return Optional.of(new Hop(to, a.id(), a.user()));
        }
      }
    }
    return Optional.empty();
  }

  private synchronized void hop(HostSpec from, Hop next, double end) {
    tasks.add(
        clock.scheduleAt(
            "benign:" + OperationRecord.VENDOR_SESSION + ":" + from.id(),
            Phase.OUTPUTS,
            Math.min(end, clock.now() + HOP_SECONDS),
            () -> open(from, next, end)));
  }

  /** Cancels what is still scheduled. */
  synchronized void stop() {
    tasks.forEach(ClockTask::cancel);
    tasks.clear();
  }

  /** Whether a vendor session of {@code protocol} to {@code host} is live now. */
  boolean live(String host, Protocol protocol) {
    Double until = live.get(host + ">" + protocol);
    return until != null && clock.now() < until;
  }

  private boolean open(HostSpec from, Hop hop, double end) {
    Optional<String> refused = gate.refusal(hop.account());
    if (refused.isPresent()) {
      sessions.refused(
          from,
          hop.to(),
          RemoteService.RDP,
          OperationRecord.VENDOR_SESSION,
          hop.account(),
          refused.get());
      return false;
    }
    boolean opened =
        sessions.open(
            from,
            hop.to(),
            RemoteService.RDP,
            hop.user(),
            OperationRecord.VENDOR_SESSION,
            "vendor RDP session as " + hop.user() + ", live until the window closes");
    if (opened) {
      live.put(hop.to().id() + ">" + Protocol.RDP, end);
    }
    return opened;
  }
}
