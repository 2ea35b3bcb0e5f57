package dev.otlab.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The one frame reader the relays' AitM positions and the plain-socket master share. */
class ModbusFrameReadTest {

  private static DataInputStream stream(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return new DataInputStream(new ByteArrayInputStream(all));
  }

  @Test
  void readsFramesBackToBackAndNullAtACleanEnd() throws IOException {
    byte[] a = ModbusPdu.requestFrame(1, 1, new byte[] {3, 0, 0, 0, 2});
    byte[] b = ModbusPdu.requestFrame(2, 7, new byte[] {17});
    DataInputStream in = stream(a, b);

    assertThat(ModbusPdu.readFrame(in)).isEqualTo(a);
    assertThat(ModbusPdu.readFrame(in)).isEqualTo(b);
    assertThat(ModbusPdu.readFrame(in)).isNull();
  }

  @Test
  void aStreamThatEndsMidFrameIsAnError() {
    byte[] a = ModbusPdu.requestFrame(1, 1, new byte[] {3, 0, 0, 0, 2});
    byte[] cut = java.util.Arrays.copyOf(a, a.length - 2);

    assertThatThrownBy(() -> ModbusPdu.readFrame(stream(cut)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("mid-frame");
  }

  @Test
  void aHeaderThatIsNotModbusIsAnErrorNotAGuess() {
    byte[] notModbus = ModbusPdu.requestFrame(1, 1, new byte[] {3, 0, 0, 0, 2});
    notModbus[2] = 0x12; // protocol id
    byte[] tooLong = ModbusPdu.requestFrame(1, 1, new byte[] {3, 0, 0, 0, 2});
    tooLong[4] = 0x01; // length 256 + 6

    assertThatThrownBy(() -> ModbusPdu.readFrame(stream(notModbus)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("protocol id");
    assertThatThrownBy(() -> ModbusPdu.readFrame(stream(tooLong)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exceeds");
  }
}
