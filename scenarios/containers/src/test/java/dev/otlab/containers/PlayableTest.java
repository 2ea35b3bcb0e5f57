package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** What the container lab refuses to play, before any container starts, and what it plays. */
class PlayableTest {

  @Test
  void aHostAttachedForTheRunHasNoContainerAndIsRefusedWithTheWayOut() {
    assertThatThrownBy(
            () -> ContainerWiring.requirePlayable(ScenarioLoader.load("wt-rogue-laptop-setpoint")))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("attaches rogue-laptop")
        .satisfies(
            e -> {
              OtlabException o = (OtlabException) e;
              assertThat(o.code()).isEqualTo("CONTAINER_FOOTHOLD_UNSUPPORTED");
              assertThat(o.remedy()).contains("embedded lab");
            });
  }

  @Test
  void anInTheMiddleStepIsRefusedAndSeveralFootholdsOnArchitectureHostsPlay() {
    assertThatThrownBy(
            () -> ContainerWiring.requirePlayable(ScenarioLoader.load("wt-aitm-replay-chlorine")))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("adversary in the middle");
    assertThatCode(
            () ->
                ContainerWiring.requirePlayable(
                    ScenarioLoader.load("cr-ews-harvest-program-download")))
        .doesNotThrowAnyException();
  }
}
