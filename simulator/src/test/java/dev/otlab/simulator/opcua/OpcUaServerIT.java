package dev.otlab.simulator.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.otlab.core.OtlabException;
import dev.otlab.simulator.plc.Quality;
import dev.otlab.testkit.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpcUaServerIT {

  @TempDir Path pki;
  @TempDir Path clientPki;

  private final OpcUaTestPlc plc = new OpcUaTestPlc();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private PlcOpcUaServer server;

  @BeforeEach
  void start() {
    server = start(settings());
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private OpcUaServerSettings settings() {
    return OpcUaServerSettings.defaults()
        .withPkiDir(pki)
        .withSecurityModes(EnumSet.allOf(OpcUaSecurityMode.class))
        .withUsers(Map.of("operator", "op-secret"));
  }

  private PlcOpcUaServer start(OpcUaServerSettings settings) {
    PlcOpcUaServer s = new PlcOpcUaServer(plc.image, settings);
    toClose.add(s);
    s.start();
    return s;
  }

  private OpcUaClientSession connect(PlcOpcUaServer s, OpcUaSecurityMode mode, ClientIdentity id) {
    OpcUaClientSession session =
        OpcUaClientSession.connect(
            OpcUaClientSession.Options.of(s.endpointUrl(), id, clientPki).withSecurityMode(mode));
    toClose.add(session);
    return session;
  }

  private OpcUaClientSession anonymous() {
    return connect(server, OpcUaSecurityMode.NONE, ClientIdentity.anonymous());
  }

  private static long statusOf(OtlabException e) {
    return OpcUaClientSession.statusOf(e).map(StatusCode::value).orElse(-1L);
  }

  @Test
  void endpointUrlIsExactAndEveryOfferedEndpointNamesIt() {
    assertThat(server.endpointUrl()).isEqualTo("opc.tcp://127.0.0.1:" + server.port() + "/otlab");
    List<EndpointDescription> endpoints =
        OpcUaClientSession.getEndpoints(server.endpointUrl(), Duration.ofSeconds(5));
    assertThat(endpoints).hasSize(3);
    assertThat(endpoints)
        .allSatisfy(e -> assertThat(e.getEndpointUrl()).isEqualTo(server.endpointUrl()));
    assertThat(endpoints)
        .extracting(EndpointDescription::getSecurityMode)
        .containsExactlyInAnyOrder(
            MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt);
    assertThat(endpoints)
        .allSatisfy(e -> assertThat(e.getSecurityPolicyUri()).doesNotContain("Basic128Rsa15"));
  }

  @Test
  void browseListsOneVariablePerPointInTheControllerFolder() {
    OpcUaClientSession session = anonymous();
    assertThat(session.browseTags(OpcUaTestPlc.ID)).containsExactlyElementsOf(OpcUaTestPlc.tags());
    assertThat(session.nodeId(OpcUaTestPlc.ID, "level").getIdentifier())
        .isEqualTo("plc-tank.level");
    assertThat(session.namespaceIndex(OpcUaTestPlc.ID)).isEqualTo(server.namespaceIndex());
  }

  @Test
  void variablesCarryTypeAccessLevelDescriptionAndEngineeringInformation() throws UaException {
    OpcUaClientSession session = anonymous();
    OpcUaClient client = session.client();
    NodeId level = session.nodeId(OpcUaTestPlc.ID, "level");
    NodeId setpoint = session.nodeId(OpcUaTestPlc.ID, "level_setpoint");
    NodeId pump = session.nodeId(OpcUaTestPlc.ID, "pump_run");

    assertThat(attribute(client, level, AttributeId.DataType)).isEqualTo(NodeIds.Double);
    assertThat(attribute(client, pump, AttributeId.DataType)).isEqualTo(NodeIds.Boolean);
    assertThat(((UByte) attribute(client, level, AttributeId.AccessLevel)).intValue()).isEqualTo(1);
    assertThat(((UByte) attribute(client, setpoint, AttributeId.UserAccessLevel)).intValue())
        .isEqualTo(3);
    assertThat(attribute(client, level, AttributeId.Description).toString()).contains("Tank level");

    int ns = server.namespaceIndex();
    Object units =
        client
            .readValue(
                0, TimestampsToReturn.Neither, new NodeId(ns, "plc-tank.level.EngineeringUnits"))
            .value()
            .value();
    assertThat(units).isInstanceOf(ExtensionObject.class);
    Object decoded = ((ExtensionObject) units).decode(client.getStaticEncodingContext());
    assertThat(decoded).isInstanceOf(EUInformation.class);
    assertThat(((EUInformation) decoded).getDisplayName().text()).isEqualTo("m");
    Object range =
        client
            .readValue(
                0, TimestampsToReturn.Neither, new NodeId(ns, "plc-tank.level_setpoint.EURange"))
            .value()
            .value();
    assertThat(((ExtensionObject) range).decode(client.getStaticEncodingContext()))
        .isEqualTo(new Range(0.5, 8.0));
  }

  private static Object attribute(OpcUaClient client, NodeId node, AttributeId attribute)
      throws UaException {
    DataValue dv =
        client.read(
                0,
                TimestampsToReturn.Neither,
                List.of(new ReadValueId(node, attribute.uid(), null, QualifiedName.NULL_VALUE)))
            .getResults()[0];
    assertThat(dv.statusCode().isGood())
        .as("%s of %s: %s", attribute, node, dv.statusCode())
        .isTrue();
    return dv.value().value();
  }

  @Test
  void readsLiveValuesWithQualityAndSimulatedSourceTime() {
    OpcUaClientSession session = anonymous();
    plc.now = 12.5;
    plc.image.set("level", 4.25);
    plc.image.set("high_alarm", 1);

    OpcUaClientSession.TagReading level = session.readTag(OpcUaTestPlc.ID, "level");
    assertThat(level.value()).isEqualTo(4.25);
    assertThat(level.status().isGood()).isTrue();
    assertThat(level.sourceTime()).isEqualTo(server.startedAt().plusMillis(12_500));
    assertThat(session.readTag(OpcUaTestPlc.ID, "high_alarm").value()).isEqualTo(Boolean.TRUE);

    plc.image.setQuality("level", Quality.UNCERTAIN);
    assertThat(session.readTag(OpcUaTestPlc.ID, "level").status().isUncertain()).isTrue();
    plc.image.setAvailable(false);
    assertThat(session.readTag(OpcUaTestPlc.ID, "level").status().isBad()).isTrue();
  }

  @Test
  void buildInfoComesFromTheDeviceIdentity() throws UaException {
    OpcUaClient client = anonymous().client();
    assertThat(
            client
                .readValue(
                    0,
                    TimestampsToReturn.Neither,
                    NodeIds.Server_ServerStatus_BuildInfo_ManufacturerName)
                .value()
                .value())
        .isEqualTo("ACME Controls");
    assertThat(
            client
                .readValue(
                    0,
                    TimestampsToReturn.Neither,
                    NodeIds.Server_ServerStatus_BuildInfo_SoftwareVersion)
                .value()
                .value())
        .isEqualTo("2.4.1");
    assertThat(
            client
                .readValue(
                    0,
                    TimestampsToReturn.Neither,
                    NodeIds.Server_ServerStatus_BuildInfo_ProductName)
                .value()
                .value())
        .isEqualTo("Tank PLC");
  }

  @Test
  void writesWithinTheEnvelopeReachTheProcessImage() {
    OpcUaClientSession session = anonymous();
    assertThat(session.writeTag(OpcUaTestPlc.ID, "level_setpoint", 5.5).isGood()).isTrue();
    assertThat(session.writeTag(OpcUaTestPlc.ID, "pump_run", true).isGood()).isTrue();
    assertThat(plc.image.get("level_setpoint")).isEqualTo(5.5);
    assertThat(plc.image.get("pump_run")).isEqualTo(1.0);
    assertThat(session.readTag(OpcUaTestPlc.ID, "level_setpoint").value()).isEqualTo(5.5);
  }

  @Test
  void refusedWritesGetTheMappedStatusAndLeaveTheImageAlone() {
    OpcUaClientSession session = anonymous();
    plc.image.set("level_setpoint", 2.0);
    plc.image.set("level", 3.0);

    assertThat(session.writeTag(OpcUaTestPlc.ID, "level", 1.0).value())
        .isEqualTo(StatusCodes.Bad_NotWritable);
    assertThat(session.writeTag(OpcUaTestPlc.ID, "level_setpoint", 9.0).value())
        .isEqualTo(StatusCodes.Bad_OutOfRange);
    assertThat(session.writeTag(OpcUaTestPlc.ID, "level_setpoint", Double.NaN).value())
        .isEqualTo(StatusCodes.Bad_OutOfRange);
    assertThat(
            session.writeTag(OpcUaTestPlc.ID, "level_setpoint", Double.POSITIVE_INFINITY).value())
        .isEqualTo(StatusCodes.Bad_OutOfRange);
    assertThat(session.writeTag(OpcUaTestPlc.ID, "level_setpoint", "7.0").value())
        .isEqualTo(StatusCodes.Bad_TypeMismatch);
    assertThat(session.writeTag(OpcUaTestPlc.ID, "level_setpoint", true).value())
        .isEqualTo(StatusCodes.Bad_TypeMismatch);
    assertThat(session.writeTag(OpcUaTestPlc.ID, "level_setpoint", new Variant(7.0f)).value())
        .isEqualTo(StatusCodes.Bad_TypeMismatch);
    assertThat(session.writeTag(OpcUaTestPlc.ID, "pump_run", 1.0).value())
        .isEqualTo(StatusCodes.Bad_TypeMismatch);
    assertThat(plc.image.get("level_setpoint")).isEqualTo(2.0);
    assertThat(plc.image.get("level")).isEqualTo(3.0);

    plc.image.setAvailable(false);
    assertThat(session.writeTag(OpcUaTestPlc.ID, "level_setpoint", 4.0).value())
        .isEqualTo(StatusCodes.Bad_InvalidState);
    assertThat(plc.image.get("level_setpoint")).isEqualTo(2.0);
  }

  @Test
  void usernameLoginWorksAndWrongPasswordsAreRejected() {
    OpcUaClientSession session =
        connect(server, OpcUaSecurityMode.NONE, ClientIdentity.user("operator", "op-secret"));
    assertThat(session.readTag(OpcUaTestPlc.ID, "level").status().isGood()).isTrue();

    assertThatThrownBy(
            () -> connect(server, OpcUaSecurityMode.NONE, ClientIdentity.user("operator", "guess")))
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> {
              assertThat(e.code()).isEqualTo("OPCUA_CONNECT_FAILED");
              assertThat(statusOf(e)).isEqualTo(StatusCodes.Bad_UserAccessDenied);
            });
    assertThatThrownBy(
            () ->
                connect(
                    server,
                    OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT,
                    ClientIdentity.user("admin", "op-secret")))
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> assertThat(statusOf(e)).isEqualTo(StatusCodes.Bad_UserAccessDenied));
  }

  @Test
  void anonymousIsRefusedWhenTheServerDoesNotAllowIt() {
    PlcOpcUaServer locked =
        start(settings().withAnonymousAllowed(false).withPkiDir(pki.resolve("locked")));
    assertThat(OpcUaClientSession.getEndpoints(locked.endpointUrl(), Duration.ofSeconds(5)))
        .allSatisfy(
            e ->
                assertThat(e.getUserIdentityTokens())
                    .extracting(t -> t.getPolicyId())
                    .containsExactly("username"));

    assertThatThrownBy(() -> connect(locked, OpcUaSecurityMode.NONE, ClientIdentity.anonymous()))
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> assertThat(statusOf(e)).isEqualTo(StatusCodes.Bad_IdentityTokenInvalid));
    assertThat(
            connect(locked, OpcUaSecurityMode.NONE, ClientIdentity.user("operator", "op-secret"))
                .readTag(OpcUaTestPlc.ID, "level")
                .status()
                .isGood())
        .isTrue();
  }

  @Test
  void signAndEncryptAndSignSessionsWork() {
    OpcUaClientSession encrypted =
        connect(
            server,
            OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT,
            ClientIdentity.user("operator", "op-secret"));
    assertThat(encrypted.endpoint().getSecurityMode())
        .isEqualTo(MessageSecurityMode.SignAndEncrypt);
    assertThat(encrypted.writeTag(OpcUaTestPlc.ID, "level_setpoint", 3.0).isGood()).isTrue();
    assertThat(plc.image.get("level_setpoint")).isEqualTo(3.0);

    OpcUaClientSession signed =
        connect(server, OpcUaSecurityMode.BASIC256SHA256_SIGN, ClientIdentity.anonymous());
    assertThat(signed.readTag(OpcUaTestPlc.ID, "level_setpoint").value()).isEqualTo(3.0);
  }

  @Test
  void aServerWithoutNoneRefusesUnsecuredSessions() {
    PlcOpcUaServer secure =
        start(
            settings()
                .withSecurityModes(EnumSet.of(OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT))
                .withPkiDir(pki.resolve("secure")));
    assertThatThrownBy(() -> connect(secure, OpcUaSecurityMode.NONE, ClientIdentity.anonymous()))
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> {
              assertThat(e.code()).isEqualTo("OPCUA_ENDPOINT_NOT_OFFERED");
              assertThat(e.getMessage()).contains("Basic256Sha256 SignAndEncrypt");
            });
    assertThat(
            connect(
                    secure,
                    OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT,
                    ClientIdentity.anonymous())
                .readTag(OpcUaTestPlc.ID, "level")
                .status()
                .isGood())
        .isTrue();
  }

  @Test
  void clientKeepsTheGivenAddressWhenTheServerAdvertisesAnother() {
    // As seen through a relay: the server names a host the client cannot (and must not) reach.
    PlcOpcUaServer remote =
        start(settings().withAdvertisedHost("plc-tank.invalid").withPkiDir(pki.resolve("remote")));
    String given = "opc.tcp://127.0.0.1:" + remote.port() + "/otlab";
    assertThat(OpcUaClientSession.getEndpoints(given, Duration.ofSeconds(5)))
        .allSatisfy(e -> assertThat(e.getEndpointUrl()).startsWith("opc.tcp://plc-tank.invalid:"));

    OpcUaClientSession session =
        OpcUaClientSession.connect(
            OpcUaClientSession.Options.of(given, ClientIdentity.anonymous(), clientPki)
                .withSecurityMode(OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT));
    toClose.add(session);
    assertThat(session.endpoint().getEndpointUrl()).isEqualTo(given);
    assertThat(session.readTag(OpcUaTestPlc.ID, "level").status().isGood()).isTrue();
  }

  @Test
  void subscriptionDeliversValuesTheControllerChanges() throws Exception {
    OpcUaClientSession session = anonymous();
    OpcUaSubscription subscription = new OpcUaSubscription(session.client(), 50.0);
    subscription.create();
    OpcUaMonitoredItem item =
        OpcUaMonitoredItem.newDataItem(session.nodeId(OpcUaTestPlc.ID, "level"));
    item.setSamplingInterval(20.0);
    List<DataValue> received = new CopyOnWriteArrayList<>();
    item.setDataValueListener((i, value) -> received.add(value));
    subscription.addMonitoredItem(item);
    subscription.synchronizeMonitoredItems();

    await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
    plc.now = 3;
    plc.image.set("level", 6.75);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                received.stream().anyMatch(dv -> Double.valueOf(6.75).equals(dv.value().value())));
    subscription.delete();
  }

  @Test
  void stopFreesThePortAndIsIdempotent() throws IOException {
    // A fixed port below the ephemeral range: the fixture's kernel-picked port, once released,
    // may be taken at once as the local port of any outgoing connection on the machine.
    server.stop();
    server = start(settings().withPort(Ports.freeBelowEphemeralRange()));
    int port = server.port();
    server.stop();
    server.stop();
    assertThat(server.isRunning()).isFalse();
    try (ServerSocket probe = new ServerSocket()) {
      // Bind the way a restarted server does: closed client channels may leave the port in
      // TIME_WAIT, which SO_REUSEADDR tolerates; a listener still on the port would not be.
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      assertThat(probe.isBound()).isTrue();
    }
  }

  @Test
  void aFixedPortInUseGivesABindError() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      PlcOpcUaServer clash =
          new PlcOpcUaServer(
              plc.image,
              settings().withPort(taken.getLocalPort()).withPkiDir(pki.resolve("clash")));
      toClose.add(clash);
      assertThatThrownBy(clash::start)
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("OPCUA_BIND_FAILED"));
      assertThat(clash.isRunning()).isFalse();
    }
  }

  @Test
  void restartReusesTheCertificateWhoseUriIsTheApplicationUri() {
    var first = server.certificate();
    assertThat(server.certificateGenerated()).isTrue();
    assertThat(CertificateUtil.getSanUri(first)).contains(server.applicationUri());
    server.stop();

    PlcOpcUaServer again = start(settings());
    assertThat(again.certificateGenerated()).isFalse();
    assertThat(again.certificate()).isEqualTo(first);
    assertThat(
            connect(
                    again,
                    OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT,
                    ClientIdentity.anonymous())
                .readTag(OpcUaTestPlc.ID, "level")
                .status()
                .isGood())
        .isTrue();
  }
}
