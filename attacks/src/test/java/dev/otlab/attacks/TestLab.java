package dev.otlab.attacks;

import dev.otlab.core.Lifecycle;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.OpcUaFilter;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.SensorSpec;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.fabric.ServiceEndpoint;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.RelayConfig;
import dev.otlab.network.remote.RemoteServiceServer;
import dev.otlab.simulator.modbus.ModbusServerConfig;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.opcua.OpcUaServerSettings;
import dev.otlab.simulator.opcua.PlcOpcUaServer;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.SoftPlc;
import dev.otlab.simulator.plc.Table;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A two-zone lab built in code: {@code ops} (eng, hmi, ws) and {@code control} (plc-1 with a real
 * Modbus and OPC UA server on one process image, ctl-ws with VNC and default credentials), joined
 * by conduit {@code ops-control}. hmi may only read over Modbus (FC 1-4) and browse/read over OPC
 * UA; eng may do anything Modbus and OPC UA into control and VNC to ctl-ws; ws has no rule at all.
 */
final class TestLab implements Lifecycle {

  static final String PLC = "plc-test";
  static final DeviceIdentity IDENTITY =
      new DeviceIdentity("otlab-test", "TEST-PLC", "1.2", "Test PLC", "TP-100");

  static final List<PointSpec> POINTS =
      List.of(
          point("pump_run", Table.COIL, 0, DataType.BOOL, 1, true, 0, 1),
          point("valve_open", Table.COIL, 1, DataType.BOOL, 1, true, 0, 1),
          point("sis_bypass", Table.COIL, 2, DataType.BOOL, 1, true, 0, 1),
          point("interlock", Table.COIL, 3, DataType.BOOL, 1, false, 0, 1),
          point("high_level", Table.DISCRETE_INPUT, 0, DataType.BOOL, 1, false, 0, 1),
          point("level", Table.INPUT_REGISTER, 0, DataType.INT16, 10, false, 0, 10),
          point("setpoint", Table.HOLDING_REGISTER, 0, DataType.INT16, 10, true, 0, 100),
          point("speed", Table.HOLDING_REGISTER, 1, DataType.INT16, 1, true, 0, 1500),
          point("ratio", Table.HOLDING_REGISTER, 2, DataType.FLOAT32, 1, true, -10, 10),
          point("serial_no", Table.HOLDING_REGISTER, 4, DataType.INT16, 1, false, 0, 32000));

  final ProcessImage image;

  /**
   * The PLC behind the Modbus server, so FC90 (mode, program) works: a level controller on the
   * pump. Nothing scans it here; tests read its mode and program.
   */
  final SoftPlc plc;

  final PlantSpec plant;
  final ArchitectureSpec architecture;
  private final Path pki;
  private ModbusTcpServer modbus;
  private PlcOpcUaServer opcua;
  NetworkFabric fabric;
  final TestContext.Denials denials = new TestContext.Denials();

  /** What the relays' taps reported, in order. */
  final List<ProtocolEvent> events = new CopyOnWriteArrayList<>();

  /** The control zone's remote-access services: VNC and HTTPS on 8443 on ctl-ws, SSH on ctl-ssh. */
  private final List<RemoteServiceServer> remote = new ArrayList<>();

  /** The server of {@code service} on {@code host}. */
  RemoteServiceServer remote(String host, RemoteService service) {
    return remote.stream()
        .filter(r -> r.service() == service && r.host().equals(host))
        .findFirst()
        .orElseThrow();
  }

  TestLab(Path pki) {
    this.pki = pki;
    image = new ProcessImage(PLC, 1, "test controller", IDENTITY, POINTS, () -> 0.0);
    image.set("pump_run", 1);
    image.set("level", 4.2);
    image.set("setpoint", 55.5);
    image.set("speed", 1200);
    image.set("ratio", 1.5);
    plc =
        SoftPlc.fromSource(
            PLC,
            SoftPlc.Kind.PLC,
            image,
            List.of(
                new BlockSpec(
                    "hysteresis",
                    Map.of("level", "level", "output", "pump_run", "low", "2", "high", "8"))),
            0.1);
    plant =
        new PlantSpec(
            "test-plant",
            "Test plant",
            "one controller",
            "none",
            Map.of(),
            List.of(),
            List.of(
                new ControllerSpec(
                    PLC,
                    SoftPlc.Kind.PLC,
                    1,
                    "test controller",
                    0.1,
                    IDENTITY,
                    POINTS.stream().map(p -> new PointBinding(p, null, null, 0)).toList(),
                    List.of(),
                    List.of(),
                    Map.of(),
                    false)),
            List.of());
    architecture = architecture();
  }

