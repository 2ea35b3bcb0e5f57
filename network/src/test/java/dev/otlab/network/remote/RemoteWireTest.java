package dev.otlab.network.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.RemoteService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RemoteWireTest {

  private static final Map<RemoteService, RemoteOpening> EXPECTED =
      Map.of(
          RemoteService.SSH,
          new RemoteOpening(
              "SSH_BANNER",
              List.of("version=2.0", "software=OpenSSH_9.2p1", "kex=curve25519-sha256")),
          RemoteService.TELNET,
          new RemoteOpening("TELNET_LOGIN", List.of("user=jdoe")),
          RemoteService.HTTP,
          new RemoteOpening("HTTP_REQUEST", List.of("request=GET /", "host=jump-1", "user=jdoe")),
          RemoteService.SMB,
          new RemoteOpening("SMB2_NEGOTIATE", List.of("dialects=2.0.2,2.1,3.0,3.0.2")),
          RemoteService.RDP,
          new RemoteOpening("RDP_CONNECTION_REQUEST", List.of("user=jdoe", "protocols=ssl+hybrid")),
          RemoteService.VNC,
          new RemoteOpening("RFB_VERSION", List.of("version=3.8")),
          RemoteService.HTTPS,
          new RemoteOpening(
              "TLS_CLIENT_HELLO", List.of("sni=jump-1", "alpn=h2,http/1.1", "version=TLS1.3")),
          RemoteService.VENDOR,
          new RemoteOpening("VENDOR_HELLO", List.of("bytes=26")));

  private static byte[] opening(RemoteService s) {
    return RemoteWire.opening(s, "jdoe", "jump-1", new SplittableRandom(7));
  }

  @Test
  void everyOpeningIsFramedWholeAndReadBackAsWhatItNames() {
    for (RemoteService s : RemoteService.values()) {
      byte[] o = opening(s);
      assertThat(RemoteWire.openingLength(s, o, o.length)).as(s.name()).isEqualTo(o.length);
      for (int cut = 1; cut < o.length; cut++) {
        assertThat(RemoteWire.openingLength(s, o, cut)).as(s + " cut at " + cut).isEqualTo(-1);
      }
      // What follows in the same read is not part of the opening.
      byte[] more = Arrays.copyOf(o, o.length + 5);
      assertThat(RemoteWire.openingLength(s, more, more.length)).isEqualTo(o.length);
      assertThat(RemoteWire.decode(s, o)).as(s.name()).isEqualTo(EXPECTED.get(s));
    }
  }

  @Test
  void greetingsAndAnswersAreReadWholeByTheClient() {
    for (RemoteService s : RemoteService.values()) {
      byte[] g = RemoteWire.greeting(s);
      int gl = RemoteWire.greetingLength(s, g, g.length);
      assertThat(gl).as(s.name()).isEqualTo(g.length);
      byte[] a = RemoteWire.answer(s, opening(s), new SplittableRandom(3));
      assertThat(a).as(s.name()).isNotEmpty();
      if (s == RemoteService.HTTPS) {
        // A client reads the ServerHello record; the rest of the server's flight follows it.
        a = Arrays.copyOf(a, 5 + ((a[3] & 0xFF) << 8 | (a[4] & 0xFF)));
        assertThat(a[0]).isEqualTo((byte) 22);
        assertThat(a[5]).as("ServerHello").isEqualTo((byte) 2);
      }
      assertThat(RemoteWire.answerLength(s, a, a.length)).as(s.name()).isEqualTo(a.length);
      assertThat(RemoteWire.answerLength(s, a, a.length - 1)).as(s.name()).isNotEqualTo(a.length);
    }
  }

  @Test
  void sshPacketsArePaddedAsRfc4253Asks() {
    byte[] a =
        RemoteWire.answer(RemoteService.SSH, opening(RemoteService.SSH), new SplittableRandom(1));
    int packetLength = ByteBuffer.wrap(a).getInt();
    int padding = a[4];
    assertThat(a).hasSize(4 + packetLength);
    assertThat(a.length % 8).isZero();
    assertThat(padding).isBetween(4, 255);
    assertThat(a[5]).isEqualTo((byte) 20); // SSH_MSG_KEXINIT
    String banner = new String(RemoteWire.greeting(RemoteService.SSH), StandardCharsets.US_ASCII);
    assertThat(banner).startsWith("SSH-2.0-OpenSSH").endsWith("\r\n");
  }

  @Test
  void rdpConfirmChoosesCredSspAndNamesNoUser() {
    byte[] cc =
        RemoteWire.answer(RemoteService.RDP, opening(RemoteService.RDP), new SplittableRandom(1));
    // TPKT, X.224 Connection Confirm (0xD0), RDP_NEG_RSP selecting PROTOCOL_HYBRID (2).
    assertThat(cc[0]).isEqualTo((byte) 3);
    assertThat(cc[5]).isEqualTo((byte) 0xD0);
    assertThat(cc[11]).isEqualTo((byte) 2);
    assertThat(cc[15]).isEqualTo((byte) 2);
    // CredSSP runs over TLS: the client's hello follows, and no other service's answer asks it.
    assertThat(RemoteWire.tlsFollows(RemoteService.RDP, cc)).isTrue();
    for (RemoteService s : RemoteService.values()) {
      if (s != RemoteService.RDP) {
        byte[] a = RemoteWire.answer(s, opening(s), new SplittableRandom(1));
        assertThat(RemoteWire.tlsFollows(s, a)).as(s.name()).isFalse();
      }
    }
    assertThat(
            RemoteWire.decodeTlsHello(RemoteWire.tlsHello("eng-ws", new SplittableRandom(2)))
                .subjects())
        .containsExactly("sni=eng-ws", "version=TLS1.3");
    // Without a user the request carries no cookie, and the tap says so.
    byte[] anonymous = RemoteWire.opening(RemoteService.RDP, "", "h", new SplittableRandom(1));
    assertThat(RemoteWire.decode(RemoteService.RDP, anonymous).subjects())
        .containsExactly("protocols=ssl+hybrid");
  }

  @Test
  void anotherProtocolOnTheServicePortIsTakenWholeAndNotRecognised() {
    byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    for (RemoteService s : List.of(RemoteService.SSH, RemoteService.RDP, RemoteService.SMB)) {
      assertThat(RemoteWire.openingLength(s, http, http.length))
          .as(s.name())
          .isEqualTo(http.length);
      RemoteOpening o = RemoteWire.decode(s, http);
      assertThat(o.recognised()).as(s.name()).isFalse();
      assertThat(o.operation()).isEqualTo(RemoteOpening.UNRECOGNISED);
    }
    assertThat(
            RemoteWire.decode(
                    RemoteService.VNC, "RFB 3.8 please".getBytes(StandardCharsets.US_ASCII))
                .recognised())
        .isFalse();
    // A stream that never completes an opening is handed on once it passes the limit.
    byte[] noise = new byte[RemoteWire.MAX_OPENING];
    assertThat(RemoteWire.openingLength(RemoteService.HTTP, noise, noise.length))
        .isEqualTo(noise.length);
    assertThat(RemoteWire.openingLength(RemoteService.HTTP, noise, 100)).isEqualTo(-1);
  }

  @Test
  void theSameRandomGivesTheSameBytes() {
    for (RemoteService s : RemoteService.values()) {
      assertThat(opening(s)).as(s.name()).isEqualTo(opening(s));
    }
    assertThat(RemoteWire.opening(RemoteService.SSH, "", "", new SplittableRandom(1)))
        .isNotEqualTo(RemoteWire.opening(RemoteService.SSH, "", "", new SplittableRandom(2)));
  }
}
