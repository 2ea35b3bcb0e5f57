package dev.otlab.simulator.modbus;

import static dev.otlab.simulator.modbus.ModbusFixtures.HR_RATIO;
import static dev.otlab.simulator.modbus.ModbusFixtures.HR_SERIAL;
import static dev.otlab.simulator.modbus.ModbusFixtures.HR_SETPOINT;
import static dev.otlab.simulator.modbus.ModbusFixtures.HR_SPEED;
import static dev.otlab.simulator.modbus.ModbusPdu.fromHex;
import static dev.otlab.simulator.modbus.ModbusPdu.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.modbus.ModbusRequestHandler.Reply;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.Rejection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModbusRequestHandlerTest {

  private final ProcessImage image = ModbusFixtures.image();
  private final ModbusRequestHandler handler = new ModbusRequestHandler(image);

  private Reply handle(String pduHex) {
    Decoded d =
        new ModbusRequestDecoder(1)
            .decodePdu(new MbapHeader(1, 0, fromHex(pduHex).length + 1, 1), fromHex(pduHex));
    assertThat(d).isInstanceOf(Decoded.Request.class);
    return handler.handle(((Decoded.Request) d).request());
  }

  private String response(String pduHex) {
    Reply r = handle(pduHex);
    assertThat(r).isInstanceOf(Reply.Response.class);
    return hex(((Reply.Response) r).pdu());
  }

  private ModbusExceptionCode failure(String pduHex) {
    Reply r = handle(pduHex);
    assertThat(r).isInstanceOf(Reply.Failure.class);
    return ((Reply.Failure) r).code();
  }

  @Test
  void readsCoilsPackedLsbFirst() {
    // pump_run=1, valve_open=0, alarm_ack=0, interlock=1 -> 0b1001
    assertThat(response("01 0000 0004")).isEqualTo("01 01 09");
  }

  @Test
  void readsDiscreteInputs() {
    assertThat(response("02 0000 0003")).isEqualTo("02 01 05");
  }

  @Test
  void readsScaledInputRegisters() {
    // level 4.2*10=42, temperature 21.37*100=2137, flow 12.5*10=125
    assertThat(response("04 0000 0003")).isEqualTo("04 06 00 2a 08 59 00 7d");
  }

  @Test
  void readsHoldingRegistersWithFloatPair() {
    int bits = Float.floatToIntBits(1.5f);
    assertThat(response("03 0000 0005"))
        .isEqualTo(
            hex(
                new byte[] {
                  3,
                  10,
                  0x02,
                  0x2b,
                  0x04,
                  (byte) 0xb0,
                  (byte) (bits >>> 24),
                  (byte) (bits >>> 16),
                  (byte) (bits >>> 8),
                  (byte) bits,
                  0x12,
                  0x67
                }));
  }

  @Test
  void writeSingleRegisterEchoesAndStoresScaled() {
    assertThat(response("06 0000 0190")).isEqualTo("06 00 00 01 90");
    assertThat(image.get("setpoint")).isEqualTo(40.0);
  }

  @Test
  void writeSingleCoilEchoes() {
    assertThat(response("05 0001 FF00")).isEqualTo("05 00 01 ff 00");
    assertThat(image.get("valve_open")).isEqualTo(1.0);
  }

  @Test
  void writeMultipleAnswerAddressAndQuantity() {
    assertThat(response("0F 0000 0003 01 06")).isEqualTo("0f 00 00 00 03");
    assertThat(image.get("pump_run")).isEqualTo(0.0);
    assertThat(image.get("alarm_ack")).isEqualTo(1.0);
    int bits = Float.floatToIntBits(-2.25f);
    String ratio = String.format("%04X %04X", bits >>> 16, bits & 0xFFFF);
    assertThat(response("10 0001 0003 06 0064 " + ratio)).isEqualTo("10 00 01 00 03");
    assertThat(image.get("speed")).isEqualTo(100.0);
    assertThat(image.get("ratio")).isEqualTo(-2.25);
  }

  @Test
  void readWriteWritesBeforeReading() {
    assertThat(response("17 0000 0002 0001 0001 02 0320")).isEqualTo("17 04 02 2b 03 20");
    assertThat(image.get("speed")).isEqualTo(800.0);
  }

  @Test
  void readWriteWithBadReadRangeWritesNothing() {
    assertThat(failure("17 0010 0001 0001 0001 02 0320"))
        .isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
    assertThat(image.get("speed")).isEqualTo(1200.0);
  }

  @Test
  void unmappedAddressesAreIllegal() {
    assertThat(failure("03 0004 0002")).isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
    assertThat(failure("01 0000 0005")).isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
    assertThat(failure("02 0100 0001")).isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
    assertThat(failure("04 0003 0001")).isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
    assertThat(failure("06 0009 0001")).isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
  }

  @Test
  void readOnlyPointsAreIllegalAddressesAndUnchanged() {
    assertThat(failure(String.format("06 %04X 0001", HR_SERIAL)))
        .isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
    assertThat(failure("05 0003 0000")).isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
    assertThat(image.get("serial_no")).isEqualTo(4711.0);
    assertThat(image.get("interlock")).isEqualTo(1.0);
  }

  @Test
  void halfAFloatIsIllegal() {
    assertThat(failure(String.format("06 %04X 0001", HR_RATIO + 1)))
        .isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
  }

  @Test
  void outOfEnvelopeAndNanAreIllegalValues() {
    // setpoint max 100 -> raw 1001 is 100.1
    assertThat(failure(String.format("06 %04X 03E9", HR_SETPOINT)))
        .isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_VALUE);
    assertThat(failure(String.format("06 %04X FFFF", HR_SPEED)))
        .isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_VALUE);
    assertThat(failure(String.format("10 %04X 0002 04 7FC0 0000", HR_RATIO)))
        .isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_VALUE);
    assertThat(failure(String.format("10 %04X 0002 04 7F80 0000", HR_RATIO)))
        .isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_VALUE);
    assertThat(image.get("setpoint")).isEqualTo(55.5);
    assertThat(image.get("ratio")).isEqualTo(1.5);
  }

  @Test
  void stoppedControllerIsDeviceFailure() {
    image.setAvailable(false);

    assertThat(failure("03 0000 0001")).isEqualTo(ModbusExceptionCode.SERVER_DEVICE_FAILURE);
    assertThat(failure("05 0000 FF00")).isEqualTo(ModbusExceptionCode.SERVER_DEVICE_FAILURE);
  }

  @Test
  void echoesDiagnosticQueryData() {
    assertThat(response("08 0000 A537 0102")).isEqualTo("08 00 00 a5 37 01 02");
  }

  @Test
  void reportsServerIdWithRunIndicator() {
    byte[] pdu = ((Reply.Response) handle("11")).pdu();
    String id = "otlab-test TEST-PLC 1.2";

    assertThat(pdu[0]).isEqualTo((byte) 0x11);
    assertThat(pdu[1] & 0xFF).isEqualTo(id.length() + 1);
    assertThat(new String(pdu, 2, id.length(), StandardCharsets.US_ASCII)).isEqualTo(id);
    assertThat(pdu[pdu.length - 1]).isEqualTo((byte) 0xFF);
  }

  @Test
  void readsBasicDeviceIdentification() {
    assertThat(response("2B 0E 01 00"))
        .isEqualTo(
            "2b 0e 01 82 00 00 03 "
                + "00 0a "
                + hex("otlab-test".getBytes(StandardCharsets.US_ASCII))
                + " 01 08 "
                + hex("TEST-PLC".getBytes(StandardCharsets.US_ASCII))
                + " 02 03 "
                + hex("1.2".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void readsRegularDeviceIdentificationFromAnObject() {
    String pdu = response("2B 0E 02 04");

    assertThat(pdu)
        .startsWith(
            "2b 0e 02 82 00 00 03 04 08 " + hex("Test PLC".getBytes(StandardCharsets.US_ASCII)));
    assertThat(pdu).endsWith("06 08 " + hex("plc-test".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void unknownStreamStartRestartsAtObjectZero() {
    assertThat(response("2B 0E 01 05")).startsWith("2b 0e 01 82 00 00 03 00 0a");
  }

  @Test
  void readsOneSpecificObject() {
    assertThat(response("2B 0E 04 05"))
        .isEqualTo(
            "2b 0e 04 82 00 00 01 05 06 " + hex("TP-100".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void unknownSpecificObjectIsIllegalAddress() {
    assertThat(failure("2B 0E 04 03")).isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
    assertThat(failure("2B 0E 04 80")).isEqualTo(ModbusExceptionCode.ILLEGAL_DATA_ADDRESS);
  }

  @Test
  void longIdentityIsSplitAcrossResponses() {
    String longName = "x".repeat(200);
    ProcessImage big =
        new ProcessImage(
            "plc-big",
            1,
            "",
            new dev.otlab.simulator.plc.DeviceIdentity(longName, longName, "1", longName, "m"),
            image.points(),
            () -> 0.0);
    ModbusRequestHandler h = new ModbusRequestHandler(big);

    byte[] first =
        ((Reply.Response) h.handle(new ModbusRequest.ReadDeviceIdentification(2, 0))).pdu();

    assertThat(first.length).isLessThanOrEqualTo(253);
    assertThat(first[4] & 0xFF).isEqualTo(0xFF); // more follows
    assertThat(first[5] & 0xFF).isEqualTo(0x01); // next object
    assertThat(first[6] & 0xFF).isEqualTo(1);
    byte[] second =
        ((Reply.Response) h.handle(new ModbusRequest.ReadDeviceIdentification(2, 1))).pdu();
    assertThat(second[7] & 0xFF).isEqualTo(0x01);
  }

  @ParameterizedTest
  @EnumSource(Rejection.class)
  void everyRejectionHasAModbusCode(Rejection rejection) {
    ModbusExceptionCode code = ModbusExceptionCode.of(rejection);

    switch (rejection) {
      case ILLEGAL_ADDRESS:
      case READ_ONLY:
        assertThat(code.code()).isEqualTo(0x02);
        break;
      case DEVICE_FAILURE:
        assertThat(code.code()).isEqualTo(0x04);
        break;
      default:
        assertThat(code.code()).isEqualTo(0x03);
    }
  }
}
