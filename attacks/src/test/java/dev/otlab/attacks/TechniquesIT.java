package dev.otlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.relay.ProtocolEvent;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every technique against a real two-zone lab: allowed where a conduit rule lets it through,
 * Blocked naming the conduit and rule where not, Failed where the device refuses.
 */
class TechniquesIT {

  @TempDir static Path pki;
  static TestLab lab;
  static Techniques techniques;

  @BeforeAll
  static void start() {
    lab = new TestLab(pki);
    lab.start();
    techniques = Techniques.load();
  }

  @AfterAll
  static void stop() {
    lab.stop();
  }

  static StepOutcome run(String from, String technique, Map<String, String> params) {
    return run(lab.from(from), technique, params);
  }

  static StepOutcome run(TestContext ctx, String technique, Map<String, String> params) {
    return techniques.byId(technique).orElseThrow().execute(ctx, params);
  }

  static double tag(String tag) {
    return lab.image.readTag(tag).orElseThrow().value();
  }

  static void assertBlocked(StepOutcome o, String conduit, String rule) {
    assertThat(o).isInstanceOf(StepOutcome.Blocked.class);
    StepOutcome.Blocked b = (StepOutcome.Blocked) o;
    assertThat(b.conduit()).isEqualTo(conduit);
    assertThat(b.rule()).isEqualTo(rule);
  }

  static StepOutcome.Succeeded succeeded(StepOutcome o) {
    assertThat(o).as(o.describe()).isInstanceOf(StepOutcome.Succeeded.class);
    return (StepOutcome.Succeeded) o;
  }

  @Test
  void discoveryFindsWhatTheConduitLetsThrough() {
    StepOutcome.Succeeded eng = succeeded(run("eng", "T0846", Map.of()));
    assertThat(eng.findings().get("reachable")).isEqualTo("plc-1:modbus,plc-1:opcua");

    assertBlocked(run("ws", "T0846", Map.of()), "ops-control", null);
  }

  @Test
  void informationDiscoveryReadsDeviceIdentityAndEndpoints() {
    StepOutcome.Succeeded eng = succeeded(run("eng", "T0888", Map.of("target", "plc-1")));
    assertThat(eng.findings())
        .containsEntry("modbus.vendor", "otlab-test")
        .containsEntry("modbus.product", "TEST-PLC")
        .containsEntry("modbus.revision", "1.2")
        .containsEntry("modbus.serverId", "otlab-test TEST-PLC 1.2");
    assertThat(eng.findings().get("opcua.endpoints")).contains("None");

    // hmi's Modbus rule only allows FC 1-4: FC43 and FC17 are refused, GetEndpoints passes.
    StepOutcome.Succeeded hmi = succeeded(run("hmi", "T0888", Map.of("target", "plc-1")));
    assertThat(hmi.findings()).doesNotContainKey("modbus.vendor").containsKey("opcua.endpoints");
    assertBlocked(
        run("hmi", "T0888", Map.of("target", "plc-1", "protocol", "modbus")),
        "ops-control",
        "hmi-read");
    assertBlocked(run("ws", "T0888", Map.of("target", "plc-1")), "ops-control", null);
  }

  @Test
  void pointAndTagIdentificationSweepsAndBrowses() {
    StepOutcome.Succeeded sweep =
        succeeded(run("hmi", "T0861", Map.of("target", "plc-1", "table", "holding", "to", "9")));
    assertThat(sweep.findings().get("answered")).startsWith("0-").contains("4");
    assertThat(sweep.findings().get("answered")).doesNotContain("9");

    StepOutcome.Succeeded browse =
        succeeded(run("hmi", "T0861", Map.of("target", "plc-1", "protocol", "opcua")));
    assertThat(browse.findings().get("tags")).contains("pump_run", "setpoint", "sis_bypass");

    assertBlocked(run("ws", "T0861", Map.of("target", "plc-1", "to", "3")), "ops-control", null);
  }

