package dev.otlab.core.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.testkit.SystemProperty;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** In-process connections without a socket: ports here are only registry keys. */
class LoopbackTest {

  private final List<Loopback.Registration> registrations = new ArrayList<>();

  @AfterEach
  void unregister() {
    registrations.forEach(Loopback.Registration::close);
  }

  /** Answers each write with the same bytes upper-cased; "bye" closes, "rst" resets. */
  private void echo(int port) {
    registrations.add(
        Loopback.listen(
            "127.0.0.1",
            port,
            toClient ->
                new Receiver() {
                  @Override
                  public void received(byte[] bytes) throws IOException {
                    String s = new String(bytes, StandardCharsets.US_ASCII);
                    if (s.equals("bye")) {
                      toClient.close();
                    } else if (s.equals("rst")) {
                      toClient.reset();
                    } else if (s.equals("boom")) {
                      throw new IOException("cannot go on");
                    } else {
                      toClient.send(s.toUpperCase().getBytes(StandardCharsets.US_ASCII));
                    }
                  }

                  @Override
                  public void closed(boolean reset) {}
                }));
  }

  private static String read(InputStream in, int n) throws IOException {
    byte[] b = new byte[n];
    int done = 0;
    while (done < n) {
      int r = in.read(b, done, n - done);
      if (r < 0) {
        break;
      }
      done += r;
    }
    return new String(b, 0, done, StandardCharsets.US_ASCII);
  }

  @Test
  void aWriteIsAnsweredBeforeItReturns() throws IOException {
    echo(61001);
    try (LoopbackConnection c = Loopback.dial("localhost", 61001)) {
      assertThat(c).isNotNull();
      c.outputStream().write("abc".getBytes(StandardCharsets.US_ASCII));
      assertThat(c.inputStream().available()).isEqualTo(3);
      c.outputStream().write("de".getBytes(StandardCharsets.US_ASCII));
      assertThat(read(c.inputStream(), 5)).isEqualTo("ABCDE");
      assertThat(c.remoteAddress()).isEqualTo("localhost");
      assertThat(c.remotePort()).isEqualTo(61001);
    }
  }

  @Test
  void nothingListeningOrDeclinedMeansASocketInstead() {
    assertThat(Loopback.dial("127.0.0.1", 61002)).isNull();
    registrations.add(Loopback.listen("127.0.0.1", 61002, toClient -> null));
    assertThat(Loopback.serves("127.0.0.1", 61002)).isTrue();
    assertThat(Loopback.dial("127.0.0.1", 61002)).isNull();
    registrations.forEach(Loopback.Registration::close);
    assertThat(Loopback.serves("127.0.0.1", 61002)).isFalse();
  }

  @Test
  void aPortIsServedByOneListenerOnly() {
    echo(61003);
    assertThatThrownBy(() -> echo(61003)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anEmptyBufferOnAnOpenConnectionTimesOutAtOnce() throws IOException {
    echo(61004);
    try (LoopbackConnection c = Loopback.dial("127.0.0.1", 61004)) {
      assertThatThrownBy(() -> c.inputStream().read())
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage("Read timed out");
    }
  }

  @Test
  void aCloseIsEndOfStreamAfterWhatWasSentBefore() throws IOException {
    echo(61005);
    LoopbackConnection c = Loopback.dial("127.0.0.1", 61005);
    c.outputStream().write("x".getBytes(StandardCharsets.US_ASCII));
    c.outputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
    // Bytes to a closed peer are dropped, as the kernel takes them and the peer discards them.
    c.outputStream().write("y".getBytes(StandardCharsets.US_ASCII));
    assertThat(c.inputStream().read()).isEqualTo('X');
    assertThat(c.inputStream().read()).isEqualTo(-1);
    assertThat(c.isOpen()).isTrue();
    c.close();
    assertThat(c.isOpen()).isFalse();
    assertThatThrownBy(() -> c.outputStream().write(1))
        .isInstanceOf(SocketException.class)
        .hasMessage("Socket closed");
  }

  @Test
  void aResetIsAConnectionResetAndSoIsAReceiverThatGivesUp() throws IOException {
    echo(61006);
    LoopbackConnection c = Loopback.dial("127.0.0.1", 61006);
    c.outputStream().write("rst".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> c.inputStream().read())
        .isInstanceOf(SocketException.class)
        .hasMessage("Connection reset");
    LoopbackConnection d = Loopback.dial("127.0.0.1", 61006);
    d.outputStream().write("boom".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> d.inputStream().read()).hasMessage("Connection reset");
  }

  @Test
  void theListenerHearsTheClientClose() {
    boolean[] heard = {false};
    registrations.add(
        Loopback.listen(
            "127.0.0.1",
            61007,
            toClient ->
                new Receiver() {
                  @Override
                  public void received(byte[] bytes) {}

                  @Override
                  public void closed(boolean reset) {
                    heard[0] = true;
                  }
                }));
    Loopback.dial("127.0.0.1", 61007).close();
    assertThat(heard[0]).isTrue();
  }

  @Test
  void turnedOffEverythingGoesThroughTheKernel() throws Exception {
    echo(61008);
    SystemProperty.with(
        Loopback.PROPERTY,
        "false",
        () -> {
          assertThat(Loopback.enabled()).isFalse();
          assertThat(Loopback.dial("127.0.0.1", 61008)).isNull();
          assertThat(Loopback.serves("127.0.0.1", 61008)).isFalse();
          return null;
        });
  }

  @Test
  void writingOnAfterTheListenerClosedAtOnceIsABrokenPipe() throws IOException {
    registrations.add(
        Loopback.listen(
            "127.0.0.1",
            61009,
            toClient -> {
              toClient.close();
              return new Receiver() {
                @Override
                public void received(byte[] bytes) {}

                @Override
                public void closed(boolean reset) {}
              };
            }));
    LoopbackConnection c = Loopback.dial("127.0.0.1", 61009);
    c.outputStream().write(1);
    assertThat(c.inputStream().read()).isEqualTo(-1);
    assertThatThrownBy(() -> c.outputStream().write(2))
        .isInstanceOf(SocketException.class)
        .hasMessage("Broken pipe");
  }
}
