package dev.otlab.scoring;

import dev.otlab.attacks.TechniqueCatalogue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How the architecture and detection profile fared against one ATT&amp;CK for ICS technique over
 * the suite, as a {@link CoverageClass} per step instance and for the technique as a whole.
 *
 * <p>A step instance is one (run, technique, target, operation): a step repeated by its trigger
 * (151 identical coil writes) or written twice with the same parameters is one instance, however
 * many attempts it made; it succeeded when any attempt did. Steps that never ran, or whose target
 * the architecture has no host for, met no defence and are not instances. The technique's class is
 * the worst class of its instances ({@link CoverageClass#worst}); its score is the mean of the
 * instances' class values, so a technique that succeeded anywhere is below 100 and never coloured
 * green.
 *
 * @param technique id
 * @param name ATT&amp;CK name
 * @param tactics ATT&amp;CK tactics
 * @param coverageClass worst class over its instances
 * @param ran step instances (a repeated step counts once)
 * @param attempts step runs including repetitions (not instances: not run, or no such host)
 * @param prevented instances never succeeding
 * @param detectedBeforeImpact instances succeeding, seen no later than the run's impact
 * @param detectedAfterImpact instances succeeding, seen only after the impact
 * @param succeededUnseen instances succeeding with no linked alert
 * @param score mean class value of the instances (100, 50, 25, 0), 0 to 100
 * @param stoppedAt {@code conduit/rule} (or {@code failed: device or posture}) that prevented
 *     instances, with the number of instances
 * @param detectedBy {@code detector/rule} that saw it
 * @param scenarios scenarios using it
 * @param instances every step instance with its class
 */
public record TechniqueCoverage(
    String technique,
    String name,
    List<String> tactics,
    CoverageClass coverageClass,
    int ran,
    int attempts,
    int prevented,
    int detectedBeforeImpact,
    int detectedAfterImpact,
    int succeededUnseen,
    double score,
    Map<String, Integer> stoppedAt,
    List<String> detectedBy,
    List<String> scenarios,
    List<Instance> instances) {

  public TechniqueCoverage {
    tactics = List.copyOf(tactics);
    stoppedAt = Map.copyOf(stoppedAt);
    detectedBy = List.copyOf(detectedBy);
    scenarios = List.copyOf(scenarios);
    instances = List.copyOf(instances);
  }

  /**
   * One step instance: the attempts of a run that share technique, target and operation.
   *
   * @param scenario scenario id
   * @param seed seed of the run
   * @param steps step ids of the attempts (one unless a scenario repeats an operation under two
   *     ids)
   * @param target host it aimed at, or null
   * @param operation the step's parameters other than the target ({@link
   *     Scorecard.StepVerdict#operation()})
   * @param attempts how many times it ran
   * @param coverageClass its class
   * @param stoppedAt where the first attempt was stopped when it never succeeded, else null
   * @param detectedAt first true alert linked to it, or null
   * @param impactTime the run's impact time, or null
   */
  public record Instance(
      String scenario,
      long seed,
      List<String> steps,
      @Nullable String target,
      String operation,
      int attempts,
      CoverageClass coverageClass,
      @Nullable String stoppedAt,
      @Nullable Double detectedAt,
      @Nullable Double impactTime) {
    public Instance {
      steps = List.copyOf(steps);
    }
  }

  /** Per technique of the scorecards' steps, by id. */
  public static List<TechniqueCoverage> of(List<Scorecard> cards, TechniqueCatalogue catalogue) {
    TreeMap<String, List<Instance>> byTechnique = new TreeMap<>();
    TreeMap<String, TreeSet<String>> detectedBy = new TreeMap<>();
    for (Scorecard c : cards) {
      // Attempts of one run grouped by technique, target and operation, in trace order.
      Map<List<String>, List<Scorecard.StepVerdict>> groups = new LinkedHashMap<>();
      for (Scorecard.StepVerdict s : c.steps()) {
        if (s.outcome().equals("NOT_RUN") || s.hostMissing()) {
          continue;
        }
        List<String> key =
            List.of(
                s.technique(),
                s.target() == null ? "" : s.target(),
                s.operation() == null ? "" : s.operation());
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        detectedBy.computeIfAbsent(s.technique(), k -> new TreeSet<>()).addAll(s.detectedBy());
      }
      for (Map.Entry<List<String>, List<Scorecard.StepVerdict>> g : groups.entrySet()) {
        byTechnique
            .computeIfAbsent(g.getKey().get(0), k -> new ArrayList<>())
            .add(instance(c, g.getValue()));
      }
    }
    List<TechniqueCoverage> out = new ArrayList<>();
    for (Map.Entry<String, List<Instance>> e : byTechnique.entrySet()) {
      out.add(of(e.getKey(), e.getValue(), detectedBy.get(e.getKey()), catalogue));
    }
    return out;
  }

  private static Instance instance(Scorecard c, List<Scorecard.StepVerdict> attempts) {
    boolean succeeded = false;
    Double detectedAt = null;
    TreeSet<String> steps = new TreeSet<>();
    for (Scorecard.StepVerdict s : attempts) {
      steps.add(s.step());
      succeeded |= s.outcome().equals("SUCCEEDED");
      if (s.detectedAt() != null) {
        detectedAt = detectedAt == null ? s.detectedAt() : Math.min(detectedAt, s.detectedAt());
      }
    }
    Scorecard.StepVerdict first = attempts.get(0);
    String stoppedAt = null;
    if (!succeeded) {
      stoppedAt =
          first.outcome().equals("BLOCKED") ? first.blockedWhere() : "failed: device or posture";
    }
    Double impactTime = c.impact().impactTime();
    return new Instance(
        c.scenario(),
        c.seed(),
        List.copyOf(steps),
        first.target(),
        first.operation() == null ? "" : first.operation(),
        attempts.size(),
        CoverageClass.of(succeeded, detectedAt, impactTime),
        stoppedAt,
        detectedAt,
        impactTime);
  }

  private static TechniqueCoverage of(
      String technique,
      List<Instance> instances,
      TreeSet<String> detectedBy,
      TechniqueCatalogue catalogue) {
    CoverageClass worst = CoverageClass.PREVENTED;
    int[] counts = new int[CoverageClass.values().length];
    int attempts = 0;
    double sum = 0;
    TreeMap<String, Integer> stoppedAt = new TreeMap<>();
    TreeSet<String> scenarios = new TreeSet<>();
    for (Instance i : instances) {
      worst = CoverageClass.worst(worst, i.coverageClass());
      counts[i.coverageClass().ordinal()]++;
      attempts += i.attempts();
      sum += i.coverageClass().score();
      scenarios.add(i.scenario());
      if (i.stoppedAt() != null) {
        stoppedAt.merge(i.stoppedAt(), 1, Integer::sum);
      }
    }
    var entry = catalogue.entry(technique);
    return new TechniqueCoverage(
        technique,
        entry.map(TechniqueCatalogue.Entry::name).orElse(technique),
        entry.map(TechniqueCatalogue.Entry::tactics).orElse(List.of()),
        worst,
        instances.size(),
        attempts,
        counts[CoverageClass.PREVENTED.ordinal()],
        counts[CoverageClass.DETECTED_BEFORE_IMPACT.ordinal()],
        counts[CoverageClass.DETECTED_AFTER_IMPACT.ordinal()],
        counts[CoverageClass.SUCCEEDED_UNSEEN.ordinal()],
        SubScores.round(sum / instances.size()),
        stoppedAt,
        List.copyOf(detectedBy),
        List.copyOf(scenarios),
        instances);
  }
}
