package dev.otlab.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.plc.Table;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property tests for the decoder over thousands of generated inputs. The generators are seeded, so
 * a failure names its seed and case and reproduces exactly.
 */
class ModbusRequestDecoderPropertiesTest {

  private static final long SEED = 0x0715AB;

  private final ModbusRequestDecoder decoder = new ModbusRequestDecoder(1);

  @Test
  void arbitraryBytesAlwaysGiveAnOutcome() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = bytes(rnd, 0, 300);
      Decoded d = decoder.decodeFrame(bytes);

      assertThat(d).as("case %d: %s", i, ModbusPdu.hex(bytes)).isNotNull();
      if (d instanceof Decoded.Reject r) {
        // An exception response is itself a valid frame for the same transaction.
        byte[] frame = r.responseFrame();
        assertThat(frame).hasSize(9);
        assertThat(frame[0]).isEqualTo(bytes[0]);
        assertThat(frame[1]).isEqualTo(bytes[1]);
        assertThat(frame[6]).isEqualTo(bytes[6]);
        assertThat(frame[7] & 0x80).isEqualTo(0x80);
      }
    }
  }

  /** Valid headers with arbitrary PDUs reach the PDU decoder, where the interesting code is. */
  @Test
  void arbitraryPdusBehindValidHeadersNeverThrow() {
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    int[] knownFc = {1, 2, 3, 4, 5, 6, 8, 15, 16, 17, 23, 43, 0x80, 0x81, 0xFF, 0};
    for (int i = 0; i < 3000; i++) {
      int tx = rnd.nextInt(0x10000);
      int unit = rnd.nextInt(256);
      byte[] rest = bytes(rnd, 0, 252);
      byte[] pdu = new byte[rest.length + 1];
      pdu[0] = (byte) knownFc[rnd.nextInt(knownFc.length)];
      System.arraycopy(rest, 0, pdu, 1, rest.length);

      Decoded d = decoder.decodeFrame(ModbusPdu.requestFrame(tx, unit, pdu));

      assertThat(d)
          .as("case %d: %s", i, ModbusPdu.hex(pdu))
          .isInstanceOfAny(Decoded.Request.class, Decoded.Reject.class);
      if (d instanceof Decoded.Request r) {
        assertThat(r.header().transactionId()).isEqualTo(tx);
        assertThat(ModbusPdu.hex(r.request().encode())).isEqualTo(ModbusPdu.hex(pdu));
      }
    }
  }

  @Test
  void validRequestsRoundTrip() {
    SplittableRandom rnd = new SplittableRandom(SEED + 2);
    int[] served = {0, 1, 255};
    for (int i = 0; i < 2000; i++) {
      int tx = rnd.nextInt(0x10000);
      int unit = served[rnd.nextInt(served.length)];
      ModbusRequest request = request(rnd);
      byte[] frame = ModbusPdu.requestFrame(tx, unit, request.encode());

      Decoded d = decoder.decodeFrame(frame);

      assertThat(d).as("case %d: %s", i, request).isInstanceOf(Decoded.Request.class);
      Decoded.Request r = (Decoded.Request) d;
      assertThat(r.header()).isEqualTo(new MbapHeader(tx, 0, request.encode().length + 1, unit));
      assertThat(r.request().getClass()).isEqualTo(request.getClass());
      assertThat(r.request().functionCode()).isEqualTo(request.functionCode());
      assertThat(r.request().address()).isEqualTo(request.address());
      assertThat(r.request().quantity()).isEqualTo(request.quantity());
      assertThat(ModbusPdu.hex(r.request().encode())).isEqualTo(ModbusPdu.hex(request.encode()));
    }
  }

  /**
   * The two modes of the codec agree: whatever the strict decoder accepts, the lenient reading the
   * relays use reports with the same function, range and written values; and the lenient reading
   * never throws, whatever the bytes, for requests and responses alike.
   */
  @Test
  void lenientReadingAgreesWithTheStrictDecoder() {
    SplittableRandom rnd = new SplittableRandom(SEED + 4);
    int[] knownFc = {1, 2, 3, 4, 5, 6, 8, 15, 16, 22, 23, 24, 43, 90, 0x83, 0x90, 0xDA, 0};
    int accepted = 0;
    for (int i = 0; i < 4000; i++) {
      byte[] pdu;
      if (rnd.nextBoolean()) {
        pdu = request(rnd).encode();
      } else {
        byte[] rest = bytes(rnd, 0, 252);
        pdu = new byte[rest.length + 1];
        pdu[0] = (byte) knownFc[rnd.nextInt(knownFc.length)];
        System.arraycopy(rest, 0, pdu, 1, rest.length);
      }
      PduFields lenient = PduFields.ofRequest(pdu);
      PduFields.ofResponse(pdu, rnd.nextBoolean() ? lenient : null);
      Decoded d = decoder.decodeFrame(ModbusPdu.requestFrame(1, 1, pdu));

      assertThat(lenient.functionCode()).as("case %d", i).isEqualTo(pdu[0] & 0xFF);
      if (d instanceof Decoded.Request r) {
        accepted++;
        ModbusRequest strict = r.request();
        String what = "case " + i + ": " + strict;
        if (lenient.address() >= 0) {
          assertThat(lenient.address()).as(what).isEqualTo(strict.address());
          assertThat(lenient.quantity()).as(what).isEqualTo(strict.quantity());
        }
        if (strict instanceof ModbusRequest.WriteMultipleRegisters w) {
          assertThat(lenient.values()).as(what).hasSize(w.values().length);
        }
        if (strict instanceof ModbusRequest.ReadWriteRegisters rw) {
          assertThat(lenient.writeAddress()).as(what).isEqualTo(rw.writeAddress());
          assertThat(lenient.writeQuantity()).as(what).isEqualTo(rw.values().length);
        }
      }
    }
    assertThat(accepted)
        .as("the generator reaches the strict decoder's accepting paths")
        .isGreaterThan(1000);
  }

  @Test
  void foreignUnitIdsGetGatewayException() {
    SplittableRandom rnd = new SplittableRandom(SEED + 3);
    for (int i = 0; i < 1000; i++) {
      int unit = 2 + rnd.nextInt(253);
      ModbusRequest request = request(rnd);

      Decoded d = decoder.decodeFrame(ModbusPdu.requestFrame(7, unit, request.encode()));

      assertThat(d).as("case %d: unit %d, %s", i, unit, request).isInstanceOf(Decoded.Reject.class);
      assertThat(((Decoded.Reject) d).code())
          .isEqualTo(ModbusExceptionCode.GATEWAY_TARGET_FAILED_TO_RESPOND);
    }
  }

  private static byte[] bytes(SplittableRandom rnd, int minSize, int maxSize) {
    byte[] b = new byte[minSize + rnd.nextInt(maxSize - minSize + 1)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) rnd.nextInt(256);
    }
    return b;
  }

  private static short[] words(SplittableRandom rnd, int maxSize) {
    short[] w = new short[1 + rnd.nextInt(maxSize)];
    for (int i = 0; i < w.length; i++) {
      w[i] = (short) rnd.nextInt(0x10000);
    }
    return w;
  }

  /** One valid request of a random kind, with addresses that never wrap past 65535. */
  private static ModbusRequest request(SplittableRandom rnd) {
    int address = rnd.nextInt(0x10000);
    switch (rnd.nextInt(10)) {
      case 0:
        {
          int q = 1 + rnd.nextInt(ModbusRequest.MAX_READ_BITS);
          Table t = rnd.nextBoolean() ? Table.COIL : Table.DISCRETE_INPUT;
          return new ModbusRequest.ReadBits(t, Math.min(address, 0x10000 - q), q);
        }
      case 1:
        {
          int q = 1 + rnd.nextInt(ModbusRequest.MAX_READ_REGISTERS);
          Table t = rnd.nextBoolean() ? Table.HOLDING_REGISTER : Table.INPUT_REGISTER;
          return new ModbusRequest.ReadRegisters(t, Math.min(address, 0x10000 - q), q);
        }
      case 2:
        return new ModbusRequest.WriteSingleCoil(address, rnd.nextBoolean());
      case 3:
        return new ModbusRequest.WriteSingleRegister(address, rnd.nextInt(0x10000));
      case 4:
        {
          boolean[] v = new boolean[1 + rnd.nextInt(ModbusRequest.MAX_WRITE_COILS)];
          for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextBoolean();
          }
          return new ModbusRequest.WriteMultipleCoils(Math.min(address, 0x10000 - v.length), v);
        }
      case 5:
        {
          short[] v = words(rnd, 123);
          return new ModbusRequest.WriteMultipleRegisters(Math.min(address, 0x10000 - v.length), v);
        }
      case 6:
        {
          int rq = 1 + rnd.nextInt(ModbusRequest.MAX_READ_REGISTERS);
          short[] v = words(rnd, 121);
          int wa = rnd.nextInt(0x10000);
          return new ModbusRequest.ReadWriteRegisters(
              Math.min(address, 0x10000 - rq), rq, Math.min(wa, 0x10000 - v.length), v);
        }
      case 7:
        return new ModbusRequest.ReturnQueryData(bytes(rnd, 0, 250));
      case 8:
        {
          int[] codes = {1, 2, 4};
          return new ModbusRequest.ReadDeviceIdentification(
              codes[rnd.nextInt(3)], rnd.nextInt(256));
        }
      default:
        return new ModbusRequest.ReportServerId();
    }
  }
}
