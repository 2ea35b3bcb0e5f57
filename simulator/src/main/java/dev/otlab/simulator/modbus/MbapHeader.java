package dev.otlab.simulator.modbus;

import org.jspecify.annotations.Nullable;

/**
 * The 7-byte Modbus TCP application header.
 *
 * @param transactionId echoed in the response so a client can match it
 * @param protocolId always 0 for Modbus
 * @param length bytes that follow the length field: the unit id plus the PDU
 * @param unitId addressed device behind a gateway, or the server itself
 */
public record MbapHeader(int transactionId, int protocolId, int length, int unitId) {

  public static final int SIZE = 7;

  /** A PDU is at most 253 bytes (256-byte serial ADU minus address and CRC), plus the unit id. */
  public static final int MAX_LENGTH = 254;

  /** The unit id plus at least a function code. */
  public static final int MIN_LENGTH = 2;

  public MbapHeader {
    if (transactionId < 0 || transactionId > 0xFFFF) {
      throw new IllegalArgumentException("transaction id " + transactionId + " is not 16-bit");
    }
    if (protocolId < 0 || protocolId > 0xFFFF) {
      throw new IllegalArgumentException("protocol id " + protocolId + " is not 16-bit");
    }
    if (length < 0 || length > 0xFFFF) {
      throw new IllegalArgumentException("length " + length + " is not 16-bit");
    }
    if (unitId < 0 || unitId > 0xFF) {
      throw new IllegalArgumentException("unit id " + unitId + " is not 8-bit");
    }
  }

  /** Reads a header from the first {@link #SIZE} bytes at {@code offset}; does not validate. */
  public static MbapHeader read(byte[] bytes, int offset) {
    return new MbapHeader(
        u16(bytes, offset),
        u16(bytes, offset + 2),
        u16(bytes, offset + 4),
        bytes[offset + 6] & 0xFF);
  }

  /**
   * Why a server must drop the connection instead of answering, or null when the header is
   * acceptable. A wrong protocol id or an impossible length means the byte stream is not Modbus or
   * is out of step, and there is no reliable frame boundary to resynchronise on.
   */
  public @Nullable String violation() {
    if (protocolId != 0) {
      return "protocol id " + protocolId + " is not 0 (Modbus)";
    }
    if (length < MIN_LENGTH) {
      return "MBAP length " + length + " leaves no room for a function code";
    }
    if (length > MAX_LENGTH) {
      return "MBAP length " + length + " exceeds " + MAX_LENGTH;
    }
    return null;
  }

  /** Bytes of PDU (function code and data) that follow the header. */
  public int pduLength() {
    return length - 1;
  }

  /** A response header for a PDU of {@code pduLength} bytes, same transaction and unit id. */
  public MbapHeader reply(int pduLength) {
    return new MbapHeader(transactionId, 0, pduLength + 1, unitId);
  }

  public void write(byte[] out, int offset) {
    out[offset] = (byte) (transactionId >>> 8);
    out[offset + 1] = (byte) transactionId;
    out[offset + 2] = (byte) (protocolId >>> 8);
    out[offset + 3] = (byte) protocolId;
    out[offset + 4] = (byte) (length >>> 8);
    out[offset + 5] = (byte) length;
    out[offset + 6] = (byte) unitId;
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }
}