  @Test
  void unauthorizedCommandWritesACoilWhereAllowed() {
    succeeded(run("eng", "T0855", Map.of("target", "plc-1", "address", "1", "value", "true")));
    assertThat(tag("valve_open")).isEqualTo(1.0);
    succeeded(run("eng", "T0855", Map.of("target", "plc-1", "tag", "valve_open", "value", "off")));
    assertThat(tag("valve_open")).isEqualTo(0.0);

    assertBlocked(
        run("hmi", "T0855", Map.of("target", "plc-1", "address", "1", "value", "true")),
        "ops-control",
        "hmi-read");
    assertThat(tag("valve_open")).isEqualTo(0.0);
    assertBlocked(
        run("ws", "T0855", Map.of("target", "plc-1", "address", "1", "value", "true")),
        "ops-control",
        null);
    assertThat(tag("valve_open")).isEqualTo(0.0);
  }

  @Test
  void unauthorizedCommandOverOpcUa() {
    succeeded(
        run(
            "eng",
            "T0855",
            Map.of("target", "plc-1", "protocol", "opcua", "tag", "valve_open", "value", "true")));
    assertThat(tag("valve_open")).isEqualTo(1.0);
    assertBlocked(
        run(
            "hmi",
            "T0855",
            Map.of("target", "plc-1", "protocol", "opcua", "tag", "valve_open", "value", "false")),
        "ops-control",
        "hmi-ua");
    assertThat(tag("valve_open")).isEqualTo(1.0);
    run("eng", "T0855", Map.of("target", "plc-1", "tag", "valve_open", "value", "false"));
  }

  @Test
  void modifyParameterWritesRegistersAndFloats() {
    succeeded(run("eng", "T0836", Map.of("target", "plc-1", "tag", "setpoint", "value", "80")));
    assertThat(tag("setpoint")).isEqualTo(80.0);
    succeeded(
        run(
            "eng",
            "T0836",
            Map.of("target", "plc-1", "address", "2", "type", "float32", "value", "2.5")));
    assertThat(tag("ratio")).isEqualTo(2.5);
    succeeded(
        run(
            "eng",
            "T0836",
            Map.of("target", "plc-1", "protocol", "opcua", "tag", "speed", "value", "900")));
    assertThat(tag("speed")).isEqualTo(900.0);

    // The device refuses a value outside its envelope: Failed, not Blocked.
    StepOutcome outOfRange =
        run("eng", "T0836", Map.of("target", "plc-1", "address", "1", "value", "9999"));
    assertThat(outOfRange).isInstanceOf(StepOutcome.Failed.class);
    assertThat(((StepOutcome.Failed) outOfRange).reason()).contains("exception 3");
    assertThat(tag("speed")).isEqualTo(900.0);

    assertBlocked(
        run("hmi", "T0836", Map.of("target", "plc-1", "tag", "setpoint", "value", "10")),
        "ops-control",
        "hmi-read");
    assertThat(tag("setpoint")).isEqualTo(80.0);
  }

  @Test
  void bruteForceManipulationAndSafety() {
    StepOutcome.Succeeded brute =
        succeeded(run("eng", "T0806", Map.of("target", "plc-1", "tag", "pump_run", "count", "11")));
    assertThat(brute.findings()).containsEntry("writes", "11");
    assertThat(tag("pump_run")).isEqualTo(1.0); // 11 toggles starting with true end on true

    StepOutcome.Succeeded hold =
        succeeded(
            run(
                "eng",
                "T0831",
                Map.of("target", "plc-1", "tag", "pump_run", "value", "false", "count", "5")));
    assertThat(hold.findings()).containsEntry("writes", "5");
    assertThat(tag("pump_run")).isEqualTo(0.0);

    succeeded(run("eng", "T0880", Map.of("target", "plc-1", "tag", "sis_bypass")));
    assertThat(tag("sis_bypass")).isEqualTo(1.0);
    succeeded(run("eng", "T0837", Map.of("target", "plc-1", "tag", "sis_bypass")));
    assertThat(tag("sis_bypass")).isEqualTo(0.0);

    assertBlocked(
        run("hmi", "T0880", Map.of("target", "plc-1", "tag", "sis_bypass")),
        "ops-control",
        "hmi-read");
    assertBlocked(
        run("ws", "T0806", Map.of("target", "plc-1", "address", "0")), "ops-control", null);
    assertThat(tag("sis_bypass")).isEqualTo(0.0);
  }

