package dev.otlab.attacks;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * An attack context with no lab behind it, for tests of what a technique decides before it sends
 * anything: parameter checks, log-in decisions. It moves nobody, has no clock (time 0) and fixed
 * randomness; what it was not given (a plant, an address) fails the test when asked for. The
 * sockets-and-servers side of the contract is {@link TestContext}.
 */
public final class OfflineContext implements AttackContext {

  private final String current;
  private final ArchitectureSpec architecture;
  private final @Nullable PlantSpec plant;
  private final @Nullable Access handedOut;
  private final Map<String, String> credentials;
  private final boolean live;
  private int accessCalls;
  // What a defender took away: account id to the refusal of a held copy, and of a guess.
  private final Map<String, String> staleCopies = new java.util.HashMap<>();
  private final Map<String, String> noGuess = new java.util.HashMap<>();

  private OfflineContext(
      String current,
      ArchitectureSpec architecture,
      @Nullable PlantSpec plant,
      @Nullable Access handedOut,
      Map<String, String> credentials,
      boolean live) {
    this.current = current;
    this.architecture = architecture;
    this.plant = plant;
    this.handedOut = handedOut;
    this.credentials = credentials;
    this.live = live;
  }

  /**
   * On {@code eng} of the {@link TestLab}'s architecture, the network handing out {@code address}.
   */
  static OfflineContext onTestLab(Access address) {
    TestLab lab = new TestLab(Path.of("unused"));
    return new OfflineContext("eng", lab.architecture, lab.plant, address, Map.of(), false);
  }

  /**
   * A log-in decision's inputs only: on {@code current} of {@code architecture}, holding {@code
   * credentials} (account id to how it was obtained), and whether every session asked about is
   * live.
   */
  public static OfflineContext deciding(
      String current,
      ArchitectureSpec architecture,
      Map<String, String> credentials,
      boolean live) {
    return new OfflineContext(current, architecture, null, null, credentials, live);
  }

  /**
   * This context with account {@code accountId} changed by a defender: a held copy refused with
   * {@code reason}, and a guess too when {@code guessToo}.
   */
  public OfflineContext responded(String accountId, String reason, boolean guessToo) {
    staleCopies.put(accountId, reason);
    if (guessToo) {
      noGuess.put(accountId, reason);
    }
    return this;
  }

  @Override
  public Optional<String> accountRefusal(String accountId, boolean guessing) {
    return Optional.ofNullable((guessing ? noGuess : staleCopies).get(accountId));
  }

  /** How often a technique asked for an address. */
  public int accessCalls() {
    return accessCalls;
  }

  @Override
  public String currentHost() {
    return current;
  }

  @Override
  public void moveTo(String host) {
    throw new AssertionError("no pivot expected");
  }

  @Override
  public ArchitectureSpec architecture() {
    return architecture;
  }

  @Override
  public PlantSpec plant() {
    if (plant == null) {
      throw new AssertionError("no plant expected");
    }
    return plant;
  }

  @Override
  public Access access(String destinationHost, Protocol protocol) {
    accessCalls++;
    if (handedOut == null) {
      throw new AssertionError("nothing to send expected");
    }
    return handedOut;
  }

  @Override
  public Access access(String destinationHost, Protocol protocol, int port) {
    return access(destinationHost, protocol);
  }

  @Override
  public Optional<ConduitDecision.Denied> lastDenial(String destinationHost) {
    return Optional.empty();
  }

  @Override
  public double now() {
    return 0;
  }

  @Override
  public SplittableRandom random() {
    return new SplittableRandom(1);
  }

  @Override
  public Path pkiDir() {
    return Path.of("unused");
  }

  @Override
  public Duration ioTimeout() {
    return Duration.ofSeconds(1);
  }

  @Override
  public Map<String, String> credentials() {
    return credentials;
  }

  @Override
  public boolean liveSession(String host, Protocol protocol) {
    return live;
  }
}
