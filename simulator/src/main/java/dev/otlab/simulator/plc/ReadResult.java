package dev.otlab.simulator.plc;

/** Outcome of a Modbus-style read of a table range. */
public sealed interface ReadResult permits ReadResult.Words, ReadResult.Bits, Rejected {

  /** Register values, one 16-bit word per address. */
  record Words(short[] values) implements ReadResult {}

  /** Bit values, one per address. */
  record Bits(boolean[] values) implements ReadResult {}
}
