package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ode.ExpandableStatefulODE;
import org.apache.commons.math3.ode.events.EventHandler;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.jspecify.annotations.Nullable;

/**
 * One process model, its state and its safety limits, advanced in simulated time between PLC scans
 * with the inputs held constant over each window.
 *
 * <p>Integration uses Dormand-Prince 8(5,3) with tight tolerances (relative and absolute 1e-8) and
 * a maximum step. For a 100 ms window the adaptive controller usually takes the whole window in one
 * step, so the high order costs little, while fast transients (a runaway, a tank hitting its
 * overflow) get small steps automatically; a fixed-step method would need its step chosen for the
 * worst case.
 *
 * <p>Each {@link SafetyLimit} becomes a Commons Math {@link EventHandler} with g = value(tag) -
 * limit, so a crossing is located to within {@value #EVENT_CONVERGENCE} s inside the window rather
 * than rounded to the scan. A listener that changes an input through {@link #setInput(String,
 * double)} while handling a crossing (a hard-wired trip) makes the change take effect at the
 * crossing time; the integration itself always continues.
 *
 * <p>A {@link SteppedProcessModel} (co-simulation: an FMU) is driven through the same methods: a
 * window is cut into steps no longer than the model's {@link SteppedProcessModel#maxStep()}, the
 * limits are looked at after each step, and a crossing inside a step is located by stepping again
 * from a snapshot of the model (when it offers one) to within {@value #EVENT_CONVERGENCE} s, so a
 * listener's trip takes effect at the crossing there too.
 *
 * <p>Not thread-safe: drive it from one thread (the lab clock's).
 */
public final class ProcessSimulation {

  /** Largest integration step in simulated seconds unless the caller chooses another. */
  public static final double DEFAULT_MAX_STEP = 1.0;

  /** How precisely (simulated seconds) a limit crossing is located. */
  public static final double EVENT_CONVERGENCE = 1e-6;

  private static final double TOLERANCE = 1e-8;
  private static final double MIN_STEP = 1e-12;
  private static final int EVENT_MAX_ITERATIONS = 200;

  // Exactly one of model (ODE) and stepped (co-simulation) is set; integrator and ode go with
  // model.
  private final @Nullable ProcessModel model;
  private final @Nullable SteppedProcessModel stepped;
  private final double maxStep;
  private final @Nullable DormandPrince853Integrator integrator;
  private final @Nullable ExpandableStatefulODE ode;
  private double[] state;
  private double time;
  private long inputVersion;
  private boolean integrating;
  private long evaluations;
  private final List<Watch> watches = new ArrayList<>();
  private final List<LimitCrossing> crossings = new ArrayList<>();
  private final List<Consumer<LimitCrossing>> listeners = new ArrayList<>();

  /** A simulation starting at t = 0 from the model's initial state. */
  public ProcessSimulation(ProcessModel model) {
    this(model, DEFAULT_MAX_STEP);
  }

  /**
   * @param maxStep largest integration step in simulated seconds
   */
  public ProcessSimulation(ProcessModel model, double maxStep) {
    if (!(maxStep > MIN_STEP) || Double.isInfinite(maxStep)) {
      throw new OtlabException(
          "PROCESS_STEP_INVALID",
          "Maximum integration step " + maxStep + " s is not a positive finite number.",
          "Use a maximum step such as " + DEFAULT_MAX_STEP + " s.");
    }
    this.model = model;
    this.stepped = null;
    this.maxStep = maxStep;
    this.integrator = new DormandPrince853Integrator(MIN_STEP, maxStep, TOLERANCE, TOLERANCE);
    this.ode = new ExpandableStatefulODE(model);
    this.state = model.initialState();
    if (state.length != model.getDimension()) {
      throw new IllegalArgumentException(
          model.kind()
              + " has dimension "
              + model.getDimension()
              + " but initial state "
              + state.length);
    }
    this.time = 0.0;
  }

  /**
   * A simulation of a model that steps itself (an FMU), starting at t = 0 from the state the model
   * is in. The simulation does not close the model.
   */
  public ProcessSimulation(SteppedProcessModel model) {
    double step = model.maxStep();
    if (!(step > MIN_STEP) || Double.isInfinite(step)) {
      throw new OtlabException(
          "PROCESS_STEP_INVALID",
          "Step " + step + " s of process '" + model.kind() + "' is not a positive finite number.",
          "Give the model a communication step such as 0.1 s.");
    }
    this.model = null;
    this.stepped = model;
    this.maxStep = step;
    this.integrator = null;
    this.ode = null;
    this.state = new double[0];
    this.time = 0.0;
  }

  /**
   * The ODE model.
   *
   * @throws IllegalStateException if this simulation drives a stepped model ({@link #stepped()})
   */
  public ProcessModel model() {
    if (model == null) {
      throw new IllegalStateException(kind() + " is a stepped model, not an ODE model");
    }
    return model;
  }

  /** The stepped model, or empty when this simulation integrates an ODE model. */
  public Optional<SteppedProcessModel> stepped() {
    return Optional.ofNullable(stepped);
  }

