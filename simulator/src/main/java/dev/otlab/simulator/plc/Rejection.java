package dev.otlab.simulator.plc;

/** Why a controller refused a read or write; protocol servers map each to their own codes. */
public enum Rejection {
  /** No point at that address or tag, or a request covers only part of a point (Modbus 02). */
  ILLEGAL_ADDRESS,
  /** The point exists but is read-only (Modbus 02, OPC UA Bad_NotWritable). */
  READ_ONLY,
  /** The value is NaN or infinite (Modbus 03, OPC UA Bad_OutOfRange). */
  NOT_A_NUMBER,
  /** The value is outside the point's engineering envelope (Modbus 03, OPC UA Bad_OutOfRange). */
  OUT_OF_RANGE,
  /** The value has the wrong type, e.g. a string for a number (OPC UA Bad_TypeMismatch). */
  TYPE_MISMATCH,
  /** The controller cannot serve now, e.g. it is stopped (Modbus 04, OPC UA Bad_InvalidState). */
  DEVICE_FAILURE
}
