package dev.otlab.simulator.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets with Nagle's algorithm off, for Paho's clear-text connections. A QoS 0 publish
 * asks for no answer, so with Nagle on, the second and later publishes of a burst (a gateway's tags
 * of one round) wait in the kernel for the acknowledgement of the first, which the peer delays: on
 * loopback about 40 ms, in which a clock at max speed plays seconds. The relays then saw (and
 * timestamped) those publishes late, some only once the clock stood still. Every other lab client
 * turns Nagle off for the same reason. {@link TlsSockets} are these with TLS on top.
 */
class NoDelaySockets extends SocketFactory {

  @Override
  public Socket createSocket() throws SocketException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    return s;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return createSocket(address, port);
  }
}
