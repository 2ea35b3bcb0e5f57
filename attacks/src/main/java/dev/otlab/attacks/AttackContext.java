package dev.otlab.attacks;

import dev.otlab.simulator.network.ArchitectureSpec;
import dev.otlab.simulator.network.Protocol;
import dev.otlab.simulator.network.fabric.Access;
import dev.otlab.simulator.network.relay.ConduitDecision;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What a technique may know and do, implemented by the orchestrator over the running lab. The only
 * way to an address is {@link #access}: techniques never take addresses from parameters.
 */
public interface AttackContext {

  /** Host id the attacker currently acts from. */
  String currentHost();

  /** Moves the attacker to {@code host} (a pivot). */
  void moveTo(String host);

  ArchitectureSpec architecture();

  PlantSpec plant();

  /**
   * Where the current host connects to reach {@code protocol} on {@code destinationHost}.
   *
   * @throws dev.otlab.simulator.core.OtlabException {@code SERVICE_UNKNOWN} when the host runs no
   *     such server in this lab, {@code HOST_UNKNOWN} for a host outside the architecture
   */
  Access access(String destinationHost, Protocol protocol);

  /**
   * The most recent denial a conduit (or the no-path blackhole) recorded for traffic from the
   * current host to {@code destinationHost}. Techniques compare the instance before and after they
   * send, so implementations must return the stored record itself, not a copy.
   */
  Optional<ConduitDecision.Denied> lastDenial(String destinationHost);

  /** Lab clock seconds. */
  double now();

  /** The run's seeded randomness. */
  SplittableRandom random();

  /** Where OPC UA clients keep their application certificates. */
  Path pkiDir();

  /** Timeout for every connect and request. */
  Duration ioTimeout();
}
