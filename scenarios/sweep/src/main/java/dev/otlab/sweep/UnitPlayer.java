package dev.otlab.sweep;

import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.lab.Defender;
import dev.otlab.lab.PlaybookEngine;
import dev.otlab.lab.RunTrace;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.ArchitectureVariant;
import dev.otlab.library.ArchitectureVariants;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.PlaybookSpec;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.Evaluator;
import dev.otlab.scoring.ResponseScore;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.Weights;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Plays one unit in this JVM's embedded lab and scores it: the same code for every engine (an
 * embedded worker thread, a Swarm task), so a unit's result does not depend on where it played.
 * Runs play as {@link Evaluator#labRunner} plays them (at maximum speed, the seed's own clock) and
 * are scored with the evaluator's own pieces ({@link Scorecard#of}, {@link Evaluator#benignTwin},
 * {@link Evaluator#defended}), so a sweep's evaluations equal the evaluator's.
 */
public final class UnitPlayer {

  private final Path pki;

  // Library files are loaded once per player and shared by its threads (every spec is immutable).
  private final Map<String, ArchitectureSpec> architectures = new ConcurrentHashMap<>();

  /** Derived designs by their variant (base and changes), not by id: two plans may share one. */
  private final Map<ArchitectureVariant, ArchitectureSpec> variants = new ConcurrentHashMap<>();

  private final Map<String, SuiteSpec> suites = new ConcurrentHashMap<>();
  private final Map<String, PlantSpec> plants = new ConcurrentHashMap<>();
  private final Map<String, DetectionProfile> profiles = new ConcurrentHashMap<>();
  private final Map<Defence, List<PlaybookSpec>> defences = new ConcurrentHashMap<>();

  /** A configuration's playbooks, checked against the plant of the design they defend. */
  private record Defence(List<String> playbooks, String architecture, String plant) {}

  /**
   * @param pki a writable folder for the labs' OPC UA certificates (each thread uses its own
   *     subfolder: two labs creating one key store at once would clash)
   */
  public UnitPlayer(Path pki) {
    this.pki = pki;
  }

  /**
   * Plays a unit.
   *
   * @param plan the plan the unit belongs to
   * @param unit the unit
   * @param twins the results of phase 1 so far, by unit key (a Play needs its Twin, and in a
   *     defended configuration its DefendedTwin)
   * @throws OtlabException when a twin the play needs is missing, or the run fails
   */
  public UnitResult play(SweepPlan plan, SweepUnit unit, Map<String, UnitResult> twins) {
    if (unit instanceof SweepUnit.Twin t) {
      return twin(plan, t);
    }
    if (unit instanceof SweepUnit.DefendedTwin d) {
      return defendedTwin(plan, d);
    }
    return play(plan, (SweepUnit.Play) unit, twins);
  }

  private UnitResult twin(SweepPlan plan, SweepUnit.Twin t) {
    ArchitectureSpec arch = architecture(plan, t.architecture());
    // The evaluator draws its twin like the first scenario of the suite (plant and foothold): the
    // first configuration in plan order that needs this twin names that suite.
    SweepConfig first =
        plan.configs().stream()
            .filter(c -> c.architecture().equals(t.architecture()))
            .filter(c -> longest(c, arch) == t.durationSeconds())
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no config needs " + t.key()));
    ScenarioSpec like = suite(first.suite()).requireFor(arch.plant()).get(0);
    RunTrace trace =
        runner(null).run(Evaluator.twin(like, t.durationSeconds()), arch, t.seed(), List.of());
    return new UnitResult.TwinResult(
        Evaluator.benignTwin(trace, plant(arch)), trace.durationSeconds());
  }

  private UnitResult defendedTwin(SweepPlan plan, SweepUnit.DefendedTwin d) {
    SweepConfig c = d.config();
    ArchitectureSpec arch = architecture(plan, c.architecture());
    ScenarioSpec like = suite(c.suite()).requireFor(arch.plant()).get(0);
    RunTrace trace =
        runner(c.detection())
            .run(Evaluator.twin(like, d.durationSeconds()), arch, d.seed(), defenders(c, arch));
    return new UnitResult.DefendedTwinResult(
        ResponseScore.FalseAlarms.of(trace), trace.durationSeconds());
  }

  private UnitResult play(SweepPlan plan, SweepUnit.Play p, Map<String, UnitResult> twins) {
    SweepConfig c = p.config();
    ArchitectureSpec arch = architecture(plan, c.architecture());
    ScenarioSpec scenario =
        suite(c.suite()).requireFor(arch.plant()).stream()
            .filter(s -> s.id().equals(p.scenario()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "suite " + c.suite() + " has no scenario " + p.scenario()));
    double longest = longest(c, arch);
    UnitResult.TwinResult twin =
        need(
            twins,
            new SweepUnit.Twin(c.architecture(), p.seed(), longest),
            UnitResult.TwinResult.class);
    PlantSpec plant = plant(arch);
    Evaluator.Runner runner = runner(c.detection());
    if (!c.defended()) {
      RunTrace trace = runner.run(scenario, arch, p.seed(), List.of());
      Scorecard card = Scorecard.of(scenario, trace, plant, arch, twin.twin(), Weights.DEFAULT);
      return new UnitResult.PlayResult(card, trace.playedSeconds(), 0);
    }
    UnitResult.DefendedTwinResult alarms =
        need(
            twins,
            new SweepUnit.DefendedTwin(c, p.seed(), longest),
            UnitResult.DefendedTwinResult.class);
    RunTrace open = runner.run(scenario, arch, p.seed(), List.of());
    Scorecard undefended = Scorecard.of(scenario, open, plant, arch, twin.twin(), Weights.DEFAULT);
    RunTrace trace = runner.run(scenario, arch, p.seed(), defenders(c, arch));
    Scorecard card =
        Evaluator.defended(
            playbooks(c, arch).stream().map(PlaybookSpec::id).toList(),
            Scorecard.of(scenario, trace, plant, arch, twin.twin(), Weights.DEFAULT),
            trace,
            undefended,
            alarms.alarms());
    return new UnitResult.PlayResult(card, trace.playedSeconds(), open.playedSeconds());
  }

  private static <T extends UnitResult> T need(
      Map<String, UnitResult> twins, SweepUnit twin, Class<T> type) {
    UnitResult r = twins.get(twin.key());
    if (!type.isInstance(r)) {
      throw new OtlabException(
          "SWEEP_TWIN_MISSING",
          "A play needs the result of " + twin.key() + ", which is not there.",
          "Play the sweep's phase 1 (its twins) before its plays; an engine does so by itself.");
    }
    return type.cast(r);
  }

  /** A runner as the evaluator's, with this thread's own certificate folder. */
  private Evaluator.Runner runner(@Nullable String detection) {
    DetectionProfile profile = detection == null ? null : detectionProfile(detection);
    Path dir = pki.resolve("unit-" + Thread.currentThread().getId());
    return Evaluator.labRunner(Speed.MAX, dir, profile);
  }

  private List<Defender> defenders(SweepConfig c, ArchitectureSpec arch) {
    return playbooks(c, arch).stream().<Defender>map(PlaybookEngine::new).toList();
  }

  private double longest(SweepConfig c, ArchitectureSpec arch) {
    return SweepPlan.longest(suite(c.suite()).requireFor(arch.plant()));
  }

  /**
   * The design a configuration names: a variant of the plan's sweep derived from its base and
   * changes (as the plan carries them, so a Swarm task derives what the sweep's loader checked), or
   * a library architecture or file.
   */
  ArchitectureSpec architecture(SweepPlan plan, String ref) {
    Optional<ArchitectureVariant> variant = plan.spec().variant(ref);
    if (variant.isPresent()) {
      return variants.computeIfAbsent(variant.get(), ArchitectureVariants::derive);
    }
    return architectures.computeIfAbsent(ref, ArchitectureLoader::load);
  }

  SuiteSpec suite(String ref) {
    return suites.computeIfAbsent(ref, SuiteLoader::load);
  }

  PlantSpec plant(ArchitectureSpec arch) {
    return plants.computeIfAbsent(arch.plant(), PlantLoader::load);
  }

  DetectionProfile detectionProfile(String ref) {
    return profiles.computeIfAbsent(ref, DetectionLoader::load);
  }

  List<PlaybookSpec> playbooks(SweepConfig c, ArchitectureSpec arch) {
    return defences.computeIfAbsent(
        new Defence(c.playbooks(), arch.id(), arch.plant()),
        k -> {
          List<PlaybookSpec> out = k.playbooks().stream().map(PlaybookLoader::load).toList();
          out.forEach(b -> PlaybookLoader.requirePlant(b, k.plant(), k.architecture()));
          return out;
        });
  }
}
