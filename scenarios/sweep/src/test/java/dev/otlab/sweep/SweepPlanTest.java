package dev.otlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.SweepLoader;
import dev.otlab.library.SweepSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a sweep expands into configurations and units, their keys, and the plan's JSON. */
class SweepPlanTest {

  /** 2 architectures x 2 suites x 2 detection x 2 defences, 3 seeds. */
  static SweepSpec wide() {
    return new SweepSpec(
        "wide",
        "Wide",
        List.of("water-treatment-flat", "water-treatment-purdue-dmz"),
        List.of("wt-short", "smoke"),
        5,
        3,
        List.of("full", "none"),
        List.of(List.of(), List.of("wt-isolate-on-any-alert", "wt-contain-it-pivot")));
  }

  /** A plan built by hand (no library look-ups): one config, no units. */
  static SweepPlan wideLite() {
    return new SweepPlan(wide(), List.of(), List.of());
  }

  @Test
  void theShippedSweepIsThreeConfigsNineTwinsAndEighteenPlays() {
    SweepPlan plan = SweepPlan.of(SweepLoader.load("wt-designs"));
    assertThat(plan.configs()).hasSize(3);
    assertThat(plan.phase(1))
        .hasSize(9)
        .allSatisfy(u -> assertThat(u).isInstanceOf(SweepUnit.Twin.class));
    assertThat(plan.phase(2)).hasSize(18);
    assertThat(plan.configs())
        .extracting(SweepConfig::key)
        .containsExactly(
            "water-treatment-flat.wt-short.full",
            "water-treatment-purdue-dmz.wt-short.full",
            "water-treatment-purdue-dmz-dpi.wt-short.full");
    assertThat(plan.phase(1).get(0).key()).isEqualTo("twin:water-treatment-flat:1:600");
    assertThat(plan.phase(2).get(0).key())
        .isEqualTo("play:water-treatment-flat.wt-short.full:wt-recon:1");
  }

  @Test
  void expansionCountsEveryCombination() {
    SweepPlan plan = SweepPlan.of(wide());
    // architecture x suite x detection x defence
    assertThat(plan.configs()).hasSize(2 * 2 * 2 * 2);
    assertThat(plan.configs().get(0))
        .isEqualTo(new SweepConfig("water-treatment-flat", "wt-short", "full", List.of()));
    assertThat(plan.configs().get(3).detection()).isNull();
    assertThat(plan.configs().get(3).key())
        .isEqualTo(
            "water-treatment-flat.wt-short.none.wt-isolate-on-any-alert+wt-contain-it-pivot");
    // Twins per architecture, seed and length: wt-short is 10 min long, smoke's water scenarios
    // too, so both suites share them: 2 architectures x 3 seeds.
    assertThat(plan.phase(1).stream().filter(u -> u instanceof SweepUnit.Twin)).hasSize(2 * 3);
    // A defended twin per defended config (8) and seed.
    assertThat(plan.phase(1).stream().filter(u -> u instanceof SweepUnit.DefendedTwin))
        .hasSize(8 * 3);
    // Plays: per config, seed and scenario of its plant (wt-short 2, smoke 3 water scenarios).
    assertThat(plan.phase(2)).hasSize(2 * 2 * 2 * 3 * 2 + 2 * 2 * 2 * 3 * 3);
    assertThat(plan.units()).hasSize(plan.phase(1).size() + plan.phase(2).size());
    assertThat(plan.units().subList(0, plan.phase(1).size())).isEqualTo(plan.phase(1));
  }

  @Test
  void keysAreUniqueAndStable() {
    SweepPlan plan = SweepPlan.of(wide());
    Set<String> keys = new HashSet<>();
    for (SweepUnit u : plan.units()) {
      assertThat(keys.add(u.key())).as(u.key()).isTrue();
      assertThat(u.key()).doesNotContain(" ", "/");
    }
    Set<String> configKeys = new HashSet<>();
    plan.configs().forEach(c -> assertThat(configKeys.add(c.key())).isTrue());
    configKeys.forEach(k -> assertThat(k).matches("[A-Za-z0-9._+-]+"));
    // The same sweep expands to the same units in the same order.
    assertThat(SweepPlan.of(wide()).units()).isEqualTo(plan.units());
    assertThat(new SweepUnit.Twin("water-treatment-flat", 2, 75.5).key())
        .isEqualTo("twin:water-treatment-flat:2:75.5");
    assertThat(new SweepConfig("some/dir/my-arch.yaml", "s", null, List.of()).key())
        .isEqualTo("my-arch.s.none");
  }

  @Test
  void thePlanSurvivesItsJson() {
    SweepPlan plan = SweepPlan.of(wide());
    String json = plan.toJson();
    SweepPlan back = SweepPlan.fromJson(json);
    assertThat(back).isEqualTo(plan);
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(json).contains("\"kind\":\"defended-twin\"");
  }

  @Test
  void variantsAreArchitecturesUnderTheirOwnIds() {
    SweepPlan plan = SweepPlan.of(SweepLoader.load("wt-dpi-variants"));
    assertThat(plan.configs())
        .extracting(SweepConfig::key)
        .containsExactly(
            "water-treatment-purdue-dmz-dpi.wt-control-short.full",
            "wt-dpi-l4-control.wt-control-short.full",
            "wt-dpi-unwatched-control.wt-control-short.full");
    // A twin per design and seed: a variant's twin is its own (its design differs).
    assertThat(plan.phase(1)).hasSize(3 * 2);
    assertThat(plan.phase(1))
        .extracting(SweepUnit::key)
        .contains("twin:wt-dpi-unwatched-control:1:600", "twin:wt-dpi-unwatched-control:2:600");
    // Plays: 3 designs x 2 seeds x 3 scenarios.
    assertThat(plan.phase(2)).hasSize(3 * 2 * 3);
    assertThat(
            plan.unit("play:wt-dpi-l4-control.wt-control-short.full:wt-brute-force-pump:2").seed())
        .isEqualTo(2);
  }

  @Test
  void aPlanCarriesItsVariantsThroughItsJson() {
    SweepPlan plan = SweepPlan.of(SweepLoader.load("wt-dpi-variants"));
    String json = plan.toJson();
    SweepPlan back = SweepPlan.fromJson(json);
    assertThat(back).isEqualTo(plan);
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(back.spec().variants()).isEqualTo(plan.spec().variants());
    assertThat(json)
        .contains("\"op\":\"set\"", "\"op\":\"remove\"", "\"path\":\"sensors.taps.ops-control\"");
    // What a Swarm task derives from the plan it reads is the design the loader checked.
    for (String a : plan.spec().architectures()) {
      assertThat(back.spec().architecture(a)).isEqualTo(plan.spec().architecture(a));
    }
    assertThat(back.spec().architecture("wt-dpi-l4-control").id()).isEqualTo("wt-dpi-l4-control");
  }

  @Test
  void aPlanStoredBeforeVariantsReadsAsOneWithout() {
    SweepPlan plan = SweepPlan.of(wide());
    String json = plan.toJson();
    assertThat(json).contains(",\"variants\":[]");
    assertThat(SweepPlan.fromJson(json.replace(",\"variants\":[]", ""))).isEqualTo(plan);
  }

  @Test
  void aPlanThatIsNoJsonIsAnErrorWithACode() {
    assertThatThrownBy(() -> SweepPlan.fromJson("{\"spec\": 3"))
        .isInstanceOf(OtlabException.class)
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("SWEEP_JSON_INVALID");
  }
}
