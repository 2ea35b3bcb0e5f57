package dev.otlab.simulator.modbus;

import static dev.otlab.simulator.modbus.ModbusPdu.fromHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.otlab.simulator.plc.Table;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModbusRequestDecoderTest {

  private static final int TX = 0x1234;
  private final ModbusRequestDecoder decoder = new ModbusRequestDecoder(1);

  private Decoded decode(int unit, String pduHex) {
    return decoder.decodeFrame(ModbusPdu.requestFrame(TX, unit, fromHex(pduHex)));
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        arguments("unit id not served", 7, "03 0000 0001", 0x03, 0x0B),
        arguments("unknown function 0x07", 1, "07", 0x07, 0x01),
        arguments("unknown function 0x41", 1, "41 0000 0001", 0x41, 0x01),
        arguments("function with high bit", 1, "83 0000 0001", 0x83, 0x01),
        arguments("FC01 quantity 0", 1, "01 0000 0000", 0x01, 0x03),
        arguments("FC01 quantity 2001", 1, "01 0000 07D1", 0x01, 0x03),
        arguments("FC01 wraps past 65535", 1, "01 FFFF 0002", 0x01, 0x02),
        arguments("FC02 quantity 0", 1, "02 0000 0000", 0x02, 0x03),
        arguments("FC02 quantity 2001", 1, "02 0000 07D1", 0x02, 0x03),
        arguments("FC02 wraps past 65535", 1, "02 FFF0 0011", 0x02, 0x02),
        arguments("FC03 quantity 0", 1, "03 0000 0000", 0x03, 0x03),
        arguments("FC03 quantity 126", 1, "03 0000 007E", 0x03, 0x03),
        arguments("FC03 wraps past 65535", 1, "03 FFFF 0002", 0x03, 0x02),
        arguments("FC03 PDU too short", 1, "03 0000 00", 0x03, 0x03),
        arguments("FC03 PDU too long", 1, "03 0000 0001 00", 0x03, 0x03),
        arguments("FC04 quantity 0", 1, "04 0000 0000", 0x04, 0x03),
        arguments("FC04 quantity 126", 1, "04 0000 007E", 0x04, 0x03),
        arguments("FC04 wraps past 65535", 1, "04 FF85 007D", 0x04, 0x02),
        arguments("FC05 value 0x1234", 1, "05 0000 1234", 0x05, 0x03),
        arguments("FC05 value 0x00FF", 1, "05 0000 00FF", 0x05, 0x03),
        arguments("FC05 PDU too short", 1, "05 0000", 0x05, 0x03),
        arguments("FC06 PDU too short", 1, "06 0000 00", 0x06, 0x03),
        arguments("FC15 quantity 0", 1, "0F 0000 0000 00", 0x0F, 0x03),
        arguments("FC15 quantity 1969", 1, "0F 0000 07B1 F7" + "00".repeat(0xF7), 0x0F, 0x03),
        arguments("FC15 byte count too small", 1, "0F 0000 0009 01 FF", 0x0F, 0x03),
        arguments("FC15 byte count too large", 1, "0F 0000 0008 02 FF FF", 0x0F, 0x03),
        arguments("FC15 data shorter than byte count", 1, "0F 0000 0009 02 FF", 0x0F, 0x03),
        arguments("FC15 data longer than byte count", 1, "0F 0000 0001 01 01 00", 0x0F, 0x03),
        arguments("FC15 wraps past 65535", 1, "0F FFFF 0002 01 03", 0x0F, 0x02),
        arguments("FC15 header cut", 1, "0F 0000 0001", 0x0F, 0x03),
        arguments("FC16 quantity 0", 1, "10 0000 0000 00", 0x10, 0x03),
        arguments("FC16 quantity 124", 1, "10 0000 007C 00", 0x10, 0x03),
        arguments("FC16 byte count mismatch", 1, "10 0000 0002 02 0001 0002", 0x10, 0x03),
        arguments("FC16 data shorter than byte count", 1, "10 0000 0002 04 0001", 0x10, 0x03),
        arguments("FC16 wraps past 65535", 1, "10 FFFF 0002 04 0001 0002", 0x10, 0x02),
        arguments("FC23 read quantity 0", 1, "17 0000 0000 0000 0001 02 0001", 0x17, 0x03),
        arguments("FC23 read quantity 126", 1, "17 0000 007E 0000 0001 02 0001", 0x17, 0x03),
        arguments("FC23 write quantity 0", 1, "17 0000 0001 0000 0000 00", 0x17, 0x03),
        arguments("FC23 write quantity 122", 1, "17 0000 0001 0000 007A 00", 0x17, 0x03),
        arguments("FC23 byte count mismatch", 1, "17 0000 0001 0000 0001 04 0001", 0x17, 0x03),
        arguments("FC23 data shorter", 1, "17 0000 0001 0000 0002 04 0001", 0x17, 0x03),
        arguments("FC23 read wraps", 1, "17 FFFF 0002 0000 0001 02 0001", 0x17, 0x02),
        arguments("FC23 write wraps", 1, "17 0000 0001 FFFF 0002 04 0001 0002", 0x17, 0x02),
        arguments("FC08 sub-function 1", 1, "08 0001 0000", 0x08, 0x01),
        arguments("FC08 without sub-function", 1, "08 00", 0x08, 0x03),
        arguments("FC17 with data", 1, "11 00", 0x11, 0x03),
        arguments("FC43 MEI 13", 1, "2B 0D 01 00", 0x2B, 0x01),
        arguments("FC43 read code 0", 1, "2B 0E 00 00", 0x2B, 0x03),
        arguments("FC43 read code 3", 1, "2B 0E 03 00", 0x2B, 0x03),
        arguments("FC43 read code 5", 1, "2B 0E 05 00", 0x2B, 0x03),
        arguments("FC43 without object id", 1, "2B 0E 01", 0x2B, 0x03),
        arguments("FC43 without MEI", 1, "2B", 0x2B, 0x03));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectsWithException(String name, int unit, String pdu, int fc, int code) {
    Decoded d = decode(unit, pdu);

    assertThat(d).isInstanceOf(Decoded.Reject.class);
    Decoded.Reject r = (Decoded.Reject) d;
    assertThat(r.functionCode()).isEqualTo(fc);
    assertThat(r.code().code()).isEqualTo(code);
    byte[] response = r.responseFrame();
    assertThat(ModbusPdu.hex(response))
        .isEqualTo(
            ModbusPdu.hex(
                new byte[] {0x12, 0x34, 0, 0, 0, 3, (byte) unit, (byte) (fc | 0x80), (byte) code}));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        arguments("FC01 quantity 2000 at the top", 1, "01 F830 07D0"),
        arguments("FC02 quantity 1", 1, "02 FFFF 0001"),
        arguments("FC03 quantity 125", 1, "03 0000 007D"),
        arguments("FC03 via unit 0", 0, "03 0000 0001"),
        arguments("FC03 via unit 255", 255, "03 0000 0001"),
        arguments("FC04 last register", 1, "04 FFFF 0001"),
        arguments("FC05 on", 1, "05 0001 FF00"),
        arguments("FC05 off", 1, "05 0001 0000"),
        arguments("FC06", 1, "06 0001 FFFF"),
        arguments("FC15 quantity 1968", 1, "0F 0000 07B0 F6" + "FF".repeat(0xF6)),
        arguments("FC16 quantity 123", 1, "10 0000 007B F6" + "00".repeat(0xF6)),
        arguments("FC23 121 written", 1, "17 0000 007D 0000 0079 F2" + "00".repeat(0xF2)),
        arguments("FC08 echo", 1, "08 0000 A537"),
        arguments("FC17", 1, "11"),
        arguments("FC43 basic", 1, "2B 0E 01 00"),
        arguments("FC43 regular", 1, "2B 0E 02 00"),
        arguments("FC43 specific", 1, "2B 0E 04 05"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void acceptsAndReencodesIdentically(String name, int unit, String pdu) {
    Decoded d = decode(unit, pdu);

    assertThat(d).isInstanceOf(Decoded.Request.class);
    Decoded.Request r = (Decoded.Request) d;
    assertThat(r.header()).isEqualTo(new MbapHeader(TX, 0, fromHex(pdu).length + 1, unit));
    assertThat(ModbusPdu.hex(r.request().encode())).isEqualTo(ModbusPdu.hex(fromHex(pdu)));
  }

  @Test
  void decodesFieldsOfAWriteMultipleCoils() {
    Decoded d = decode(1, "0F 0013 000A 02 CD 01");

    ModbusRequest.WriteMultipleCoils w =
        (ModbusRequest.WriteMultipleCoils) ((Decoded.Request) d).request();
    assertThat(w.address()).isEqualTo(0x13);
    // The specification's own example: 0xCD 0x01 sets coils 20..29 to 1011 0011 10.
    assertThat(w.values())
        .containsExactly(true, false, true, true, false, false, true, true, true, false);
  }

  @Test
  void decodesFieldsOfAReadRequest() {
    Decoded d = decode(1, "04 0008 0003");

    assertThat(((Decoded.Request) d).request())
        .isEqualTo(new ModbusRequest.ReadRegisters(Table.INPUT_REGISTER, 8, 3));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0000 0001 0006 01 03 0000 0001", // protocol id 1
        "0000 FFFF 0006 01 03 0000 0001", // protocol id 0xFFFF
        "0000 0000 0000 01", // length 0
        "0000 0000 0001 01", // length 1: a unit id and no function code
        "0000 0000 00FF 01 03", // length 255
        "0000 0000 FFFF 01 03" // length 65535
      })
  void closesOnBadMbapHeader(String frame) {
    assertThat(decoder.decodeFrame(fromHex(frame))).isInstanceOf(Decoded.Close.class);
  }

  @Test
  void waitsForTheRestOfAFrame() {
    assertThat(decoder.decodeFrame(fromHex("0000 00"))).isEqualTo(new Decoded.Incomplete(4));
    assertThat(decoder.decodeFrame(fromHex("0000 0000 0006 01 03 00")))
        .isEqualTo(new Decoded.Incomplete(3));
  }

  @Test
  void acceptsTheLargestLegalFrame() {
    // 254 = unit id + 253-byte PDU; FC16 with 123 registers is 247 bytes, so pad with FC08 echo.
    byte[] pdu = new byte[253];
    pdu[0] = 0x08;
    Decoded d = decoder.decodeFrame(ModbusPdu.requestFrame(1, 1, pdu));

    assertThat(d).isInstanceOf(Decoded.Request.class);
    assertThat(((ModbusRequest.ReturnQueryData) ((Decoded.Request) d).request()).data())
        .hasSize(250);
  }

  @Test
  void closesWhenPduDoesNotMatchHeader() {
    MbapHeader header = new MbapHeader(1, 0, 6, 1);

    assertThat(decoder.decodePdu(header, fromHex("03 0000"))).isInstanceOf(Decoded.Close.class);
  }
}
