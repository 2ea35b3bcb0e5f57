package dev.otlab.simulator.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessImageTest {

  static ProcessImage image() {
    return new ProcessImage(
        "plc-t",
        1,
        "test",
        DeviceIdentity.defaults(),
        List.of(
            new PointSpec(
                "level", Table.INPUT_REGISTER, 0, DataType.INT16, 1000, "m", false, 0, 4, ""),
            new PointSpec(
                "flow", Table.INPUT_REGISTER, 1, DataType.UINT16, 10, "m3/h", false, 0, 100, ""),
            new PointSpec(
                "sp", Table.HOLDING_REGISTER, 0, DataType.INT16, 1000, "m", true, 0.5, 3.5, ""),
            new PointSpec(
                "temp", Table.HOLDING_REGISTER, 2, DataType.FLOAT32, 1, "K", true, 300, 370, ""),
            new PointSpec(
                "status", Table.HOLDING_REGISTER, 4, DataType.INT16, 1, "", false, 0, 10, ""),
            new PointSpec("pump", Table.COIL, 0, DataType.BOOL, 1, "", true, 0, 1, ""),
            new PointSpec("trip", Table.COIL, 1, DataType.BOOL, 1, "", false, 0, 1, ""),
            new PointSpec(
                "running", Table.DISCRETE_INPUT, 0, DataType.BOOL, 1, "", false, 0, 1, "")),
        () -> 7.5);
  }

  @Test
  void encodesScaledIntegersAndFloatPairs() {
    ProcessImage img = image();
    img.set("level", 2.345);
    img.set("flow", 30.04);
    img.set("temp", 350.25);
    var words = ((ReadResult.Words) img.readWords(Table.INPUT_REGISTER, 0, 2)).values();
    assertThat(words[0]).isEqualTo((short) 2345);
    assertThat(words[1]).isEqualTo((short) 300);
    var temp = ((ReadResult.Words) img.readWords(Table.HOLDING_REGISTER, 2, 2)).values();
    int bits = ((temp[0] & 0xFFFF) << 16) | (temp[1] & 0xFFFF);
    assertThat(Float.intBitsToFloat(bits)).isEqualTo(350.25f);
  }

  @Test
  void writesAreValidatedAllOrNothing() {
    ProcessImage img = image();
    img.set("sp", 1.0);
    assertThat(img.writeRegisters(0, new short[] {2500})).isInstanceOf(WriteResult.Written.class);
    assertThat(img.get("sp")).isEqualTo(2.5);
    // Below the envelope.
    assertThat(((Rejected) img.writeRegisters(0, new short[] {100})).reason())
        .isEqualTo(Rejection.OUT_OF_RANGE);
    assertThat(img.get("sp")).isEqualTo(2.5);
    // Unmapped address 1 inside the range: nothing is written.
    assertThat(((Rejected) img.writeRegisters(0, new short[] {2000, 0, 0})).reason())
        .isEqualTo(Rejection.ILLEGAL_ADDRESS);
    assertThat(img.get("sp")).isEqualTo(2.5);
  }

  @Test
  void halfOfAFloatCannotBeWritten() {
    ProcessImage img = image();
    assertThat(((Rejected) img.writeRegisters(2, new short[] {0x43AF})).reason())
        .isEqualTo(Rejection.ILLEGAL_ADDRESS);
    assertThat(((Rejected) img.writeRegisters(3, new short[] {0})).reason())
        .isEqualTo(Rejection.ILLEGAL_ADDRESS);
  }

  @Test
  void nanAndInfinityNeverReachTheImage() {
    ProcessImage img = image();
    img.set("temp", 350);
    int nan = Float.floatToIntBits(Float.NaN);
    var r = img.writeRegisters(2, new short[] {(short) (nan >>> 16), (short) nan});
    assertThat(((Rejected) r).reason()).isEqualTo(Rejection.NOT_A_NUMBER);
    assertThat(((Rejected) img.writeTag("temp", Double.POSITIVE_INFINITY)).reason())
        .isEqualTo(Rejection.NOT_A_NUMBER);
    assertThat(img.get("temp")).isEqualTo(350.0);
  }

  @Test
  void readOnlyPointsRefuseWrites() {
    ProcessImage img = image();
    assertThat(((Rejected) img.writeRegisters(4, new short[] {1})).reason())
        .isEqualTo(Rejection.READ_ONLY);
    assertThat(((Rejected) img.writeCoils(0, new boolean[] {true, true})).reason())
        .isEqualTo(Rejection.READ_ONLY);
    assertThat(img.get("pump")).isZero();
    assertThat(((Rejected) img.writeTag("level", 1.0)).reason()).isEqualTo(Rejection.READ_ONLY);
  }

  @Test
  void tagWritesCheckTypesAndRoundToTheEncoding() {
    ProcessImage img = image();
    assertThat(((Rejected) img.writeTag("sp", "2.0")).reason()).isEqualTo(Rejection.TYPE_MISMATCH);
    assertThat(((Rejected) img.writeTag("pump", 1.0)).reason()).isEqualTo(Rejection.TYPE_MISMATCH);
    assertThat(img.writeTag("pump", true)).isInstanceOf(WriteResult.Written.class);
    assertThat(img.writeTag("sp", 2.00049)).isInstanceOf(WriteResult.Written.class);
    assertThat(img.get("sp")).isEqualTo(2.0);
    assertThat(((Rejected) img.writeTag("nope", 1.0)).reason())
        .isEqualTo(Rejection.ILLEGAL_ADDRESS);
  }

  @Test
  void readsOutsideTheMapAreIllegalAddresses() {
    ProcessImage img = image();
    assertThat(img.readWords(Table.INPUT_REGISTER, 0, 3)).isInstanceOf(Rejected.class);
    assertThat(img.readBits(Table.COIL, 0, 2)).isInstanceOf(ReadResult.Bits.class);
    assertThat(img.readBits(Table.COIL, 65535, 2)).isInstanceOf(Rejected.class);
    assertThat(img.readWords(Table.COIL, 0, 1)).isInstanceOf(Rejected.class);
  }

  @Test
  void unavailableControllerRejectsEverythingAndReportsBadQuality() {
    ProcessImage img = image();
    img.setAvailable(false);
    assertThat(((Rejected) img.readWords(Table.INPUT_REGISTER, 0, 1)).reason())
        .isEqualTo(Rejection.DEVICE_FAILURE);
    assertThat(img.readTag("level").orElseThrow().quality()).isEqualTo(Quality.BAD);
  }

  @Test
  void overlappingOrDuplicatePointsAreRefusedAtConstruction() {
    var a = new PointSpec("a", Table.HOLDING_REGISTER, 0, DataType.FLOAT32, 1, "", true, 0, 1, "");
    var b = new PointSpec("b", Table.HOLDING_REGISTER, 1, DataType.INT16, 1, "", true, 0, 1, "");
    assertThatThrownBy(
            () -> new ProcessImage("p", 1, "", DeviceIdentity.defaults(), List.of(a, b), () -> 0))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("share");
    assertThatThrownBy(
            () -> new ProcessImage("p", 1, "", DeviceIdentity.defaults(), List.of(a, a), () -> 0))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void pointSpecsRejectImpossibleMaps() {
    assertThatThrownBy(
            () -> new PointSpec("x", Table.COIL, 0, DataType.INT16, 1, "", true, 0, 1, ""))
        .isInstanceOf(OtlabException.class);
    assertThatThrownBy(
            () ->
                new PointSpec("x", Table.INPUT_REGISTER, 0, DataType.INT16, 1, "", true, 0, 1, ""))
        .hasMessageContaining("read-only table");
    assertThatThrownBy(
            () ->
                new PointSpec(
                    "x", Table.HOLDING_REGISTER, 0, DataType.INT16, 1000, "", true, 0, 40, ""))
        .hasMessageContaining("does not fit");
    assertThatThrownBy(
            () ->
                new PointSpec(
                    "x", Table.HOLDING_REGISTER, 65535, DataType.FLOAT32, 1, "", true, 0, 1, ""))
        .isInstanceOf(OtlabException.class);
    assertThatThrownBy(
            () -> new PointSpec("Bad Tag", Table.COIL, 0, DataType.BOOL, 1, "", true, 0, 1, ""))
        .isInstanceOf(OtlabException.class);
  }
}
