package dev.otlab.scoring;

import static dev.otlab.scoring.Traces.operations;
import static dev.otlab.scoring.Traces.samples;
import static dev.otlab.scoring.Traces.trace;
import static dev.otlab.scoring.Traces.water;
import static dev.otlab.scoring.WorkedExampleTest.PLANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.lab.RunTrace;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.AttackerCapability.ChainStep;
import dev.otlab.scoring.AttackerCapability.Means;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The IEC 62443-3-3 security level a technique chain takes, on the worked examples of
 * docs/scoring.md ("Attacker security level"), and the zone estimate built on it.
 */
class SecurityLevelTest {

  static final ArchitectureSpec FLAT = ArchitectureLoader.load("water-treatment-flat");
  static final ArchitectureSpec DPI = WorkedExampleTest.ARCH;

  static ChainStep plain(String technique) {
    return new ChainStep(technique, false, false);
  }

  static ChainStep withCredentials(String technique) {
    return new ChainStep(technique, true, false);
  }

  static ChainStep onSis(String technique) {
    return new ChainStep(technique, false, true);
  }

  @Test
  void discoveryAloneIsCasual() {
    AttackerCapability a = AttackerCapability.of(List.of(plain("T0846"), plain("T0888")));
    assertThat(a.securityLevel()).isEqualTo(1);
    assertThat(a.means()).containsExactly(Means.CASUAL);
    assertThat(AttackerCapability.of(List.of()).securityLevel()).isEqualTo(1);
  }

  @Test
  void credentialsOrCommandsOnDocumentedFunctionsAreSimpleMeans() {
    // A tag browse with a guessed OPC UA account is intentional: SL 2, even though it only reads.
    assertThat(
            AttackerCapability.of(List.of(plain("T0888"), withCredentials("T0861")))
                .securityLevel())
        .isEqualTo(2);
    assertThat(AttackerCapability.of(List.of(plain("T0855"), plain("T0806"))).securityLevel())
        .isEqualTo(2);
    // Pivots with stolen credentials across three zones, then Modbus writes: still SL 2.
    AttackerCapability pivots =
        AttackerCapability.of(
            List.of(
                withCredentials("T0886"),
                withCredentials("T0886"),
                plain("T0866"),
                plain("T0855")));
    assertThat(pivots.securityLevel()).isEqualTo(2);
    assertThat(pivots.pivots()).isEqualTo(3);
  }

  /** The case of the issue: two RDP pivots with stolen credentials plus a mode change. */
  @Test
  void twoRdpPivotsWithStolenCredentialsPlusAModeChangeIsSl3() {
    AttackerCapability a =
        AttackerCapability.of(
            List.of(withCredentials("T0886"), withCredentials("T0886"), plain("T0858")));
    assertThat(a.securityLevel()).isEqualTo(3);
    assertThat(a.means()).containsExactly(Means.CREDENTIALS, Means.IACS_LOGIC);
    assertThat(a.pivots()).isEqualTo(2);
    assertThat(a.rationale())
        .startsWith("SL 3: IACS-specific skills of one family")
        .contains("2 pivot(s), generic means that do not raise it");
    // Mode change and program download are one family: a program download stays SL 3.
    assertThat(AttackerCapability.of(List.of(plain("T0858"), plain("T0843"))).securityLevel())
        .isEqualTo(3);
  }

  @Test
  void twoIacsFamiliesCombinedTakeExtendedResources() {
    // A TRITON-like campaign: pivots, a program download, and the safety system defeated.
    AttackerCapability a =
        AttackerCapability.of(
            List.of(
                withCredentials("T0886"),
                withCredentials("T0886"),
                plain("T0843"),
                onSis("T0880")));
    assertThat(a.securityLevel()).isEqualTo(4);
    assertThat(a.means()).contains(Means.IACS_LOGIC, Means.IACS_SAFETY);
    // Any step beyond discovery against a SIS takes safety-system skills; discovery does not.
    assertThat(AttackerCapability.of(List.of(onSis("T0855"))).means())
        .containsExactly(Means.GENERIC, Means.IACS_SAFETY);
    assertThat(AttackerCapability.of(List.of(onSis("T0888"))).securityLevel()).isEqualTo(1);
  }

