package dev.otlab.attacks;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.DecisionListener;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The orchestrator's side of the contract, over a {@link TestLab}'s real network fabric. */
final class TestContext implements AttackContext {

  /** Records the latest denial per source and destination host, as the orchestrator does. */
  static final class Denials implements DecisionListener {
    final Map<String, ConduitDecision.Denied> latest = new ConcurrentHashMap<>();

    @Override
    public void onDecision(RelayDecision d) {
      if (d.decision() instanceof ConduitDecision.Denied denied) {
        latest.put(d.sourceHost() + ">" + d.destinationHost(), denied);
      }
    }
  }

  private final TestLab lab;
  private String current;
  final AtomicInteger accessCalls = new AtomicInteger();

  TestContext(TestLab lab, String current) {
    this.lab = lab;
    this.current = current;
  }

  @Override
  public String currentHost() {
    return current;
  }

  @Override
  public void moveTo(String host) {
    current = host;
  }

  @Override
  public ArchitectureSpec architecture() {
    return lab.architecture;
  }

  @Override
  public PlantSpec plant() {
    return lab.plant;
  }

  @Override
  public Access access(String destinationHost, Protocol protocol) {
    accessCalls.incrementAndGet();
    return lab.fabric.access(current, destinationHost, protocol);
  }

  @Override
  public Access access(String destinationHost, Protocol protocol, int port) {
    accessCalls.incrementAndGet();
    return lab.fabric.access(current, destinationHost, protocol, port);
  }

  @Override
  public Optional<ConduitDecision.Denied> lastDenial(String destinationHost) {
    return Optional.ofNullable(lab.denials.latest.get(current + ">" + destinationHost));
  }

  @Override
  public double now() {
    return 0;
  }

  /** The lab-time delays steps asked {@link #later} to wait, in order. */
  final List<Double> delays = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** This context has no clock: it records the delay and runs the task at once. */
  @Override
  public void later(String what, double delaySeconds, Runnable task) {
    delays.add(delaySeconds);
    task.run();
  }

  @Override
  public SplittableRandom random() {
    return new SplittableRandom(7);
  }

  @Override
  public Path pkiDir() {
    return lab.pki().resolve("client");
  }

  @Override
  public Duration ioTimeout() {
    return Duration.ofSeconds(3);
  }
}
