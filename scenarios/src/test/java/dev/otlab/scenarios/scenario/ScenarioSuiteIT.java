package dev.otlab.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.scenarios.arch.ArchitectureLoader;
import dev.otlab.scenarios.load.Library;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.core.OtlabException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data-driven suite: every library scenario on every architecture its file names, checked
 * against the verdicts stored beside it (objective reached or not, and where it was blocked).
 */
class ScenarioSuiteIT {

  @TempDir static Path pki;

  static Stream<Arguments> runs() {
    return Library.names("scenarios").stream()
        .flatMap(
            n ->
                ScenarioLoader.load(n).expected().keySet().stream()
                    .sorted()
                    .map(a -> Arguments.of(n, a)));
  }

  static RunTrace run(String scenario, String architecture, long seed) {
    return new ScenarioRun(
            ScenarioLoader.load(scenario),
            ArchitectureLoader.load(architecture),
            new ScenarioRun.Options(seed, Speed.MAX, pki, r -> {}))
        .run();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("runs")
  void verdictsMatchWhatTheScenarioExpects(String scenario, String architecture) {
    ScenarioSpec.Expectation expected = ScenarioLoader.load(scenario).expected().get(architecture);
    RunTrace trace = run(scenario, architecture, 1);
    String timeline =
        trace.steps().stream()
            .map(s -> s.step() + " " + s.outcome() + " " + s.conduit() + " " + s.detail())
            .collect(Collectors.joining("\n"));
    assertThat(trace.objectiveReached()).as(timeline).isEqualTo(expected.objectiveReached());
    Set<String> blocked = new TreeSet<>();
    trace.steps().stream()
        .filter(s -> s.outcome() == RunTrace.Outcome.BLOCKED)
        .forEach(s -> blocked.add(s.conduit()));
    assertThat(blocked).as(timeline).containsAll(expected.blockedAt());
    // Ground truth: every attack step that sent traffic left labelled events, benign ones too.
    assertThat(trace.events()).anySatisfy(e -> assertThat(e.label()).isEqualTo("benign"));
    if (trace.steps().stream()
        .anyMatch(
            s ->
                s.outcome() == RunTrace.Outcome.SUCCEEDED
                    && !s.technique().startsWith("T088")
                    && !s.technique().equals("T0866"))) {
      assertThat(trace.events()).anySatisfy(e -> assertThat(e.label()).startsWith("attack:"));
    }
    assertThat(trace.samples()).hasSizeGreaterThan((int) trace.durationSeconds() - 2);
  }

  @Test
  void sameSeedGivesTheSameOutcomes() {
    RunTrace a = run("wt-raw-overflow-sis-bypass", "water-treatment-flat", 7);
    RunTrace b = run("wt-raw-overflow-sis-bypass", "water-treatment-flat", 7);
    assertThat(summary(a)).isEqualTo(summary(b));
    assertThat(a.objectiveReached()).isTrue();
    // Times may jitter by a scan or two, never more.
    assertThat(Math.abs(a.objectiveTime() - b.objectiveTime())).isLessThan(1.0);
  }

  private static List<String> summary(RunTrace t) {
    return t.steps().stream()
        .map(
            s ->
                s.step()
                    + ":"
                    + s.outcome()
                    + ":"
                    + s.conduit()
                    + ":"
                    + s.fromHost()
                    + ":"
                    + s.target())
        .toList();
  }

  @Test
  void guardrailRefusesATargetOutsideTheLabAndFailsTheRun() {
    ScenarioSpec outside =
        new ScenarioSpec(
            "outside",
            "outside",
            "",
            "water-treatment",
            "control-insider",
            120,
            List.of(
                new ScenarioSpec.Step(
                    "scan",
                    "T0888",
                    Map.of("target", "10.0.0.5"),
                    new ScenarioSpec.Trigger(30.0, null, true, null, null, null, null, 0))),
            new ScenarioSpec.Objective(null, true, "scan", ""),
            Map.of());
    for (String target : List.of("10.0.0.5", "8.8.8.8", "172.17.0.1", "plc.example.com")) {
      ScenarioSpec s =
          new ScenarioSpec(
              outside.id(),
              outside.title(),
              "",
              outside.plant(),
              outside.foothold(),
              120,
              List.of(
                  new ScenarioSpec.Step(
                      "scan", "T0888", Map.of("target", target), outside.steps().get(0).trigger())),
              outside.objective(),
              Map.of());
      assertThatThrownBy(
              () ->
                  new ScenarioRun(
                          s,
                          ArchitectureLoader.load("water-treatment-flat"),
                          new ScenarioRun.Options(1, Speed.MAX, pki, r -> {}))
                      .run())
          .as(target)
          .isInstanceOf(OtlabException.class)
          .satisfies(
              e -> assertThat(((OtlabException) e).code()).isEqualTo("ATTACK_TARGET_OUTSIDE_LAB"))
          .hasMessageContaining(target);
    }
  }
}
