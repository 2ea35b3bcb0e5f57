package dev.otlab.simulator.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Sockets that speak TLS to a server named by the architecture, whatever address reaches it. Paho's
 * own TLS transport names the server (SNI) by the address it connects to, which in the lab is a
 * relay's loopback address, a literal no real client would send as a name. So Paho connects in
 * "tcp" mode with these sockets: each connects in clear, then runs the TLS handshake over that
 * connection with the SNI naming the broker's host and ALPN {@code mqtt} (IANA's identifier for
 * MQTT), checking the server's certificate against the context's trust (no host name: the lab's one
 * certificate names none), and hands Paho the encrypted streams.
 */
final class TlsSockets extends NoDelaySockets {

  static final List<String> ALPN = List.of("mqtt");

  private final SSLContext context;
  private final String serverName;

  TlsSockets(SSLContext context, String serverName) {
    this.context = context;
    this.serverName = serverName;
  }

  @Override
  public Socket createSocket() {
    return new TlsSocket();
  }

  /**
   * A socket whose connection is a TLS session: this object only holds the TCP connection and the
   * TLS socket layered on it, and gives the callers the latter's streams.
   */
  private final class TlsSocket extends Socket {
    private final Socket tcp = new Socket();
    private volatile @Nullable SSLSocket tls;

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      tcp.setTcpNoDelay(true);
      tcp.connect(endpoint, timeout);
      InetSocketAddress to = (InetSocketAddress) endpoint;
      SSLSocket s =
          (SSLSocket) context.getSocketFactory().createSocket(tcp, serverName, to.getPort(), true);
      SSLParameters p = s.getSSLParameters();
      p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      p.setServerNames(List.of(new SNIHostName(serverName)));
      p.setApplicationProtocols(ALPN.toArray(String[]::new));
      s.setSSLParameters(p);
      s.setUseClientMode(true);
      // The handshake is bounded like the connection.
      int before = tcp.getSoTimeout();
      tcp.setSoTimeout(timeout);
      try {
        s.startHandshake();
      } catch (IOException e) {
        s.close();
        throw e;
      }
      tcp.setSoTimeout(before);
      tls = s;
    }

    private SSLSocket tls() throws SocketException {
      SSLSocket s = tls;
      if (s == null) {
        throw new SocketException("not connected");
      }
      return s;
    }

    @Override
    public InputStream getInputStream() throws IOException {
      return tls().getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      return tls().getOutputStream();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
      tcp.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
      return tcp.getSoTimeout();
    }

    @Override
    public boolean isConnected() {
      return tls != null && tcp.isConnected();
    }

    @Override
    public boolean isClosed() {
      return tcp.isClosed();
    }

    @Override
    public synchronized void close() throws IOException {
      SSLSocket s = tls;
      try {
        if (s != null) {
          s.close();
        }
      } finally {
        tcp.close();
        super.close();
      }
    }
  }
}
