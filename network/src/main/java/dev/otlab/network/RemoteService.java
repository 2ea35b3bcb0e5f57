package dev.otlab.network;

/** Remote-access services a host may expose, with their well-known ports. */
public enum RemoteService {
  SSH(22),
  TELNET(23),
  HTTP(80),
  SMB(445),
  RDP(3389),
  VNC(5900);

  private final int port;

  RemoteService(int port) {
    this.port = port;
  }

  public int port() {
    return port;
  }
}
