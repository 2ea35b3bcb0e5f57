package dev.otlab.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The plain-socket master that benign operations and attack steps share, against a peer on loopback
 * that answers each request as a test scripts it.
 */
class ModbusConnectionIT {

  /** Serves one connection: for each request frame read, {@code answer} writes what it likes. */
  private static CompletableFuture<Void> peer(
      ServerSocket server, int requests, BiConsumer<byte[], OutputStream> answer) {
    return CompletableFuture.runAsync(
        () -> {
          try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < requests; i++) {
              byte[] request = ModbusPdu.readFrame(in);
              answer.accept(request, s.getOutputStream());
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static void write(OutputStream out, int tid, byte[] pdu) {
    try {
      out.write(ModbusPdu.requestFrame(tid, 1, pdu));
      out.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int tid(byte[] frame) {
    return MbapHeader.read(frame, 0).transactionId();
  }

  private static ServerSocket loopback() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @Test
  void skipsALateAnswerAndDecodesWordsAndBits() throws Exception {
    try (ServerSocket server = loopback()) {
      CompletableFuture<Void> done =
          peer(
              server,
              2,
              (request, out) -> {
                int fc = request[7];
                // A stale answer from an earlier transaction comes first, then the real one.
                write(out, tid(request) - 1, new byte[] {(byte) fc, 2, 0, 9});
                if (fc == 3) {
                  write(out, tid(request), new byte[] {3, 4, 0x12, 0x34, (byte) 0xFF, (byte) 0xFE});
                } else {
                  write(out, tid(request), new byte[] {1, 1, 0b101});
                }
              });
      try (ModbusConnection m =
          ModbusConnection.connect("127.0.0.1", server.getLocalPort(), 1, Duration.ofSeconds(5))) {
        assertThat(m.readWords(3, 0, 2)).containsExactly(0x1234, 0xFFFE);
        assertThat(m.read(1, 0, 3)).containsExactly(1, 0, 1);
      }
      done.get();
    }
  }

  @Test
  void anExceptionAnswerCarriesItsCodeAndAnotherFunctionIsAnError() throws Exception {
    try (ServerSocket server = loopback()) {
      CompletableFuture<Void> done =
          peer(
              server,
              2,
              (request, out) -> {
                int fc = request[7];
                if (fc == 6) {
                  write(out, tid(request), new byte[] {(byte) 0x86, 2});
                } else {
                  write(out, tid(request), new byte[] {4, 2, 0, 1});
                }
              });
      try (ModbusConnection m =
          ModbusConnection.connect("127.0.0.1", server.getLocalPort(), 1, Duration.ofSeconds(5))) {
        assertThatThrownBy(() -> m.writeRegister(5, 7))
            .isInstanceOfSatisfying(
                ModbusConnection.ExceptionResponse.class,
                e -> {
                  assertThat(e.code()).isEqualTo(2);
                  assertThat(e.function()).isEqualTo(6);
                });
        assertThatThrownBy(() -> m.readWords(3, 0, 1))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("answer to function 4");
      }
      done.get();
    }
  }

  @Test
  void aPeerThatClosesIsAnErrorAtOnceNotAWait() throws Exception {
    try (ServerSocket server = loopback()) {
      CompletableFuture<Void> done = peer(server, 1, (request, out) -> {});
      try (ModbusConnection m =
          ModbusConnection.connect("127.0.0.1", server.getLocalPort(), 1, Duration.ofMinutes(5))) {
        // The read timeout is five minutes: only the close itself can end this call.
        assertThatThrownBy(() -> m.readWords(3, 0, 1))
            .isInstanceOf(IOException.class)
            .isNotInstanceOf(java.net.SocketTimeoutException.class);
      }
      done.get();
    }
  }
}
