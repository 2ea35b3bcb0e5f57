package dev.otlab.network;

/** Application protocols a conduit rule can name, with their well-known ports. */
public enum Protocol {
  MODBUS(502),
  OPCUA(4840),
  SSH(22),
  TELNET(23),
  HTTP(80),
  SMB(445),
  RDP(3389),
  VNC(5900),
  /** HTTP over TLS. */
  HTTPS(443),
  /**
   * A vendor's own TCP service (a historian's sync, a drive's tuning tool): no well-known port, so
   * the host's posture names it and a rule names it by port.
   */
  VENDOR(-1),
  /** MQTT 3.1.1 and 5 in clear (the IIoT publish/subscribe protocol). */
  MQTT(1883),
  /**
   * MQTT inside TLS (a broker's secure listener): a relay reads the TLS ClientHello and nothing of
   * the MQTT it carries, so rules on it name no topics and decide connections only.
   */
  MQTTS(8883),
  /** Any protocol on any port: what an any/any rule says. */
  ANY(-1);

  private final int port;

  Protocol(int port) {
    this.port = port;
  }

  /** Well-known port, or -1 for ANY and VENDOR (which have none). */
  public int port() {
    return port;
  }
}
