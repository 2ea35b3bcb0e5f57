package dev.otlab.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The registry of detector kinds: run order, sections, the composed schema and its refusals. */
class DetectorKindsTest {

  /** A kind that claims what it is told to, for the registry's refusals. */
  record Claiming(String name, List<String> sections, String schemaResource)
      implements DetectorKind<String> {
    @Override
    public int order() {
      return 900;
    }

    @Override
    public Class<String> settingsType() {
      return String.class;
    }

    @Override
    public @Nullable String read(JsonNode profile, SectionReader reader) {
      return "";
    }

    @Override
    public Detector create(String settings, DetectorContext context) {
      return e -> {};
    }
  }

  @Test
  void theShippedKindsRunInTheOrderTheEngineAlwaysUsed() {
    DetectorKinds kinds = DetectorKinds.installed();
    assertThat(kinds.kinds())
        .extracting(DetectorKind::name)
        .containsExactly("rules", "availability", "baseline", "process", "firewall");
    assertThat(kinds.sections().keySet())
        .containsExactlyInAnyOrder(
            "functions", "writers", "rates", "opcua", "baseline", "process", "firewall");
  }

  @Test
  void theSchemaIsTheBaseWithEveryKindsSections() {
    ObjectNode schema = DetectorKinds.installed().schema();
    List<String> fields = new java.util.ArrayList<>();
    schema.path("properties").fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "id",
            "description",
            "cooldown",
            "maxEvidence",
            "functions",
            "writers",
            "rates",
            "opcua",
            "baseline",
            "process",
            "firewall");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.at("/$defs/rateRule").isObject()).isTrue();
    // The protocols a firewall rule may name are the ones otlab knows, filled in by its kind.
    assertThat(schema.at("/$defs/firewallProtocol/enum").toString())
        .contains("\"rdp\"", "\"modbus\"")
        .doesNotContain("\"any\"");
    // Every balance a registered process model describes, the test-only intake tank's included.
    assertThat(schema.at("/properties/process/properties/residualSigma/properties").has("raw-tank"))
        .isTrue();
    assertThat(DetectionProfile.BALANCES)
        .containsExactly("raw-tank", "reactor-energy", "treated-tank");
  }

  @Test
  void twoKindsMayNotClaimOneSectionOrName() {
    DetectorKind<?> rates = new Claiming("other", List.of("rates"), "/none");
    assertThatThrownBy(
            () -> new DetectorKinds(List.of(DetectorKinds.installed().kinds().get(0), rates)))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("'rates'")
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("DETECTOR_KIND_INVALID");
    assertThatThrownBy(
            () ->
                new DetectorKinds(
                    List.of(
                        new Claiming("same", List.of("a"), "/none"),
                        new Claiming("same", List.of("b"), "/none"))))
        .hasMessageContaining("name 'same'");
  }

  @Test
  void aFragmentMustBeThereAndDescribeExactlyItsSections() {
    assertThatThrownBy(
            () ->
                new DetectorKinds(List.of(new Claiming("lost", List.of("lost"), "/no/such.json")))
                    .schema())
        .hasMessageContaining("not on the class path");
    // The baseline fragment describes baseline, not the section this kind claims.
    assertThatThrownBy(
            () ->
                new DetectorKinds(
                        List.of(
                            new Claiming(
                                "wrong",
                                List.of("wrong"),
                                "/detection/sections/baseline.schema.json")))
                    .schema())
        .hasMessageContaining("describes [baseline]");
    assertThatThrownBy(
            () ->
                new DetectorKinds(
                        List.of(
                            new Claiming(
                                "id", List.of("id"), "/detection/sections/claims-id.schema.json")))
                    .schema())
        .hasMessageContaining("a field of every profile");
  }

  @Test
  void aProfileForAKindThatIsNotInstalledIsRefusedByTheEngine() {
    DetectionProfile p =
        new DetectionProfile("p", "", 60, 10, java.util.Map.of("nowhere", "settings"));
    assertThatThrownBy(() -> Fixtures.engine(p))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("'nowhere'");
  }
}
