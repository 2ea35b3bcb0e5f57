package dev.otlab.simulator.opcua;

import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.Table;
import java.util.List;

/** A small tank PLC for the OPC UA tests: one point per kind the server must map. */
final class OpcUaTestPlc {

  static final String ID = "plc-tank";

  /** Simulated seconds the image stamps its updates with; tests move it by hand. */
  double now;

  final ProcessImage image;

  OpcUaTestPlc() {
    image =
        new ProcessImage(
            ID,
            1,
            "Tank level control",
            new DeviceIdentity("ACME Controls", "ACME-T100", "2.4.1", "Tank PLC", "T100"),
            List.of(
                new PointSpec(
                    "level",
                    Table.INPUT_REGISTER,
                    0,
                    DataType.INT16,
                    100,
                    "m",
                    false,
                    0,
                    10,
                    "Tank level"),
                new PointSpec(
                    "level_setpoint",
                    Table.HOLDING_REGISTER,
                    0,
                    DataType.FLOAT32,
                    1,
                    "m",
                    true,
                    0.5,
                    8,
                    "Level setpoint"),
                new PointSpec(
                    "pump_run", Table.COIL, 0, DataType.BOOL, 1, "", true, 0, 1, "Pump command"),
                new PointSpec(
                    "high_alarm",
                    Table.DISCRETE_INPUT,
                    0,
                    DataType.BOOL,
                    1,
                    "",
                    false,
                    0,
                    1,
                    "High level switch")),
            () -> now);
  }

  static List<String> tags() {
    return List.of("level", "level_setpoint", "pump_run", "high_alarm");
  }
}
