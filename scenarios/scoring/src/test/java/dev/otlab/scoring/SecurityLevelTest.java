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

  enum Verdict {
    REACHED,
    STOPPED,
    UNDECIDED
  }

  /**
   * A run of a library scenario on the flat design: reached at 600 s; stopped (its first step
   * blocked); or undecided (its first step succeeded, the objective had not come about at the end).
   */
  static Scorecard card(String id, Verdict verdict) {
    ScenarioSpec spec = ScenarioLoader.load(id);
    ScenarioSpec.Step first = spec.steps().get(0);
    RunTrace.StepRecord step =
        new RunTrace.StepRecord(
            first.id(),
            first.technique(),
            60,
            "hmi-1",
            "plc-treatment",
            verdict == Verdict.STOPPED ? RunTrace.Outcome.BLOCKED : RunTrace.Outcome.SUCCEEDED,
            verdict == Verdict.STOPPED ? "plant" : null,
            null,
            "hand-built");
    RunTrace t =
        verdict == Verdict.UNDECIDED
            // Every step through, the objective still open at the horizon.
            ? Traces.decided(
                id,
                1200,
                List.of(step),
                operations(10, 0),
                samples(4800, x -> water(20, 2.0)),
                List.of(),
                List.of(),
                new dev.otlab.lab.RunOutcome.Undecided(
                    4800, null, null, null, null, "hand-built: open at the horizon"),
                List.of())
            : trace(
                id,
                1200,
                List.of(step),
                operations(10, 0),
                samples(1200, x -> water(20, 2.0)),
                List.of(),
                List.of(),
                verdict == Verdict.REACHED ? 600.0 : null,
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
    Scorecard pivot = card("wt-it-pivot-treated-overflow", Verdict.REACHED);
    assertThat(pivot.attackerLevel()).isEqualTo(3);
    assertThat(pivot.objectiveZones()).containsExactly("plant");
    ZoneEstimate plant =
        zone(
            ZoneEstimate.of(
                FLAT,
                List.of(
                    pivot,
                    card("wt-brute-force-pump", Verdict.REACHED),
                    card("wt-recon", Verdict.REACHED))),
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
                    card("wt-it-pivot-treated-overflow", Verdict.STOPPED),
                    card("wt-brute-force-pump", Verdict.REACHED))),
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
                    card("wt-it-pivot-treated-overflow", Verdict.REACHED),
                    card("wt-brute-force-pump", Verdict.STOPPED))),
            "plant");
    assertThat(two.estimate()).isEqualTo(2);
    assertThat(two.meetsTarget()).isTrue();
    // Held against everything up to the SL 4 concealed overflow: SL 4.
    ZoneEstimate four =
        zone(
            ZoneEstimate.of(
                FLAT,
                List.of(
                    card("wt-it-pivot-treated-overflow", Verdict.STOPPED),
                    card("wt-aitm-concealed-overflow", Verdict.STOPPED))),
            "plant");
    assertThat(four.estimate()).isEqualTo(4);
  }

  /**
   * A run cut off before its objective came about, with every step through (the concealed overflow
   * on the DPI design within 4500 s), is no evidence that the zone held.
   */
  @Test
  void anUndecidedScenarioIsNotHeld() {
    ZoneEstimate z =
        zone(
            ZoneEstimate.of(
                FLAT,
                List.of(
                    card("wt-it-pivot-treated-overflow", Verdict.STOPPED),
                    card("wt-aitm-concealed-overflow", Verdict.UNDECIDED))),
            "plant");
    assertThat(z.heldAgainst()).isEqualTo(3);
    assertThat(z.estimate()).isEqualTo(3);
    assertThat(z.undecided()).containsExactly("wt-aitm-concealed-overflow");
    ZoneEstimate only =
        zone(
            ZoneEstimate.of(FLAT, List.of(card("wt-aitm-concealed-overflow", Verdict.UNDECIDED))),
            "plant");
    assertThat(only.tested()).containsExactly("wt-aitm-concealed-overflow");
    assertThat(only.estimate()).isNull();
    assertThat(only.meetsTarget()).isNull();
  }
}
