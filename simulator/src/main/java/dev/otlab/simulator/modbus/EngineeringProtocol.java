package dev.otlab.simulator.modbus;

import dev.otlab.simulator.plc.PlcMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Function code 90 (0x5A): the soft PLC's engineering function. The public specification assigns no
 * function to 90; Schneider's UMAS uses it for the same purpose. Public Modbus has no way to change
 * a PLC's mode or program, so a vendor function is what real engineering tools and real attacks
 * (mode change, program download) use, and what conduit allow-lists must name.
 *
 * <p>Every PDU is {@code 0x5A, sub-function, data}; integers big-endian. Responses repeat the
 * function and sub-function. Refusals are exception responses: 01 unknown sub-function (or a device
 * without engineering access), 03 malformed request or invalid program, 04 wrong operating mode
 * (the device's state, kept apart from the 01/02 a conduit answers with).
 *
 * <pre>
 * sub  name              request data                     response data
 * 0x01 INFO              -                                mode u8, flags u8 (bit 0: download open),
 *                                                         blocks u8, program bytes u16, CRC-32 u32,
 *                                                         downloads u16
 * 0x02 SET_MODE          mode u8 (1 RUN, 2 PROGRAM, 3 STOP)  mode u8
 * 0x03 UPLOAD            offset u16, max u8 (1..240)      offset u16, total u16, n u8, n bytes
 * 0x04 DOWNLOAD_BEGIN    total u16, CRC-32 u32            total u16, CRC-32 u32
 * 0x05 DOWNLOAD_SEGMENT  offset u16, n u8 (1..240), bytes received so far u16
 * 0x06 DOWNLOAD_COMMIT   -                                blocks u8, program bytes u16, CRC-32 u32
 * </pre>
 *
 * <p>The program is the text of {@link dev.otlab.simulator.plc.ProgramCodec}. BEGIN, SEGMENT and
 * COMMIT need PROGRAM mode; COMMIT installs the program only when it is whole, its CRC matches and
 * every block is valid for the controller, else it answers 03 and drops the download.
 */
public final class EngineeringProtocol {

  public static final int FUNCTION_CODE = 0x5A;
  public static final int INFO = 0x01;
  public static final int SET_MODE = 0x02;
  public static final int UPLOAD = 0x03;
  public static final int DOWNLOAD_BEGIN = 0x04;
  public static final int DOWNLOAD_SEGMENT = 0x05;
  public static final int DOWNLOAD_COMMIT = 0x06;

  /** Largest upload or download segment: keeps every PDU under the 253-byte limit. */
  public static final int MAX_SEGMENT = 240;

  private EngineeringProtocol() {}

  /**
   * The operation a sub-function performs, as taps and traces name it; {@code FC90} with the number
   * for an unknown one.
   */
  public static String operation(int subFunction) {
    switch (subFunction) {
      case INFO:
        return "PROGRAM_INFO";
      case SET_MODE:
        return "CHANGE_MODE";
      case UPLOAD:
        return "PROGRAM_UPLOAD";
      case DOWNLOAD_BEGIN:
      case DOWNLOAD_SEGMENT:
      case DOWNLOAD_COMMIT:
        return "PROGRAM_DOWNLOAD";
      default:
        return String.format(Locale.ROOT, "FC90_SUB%d", subFunction);
    }
  }

  /** Sub-functions that change the device (mode, program). */
  public static boolean changesDevice(int subFunction) {
    return subFunction == SET_MODE
        || subFunction == DOWNLOAD_BEGIN
        || subFunction == DOWNLOAD_SEGMENT
        || subFunction == DOWNLOAD_COMMIT;
  }

  /** The phase of a download sub-function for descriptions, empty otherwise. */
  public static String phase(int subFunction) {
    switch (subFunction) {
      case DOWNLOAD_BEGIN:
        return "begin";
      case DOWNLOAD_SEGMENT:
        return "segment";
      case DOWNLOAD_COMMIT:
        return "commit";
      default:
        return "";
    }
  }

  // ------------------------------------------------------------ request PDUs, for clients

  public static byte[] info() {
    return new byte[] {(byte) FUNCTION_CODE, INFO};
  }

  public static byte[] setMode(PlcMode mode) {
    return new byte[] {(byte) FUNCTION_CODE, SET_MODE, (byte) mode.code()};
  }

  public static byte[] upload(int offset, int max) {
    return ByteBuffer.allocate(5)
        .put((byte) FUNCTION_CODE)
        .put((byte) UPLOAD)
        .putShort((short) offset)
        .put((byte) max)
        .array();
  }

  public static byte[] downloadBegin(int total, long crc) {
    return ByteBuffer.allocate(8)
        .put((byte) FUNCTION_CODE)
        .put((byte) DOWNLOAD_BEGIN)
        .putShort((short) total)
        .putInt((int) crc)
        .array();
  }

  public static byte[] downloadSegment(int offset, byte[] program, int from, int length) {
    ByteBuffer b = ByteBuffer.allocate(5 + length);
    b.put((byte) FUNCTION_CODE).put((byte) DOWNLOAD_SEGMENT).putShort((short) offset);
    b.put((byte) length).put(program, from, length);
    return b.array();
  }

  public static byte[] downloadCommit() {
    return new byte[] {(byte) FUNCTION_CODE, DOWNLOAD_COMMIT};
  }

  // ------------------------------------------------------------ response parsing, for clients

  /**
   * An INFO response as a client reads it.
   *
   * @param mode operating mode
   * @param downloadOpen whether a download is staged
   * @param blocks blocks in the running program
   * @param programBytes program text size
   * @param crc CRC-32 of the program text
   * @param downloads programs committed since start
   */
  public record Info(
      PlcMode mode, boolean downloadOpen, int blocks, int programBytes, long crc, int downloads) {}

  /** Parses an INFO response PDU. */
  public static Info parseInfo(byte[] pdu) throws IOException {
    check(pdu, INFO, 13);
    ByteBuffer b = ByteBuffer.wrap(pdu, 2, 11);
    PlcMode mode = mode(b.get() & 0xFF);
    boolean open = (b.get() & 1) != 0;
    int blocks = b.get() & 0xFF;
    int bytes = b.getShort() & 0xFFFF;
    long crc = b.getInt() & 0xFFFFFFFFL;
    int downloads = b.getShort() & 0xFFFF;
    return new Info(mode, open, blocks, bytes, crc, downloads);
  }

  /** Parses a SET_MODE response PDU. */
  public static PlcMode parseMode(byte[] pdu) throws IOException {
    check(pdu, SET_MODE, 3);
    return mode(pdu[2] & 0xFF);
  }

  /**
   * One UPLOAD response.
   *
   * @param offset where {@code data} starts in the program
   * @param total program size
   * @param data the bytes
   */
  public record Chunk(int offset, int total, byte[] data) {}

  public static Chunk parseUpload(byte[] pdu) throws IOException {
    if (pdu.length < 7) {
      throw new IOException("FC90 upload response of " + pdu.length + " bytes is too short");
    }
    check(pdu, UPLOAD, pdu.length);
    ByteBuffer b = ByteBuffer.wrap(pdu, 2, pdu.length - 2);
    int offset = b.getShort() & 0xFFFF;
    int total = b.getShort() & 0xFFFF;
    int n = b.get() & 0xFF;
    if (pdu.length != 7 + n) {
      throw new IOException(
          "FC90 upload response says " + n + " bytes but has " + (pdu.length - 7));
    }
    byte[] data = new byte[n];
    b.get(data);
    return new Chunk(offset, total, data);
  }

  private static void check(byte[] pdu, int sub, int length) throws IOException {
    if (pdu.length != length || (pdu[0] & 0xFF) != FUNCTION_CODE || (pdu[1] & 0xFF) != sub) {
      throw new IOException(
          "FC90 response to sub-function "
              + sub
              + " is malformed ("
              + pdu.length
              + " bytes, expected "
              + length
              + ")");
    }
  }

  private static PlcMode mode(int code) throws IOException {
    try {
      return PlcMode.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new IOException("FC90 response names mode " + code, e);
    }
  }
}
