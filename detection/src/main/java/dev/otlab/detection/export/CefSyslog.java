package dev.otlab.detection.export;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.detection.Alert;
import dev.otlab.detection.AlertSeverity;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Sends alerts as CEF in RFC 5424 syslog messages over UDP, one datagram per alert, to a SIEM's
 * syslog listener. An example datagram (one line):
 *
 * <pre>
 * &lt;162&gt;1 - otlab otlab - alert - CEF:0|otlab|otlab|0.1|write-flood|write-flood: 20 writes
 * within 10 s from hmi-1 to plc-treatment|8|externalId=A-0001 cat=rules shost=hmi-1
 * dhost=plc-treatment cnt=200 cs1Label=techniques cs1=T0806 cfp1Label=simulatedSeconds cfp1=61.2
 * </pre>
 *
 * The syslog timestamp is the nil value: alert times are simulated seconds (in {@code cfp1}), not
 * wall-clock instants. Facility local4; syslog severity follows the alert's.
 */
public final class CefSyslog implements Lifecycle {

  private static final int FACILITY_LOCAL4 = 20;

  private final String host;
  private final int port;
  private @Nullable DatagramSocket socket;

  /**
   * @param host syslog receiver (a SIEM's listener)
   * @param port its UDP port, usually 514
   */
  public CefSyslog(String host, int port) {
    if (port < 1 || port > 65535) {
      throw new OtlabException(
          "CEF_PORT_INVALID", "Syslog port " + port + " is outside 1..65535.", "Give e.g. 514.");
    }
    this.host = host;
    this.port = port;
  }

  @Override
  public synchronized void start() {
    if (socket != null) {
      return;
    }
    try {
      socket = new DatagramSocket();
    } catch (SocketException e) {
      throw new OtlabException(
          "CEF_SOCKET_FAILED",
          "Cannot open a UDP socket for syslog: " + e.getMessage(),
          "Check the machine's network configuration.",
          e);
    }
  }

  /** Sends one alert; the socket must be started. */
  public synchronized void send(Alert alert) {
    DatagramSocket s = socket;
    if (s == null) {
      throw new IllegalStateException("CefSyslog not started");
    }
    byte[] data = message(alert).getBytes(StandardCharsets.UTF_8);
    try {
      s.send(new DatagramPacket(data, data.length, new InetSocketAddress(host, port)));
    } catch (IOException e) {
      throw new OtlabException(
          "CEF_SEND_FAILED",
          "Cannot send an alert to syslog at " + host + ":" + port + ": " + e.getMessage(),
          "Check the syslog host and port.",
          e);
    }
  }

  @Override
  public synchronized void stop() {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }

  /** The syslog message for one alert. */
  public static String message(Alert a) {
    int pri = FACILITY_LOCAL4 * 8 + syslogSeverity(a.severity());
    StringBuilder ext = new StringBuilder();
    ext.append("externalId=").append(ext(a.id()));
    ext.append(" cat=").append(ext(a.detector()));
    if (a.sourceHost() != null) {
      ext.append(" shost=").append(ext(a.sourceHost()));
    }
    if (a.destinationHost() != null) {
      ext.append(" dhost=").append(ext(a.destinationHost()));
    }
    ext.append(" cnt=").append(a.count());
    ext.append(" cs1Label=techniques cs1=").append(ext(String.join(",", a.techniques())));
    ext.append(" cfp1Label=simulatedSeconds cfp1=")
        .append(String.format(Locale.ROOT, "%.3f", a.time()));
    return "<"
        + pri
        + ">1 - otlab otlab - alert - CEF:0|otlab|otlab|0.1|"
        + header(a.rule())
        + "|"
        + header(a.summary())
        + "|"
        + cefSeverity(a.severity())
        + "|"
        + ext;
  }

  static int cefSeverity(AlertSeverity s) {
    switch (s) {
      case CRITICAL:
        return 10;
      case HIGH:
        return 8;
      case MEDIUM:
        return 5;
      default:
        return 3;
    }
  }

  private static int syslogSeverity(AlertSeverity s) {
    switch (s) {
      case CRITICAL:
        return 2;
      case HIGH:
        return 3;
      case MEDIUM:
        return 4;
      default:
        return 5;
    }
  }

  /** CEF header fields escape backslash and pipe. */
  static String header(String v) {
    return v.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }

  /** CEF extension values escape backslash, equals and line breaks. */
  static String ext(String v) {
    return v.replace("\\", "\\\\").replace("=", "\\=").replace("\r", "\\r").replace("\n", "\\n");
  }
}
