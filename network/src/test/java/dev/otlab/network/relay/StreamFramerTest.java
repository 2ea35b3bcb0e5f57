package dev.otlab.network.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.modbus.ModbusPdu;
import dev.otlab.simulator.modbus.ModbusRequest;
import dev.otlab.simulator.plc.Table;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamFramerTest {

  private static List<byte[]> drain(StreamFramer f) {
    List<byte[]> out = new ArrayList<>();
    while (f.next() instanceof StreamFramer.Next.Frame frame) {
      out.add(frame.bytes());
    }
    return out;
  }

  private static byte[] modbus(int tx, ModbusRequest r) {
    return ModbusPdu.requestFrame(tx, 1, r.encode());
  }

  @Test
  void modbusFramesSurviveAnyChunking() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 300; round++) {
      List<byte[]> frames = new ArrayList<>();
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      int count = 1 + random.nextInt(20);
      for (int i = 0; i < count; i++) {
        short[] values = new short[1 + random.nextInt(100)];
        ModbusRequest r =
            random.nextBoolean()
                ? new ModbusRequest.ReadRegisters(
                    Table.HOLDING_REGISTER, random.nextInt(1000), 1 + random.nextInt(125))
                : new ModbusRequest.WriteMultipleRegisters(random.nextInt(1000), values);
        byte[] frame = modbus(i, r);
        frames.add(frame);
        stream.writeBytes(frame);
      }
      byte[] all = stream.toByteArray();
      StreamFramer framer = ModbusMessage.framer();
      List<byte[]> got = new ArrayList<>();
      int pos = 0;
      while (pos < all.length) {
        int n = Math.min(all.length - pos, 1 + random.nextInt(40));
        framer.feed(all, pos, n);
        pos += n;
        got.addAll(drain(framer));
      }
      assertThat(got).hasSize(frames.size());
      for (int i = 0; i < frames.size(); i++) {
        assertThat(got.get(i)).isEqualTo(frames.get(i));
      }
      assertThat(framer.midFrame()).isFalse();
    }
  }

  @Test
  void aPartialFrameIsHeldAndReportedAsMidFrame() {
    StreamFramer framer = ModbusMessage.framer();
    byte[] frame = modbus(7, new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 0, 10));
    framer.feed(frame, 0, 9);
    assertThat(framer.next()).isInstanceOf(StreamFramer.Next.NeedMore.class);
    assertThat(framer.midFrame()).isTrue();
    framer.feed(frame, 9, frame.length - 9);
    assertThat(drain(framer)).hasSize(1);
    assertThat(framer.midFrame()).isFalse();
  }

  @Test
  void badMbapHeadersAreMalformedAndStayMalformed() {
    String[] bad = {
      "00 01 00 01 00 06 01 03 00 00 00 01", // protocol id 1
      "00 01 00 00 00 01 01", // length 1: no function code
      "00 01 00 00 00 ff 01 03", // length 255 > 254
      "00 01 00 00 ff ff 01 03" // length 65535
    };
    for (String hex : bad) {
      StreamFramer framer = ModbusMessage.framer();
      framer.feed(ModbusPdu.fromHex(hex));
      assertThat(framer.next()).as(hex).isInstanceOf(StreamFramer.Next.Malformed.class);
      framer.feed(modbus(1, new ModbusRequest.ReadRegisters(Table.HOLDING_REGISTER, 0, 1)));
      assertThat(framer.next()).as(hex).isInstanceOf(StreamFramer.Next.Malformed.class);
      assertThat(framer.midFrame()).isFalse();
    }
  }

  @Test
  void randomBytesNeverThrowAndNeverYieldAnOversizedFrame() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 2000; round++) {
      byte[] junk = new byte[random.nextInt(600)];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = (byte) random.nextInt(256);
      }
      for (StreamFramer framer : List.of(ModbusMessage.framer(), OpcUaMessage.framer())) {
        framer.feed(junk);
        StreamFramer.Next next;
        while ((next = framer.next()) instanceof StreamFramer.Next.Frame f) {
          assertThat(f.bytes().length).isLessThanOrEqualTo(OpcUaMessage.MAX_CHUNK);
        }
        assertThat(next).isNotNull();
      }
    }
  }

  @Test
  void uaTcpFramingChecksTypeChunkAndSize() {
    byte[] ok = UaBytes.msg(1, 5, new UaBytes().u8(1).u8(0).u16(631).bytes());
    StreamFramer framer = OpcUaMessage.framer();
    framer.feed(ok, 0, 5);
    assertThat(framer.next()).isInstanceOf(StreamFramer.Next.NeedMore.class);
    framer.feed(ok, 5, ok.length - 5);
    assertThat(drain(framer)).hasSize(1);

    assertThat(malformed("GET / HTTP/1.1\r\n\r\n".getBytes()))
        .contains("not a UA TCP message type");
    byte[] badChunk = ok.clone();
    badChunk[3] = 'X';
    assertThat(malformed(badChunk)).contains("chunk type");
    byte[] hugeSize = ok.clone();
    hugeSize[7] = 0x7F;
    assertThat(malformed(hugeSize)).contains("outside");
    byte[] tinySize = ok.clone();
    tinySize[4] = 4;
    tinySize[5] = 0;
    assertThat(malformed(tinySize)).contains("outside");
    byte[] continuedHello = new UaBytes().ascii("HELC").u32(32).pad(24).bytes();
    assertThat(malformed(continuedHello)).contains("single final chunk");
  }

  private static String malformed(byte[] bytes) {
    StreamFramer framer = OpcUaMessage.framer();
    framer.feed(bytes);
    StreamFramer.Next next = framer.next();
    assertThat(next).isInstanceOf(StreamFramer.Next.Malformed.class);
    return ((StreamFramer.Next.Malformed) next).reason();
  }
}
