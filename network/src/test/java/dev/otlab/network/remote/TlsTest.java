package dev.otlab.network.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.RemoteService;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** The lab's HTTPS is real TLS: a JDK client completes its handshake against the lab's server. */
class TlsTest {

  @Test
  void aJdkClientNegotiatesTls13AndH2WithTheLabServer() throws Exception {
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, new javax.net.ssl.TrustManager[] {new TrustAllForTest()}, null);
    SSLEngine client = c.createSSLEngine("jump-1", 443);
    client.setUseClientMode(true);
    SSLParameters p = client.getSSLParameters();
    p.setServerNames(List.of(new SNIHostName("jump-1")));
    p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
    client.setSSLParameters(p);
    client.beginHandshake();
    ByteBuffer net = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
    client.wrap(ByteBuffer.allocate(0), net);
    byte[] hello = Arrays.copyOf(net.array(), net.position());
    // The lab's tap reads the JDK's hello as it reads its own.
    assertThat(RemoteWire.decode(RemoteService.HTTPS, hello).subjects())
        .containsExactly("sni=jump-1", "alpn=h2,http/1.1", "version=TLS1.3");

    byte[] flight = Tls.serverFlight(hello, new SplittableRandom(1));
    ByteBuffer in = ByteBuffer.wrap(flight);
    ByteBuffer app = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
    ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
    for (int i = 0; i < 20 && in.hasRemaining(); i++) {
      if (client.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
        // The client's change cipher spec (middlebox compatibility) may come before it reads on.
        out.clear();
        client.wrap(ByteBuffer.allocate(0), out);
      } else {
        client.unwrap(in, app);
      }
      Runnable task;
      while ((task = client.getDelegatedTask()) != null) {
        task.run();
      }
    }
    // The server's whole flight read and verified (certificate, signature, Finished): the
    // client's own Finished is next, and what both chose is known.
    assertThat(in.hasRemaining()).isFalse();
    assertThat(client.getHandshakeStatus()).isEqualTo(HandshakeStatus.NEED_WRAP);
    out.clear();
    client.wrap(ByteBuffer.allocate(0), out);
    assertThat(out.position()).as("the client's Finished").isPositive();
    assertThat(client.getHandshakeStatus()).isEqualTo(HandshakeStatus.NOT_HANDSHAKING);
    assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
    assertThat(client.getApplicationProtocol()).isEqualTo("h2");
  }

  @Test
  void theLabsHelloNamesTheTargetAndIsTheSameForTheSameSeed() {
    byte[] a = Tls.clientHello("eng-ws", new SplittableRandom(5));
    assertThat(a).isEqualTo(Tls.clientHello("eng-ws", new SplittableRandom(5)));
    assertThat(a).isNotEqualTo(Tls.clientHello("eng-ws", new SplittableRandom(6)));
    assertThat(Tls.recordLength(a, a.length)).isEqualTo(a.length);
    assertThat(RemoteWire.decode(RemoteService.HTTPS, a).subjects()).contains("sni=eng-ws");
    // An address is no name for SNI: a real client sends none, and neither does the lab.
    byte[] byAddress = Tls.clientHello("10.0.0.5", new SplittableRandom(5));
    assertThat(RemoteWire.decode(RemoteService.HTTPS, byAddress).subjects())
        .containsExactly("alpn=h2,http/1.1", "version=TLS1.3");
    // Bytes that are no hello get no handshake.
    assertThat(
            RemoteWire.decode(RemoteService.HTTPS, "GET / HTTP/1.1\r\n\r\n".getBytes())
                .recognised())
        .isFalse();
  }

  /** The test's client reads the lab's self-signed certificate without judging it. */
  private static final class TrustAllForTest implements javax.net.ssl.X509TrustManager {
    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return new java.security.cert.X509Certificate[0];
    }
  }
}
