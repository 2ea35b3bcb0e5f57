package dev.otlab.scoring;

import dev.otlab.lab.Label;
import dev.otlab.lab.RunOutcome;
import dev.otlab.lab.RunTrace;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.operations.OperationRecord;
import dev.otlab.process.LimitCrossing;
import dev.otlab.simulator.plant.Limits;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.TagSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One run, scored. Every number comes from the run trace (steps, events, operations, samples,
 * crossings, SIS trips, alerts), the benign twin's {@link BenignTwin} and the plant's trip limits;
 * {@code docs/scoring.md} gives each formula.
 *
 * @param scenario scenario id
 * @param title scenario title
 * @param plant plant id
 * @param architecture architecture id
 * @param seed seed
 * @param durationSeconds simulated length
 * @param foothold host the attacker started on, or null when the architecture has no such entry
 * @param objective the objective in words
 * @param objectiveKind {@code safety}, {@code control} or {@code recon}
 * @param severity weight w of the scenario in prevention, detection and impact
 * @param attackerLevel IEC 62443-3-3 security level of the attacker the scenario takes (1 to 4),
 *     see {@link AttackerCapability}
 * @param objectiveZones zones holding the hosts the objective is pursued against
 * @param steps every step's verdict, in trace order
 * @param objectiveReached from the trace
 * @param objectiveTime from the trace, or null
 * @param attackStart start of the first step that ran, or null when none ran
 * @param impact physical impact against the twin
 * @param detection alerts against ground truth
 * @param operations benign operations and false alerts
 * @param outcome reached, prevented (at which step, why) or undecided at the horizon: only a
 *     prevented run earns prevention credit
 * @param playedSeconds how far the run played (past {@code durationSeconds} when it played on to
 *     decide)
 * @param response what the defence averted and cost, when the run was defended (a playbook); null
 *     for an undefended run
 */
