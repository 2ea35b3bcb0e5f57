package dev.otlab.lab;

import dev.otlab.library.ScenarioSpec;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.TagSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides a run's {@link RunOutcome} from what it has played so far, so that a run cut off by the
 * scenario's length is never taken for a defence. {@code docs/scoring.md} ("Outcomes") states the
 * rule; in short:
 *
 * <ul>
 *   <li>The objective crossed (a limit objective) or its step succeeded: {@link
 *       RunOutcome.Reached}.
 *   <li>Steps still scheduled to play: not decided yet.
 *   <li>A step objective with every step played: {@link RunOutcome.Prevented}; so is a limit
 *       objective whose every step that ran was blocked by a conduit (nothing reached the plant).
 *   <li>A limit objective with every step played: prevented once the process has <em>settled</em>,
 *       that is, at least two {@link #WINDOW_SECONDS} windows have passed since the last step
 *       started and the closest approach to the limit in the last window beats the closest approach
 *       before it by no more than {@link #PROGRESS_FRACTION} of the limit. A process still making
 *       new closest approaches is heading for the limit, and the run goes on.
 *   <li>At the {@link #horizon} with none of these: {@link RunOutcome.Undecided}, with the time a
 *       straight line (least squares over the last window) meets the limit.
 * </ul>
 */
public final class OutcomeRule {

  /** Length of the trend window, seconds. */
  public static final double WINDOW_SECONDS = 300;

  /** The horizon is this many times the scenario's length. */
  public static final double HORIZON_FACTOR = 4;

  /** A new closest approach is progress when it beats the earlier one by this share of |limit|. */
  public static final double PROGRESS_FRACTION = 0.01;

  /** How often a run past its length asks whether it is decided, seconds. */
  public static final double CHECK_SECONDS = 60;

  private OutcomeRule() {}

  /** Where a run stops at the latest: {@link #HORIZON_FACTOR} times its length. */
  public static double horizon(double lengthSeconds) {
    return HORIZON_FACTOR * lengthSeconds;
  }

  /**
   * The limit a limit objective must cross.
   *
   * @param tag process tag
   * @param high true for a high limit
   * @param limit the trip limit's value
   */
  public record Target(String tag, boolean high, double limit) {

    /** The objective's target in the plant, or empty for a step objective. */
    public static Optional<Target> of(ScenarioSpec.Objective o, PlantSpec plant) {
      String tag = o.limitTag();
      if (tag == null) {
        return Optional.empty();
      }
      TagSpec spec =
          plant
              .tag(tag)
              .orElseThrow(
                  () -> new IllegalArgumentException("plant " + plant.id() + " has no tag " + tag));
      Double value = o.limitHigh() ? spec.trip().high() : spec.trip().low();
      if (value == null) {
        throw new IllegalArgumentException(
            "tag " + tag + " has no " + (o.limitHigh() ? "high" : "low") + " trip limit");
      }
      return Optional.of(new Target(tag, o.limitHigh(), value));
    }

    /** How far towards the limit a value is: larger is closer. */
    double toward(double value) {
      return high ? value : -value;
    }

    /** Distance left to the limit (negative: beyond it). */
    double distance(double value) {
      return high ? limit - value : value - limit;
    }
  }

  /**
   * What a run knows at {@code now}.
   *
   * @param target the limit objective's target, or null for a step objective
   * @param played records of the step executions that ran, in order
   * @param neverStarted ids of steps that have not started, in file order
   * @param pending whether step executions are still scheduled
   * @param samples the per-second samples so far
   * @param sisTrips SIS trips so far
   * @param objectiveTime when the objective was reached, or null
   * @param now the simulated time
   * @param length the scenario's length
   * @param horizon where the run stops at the latest
   */
  public record State(
      @Nullable Target target,
      List<RunTrace.StepRecord> played,
      List<String> neverStarted,
      boolean pending,
      List<RunTrace.Sample> samples,
      List<RunTrace.SisTrip> sisTrips,
      @Nullable Double objectiveTime,
      double now,
      double length,
      double horizon) {}

  /** The outcome, or empty when the run must go on. */
  public static Optional<RunOutcome> decide(State s) {
    if (s.objectiveTime() != null) {
      return Optional.of(
          new RunOutcome.Reached(s.objectiveTime(), s.objectiveTime() >= s.length()));
    }
    boolean atHorizon = s.now() >= s.horizon();
    if (s.now() < s.length()) {
      return Optional.empty();
    }
    Target target = s.target();
    if (s.pending()) {
      return atHorizon
          ? Optional.of(undecided(s, "steps were still scheduled to play"))
          : Optional.empty();
    }
    if (target == null) {
      return Optional.of(prevented(s, ""));
    }
    if (s.played().stream().allMatch(r -> r.outcome() == RunTrace.Outcome.BLOCKED)) {
      // Denied traffic never reached a device: the process is the benign plant's, whatever its
      // control cycles do next, and the twin shows what that is.
      return Optional.of(prevented(s, "no step got past a conduit, the process ran unattacked"));
    }
    double since =
        s.played().stream()
            .mapToDouble(RunTrace.StepRecord::start)
            .filter(Double::isFinite)
            .max()
            .orElse(0);
    if (s.now() - since >= 2 * WINDOW_SECONDS) {
      double split = s.now() - WINDOW_SECONDS;
      Double earlier = closest(s.samples(), target, since, split);
      Double last = closest(s.samples(), target, split, s.now() + 1e-9);
      if (earlier != null && last != null) {
        double tolerance = PROGRESS_FRACTION * Math.abs(target.limit());
        boolean progressing = target.toward(last) - target.toward(earlier) > tolerance;
        if (!progressing) {
          double nearest = target.high() ? Math.max(earlier, last) : Math.min(earlier, last);
          return Optional.of(
              prevented(
                  s,
                  String.format(
                      Locale.ROOT,
                      "%s came no closer than %.3g, %.3g short of its %.3g limit, and stopped"
                          + " approaching",
                      target.tag(),
                      nearest,
                      target.distance(nearest),
                      target.limit())));
        }
      }
    }
    return atHorizon
        ? Optional.of(undecided(s, target.tag() + " was still approaching its limit"))
        : Optional.empty();
  }

  /** The closest approach to the limit over samples in [from, to), or null when none. */
  private static @Nullable Double closest(
      List<RunTrace.Sample> samples, Target target, double from, double to) {
    Double best = null;
    for (RunTrace.Sample x : samples) {
      Double v = x.trueValues().get(target.tag());
      if (x.time() < from || x.time() >= to || v == null || !Double.isFinite(v)) {
        continue;
      }
      if (best == null || target.toward(v) > target.toward(best)) {
        best = v;
      }
    }
    return best;
  }

  /**
   * When a least-squares line through the tag's values over the last window meets the limit, or
   * null when it does not head towards it (or there are too few values).
   */
  public static @Nullable Double projectedTime(
      List<RunTrace.Sample> samples, Target target, double now) {
    double n = 0;
    double st = 0;
    double sv = 0;
    double stt = 0;
    double stv = 0;
    double lastTime = Double.NaN;
    double lastValue = Double.NaN;
    for (RunTrace.Sample x : samples) {
      Double v = x.trueValues().get(target.tag());
      if (x.time() < now - WINDOW_SECONDS || x.time() > now || v == null || !Double.isFinite(v)) {
        continue;
      }
      n++;
      st += x.time();
      sv += v;
      stt += x.time() * x.time();
      stv += x.time() * v;
      lastTime = x.time();
      lastValue = v;
    }
    double den = n * stt - st * st;
    if (n < 2 || den <= 0) {
      return null;
    }
    double slope = (n * stv - st * sv) / den;
    double towards = target.high() ? slope : -slope;
    if (!(towards > 0)) {
      return null;
    }
    return lastTime + Math.max(0, target.distance(lastValue)) / towards;
  }

  /** A step's detail without its closing full stop, so that more can follow it. */
  private static String sentence(String detail) {
    return detail.endsWith(".") ? detail.substring(0, detail.length() - 1) : detail;
  }

  private static RunOutcome.Undecided undecided(State s, String reason) {
    Target target = s.target();
    if (target == null) {
      return new RunOutcome.Undecided(s.now(), null, null, null, null, reason);
    }
    Double value = null;
    for (int i = s.samples().size() - 1; i >= 0 && value == null; i--) {
      value = s.samples().get(i).trueValues().get(target.tag());
    }
    return new RunOutcome.Undecided(
        s.now(),
        target.tag(),
        value,
        target.limit(),
        projectedTime(s.samples(), target, s.now()),
        reason);
  }

  /**
   * Where the chain broke: the last step, in execution order, that was blocked or failed (later
   * steps with {@code outcome: any} may have gone on, but it is the break nearest the objective);
   * else the first step that never started; else the SIS if it tripped after the attack started;
   * else the process.
   */
  private static RunOutcome.Prevented prevented(State s, String settled) {
    String suffix = settled.isEmpty() ? "" : "; " + settled;
    RunTrace.StepRecord broken =
        s.played().stream()
            .filter(
                r ->
                    r.outcome() == RunTrace.Outcome.BLOCKED
                        || r.outcome() == RunTrace.Outcome.FAILED)
            .reduce((earlier, later) -> later)
            .orElse(null);
    if (broken != null) {
      boolean blocked = broken.outcome() == RunTrace.Outcome.BLOCKED;
      return new RunOutcome.Prevented(
          broken.step(),
          blocked ? RunOutcome.Cause.BLOCKED : RunOutcome.Cause.FAILED,
          blocked ? broken.conduit() : null,
          blocked ? broken.rule() : null,
          sentence(broken.detail()) + suffix,
          s.now());
    }
    if (!s.neverStarted().isEmpty()) {
      return new RunOutcome.Prevented(
          s.neverStarted().get(0),
          RunOutcome.Cause.NOT_RUN,
          null,
          null,
          "its trigger never fired" + suffix,
          s.now());
    }
    double attackStart =
        s.played().stream()
            .mapToDouble(RunTrace.StepRecord::start)
            .filter(Double::isFinite)
            .min()
            .orElse(Double.POSITIVE_INFINITY);
    Optional<RunTrace.SisTrip> trip =
        s.sisTrips().stream().filter(t -> t.time() >= attackStart).findFirst();
    if (trip.isPresent()) {
      RunTrace.SisTrip t = trip.get();
      return new RunOutcome.Prevented(
          null,
          RunOutcome.Cause.SIS_TRIPPED,
          null,
          null,
          String.format(
                  Locale.ROOT,
                  "every step played; %s tripped on %s at t=%.0f s",
                  t.controller(),
                  t.point(),
                  t.time())
              + suffix,
          s.now());
    }
    return new RunOutcome.Prevented(
        null,
        RunOutcome.Cause.SETTLED,
        null,
        null,
        "every step played"
            + (settled.isEmpty() ? " without the objective step succeeding" : "")
            + suffix,
        s.now());
  }
}
