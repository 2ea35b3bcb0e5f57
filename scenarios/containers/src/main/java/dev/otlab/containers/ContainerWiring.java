package dev.otlab.containers;

import dev.otlab.core.OtlabException;
import dev.otlab.lab.Wiring;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.fabric.LabNetwork;
import dev.otlab.network.fabric.ServiceEndpoint;
import dev.otlab.network.relay.DecisionListener;
import dev.otlab.network.relay.TapListener;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.plant.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's lab spread over the container lab: this process is the process node (the plant and every
 * controller, on the ports the {@link ProcessFront}s forward to), and the network is the gateways
 * and host agents ({@link AgentNetwork}).
 */
public final class ContainerWiring implements Wiring {

  /** Techniques that need an adversary in the middle, which the container lab cannot place. */
  private static final Set<String> IN_THE_MIDDLE = Set.of("T0830", "T0856");

  private final String bindAddress;

  /**
   * @param bindAddress the process node's address on the process network: the controllers listen
   *     there only, so a foothold, which shares another network with the process node, cannot reach
   *     them around the gateways
   */
  public ContainerWiring(String bindAddress) {
    this.bindAddress = bindAddress;
  }

  /** Where the controllers listen. */
  public String bindAddress() {
    return bindAddress;
  }

  /**
   * Makes this JVM look names up again after a second. Containers come and go (a runner per run, a
   * restarted PLC), and their addresses with them: the JVM's 30-second name cache would keep
   * sending traffic to the old one. Docker's resolver is local, so asking it again costs next to
   * nothing.
   */
  public static void lookUpNamesOften() {
    java.security.Security.setProperty("networkaddress.cache.ttl", "1");
    java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
  }

  /** The process node's address on the process network, found from that network's subnet. */
  public static ContainerWiring onSubnet(String processSubnet) {
    return new ContainerWiring(ZoneAddresses.find(Map.of("process", processSubnet)).get("process"));
  }

  /**
   * Refuses, before anything starts, a scenario the container lab cannot play.
   *
   * @throws OtlabException {@code CONTAINER_AITM_UNSUPPORTED} naming the steps that need an
   *     adversary in the middle
   */
  public static void requirePlayable(ScenarioSpec scenario) {
    List<String> steps =
        scenario.steps().stream()
            .filter(s -> IN_THE_MIDDLE.contains(s.technique()))
            .map(s -> s.id() + " (" + s.technique() + ")")
            .toList();
    if (!steps.isEmpty()) {
      throw new OtlabException(
          "CONTAINER_AITM_UNSUPPORTED",
          "Scenario '"
              + scenario.id()
              + "' needs an adversary in the middle ("
              + String.join(", ", steps)
              + "), which the container lab cannot place yet.",
          "Play it on the embedded lab (otlab run, or lab \"embedded\" in the dashboard).");
    }
    List<String> attached =
        scenario.footholds().stream()
            .filter(ScenarioSpec.Foothold::attached)
            .map(ScenarioSpec.Foothold::id)
            .toList();
    if (!attached.isEmpty()) {
      throw new OtlabException(
          "CONTAINER_FOOTHOLD_UNSUPPORTED",
          "Scenario '"
              + scenario.id()
              + "' attaches "
              + String.join(", ", attached)
              + " for the run, and the container lab has a container only for the"
              + " architecture's own hosts.",
          "Play it on the embedded lab (otlab run, or lab \"embedded\" in the dashboard), or"
              + " start the scenario from a host of the architecture (at: role:...).");
    }
  }

  @Override
  public ServerOptions servers(Map<String, String> users, Path pki) {
    return new ServerOptions(
        bindAddress, ProcessFront.MODBUS_BASE, ProcessFront.OPCUA_BASE, users, pki);
  }

  @Override
  public double operationsPatience() {
    return dev.otlab.operations.OperationsOptions.CONTAINER_PATIENCE;
  }

  @Override
  public LabNetwork network(
      ArchitectureSpec architecture,
      List<ServiceEndpoint> endpoints,
      LabClock clock,
      DecisionListener decisions,
      TapListener tap) {
    return new AgentNetwork(
        new ContainerPlan(architecture), clock, decisions, tap, TapFeed.PORT, AgentServer.PORT);
  }
}
