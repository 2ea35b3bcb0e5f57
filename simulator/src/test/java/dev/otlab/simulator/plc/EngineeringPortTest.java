package dev.otlab.simulator.plc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.plc.EngineeringPort.Reason;
import dev.otlab.simulator.plc.EngineeringPort.Result;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineeringPortTest {

  private static final List<BlockSpec> FILL =
      List.of(
          new BlockSpec(
              "hysteresis",
              Map.of(
                  "level", "level", "output", "valve", "low", "1", "high", "3", "action", "fill")));

  private static final List<BlockSpec> DRAIN =
      List.of(
          new BlockSpec(
              "hysteresis",
              Map.of(
                  "level", "level", "output", "valve", "low", "1", "high", "3", "action",
                  "drain")));

  private final ProcessImage image =
      new ProcessImage(
          "plc-t",
          1,
          "",
          DeviceIdentity.defaults(),
          List.of(
              new PointSpec(
                  "level", Table.INPUT_REGISTER, 0, DataType.FLOAT32, 1, "m", false, 0, 5, ""),
              new PointSpec("valve", Table.COIL, 0, DataType.BOOL, 1, "", true, 0, 1, "")),
          () -> 0);
  private final SoftPlc plc = SoftPlc.fromSource("plc-t", SoftPlc.Kind.PLC, image, FILL, 0.1);
  private final EngineeringPort port = plc.engineering();

  /**
   * One scan at a level of 0.5 m, below both limits, starting from valve {@code before}: the fill
   * program opens the valve, the drain program closes it, a held output keeps {@code before}.
   */
  private double valveAtLowLevel(double before) {
    image.set("level", 0.5);
    image.set("valve", before);
    plc.scan(plc.scans() * 0.1 + 0.1);
    return image.get("valve");
  }

  private static <T> T ok(Result<T> r) {
    assertThat(r).isInstanceOf(Result.Ok.class);
    return ((Result.Ok<T>) r).value();
  }

  private static void refused(Result<?> r, Reason reason, String detail) {
    assertThat(r)
        .isInstanceOfSatisfying(
            Result.Refused.class,
            x -> {
              assertThat(x.reason()).isEqualTo(reason);
              assertThat(x.detail()).contains(detail);
            });
  }

  private Result<EngineeringPort.Info> download(byte[] text, long crc) {
    ok(port.beginDownload(text.length, crc));
    for (int off = 0; off < text.length; off += 7) {
      ok(port.downloadSegment(off, Arrays.copyOfRange(text, off, Math.min(text.length, off + 7))));
    }
    return port.commitDownload();
  }

  private Result<EngineeringPort.Info> download(List<BlockSpec> program) {
    byte[] text = ProgramCodec.encodeBytes(program);
    return download(text, ProgramCodec.crc(text));
  }

  @Test
  void uploadsTheRunningProgramAndReportsItsCrc() {
    byte[] text = ok(port.upload());
    assertThat(ProgramCodec.decode(text)).isEqualTo(FILL);
    EngineeringPort.Info info = port.info();
    assertThat(info.mode()).isEqualTo(PlcMode.RUN);
    assertThat(info.blocks()).isEqualTo(1);
    assertThat(info.programBytes()).isEqualTo(text.length);
    assertThat(info.programCrc()).isEqualTo(ProgramCodec.crc(text));
    assertThat(info.downloads()).isZero();
  }

  @Test
  void aDownloadInProgramModeReplacesTheProgramFromTheNextScan() {
    assertThat(valveAtLowLevel(0)).isEqualTo(1.0);
    ok(port.setMode(PlcMode.PROGRAM));
    EngineeringPort.Info info = ok(download(DRAIN));
    ok(port.setMode(PlcMode.RUN));

    assertThat(info.downloads()).isEqualTo(1);
    assertThat(info.programCrc()).isEqualTo(ProgramCodec.crc(ProgramCodec.encodeBytes(DRAIN)));
    assertThat(plc.source()).contains(DRAIN);
    assertThat(valveAtLowLevel(1)).isEqualTo(0.0);
  }

  @Test
  void downloadsAreRefusedOutsideProgramMode() {
    byte[] text = ProgramCodec.encodeBytes(DRAIN);
    for (PlcMode mode : List.of(PlcMode.RUN, PlcMode.STOP)) {
      ok(port.setMode(mode));
      refused(
          port.beginDownload(text.length, ProgramCodec.crc(text)), Reason.WRONG_MODE, "PROGRAM");
      refused(port.downloadSegment(0, text), Reason.WRONG_MODE, "PROGRAM");
      refused(port.commitDownload(), Reason.WRONG_MODE, "PROGRAM");
    }
    assertThat(plc.source()).contains(FILL);
  }

  @Test
  void leavingProgramModeAbandonsAStagedDownload() {
    byte[] text = ProgramCodec.encodeBytes(DRAIN);
    ok(port.setMode(PlcMode.PROGRAM));
    ok(port.beginDownload(text.length, ProgramCodec.crc(text)));
    ok(port.downloadSegment(0, text));
    assertThat(port.info().downloadOpen()).isTrue();
    ok(port.setMode(PlcMode.STOP));
    ok(port.setMode(PlcMode.PROGRAM));
    assertThat(port.info().downloadOpen()).isFalse();
    refused(port.commitDownload(), Reason.INVALID, "no download is open");
    assertThat(plc.source()).contains(FILL);
  }

  @Test
  void badDownloadsNeverInstallHalfAProgram() {
    ok(port.setMode(PlcMode.PROGRAM));
    long before = port.info().programCrc();
    byte[] good = ProgramCodec.encodeBytes(DRAIN);

    refused(download(good, ProgramCodec.crc(good) ^ 1), Reason.INVALID, "CRC");
    refused(
        download(List.of(new BlockSpec("fuzzy", Map.of()))),
        Reason.INVALID,
        "no control block type 'fuzzy'");
    refused(
        download(
            List.of(
                new BlockSpec(
                    "hysteresis",
                    Map.of("level", "level", "output", "nowhere", "low", "1", "high", "3")))),
        Reason.INVALID,
        "'nowhere'");
    byte[] garbage = "hysteresis level\n".getBytes(StandardCharsets.US_ASCII);
    refused(download(garbage, ProgramCodec.crc(garbage)), Reason.INVALID, "not name=value");
    // Missing bytes at commit.
    ok(port.beginDownload(good.length, ProgramCodec.crc(good)));
    ok(port.downloadSegment(0, Arrays.copyOf(good, 10)));
    refused(port.commitDownload(), Reason.INVALID, "received 10 of " + good.length);
    // A segment out of order drops the download.
    ok(port.beginDownload(good.length, ProgramCodec.crc(good)));
    refused(port.downloadSegment(5, Arrays.copyOf(good, 3)), Reason.INVALID, "offset 5");
    refused(port.commitDownload(), Reason.INVALID, "no download is open");
    // More bytes than announced drop it too.
    ok(port.beginDownload(3, 0));
    refused(port.downloadSegment(0, good), Reason.INVALID, "past the announced 3");
    refused(port.beginDownload(ProgramCodec.MAX_BYTES + 1, 0), Reason.INVALID, "outside");

    assertThat(port.info().programCrc()).isEqualTo(before);
    assertThat(port.info().downloads()).isZero();
    assertThat(plc.source()).contains(FILL);
    ok(port.setMode(PlcMode.RUN));
    assertThat(valveAtLowLevel(0)).isEqualTo(1.0);
  }

  @Test
  void programAndStopHoldTheOutputs() {
    assertThat(valveAtLowLevel(0)).isEqualTo(1.0);
    for (PlcMode mode : List.of(PlcMode.PROGRAM, PlcMode.STOP)) {
      ok(port.setMode(mode));
      assertThat(valveAtLowLevel(0)).as("%s", mode).isEqualTo(0.0);
    }
    ok(port.setMode(PlcMode.RUN));
    assertThat(valveAtLowLevel(0)).isEqualTo(1.0);
  }

  @Test
  void aControllerBuiltFromBlocksHasNothingToUpload() {
    SoftPlc bare =
        new SoftPlc("plc-b", SoftPlc.Kind.PLC, image, ControlBlocks.build(FILL, image), 0.1);
    refused(bare.engineering().upload(), Reason.UNAVAILABLE, "no program source");
    assertThat(bare.engineering().info().programBytes()).isZero();
  }
}
