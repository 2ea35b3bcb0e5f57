package dev.otlab.dashboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.detection.DetectionProfile;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fingerprint that decides whether a rerun may reuse what its first go stored. */
class ResumeTest {
  private final ArchitectureSpec arch = ArchitectureLoader.load("water-treatment-flat");
  private final PlantSpec plant = PlantLoader.load(arch.plant());
  private final List<ScenarioSpec> scenarios = SuiteLoader.load("smoke").forPlant(arch.plant());
  private final DetectionProfile full = DetectionLoader.load("full");

  @Test
  void theSameInputsHaveTheSameFingerprintAndAnyChangeAnother() {
    String a = Resume.fingerprint(arch, plant, scenarios, full, 7, 1);
    assertThat(a).isNotNull().hasSize(64);
    // Loaded again (new collections, other iteration orders of sets): the same.
    assertThat(
            Resume.fingerprint(
                ArchitectureLoader.load("water-treatment-flat"),
                PlantLoader.load(arch.plant()),
                SuiteLoader.load("smoke").forPlant(arch.plant()),
                DetectionLoader.load("full"),
                7,
                1))
        .isEqualTo(a);
    assertThat(Resume.fingerprint(arch, plant, scenarios, full, 8, 1)).isNotEqualTo(a);
    assertThat(Resume.fingerprint(arch, plant, scenarios, full, 7, 5)).isNotEqualTo(a);
    assertThat(Resume.fingerprint(arch, plant, scenarios, null, 7, 1)).isNotEqualTo(a);
    assertThat(Resume.fingerprint(arch, plant, scenarios.subList(0, 1), full, 7, 1))
        .isNotEqualTo(a);
    assertThat(
            Resume.fingerprint(
                ArchitectureLoader.load("water-treatment-purdue-dmz"),
                plant,
                scenarios,
                full,
                7,
                1))
        .isNotEqualTo(a);
    ScenarioSpec s = scenarios.get(0);
    ScenarioSpec longer =
        new ScenarioSpec(
            s.id(),
            s.title(),
            s.description(),
            s.plant(),
            s.foothold(),
            s.durationSeconds() + 1,
            s.steps(),
            s.objective(),
            s.expected(),
            s.maintenance());
    assertThat(Resume.fingerprint(arch, plant, List.of(longer), full, 7, 1))
        .isNotEqualTo(Resume.fingerprint(arch, plant, List.of(s), full, 7, 1));
  }
}