  /** The model's kind, ODE or stepped. */
  public String kind() {
    return model != null ? model.kind() : stepped().orElseThrow().kind();
  }

  /**
   * Right-hand-side evaluations so far, a measure of integration cost; for a stepped model, the
   * steps it was asked to take.
   */
  public long evaluations() {
    return evaluations;
  }

  /** Current simulated time in seconds. */
  public double time() {
    return time;
  }

  /**
   * A copy of the state vector, ordered as {@link ProcessModel#stateTags()}; empty for a stepped
   * model, whose state is its own.
   */
  public double[] state() {
    return state.clone();
  }

  /** Every process tag at the current time. */
  public Map<String, Double> values() {
    return model != null ? model.values(state) : stepped().orElseThrow().values();
  }

  /** One process tag at the current time. */
  public double value(String tag) {
    return model != null ? model.value(tag, state) : stepped().orElseThrow().value(tag);
  }

  /**
   * Sets an input from now on. The model clamps it to its physical range.
   *
   * @throws OtlabException {@code TAG_UNKNOWN} or {@code PROCESS_INPUT_INVALID} (NaN)
   */
  public void setInput(String tag, double value) {
    if (model != null) {
      model.setInput(tag, value);
    } else {
      stepped().orElseThrow().setInput(tag, value);
    }
    inputVersion++;
    // A flag such as dry_run can jump with an input; that jump is a crossing too. During a window
    // (a listener reacting to a crossing) the state field is stale, so the check waits for the end.
    if (!integrating) {
      syncLimits();
    }
  }

  public double input(String tag) {
    return model != null ? model.input(tag) : stepped().orElseThrow().input(tag);
  }

  /**
   * Integrates from the current time to {@code t} with the inputs held constant.
   *
   * @throws OtlabException {@code PROCESS_TIME_INVALID} if t is not finite or lies in the past,
   *     {@code PROCESS_INTEGRATION_FAILED} if the integrator gives up
   */
  public void advanceTo(double t) {
    if (integrating) {
      throw new IllegalStateException("advanceTo called from a crossing listener");
    }
    if (!Double.isFinite(t) || t < time) {
      throw new OtlabException(
          "PROCESS_TIME_INVALID",
          "Cannot advance process '" + kind() + "' from " + time + " s to " + t + " s.",
          "Advance to a finite time no earlier than the current simulated time.");
    }
    double window = t - time;
    // Commons Math refuses intervals of a few ulps; nothing can happen in them anyway.
    if (window <= 1e-12 * Math.max(1.0, Math.abs(t))) {
      time = t;
      return;
    }
    if (model == null) {
      advanceStepped(stepped().orElseThrow(), t);
      return;
    }
    DormandPrince853Integrator integrator = this.integrator;
    ExpandableStatefulODE ode = this.ode;
    if (integrator == null || ode == null) {
      throw new IllegalStateException("an ODE simulation has its integrator");
    }
    // The whole window as a first try: usually accepted, and a stiff moment costs one rejection
    // rather than a step-size estimate on every call.
    integrator.setInitialStepSize(Math.min(window, maxStep));
    ode.setTime(time);
    ode.setPrimaryState(state);
    integrating = true;
    try {
      integrator.integrate(ode, t);
    } catch (MathIllegalStateException | MathIllegalArgumentException e) {
      throw new OtlabException(
          "PROCESS_INTEGRATION_FAILED",
          "Integrating process '"
              + model.kind()
              + "' from "
              + time
              + " s to "
              + t
              + " s failed: "
              + e.getMessage(),
          "Check the model parameters for extreme values; the state is left at " + time + " s.",
          e);
    } finally {
      integrating = false;
    }
    evaluations += integrator.getEvaluations();
    double[] next = ode.getPrimaryState();
    model.constrain(next);
    state = next;
    time = t;
    syncLimits();
  }

  /**
   * Watches a limit from now on. A limit already violated at registration is active but not
   * reported as a crossing; {@link #violatedLimits()} shows it.
   *
   * @throws OtlabException {@code TAG_UNKNOWN} if the model has no such tag
   */
  public void addLimit(SafetyLimit limit) {
    double v = value(limit.tag());
    Watch w = new Watch(limit, limit.isViolatedBy(v));
    watches.add(w);
    if (integrator != null) {
      integrator.addEventHandler(w, maxStep, EVENT_CONVERGENCE, EVENT_MAX_ITERATIONS);
    }
  }

  /** The limits added so far, in order. */
  public List<SafetyLimit> limits() {
    List<SafetyLimit> out = new ArrayList<>();
    for (Watch w : watches) {
      out.add(w.limit);
    }
    return List.copyOf(out);
  }

  /** Limits violated at the current time. */
  public List<SafetyLimit> violatedLimits() {
    List<SafetyLimit> out = new ArrayList<>();
    for (Watch w : watches) {
      if (w.violated) {
        out.add(w.limit);
      }
    }
    return List.copyOf(out);
  }

