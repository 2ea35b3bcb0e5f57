package dev.otlab.simulator.modbus;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The Modbus TCP codec every part of the lab frames with: the server, the relays, the AitM
 * interceptor, benign operations and attack steps. Byte-level helpers, no state.
 */
public final class ModbusPdu {

  private ModbusPdu() {}

  /** An exception response PDU: the function code with the high bit set, then the code. */
  public static byte[] exception(int functionCode, int exceptionCode) {
    return new byte[] {(byte) (functionCode | 0x80), (byte) exceptionCode};
  }

  /** A complete Modbus TCP frame: {@code header}'s transaction and unit id, then the PDU. */
  public static byte[] frame(MbapHeader request, byte[] pdu) {
    MbapHeader reply = request.reply(pdu.length);
    byte[] out = new byte[MbapHeader.SIZE + pdu.length];
    reply.write(out, 0);
    System.arraycopy(pdu, 0, out, MbapHeader.SIZE, pdu.length);
    return out;
  }

  /** A request frame, for clients and tests. */
  public static byte[] requestFrame(int transactionId, int unitId, byte[] pdu) {
    return frame(new MbapHeader(transactionId, 0, pdu.length + 1, unitId), pdu);
  }

  /**
   * Reads one MBAP frame (header and PDU) from a stream, or null on a clean end of stream before a
   * frame starts. A header that is not Modbus ({@link MbapHeader#violation()}) or a stream that
   * ends mid-frame is an {@link IOException}: there is no frame boundary left to go on from.
   */
  public static byte @Nullable [] readFrame(InputStream raw) throws IOException {
    DataInputStream in = raw instanceof DataInputStream d ? d : new DataInputStream(raw);
    int first = in.read();
    if (first < 0) {
      return null;
    }
    byte[] header = new byte[MbapHeader.SIZE];
    header[0] = (byte) first;
    try {
      in.readFully(header, 1, MbapHeader.SIZE - 1);
      MbapHeader h = MbapHeader.read(header, 0);
      String violation = h.violation();
      if (violation != null) {
        throw new IOException("not a Modbus frame: " + violation);
      }
      byte[] frame = Arrays.copyOf(header, MbapHeader.SIZE + h.pduLength());
      in.readFully(frame, MbapHeader.SIZE, h.pduLength());
      return frame;
    } catch (EOFException e) {
      throw new IOException("connection closed mid-frame", e);
    }
  }

  /** Bits packed LSB first, eight to a byte, as FC01, FC02 and FC15 carry them. */
  public static byte[] packBits(boolean[] bits) {
    byte[] out = new byte[(bits.length + 7) / 8];
    for (int i = 0; i < bits.length; i++) {
      if (bits[i]) {
        out[i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return out;
  }

  public static boolean[] unpackBits(byte[] bytes, int offset, int count) {
    boolean[] out = new boolean[count];
    for (int i = 0; i < count; i++) {
      out[i] = (bytes[offset + i / 8] & (1 << (i % 8))) != 0;
    }
    return out;
  }

  /** Registers big-endian, two bytes each. */
  public static byte[] words(short[] values) {
    byte[] out = new byte[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      out[2 * i] = (byte) (values[i] >>> 8);
      out[2 * i + 1] = (byte) values[i];
    }
    return out;
  }

  public static short[] unpackWords(byte[] bytes, int offset, int count) {
    short[] out = new short[count];
    for (int i = 0; i < count; i++) {
      out[i] = (short) MbapHeader.u16(bytes, offset + 2 * i);
    }
    return out;
  }

  public static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  /** Parses "00 01 ff" style hex (whitespace ignored); handy in tests and attack scripts. */
  public static byte[] fromHex(String hex) {
    String s = hex.replaceAll("\\s+", "");
    if (s.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits in '" + hex + "'");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int h = Character.digit(s.charAt(2 * i), 16);
      int l = Character.digit(s.charAt(2 * i + 1), 16);
      if (h < 0 || l < 0) {
        throw new IllegalArgumentException("'" + hex + "' is not hex");
      }
      out[i] = (byte) ((h << 4) | l);
    }
    return out;
  }
}
