package dev.otlab.simulator.plc;

import java.util.List;
import java.util.Optional;

/**
 * What a protocol server sees of a controller (PLC or SIS): its points and thread-safe access to
 * them. Modbus servers use the table methods, OPC UA servers the tag methods; both end in the same
 * process image and the same validation, so the two protocols can never disagree about what is
 * writable or in range.
 */
public interface ControllerEndpoint {

  /** Controller id from the plant file, e.g. {@code plc-intake}. */
  String id();

  /** Modbus unit id. */
  int unitId();

  String description();

  DeviceIdentity identity();

  /** Points in declaration order. */
  List<PointSpec> points();

  Optional<PointSpec> point(String tag);

  /** Reads {@code count} bits of a coil or discrete-input range. */
  ReadResult readBits(Table table, int address, int count);

  /** Reads {@code count} registers of an input- or holding-register range. */
  ReadResult readWords(Table table, int address, int count);

  /** Writes consecutive coils, all or nothing. */
  WriteResult writeCoils(int address, boolean[] values);

  /** Writes consecutive holding registers, all or nothing. */
  WriteResult writeRegisters(int address, short[] values);

  /** Reads a tag in engineering units. */
  Optional<TagValue> readTag(String tag);

  /**
   * Writes a tag in engineering units. {@code value} must be a {@link Boolean} for bool points and
   * a {@link Number} otherwise; anything else is {@link Rejection#TYPE_MISMATCH}.
   */
  WriteResult writeTag(String tag, Object value);
}