  @Test
  void denialOfServiceIsBoundedAndCounts() {
    StepOutcome.Succeeded dos =
        succeeded(
            run("eng", "T0814", Map.of("target", "plc-1", "connections", "40", "requests", "200")));
    int accepted = Integer.parseInt(dos.findings().get("connectionsAccepted"));
    int refused = Integer.parseInt(dos.findings().get("connectionsRefused"));
    assertThat(accepted + refused).isEqualTo(40);
    // The server serves at most 8 connections per source: the rest are refused.
    assertThat(accepted).isBetween(1, 8);
    assertThat(dos.findings()).containsEntry("requestsAnswered", "200");

    assertBlocked(
        run("ws", "T0814", Map.of("target", "plc-1", "connections", "5", "requests", "5")),
        "ops-control",
        null);
  }

  @Test
  void credentialsLogInOrAreRefused() {
    StepOutcome.Succeeded login = succeeded(run("eng", "T0812", Map.of("target", "plc-1")));
    assertThat(login.findings()).containsEntry("username", "operator");
    succeeded(
        run(
            "eng",
            "T0859",
            Map.of(
                "target", "plc-1",
                "username", "operator",
                "password", "operator",
                "tag", "setpoint",
                "value", "42")));
    assertThat(tag("setpoint")).isEqualTo(42.0);

    StepOutcome wrong =
        run("eng", "T0859", Map.of("target", "plc-1", "username", "operator", "password", "guess"));
    assertThat(wrong).isInstanceOf(StepOutcome.Failed.class);

    assertBlocked(run("ws", "T0812", Map.of("target", "plc-1")), "ops-control", null);
  }

