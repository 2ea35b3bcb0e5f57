package dev.otlab.scenarios.node;

import dev.otlab.scenarios.lab.Wiring;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.network.ArchitectureSpec;
import dev.otlab.simulator.network.fabric.LabNetwork;
import dev.otlab.simulator.network.fabric.ServiceEndpoint;
import dev.otlab.simulator.network.relay.DecisionListener;
import dev.otlab.simulator.network.relay.TapListener;
import dev.otlab.simulator.plant.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run's lab spread over the container lab: the runner is the process node (the plant and every
 * controller, on the ports the {@link ProcessFront}s forward to), and the network is the gateways
 * and host agents ({@link AgentNetwork}).
 */
public final class ContainerWiring implements Wiring {

  @Override
  public ServerOptions servers(Map<String, String> users, Path pki) {
    return new ServerOptions(
        "0.0.0.0", ProcessFront.MODBUS_BASE, ProcessFront.OPCUA_BASE, users, pki);
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
