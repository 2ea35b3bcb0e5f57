package dev.otlab.simulator.modbus;

import dev.otlab.simulator.plc.Rejection;
import java.util.Optional;

/** The Modbus exception codes this lab sends or expects (Modbus Application Protocol 1.1b3, 7). */
public enum ModbusExceptionCode {
  ILLEGAL_FUNCTION(0x01),
  ILLEGAL_DATA_ADDRESS(0x02),
  ILLEGAL_DATA_VALUE(0x03),
  SERVER_DEVICE_FAILURE(0x04),
  ACKNOWLEDGE(0x05),
  SERVER_DEVICE_BUSY(0x06),
  MEMORY_PARITY_ERROR(0x08),
  GATEWAY_PATH_UNAVAILABLE(0x0A),
  GATEWAY_TARGET_FAILED_TO_RESPOND(0x0B);

  private final int code;

  ModbusExceptionCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<ModbusExceptionCode> of(int code) {
    for (ModbusExceptionCode c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** How a controller's refusal reaches a Modbus client. */
  public static ModbusExceptionCode of(Rejection rejection) {
    switch (rejection) {
      case ILLEGAL_ADDRESS:
      case READ_ONLY:
        return ILLEGAL_DATA_ADDRESS;
      case NOT_A_NUMBER:
      case OUT_OF_RANGE:
      case TYPE_MISMATCH:
        return ILLEGAL_DATA_VALUE;
      case DEVICE_FAILURE:
      default:
        return SERVER_DEVICE_FAILURE;
    }
  }
}
