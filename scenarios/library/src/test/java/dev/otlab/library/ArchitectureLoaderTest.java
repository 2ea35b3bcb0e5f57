package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitLog;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RemoteService;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.simulator.plc.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureLoaderTest {

  /** A small valid reactor architecture; tests break one thing at a time. */
  static final String VALID =
      """
      id: small
      plant: chemical-reactor
      zones:
        - {id: ops, level: 3, slt: 2}
        - {id: control, level: 1, slt: 2}
        - {id: safety, level: 1, slt: 3}
      hosts:
        - {id: hmi, zone: ops, role: hmi}
        - {id: eng, zone: ops, role: engineering-ws, posture: {remoteServices: [rdp], credentials: weak}}
        - {id: plc, zone: control, role: plc, controller: plc-reactor, posture: {opcua: {modes: [sign-and-encrypt]}}}
        - {id: sis, zone: safety, role: sis, controller: sis-reactor}
      conduits:
        - id: ops-control
          between: [ops, control]
          log: denials
          rules:
            - {id: hmi-rw, from: host:hmi, to: host:plc, protocol: modbus, functionCodes: [3, 16], ranges: [[0, 7]], action: allow}
            - {from: host:eng, to: zone:control, protocol: opcua, services: [read, write], minSecurity: sign-and-encrypt, action: allow}
            - {from: any, to: any, protocol: any, action: reject}
      sensors: {taps: [ops-control], spans: [safety]}
      entryPoints: {control-insider: hmi}
      """;

  static List<Problem> problems(String yaml) {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> ArchitectureLoader.parse("test.yaml", yaml));
    assertThat(e).as("expected the file to be invalid").isNotNull();
    assertThat(e.code()).isEqualTo("ARCHITECTURE_INVALID");
    return e.problems();
  }

  static List<String> lines(String yaml) {
    return problems(yaml).stream().map(Problem::toString).toList();
  }

  @Test
  void validFileBecomesASpecWithDefaults() {
    ArchitectureSpec a = ArchitectureLoader.parse("small.yaml", VALID);
    assertThat(a.id()).isEqualTo("small");
    assertThat(a.title()).isEqualTo("small");
    assertThat(a.zone("ops").orElseThrow().level()).isEqualTo(3.0);
    HostSpec eng = a.host("eng").orElseThrow();
    assertThat(eng.role()).isEqualTo(HostRole.ENGINEERING_WS);
    assertThat(eng.posture().remoteServices()).containsExactly(RemoteService.RDP);
    assertThat(eng.posture().credentials()).isEqualTo(Credentials.WEAK);
    assertThat(eng.posture().opcUaModes()).isEmpty();
    // PLC and SIS hosts without an opcua posture offer what the plant servers offer by default.
    HostSpec sis = a.host("sis").orElseThrow();
    assertThat(sis.posture().opcUaModes()).isEqualTo(ArchitectureLoader.CONTROLLER_DEFAULT_MODES);
    assertThat(sis.posture().opcUaAnonymous()).isTrue();
    HostSpec plc = a.host("plc").orElseThrow();
    assertThat(plc.posture().opcUaModes()).containsExactly(OpcUaMode.SIGN_AND_ENCRYPT);
    assertThat(plc.posture().opcUaAnonymous()).isFalse();

    ConduitSpec c = a.conduit("ops-control").orElseThrow();
    assertThat(c.log()).isEqualTo(ConduitLog.DENIALS);
    assertThat(c.rules()).extracting(RuleSpec::id).containsExactly("hmi-rw", "r2", "r3");
    RuleSpec hmi = c.rules().get(0);
    assertThat(hmi.from()).isEqualTo(Selector.host("hmi"));
    assertThat(hmi.modbus().functionCodes()).containsExactlyInAnyOrder(3, 16);
    assertThat(hmi.modbus().ranges()).containsExactly(new RegisterRange(0, 7));
    RuleSpec ua = c.rules().get(1);
    assertThat(ua.to()).isEqualTo(Selector.zone("control"));
    assertThat(ua.opcua().services())
        .containsExactlyInAnyOrder(OpcUaService.READ, OpcUaService.WRITE);
    assertThat(ua.opcua().minSecurityMode()).isEqualTo(OpcUaMode.SIGN_AND_ENCRYPT);
    RuleSpec last = c.rules().get(2);
    assertThat(last.protocol()).isEqualTo(Protocol.ANY);
    assertThat(last.action()).isEqualTo(RuleAction.REJECT);
    assertThat(last.from()).isEqualTo(Selector.ANY);
    assertThat(a.sensors().tappedConduits()).containsExactly("ops-control");
    assertThat(a.sensors().spanZones()).containsExactly("safety");
    assertThat(a.entryPoints()).containsEntry("control-insider", "hmi");
  }

  @Test
  void rangesMayNameTheirTable() {
    String yaml =
        VALID.replace(
            "ranges: [[0, 7]]", "ranges: [[0, 7], {table: holding-register, first: 10, last: 12}]");
    RuleSpec hmi =
        ArchitectureLoader.parse("t.yaml", yaml)
            .conduit("ops-control")
            .orElseThrow()
            .rules()
            .get(0);
    assertThat(hmi.modbus().ranges())
        .containsExactly(
            new RegisterRange(0, 7), new RegisterRange(10, 12, Table.HOLDING_REGISTER));
    assertThat(
            lines(
                VALID.replace(
                    "ranges: [[0, 7]]",
                    "ranges: [{table: registers, first: 0, last: 7}, {table: coil, first: 9,"
                        + " last: 2}, {first: 1, last: 2}, [1]]")))
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[0].rules[0].ranges[0].table: 'registers'"))
        .anySatisfy(l -> assertThat(l).startsWith("conduits[0].rules[0].ranges[1]: [9, 2]"))
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[0].rules[0].ranges[2].table: is missing"))
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[0].rules[0].ranges[3]: must be a pair"));
  }

  /** Services on any port: a name keeps its well-known port, an object puts it elsewhere. */
  @Test
  void remoteServicesMayListenOnAnyPort() {
    String yaml =
        VALID.replace(
            "posture: {remoteServices: [rdp], credentials: weak}",
            "posture: {remoteServices: [rdp, {service: https, port: 8443}, {service: ssh, port:"
                + " 2222}, {service: vendor, name: historian-sync, port: 5450}, https]}");
    HostSpec eng = ArchitectureLoader.parse("small.yaml", yaml).host("eng").orElseThrow();
    assertThat(eng.posture().listeners())
        .containsExactly(
            new Posture.Listener(RemoteService.RDP, 3389, "rdp"),
            new Posture.Listener(RemoteService.HTTPS, 8443, "https"),
            new Posture.Listener(RemoteService.SSH, 2222, "ssh"),
            new Posture.Listener(RemoteService.VENDOR, 5450, "historian-sync"),
            new Posture.Listener(RemoteService.HTTPS, 443, "https"));
    assertThat(eng.posture().listener(RemoteService.HTTPS).orElseThrow().port()).isEqualTo(8443);

    List<String> got =
        lines(
            VALID
                .replace(
                    "posture: {remoteServices: [rdp], credentials: weak}",
                    "posture: {remoteServices: [vendor, {service: vendor, port: 4444}, {service:"
                        + " ssh, port: 3389}]}")
                .replace(
                    "controller: plc-reactor, posture:",
                    "controller: plc-reactor, posture: {remoteServices: [{service: http, port:"
                        + " 502}]}, x:"));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("hosts[1].posture.remoteServices[0]: a vendor service has no"));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("hosts[1].posture.remoteServices[1]: a vendor service has no"));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("hosts[2].posture.remoteServices[0]: port 502"));
  }

  @Test
  void functionCodeMessageNamesItsPath() {
    String yaml = VALID.replace("functionCodes: [3, 16]", "functionCodes: [3, 99]");
    assertThat(lines(yaml))
        .singleElement()
        .asString()
        .startsWith("conduits[0].rules[0].functionCodes[1]: 99 is not a Modbus function code.");
  }

  @Test
  void reportsEveryProblemAtOnceWithPathsAndFixes() {
    String yaml =
        """
        id: broken
        plant: chemical-reactor
        colour: red
        zones:
          - {id: ops, level: 3.2, slt: 2}
          - {id: control, level: ".nan", slt: 5}
          - {id: ops, level: 3, slt: 2}
          - {id: dmz, level: 7, slt: 2}
        hosts:
          - {id: hmi, zone: nowhere, role: hmi}
          - {id: hmi, zone: dmz, role: hmi}
          - {id: plc, zone: dmz, role: plc, controller: plc-paper}
          - {id: ws, zone: dmz, role: workstation, controller: plc-reactor, posture: {remoteServices: [rdp, carrier-pigeon], credentials: blank}}
          - {id: laptop, zone: dmz, role: hacker}
        conduits:
          - id: loop
            between: [dmz, dmz]
            rules:
              - {from: host:ghost, to: zone:atlantis, protocol: modbus, functionCodes: [0, 3, 3], ranges: [[10, 2], [0, 70000]], action: allow}
              - {id: r1, from: any, to: any, protocol: opcua, services: [read, hack], minSecurity: paranoid, action: allow}
          - id: loop
            between: [dmz]
            log: everything
            rules:
              - {id: a, from: any, to: zone:dmz, protocol: http, functionCodes: [3], action: allow}
              - {id: b, from: any, to: zone:dmz, protocol: http, action: deny}
              - {id: c, from: sideways, to: any, protocol: smtp, port: 0, action: maybe}
        sensors: {taps: [nothing], spans: [void]}
        entryPoints: {internet: ghost}
        """;
    List<String> got = lines(yaml);
    assertThat(got).anySatisfy(l -> assertThat(l).startsWith("colour: is not a known field."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("zones[0].level: 3.2 is not a Purdue level."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("zones[1].level: is ").contains("not a finite number."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("zones[1].slt: 5.0 is not a whole number from 1 to 4."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("zones[2].id: 'ops' is used by another zone."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("zones[3].level: 7.0 is not a Purdue level."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("hosts[0].zone: 'nowhere' is not a zone."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("hosts[1].id: 'hmi' is used by another host."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "hosts[2].controller: 'plc-paper' is not a controller of plant"
                            + " chemical-reactor."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("hosts[3].controller: only plc and sis hosts run a controller."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "hosts[3].posture.remoteServices[1]: 'carrier-pigeon' is not allowed."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("hosts[3].posture.credentials: 'blank' is not allowed."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("hosts[4].role: 'hacker' is not allowed."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("conduits[1].log: 'everything' is not allowed."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[0].between: joins zone 'dmz' to itself."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[0].rules[0].from: 'ghost' is not a host."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[0].rules[0].to: 'atlantis' is not a zone."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "conduits[0].rules[0].functionCodes[0]: 0 is not a Modbus function code."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("conduits[0].rules[0].functionCodes[2]: 3 is listed twice."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "conduits[0].rules[0].ranges[0]: [10, 2] is not a range within 0..65535."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "conduits[0].rules[0].ranges[1]: [0, 70000] is not a range within"
                            + " 0..65535."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("conduits[0].rules[1].services[1]: 'hack' is not allowed."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("conduits[0].rules[1].minSecurity: 'paranoid' is not allowed."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[1].id: 'loop' is used by another conduit."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[1].between: must list exactly two zones."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "conduits[1].rules[0]: has functionCodes or ranges but protocol http."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "conduits[1].rules[2].from: 'sideways' is not a source or destination."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[1].rules[2].protocol: 'smtp' is not allowed."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "conduits[1].rules[2].port: 0.0 is not a whole number from 1 to 65535."));
    assertThat(got)
        .anySatisfy(
            l -> assertThat(l).startsWith("conduits[1].rules[2].action: 'maybe' is not allowed."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("sensors.taps[0]: 'nothing' is not a conduit."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("sensors.spans[0]: 'void' is not a zone."));
    assertThat(got)
        .anySatisfy(l -> assertThat(l).startsWith("entryPoints.internet: 'ghost' is not a host."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "hosts: no host runs plc 'plc-reactor' of plant chemical-reactor."));
    assertThat(got)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "hosts: no host runs sis 'sis-reactor' of plant chemical-reactor."));
    // Every problem carries a fix sentence.
    assertThat(problems(yaml)).allSatisfy(p -> assertThat(p.fix()).isNotBlank().endsWith("."));
  }

  @Test
  void contradictoryAndShadowedRulesAreUnreachable() {
    String yaml =
        VALID.replace(
            "- {from: any, to: any, protocol: any, action: reject}",
            "- {id: hmi-deny, from: host:hmi, to: host:plc, protocol: modbus, action: deny}\n"
                + "      - {id: hmi-again, from: host:hmi, to: host:plc, protocol: modbus, port:"
                + " 502, functionCodes: [3], action: allow}\n"
                + "      - {id: other-port, from: host:hmi, to: host:plc, protocol: modbus, port:"
                + " 5020, action: deny}");
    List<String> got = lines(yaml);
    assertThat(got).hasSize(2);
    assertThat(got.get(0))
        .startsWith("conduits[0].rules[2]: contradicts earlier rule 'hmi-rw' (allow)")
        .contains("unreachable");
    assertThat(got.get(1))
        .startsWith(
            "conduits[0].rules[3]: matches the same source, destination, protocol and port as"
                + " earlier rule 'hmi-rw'");
  }

  @Test
  void duplicateRuleIdsWithinAConduitAreReported() {
    String yaml = VALID.replace("{from: host:eng", "{id: hmi-rw, from: host:eng");
    assertThat(lines(yaml))
        .singleElement()
        .asString()
        .startsWith("conduits[0].rules[1].id: 'hmi-rw' is used by another rule of this conduit.");
  }

  /** VALID with a broker zone, a gateway that bridges the reactor PLC, and MQTT rules. */
  static String iiot(String gatewayIiot, String mqttRule) {
    return VALID
        .replace(
            "  - {id: safety, level: 1, slt: 3}\n",
            "  - {id: safety, level: 1, slt: 3}\n  - {id: iiot, level: 3.5, slt: 2}\n")
        .replace(
            "  - {id: hmi, zone: ops, role: hmi}\n",
            "  - {id: hmi, zone: ops, role: hmi}\n"
                + "  - {id: broker, zone: iiot, role: mqtt-broker}\n"
                + "  - {id: gw, zone: ops, role: iiot-gateway, iiot: "
                + gatewayIiot
                + "}\n")
        .replace(
            "sensors:",
            "  - id: ops-iiot\n"
                + "    between: [ops, iiot]\n"
                + "    rules:\n"
                + "      - "
                + mqttRule
                + "\nsensors:");
  }

  @Test
  void mqttRulesAndIiotGatewaysAreRead() {
    ArchitectureSpec a =
        ArchitectureLoader.parse(
            "t",
            iiot(
                "{broker: broker, site: rx, tags: {plc: [reactor_temp, temp_setpoint]},"
                    + " writeBack: {plc: [temp_setpoint]}}",
                "{id: gw-out, from: host:gw, to: host:broker, protocol: mqtt, topics: [rx/+/+],"
                    + " direction: publish, action: allow}"));
    RuleSpec r = a.conduit("ops-iiot").orElseThrow().rules().get(0);
    assertThat(r.protocol()).isEqualTo(Protocol.MQTT);
    assertThat(r.mqtt().topics()).containsExactly("rx/+/+");
    assertThat(r.mqtt().direction()).isEqualTo(dev.otlab.network.MqttDirection.PUBLISH);
    dev.otlab.network.IiotSpec gw = a.host("gw").orElseThrow().iiot();
    assertThat(gw.broker()).isEqualTo("broker");
    assertThat(gw.publishSeconds()).isEqualTo(5.0);
    assertThat(gw.valueTopic("plc", "reactor_temp")).isEqualTo("rx/plc/reactor_temp");
    assertThat(gw.writable("plc", "temp_setpoint")).isTrue();
    assertThat(gw.writable("plc", "reactor_temp")).isFalse();
  }

  @Test
  void mqttRulesAndIiotGatewaysAreChecked() {
    assertThat(
            lines(
                iiot(
                    "{broker: hmi, tags: {plc: [nope]}, writeBack: {plc: [reactor_temp], hmi: [x]}}",
                    "{from: any, to: any, protocol: mqtt, topics: ['a/#/b'], action: allow}")))
        .containsExactlyInAnyOrder(
            "conduits[1].rules[0].topics[0]: 'a/#/b' uses # other than as the whole last level."
                + " Write an MQTT topic filter: levels joined by /, + for one level, # for"
                + " the rest (last).",
            "hosts[2].iiot.broker: 'hmi' is not an mqtt-broker host. Use one of [broker],"
                + " or add a host with role: mqtt-broker.",
            "hosts[2].iiot.tags.plc[0]: 'nope' is not a tag of controller plc-reactor. Use"
                + " one of [concentration_a, coolant_pump, coolant_temp, coolant_temp_actual,"
                + " feed_valve, reactor_temp, temp_auto, temp_kp, temp_setpoint, temp_ti].",
            "hosts[2].iiot.writeBack.plc[0]: 'reactor_temp' of controller plc-reactor is a"
                + " measurement, not writable. Write back setpoints only: one of"
                + " [coolant_pump, coolant_temp, feed_valve, temp_auto, temp_kp, temp_setpoint,"
                + " temp_ti].",
            "hosts[2].iiot.writeBack.hmi: 'hmi' is not a plc host. Use one of [plc].");
    assertThat(
            lines(
                iiot(
                    "{broker: broker}",
                    "{from: any, to: any, protocol: opcua, topics: [a], action: allow}")))
        .singleElement()
        .asString()
        .startsWith("conduits[1].rules[0]: has topics or direction but protocol opcua.");
  }

  @Test
  void brokersListenInClearOverTlsOrBoth() {
    String tlsBroker =
        "{id: broker, zone: iiot, role: mqtt-broker,"
            + " posture: {mqtt: [mqtts, {service: mqtt, port: 1884}]}}";
    ArchitectureSpec a =
        ArchitectureLoader.parse(
            "t",
            iiot(
                    "{broker: broker}",
                    "{id: gw-tls, from: host:gw, to: host:broker, protocol: mqtts, action: allow}")
                .replace("{id: broker, zone: iiot, role: mqtt-broker}", tlsBroker));
    HostSpec broker = a.host("broker").orElseThrow();
    assertThat(broker.brokerListeners())
        .containsExactly(
            new Posture.BrokerListener(Protocol.MQTTS, 8883),
            new Posture.BrokerListener(Protocol.MQTT, 1884));
    assertThat(broker.clientBrokerListener().orElseThrow().tls()).isTrue();
    RuleSpec r = a.conduit("ops-iiot").orElseThrow().rules().get(0);
    assertThat(r.protocol()).isEqualTo(Protocol.MQTTS);
    assertThat(r.effectivePort()).isEqualTo(8883);
    // Without a posture a broker speaks MQTT in clear on 1883.
    assertThat(
            ArchitectureLoader.parse(
                    "t",
                    iiot("{broker: broker}", "{from: any, to: any, protocol: mqtt, action: allow}"))
                .host("broker")
                .orElseThrow()
                .brokerListeners())
        .containsExactly(new Posture.BrokerListener(Protocol.MQTT, 1883));

    // Topics on mqtts could never be enforced: refused with why and what to do instead.
    assertThat(
            lines(
                iiot(
                    "{broker: broker}",
                    "{from: any, to: any, protocol: mqtts, topics: [rx/#], action: allow}")))
        .singleElement()
        .asString()
        .startsWith(
            "conduits[1].rules[0]: has topics or direction, but mqtts carries MQTT inside TLS:"
                + " a relay reads only the ClientHello, never a topic, so the rule could not"
                + " hold. Remove the topics and direction");
    // Only a broker listens for MQTT, and each listener has a port of its own.
    assertThat(
            lines(
                iiot("{broker: broker}", "{from: any, to: any, protocol: mqtt, action: allow}")
                    .replace(
                        "{id: hmi, zone: ops, role: hmi}",
                        "{id: hmi, zone: ops, role: hmi, posture: {mqtt: [mqtts]}}")
                    .replace(
                        "{id: broker, zone: iiot, role: mqtt-broker}",
                        "{id: broker, zone: iiot, role: mqtt-broker,"
                            + " posture: {mqtt: [mqtt, {service: mqtts, port: 1883}]}}")))
        .containsExactlyInAnyOrder(
            "hosts[0].posture.mqtt: only an mqtt-broker host runs a broker. Remove it or set role:"
                + " mqtt-broker.",
            "hosts[1].posture.mqtt[1]: port 1883 is taken by mqtt already. Give each listener of"
                + " the broker its own port, e.g. {service: mqtts, port: 8883}.",
            // The broker with a problem is no host, so its gateway has no broker either.
            "hosts[2].iiot.broker: 'broker' is not an mqtt-broker host. Use one of [], or add a"
                + " host with role: mqtt-broker.");
  }

  @Test
  void filtersMustMatchTheProtocol() {
    String yaml = VALID.replace("protocol: opcua, services", "protocol: modbus, services");
    assertThat(lines(yaml))
        .singleElement()
        .asString()
        .startsWith("conduits[0].rules[1]: has services or minSecurity but protocol modbus.");
  }

  @Test
  void eachControllerRunsOnExactlyOneHostOfTheRightRole() {
    String twice =
        VALID.replace(
            "- {id: sis, zone: safety, role: sis, controller: sis-reactor}",
            "- {id: sis, zone: safety, role: sis, controller: sis-reactor}\n"
                + "  - {id: plc2, zone: control, role: plc, controller: plc-reactor}");
    assertThat(lines(twice))
        .singleElement()
        .asString()
        .startsWith("hosts: 'plc-reactor' runs on 2 hosts (hosts[2], hosts[4]).");
    String wrongRole =
        VALID.replace("role: sis, controller: sis-reactor", "role: plc, controller: sis-reactor");
    assertThat(lines(wrongRole))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "hosts[3].role: 'sis-reactor' is a sis in the plant, but the host's role is"
                            + " plc."));
    String missing = VALID.replace("role: plc, controller: plc-reactor, ", "role: plc, ");
    assertThat(lines(missing))
        .contains("hosts[2].controller: is missing. Name the plant controller this plc host runs.");
  }

  @Test
  void aMissingPlantIsAProblemAtPlant() {
    List<String> got = lines(VALID.replace("plant: chemical-reactor", "plant: paper-mill"));
    assertThat(got)
        .singleElement()
        .asString()
        .startsWith("plant: 'paper-mill': No plant named 'paper-mill'.");
  }

  @Test
  void dualHomedHostsAndEmptyListsAreChecked() {
    String yaml =
        VALID.replace(
            "{id: hmi, zone: ops, role: hmi}", "{id: hmi, zones: [ops, control], role: hmi}");
    assertThat(ArchitectureLoader.parse("t", yaml).host("hmi").orElseThrow().zones())
        .containsExactly("ops", "control");
    assertThat(
            lines(
                VALID.replace(
                    "{id: hmi, zone: ops, role: hmi}",
                    "{id: hmi, zone: ops, zones: [ops], role: hmi}")))
        .singleElement()
        .asString()
        .startsWith("hosts[0]: has both zone and zones.");
    assertThat(lines(VALID.replace("functionCodes: [3, 16]", "functionCodes: []")))
        .singleElement()
        .asString()
        .startsWith("conduits[0].rules[0].functionCodes: is empty");
    assertThat(lines(VALID.replace("modes: [sign-and-encrypt]", "modes: []")))
        .singleElement()
        .asString()
        .startsWith("hosts[2].posture.opcua.modes: is empty.");
  }

  @Test
  void accountsLoadWithDefaultsAndTheirReferencesAreChecked() {
    String withAccounts =
        VALID
            + """
            accounts:
              - {id: eng-admin, user: "CORP\\\\engineer", services: [rdp, opcua], hosts: [eng, plc], savedOn: [hmi], strength: weak}
              - {id: operator-ua, services: [opcua], hosts: [plc], mfa: true}
            """;
    ArchitectureSpec spec = ArchitectureLoader.parse("test.yaml", withAccounts);
    assertThat(spec.accounts()).hasSize(2);
    AccountSpec eng = spec.account("eng-admin").orElseThrow();
    assertThat(eng.user()).isEqualTo("CORP\\engineer");
    assertThat(eng.services()).containsExactlyInAnyOrder(Protocol.RDP, Protocol.OPCUA);
    assertThat(eng.shared()).isTrue();
    assertThat(eng.guessable()).isTrue();
    assertThat(eng.savedOn()).containsExactly("hmi");
    AccountSpec ua = spec.account("operator-ua").orElseThrow();
    assertThat(ua.user()).isEqualTo("operator-ua");
    assertThat(ua.strength()).isEqualTo(Credentials.STRONG);
    assertThat(ua.guessable()).isFalse();
    assertThat(spec.accountsFor("plc", Protocol.OPCUA))
        .extracting(AccountSpec::id)
        .containsExactly("eng-admin", "operator-ua");
    assertThat(spec.opcUaLogins())
        .containsEntry("CORP\\engineer", "CORP\\engineer123")
        .containsKey("operator-ua");
    assertThat(spec.opcUaLogins().get("operator-ua")).hasSize(24).doesNotContain("operator");

    assertThat(
            lines(
                VALID
                    + """
                    accounts:
                      - {id: a, services: [rdp], hosts: [nowhere]}
                      - {id: b, services: [ssh], hosts: [eng], savedOn: [ghost]}
                      - {id: c, services: [modbus], hosts: [plc]}
                      - {id: d, services: [opcua], hosts: [hmi]}
                      - {id: a, services: [rdp], hosts: [eng]}
                    """))
        .containsExactlyInAnyOrder(
            "accounts[0].hosts[0]: 'nowhere' is not a host. Use one of [eng, hmi, plc, sis].",
            "accounts[1].hosts[0]: eng offers no ssh to log in to. Add the service to eng's"
                + " posture remoteServices, or drop eng from the account.",
            "accounts[1].savedOn[0]: 'ghost' is not a host. Use one of [eng, hmi, plc, sis].",
            "accounts[2].services[0]: 'modbus' has no accounts to log in with. Use remote-access"
                + " services (ssh, telnet, http, smb, rdp, vnc, https, vendor) or opcua.",
            "accounts[3].hosts[0]: hmi offers no opcua to log in to. OPC UA accounts belong on"
                + " plc and sis hosts; drop hmi.",
            "accounts[4].id: 'a' is used by another account. Give each account its own id.");
  }

  /** The schema editors check account files with offers the services the loader accepts. */
  @Test
  void theSchemaListsTheAccountServicesTheLoaderAccepts() throws Exception {
    JsonNode listed =
        new ObjectMapper()
            .readTree(Path.of("schemas", "architecture.schema.json").toFile())
            .at("/$defs/account/properties/services/items/enum");
    List<String> schema = new ArrayList<>();
    listed.forEach(n -> schema.add(n.asText()));
    assertThat(schema)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Protocol.values())
                .filter(AccountSpec::loggable)
                .map(Names::yaml)
                .toList());
  }

  @Test
  void invalidYamlIsOneProblemWithItsLine() {
    assertThat(lines("id: x\nzones: [\n")).singleElement().asString().startsWith("line ");
    assertThatThrownBy(() -> ArchitectureLoader.load("no-such-architecture"))
        .hasMessageContaining("No architecture named 'no-such-architecture'");
  }

  @Test
  void everyLibraryArchitectureLoads() {
    List<String> names = dev.otlab.library.Library.names("architectures");
    assertThat(names).hasSizeGreaterThanOrEqualTo(8);
    for (String n : names) {
      ArchitectureSpec a = ArchitectureLoader.load(n);
      assertThat(a.id()).isEqualTo(n);
      assertThat(a.entryPoints().keySet())
          .contains("internet", "enterprise-workstation", "control-insider");
      // Vendor access: straight in (the backdoor designs) or through the DMZ (converged).
      assertThat(a.entryPoints().containsKey("vendor-remote"))
          .isEqualTo(n.endsWith("vendor-backdoor") || n.endsWith("converged"));
      assertThat(dev.otlab.library.Library.names("plants")).contains(a.plant());
      // The IT/OT boundary firewalls of the DMZ designs log to the SOC; flat designs have none.
      if (a.conduit("ent-dmz").isPresent()) {
        assertThat(a.conduit("ent-dmz").orElseThrow().log()).as(n).isEqualTo(ConduitLog.DECISIONS);
        assertThat(a.conduit("dmz-ops").orElseThrow().log()).as(n).isEqualTo(ConduitLog.DECISIONS);
      }
    }
  }
}
