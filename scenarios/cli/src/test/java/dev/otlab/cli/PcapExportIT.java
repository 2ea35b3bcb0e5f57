package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.testkit.RequiresTool;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otlab run --pcap}: a 30 s run on {@code water-treatment-converged} (the office workstation
 * opens RDP to the jump host at 10 s, then tries a Modbus write the DMZ denies, while the HMI polls
 * over Modbus, the historian reads over OPC UA and the IIoT gateway and the cloud talk MQTT through
 * the broker), its captures dissected by Debian's tshark. One run; every assertion reads its files.
 */
@RequiresTool(value = PcapExportIT.TSHARK, hint = "apt-get install -y tshark")
class PcapExportIT {

  static final String TSHARK = "/usr/bin/tshark";

  /**
   * Per sensor file, a display filter and the field it must yield: the protocols a sensor must
   * decode. A new service adds a line here.
   */
  record Field(String sensor, String filter, String field) {}

  static final List<Field> FIELDS =
      List.of(
          new Field("ops-control", "modbus", "modbus.func_code"),
          new Field("ops-safety", "modbus", "modbus.func_code"),
          new Field("ops-control", "opcua", "opcua.transport.type"),
          new Field(
              "ops-control", "opcua.transport.type == \"MSG\"", "opcua.servicenodeid.numeric"),
          new Field("ent-dmz", "rdp", "rdp.rt_cookie"),
          new Field("ops-iiot", "mqtt.msgtype == 1", "mqtt.clientid"),
          new Field("ops-iiot", "mqtt.msgtype == 3", "mqtt.topic"),
          new Field("cloud-iiot", "mqtt.msgtype == 8", "mqtt.topic"));

  @TempDir static Path dir;
  static Path out;
  static String stdout;

  @BeforeAll
  static void run() throws IOException {
    out = dir.resolve("pcap");
    Path scenario = dir.resolve("pcap-short.yaml");
    try (var in =
        Objects.requireNonNull(PcapExportIT.class.getResourceAsStream("/pcap-short.yaml"))) {
      Files.write(scenario, in.readAllBytes());
    }
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int status =
        Main.execute(
            new String[] {
              "run",
              scenario.toString(),
              "--architecture",
              "water-treatment-converged",
              "--detection",
              "none",
              "--pcap",
              out.toString(),
              "--pki",
              dir.resolve("pki").toString()
            },
            new PrintWriter(o, true),
            new PrintWriter(e, true));
    stdout = o.toString();
    assertThat(status).as(e.toString()).isZero();
  }

  @Test
  void everySensorGetsACaptureAndLabelsAndTheCommandSaysWhere() {
    for (String sensor :
        List.of("dmz-ops", "ent-dmz", "ops-control", "ops-safety", "span-control", "span-safety")) {
      assertThat(out.resolve(sensor + ".pcap")).exists();
      assertThat(out.resolve(sensor + ".flows.csv")).exists();
      assertThat(out.resolve(sensor + ".packets.csv")).exists();
    }
    assertThat(stdout)
        .contains("pcap ent-dmz: " + out.resolve("ent-dmz.pcap"))
        .containsPattern("pcap ops-control: \\S+ \\([1-9]\\d* frames");
  }

  @Test
  void tsharkFindsNoMalformedPacketNoErrorAndNoBadChecksum() throws Exception {
    for (Path pcap : pcaps()) {
      assertThat(
              tshark(
                  "-r",
                  pcap.toString(),
                  "-o",
                  "tcp.check_checksum:TRUE",
                  "-o",
                  "ip.check_checksum:TRUE",
                  "-Y",
                  "_ws.malformed || _ws.expert.severity == error",
                  "-T",
                  "fields",
                  "-e",
                  "frame.number",
                  "-e",
                  "_ws.expert.message"))
          .as("malformed frames or expert errors in %s", pcap.getFileName())
          .isEmpty();
    }
  }

