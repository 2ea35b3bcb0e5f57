package dev.otlab.simulator.modbus;

/**
 * What the server does with bytes it received. Closed on purpose: every byte sequence maps to
 * exactly one of these, which the decoder's property tests check.
 */
public sealed interface Decoded {

  /** Not a whole frame yet; {@code needed} more bytes would complete at least the next stage. */
  record Incomplete(int needed) implements Decoded {}

  /** The stream is not valid Modbus TCP: drop the connection without answering. */
  record Close(String reason) implements Decoded {}

  /** A well-formed request to execute. */
  record Request(MbapHeader header, ModbusRequest request) implements Decoded {}

  /**
   * A frame that deserves an exception response instead of execution.
   *
   * @param address best-effort first address, 0 when unknown (for protocol event records)
   * @param quantity best-effort quantity, 0 when unknown
   * @param detail why, for logs and listeners
   */
  record Reject(
      MbapHeader header,
      int functionCode,
      ModbusExceptionCode code,
      int address,
      int quantity,
      String detail)
      implements Decoded {

    /** The exception response frame to send. */
    public byte[] responseFrame() {
      return ModbusPdu.frame(header, ModbusPdu.exception(functionCode, code.code()));
    }
  }
}
