package dev.otlab.simulator.modbus;

import dev.otlab.core.OtlabException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Modbus request that did not succeed: either the device answered with an exception response
 * ({@link #exceptionCode()} is present, code {@code MODBUS_EXCEPTION_RESPONSE}) or there was no
 * usable answer at all (connection refused or closed, timeout; code {@code MODBUS_IO}).
 */
public final class ModbusClientException extends OtlabException {
  private static final long serialVersionUID = 1L;

  private final int rawExceptionCode;

  ModbusClientException(int rawExceptionCode, String message, @Nullable Throwable cause) {
    super(
        "MODBUS_EXCEPTION_RESPONSE",
        message,
        "Check the function, address range and value against the device's register map.",
        cause);
    this.rawExceptionCode = rawExceptionCode;
  }

  ModbusClientException(String message, String remedy, @Nullable Throwable cause) {
    super("MODBUS_IO", message, remedy, cause);
    this.rawExceptionCode = -1;
  }

  /** True when the device answered with a Modbus exception response. */
  public boolean isExceptionResponse() {
    return rawExceptionCode >= 0;
  }

  /** The exception code the device sent, e.g. 2 for illegal data address; -1 for I/O failures. */
  public int rawExceptionCode() {
    return rawExceptionCode;
  }

  /** The exception code as an enum, when the device sent one this lab knows. */
  public Optional<ModbusExceptionCode> exceptionCode() {
    return ModbusExceptionCode.of(rawExceptionCode);
  }
}
