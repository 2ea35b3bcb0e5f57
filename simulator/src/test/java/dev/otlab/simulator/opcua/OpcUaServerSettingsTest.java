package dev.otlab.simulator.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.simulator.plc.Quality;
import dev.otlab.simulator.plc.Rejection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.channel.EncodingLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpcUaServerSettingsTest {

  private final OpcUaServerSettings defaults = OpcUaServerSettings.defaults();

  private static void rejected(Runnable r, String code, String messagePart) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.describe()).contains(messagePart);
            });
  }

  @Test
  void defaultsAreLoopbackAFreePortAndTightLimits() {
    assertThat(defaults.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(defaults.port()).isZero();
    assertThat(defaults.path()).isEqualTo("/otlab");
    assertThat(defaults.trustAllClients()).isTrue();
    assertThat(defaults.effectiveHost()).isEqualTo("127.0.0.1");
    OpcUaServerSettings.Limits l = defaults.limits();
    assertThat(l.maxMessageSize()).isLessThan(EncodingLimits.DEFAULT_MAX_MESSAGE_SIZE);
    assertThat(l.maxChunkCount()).isLessThan(EncodingLimits.DEFAULT_MAX_CHUNK_COUNT);
    assertThat(l.maxRecursionDepth()).isLessThan(EncodingLimits.DEFAULT_MAX_RECURSION_DEPTH);
    assertThat(l.maxArrayLength()).isEqualTo(10_000);
    assertThat(l.maxStringLength()).isEqualTo(64 * 1024);
    assertThat(l.maxNodesPerCall()).isEqualTo(1_000);
    assertThat(l.maxSessions()).isEqualTo(32);
  }

  @Test
  void securityModesParseFromPlantFileSpellings() {
    assertThat(
            OpcUaServerSettings.parseSecurityModes(
                List.of("None", "basic256sha256 sign", "Basic256Sha256/SignAndEncrypt")))
        .containsExactlyInAnyOrder(OpcUaSecurityMode.values());
    assertThat(OpcUaSecurityMode.parse("Basic256Sha256_SignAndEncrypt"))
        .isEqualTo(OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic128Rsa15 Sign", "Basic128Rsa15 SignAndEncrypt", "Basic256 Sign"})
  void deprecatedPoliciesAreRejectedSayingWhatIsAllowed(String label) {
    rejected(() -> OpcUaSecurityMode.parse(label), "OPCUA_SECURITY_INVALID", "deprecated");
    rejected(
        () -> OpcUaServerSettings.parseSecurityModes(List.of("None", label)),
        "OPCUA_SECURITY_INVALID",
        "'None', 'Basic256Sha256 Sign', 'Basic256Sha256 SignAndEncrypt'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Aes256_Sha256_RsaPss SignAndEncrypt", "Basic256Sha256", "", "SignAndEncrypt"})
  void otherPoliciesAreRejected(String label) {
    rejected(
        () -> OpcUaSecurityMode.parse(label),
        "OPCUA_SECURITY_INVALID",
        "Basic256Sha256 SignAndEncrypt");
  }

  @Test
  void invalidSettingsAreRejectedWithARemedy() {
    rejected(() -> defaults.withSecurityModes(Set.of()), "OPCUA_SETTINGS_INVALID", "at least one");
    rejected(() -> defaults.withPort(70_000), "OPCUA_SETTINGS_INVALID", "outside 0..65535");
    rejected(() -> defaults.withPort(-1), "OPCUA_SETTINGS_INVALID", "outside 0..65535");
    rejected(() -> defaults.withPath("otlab"), "OPCUA_SETTINGS_INVALID", "/otlab");
    rejected(() -> defaults.withPath("/otlab/discovery"), "OPCUA_SETTINGS_INVALID", "discovery");
    rejected(() -> defaults.withPath("/a b"), "OPCUA_SETTINGS_INVALID", "path");
    rejected(() -> defaults.withBindAddress(" "), "OPCUA_SETTINGS_INVALID", "bind address");
    rejected(() -> defaults.withAdvertisedHost("a/b"), "OPCUA_SETTINGS_INVALID", "advertised host");
    rejected(
        () -> defaults.withAnonymousAllowed(false),
        "OPCUA_SETTINGS_INVALID",
        "nobody could log in");
    rejected(() -> defaults.withUsers(Map.of("op", "")), "OPCUA_SETTINGS_INVALID", "password");
    rejected(
        () -> defaults.withUsers(Map.of("op", "x".repeat(257))),
        "OPCUA_SETTINGS_INVALID",
        "password");
    rejected(() -> defaults.withUsers(Map.of(" ", "pw")), "OPCUA_SETTINGS_INVALID", "user name");
  }

  @Test
  void usersWithoutAnonymousIsValidAndPasswordsStayOutOfToString() {
    OpcUaServerSettings s =
        defaults
            .withUsers(Map.of("operator", "op-secret"))
            .withAnonymousAllowed(false)
            .withPkiDir(Path.of("pki"));
    assertThat(s.users()).containsEntry("operator", "op-secret");
    assertThat(s.toString()).contains("operator").doesNotContain("op-secret");
    assertThat(s.withSecurityModes(EnumSet.of(OpcUaSecurityMode.NONE)).securityModes())
        .containsExactly(OpcUaSecurityMode.NONE);
  }

  @Test
  void wildcardBindsAdvertiseAHostName() {
    assertThat(defaults.withBindAddress("0.0.0.0").effectiveHost()).isEqualTo("localhost");
    assertThat(defaults.withBindAddress("0.0.0.0").withAdvertisedHost("plc-1.lab").effectiveHost())
        .isEqualTo("plc-1.lab");
  }

  @Test
  void limitsMustFitMilosConstraintsAndEachOther() {
    OpcUaServerSettings.Limits d = OpcUaServerSettings.Limits.defaults();
    rejected(
        () ->
            new OpcUaServerSettings.Limits(
                d.maxMessageSize(), 4096, d.maxChunkCount(), 32, 1, 1, 1, 1, 1, 1),
        "OPCUA_SETTINGS_INVALID",
        "8196");
    rejected(
        () -> new OpcUaServerSettings.Limits(1 << 20, 65_535, 2, 32, 1, 1, 1, 1, 1, 1),
        "OPCUA_SETTINGS_INVALID",
        "cannot carry");
    rejected(
        () -> new OpcUaServerSettings.Limits(1 << 20, 65_535, 32, 32, 1, 1, 0, 1, 1, 1),
        "OPCUA_SETTINGS_INVALID",
        "maxNodesPerCall");
  }

  @Test
  void rejectionsMapToTheOpcUaStatusCodes() {
    assertThat(PlcNamespace.statusFor(Rejection.READ_ONLY)).isEqualTo(StatusCodes.Bad_NotWritable);
    assertThat(PlcNamespace.statusFor(Rejection.OUT_OF_RANGE))
        .isEqualTo(StatusCodes.Bad_OutOfRange);
    assertThat(PlcNamespace.statusFor(Rejection.NOT_A_NUMBER))
        .isEqualTo(StatusCodes.Bad_OutOfRange);
    assertThat(PlcNamespace.statusFor(Rejection.TYPE_MISMATCH))
        .isEqualTo(StatusCodes.Bad_TypeMismatch);
    assertThat(PlcNamespace.statusFor(Rejection.ILLEGAL_ADDRESS))
        .isEqualTo(StatusCodes.Bad_NodeIdUnknown);
    assertThat(PlcNamespace.statusFor(Rejection.DEVICE_FAILURE))
        .isEqualTo(StatusCodes.Bad_InvalidState);
    assertThat(PlcNamespace.statusFor(Quality.GOOD)).isEqualTo(StatusCodes.Good);
    assertThat(PlcNamespace.statusFor(Quality.UNCERTAIN)).isEqualTo(StatusCodes.Uncertain);
    assertThat(PlcNamespace.statusFor(Quality.BAD)).isEqualTo(StatusCodes.Bad);
  }

  @Test
  void sourceTimesAreTheStartInstantPlusSimulatedSeconds() {
    Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(PlcNamespace.sourceInstant(epoch, 0)).isEqualTo(epoch);
    assertThat(PlcNamespace.sourceInstant(epoch, 90.25))
        .isEqualTo(Instant.parse("2026-01-01T00:01:30.250Z"));
    assertThat(PlcNamespace.sourceInstant(epoch, Double.NaN)).isEqualTo(epoch);
    assertThat(PlcNamespace.sourceInstant(epoch, -5)).isEqualTo(epoch);
  }

  @Test
  void clientOptionsNeedAnOpcTcpUrlWithHostAndPort() {
    rejected(
        () ->
            OpcUaClientSession.Options.of(
                "http://127.0.0.1:4840/otlab", ClientIdentity.anonymous(), Path.of("p")),
        "OPCUA_CLIENT_INVALID",
        "opc.tcp");
    rejected(
        () ->
            OpcUaClientSession.Options.of(
                "opc.tcp://127.0.0.1/otlab", ClientIdentity.anonymous(), Path.of("p")),
        "OPCUA_CLIENT_INVALID",
        "opc.tcp");
    assertThat(ClientIdentity.user("op", "secret").toString()).doesNotContain("secret");
  }
}
