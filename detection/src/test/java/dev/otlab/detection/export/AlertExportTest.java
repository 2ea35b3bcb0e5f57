package dev.otlab.detection.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.detection.Alert;
import dev.otlab.detection.AlertSeverity;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertExportTest {

  static Alert alert(String summary) {
    return new Alert(
        "A-0001",
        61.25,
        70,
        "rules",
        "write-flood",
        AlertSeverity.HIGH,
        List.of("T0806", "T0855"),
        "hmi-1",
        "plc-treatment",
        summary,
        181,
        List.of(new Alert.Evidence(61.25, "event", "ops-control#7", "FC05 WRITE_SINGLE_COIL")));
  }

  @Test
  void jsonLinesRoundTripOneAlertPerLine() {
    Alert a = alert("write-flood: 20 writes within 10 s");
    String lines = AlertJson.lines(List.of(a, a));
    assertThat(lines.split("\n")).hasSize(2);
    assertThat(lines).doesNotContain("\n\n");
    assertThat(AlertJson.parse(lines.split("\n")[0])).isEqualTo(a);
  }

  @Test
  void cefMessageCarriesTheFieldsAndEscapesSeparators() {
    String m = CefSyslog.message(alert("a|b = c\\d"));
    assertThat(m)
        .startsWith(
            "<163>1 - otlab otlab - alert - CEF:0|otlab|otlab|0.1|write-flood|a\\|b = c\\\\d|8|")
        .contains("externalId=A-0001")
        .contains("cat=rules")
        .contains("shost=hmi-1")
        .contains("dhost=plc-treatment")
        .contains("cnt=181")
        .contains("cs1Label=techniques cs1=T0806,T0855")
        .contains("cfp1=61.250");
    assertThat(CefSyslog.ext("x=y\nz")).isEqualTo("x\\=y\\nz");
    assertThat(CefSyslog.cefSeverity(AlertSeverity.CRITICAL)).isEqualTo(10);
    assertThat(CefSyslog.cefSeverity(AlertSeverity.LOW)).isEqualTo(3);
  }
}
