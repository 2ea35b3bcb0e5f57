package dev.otlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.network.fabric.Access;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter checks happen before any address is asked for; no sockets here. */
class ParametersTest {

  private final Techniques techniques = Techniques.load();

  private StepOutcome run(OfflineContext ctx, String id, Map<String, String> params) {
    return techniques.byId(id).orElseThrow().execute(ctx, params);
  }

  private static String reason(StepOutcome o) {
    assertThat(o).isInstanceOf(StepOutcome.Failed.class);
    return ((StepOutcome.Failed) o).reason();
  }

  @Test
  void missingUnknownAndBadValuesFailBeforeAnyAddress() {
    OfflineContext ctx = OfflineContext.onTestLab(new Access.Direct("10.9.9.9", 502, false));
    assertThat(reason(run(ctx, "T0855", Map.of("address", "1", "value", "1"))))
        .contains("needs parameter 'target'");
    assertThat(reason(run(ctx, "T0855", Map.of("target", "plc-1", "adress", "1"))))
        .contains("no parameter 'adress'");
    assertThat(reason(run(ctx, "T0855", Map.of("target", "plc-9", "address", "1", "value", "1"))))
        .contains("not a host");
    assertThat(reason(run(ctx, "T0855", Map.of("target", "plc-1", "address", "1"))))
        .contains("'value' is missing");
    assertThat(
            reason(run(ctx, "T0855", Map.of("target", "plc-1", "address", "x", "value", "true"))))
        .contains("not a whole number");
    assertThat(
            reason(run(ctx, "T0855", Map.of("target", "plc-1", "address", "1", "value", "maybe"))))
        .contains("not true/false");
    assertThat(
            reason(run(ctx, "T0836", Map.of("target", "plc-1", "address", "1", "value", "40000"))))
        .contains("does not fit");
    assertThat(reason(run(ctx, "T0855", Map.of("target", "plc-1", "tag", "nope", "value", "1"))))
        .contains("no tag 'nope'");
    assertThat(reason(run(ctx, "T0806", Map.of("target", "plc-1", "address", "0", "count", "0"))))
        .contains("outside 1..10000");
    assertThat(reason(run(ctx, "T0886", Map.of("target", "ctl-ws", "service", "x11"))))
        .contains("not one of");
    assertThat(reason(run(ctx, "T0859", Map.of("target", "plc-1"))))
        .contains("'password'", "'username'");
    assertThat(
            reason(
                run(ctx, "T0886", Map.of("target", "ctl-ws", "service", "https", "port", "70000"))))
        .contains("outside 1..65535");
    assertThat(ctx.accessCalls()).isZero();
  }

  @Test
  void anAddressHandedOutThatIsNotLoopbackIsRefusedBeforeConnecting() {
    OfflineContext ctx = OfflineContext.onTestLab(new Access.Direct("172.17.0.1", 502, false));
    assertThatThrownBy(
            () -> run(ctx, "T0855", Map.of("target", "plc-1", "address", "0", "value", "true")))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("172.17.0.1")
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo(Guardrail.CODE);
    assertThat(ctx.accessCalls()).isOne();
  }

  @Test
  void problemsListsEveryMistakeForTheLoader() {
    Technique t = techniques.byId("T0861").orElseThrow();
    assertThat(Techniques.problems(t, Map.of("tabel", "coil")))
        .hasSize(2)
        .anyMatch(s -> s.contains("needs parameter 'target'"))
        .anyMatch(s -> s.contains("no parameter 'tabel'"));
    assertThat(Techniques.problems(t, Map.of("target", "plc-1", "table", "coil"))).isEmpty();
  }

  @Test
  void aPortChoosesAmongRemoteServicesAndIsRefusedOnAnOpcUaLogIn() {
    Technique t = techniques.byId("T0859").orElseThrow();
    StepScope plc = new StepScope(new TestLab(Path.of("unused")).plant, "plc:plc-1");
    assertThat(t.check(Map.of("target", "plc:plc-1", "account", "ops", "port", "4840"), plc))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.parameter()).isEqualTo("port");
              assertThat(p.message()).contains("does nothing on an OPC UA log-in");
            });
    StepScope ws = new StepScope(new TestLab(Path.of("unused")).plant, "role:engineering-ws");
    assertThat(
            t.check(
                Map.of("target", "role:engineering-ws", "service", "https", "port", "8443"), ws))
        .isEmpty();
    assertThat(
            t.check(Map.of("target", "role:engineering-ws", "service", "https", "port", "0"), ws))
        .extracting(ParameterProblem::parameter)
        .containsExactly("port");
  }

  @Test
  void mqttPublishesNameATopicNotAPointAndAreCheckedAtLoad() {
    Technique t = techniques.byId("T0855").orElseThrow();
    StepScope broker = new StepScope(new TestLab(Path.of("unused")).plant, "role:mqtt-broker");
    assertThat(
            t.check(
                Map.of(
                    "target", "role:mqtt-broker",
                    "protocol", "mqtt",
                    "topic", "wt/plc-1/sp/set",
                    "value", "2.5"),
                broker))
        .isEmpty();
    assertThat(
            t.check(
                Map.of(
                    "target", "role:mqtt-broker",
                    "protocol", "mqtt",
                    "topic", "wt/+/sp/set",
                    "tag", "sp",
                    "qos", "3"),
                broker))
        .extracting(ParameterProblem::parameter)
        .containsExactlyInAnyOrder("tag", "topic", "value", "qos");
    assertThat(
            t.check(
                Map.of("target", "plc:x", "address", "0", "value", "true", "topic", "a"), broker))
        .extracting(ParameterProblem::parameter)
        .contains("topic");
  }
}
