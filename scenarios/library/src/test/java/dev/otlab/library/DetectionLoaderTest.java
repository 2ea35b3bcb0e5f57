package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.otlab.detection.AlertSeverity;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.detection.DetectionProfile.RateKind;
import dev.otlab.detection.FirewallKind;
import dev.otlab.network.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped detection profiles against the schema and the loader, and the loader's errors. */
class DetectionLoaderTest {

  static final Path DIR = Path.of("detection");

  static Stream<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Schema schema() throws Exception {
    JsonNode schemaNode =
        new ObjectMapper().readTree(Path.of("schemas", "detection.schema.json").toFile());
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(schemaNode);
  }

  @ParameterizedTest
  @MethodSource("files")
  void matchesTheSchemaAndLoads(Path file) throws Exception {
    JsonNode node = Reader.yaml().readTree(file.toFile());
    List<Error> errors = schema().validate(node);
    assertThat(errors).as(file + " against the schema").isEmpty();
    DetectionProfile p = DetectionLoader.load(file.toString());
    assertThat(file.getFileName().toString()).isEqualTo(p.id() + ".yaml");
    assertThat(Library.names("detection")).contains(p.id());
  }

  @Test
  void signaturesIsRulesOnlyAndFullAddsBaselineAndProcess() {
    DetectionProfile sig = DetectionLoader.load("signatures");
    DetectionProfile full = DetectionLoader.load("full");
    assertThat(sig.baseline()).isNull();
    assertThat(sig.process()).isNull();
    assertThat(full.baseline()).isNotNull();
    assertThat(full.process()).isNotNull();
    assertThat(full.functions()).isEqualTo(sig.functions());
    assertThat(sig.rates())
        .filteredOn(r -> r.kind() == RateKind.POINT_SCAN)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.threshold()).isEqualTo(5);
              assertThat(r.windowSeconds()).isEqualTo(60);
            });
    assertThat(sig.rates())
        .filteredOn(r -> r.kind() == RateKind.FUNCTION_CODE_SCAN)
        .singleElement()
        .satisfies(r -> assertThat(r.threshold()).isEqualTo(3));
    assertThat(sig.functions()).anySatisfy(f -> assertThat(f.functionCodes()).contains(8));
    assertThat(sig.functions()).anySatisfy(f -> assertThat(f.functionCodes()).contains(43));
    assertThat(sig.functions()).anySatisfy(f -> assertThat(f.functionCodes()).contains(17));
  }

  /**
   * The library profiles read into the same settings since detectors became kinds: the sections
   * land under their kinds, with the values the files give and the defaults the loader gave before.
   */
  @Test
  void theLibraryProfilesLoadToTheirSettingsUnderTheirKinds() {
    DetectionProfile sig = DetectionLoader.load("signatures");
    DetectionProfile full = DetectionLoader.load("full");
    assertThat(sig.settings().keySet()).containsExactly("firewall", "rules");
    assertThat(full.settings().keySet())
        .containsExactly("baseline", "firewall", "process", "rules");
    for (DetectionProfile p : List.of(sig, full)) {
      assertThat(p.cooldownSeconds()).isEqualTo(60);
      assertThat(p.maxEvidence()).isEqualTo(10);
      assertThat(p.functions()).hasSize(11);
      assertThat(p.functions())
          .filteredOn(f -> f.id().equals("mqtt-command-publish"))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.topics()).containsExactly("+/+/+/set");
                assertThat(f.exceptRoles()).containsExactlyInAnyOrder("cloud");
              });
      assertThat(p.writers()).hasSize(5);
      assertThat(p.rates()).hasSize(8);
      // The same rules over the conduits' firewall logs in both.
      assertThat(p.settings("firewall", FirewallKind.Rules.class))
          .hasValueSatisfying(
              f -> {
                assertThat(f.rules())
                    .extracting(FirewallKind.Rule::id)
                    .containsExactly("firewall-repeated-denials", "firewall-remote-service-denied");
                assertThat(f.rules().get(0).threshold()).isEqualTo(3);
                assertThat(f.rules().get(0).windowSeconds()).isEqualTo(60);
                assertThat(f.rules().get(1).protocols()).contains(Protocol.RDP, Protocol.SSH);
              });
      assertThat(p.opcua())
          .isEqualTo(
              new DetectionProfile.OpcUaRules(
                  AlertSeverity.MEDIUM, List.of("T0859"), AlertSeverity.LOW, List.of("T0812")));
      assertThat(p.rules())
          .isEqualTo(new DetectionProfile.Rules(p.functions(), p.writers(), p.rates(), p.opcua()));
    }
    assertThat(full.rules()).isEqualTo(sig.rules());
    assertThat(full.rates())
        .filteredOn(r -> r.id().equals("failed-logins"))
        .singleElement()
        .isEqualTo(
            new DetectionProfile.RateRule(
                "failed-logins",
                AlertSeverity.HIGH,
                List.of("T0812", "T0859"),
                RateKind.FAILED_LOGINS,
                3,
                1800,
                Set.of()));
    assertThat(full.writers().get(0))
        .isEqualTo(
            new DetectionProfile.WriterRule(
                "coil-writers",
                AlertSeverity.HIGH,
                List.of("T0855"),
                Set.of("plc"),
                Protocol.MODBUS,
                DetectionProfile.WriteTable.COIL,
                List.of(),
                List.of(),
                Set.of("engineering-ws")));
    assertThat(full.baseline())
        .isEqualTo(
            new DetectionProfile.BaselineSettings(
                55,
                List.of(
                    "hmi>plc modbus 6,16",
                    "hmi>sis modbus 6,16",
                    "engineering-ws>plc modbus 3,16",
                    "engineering-ws>sis modbus 3",
                    "historian>plc opcua CloseSessionRequest",
                    "cloud>mqtt-broker mqtt MQTT_PUBLISH,MQTT_DELIVER,MQTT_DISCONNECT",
                    "iiot-gateway>mqtt-broker mqtt MQTT_DELIVER,MQTT_DISCONNECT",
                    "vendor-remote>jump-host rdp RDP_CONNECTION_REQUEST,TLS_CLIENT_HELLO",
                    "jump-host>engineering-ws rdp RDP_CONNECTION_REQUEST,TLS_CLIENT_HELLO"),
                AlertSeverity.HIGH));
    DetectionProfile.ProcessSettings process = full.process();
    assertThat(process).isNotNull();
    assertThat(process)
        .isEqualTo(
            new DetectionProfile.ProcessSettings(
                true,
                30,
                Map.of("raw-tank", 0.006, "treated-tank", 0.006, "reactor-energy", 0.3),
                0.5,
                8,
                30,
                20,
                process.calibration()));
    assertThat(process.calibration()).startsWith("residual sigma estimated");
  }

  /**
   * The firewall's rules and the signature rules read their common fields one way: an id unique
   * among the kind's rules (the same problem for the same mistake), severity, techniques, role and
   * number lists.
   */
  @Test
  void firewallAndSignatureRulesReadTheirCommonFieldsAlike() {
    DetectionProfile p =
        DetectionLoader.parse(
            "alike.yaml",
            """
            id: alike
            functions:
              - {id: writes, severity: high, techniques: [T0855, T0836], summary: s,
                 functionCodes: [16, 6], exceptRoles: [hmi, engineering-ws]}
            writers:
              - {id: writers, severity: medium, techniques: [T0855], targets: [plc],
                 writers: [hmi]}
            rates:
              - {id: scan, severity: low, techniques: [T0846], kind: point-scan, threshold: 5,
                 window: 1m, exceptRoles: [historian]}
            firewall:
              - {id: writes, severity: high, techniques: [T0855, T0836], summary: s,
                 ports: [502, 4840], protocols: [modbus, opcua], fromRoles: [hmi],
                 exceptRoles: [engineering-ws, hmi]}
            """);
    DetectionProfile.FunctionRule f = p.functions().get(0);
    FirewallKind.Rule w =
        p.settings("firewall", FirewallKind.Rules.class).orElseThrow().rules().get(0);
    // The same id in another kind is no clash: ids are unique among one kind's rules.
    assertThat(List.of(f.id(), w.id())).containsOnly("writes");
    assertThat(List.of(f.severity(), w.severity())).containsOnly(AlertSeverity.HIGH);
    assertThat(List.of(f.techniques(), w.techniques())).containsOnly(List.of("T0855", "T0836"));
    assertThat(f.functionCodes()).containsExactlyInAnyOrder(16, 6);
    assertThat(w.ports()).containsExactlyInAnyOrder(502, 4840);
    assertThat(w.protocols()).containsExactlyInAnyOrder(Protocol.MODBUS, Protocol.OPCUA);
    assertThat(f.exceptRoles()).containsExactlyInAnyOrder("hmi", "engineering-ws");
    assertThat(w.exceptRoles()).containsExactlyInAnyOrder("engineering-ws", "hmi");
    assertThat(w.fromRoles()).containsExactly("hmi");
    assertThat(p.writers().get(0).targets()).containsExactly("plc");
    assertThat(p.rates().get(0).exceptRoles()).containsExactly("historian");

    String twice =
        """
        id: twice
        functions:
          - {id: a, severity: high, summary: s, functionCodes: [5]}
          - {id: a, severity: high, summary: s, functionCodes: [6]}
        firewall:
          - {id: a, severity: high, summary: s}
          - {id: a, severity: high, summary: s}
        """;
    assertThatThrownBy(() -> DetectionLoader.parse("twice.yaml", twice))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).problems())
                    .containsExactly(
                        new Problem(
                            "functions[1].id", "'a' is used twice.", "Give every rule its own id."),
                        new Problem(
                            "firewall[1].id",
                            "'a' is used twice.",
                            "Give every rule its own id.")));
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsPath() throws Exception {
    String yaml =
        """
        id: broken
        cooldown: soon
        colour: red
        functions:
          - {id: a, severity: urgent, techniques: [X1], summary: s, functionCodes: [300]}
          - {id: a, severity: low, summary: s}
        writers:
          - {id: w, severity: high, targets: [mainframe], writers: [hmi], ranges: [[5, 2]]}
        rates:
          - {id: r, severity: high, kind: sideways, threshold: 0, window: 10s}
        baseline: {training: 55s, allow: ["hmi plc modbus", "robot>plc modbus 3"]}
        process: {residualSigma: {tank: 1}, calibration: x}
        """;
    assertThatThrownBy(() -> DetectionLoader.parse("broken.yaml", yaml))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              List<String> paths =
                  ((ValidationException) e).problems().stream().map(Problem::path).toList();
              assertThat(paths)
                  .contains(
                      "cooldown",
                      "colour",
                      "functions[0].severity",
                      "functions[0].techniques[0]",
                      "functions[0].functionCodes[0]",
                      "functions[1].id",
                      "functions[1]",
                      "writers[0].targets[0]",
                      "writers[0].ranges[0]",
                      "rates[0].kind",
                      "rates[0].threshold",
                      "baseline.allow[0]",
                      "baseline.allow[1]",
                      "process.residualSigma.tank");
            });
    JsonNode node = Reader.yaml().readTree(yaml);
    assertThat(schema().validate(node)).isNotEmpty();
  }
}
