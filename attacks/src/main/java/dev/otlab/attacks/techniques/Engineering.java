package dev.otlab.attacks.techniques;

import dev.otlab.simulator.modbus.EngineeringProtocol;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.ProgramCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The client half of FC90 (see {@link EngineeringProtocol}) over an attack step's connection: what
 * an engineering tool, or an attacker holding one, sends to read, stop and reprogram a PLC.
 */
final class Engineering {

  private final ModbusConnection wire;

  Engineering(ModbusConnection wire) {
    this.wire = wire;
  }

  EngineeringProtocol.Info info() throws IOException {
    return EngineeringProtocol.parseInfo(wire.engineering(EngineeringProtocol.info()));
  }

  PlcMode setMode(PlcMode mode) throws IOException {
    return EngineeringProtocol.parseMode(wire.engineering(EngineeringProtocol.setMode(mode)));
  }

  /** The whole program text, segment by segment. */
  byte[] upload() throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    int total = -1;
    while (total < 0 || text.size() < total) {
      EngineeringProtocol.Chunk c =
          EngineeringProtocol.parseUpload(
              wire.engineering(
                  EngineeringProtocol.upload(text.size(), EngineeringProtocol.MAX_SEGMENT)));
      if (c.offset() != text.size() || (total >= 0 && c.total() != total)) {
        throw new IOException("the program changed during the upload");
      }
      total = c.total();
      if (c.data().length == 0 && text.size() < total) {
        throw new IOException("upload stalled at byte " + text.size() + " of " + total);
      }
      text.writeBytes(c.data());
      if (total > ProgramCodec.MAX_BYTES) {
        throw new IOException("program of " + total + " bytes is larger than any PLC accepts");
      }
    }
    return text.toByteArray();
  }

  /** Begin, segments, commit; the PLC must be in PROGRAM mode. */
  void download(byte[] program) throws IOException {
    wire.engineering(EngineeringProtocol.downloadBegin(program.length, ProgramCodec.crc(program)));
    for (int off = 0; off < program.length; off += EngineeringProtocol.MAX_SEGMENT) {
      int n = Math.min(EngineeringProtocol.MAX_SEGMENT, program.length - off);
      wire.engineering(EngineeringProtocol.downloadSegment(off, program, off, n));
    }
    wire.engineering(EngineeringProtocol.downloadCommit());
  }
}
