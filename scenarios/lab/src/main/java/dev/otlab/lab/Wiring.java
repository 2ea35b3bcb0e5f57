package dev.otlab.lab;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.fabric.LabNetwork;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.fabric.ServiceEndpoint;
import dev.otlab.network.relay.DecisionListener;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.relay.TapListener;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.plant.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a lab's controllers listen and which network joins them to the hosts: everything on
 * loopback with the embedded fabric ({@link #EMBEDDED}), or the controllers on fixed ports for the
 * container lab's PLC containers to front, with the gateways and host agents in containers.
 */
public interface Wiring {

  /** Where the controllers' Modbus and OPC UA servers listen. */
  ServerOptions servers(Map<String, String> users, Path pki);

  /**
   * The address hosts' remote-access services (the SSH, RDP, ... their postures list) listen on, or
   * empty when this wiring runs none of them (the container lab: each host's own container serves
   * them).
   */
  default Optional<String> remoteServiceAddress() {
    return Optional.empty();
  }

  /**
   * The address the brokers of {@code mqtt-broker} hosts listen on, or empty when this wiring runs
   * none (the container lab runs its broker in the broker host's container).
   */
  default Optional<String> mqttBrokerAddress() {
    return Optional.empty();
  }

  /**
   * How many times the usual answer timeouts the run's benign operations wait ({@link
   * dev.otlab.operations.OperationsOptions#patience}): 1 in one JVM; the container lab's runs wait
   * longer, as its nodes do, since its containers share the machine's cores.
   */
  default double operationsPatience() {
    return 1;
  }

  /** The network, not started yet; the lab starts and stops it. */
  LabNetwork network(
      ArchitectureSpec architecture,
      List<ServiceEndpoint> endpoints,
      LabClock clock,
      DecisionListener decisions,
      TapListener tap);

  /** One JVM: servers on ephemeral loopback ports, relays on loopback. */
  Wiring EMBEDDED =
      new Wiring() {
        @Override
        public ServerOptions servers(Map<String, String> users, Path pki) {
          return new ServerOptions("127.0.0.1", 0, 0, users, pki);
        }

        @Override
        public Optional<String> remoteServiceAddress() {
          return Optional.of("127.0.0.1");
        }

        @Override
        public Optional<String> mqttBrokerAddress() {
          return Optional.of("127.0.0.1");
        }

        @Override
        public LabNetwork network(
            ArchitectureSpec architecture,
            List<ServiceEndpoint> endpoints,
            LabClock clock,
            DecisionListener decisions,
            TapListener tap) {
          return new NetworkFabric(
              architecture, endpoints, clock::now, decisions, tap, RelayConfig.defaults());
        }
      };
}
