package dev.otlab.containers;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.operations.BenignOperations;
import dev.otlab.operations.OperationRecord;
import dev.otlab.operations.OperationsOptions;
import dev.otlab.simulator.clock.ClockTask;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An operations host in its own container (an HMI, a historian, an engineering workstation, an IIoT
 * gateway or a cloud application): the embedded lab's benign operations of this host alone,
 * reaching the controllers and the broker through the gateway containers ({@link ContainerAccess}).
 * An IIoT gateway and the cloud hosts talk to each other only through the broker's container, as
 * their operations do embedded. It reports a line when an operation's outcome changes (the first
 * failure, the recovery) and a summary every minute of lab time, so its log shows what the
 * segmentation let through without one line per poll.
 */
public final class OperationsNode implements Lifecycle {

  /** Host roles that run benign operations. */
  public static final Set<HostRole> ROLES =
      Set.of(
          HostRole.HMI,
          HostRole.HISTORIAN,
          HostRole.ENGINEERING_WS,
          HostRole.IIOT_GATEWAY,
          HostRole.CLOUD);

  /** Whether a node role (as {@code --role} names it) runs benign operations. */
  public static boolean runs(String role) {
    return ROLES.stream().anyMatch(r -> Names.yaml(r).equals(role));
  }

  private static final double SUMMARY_SECONDS = 60;

  private final HostSpec host;
  private final LabClock clock;
  private final Consumer<String> out;
  private final BenignOperations operations;
  private final Map<String, OperationRecord.Outcome.Kind> last = new ConcurrentHashMap<>();
  private final Map<String, long[]> counts = new TreeMap<>();
  private @Nullable ClockTask summary;

  /**
   * @param pki where this host's OPC UA client certificate is kept
   * @param out where report lines go
   */
  public OperationsNode(
      ContainerPlan plan,
      PlantSpec plant,
      String hostId,
      LabClock clock,
      Path pki,
      Consumer<String> out) {
    ArchitectureSpec architecture = plan.architecture();
    this.host = NodeHosts.host(architecture, hostId);
    if (!ROLES.contains(host.role())) {
      throw new OtlabException(
          "NODE_ROLE_MISMATCH",
          "Host '" + hostId + "' is a " + Names.yaml(host.role()) + ", which runs no operations.",
          "Start an operations node for one of "
              + architecture.hosts().stream()
                  .filter(h -> ROLES.contains(h.role()))
                  .map(HostSpec::id)
                  .toList()
              + ".");
    }
    this.clock = clock;
    this.out = out;
    this.operations =
        new BenignOperations(
            architecture,
            plant,
            new ContainerAccess(plan),
            clock,
            this::record,
            OperationsOptions.defaults(pki).withPatience(OperationsOptions.CONTAINER_PATIENCE),
            hostId::equals);
  }

  @Override
  public synchronized void start() {
    operations.start();
    summary =
        clock.schedulePeriodic(
            "node:summary:" + host.id(),
            Phase.OUTPUTS,
            SUMMARY_SECONDS,
            clock.now() + SUMMARY_SECONDS,
            this::summarise);
  }

  private void record(OperationRecord r) {
    String key =
        r.operation() + " " + r.target() + " " + r.protocol().name().toLowerCase(Locale.ROOT);
    OperationRecord.Outcome.Kind kind = r.outcome().kind();
    synchronized (counts) {
      counts.computeIfAbsent(r.operation(), k -> new long[3])[kind.ordinal()]++;
    }
    OperationRecord.Outcome.Kind before = last.put(key, kind);
    if (before != kind && (before != null || kind != OperationRecord.Outcome.Kind.OK)) {
      out.accept(
          String.format(
              Locale.ROOT,
              "OPERATION t=%.1f %s %s %s: %s",
              r.time(),
              host.id(),
              key,
              kind,
              r.detail()));
    }
  }

  private void summarise() {
    StringBuilder b =
        new StringBuilder(
            String.format(Locale.ROOT, "OPERATIONS t=%.0f %s", clock.now(), host.id()));
    synchronized (counts) {
      for (Map.Entry<String, long[]> e : counts.entrySet()) {
        long[] c = e.getValue();
        b.append(
            String.format(
                Locale.ROOT, " %s ok=%d denied=%d failed=%d", e.getKey(), c[0], c[1], c[2]));
      }
    }
    out.accept(b.toString());
  }

  /** Outcome counts by operation so far: OK, DENIED, FAILED. */
  public Map<String, long[]> counts() {
    synchronized (counts) {
      Map<String, long[]> copy = new TreeMap<>();
      counts.forEach((k, v) -> copy.put(k, v.clone()));
      return copy;
    }
  }

  @Override
  public synchronized void stop() {
    if (summary != null) {
      summary.cancel();
      summary = null;
    }
    operations.stop();
  }
}
