package dev.otlab.network.relay;

import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.Table;
import java.util.List;

/** A small tank PLC served over Modbus and OPC UA behind the relays under test. */
final class RelayFixtures {

  static final String PLC_ID = "plc-tank";
  static final int UNIT_ID = 1;

  /** Holding registers: level_setpoint float32 at 0..1, speed int16 at 2. */
  static final int HR_SETPOINT = 0;

  static final int HR_SPEED = 2;

  private RelayFixtures() {}

  static ProcessImage image() {
    ProcessImage image =
        new ProcessImage(
            PLC_ID,
            UNIT_ID,
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
                    HR_SETPOINT,
                    DataType.FLOAT32,
                    1,
                    "m",
                    true,
                    0.5,
                    8,
                    "Level setpoint"),
                new PointSpec(
                    "speed",
                    Table.HOLDING_REGISTER,
                    HR_SPEED,
                    DataType.INT16,
                    1,
                    "rpm",
                    true,
                    0,
                    1500,
                    "Pump speed"),
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
            () -> 0.0);
    image.set("level", 4.25);
    image.set("level_setpoint", 5.0);
    image.set("speed", 1200);
    return image;
  }
}