public record Scorecard(
    String scenario,
    String title,
    String plant,
    String architecture,
    long seed,
    double durationSeconds,
    @Nullable String foothold,
    String objective,
    String objectiveKind,
    double severity,
    int attackerLevel,
    List<String> objectiveZones,
    List<StepVerdict> steps,
    boolean objectiveReached,
    @Nullable Double objectiveTime,
    @Nullable Double attackStart,
    Impact impact,
    Detection detection,
    Operations operations,
    RunOutcome outcome,
    double playedSeconds,
    @Nullable ResponseScore response) {

  /** This scorecard with the response part of its defended run. */
  public Scorecard withResponse(ResponseScore value) {
    return new Scorecard(
        scenario,
        title,
        plant,
        architecture,
        seed,
        durationSeconds,
        foothold,
        objective,
        objectiveKind,
        severity,
        attackerLevel,
        objectiveZones,
        steps,
        objectiveReached,
        objectiveTime,
        attackStart,
        impact,
        detection,
        operations,
        outcome,
        playedSeconds,
        value);
  }

  public Scorecard {
    objectiveZones = List.copyOf(objectiveZones);
    steps = List.copyOf(steps);
    if (outcome == null) {
      // An evaluation saved before runs decided their outcome: a run that was not reached was cut
      // off at its length, and nobody can say now whether it would have been.
      outcome =
          objectiveReached && objectiveTime != null
              ? new RunOutcome.Reached(objectiveTime, false)
              : new RunOutcome.Undecided(
                  durationSeconds,
                  null,
                  null,
                  null,
                  null,
                  "saved before outcomes were decided: cut off at the scenario's length");
      playedSeconds = durationSeconds;
    }
  }

  /**
   * A step as it ended.
   *
   * @param step step id
   * @param technique ATT&amp;CK for ICS id
   * @param start simulated start, or null when it never ran
   * @param fromHost host it ran from
   * @param target host it aimed at
   * @param outcome {@code SUCCEEDED}, {@code BLOCKED}, {@code FAILED} or {@code NOT_RUN}
   * @param conduit blocking conduit, if blocked
   * @param rule blocking rule, if blocked by one (null: default deny)
   * @param detail what happened
   * @param detectedBy {@code detector/rule} of the true alerts linked to this step
   * @param detectedAt time of the first true alert linked to this step, or null
   * @param operation what the step does to its target: the scenario's step parameters other than
   *     the target, {@code key=value} sorted by key, credentials masked; with technique and target
   *     it tells a repeated step from a different one ({@link TechniqueCoverage})
   * @param hostMissing the step names a target this architecture has no host for (a jump host on a
   *     flat network): it met no defence, and coverage does not count it
   */
  public record StepVerdict(
      String step,
      String technique,
      @Nullable Double start,
      String fromHost,
      @Nullable String target,
      String outcome,
      @Nullable String conduit,
      @Nullable String rule,
      String detail,
      List<String> detectedBy,
      @Nullable Double detectedAt,
      String operation,
      boolean hostMissing) {
    public StepVerdict {
      detectedBy = List.copyOf(detectedBy);
    }

    /** Where it was blocked, for tables: {@code conduit/rule} or {@code conduit (default deny)}. */
    public String blockedWhere() {
      if (conduit == null) {
        return "";
      }
      if (conduit.equals("perimeter")) {
        return "perimeter (no way in)";
      }
      return conduit + (rule == null ? " (default deny)" : "/" + rule);
    }
  }

  /**
   * Physical impact against the benign twin over the same [0, duration).
   *
   * @param impactTime first entry into a safety limit at or after the attack start that the twin
   *     did not have; else the objective time when a cyber objective was reached; else null
   * @param timeToImpact impactTime minus attackStart
   * @param firstLimit the limit of that first crossing ({@code treated_level high}), or null
   * @param outsideSeconds time with any trip limit violated in the run
   * @param twinOutsideSeconds the same in the twin
   * @param newCrossings entries into violation the twin did not have (per limit, summed)
   * @param worstExcursion largest (value - limit) / |limit| beyond a trip limit over the samples
   * @param worstLimit which limit, or null
   * @param worstTime when, or null
   * @param sisTrips SIS trips in the run
   * @param twinSisTrips SIS trips in the twin
   * @param productionUnit what production counts
   * @param production produced in the run
   * @param twinProduction produced by the twin
   * @param productionLost max(0, twin - run)
   * @param productionLostFraction productionLost / twinProduction (0 when the twin made nothing)
   * @param envelopeHarm L
   * @param productionHarm Q
   * @param sisHarm S
   * @param harm h = max(L, Q, S), from 0 (nothing) to 1
   */
  public record Impact(
      @Nullable Double impactTime,
      @Nullable Double timeToImpact,
      @Nullable String firstLimit,
      double outsideSeconds,
      double twinOutsideSeconds,
      int newCrossings,
      double worstExcursion,
      @Nullable String worstLimit,
      @Nullable Double worstTime,
      int sisTrips,
      int twinSisTrips,
      String productionUnit,
      double production,
      double twinProduction,
      double productionLost,
      double productionLostFraction,
      double envelopeHarm,
      double productionHarm,
      double sisHarm,
      double harm) {}

  /**
   * Alerts against ground truth.
   *
   * @param observable whether the attack left anything to see (attack traffic, a conduit block or a
   *     step that succeeded); scenarios that never got in do not count for detection
   * @param trueAlerts alerts linked to an attack step
   * @param falseAlerts alerts linked to none
   * @param detectTime first true alert at or after the attack start, or null
   * @param timeToDetect detectTime minus attackStart
   * @param margin impactTime minus detectTime (positive: detected before impact)
   * @param window Delta: from the attack start to the impact (or the end of the run)
   * @param detectedBeforeImpact a true alert came no later than the impact
   * @param credit d = [before impact] x (1 - gamma x min(1, timeToDetect / window))
   * @param firstDetector {@code detector/rule} of the first true alert
   * @param detectors every {@code detector/rule} with a true alert
   */
  public record Detection(
      boolean observable,
      int trueAlerts,
      int falseAlerts,
      @Nullable Double detectTime,
      @Nullable Double timeToDetect,
      @Nullable Double margin,
      double window,
      boolean detectedBeforeImpact,
      double credit,
      @Nullable String firstDetector,
      List<String> detectors) {
    public Detection {
      detectors = List.copyOf(detectors);
    }
  }

  /**
   * Benign operations during the run.
   *
   * @param benign how many ran
   * @param denied how many a conduit refused (operational friction)
   * @param failed how many failed otherwise (device refused, I/O)
   * @param deniedBy denials per {@code conduit/rule}
   * @param falseAlertsPerHour falseAlerts / (played seconds / 3600)
   */
  public record Operations(
      int benign,
      int denied,
      int failed,
      Map<String, Integer> deniedBy,
      double falseAlertsPerHour) {
    public Operations {
      deniedBy = Map.copyOf(deniedBy);
    }
  }

  /** Scores one run. */
  public static Scorecard of(
      ScenarioSpec spec,
      RunTrace trace,
      PlantSpec plant,
      ArchitectureSpec architecture,
      BenignTwin twin,
      Weights w) {
    double duration = trace.durationSeconds();
    Double attackStart =
        trace.steps().stream()
            .mapToDouble(RunTrace.StepRecord::start)
            .filter(Double::isFinite)
            .boxed()
            .min(Double::compare)
            .orElse(null);

    String kind = objectiveKind(spec);
    double severity =
        kind.equals("safety")
            ? w.safetyObjective()
            : kind.equals("control") ? w.controlObjective() : w.reconObjective();

    List<StepVerdict> verdicts = new ArrayList<>();
    for (RunTrace.StepRecord s : trace.steps()) {
      TreeSet<String> by = new TreeSet<>();
      Double detectedAt = null;
      for (RunTrace.LabelledAlert a : trace.alerts()) {
        if (s.step().equals(a.step())) {
          by.add(a.alert().detector() + "/" + a.alert().rule());
          double t = a.alert().time();
          detectedAt = detectedAt == null ? t : Math.min(detectedAt, t);
        }
      }
      verdicts.add(
          new StepVerdict(
              s.step(),
              s.technique(),
              Double.isFinite(s.start()) ? s.start() : null,
              s.fromHost(),
              s.target(),
              s.outcome().name(),
              s.conduit(),
              s.rule(),
              s.detail(),
              List.copyOf(by),
              detectedAt,
              operation(spec, s.step()),
              s.target() == null && hostMissing(spec, s.step(), architecture)));
    }

    Impact impact = impact(trace, plant, twin, attackStart, w);
    Detection detection = detection(trace, attackStart, impact.impactTime(), w);
    int benign = trace.operations().size();
    int denied = 0;
    int failed = 0;
    Map<String, Integer> deniedBy = new TreeMap<>();
    for (OperationRecord o : trace.operations()) {
      if (o.outcome() instanceof OperationRecord.Outcome.Denied d) {
        denied++;
        deniedBy.merge(d.conduit() + (d.rule() == null ? "" : "/" + d.rule()), 1, Integer::sum);
      } else if (o.outcome().kind() == OperationRecord.Outcome.Kind.FAILED) {
        failed++;
      }
    }
    Operations ops =
        new Operations(
            benign,
            denied,
            failed,
            deniedBy,
            // Benign operations and alerts run on while the run plays on to decide.
            detection.falseAlerts() / (trace.playedSeconds() / 3600.0));

    return new Scorecard(
        spec.id(),
        spec.title(),
        plant.id(),
        trace.architecture(),
        trace.seed(),
        duration,
        trace.foothold(),
        spec.objective().description(),
        kind,
        severity,
        AttackerCapability.of(spec, architecture).securityLevel(),
        objectiveZones(spec, architecture),
        verdicts,
        trace.objectiveReached(),
        trace.objectiveTime(),
        attackStart,
        impact,
        detection,
        ops,
        trace.outcome(),
        trace.playedSeconds(),
        null);
  }

  /** Whether the run earns prevention credit: only a decided prevention does. */
  public boolean prevented() {
    return outcome instanceof RunOutcome.Prevented;
  }

  /** {@code safety} for a limit objective; else by the objective step's technique. */
  static String objectiveKind(ScenarioSpec spec) {
    if (spec.objective().limitTag() != null) {
      return "safety";
    }
    String step = spec.objective().step();
    return spec.steps().stream()
            .filter(s -> s.id().equals(step))
            .anyMatch(s -> Techniques.CONTROL.contains(s.technique()))
        ? "control"
        : "recon";
  }

  /** Whether the step names a target that resolves to no host of the architecture. */
  static boolean hostMissing(ScenarioSpec spec, String step, ArchitectureSpec arch) {
    return spec.steps().stream()
        .filter(s -> s.id().equals(step))
        .map(s -> s.params().get("target"))
        .anyMatch(t -> t != null && resolve(t, arch).isEmpty());
  }

  /**
   * The step's parameters other than its target, sorted, credentials masked: a repeated step has
   * the same operation every time, two steps doing different things to one target do not.
   */
  static String operation(ScenarioSpec spec, String step) {
    return spec.steps().stream()
        .filter(s -> s.id().equals(step))
        .findFirst()
        .map(
            s -> {
              StringBuilder sb = new StringBuilder();
              new TreeMap<>(s.params())
                  .forEach(
                      (k, v) -> {
                        if (!k.equals("target")) {
                          sb.append(sb.length() == 0 ? "" : ", ")
                              .append(k)
                              .append('=')
                              .append(Techniques.CREDENTIAL_PARAMS.contains(k) ? "***" : v);
                        }
                      });
              return sb.toString();
            })
        .orElse("");
  }

  /**
   * Zones of the hosts the objective is pursued against: the objective step's target for a cyber
   * objective, the targets of every control-changing step for a safety objective.
   */
  static List<String> objectiveZones(ScenarioSpec spec, ArchitectureSpec arch) {
    TreeSet<String> zones = new TreeSet<>();
    for (ScenarioSpec.Step s : spec.steps()) {
      boolean counts =
          spec.objective().step() != null
              ? s.id().equals(spec.objective().step())
              : Techniques.CONTROL.contains(s.technique());
      String target = s.params().get("target");
      if (counts && target != null) {
        resolve(target, arch).ifPresent(h -> zones.add(h.zone()));
      }
    }
    return List.copyOf(zones);
  }

  static Optional<HostSpec> resolve(String target, ArchitectureSpec arch) {
    if (target.startsWith("plc:")) {
      String c = target.substring(4);
      return arch.hosts().stream().filter(h -> c.equals(h.controller())).findFirst();
    }
    if (target.startsWith("role:")) {
      String role = target.substring(5);
      return arch.hosts().stream().filter(h -> Names.yaml(h.role()).equals(role)).findFirst();
    }
    return arch.host(target);
  }

  static Impact impact(
      RunTrace trace, PlantSpec plant, BenignTwin twin, @Nullable Double attackStart, Weights w) {
    double duration = trace.durationSeconds();
    Map<String, Integer> twinEntries = twin.entries(duration);
    Map<String, Integer> seen = new TreeMap<>();
    int newCrossings = 0;
    Double impactTime = null;
    String firstLimit = null;
    List<LimitCrossing> sorted = new ArrayList<>(trace.crossings());
    sorted.sort((a, b) -> Double.compare(a.time(), b.time()));
    for (LimitCrossing c : sorted) {
      if (!c.entered() || c.time() >= duration) {
        continue;
      }
      String k = Envelope.key(c.limit());
      int n = seen.merge(k, 1, Integer::sum);
      if (n > twinEntries.getOrDefault(k, 0)) {
        newCrossings++;
        if (impactTime == null && attackStart != null && c.time() >= attackStart) {
          impactTime = c.time();
          firstLimit = k;
        }
      }
    }
    // A run that played on past its length to decide reached its objective there; the twin did not
    // play on, so only the objective's own crossing counts after the length.
    double until = duration;
    if (trace.outcome() instanceof RunOutcome.Reached r && r.pastLength()) {
      until = r.time();
      for (LimitCrossing c : sorted) {
        if (c.entered() && c.time() == r.time()) {
          newCrossings++;
          if (impactTime == null && attackStart != null) {
            impactTime = c.time();
            firstLimit = Envelope.key(c.limit());
          }
          break;
        }
      }
    }
    if (impactTime == null && trace.objectiveReached()) {
      impactTime = trace.objectiveTime();
    }
    Double timeToImpact =
        impactTime == null || attackStart == null ? null : impactTime - attackStart;

    double outside = Envelope.outsideSeconds(trace.crossings(), duration);
    double twinOutside = twin.outsideSeconds(duration);

    double worst = 0;
    String worstLimit = null;
    Double worstTime = null;
    for (TagSpec tag : plant.tags()) {
      Limits trip = tag.trip();
      for (RunTrace.Sample s : trace.samples()) {
        Double v = s.trueValues().get(tag.name());
        if (v == null || !Double.isFinite(v) || s.time() > until) {
          continue;
        }
        if (trip.high() != null && v > trip.high()) {
          double e = (v - trip.high()) / Math.max(1e-9, Math.abs(trip.high()));
          if (e > worst) {
            worst = e;
            worstLimit = tag.name() + " high";
            worstTime = s.time();
          }
        }
        if (trip.low() != null && v < trip.low()) {
          double e = (trip.low() - v) / Math.max(1e-9, Math.abs(trip.low()));
          if (e > worst) {
            worst = e;
            worstLimit = tag.name() + " low";
            worstTime = s.time();
          }
        }
      }
    }

    int trips = (int) trace.sisTrips().stream().filter(t -> t.time() < duration).count();
    int twinTrips = twin.sisTrips(duration);

    Production production = Production.of(plant);
    double made = production.total(trace.samples(), duration);
    double twinMade = twin.production(duration);
    double lost = Math.max(0, twinMade - made);
    double lostFraction = twinMade > 0 ? lost / twinMade : 0;

    double excessOutside = Math.max(0, outside - twinOutside);
    double envelopeHarm =
        newCrossings == 0
            ? 0
            : 0.5
                + 0.5
                    * Math.max(
                        Math.min(1, excessOutside / w.outsideSaturation()),
                        Math.min(1, worst / w.excursionSaturation()));
    double productionHarm =
        lostFraction < w.productionNoise()
            ? 0
            : Math.min(1, lostFraction / w.productionSaturation());
    double sisHarm = Math.min(0.5, w.sisTripHarm() * Math.max(0, trips - twinTrips));
    double harm = Math.max(envelopeHarm, Math.max(productionHarm, sisHarm));
    return new Impact(
        impactTime,
        timeToImpact,
        firstLimit,
        outside,
        twinOutside,
        newCrossings,
        worst,
        worstLimit,
        worstTime,
        trips,
        twinTrips,
        production.unit(),
        made,
        twinMade,
        lost,
        lostFraction,
        envelopeHarm,
        productionHarm,
        sisHarm,
        harm);
  }

  static Detection detection(
      RunTrace trace, @Nullable Double attackStart, @Nullable Double impactTime, Weights w) {
    boolean observable =
        trace.events().stream().anyMatch(e -> e.label() instanceof Label.Attack)
            || trace.steps().stream()
                .anyMatch(
                    s ->
                        s.outcome() == RunTrace.Outcome.SUCCEEDED
                            || (s.outcome() == RunTrace.Outcome.BLOCKED
                                && s.conduit() != null
                                && !s.conduit().equals("perimeter")));
    int tp = 0;
    int fp = 0;
    Double detectTime = null;
    String first = null;
    TreeSet<String> detectors = new TreeSet<>();
    for (RunTrace.LabelledAlert a : trace.alerts()) {
      if (!a.truePositive()) {
        fp++;
        continue;
      }
      tp++;
      detectors.add(a.alert().detector() + "/" + a.alert().rule());
      double t = a.alert().time();
      if (attackStart != null && t >= attackStart && (detectTime == null || t < detectTime)) {
        detectTime = t;
        first = a.alert().detector() + "/" + a.alert().rule();
      }
    }
    double end = impactTime != null ? impactTime : trace.durationSeconds();
    double window = attackStart == null ? 0 : Math.max(1.0, end - attackStart);
    Double ttd = detectTime == null || attackStart == null ? null : detectTime - attackStart;
    Double margin = detectTime == null || impactTime == null ? null : impactTime - detectTime;
    boolean before = detectTime != null && (impactTime == null || detectTime <= impactTime);
    double credit = before && ttd != null ? 1 - w.timeToDetect() * Math.min(1, ttd / window) : 0;
    return new Detection(
        observable,
        tp,
        fp,
        detectTime,
        ttd,
        margin,
        window,
        before,
        credit,
        first,
        List.copyOf(detectors));
  }

  /** One line for tables: where the attack was stopped first. */
  public String blockedAt() {
    return steps.stream()
        .filter(s -> s.outcome().equals("BLOCKED"))
        .map(StepVerdict::blockedWhere)
        .findFirst()
        .orElse("-");
  }

  /** Short impact text for tables. */
  public String impactText() {
    if (impact.harm() == 0) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    if (impact.firstLimit() != null) {
      sb.append(impact.firstLimit());
      if (impact.timeToImpact() != null) {
        sb.append(String.format(Locale.ROOT, " after %.0f s", impact.timeToImpact()));
      }
    }
    if (impact.productionHarm() > 0) {
      sb.append(sb.length() == 0 ? "" : ", ")
          .append(
              String.format(
                  Locale.ROOT, "%.0f%% production lost", 100 * impact.productionLostFraction()));
    }
    if (impact.sisHarm() > 0) {
      sb.append(sb.length() == 0 ? "" : ", ")
          .append(impact.sisTrips() - impact.twinSisTrips())
          .append(" SIS trip(s)");
    }
    return sb.append(String.format(Locale.ROOT, " (h=%.2f)", impact.harm())).toString();
  }
}