  @Test
  void tsharkDecodesEachSensorsProtocols() throws Exception {
    for (Field f : FIELDS) {
      List<String> values =
          tshark(
              "-r",
              out.resolve(f.sensor() + ".pcap").toString(),
              "-Y",
              f.filter(),
              "-T",
              "fields",
              "-e",
              f.field());
      assertThat(values)
          .as("%s in %s.pcap (filter %s)", f.field(), f.sensor(), f.filter())
          .anyMatch(v -> !v.isBlank());
    }
    // The HMI's polls: reads of holding and input registers, and its operator writes.
    assertThat(fieldValues("ops-control", "modbus", "modbus.func_code")).contains("3", "4");
    // The historian's session (CreateSessionRequest, 461) runs in process, relay included: the
    // in-process path is captured as the socket path is.
    assertThat(fieldValues("ops-control", "opcua", "opcua.servicenodeid.numeric")).contains("461");
    // The gateway publishes the dosing loop on wt/<plc>/<tag>; the cloud subscribes to wt/#.
    assertThat(fieldValues("ops-iiot", "mqtt.msgtype == 3", "mqtt.topic"))
        .contains("wt/plc-dosing/chlorine");
    assertThat(fieldValues("cloud-iiot", "mqtt.msgtype == 8", "mqtt.topic")).contains("wt/#");
  }

  @Test
  void labelsNameTheAttackStepsTheirTechniquesAndTheConduitsDecisions() throws Exception {
    List<String> flows = Files.readAllLines(out.resolve("ent-dmz.flows.csv"));
    assertThat(flows.get(0)).startsWith("flow,connection,client,client_ip,client_port,server");
    assertThat(flows)
        .anyMatch(
            l ->
                l.contains(",ws-1,10.231.1.10,49152,jump-1,")
                    && l.contains(",3389,RDP,")
                    && l.contains(",closed,allowed,ent-dmz,")
                    && l.endsWith(",attack,rdp-jump,T0886"))
        .anyMatch(
            l ->
                l.contains(",plc-treatment,")
                    && l.contains(",502,MODBUS,")
                    && l.contains(",dropped,denied,ent-dmz,(default deny),")
                    && l.endsWith(",attack,write-pump,T0855"));
    assertThat(Files.readAllLines(out.resolve("ops-control.flows.csv")).subList(1, 2))
        .allMatch(l -> l.endsWith(",benign,,"));

    // Packet labels join the capture by frame number: every RDP frame tshark finds is the step's.
    List<String> rdpFrames = fieldValues("ent-dmz", "rdp", "frame.number");
    assertThat(rdpFrames).hasSize(2);
    List<String> packets = Files.readAllLines(out.resolve("ent-dmz.packets.csv"));
    assertThat(packets.get(0))
        .isEqualTo("frame,time,flow,direction,payload_bytes,label,step,technique");
    for (String frame : rdpFrames) {
      assertThat(packets.get(Integer.parseInt(frame)))
          .startsWith(frame + ",10.000000,")
          .endsWith(",attack,rdp-jump,T0886");
    }
    long frames = tshark("-r", out.resolve("ops-control.pcap").toString()).size();
    assertThat(Files.readAllLines(out.resolve("ops-control.packets.csv")))
        .hasSize((int) frames + 1);
    // Lab time 10 s is 2026-01-01 00:00:10 UTC.
    assertThat(fieldValues("ent-dmz", "rdp", "frame.time_epoch").get(0)).startsWith("1767225610.");
  }

  private List<String> fieldValues(String sensor, String filter, String field) throws Exception {
    return tshark(
        "-r", out.resolve(sensor + ".pcap").toString(), "-Y", filter, "-T", "fields", "-e", field);
  }

  private List<Path> pcaps() throws IOException {
    try (var s = Files.list(out)) {
      return s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
    }
  }

  /** tshark's output lines; fails with its error output when it exits non-zero. */
  private static List<String> tshark(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(TSHARK);
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    p.getOutputStream().close();
    byte[] stdout = p.getInputStream().readAllBytes();
    byte[] stderr = p.getErrorStream().readAllBytes();
    int status = p.waitFor();
    assertThat(status)
        .as("%s failed: %s", cmd, new String(stderr, StandardCharsets.UTF_8))
        .isZero();
    String text = new String(stdout, StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
