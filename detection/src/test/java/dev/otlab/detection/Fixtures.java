package dev.otlab.detection;

import dev.otlab.detection.DetectionProfile.BaselineSettings;
import dev.otlab.detection.DetectionProfile.ProcessSettings;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.SensorSpec;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.Limits;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plant.TagSpec;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.SoftPlc;
import dev.otlab.simulator.plc.Table;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small water plant (two tanks, intake and treatment PLCs) and an architecture of one zone, the
 * same shape as the library's water-treatment plant, and helpers to write protocol events.
 */
final class Fixtures {

  private Fixtures() {}

  static TagSpec tag(String name, Limits normal, Limits alarm, Limits trip, double noise) {
    return new TagSpec(name, "u", name, normal, alarm, trip, noise, "", "");
  }

  static PointBinding ir(String tag, int address, double scale) {
    return new PointBinding(
        new PointSpec(
            tag,
            Table.INPUT_REGISTER,
            address,
            DataType.INT16,
            scale,
            "u",
            false,
            0,
            30_000 / scale,
            tag),
        tag,
        null,
        0);
  }

  static PointBinding hr(String tag, int address, double scale, double min, double max) {
    return new PointBinding(
        new PointSpec(
            tag, Table.HOLDING_REGISTER, address, DataType.INT16, scale, "m", true, min, max, tag),
        null,
        null,
        1);
  }

  static PointBinding coil(String tag, int address) {
    return new PointBinding(
        new PointSpec(tag, Table.COIL, address, DataType.BOOL, 1, "", true, 0, 1, tag),
        null,
        null,
        0);
  }

  static PlantSpec water() {
    Limits level = new Limits(0.8, 3.2);
    Limits levelAlarm = new Limits(0.3, 3.5);
    Limits levelTrip = new Limits(null, 3.9);
    List<TagSpec> tags =
        List.of(
            tag("raw_level", level, levelAlarm, levelTrip, 0.002),
            tag("treated_level", level, levelAlarm, levelTrip, 0.002),
            tag("inflow", new Limits(0.0, 36.0), Limits.NONE, Limits.NONE, 0.1),
            tag("pump_flow", new Limits(0.0, 31.0), Limits.NONE, Limits.NONE, 0.1),
            tag("outflow", new Limits(5.0, 35.0), Limits.NONE, Limits.NONE, 0.1));
    ControllerSpec intake =
        new ControllerSpec(
            "plc-intake",
            SoftPlc.Kind.PLC,
            1,
            "intake",
            0.1,
            DeviceIdentity.defaults(),
            List.of(
                ir("raw_level", 0, 1000),
                ir("inflow", 1, 10),
                coil("inflow_valve", 0),
                hr("raw_low_sp", 0, 1000, 0.2, 3.7),
                hr("raw_high_sp", 1, 1000, 0.3, 3.7)),
            List.of(
                new BlockSpec(
                    "hysteresis",
                    Map.of(
                        "level", "raw_level",
                        "output", "inflow_valve",
                        "low", "raw_low_sp",
                        "high", "raw_high_sp"))),
            List.of(),
            Map.of(),
            false);
    ControllerSpec treatment =
        new ControllerSpec(
            "plc-treatment",
            SoftPlc.Kind.PLC,
            2,
            "treatment",
            0.1,
            DeviceIdentity.defaults(),
            List.of(
                ir("treated_level", 0, 1000),
                ir("pump_flow", 1, 10),
                ir("outflow", 2, 10),
                coil("pump_on", 0)),
            List.of(),
            List.of(),
            Map.of(),
            false);
    return new PlantSpec(
        "water-treatment",
        "water",
        "test plant",
        "water-treatment",
        Map.of(),
        tags,
        List.of(intake, treatment),
        List.of());
  }

  static HostSpec host(String id, HostRole role, String controller) {
    return new HostSpec(id, List.of("plant"), role, controller, Posture.DEFAULT, id);
  }

  static ArchitectureSpec architecture() {
    return new ArchitectureSpec(
        "test-flat",
        "test",
        "one zone",
        "water-treatment",
        List.of(new ZoneSpec("plant", 1, 1, "everything")),
        List.of(
            host("hmi-1", HostRole.HMI, null),
            host("eng-ws", HostRole.ENGINEERING_WS, null),
            host("historian", HostRole.HISTORIAN, null),
            host("ws-1", HostRole.WORKSTATION, null),
            host("plc-intake", HostRole.PLC, "plc-intake"),
            host("plc-treatment", HostRole.PLC, "plc-treatment")),
        List.of(),
        new SensorSpec(Set.of(), Set.of("plant")),
        Map.of());
  }

  static ProtocolEvent modbus(
      double time,
      String connection,
      String source,
      String destination,
      int code,
      int address,
      int quantity,
      List<Double> values,
      ProtocolEvent.Result result,
      long status) {
    boolean write = code == 5 || code == 6 || code == 15 || code == 16;
    return new ProtocolEvent(
        time,
        "relay-1",
        connection,
        source,
        destination,
        Protocol.MODBUS,
        name(code),
        code,
        destination.equals("plc-intake") ? 1 : 2,
        address,
        quantity,
        -1,
        0,
        List.of(),
        values,
        result,
        status,
        write,
        null,
        null);
  }

  static ProtocolEvent read(
      double time, String source, String destination, int code, int address, List<Double> values) {
    return modbus(
        time,
        source + "#1",
        source,
        destination,
        code,
        address,
        values.size(),
        values,
        ProtocolEvent.Result.OK,
        0);
  }

  static ProtocolEvent write(
      double time, String source, String destination, int code, int address, double value) {
    return modbus(
        time,
        source + "#1",
        source,
        destination,
        code,
        address,
        1,
        List.of(value),
        ProtocolEvent.Result.OK,
        0);
  }

  static ProtocolEvent opcua(
      double time,
      String connection,
      String source,
      String destination,
      String operation,
      ProtocolEvent.Result result) {
    return new ProtocolEvent(
        time,
        "relay-1",
        connection,
        source,
        destination,
        Protocol.OPCUA,
        operation,
        -1,
        -1,
        -1,
        0,
        -1,
        0,
        List.of("ns=2;s=pump_on"),
        List.of(),
        result,
        result == ProtocolEvent.Result.ERROR ? 0x80000000L : 0,
        operation.equals("WriteRequest") || operation.equals("CallRequest"),
        null,
        null);
  }

  static String name(int code) {
    return dev.otlab.network.relay.ModbusMessage.functionName(code);
  }

  /** A profile with the given parts and nothing else. */
  static DetectionProfile profile(
      List<DetectionProfile.FunctionRule> functions,
      List<DetectionProfile.WriterRule> writers,
      List<DetectionProfile.RateRule> rates,
      DetectionProfile.OpcUaRules opcua,
      BaselineSettings baseline,
      ProcessSettings process) {
    return new DetectionProfile(
        "test", "test", 60, 10, functions, writers, rates, opcua, baseline, process);
  }

  static ProcessSettings process() {
    return new ProcessSettings(
        true, 30, Map.of("raw-tank", 0.006, "treated-tank", 0.006), 0.5, 8, 30, 20, "test");
  }

  static DetectionEngine engine(DetectionProfile profile) {
    return new DetectionEngine(profile, water(), architecture(), null);
  }
}
