package dev.otlab.detection;

import static dev.otlab.detection.Fixtures.engine;
import static dev.otlab.detection.Fixtures.modbus;
import static dev.otlab.detection.Fixtures.opcua;
import static dev.otlab.detection.Fixtures.profile;
import static dev.otlab.detection.Fixtures.read;
import static dev.otlab.detection.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.detection.DetectionProfile.FunctionRule;
import dev.otlab.detection.DetectionProfile.OpcUaRules;
import dev.otlab.detection.DetectionProfile.Range;
import dev.otlab.detection.DetectionProfile.RateKind;
import dev.otlab.detection.DetectionProfile.RateRule;
import dev.otlab.detection.DetectionProfile.WriteTable;
import dev.otlab.detection.DetectionProfile.WriterRule;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent.Result;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleDetectorTest {

  static final FunctionRule FC43 =
      new FunctionRule(
          "modbus-device-identification",
          AlertSeverity.MEDIUM,
          List.of("T0888"),
          "device identification",
          Protocol.MODBUS,
          Set.of(43),
          Set.of(),
          Set.of());

  static final FunctionRule PROGRAM =
      new FunctionRule(
          "program-download",
          AlertSeverity.CRITICAL,
          List.of("T0843"),
          "program download",
          null,
          Set.of(),
          Set.of("PROGRAM_DOWNLOAD"),
          Set.of());

  static final FunctionRule BROWSE =
      new FunctionRule(
          "opcua-browse",
          AlertSeverity.LOW,
          List.of("T0861"),
          "browse",
          Protocol.OPCUA,
          Set.of(),
          Set.of("BrowseRequest"),
          Set.of("historian"));

  static RateRule rate(String id, RateKind kind, int threshold, double window) {
    return new RateRule(
        id, AlertSeverity.HIGH, List.of("T0806"), kind, threshold, window, Set.of());
  }

  static DetectionEngine rules(List<FunctionRule> f, List<WriterRule> w, List<RateRule> r) {
    return engine(profile(f, w, r, null, null, null));
  }

  @Test
  void functionCodeRuleFiresOnItsCodeOnly() {
    DetectionEngine e = rules(List.of(FC43), List.of(), List.of());
    e.accept(read(1, "hmi-1", "plc-intake", 4, 0, List.of(2000.0)));
    assertThat(e.alerts()).isEmpty();
    e.accept(modbus(2, "ws-1#1", "ws-1", "plc-intake", 43, -1, 0, List.of(), Result.OK, 0));
    assertThat(e.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("modbus-device-identification");
              assertThat(a.techniques()).containsExactly("T0888");
              assertThat(a.sourceHost()).isEqualTo("ws-1");
              assertThat(a.destinationHost()).isEqualTo("plc-intake");
              assertThat(a.evidence())
                  .singleElement()
                  .satisfies(ev -> assertThat(ev.description()).contains("FC43"));
            });
  }

  @Test
  void operationRuleMatchesVendorOperationNamesWhateverTheCode() {
    DetectionEngine e = rules(List.of(PROGRAM), List.of(), List.of());
    var ev = modbus(5, "eng#1", "ws-1", "plc-intake", 90, -1, 0, List.of(), Result.OK, 0);
    e.accept(
        new dev.otlab.network.relay.ProtocolEvent(
            ev.time(),
            ev.relay(),
            ev.connection(),
            ev.sourceHost(),
            ev.destinationHost(),
            ev.protocol(),
            "PROGRAM_DOWNLOAD",
            90,
            1,
            -1,
            0,
            -1,
            0,
            List.of(),
            List.of(),
            Result.OK,
            0,
            true,
            null,
            null));
    e.accept(modbus(6, "eng#1", "ws-1", "plc-intake", 90, -1, 0, List.of(), Result.OK, 0));
    assertThat(e.alerts()).extracting(Alert::rule).containsExactly("program-download");
  }

  @Test
  void exceptRolesExemptTheirDocumentedJob() {
    DetectionEngine e = rules(List.of(BROWSE), List.of(), List.of());
    e.accept(opcua(1, "h#1", "historian", "plc-intake", "BrowseRequest", Result.OK));
    assertThat(e.alerts()).isEmpty();
    e.accept(opcua(2, "w#1", "ws-1", "plc-intake", "BrowseRequest", Result.OK));
    assertThat(e.alerts()).extracting(Alert::sourceHost).containsExactly("ws-1");
  }

  @Test
  void writerRulesFlagWritesFromRolesNotAllowedThereOnly() {
    WriterRule coils =
        new WriterRule(
            "coil-writers",
            AlertSeverity.HIGH,
            List.of("T0855"),
            Set.of("plc"),
            Protocol.MODBUS,
            WriteTable.COIL,
            List.of(),
            List.of(),
            Set.of("engineering-ws"));
    WriterRule setpoints =
        new WriterRule(
            "setpoint-writers",
            AlertSeverity.MEDIUM,
            List.of("T0836"),
            Set.of("plc"),
            Protocol.MODBUS,
            WriteTable.HOLDING_REGISTER,
            List.of(new Range(0, 1)),
            List.of(),
            Set.of("hmi", "engineering-ws"));
    DetectionEngine e = rules(List.of(), List.of(coils, setpoints), List.of());
    e.accept(write(1, "eng-ws", "plc-intake", 5, 0, 1)); // engineer: allowed
    e.accept(write(2, "hmi-1", "plc-intake", 6, 1, 3000)); // operator setpoint: allowed
    e.accept(write(3, "hmi-1", "plc-intake", 6, 7, 3000)); // outside the rule's range
    assertThat(e.alerts()).isEmpty();
    e.accept(write(4, "hmi-1", "plc-treatment", 5, 0, 1)); // HMI forcing the pump
    e.accept(write(5, "ws-1", "plc-intake", 16, 0, 500)); // office PC writing a setpoint
    assertThat(e.alerts())
        .extracting(Alert::rule, Alert::sourceHost)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("coil-writers", "hmi-1"),
            org.assertj.core.groups.Tuple.tuple("setpoint-writers", "ws-1"));
  }

  @Test
  void pointScanNeedsTheQuickdrawCountWithinTheWindow() {
    DetectionEngine e =
        rules(List.of(), List.of(), List.of(rate("points-list-scan", RateKind.POINT_SCAN, 5, 60)));
    // Four exceptions in a minute, then one 61 s after the first: never five within 60 s.
    for (int i = 0; i < 4; i++) {
      e.accept(modbus(i, "ws#1", "ws-1", "plc-intake", 3, 100 + i, 1, List.of(), Result.ERROR, 2));
    }
    e.accept(modbus(61.5, "ws#1", "ws-1", "plc-intake", 3, 200, 1, List.of(), Result.ERROR, 2));
    assertThat(e.alerts()).isEmpty();
    for (int i = 0; i < 4; i++) {
      e.accept(
          modbus(
              62 + i, "ws#1", "ws-1", "plc-intake", 3, 300 + i, 1, List.of(), Result.REJECTED, 2));
    }
    assertThat(e.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("points-list-scan");
              assertThat(a.time()).isEqualTo(65.0);
              assertThat(a.count()).isEqualTo(1);
            });
  }

  @Test
  void functionCodeScanCountsIllegalFunctionOnly() {
    DetectionEngine e =
        rules(
            List.of(),
            List.of(),
            List.of(rate("function-code-scan", RateKind.FUNCTION_CODE_SCAN, 3, 60)));
    e.accept(modbus(1, "ws#1", "ws-1", "plc-intake", 20, -1, 0, List.of(), Result.ERROR, 1));
    e.accept(modbus(2, "ws#1", "ws-1", "plc-intake", 3, 9, 1, List.of(), Result.ERROR, 2));
    e.accept(modbus(3, "ws#1", "ws-1", "plc-intake", 21, -1, 0, List.of(), Result.ERROR, 1));
    assertThat(e.alerts()).isEmpty();
    e.accept(modbus(4, "ws#1", "ws-1", "plc-intake", 24, -1, 0, List.of(), Result.ERROR, 1));
    assertThat(e.alerts()).extracting(Alert::rule).containsExactly("function-code-scan");
  }

  @Test
  void aWriteFloodIsOneAlertWithACount() {
    DetectionEngine e =
        rules(List.of(), List.of(), List.of(rate("write-flood", RateKind.WRITE_FLOOD, 20, 10)));
    for (int i = 0; i < 200; i++) {
      e.accept(write(100 + i * 0.05, "hmi-1", "plc-treatment", 5, 0, i % 2));
    }
    assertThat(e.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.count()).isEqualTo(181);
              assertThat(a.lastTime())
                  .isCloseTo(100 + 199 * 0.05, org.assertj.core.data.Offset.offset(1e-9));
              assertThat(a.evidence()).hasSize(10);
              assertThat(a.summary()).contains("181 times");
            });
  }

  @Test
  void cooldownSeparatesBurstsFarApart() {
    DetectionEngine e = rules(List.of(FC43), List.of(), List.of());
    e.accept(modbus(1, "ws#1", "ws-1", "plc-intake", 43, -1, 0, List.of(), Result.OK, 0));
    e.accept(modbus(50, "ws#1", "ws-1", "plc-intake", 43, -1, 0, List.of(), Result.OK, 0));
    e.accept(modbus(200, "ws#1", "ws-1", "plc-intake", 43, -1, 0, List.of(), Result.OK, 0));
    e.accept(modbus(201, "ws#1", "ws-1", "plc-treatment", 43, -1, 0, List.of(), Result.OK, 0));
    assertThat(e.alerts()).extracting(Alert::count).containsExactly(2, 1, 1);
    assertThat(e.alerts()).extracting(Alert::id).containsExactly("A-0001", "A-0002", "A-0003");
  }

  @Test
  void connectionFloodCountsDistinctConnections() {
    DetectionEngine e =
        rules(
            List.of(),
            List.of(),
            List.of(rate("connection-flood", RateKind.CONNECTION_FLOOD, 30, 10)));
    for (int i = 0; i < 100; i++) {
      e.accept(read(i * 0.01, "hmi-1", "plc-intake", 4, 0, List.of(2000.0))); // one connection
    }
    assertThat(e.alerts()).isEmpty();
    for (int i = 0; i < 30; i++) {
      e.accept(
          modbus(
              2 + i * 0.1,
              "ws#" + i,
              "ws-1",
              "plc-intake",
              4,
              0,
              1,
              List.of(),
              Result.NO_RESPONSE,
              0));
    }
    assertThat(e.alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.rule()).isEqualTo("connection-flood"));
  }

  @Test
  void opcUaSessionOnANoneChannelAndRefusedLogins() {
    OpcUaRules ua =
        new OpcUaRules(AlertSeverity.MEDIUM, List.of("T0859"), AlertSeverity.LOW, List.of("T0812"));
    DetectionEngine e =
        engine(
            profile(
                List.of(),
                List.of(),
                List.of(rate("failed-logins", RateKind.FAILED_LOGINS, 3, 1800)),
                ua,
                null,
                null));
    // A secured channel: the relay never reads the server's OPN answer, then it is all encrypted.
    e.accept(
        opcua(1, "h#1", "historian", "plc-intake", "OpenSecureChannelRequest", Result.NO_RESPONSE));
    e.accept(opcua(2, "h#1", "historian", "plc-intake", "Encrypted", Result.OPAQUE));
    // Discovery on a None channel is how every client starts: not an alert.
    e.accept(opcua(3, "h#2", "historian", "plc-intake", "OpenSecureChannelRequest", Result.OK));
    e.accept(opcua(3.1, "h#2", "historian", "plc-intake", "GetEndpointsRequest", Result.OK));
    assertThat(e.alerts()).isEmpty();
    e.accept(opcua(10, "w#1", "ws-1", "plc-intake", "OpenSecureChannelRequest", Result.OK));
    e.accept(opcua(10.1, "w#1", "ws-1", "plc-intake", "CreateSessionRequest", Result.OK));
    for (int i = 0; i < 3; i++) {
      e.accept(opcua(11 + i, "w#1", "ws-1", "plc-intake", "ActivateSessionRequest", Result.ERROR));
    }
    assertThat(e.alerts())
        .extracting(Alert::rule)
        .containsExactly("opcua-security-none", "opcua-failed-login", "failed-logins");
  }
}