  /** Every crossing so far, in time order. */
  public List<LimitCrossing> crossings() {
    return List.copyOf(crossings);
  }

  /** Called on each crossing, on the integrating thread, at the crossing's simulated time. */
  public void addListener(Consumer<LimitCrossing> listener) {
    listeners.add(listener);
  }

  private void syncLimits() {
    for (Watch w : watches) {
      boolean now = w.limit.isViolatedBy(value(w.limit.tag()));
      if (now != w.violated) {
        w.record(time, now);
      }
    }
  }

  /**
   * Steps a co-simulation model to {@code t} in steps no longer than its communication step. After
   * each step the limits are looked at; when one changed side and the model can save its state, the
   * step is taken again from the saved state over halved intervals until the first change is
   * bracketed within {@link #EVENT_CONVERGENCE}, the model is left at the bracket's end and the
   * crossings are recorded there, so a listener's input change acts from that time on.
   */
  private void advanceStepped(SteppedProcessModel m, double t) {
    integrating = true;
    try {
      while (time < t) {
        // A remainder of a few ulps is folded into the last step rather than taken on its own.
        double to = t - time <= maxStep * (1 + 1e-9) ? t : time + maxStep;
        Optional<SteppedProcessModel.Snapshot> saved =
            watches.isEmpty() ? Optional.empty() : m.snapshot();
        try {
          double[] before = watchedValues();
          takeStep(m, to);
          if (!anyLimitChanged()) {
            time = to;
            continue;
          }
          double at = saved.isPresent() ? bracket(m, saved.get(), to) : interpolate(before, to);
          time = saved.isPresent() ? at : to;
          for (Watch w : watches) {
            boolean now = w.limit.isViolatedBy(m.value(w.limit.tag()));
            if (now != w.violated) {
              w.record(at, now);
            }
          }
        } finally {
          saved.ifPresent(SteppedProcessModel.Snapshot::close);
        }
      }
    } finally {
      integrating = false;
    }
    time = t;
  }

  private void takeStep(SteppedProcessModel m, double to) {
    m.step(time, to - time);
    evaluations++;
  }

  private double[] watchedValues() {
    double[] v = new double[watches.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = value(watches.get(i).limit.tag());
    }
    return v;
  }

  private boolean anyLimitChanged() {
    for (Watch w : watches) {
      if (w.limit.isViolatedBy(value(w.limit.tag())) != w.violated) {
        return true;
      }
    }
    return false;
  }

  /**
   * Finds by bisection, stepping again from {@code saved} (the state at {@link #time}), the
   * earliest time by which some limit has changed side; leaves the model there and returns it.
   */
  private double bracket(SteppedProcessModel m, SteppedProcessModel.Snapshot saved, double to) {
    double lo = time;
    double hi = to;
    for (int i = 0; i < EVENT_MAX_ITERATIONS && hi - lo > EVENT_CONVERGENCE; i++) {
      double mid = lo + (hi - lo) / 2;
      saved.restore();
      takeStep(m, mid);
      if (anyLimitChanged()) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    saved.restore();
    takeStep(m, hi);
    return hi;
  }

  /**
   * Without snapshots: the earliest crossing inside the step, each changed limit's value taken as
   * linear between the step's ends.
   */
  private double interpolate(double[] before, double to) {
    double at = to;
    for (int i = 0; i < watches.size(); i++) {
      Watch w = watches.get(i);
      double after = value(w.limit.tag());
      if (w.limit.isViolatedBy(after) != w.violated && after != before[i]) {
        double f = (w.limit.value() - before[i]) / (after - before[i]);
        at = Math.min(at, time + Math.max(0, Math.min(1, f)) * (to - time));
      }
    }
    return at;
  }

  /** One limit as an event handler; it remembers which side it is on to drop duplicates. */
  private final class Watch implements EventHandler {
    final SafetyLimit limit;
    boolean violated;

    Watch(SafetyLimit limit, boolean violated) {
      this.limit = limit;
      this.violated = violated;
    }

    @Override
    public void init(double t0, double[] y0, double t) {
      // The side is tracked across windows in 'violated'; nothing to reset per window.
    }

    @Override
    public double g(double t, double[] y) {
      return model().value(limit.tag(), y) - limit.value();
    }

    @Override
    public Action eventOccurred(double t, double[] y, boolean increasing) {
      boolean entered = (limit.direction() == SafetyLimit.Direction.HIGH) == increasing;
      if (entered == violated) {
        // The same crossing found again at a window boundary.
        return Action.CONTINUE;
      }
      long before = inputVersion;
      record(t, entered);
      return inputVersion != before ? Action.RESET_DERIVATIVES : Action.CONTINUE;
    }

    @Override
    public void resetState(double t, double[] y) {
      // Inputs live in the model; the state itself is not changed by a crossing.
    }

    void record(double t, boolean entered) {
      violated = entered;
      LimitCrossing c = new LimitCrossing(t, limit, entered);
      crossings.add(c);
      for (Consumer<LimitCrossing> l : List.copyOf(listeners)) {
        l.accept(c);
      }
    }
  }
}
