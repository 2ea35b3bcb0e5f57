package dev.otlab.simulator.modbus;

import static dev.otlab.simulator.modbus.ModbusPdu.fromHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.modbus.ModbusRequestHandler.Reply;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.ProgramCodec;
import dev.otlab.simulator.plc.SoftPlc;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FC90 through the decoder and the handler, as the server runs them, without sockets. */
class EngineeringFunctionTest {

  private static final List<BlockSpec> FILL =
      List.of(
          new BlockSpec(
              "hysteresis",
              Map.of("level", "level", "output", "pump_run", "low", "2", "high", "8")));
  private static final List<BlockSpec> DRAIN =
      List.of(
          new BlockSpec(
              "hysteresis",
              Map.of(
                  "level",
                  "level",
                  "output",
                  "pump_run",
                  "low",
                  "2",
                  "high",
                  "8",
                  "action",
                  "drain")));

  private final ProcessImage image = ModbusFixtures.image();
  private final SoftPlc plc = SoftPlc.fromSource("plc-m", SoftPlc.Kind.PLC, image, FILL, 0.1);
  private final ModbusRequestDecoder decoder = new ModbusRequestDecoder(ModbusFixtures.UNIT_ID);
  private final ModbusRequestHandler handler = new ModbusRequestHandler(image, plc.engineering());

  private Reply send(byte[] pdu) {
    Decoded d = decoder.decodePdu(new MbapHeader(1, 0, pdu.length + 1, 1), pdu);
    if (d instanceof Decoded.Reject r) {
      return new Reply.Failure(r.functionCode(), r.code(), r.detail());
    }
    assertThat(d).isInstanceOf(Decoded.Request.class);
    return handler.handle(((Decoded.Request) d).request());
  }

  private byte[] ok(byte[] pdu) {
    Reply r = send(pdu);
    assertThat(r).isInstanceOf(Reply.Response.class);
    return ((Reply.Response) r).pdu();
  }

  private int exception(byte[] pdu) {
    Reply r = send(pdu);
    assertThat(r).isInstanceOf(Reply.Failure.class);
    Reply.Failure f = (Reply.Failure) r;
    assertThat(f.functionCode()).isEqualTo(0x5A);
    return f.code().code();
  }

  private byte[] upload() throws IOException {
    byte[] text = new byte[0];
    int total;
    do {
      EngineeringProtocol.Chunk c =
          EngineeringProtocol.parseUpload(ok(EngineeringProtocol.upload(text.length, 16)));
      assertThat(c.offset()).isEqualTo(text.length);
      total = c.total();
      byte[] grown = Arrays.copyOf(text, text.length + c.data().length);
      System.arraycopy(c.data(), 0, grown, text.length, c.data().length);
      text = grown;
    } while (text.length < total);
    return text;
  }

  private void download(byte[] text, long crc) {
    ok(EngineeringProtocol.downloadBegin(text.length, crc));
    for (int off = 0; off < text.length; off += EngineeringProtocol.MAX_SEGMENT) {
      int n = Math.min(EngineeringProtocol.MAX_SEGMENT, text.length - off);
      ok(EngineeringProtocol.downloadSegment(off, text, off, n));
    }
  }

  @Test
  void infoModeUploadAndDownloadRoundTrip() throws IOException {
    EngineeringProtocol.Info info = EngineeringProtocol.parseInfo(ok(EngineeringProtocol.info()));
    byte[] text = upload();
    assertThat(ProgramCodec.decode(text)).isEqualTo(FILL);
    assertThat(info.mode()).isEqualTo(PlcMode.RUN);
    assertThat(info.crc()).isEqualTo(ProgramCodec.crc(text));
    assertThat(info.programBytes()).isEqualTo(text.length);

    assertThat(EngineeringProtocol.parseMode(ok(EngineeringProtocol.setMode(PlcMode.PROGRAM))))
        .isEqualTo(PlcMode.PROGRAM);
    byte[] drain = ProgramCodec.encodeBytes(DRAIN);
    download(drain, ProgramCodec.crc(drain));
    byte[] commit = ok(EngineeringProtocol.downloadCommit());
    assertThat(commit).hasSize(9);
    ok(EngineeringProtocol.setMode(PlcMode.RUN));

    info = EngineeringProtocol.parseInfo(ok(EngineeringProtocol.info()));
    assertThat(info.crc()).isEqualTo(ProgramCodec.crc(drain));
    assertThat(info.downloads()).isEqualTo(1);
    assertThat(upload()).isEqualTo(drain);
    assertThat(plc.source()).contains(DRAIN);
  }

