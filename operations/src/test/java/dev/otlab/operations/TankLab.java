package dev.otlab.operations;

import dev.otlab.core.Lifecycle;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.SensorSpec;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.fabric.ServiceEndpoint;
import dev.otlab.network.relay.DecisionListener;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.relay.TapListener;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.modbus.ModbusServerConfig;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.opcua.OpcUaServerSettings;
import dev.otlab.simulator.opcua.PlcOpcUaServer;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.Limits;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plant.TagSpec;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.SoftPlc;
import dev.otlab.simulator.plc.Table;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small lab built in code: a draining tank with a level PLC and a level SIS in a control zone, an
 * HMI, a historian and an engineering workstation in an operations zone, one conduit between.
 */
final class TankLab implements Lifecycle {

  static PointSpec point(
      String tag,
      Table table,
      int address,
      DataType type,
      double scale,
      boolean writable,
      double min,
      double max) {
    return new PointSpec(tag, table, address, type, scale, "", writable, min, max, tag);
  }

  static ControllerSpec plc() {
    return new ControllerSpec(
        "plc1",
        SoftPlc.Kind.PLC,
        1,
        "level control",
        0.5,
        DeviceIdentity.defaults(),
        List.of(
            new PointBinding(
                point("level", Table.INPUT_REGISTER, 0, DataType.INT16, 100, false, 0, 2.5),
                "level",
                null,
                0),
            new PointBinding(
                point("pump_cmd", Table.HOLDING_REGISTER, 0, DataType.FLOAT32, 1, true, 0, 10),
                null,
                "inflow",
                0),
            new PointBinding(
                point("level_sp", Table.HOLDING_REGISTER, 2, DataType.INT16, 100, true, 0.5, 1.5),
                null,
                null,
                1.0),
            new PointBinding(
                point("kp", Table.HOLDING_REGISTER, 3, DataType.UINT16, 10, true, 0.5, 20),
                null,
                null,
                5),
            new PointBinding(
                point("flow_limit", Table.HOLDING_REGISTER, 10, DataType.FLOAT32, 1, true, 1, 10),
                null,
                null,
                8),
            new PointBinding(
                point("auto", Table.COIL, 0, DataType.BOOL, 1, true, 0, 1), null, null, 1)),
        List.of(
            new BlockSpec(
                "pid",
                Map.of(
                    "pv",
                    "level",
                    "sp",
                    "level_sp",
                    "output",
                    "pump_cmd",
                    "kp",
                    "kp",
                    "ti",
                    "60",
                    "min",
                    "0",
                    "max",
                    "flow_limit",
                    "auto",
                    "auto"))),
        List.of(),
        Map.of(),
        false);
  }

  static ControllerSpec sis() {
    return new ControllerSpec(
        "sis1",
        SoftPlc.Kind.SIS,
        2,
        "high level trip",
        0.5,
        DeviceIdentity.defaults(),
        List.of(
            new PointBinding(
                point("level", Table.INPUT_REGISTER, 0, DataType.INT16, 100, false, 0, 2.5),
                "level",
                null,
                0),
            new PointBinding(
                point("tripped", Table.DISCRETE_INPUT, 0, DataType.BOOL, 1, false, 0, 1),
                null,
                null,
                0),
            new PointBinding(
                point("trip_level", Table.HOLDING_REGISTER, 0, DataType.INT16, 100, true, 1, 2),
                null,
                null,
                1.9)),
        List.of(
            new BlockSpec(
                "trip",
                Map.of("measurement", "level", "above", "trip_level", "tripped", "tripped"))),
        List.of(),
        Map.of(),
        false);
  }

  static PlantSpec plant() {
    return new PlantSpec(
        "tank",
        "Tank",
        "a draining tank",
        "draining-tank",
        Map.of("initial_level", 0.8),
        List.of(
            new TagSpec(
                "level",
                "m",
                "tank level",
                new Limits(0.5, 1.5),
                new Limits(0.3, 1.8),
                new Limits(null, 1.95),
                0.002,
                "overflow",
                "overfill")),
        List.of(plc(), sis()),
        List.of());
  }

  static HostSpec host(String id, String zone, HostRole role, String controller) {
    return new HostSpec(id, List.of(zone), role, controller, Posture.DEFAULT, id);
  }

  /**
   * HMI: FC 1-4, 6, 16; engineering: FC 3, 16, 90; historian: nothing unless {@code historianUa}.
   */
  static ArchitectureSpec architecture(boolean historianUa) {
    return architecture(historianUa, Set.of(3, 16, 90), false);
  }