  static ArchitectureSpec architecture() {
    Posture plcPosture = new Posture(Set.of(), Credentials.DEFAULT, Set.of(OpcUaMode.NONE), true);
    // VNC on its port, and a web interface on 8443.
    Posture weakVnc =
        new Posture(
            List.of(
                Posture.Listener.of(RemoteService.VNC),
                new Posture.Listener(RemoteService.HTTPS, 8443, "https")),
            Credentials.DEFAULT,
            Set.of(),
            false);
    Posture strongSsh = new Posture(Set.of(RemoteService.SSH), Credentials.STRONG, Set.of(), false);
    return new ArchitectureSpec(
        "test-two-zones",
        "Two zones",
        "ops and control joined by one conduit",
        "test-plant",
        List.of(new ZoneSpec("ops", 3, 2, "operations"), new ZoneSpec("control", 1, 3, "control")),
        List.of(
            new HostSpec("eng", List.of("ops"), HostRole.ENGINEERING_WS, null, Posture.DEFAULT, ""),
            new HostSpec("hmi", List.of("ops"), HostRole.HMI, null, Posture.DEFAULT, ""),
            new HostSpec("ws", List.of("ops"), HostRole.WORKSTATION, null, Posture.DEFAULT, ""),
            new HostSpec("plc-1", List.of("control"), HostRole.PLC, PLC, plcPosture, ""),
            new HostSpec("ctl-ws", List.of("control"), HostRole.ENGINEERING_WS, null, weakVnc, ""),
            new HostSpec("ctl-ssh", List.of("control"), HostRole.JUMP_HOST, null, strongSsh, "")),
        List.of(
            new ConduitSpec(
                "ops-control",
                "ops",
                "control",
                List.of(
                    rule(
                        "hmi-read",
                        "hmi",
                        Selector.host("plc-1"),
                        Protocol.MODBUS,
                        new ModbusFilter(ModbusFilter.READ_ONLY, List.of()),
                        null),
                    rule(
                        "hmi-ua",
                        "hmi",
                        Selector.host("plc-1"),
                        Protocol.OPCUA,
                        null,
                        new OpcUaFilter(
                            Set.of(OpcUaService.BROWSE, OpcUaService.READ), OpcUaMode.NONE)),
                    rule("eng-mb", "eng", Selector.zone("control"), Protocol.MODBUS, null, null),
                    rule("eng-ua", "eng", Selector.zone("control"), Protocol.OPCUA, null, null),
                    rule("eng-vnc", "eng", Selector.host("ctl-ws"), Protocol.VNC, null, null),
                    rule("eng-ssh", "eng", Selector.host("ctl-ssh"), Protocol.SSH, null, null),
                    // Whatever listens on 8443 of ctl-ws: a rule on a port, not a protocol.
                    new RuleSpec(
                        "eng-8443",
                        Selector.host("eng"),
                        Selector.host("ctl-ws"),
                        Protocol.ANY,
                        8443,
                        RuleAction.ALLOW,
                        null,
                        null)),
                "ops to control")),
        SensorSpec.NONE,
        Map.of());
  }

  private static RuleSpec rule(
      String id,
      String from,
      Selector to,
      Protocol protocol,
      ModbusFilter modbus,
      OpcUaFilter opcua) {
    return new RuleSpec(
        id, Selector.host(from), to, protocol, null, RuleAction.ALLOW, modbus, opcua);
  }

  private static PointSpec point(
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

  @Override
  public void start() {
    modbus = new ModbusTcpServer(plc, ModbusServerConfig.defaults());
    modbus.start();
    opcua =
        new PlcOpcUaServer(
            image,
            OpcUaServerSettings.defaults()
                .withSecurityModes(EnumSet.of(OpcUaSecurityMode.NONE))
                .withAnonymousAllowed(true)
                .withUsers(Map.of("operator", "operator"))
                .withPkiDir(pki.resolve("server")));
    opcua.start();
    List<ServiceEndpoint> endpoints = new ArrayList<>();
    endpoints.add(new ServiceEndpoint("plc-1", Protocol.MODBUS, "127.0.0.1", modbus.port()));
    endpoints.add(
        new ServiceEndpoint(
            "plc-1", Protocol.OPCUA, "127.0.0.1", URI.create(opcua.endpointUrl()).getPort()));
    for (String host : List.of("ctl-ws", "ctl-ssh")) {
      for (Posture.Listener l : architecture.host(host).orElseThrow().posture().listeners()) {
        RemoteServiceServer r = new RemoteServiceServer(host, l, "127.0.0.1", 0);
        remote.add(r);
        r.start();
        endpoints.add(new ServiceEndpoint(host, l.protocol(), r.address(), r.port(), l.port()));
      }
    }
    fabric =
        new NetworkFabric(
            architecture, endpoints, () -> 0.0, denials, events::add, RelayConfig.defaults());
    fabric.start();
  }

  Path pki() {
    return pki;
  }

  TestContext from(String host) {
    return new TestContext(this, host);
  }

  @Override
  public void stop() {
    if (fabric != null) {
      fabric.stop();
    }
    remote.forEach(RemoteServiceServer::stop);
    if (opcua != null) {
      opcua.stop();
    }
    if (modbus != null) {
      modbus.stop();
    }
  }
}
