package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.ServiceEndpoint;
import dev.otlab.simulator.plant.PlantServers;
import dev.otlab.simulator.plc.SoftPlc;
import org.junit.jupiter.api.Test;

class LabTest {

  @Test
  void eachServiceIsReachedWhereItsOwnServerListens() {
    PlantServers.Endpoint served =
        new PlantServers.Endpoint(
            "plc-intake", SoftPlc.Kind.PLC, "127.0.0.2", 1502, 1, "opc.tcp://127.0.0.3:4841/otlab");

    assertThat(Lab.serviceEndpoints("plc-1", served))
        .containsExactly(
            new ServiceEndpoint("plc-1", Protocol.MODBUS, "127.0.0.2", 1502),
            new ServiceEndpoint("plc-1", Protocol.OPCUA, "127.0.0.3", 4841));
  }
}
