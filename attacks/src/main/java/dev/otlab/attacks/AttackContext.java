package dev.otlab.attacks;

import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.Interception;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
   * @throws dev.otlab.core.OtlabException {@code SERVICE_UNKNOWN} when the host runs no such server
   *     in this lab, {@code HOST_UNKNOWN} for a host outside the architecture
   */
  Access access(String destinationHost, Protocol protocol);

  /**
   * Where the current host connects to reach the service of {@code protocol} that {@code
   * destinationHost} offers on {@code port} (a host may offer one service on several ports).
   *
   * @throws dev.otlab.core.OtlabException {@code SERVICE_UNKNOWN} when the host runs no such server
   *     on that port in this lab
   */
  Access access(String destinationHost, Protocol protocol, int port);

  /**
   * The most recent denial a conduit (or the no-path blackhole) recorded for traffic from the
   * current host to {@code destinationHost}. Techniques compare the instance before and after they
   * send, so implementations must return the stored record itself, not a copy.
   */
  Optional<ConduitDecision.Denied> lastDenial(String destinationHost);

  /** Lab clock seconds. */
  double now();

  /**
   * Runs {@code task} {@code delaySeconds} of lab time from now, on the lab's clock, as part of the
   * running step (its traffic is the step's): how a technique paces what it does over lab time (an
   * operator's keystrokes), since a step itself runs at one instant. A context without a lab clock
   * runs it at once.
   *
   * @param what names the task in the clock's schedule
   */
  default void later(String what, double delaySeconds, Runnable task) {
    task.run();
  }

  /** The run's seeded randomness. */
  SplittableRandom random();

  /** Where OPC UA clients keep their application certificates. */
  Path pkiDir();

  /** Timeout for every connect and request. */
  Duration ioTimeout();

  /**
   * Takes (or finds) an adversary-in-the-middle position on {@code clientHost}'s Modbus route to
   * {@code serverHost}. Placing it is modelled (the technique has judged that the current host can
   * stand there); everything the position does afterwards is real traffic on the client's route.
   *
   * @throws dev.otlab.core.OtlabException {@code AITM_NO_ROUTE} when the client cannot reach the
   *     server, {@code AITM_UNSUPPORTED} when this context cannot intercept
   */
  default Interception intercept(String clientHost, String serverHost) {
    throw new OtlabException(
        "AITM_UNSUPPORTED",
        "This attack context cannot place an adversary-in-the-middle.",
        "Run the step in a full scenario run.");
  }

  /** The position on {@code clientHost}'s Modbus route to {@code serverHost}, if one is taken. */
  default Optional<Interception> interception(String clientHost, String serverHost) {
    return Optional.empty();
  }

  /**
   * The most recent conduit denial of traffic from {@code sourceHost} (not necessarily the
   * attacker's host: a position sends as its client) to {@code destinationHost}; same instance
   * rules as {@link #lastDenial(String)}.
   */
  default Optional<ConduitDecision.Denied> lastDenial(String sourceHost, String destinationHost) {
    return sourceHost.equals(currentHost()) ? lastDenial(destinationHost) : Optional.empty();
  }

  /**
   * The accounts the attacker holds, by account id, each with how it came by it ({@code phished},
   * {@code harvested on eng-ws}). One wallet for the whole attacker: an account taken from one
   * foothold serves every other.
   */
  default Map<String, String> credentials() {
    return Map.of();
  }

  /**
   * Adds an account to the attacker's wallet (keeps the first way it was obtained, unless the
   * password changed since: then the copy obtained now replaces the stale one).
   *
   * @throws OtlabException {@code CREDENTIALS_UNSUPPORTED} when this context keeps no wallet
   */
  default void obtain(String accountId, String how) {
    throw new OtlabException(
        "CREDENTIALS_UNSUPPORTED",
        "This attack context keeps no credentials.",
        "Run the step in a full scenario run.");
  }

  /**
   * Why account {@code accountId} does not log in now although its password is known, or empty when
   * it does: a defender disabled it, or reset its password after the attacker's copy was obtained
   * ({@code guessing} false: the held copy), or to a strong one ({@code guessing} true: no longer
   * guessable). A harvest after a reset obtains the new password ({@link #obtain}).
   */
  default Optional<String> accountRefusal(String accountId, boolean guessing) {
    return Optional.empty();
  }

  /**
   * Whether a legitimate session of {@code protocol} to {@code host} is live now, one a hijack can
   * take over past a second factor (a vendor's remote session in its maintenance window).
   */
  default boolean liveSession(String host, Protocol protocol) {
    return false;
  }

  /**
   * The running step's id: the owner the network records on traffic a step injects or falsifies
   * from a position, which the lab turns back into ground truth.
   */
  default String stepLabel() {
    return "attack";
  }
}