  @Test
  void pivotMovesTheAttackerWhenTheArchitectureAllows() {
    TestContext ctx = lab.from("eng");
    int before = lab.events.size();
    long typedBefore = lab.remote("ctl-ws", RemoteService.VNC).bytesAfterOpening();
    StepOutcome.Succeeded pivot =
        succeeded(run(ctx, "T0886", Map.of("target", "ctl-ws", "service", "vnc")));
    // Logged in, the operator typed "whoami" and Enter on the session: seven RFB KeyEvents down
    // and up (8 bytes each), a key every 120 to 320 ms of lab time, then the session closed.
    assertThat(typedSince(lab.remote("ctl-ws", RemoteService.VNC), typedBefore, 7 * 16))
        .isEqualTo(7 * 16);
    assertThat(ctx.delays).hasSize(8);
    for (int i = 1; i < 7; i++) {
      assertThat(ctx.delays.get(i) - ctx.delays.get(i - 1)).isBetween(0.12, 0.32);
    }
    assertThat(pivot.detail()).startsWith("pivot from eng to ctl-ws over vnc as administrator");
    assertThat(pivot.findings()).containsEntry("modelled", "false");
    assertThat(ctx.currentHost()).isEqualTo("ctl-ws");
    // The session crossed the conduit: its tap saw the RFB opening, answered.
    assertThat(lab.events.subList(before, lab.events.size()))
        .anySatisfy(
            e -> {
              assertThat(e.sourceHost()).isEqualTo("eng");
              assertThat(e.destinationHost()).isEqualTo("ctl-ws");
              assertThat(e.protocol()).isEqualTo(Protocol.VNC);
              assertThat(e.operation()).isEqualTo("RFB_VERSION");
              assertThat(e.nodeIds()).containsExactly("version=3.8");
              assertThat(e.result()).isEqualTo(ProtocolEvent.Result.OK);
              assertThat(e.rule()).isEqualTo("eng-vnc");
            });
    // From inside the control zone the PLC is reached directly, with real traffic.
    succeeded(run(ctx, "T0855", Map.of("target", "plc-1", "tag", "valve_open", "value", "true")));
    assertThat(tag("valve_open")).isEqualTo(1.0);
    run("eng", "T0855", Map.of("target", "plc-1", "tag", "valve_open", "value", "false"));

    TestContext hmi = lab.from("hmi");
    assertBlocked(
        run(hmi, "T0886", Map.of("target", "ctl-ws", "service", "vnc")), "ops-control", null);
    assertThat(hmi.currentHost()).isEqualTo("hmi");
    // Allowed path, but strong credentials: Failed, and the attacker stays.
    TestContext eng = lab.from("eng");
    int beforeSsh = lab.events.size();
    assertThat(run(eng, "T0866", Map.of("target", "ctl-ssh", "service", "ssh", "user", "root")))
        .isInstanceOf(StepOutcome.Failed.class);
    assertThat(eng.currentHost()).isEqualTo("eng");
    // The attempt was real all the same: the SSH client's banner crossed the conduit.
    assertThat(lab.events.subList(beforeSsh, lab.events.size()))
        .anySatisfy(
            e -> {
              assertThat(e.operation()).isEqualTo("SSH_BANNER");
              assertThat(e.nodeIds())
                  .containsExactly(
                      "version=2.0", "software=OpenSSH_9.2p1", "kex=curve25519-sha256");
            });
    // Allowed for VNC only: SSH to ctl-ws is refused by the conduit.
    assertBlocked(
        run(eng, "T0886", Map.of("target", "ctl-ws", "service", "ssh")), "ops-control", null);
    // HTTPS on 8443, let through by a rule on that port: a real TLS ClientHello naming the target.
    int beforeHttps = lab.events.size();
    succeeded(run(lab.from("eng"), "T0886", Map.of("target", "ctl-ws", "service", "https")));
    assertThat(lab.events.subList(beforeHttps, lab.events.size()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.protocol()).isEqualTo(Protocol.HTTPS);
              assertThat(e.operation()).isEqualTo("TLS_CLIENT_HELLO");
              assertThat(e.nodeIds())
                  .containsExactly("sni=ctl-ws", "alpn=h2,http/1.1", "version=TLS1.3");
              assertThat(e.result()).isEqualTo(ProtocolEvent.Result.OK);
              assertThat(e.rule()).isEqualTo("eng-8443");
            });
    // Asked on its port, the same session; asked on 443, where ctl-ws offers nothing and no rule
    // lets eng through, the conduit refuses it first, as it would drop the SYN.
    succeeded(
        run(
            lab.from("eng"),
            "T0886",
            Map.of("target", "ctl-ws", "service", "https", "port", "8443")));
    assertBlocked(
        run(
            lab.from("eng"),
            "T0886",
            Map.of("target", "ctl-ws", "service", "https", "port", "443")),
        "ops-control",
        null);
  }

  /**
   * Bytes the server read after openings since {@code before}: in process they are there when the
   * step returns; over kernel sockets ({@code -Dotlab.loopback=false}) the server's thread may
   * still be reading them, so wait for {@code expected} a little while.
   */
  private static long typedSince(
      dev.otlab.network.remote.RemoteServiceServer server, long before, long expected) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
    while (server.bytesAfterOpening() - before < expected && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return server.bytesAfterOpening() - before;
  }

  @Test
  void guardrailRefusesOutsideTargetsBeforeAnyPacket() {
    for (String outside :
        new String[] {
          "10.0.0.5",
          "192.168.1.10",
          "8.8.8.8",
          "172.17.0.1",
          "169.254.1.1",
          "plc.example.com",
          "localhost",
          "::1",
          "opc.tcp://10.0.0.5:4840"
        }) {
      for (String technique : new String[] {"T0846", "T0855", "T0814", "T0812", "T0886"}) {
        TestContext ctx = lab.from("eng");
        Map<String, String> params =
            technique.equals("T0846")
                ? Map.of("hosts", outside)
                : Map.of("target", outside, "address", "0", "value", "1", "service", "vnc");
        Technique t = techniques.byId(technique).orElseThrow();
        Map<String, String> fitting = new java.util.HashMap<>(params);
        fitting.keySet().retainAll(union(t));
        assertThatThrownBy(() -> t.execute(ctx, fitting))
            .as(technique + " -> " + outside)
            .isInstanceOf(OtlabException.class)
            .hasMessageContaining(outside)
            .satisfies(
                e -> {
                  OtlabException o = (OtlabException) e;
                  assertThat(o.code()).isEqualTo(Guardrail.CODE);
                  assertThat(o.remedy()).contains("host");
                });
        assertThat(ctx.accessCalls).as("no address was even asked for").hasValue(0);
      }
    }
    // A parameter that is no target but still an address is refused too.
    TestContext ctx = lab.from("eng");
    assertThatThrownBy(
            () -> run(ctx, "T0855", Map.of("target", "plc-1", "tag", "10.0.0.5", "value", "1")))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("10.0.0.5");
    assertThat(ctx.accessCalls).hasValue(0);
  }

  private static java.util.Set<String> union(Technique t) {
    java.util.Set<String> s = new java.util.HashSet<>(t.requiredParameters());
    s.addAll(t.optionalParameters());
    return s;
  }
}
