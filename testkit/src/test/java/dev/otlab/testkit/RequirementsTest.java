package dev.otlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.opentest4j.AssertionFailedError;

class RequirementsTest {

  private static final MissingRequirement MBPOLL =
      new MissingRequirement("mbpoll is not installed (not on PATH)", "apt-get install -y mbpoll");
  private static final MissingRequirement NODE =
      new MissingRequirement(
          "node-opcua-client is missing", "npm ci --prefix simulator/src/test/node");

  @Test
  void withNothingMissingTheTestRunsUnderCiAndLocally() {
    assertThat(Requirements.decide(List.of(), Map.of()).isDisabled()).isFalse();
    assertThat(Requirements.decide(List.of(), Map.of("CI", "true")).isDisabled()).isFalse();
  }

  @Test
  void locallyAMissingToolSkipsTheTestNamingItAndTheInstallHint() {
    for (Map<String, String> local :
        List.of(Map.<String, String>of(), Map.of("CI", "false"), Map.of("CI", ""))) {
      ConditionEvaluationResult result = Requirements.decide(List.of(MBPOLL), local);

      assertThat(result.isDisabled()).as("%s", local).isTrue();
      assertThat(result.getReason())
          .get()
          .asString()
          .contains("mbpoll is not installed (not on PATH)", "apt-get install -y mbpoll");
    }
  }

  @Test
  void underCiAMissingToolFailsInsteadOfSkipping() {
    for (String ci : List.of("true", "TRUE", "True")) {
      assertThatThrownBy(() -> Requirements.decide(List.of(MBPOLL), Map.of("CI", ci)))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageContaining("CI=true")
          .hasMessageContaining("mbpoll is not installed (not on PATH)")
          .hasMessageContaining("apt-get install -y mbpoll");
    }
  }

  @Test
  void everyMissingRequirementIsReportedWithItsOwnHint() {
    ConditionEvaluationResult result = Requirements.decide(List.of(MBPOLL, NODE), Map.of());

    assertThat(result.getReason()).get().asString().contains(MBPOLL.message(), NODE.message());
    assertThatThrownBy(() -> Requirements.decide(List.of(MBPOLL, NODE), Map.of("CI", "true")))
        .hasMessageContaining(MBPOLL.message())
        .hasMessageContaining(NODE.message());
  }

  @Test
  void onlyCiTrueCountsAsCi() {
    assertThat(Requirements.underCi(Map.of("CI", "true"))).isTrue();
    assertThat(Requirements.underCi(Map.of("CI", "1"))).isFalse();
    assertThat(Requirements.underCi(Map.of())).isFalse();
  }

  @Test
  void aMissingRequirementNeedsWhatAndHow() {
    assertThatThrownBy(() -> new MissingRequirement(" ", "apt-get install -y mbpoll"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MissingRequirement("mbpoll is not installed", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mbpoll");
  }
}
