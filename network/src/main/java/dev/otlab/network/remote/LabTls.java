package dev.otlab.network.remote;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The lab's TLS material for services other than the remote-access ones that carry TLS (an MQTT
 * broker's secure listener): the same key and self-signed certificate ({@code CN=otlab remote
 * service}, EC P-256) the HTTPS and RDP services answer with, lab material and no secret.
 */
public final class LabTls {

  private LabTls() {}

  /** Key managers that serve the lab's key and certificate, for a TLS server. */
  public static KeyManagerFactory serverKeys() {
    return Tls.keyManagerFactory();
  }

  /**
   * A client context that trusts exactly the lab's certificate: a lab client that checks its
   * server's certificate (an MQTT client does) accepts the lab's servers and nothing else. It
   * checks no host name: the certificate names no host, one key serves them all.
   */
  public static SSLContext trustingClient() {
    return Tls.trustingClientContext();
  }
}
