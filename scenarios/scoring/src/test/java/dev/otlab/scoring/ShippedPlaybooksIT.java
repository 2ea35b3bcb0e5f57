package dev.otlab.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped playbooks that {@link DefendedEvaluationIT} and the lab's {@code PlaybookEffectIT}
 * leave out, each in a defended evaluation of the one scenario and design where its effect shows
 * (seed 1, full detection, max speed): what it averts and what it costs.
 *
 * <ul>
 *   <li>{@code wt-chlorine-guard} on {@code water-treatment-purdue-dmz} against {@code
 *       wt-office-ransomware-dosing}: plc-dosing put in STOP, residual chlorine falls below 0.2
 *       mg/L undefended; the playbook restores the program, and isolating the engineering
 *       workstation the stop came from refuses that host's benign work.
 *   <li>{@code cr-guard-sis} on {@code chemical-reactor-purdue-dmz} against {@code
 *       cr-ews-program-download}: the empty program's runaway, stopped by the golden program.
 *   <li>{@code cr-contain-remote-access} there against {@code cr-ews-harvest-program-download}: the
 *       objective is the download itself, which the scripted pivot makes the moment it logs in, so
 *       it stays reached; restoring the program after the flagged session stops the runaway.
 *   <li>{@code cr-isolate-on-any-alert} there against {@code cr-sis-bypass-loss-of-cooling}: it
 *       averts nothing (the reactor passes 400 K seconds after the first alert) and its isolation
 *       of the reactor PLC refuses hundreds of the HMI's and historian's operations.
 * </ul>
 *
 * One evaluator keeps each design's benign twin, so the twin is played once per design (the
 * reactor's longest scenario first) and each evaluation adds the defended twin and the scenario
 * without and with the playbook: 4 runs on the water plant, 10 on the reactor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShippedPlaybooksIT {

  Evaluation chlorineGuard;
  Evaluation containRemoteAccess;
  Evaluation isolateOnAnyAlert;
  Evaluation guardSis;
  Evaluation containLowWater;
  Evaluation guardBms;
  Evaluation boilerIsolateOnAnyAlert;
  String boiler;
  final List<String> played = new CopyOnWriteArrayList<>();

  @BeforeAll
  void playEachPlaybookOnce(@TempDir Path pki) {
    Evaluator evaluator =
        new Evaluator(Evaluator.labRunner(Speed.MAX, pki, DetectionLoader.load("full")), 2);
    ArchitectureSpec water = ArchitectureLoader.load("water-treatment-purdue-dmz");
    ArchitectureSpec reactor = ArchitectureLoader.load("chemical-reactor-purdue-dmz");
    chlorineGuard = defended(evaluator, water, "wt-office-ransomware-dosing", "wt-chlorine-guard");
    // Both 10 min: the twin played for the first serves the two others.
    containRemoteAccess =
        defended(evaluator, reactor, "cr-ews-harvest-program-download", "cr-contain-remote-access");
    isolateOnAnyAlert =
        defended(evaluator, reactor, "cr-sis-bypass-loss-of-cooling", "cr-isolate-on-any-alert");
    guardSis = defended(evaluator, reactor, "cr-ews-program-download", "cr-guard-sis");
    // The third plant is data only: its id comes from its playbooks, never from this code.
    boiler = PlaybookLoader.load("sb-guard-bms").plant() + "-flat";
    ArchitectureSpec boilerFlat = ArchitectureLoader.load(boiler);
    containLowWater =
        defended(evaluator, boilerFlat, "sb-low-water-bms-bypass", "sb-contain-low-water");
    guardBms = defended(evaluator, boilerFlat, "sb-pressure-setpoint", "sb-guard-bms");
    boilerIsolateOnAnyAlert =
        defended(evaluator, boilerFlat, "sb-low-water-bms-bypass", "sb-isolate-on-any-alert");
  }

  private Evaluation defended(
      Evaluator evaluator, ArchitectureSpec arch, String scenario, String playbook) {
    SuiteSpec suite =
        new SuiteSpec(
            scenario,
            scenario,
            "The scenario " + playbook + " is measured on.",
            List.of(ScenarioLoader.load(scenario)));
    return evaluator.evaluate(
        arch,
        suite,
        new Evaluator.Options(
                1,
                1,
                Weights.DEFAULT,
                "full",
                p -> played.add(arch.id() + " " + p.scenario()),
                (c, t, s) -> {})
            .withPlaybooks(List.of(PlaybookLoader.load(playbook))));
  }

  @Test
  void eachDesignsTwinIsPlayedOnceAndEachScenarioWithAndWithoutItsPlaybook() {
    assertThat(played)
        .filteredOn(p -> p.endsWith(" " + Evaluator.TWIN))
        .containsExactlyInAnyOrder(
            "water-treatment-purdue-dmz benign-twin",
            "chemical-reactor-purdue-dmz benign-twin",
            boiler + " benign-twin");
    assertThat(played).filteredOn(p -> p.endsWith("(defended)")).hasSize(7);
    assertThat(played)
        .contains(
            "water-treatment-purdue-dmz wt-office-ransomware-dosing (undefended)",
            "water-treatment-purdue-dmz wt-office-ransomware-dosing",
            "chemical-reactor-purdue-dmz cr-ews-program-download (undefended)",
            "chemical-reactor-purdue-dmz cr-ews-program-download")
        .hasSize(14 + 1 + 3 * 3);
  }

  private static ResponseScore response(Evaluation e) {
    assertThat(e.scorecards()).hasSize(1);
    ResponseScore r = e.scorecards().get(0).response();
    assertThat(r).isNotNull();
    assertThat(e.defence()).isNotNull();
    assertThat(e.defence().runs()).isEqualTo(1);
    return r;
  }

  @Test
  void chlorineGuardAvertsTheStoppedDosingAtTheCostOfTheEngineeringWorkstationsWork() {
    ResponseScore r = response(chlorineGuard);
    assertThat(r.defence()).containsExactly("wt-chlorine-guard");
    assertThat(r.reachedUndefended()).isTrue();
    assertThat(r.averted()).isTrue();
    assertThat(r.harmUndefended()).isGreaterThanOrEqualTo(0.5);
    assertThat(r.harm()).isZero();
    assertThat(r.harmAverted()).isEqualTo(r.harmUndefended());
    assertThat(r.timeToContain()).isNotNull().isPositive();
    // The stop came from the engineering workstation; isolating it refuses its own reads.
    assertThat(r.extraDenied()).isPositive();
    assertThat(chlorineGuard.defence().averted()).isEqualTo(1);
    assertThat(chlorineGuard.reach("wt-office-ransomware-dosing").reached()).isZero();
  }

  @Test
  void guardSisAvertsTheEmptyProgramsRunaway() {
    ResponseScore r = response(guardSis);
    assertThat(r.defence()).containsExactly("cr-guard-sis");
    assertThat(r.averted()).isTrue();
    assertThat(r.harmAverted()).isGreaterThanOrEqualTo(0.5);
    assertThat(r.harm()).isZero();
    assertThat(r.timeToContain()).isNotNull().isPositive();
    assertThat(guardSis.defence().averted()).isEqualTo(1);
  }

  @Test
  void containRemoteAccessCannotUndoTheDownloadButStopsItsRunaway() {
    ResponseScore r = response(containRemoteAccess);
    assertThat(r.defence()).containsExactly("cr-contain-remote-access");
    // The objective is the download, made in the same second as the log-ins: no response beats it.
    assertThat(r.reachedUndefended()).isTrue();
    assertThat(r.reached()).isTrue();
    assertThat(r.averted()).isFalse();
    assertThat(r.timeToContain()).isNull();
    // Undefended the reactor passes 400 K; the restored program keeps it short of that.
    assertThat(r.harmUndefended()).isGreaterThanOrEqualTo(0.5);
    assertThat(r.harm()).isLessThan(r.harmUndefended());
    assertThat(r.harmAverted()).isGreaterThanOrEqualTo(0.5);
    assertThat(containRemoteAccess.defence().meanHarmAverted()).isEqualTo(r.harmAverted());
    assertThat(r.responses()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void isolatingOnAnyAlertAvertsNothingAndCostsThePlantsOwnWork() {
    ResponseScore r = response(isolateOnAnyAlert);
    assertThat(r.defence()).containsExactly("cr-isolate-on-any-alert");
    assertThat(r.reachedUndefended()).isTrue();
    assertThat(r.reached()).isTrue();
    assertThat(r.averted()).isFalse();
    assertThat(r.harmAverted()).isLessThanOrEqualTo(0.0);
    assertThat(r.responses()).isPositive();
    // Isolating the reactor PLC refuses the HMI's polls and the historian's pulls from then on:
    // far more benign work than the guard's isolation of one attacking host.
    ResponseScore guard = response(guardSis);
    assertThat(r.extraDenied()).isGreaterThan(100 * Math.max(1, guard.extraDenied()));
    assertThat(isolateOnAnyAlert.defence().extraDenied()).isEqualTo(r.extraDenied());
  }

  @Test
  void theBoilersContainmentAvertsTheLowWaterAttackAndItsGuardTheOverpressure() {
    ResponseScore contain = response(containLowWater);
    assertThat(contain.defence()).containsExactly("sb-contain-low-water");
    assertThat(contain.reachedUndefended()).isTrue();
    assertThat(contain.averted()).isTrue();
    assertThat(contain.harm()).isLessThan(contain.harmUndefended());
    assertThat(contain.harmAverted()).isPositive();
    assertThat(contain.timeToContain()).isNotNull().isPositive();
    ResponseScore guard = response(guardBms);
    assertThat(guard.defence()).containsExactly("sb-guard-bms");
    assertThat(guard.reachedUndefended()).isTrue();
    assertThat(guard.averted()).isTrue();
    assertThat(guard.harmAverted()).isPositive();
    assertThat(guardBms.defence().averted()).isEqualTo(1);
  }

  @Test
  void theBoilersOverEagerPlaybookAvertsNothingAndCostsBenignWork() {
    ResponseScore r = response(boilerIsolateOnAnyAlert);
    assertThat(r.defence()).containsExactly("sb-isolate-on-any-alert");
    assertThat(r.reachedUndefended()).isTrue();
    assertThat(r.averted()).isFalse();
    assertThat(r.harmAverted()).isLessThanOrEqualTo(0.0);
    assertThat(r.responses()).isPositive();
    assertThat(r.extraDenied()).isPositive();
  }
}
