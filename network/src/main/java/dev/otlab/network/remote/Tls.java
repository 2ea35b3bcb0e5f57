package dev.otlab.network.remote;

import dev.otlab.core.OtlabException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.SplittableRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS as the lab's HTTPS speaks it: the JDK's own engines, so a ClientHello carries what a real
 * client's does (TLS 1.3 and 1.2, SNI naming the target host, ALPN {@code h2} and {@code http/1.1},
 * key shares) and the server answers with a real ServerHello flight signed with the lab's key. Each
 * session's engines draw from a generator seeded by the session, so the same run sends the same
 * bytes.
 *
 * <p>The server's key and self-signed certificate ({@code CN=otlab remote service}, EC P-256) ship
 * in {@code tls-lab.p12} beside this class: lab material, not a secret, like the OPC UA servers'
 * certificates; no lab client checks it (they read the server's first flight and go on or hang up,
 * as a scanner or a pivot's opening does).
 */
final class Tls {

  /** The application protocols a lab client offers, a browser's. */
  static final List<String> ALPN = List.of("h2", "http/1.1");

  private static final char[] PASSWORD = "otlab-lab-tls".toCharArray();
  private static final KeyManager[] KEYS = keys();
  private static final TrustManager[] TRUST_ALL = {new TrustAll()};

  private Tls() {}

  /** The client's first flight: a ClientHello for {@code serverName} (SNI when it is a name). */
  static byte[] clientHello(String serverName, SplittableRandom random) {
    return clientHello(serverName, ALPN, random);
  }

  /**
   * A ClientHello offering {@code alpn} (none when empty, as an RDP client's security layer offers
   * none).
   */
  static byte[] clientHello(String serverName, List<String> alpn, SplittableRandom random) {
    SSLEngine e = context(random).createSSLEngine(serverName, 443);
    e.setUseClientMode(true);
    SSLParameters p = e.getSSLParameters();
    p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    p.setApplicationProtocols(alpn.toArray(String[]::new));
    // RFC 6066 3: a literal address is no server name; a real client sends none for one.
    boolean address = serverName.matches("[0-9.]+") || serverName.contains(":");
    try {
      p.setServerNames(address ? List.of() : List.of(new SNIHostName(serverName)));
    } catch (IllegalArgumentException notAName) {
      p.setServerNames(List.of());
    }
    e.setSSLParameters(p);
    try {
      e.beginHandshake();
      return wrapAll(e);
    } catch (SSLException ex) {
      throw failed(ex);
    }
  }

  /**
   * The server's first flight in answer to {@code clientHello} (TLS 1.3: ServerHello, change cipher
   * spec, then the encrypted extensions, certificate, verify and finished; TLS 1.2 up to
   * ServerHelloDone), or an alert record when the bytes are no hello it accepts.
   */
  static byte[] serverFlight(byte[] clientHello, SplittableRandom random) {
    SSLEngine e = context(random).createSSLEngine();
    e.setUseClientMode(false);
    SSLParameters p = e.getSSLParameters();
    // The server's preference, a web server's: HTTP/2 where the client offers it.
    p.setApplicationProtocols(ALPN.toArray(String[]::new));
    e.setSSLParameters(p);
    try {
      e.beginHandshake();
      ByteBuffer in = ByteBuffer.wrap(clientHello);
      ByteBuffer scratch = ByteBuffer.allocate(e.getSession().getApplicationBufferSize());
      while (in.hasRemaining()
          && e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
        SSLEngineResult r = e.unwrap(in, scratch);
        runTasks(e);
        if (r.getStatus() != SSLEngineResult.Status.OK) {
          break;
        }
      }
      return wrapAll(e);
    } catch (SSLException ex) {
      // What a server sends a client it cannot talk to: the engine's alert, if it has one.
      try {
        return wrapAll(e);
      } catch (SSLException again) {
        return new byte[0];
      }
    }
  }

  /**
   * Length of the TLS record at the start of {@code buf}: {@link RemoteWire#NEED_MORE} while its
   * header or body is incomplete, {@code available} when the bytes are no TLS record.
   */
  static int recordLength(byte[] buf, int available) {
    if (available < 5) {
      return RemoteWire.NEED_MORE;
    }
    int type = buf[0] & 0xFF;
    if (type < 20 || type > 24 || buf[1] != 3) {
      return available;
    }
    int n = 5 + ((buf[3] & 0xFF) << 8 | (buf[4] & 0xFF));
    return n > available ? RemoteWire.NEED_MORE : n;
  }

  private static byte[] wrapAll(SSLEngine e) throws SSLException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer empty = ByteBuffer.allocate(0);
    ByteBuffer net = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
    for (int i = 0; i < 16; i++) {
      runTasks(e);
      if (e.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP) {
        break;
      }
      net.clear();
      SSLEngineResult r = e.wrap(empty, net);
      out.write(net.array(), 0, net.position());
      if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
        break;
      }
    }
    return out.toByteArray();
  }

  private static void runTasks(SSLEngine e) {
    Runnable task;
    while ((task = e.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private static SSLContext context(SplittableRandom random) {
    try {
      // Seeded before its first use, SHA1PRNG is a deterministic generator: the hello's random,
      // session id and key share follow from the session's seed.
      SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
      seeded.setSeed(random.nextLong());
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(KEYS, TRUST_ALL, seeded);
      return c;
    } catch (GeneralSecurityException e) {
      throw failed(e);
    }
  }

  private static KeyManager[] keys() {
    return keyManagerFactory().getKeyManagers();
  }

  /** Key managers that serve the lab's key and self-signed certificate. */
  static KeyManagerFactory keyManagerFactory() {
    try {
      KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      f.init(store(), PASSWORD);
      return f;
    } catch (GeneralSecurityException e) {
      throw failed(e);
    }
  }

  /**
   * A client context that trusts the lab's certificate and nothing else (the JDK's default trust
   * store stays out of it: no lab server presents anything else).
   */
  static SSLContext trustingClientContext() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      KeyStore lab = store();
      for (String alias : java.util.Collections.list(lab.aliases())) {
        if (lab.isKeyEntry(alias)) {
          trusted.setCertificateEntry(alias, lab.getCertificate(alias));
        }
      }
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(trusted);
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, f.getTrustManagers(), null);
      return c;
    } catch (IOException | GeneralSecurityException e) {
      throw failed(e);
    }
  }

  private static KeyStore store() {
    try (InputStream in = Tls.class.getResourceAsStream("tls-lab.p12")) {
      if (in == null) {
        throw new IOException("tls-lab.p12 is missing from the class path");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD);
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw failed(e);
    }
  }

  private static OtlabException failed(Exception e) {
    if (e instanceof NoSuchAlgorithmException) {
      return new OtlabException(
          "REMOTE_TLS_FAILED",
          "This Java runtime cannot speak TLS as the lab's HTTPS does: " + e.getMessage() + ".",
          "Run otlab on a full JDK 17 or later (with the SunJSSE provider).",
          e);
    }
    return new OtlabException(
        "REMOTE_TLS_FAILED",
        "The lab's TLS engine failed: " + e.getMessage() + ".",
        "Report it with the run's seed; the lab's TLS needs nothing from the user.",
        e);
  }

  /** The lab's clients read the server's flight; they do not judge its certificate. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
