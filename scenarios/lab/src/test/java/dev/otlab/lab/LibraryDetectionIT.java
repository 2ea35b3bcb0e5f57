package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.detection.Alert;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Detection beyond single scenarios: benign operation stays quiet under {@code full}, and the same
 * seed gives the same alerts. (Each library scenario's expected detections are checked by {@link
 * ScenarioSuiteIT} on the runs it makes anyway.) The benign run is 8 simulated hours per plant by
 * default ({@code -Dotlab.benignHours=N} to shorten it while developing).
 */
class LibraryDetectionIT {

  @TempDir static Path pki;

  static RunTrace run(ScenarioSpec scenario, String architecture, String profile, long seed) {
    return new ScenarioRun(
            scenario,
            ArchitectureLoader.load(architecture),
            new ScenarioRun.Options(seed, Speed.MAX, pki, r -> {}, DetectionLoader.load(profile)))
        .run();
  }

  static String describe(RunTrace t) {
    return t.alerts().stream()
        .map(
            a ->
                String.format(
                    "%.1f %s %s %s %s",
                    a.alert().time(),
                    a.alert().rule(),
                    a.alert().techniques(),
                    a.step(),
                    a.alert().summary()))
        .collect(Collectors.joining("\n"));
  }

  @Test
  void sameSeedSameAlerts() {
    ScenarioSpec s = ScenarioLoader.load("wt-recon");
    List<String> first = signature(run(s, "water-treatment-purdue-dmz-dpi", "full", 3));
    List<String> second = signature(run(s, "water-treatment-purdue-dmz-dpi", "full", 3));
    assertThat(first).isNotEmpty().isEqualTo(second);
  }

  static List<String> signature(RunTrace t) {
    return t.alerts().stream()
        .map(
            a -> {
              Alert x = a.alert();
              return x.id()
                  + " "
                  + x.rule()
                  + " "
                  + x.techniques()
                  + " "
                  + x.sourceHost()
                  + ">"
                  + x.destinationHost()
                  + " "
                  + a.step();
            })
        .toList();
  }

  @ParameterizedTest(name = "benign {0} on purdue-dmz-dpi")
  @MethodSource("plants")
  void benignOperationGivesAtMostOneFalseAlert(String plant) {
    double hours = Double.parseDouble(System.getProperty("otlab.benignHours", "8"));
    ScenarioSpec benign =
        new ScenarioSpec(
            "benign-" + plant,
            "benign only",
            "benign operations, no attack",
            plant,
            "internet",
            hours * 3600,
            List.of(),
            new ScenarioSpec.Objective(
                plant.equals("water-treatment") ? "treated_level" : "reactor_temp",
                true,
                null,
                "none"),
            Map.of());
    RunTrace t = run(benign, plant + "-purdue-dmz-dpi", "full", 1);
    System.out.printf(
        "BENIGN %s %.1f h: %d false alerts%n%s%n", plant, hours, t.alerts().size(), describe(t));
    assertThat(t.alerts()).as(describe(t)).hasSizeLessThanOrEqualTo(1);
  }

  static Stream<String> plants() {
    return Stream.of("water-treatment", "chemical-reactor");
  }
}
