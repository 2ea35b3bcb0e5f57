package dev.otlab.network;

import java.util.Optional;

/**
 * Remote-access services a host may expose, with their well-known ports; a host's posture may put
 * one on another port ({@link Posture.Listener}).
 */
public enum RemoteService {
  SSH(22),
  TELNET(23),
  HTTP(80),
  SMB(445),
  RDP(3389),
  VNC(5900),
  /** HTTP over TLS: a web interface, a vendor portal, an API. */
  HTTPS(443),
  /** A vendor's own TCP service, named and placed on a port by the host's posture. */
  VENDOR(-1);

  private final int port;

  RemoteService(int port) {
    this.port = port;
  }

  /** The well-known port, or -1 for VENDOR, whose port the posture always gives. */
  public int port() {
    return port;
  }

  /** The protocol rules and relays name this service by. */
  public Protocol protocol() {
    return Protocol.valueOf(name());
  }

  /** The remote-access service a protocol is, if it is one. */
  public static Optional<RemoteService> of(Protocol p) {
    for (RemoteService s : values()) {
      if (s.name().equals(p.name())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
