package dev.otlab.detection.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** CEF over UDP syslog to a listener on 127.0.0.1, as a SIEM would receive it. */
class CefSyslogIT {

  @Test
  void aListenerReceivesOneDatagramPerAlert() throws Exception {
    try (DatagramSocket siem = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
        CefSyslog cef = new CefSyslog("127.0.0.1", siem.getLocalPort())) {
      siem.setSoTimeout(5000);
      cef.start();
      cef.send(AlertExportTest.alert("first"));
      cef.send(AlertExportTest.alert("second"));
      byte[] buf = new byte[4096];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      siem.receive(p);
      String first = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
      p = new DatagramPacket(buf, buf.length);
      siem.receive(p);
      String second = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
      assertThat(first)
          .contains("CEF:0|otlab|otlab|0.1|write-flood|first|8|")
          .contains("shost=hmi-1");
      assertThat(second).contains("|second|");
    }
  }
}
