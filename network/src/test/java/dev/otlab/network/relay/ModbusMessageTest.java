package dev.otlab.network.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.modbus.ModbusPdu;
import dev.otlab.simulator.modbus.ModbusRequest;
import dev.otlab.simulator.plc.Table;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModbusMessageTest {

  private static ModbusMessage request(ModbusRequest r) {
    return ModbusMessage.request(ModbusPdu.requestFrame(9, 1, r.encode()));
  }

  private static ModbusMessage request(String pduHex) {
    return ModbusMessage.request(ModbusPdu.requestFrame(9, 1, ModbusPdu.fromHex(pduHex)));
  }

  @Test
  void readsCarryFunctionAddressAndQuantity() {
    for (Table t : Table.values()) {
      ModbusRequest r =
          t.isBit()
              ? new ModbusRequest.ReadBits(t, 100, 16)
              : new ModbusRequest.ReadRegisters(t, 100, 16);
      ModbusMessage m = request(r);
      assertThat(m.functionCode()).isEqualTo(r.functionCode());
      assertThat(m.address()).isEqualTo(100);
      assertThat(m.quantity()).isEqualTo(16);
      assertThat(m.isWrite()).isFalse();
      assertThat(m.transactionId()).isEqualTo(9);
      assertThat(m.unitId()).isEqualTo(1);
    }
  }

  @Test
  void writesCarryTheirValues() {
    ModbusMessage fc05 = request(new ModbusRequest.WriteSingleCoil(3, true));
    assertThat(fc05.functionCode()).isEqualTo(5);
    assertThat(fc05.address()).isEqualTo(3);
    assertThat(fc05.values()).containsExactly(1);
    assertThat(fc05.isWrite()).isTrue();

    ModbusMessage fc06 = request(new ModbusRequest.WriteSingleRegister(1, 1234));
    assertThat(fc06.describe()).isEqualTo("FC06 WRITE_SINGLE_REGISTER 1+1");
    assertThat(fc06.values()).containsExactly(1234);

    ModbusMessage fc15 =
        request(
            new ModbusRequest.WriteMultipleCoils(
                8, new boolean[] {true, false, true, true, false, false, false, false, true}));
    assertThat(fc15.quantity()).isEqualTo(9);
    assertThat(fc15.values()).containsExactly(1, 0, 1, 1, 0, 0, 0, 0, 1);

    ModbusMessage fc16 =
        request(new ModbusRequest.WriteMultipleRegisters(10, new short[] {1, 2, -1}));
    assertThat(fc16.address()).isEqualTo(10);
    assertThat(fc16.quantity()).isEqualTo(3);
    assertThat(fc16.values()).containsExactly(1, 2, 0xFFFF);

    ModbusMessage fc23 =
        request(new ModbusRequest.ReadWriteRegisters(0, 4, 20, new short[] {7, 8}));
    assertThat(fc23.address()).isEqualTo(0);
    assertThat(fc23.quantity()).isEqualTo(4);
    assertThat(fc23.writeAddress()).isEqualTo(20);
    assertThat(fc23.writeQuantity()).isEqualTo(2);
    assertThat(fc23.values()).containsExactly(7, 8);
    assertThat(fc23.isWrite()).isTrue();
  }

  @Test
  void functionsWithoutAddressesOrWithShortPdusHaveNoAddress() {
    assertThat(request("08 00 00 12 34").address()).isEqualTo(-1);
    assertThat(request("11").address()).isEqualTo(-1);
    assertThat(request("2b 0e 01 00").address()).isEqualTo(-1);
    assertThat(request("03 00").address()).isEqualTo(-1);
    assertThat(request("03 00").addressKnown()).isFalse();
    assertThat(request("41 00 01 00 01").functionCode()).isEqualTo(0x41);
    assertThat(request("83 00 01 00 01").functionCode()).isEqualTo(0x83);
    // A zero quantity still touches its start address as far as ranges go.
    assertThat(request("03 00 05 00 00").quantity()).isEqualTo(1);
  }

  @Test
  void responsesArePairedForAddressesAndDecoded() {
    ModbusMessage req = request(new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 40, 3));
    ModbusMessage resp =
        ModbusMessage.response(
            ModbusPdu.requestFrame(9, 1, ModbusPdu.fromHex("03 06 00 01 00 02 ff ff")), req);
    assertThat(resp.isException()).isFalse();
    assertThat(resp.address()).isEqualTo(40);
    assertThat(resp.values()).containsExactly(1, 2, 0xFFFF);

    ModbusMessage coils = request(new ModbusRequest.ReadBits(Table.COIL, 0, 10));
    ModbusMessage coilResp =
        ModbusMessage.response(
            ModbusPdu.requestFrame(9, 1, ModbusPdu.fromHex("01 02 05 02")), coils);
    assertThat(coilResp.values()).containsExactly(1, 0, 1, 0, 0, 0, 0, 0, 0, 1);

    ModbusMessage exception =
        ModbusMessage.response(ModbusPdu.requestFrame(9, 1, ModbusPdu.fromHex("86 02")), null);
    assertThat(exception.functionCode()).isEqualTo(6);
    assertThat(exception.exceptionCode()).isEqualTo(2);
    assertThat(exception.isException()).isTrue();
  }

  @Test
  void exceptionFrameAnswersInTheServersPlace() {
    ModbusMessage req = request(new ModbusRequest.WriteSingleRegister(1, 5));
    assertThat(ModbusPdu.hex(ModbusMessage.exceptionFrame(req, 1)))
        .isEqualTo("00 09 00 00 00 03 01 86 01");
  }

  @Test
  void randomPdusNeverThrow() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      byte[] pdu = new byte[1 + random.nextInt(252)];
      for (int j = 0; j < pdu.length; j++) {
        pdu[j] = (byte) random.nextInt(256);
      }
      byte[] frame = ModbusPdu.requestFrame(i & 0xFFFF, 1, pdu);
      ModbusMessage m = ModbusMessage.request(frame);
      ModbusMessage.response(frame, random.nextBoolean() ? m : null);
      assertThat(m.values().size()).isLessThanOrEqualTo(2000);
      assertThat(List.of(m.address() >= -1, m.quantity() >= 0)).containsOnly(true);
    }
  }
}
