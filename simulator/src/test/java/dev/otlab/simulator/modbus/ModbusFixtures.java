package dev.otlab.simulator.modbus;

import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.Table;
import java.util.List;

/** A small, real process image shared by the Modbus tests. */
final class ModbusFixtures {

  static final int UNIT_ID = 1;

  // Coils 0..3 (3 is read-only), discrete inputs 0..2.
  static final int COIL_PUMP = 0;
  static final int COIL_VALVE = 1;
  static final int COIL_ALARM_ACK = 2;
  static final int COIL_INTERLOCK = 3;

  // Input registers 0..2, int16 scaled.
  static final int IR_LEVEL = 0; // scale 10
  static final int IR_TEMPERATURE = 1; // scale 100
  static final int IR_FLOW = 2; // scale 10

  // Holding registers 0..4.
  static final int HR_SETPOINT = 0; // int16 scale 10, 0..100
  static final int HR_SPEED = 1; // int16 scale 1, 0..1500
  static final int HR_RATIO = 2; // float32 at 2..3, -10..10
  static final int HR_SERIAL = 4; // int16, read-only
  static final int HR_COUNT = 5;

  static final DeviceIdentity IDENTITY =
      new DeviceIdentity("otlab-test", "TEST-PLC", "1.2", "Test PLC", "TP-100");

  private ModbusFixtures() {}

  static ProcessImage image() {
    ProcessImage image =
        new ProcessImage(
            "plc-test",
            UNIT_ID,
            "Modbus test controller",
            IDENTITY,
            List.of(
                point("pump_run", Table.COIL, COIL_PUMP, DataType.BOOL, 1, true, 0, 1),
                point("valve_open", Table.COIL, COIL_VALVE, DataType.BOOL, 1, true, 0, 1),
                point("alarm_ack", Table.COIL, COIL_ALARM_ACK, DataType.BOOL, 1, true, 0, 1),
                point("interlock", Table.COIL, COIL_INTERLOCK, DataType.BOOL, 1, false, 0, 1),
                point("high_level", Table.DISCRETE_INPUT, 0, DataType.BOOL, 1, false, 0, 1),
                point("low_level", Table.DISCRETE_INPUT, 1, DataType.BOOL, 1, false, 0, 1),
                point("door_open", Table.DISCRETE_INPUT, 2, DataType.BOOL, 1, false, 0, 1),
                point("level", Table.INPUT_REGISTER, IR_LEVEL, DataType.INT16, 10, false, 0, 10),
                point(
                    "temperature",
                    Table.INPUT_REGISTER,
                    IR_TEMPERATURE,
                    DataType.INT16,
                    100,
                    false,
                    -50,
                    150),
                point("flow", Table.INPUT_REGISTER, IR_FLOW, DataType.INT16, 10, false, 0, 500),
                point(
                    "setpoint",
                    Table.HOLDING_REGISTER,
                    HR_SETPOINT,
                    DataType.INT16,
                    10,
                    true,
                    0,
                    100),
                point("speed", Table.HOLDING_REGISTER, HR_SPEED, DataType.INT16, 1, true, 0, 1500),
                point(
                    "ratio", Table.HOLDING_REGISTER, HR_RATIO, DataType.FLOAT32, 1, true, -10, 10),
                point(
                    "serial_no",
                    Table.HOLDING_REGISTER,
                    HR_SERIAL,
                    DataType.INT16,
                    1,
                    false,
                    0,
                    32000)),
            () -> 0.0);
    image.set("pump_run", 1);
    image.set("interlock", 1);
    image.set("high_level", 1);
    image.set("door_open", 1);
    image.set("level", 4.2);
    image.set("temperature", 21.37);
    image.set("flow", 12.5);
    image.set("setpoint", 55.5);
    image.set("speed", 1200);
    image.set("ratio", 1.5);
    image.set("serial_no", 4711);
    return image;
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
}
