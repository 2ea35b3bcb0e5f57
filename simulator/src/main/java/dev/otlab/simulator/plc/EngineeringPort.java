package dev.otlab.simulator.plc;

import dev.otlab.core.OtlabException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an engineering tool may do to a controller: read its state, change its operating mode,
 * upload its program and download a new one. Protocol servers (Modbus FC 90) translate requests
 * into these calls and refusals into their own error codes.
 *
 * <p>Rules, as on a PLC whose key switch is in REMOTE: any mode may be set at any time; a download
 * is only accepted in PROGRAM mode; a download arrives in segments into a staging buffer, one
 * download at a time per controller, and replaces the program only when the commit finds every byte
 * present, the CRC right and every block valid for this controller's points. Anything else discards
 * the staged bytes and leaves the running program untouched: never half a program. Leaving PROGRAM
 * mode discards an unfinished download too.
 */
public final class EngineeringPort {

  /** How a request ended. */
  public sealed interface Result<T> {
    /** Done; {@code value} is what the request returns. */
    record Ok<T>(T value) implements Result<T> {}

    /** Refused; nothing changed (a failed commit also discards the staged download). */
    record Refused<T>(Reason reason, String detail) implements Result<T> {}
  }

  /** Why a request was refused. */
  public enum Reason {
    /** The controller is not in the mode the request needs (Modbus 04). */
    WRONG_MODE,
    /** The request or the program it carries is invalid (Modbus 03). */
    INVALID,
    /** The controller cannot serve it, e.g. it has no program source to upload (Modbus 04). */
    UNAVAILABLE
  }

  /**
   * A controller's state as an engineering tool reads it.
   *
   * @param mode operating mode
   * @param blocks blocks in the running program
   * @param programBytes size of the running program's text, 0 when it has no source
   * @param programCrc CRC-32 of that text
   * @param downloads programs committed since start
   * @param downloadOpen whether a download is staged and not yet committed
   */
  public record Info(
      PlcMode mode,
      int blocks,
      int programBytes,
      long programCrc,
      int downloads,
      boolean downloadOpen) {}

  private final SoftPlc plc;
  private ByteArrayOutputStream staged = new ByteArrayOutputStream();
  private int expectedBytes = -1;
  private long expectedCrc;
  private int downloads;

  EngineeringPort(SoftPlc plc) {
    this.plc = plc;
  }

  public synchronized Info info() {
    byte[] text = programBytes();
    return new Info(
        plc.mode(),
        plc.program().size(),
        text.length,
        ProgramCodec.crc(text),
        downloads,
        expectedBytes >= 0);
  }

  /** Sets the mode; leaving PROGRAM abandons an unfinished download. */
  public synchronized Result<PlcMode> setMode(PlcMode mode) {
    if (mode != PlcMode.PROGRAM) {
      discard();
    }
    plc.setMode(mode);
    return new Result.Ok<>(mode);
  }

  /** The running program's text. */
  public synchronized Result<byte[]> upload() {
    if (plc.source().isEmpty()) {
      return new Result.Refused<>(
          Reason.UNAVAILABLE, plc.id() + " holds no program source to upload");
    }
    return new Result.Ok<>(programBytes());
  }

  /** Opens a download of {@code totalBytes} with CRC-32 {@code crc}, dropping any staged one. */
  public synchronized Result<Integer> beginDownload(int totalBytes, long crc) {
    Result<Integer> mode = requireProgramMode();
    if (mode != null) {
      return mode;
    }
    discard();
    if (totalBytes < 0 || totalBytes > ProgramCodec.MAX_BYTES) {
      return new Result.Refused<>(
          Reason.INVALID,
          "program size " + totalBytes + " is outside 0.." + ProgramCodec.MAX_BYTES);
    }
    expectedBytes = totalBytes;
    expectedCrc = crc & 0xFFFFFFFFL;
    return new Result.Ok<>(totalBytes);
  }

  /**
   * Appends a segment; it must start where the bytes received so far end.
   *
   * @return bytes received so far
   */
  public synchronized Result<Integer> downloadSegment(int offset, byte[] data) {
    Result<Integer> mode = requireProgramMode();
    if (mode != null) {
      return mode;
    }
    if (expectedBytes < 0) {
      return new Result.Refused<>(Reason.INVALID, "no download is open; begin one first");
    }
    if (offset != staged.size()) {
      int have = staged.size();
      discard();
      return new Result.Refused<>(
          Reason.INVALID,
          "segment at offset "
              + offset
              + " but "
              + have
              + " bytes were received; download dropped");
    }
    if (offset + data.length > expectedBytes) {
      int announced = expectedBytes;
      discard();
      return new Result.Refused<>(
          Reason.INVALID,
          "segment runs to byte "
              + (offset + data.length)
              + ", past the announced "
              + announced
              + "; download dropped");
    }
    staged.writeBytes(data);
    return new Result.Ok<>(staged.size());
  }

  /** Checks and installs the staged program. */
  public synchronized Result<Info> commitDownload() {
    Result<Info> mode = requireProgramMode();
    if (mode != null) {
      return mode;
    }
    if (expectedBytes < 0) {
      return new Result.Refused<>(Reason.INVALID, "no download is open; begin one first");
    }
    byte[] bytes = staged.toByteArray();
    int expected = expectedBytes;
    long crc = expectedCrc;
    discard();
    if (bytes.length != expected) {
      return new Result.Refused<>(
          Reason.INVALID, "received " + bytes.length + " of " + expected + " program bytes");
    }
    if (ProgramCodec.crc(bytes) != crc) {
      return new Result.Refused<>(
          Reason.INVALID,
          String.format(
              "program CRC is %08X, the download announced %08X", ProgramCodec.crc(bytes), crc));
    }
    try {
      List<BlockSpec> program = ProgramCodec.decode(bytes);
      plc.load(program);
    } catch (OtlabException e) {
      return new Result.Refused<>(Reason.INVALID, e.getMessage());
    }
    downloads++;
    return new Result.Ok<>(info());
  }

  private <T> Result.@Nullable Refused<T> requireProgramMode() {
    if (plc.mode() != PlcMode.PROGRAM) {
      return new Result.Refused<>(
          Reason.WRONG_MODE, plc.id() + " is in " + plc.mode() + " mode; downloads need PROGRAM");
    }
    return null;
  }

  private void discard() {
    staged = new ByteArrayOutputStream();
    expectedBytes = -1;
    expectedCrc = 0;
  }

  private byte[] programBytes() {
    return plc.source().map(ProgramCodec::encodeBytes).orElse(new byte[0]);
  }
}