  @Test
  void aDownloadOutsideProgramModeIsException04() {
    byte[] drain = ProgramCodec.encodeBytes(DRAIN);
    assertThat(exception(EngineeringProtocol.downloadBegin(drain.length, ProgramCodec.crc(drain))))
        .isEqualTo(4);
    ok(EngineeringProtocol.setMode(PlcMode.STOP));
    assertThat(exception(EngineeringProtocol.downloadCommit())).isEqualTo(4);
    assertThat(plc.source()).contains(FILL);
  }

  @Test
  void anInvalidProgramIsException03AndChangesNothing() {
    ok(EngineeringProtocol.setMode(PlcMode.PROGRAM));
    byte[] bad =
        ProgramCodec.encodeBytes(
            List.of(new BlockSpec("hysteresis", Map.of("level", "level", "output", "pump_run"))));
    download(bad, ProgramCodec.crc(bad));
    assertThat(exception(EngineeringProtocol.downloadCommit())).isEqualTo(3);
    byte[] drain = ProgramCodec.encodeBytes(DRAIN);
    download(drain, ProgramCodec.crc(drain) + 1);
    assertThat(exception(EngineeringProtocol.downloadCommit())).isEqualTo(3);
    assertThat(exception(EngineeringProtocol.upload(500, 10))).isEqualTo(3);
    assertThat(plc.source()).contains(FILL);
    assertThat(plc.engineering().info().downloads()).isZero();
  }

  @Test
  void malformedRequestsGetTheRightExceptionFromTheDecoder() {
    assertThat(exception(fromHex("5a"))).isEqualTo(3);
    assertThat(exception(fromHex("5a 07"))).isEqualTo(1);
    assertThat(exception(fromHex("5a 01 00"))).isEqualTo(3);
    assertThat(exception(fromHex("5a 02"))).isEqualTo(3);
    assertThat(exception(fromHex("5a 02 00"))).isEqualTo(3);
    assertThat(exception(fromHex("5a 02 04"))).isEqualTo(3);
    assertThat(exception(fromHex("5a 03 00 00 00"))).isEqualTo(3);
    assertThat(exception(fromHex("5a 03 00 00 f1"))).isEqualTo(3);
    assertThat(exception(fromHex("5a 04 00 10 00 00 00"))).isEqualTo(3);
    assertThat(exception(fromHex("5a 05 00 00 03 61 62"))).isEqualTo(3);
    assertThat(exception(fromHex("5a 05 00 00 00"))).isEqualTo(3);
    assertThat(plc.mode()).isEqualTo(PlcMode.RUN);
  }

  @Test
  void aDeviceWithoutEngineeringAccessAnswers01() {
    ModbusRequestHandler plain = new ModbusRequestHandler(image);
    Reply r = plain.handle(new ModbusRequest.Engineering(EngineeringProtocol.INFO, new byte[0]));
    assertThat(r)
        .isInstanceOfSatisfying(
            Reply.Failure.class,
            f -> assertThat(f.code()).isEqualTo(ModbusExceptionCode.ILLEGAL_FUNCTION));
  }

  @Test
  void randomFc90FramesNeverThrowAndNeverHalfInstallAProgram() {
    SplittableRandom rnd = new SplittableRandom(0x5A);
    byte[] valid = ProgramCodec.encodeBytes(DRAIN);
    for (int run = 0; run < 5000; run++) {
      byte[] pdu = new byte[2 + rnd.nextInt(12)];
      for (int i = 1; i < pdu.length; i++) {
        pdu[i] = (byte) rnd.nextInt(256);
      }
      pdu[0] = 0x5A;
      pdu[1] = (byte) (1 + rnd.nextInt(7));
      Reply r = send(pdu);
      assertThat(r).isNotNull();
      // Whatever random frames did, the program is one of the two whole programs, never a mix.
      assertThat(plc.source().orElseThrow()).isIn(FILL, DRAIN);
      if (run % 500 == 0) {
        ok(EngineeringProtocol.setMode(PlcMode.PROGRAM));
        download(valid, ProgramCodec.crc(valid));
      }
    }
    assertThat(plc.source().orElseThrow()).isIn(FILL, DRAIN);
  }
}