  /**
   * As {@link #architecture(boolean)}, with the engineering workstation's function codes given, and
   * with {@code island}: a second HMI in a zone no conduit joins.
   */
  static ArchitectureSpec architecture(
      boolean historianUa, Set<Integer> engineeringCodes, boolean island) {
    List<RuleSpec> rules = new ArrayList<>();
    rules.add(
        new RuleSpec(
            "hmi-modbus",
            Selector.host("hmi"),
            Selector.zone("control"),
            Protocol.MODBUS,
            null,
            RuleAction.ALLOW,
            new ModbusFilter(Set.of(1, 2, 3, 4, 6, 16), List.of()),
            null));
    rules.add(
        new RuleSpec(
            "eng-modbus",
            Selector.host("eng"),
            Selector.zone("control"),
            Protocol.MODBUS,
            null,
            RuleAction.ALLOW,
            new ModbusFilter(engineeringCodes, List.of()),
            null));
    if (historianUa) {
      rules.add(
          new RuleSpec(
              "historian-ua",
              Selector.host("historian"),
              Selector.zone("control"),
              Protocol.OPCUA,
              null,
              RuleAction.ALLOW,
              null,
              null));
    }
    return new ArchitectureSpec(
        historianUa ? "test-historian-allowed" : "test",
        "test",
        "test",
        "tank",
        List.of(
            new ZoneSpec("operations", 3, 2, "operations"),
            new ZoneSpec("control", 1, 3, "control"),
            new ZoneSpec("island", 3, 2, "joined to nothing")),
        island
            ? List.of(
                host("hmi", "operations", HostRole.HMI, null),
                host("hmi2", "island", HostRole.HMI, null),
                host("historian", "operations", HostRole.HISTORIAN, null),
                host("eng", "operations", HostRole.ENGINEERING_WS, null),
                host("plc", "control", HostRole.PLC, "plc1"),
                host("sis", "control", HostRole.SIS, "sis1"))
            : List.of(
                host("hmi", "operations", HostRole.HMI, null),
                host("historian", "operations", HostRole.HISTORIAN, null),
                host("eng", "operations", HostRole.ENGINEERING_WS, null),
                host("plc", "control", HostRole.PLC, "plc1"),
                host("sis", "control", HostRole.SIS, "sis1")),
        List.of(new ConduitSpec("ops-control", "operations", "control", rules, "firewall")),
        SensorSpec.NONE,
        Map.of());
  }

  final LabClock clock;
  final Plant plant;
  final ArchitectureSpec architecture;
  final Path pki;
  final List<ModbusTcpServer> modbus = new ArrayList<>();
  final List<PlcOpcUaServer> opcua = new ArrayList<>();
  NetworkFabric fabric;

  TankLab(LabClock clock, ArchitectureSpec architecture, Path pki) {
    this.clock = clock;
    this.architecture = architecture;
    this.pki = pki;
    this.plant = Plant.create(plant(), clock);
  }

  @Override
  public void start() {
    plant.schedule();
    List<ServiceEndpoint> endpoints = new ArrayList<>();
    for (HostSpec h : architecture.hosts()) {
      if (h.controller() == null) {
        continue;
      }
      SoftPlc c = plant.controller(h.controller());
      ModbusTcpServer mb =
          new ModbusTcpServer(
              c, ModbusServerConfig.defaults().withBindAddress("127.0.0.1").withPort(0));
      mb.start();
      modbus.add(mb);
      PlcOpcUaServer ua =
          new PlcOpcUaServer(
              c.image(),
              OpcUaServerSettings.defaults()
                  .withBindAddress("127.0.0.1")
                  .withPort(0)
                  .withUsers(Map.of("operator", "operator"))
                  .withPkiDir(pki.resolve(c.id())));
      ua.start();
      opcua.add(ua);
      endpoints.add(new ServiceEndpoint(h.id(), Protocol.MODBUS, "127.0.0.1", mb.port()));
      endpoints.add(
          new ServiceEndpoint(
              h.id(), Protocol.OPCUA, "127.0.0.1", URI.create(ua.endpointUrl()).getPort()));
    }
    fabric =
        new NetworkFabric(
            architecture,
            endpoints,
            clock::now,
            DecisionListener.NONE,
            TapListener.NONE,
            RelayConfig.defaults());
    fabric.start();
  }

  @Override
  public void stop() {
    if (fabric != null) {
      fabric.stop();
    }
    opcua.forEach(PlcOpcUaServer::stop);
    modbus.forEach(ModbusTcpServer::stop);
  }
}