  @Test
  void libraryScenariosRateAsDocumented() {
    Map<String, Integer> expected =
        Map.of(
            "wt-recon", 1,
            "cr-vendor-recon", 2,
            "wt-brute-force-pump", 2,
            "wt-dosing-flood", 2,
            "wt-it-pivot-treated-overflow", 3,
            "wt-program-download-inverted-level", 3,
            "wt-loss-of-protection", 3,
            "wt-aitm-concealed-overflow", 4);
    expected.forEach(
        (id, sl) -> {
          ScenarioSpec spec = ScenarioLoader.load(id);
          ArchitectureSpec arch =
              spec.plant().equals("water-treatment")
                  ? FLAT
                  : ArchitectureLoader.load("chemical-reactor-flat");
          AttackerCapability a = AttackerCapability.of(spec, arch);
          assertThat(a.securityLevel()).as(id + ": " + a.rationale()).isEqualTo(sl);
        });
  }

  static Scorecard card(String id, boolean reached) {
    ScenarioSpec spec = ScenarioLoader.load(id);
    RunTrace t =
        trace(
            id,
            1200,
            List.of(),
            operations(10, 0),
            samples(1200, x -> water(20, 2.0)),
            List.of(),
            List.of(),
            reached ? 600.0 : null,
            List.of());
    return Scorecard.of(spec, t, PLANT, FLAT, WorkedExampleTest.twin(), Weights.DEFAULT);
  }

  static ZoneEstimate zone(List<ZoneEstimate> zones, String id) {
    return zones.stream().filter(z -> z.zone().equals(id)).findFirst().orElseThrow();
  }

  /**
   * The flat design as observed: the IT pivot to an overflow (SL 3, where the old mapping said 4),
   * the brute force (SL 2) and the recon (SL 1) all reached their objectives in the one zone.
   */
  @Test
  void theObservedFlatDesignHoldsNoLevel() {
    Scorecard pivot = card("wt-it-pivot-treated-overflow", true);
    assertThat(pivot.attackerLevel()).isEqualTo(3);
    assertThat(pivot.objectiveZones()).containsExactly("plant");
    ZoneEstimate plant =
        zone(
            ZoneEstimate.of(
                FLAT, List.of(pivot, card("wt-brute-force-pump", true), card("wt-recon", true))),
            "plant");
    assertThat(plant.breachedBy()).isEqualTo(1);
    assertThat(plant.heldAgainst()).isZero();
    assertThat(plant.estimate()).isZero();
    assertThat(plant.meetsTarget()).isFalse();
  }

  @Test
  void aZoneIsRatedOneBelowTheWeakestChainThatBreachedIt() {
    // An SL 2 brute force got through, an SL 3 pivot did not: SL 1, whatever else it held.
    ZoneEstimate capped =
        zone(
            ZoneEstimate.of(
                FLAT,
                List.of(
                    card("wt-it-pivot-treated-overflow", false),
                    card("wt-brute-force-pump", true))),
            "plant");
    assertThat(capped.heldAgainst()).isEqualTo(3);
    assertThat(capped.breachedBy()).isEqualTo(2);
    assertThat(capped.estimate()).isEqualTo(1);
    // Only the SL 3 pivot got through; the SL 2 brute force was held: SL 2.
    ZoneEstimate two =
        zone(
            ZoneEstimate.of(
                FLAT,
                List.of(
                    card("wt-it-pivot-treated-overflow", true),
                    card("wt-brute-force-pump", false))),
            "plant");
    assertThat(two.estimate()).isEqualTo(2);
    assertThat(two.meetsTarget()).isTrue();
    // Held against everything up to the SL 4 concealed overflow: SL 4.
    ZoneEstimate four =
        zone(
            ZoneEstimate.of(
                FLAT,
                List.of(
                    card("wt-it-pivot-treated-overflow", false),
                    card("wt-aitm-concealed-overflow", false))),
            "plant");
    assertThat(four.estimate()).isEqualTo(4);
  }
}
