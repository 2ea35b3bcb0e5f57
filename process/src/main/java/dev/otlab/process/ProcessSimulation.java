package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ode.ExpandableStatefulODE;
import org.apache.commons.math3.ode.events.EventHandler;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;

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

  private final ProcessModel model;
  private final double maxStep;
  private final DormandPrince853Integrator integrator;
  private final ExpandableStatefulODE ode;
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

  public ProcessModel model() {
    return model;
  }

  /** Right-hand-side evaluations so far, a measure of integration cost. */
  public long evaluations() {
    return evaluations;
  }

  /** Current simulated time in seconds. */
  public double time() {
    return time;
  }

  /** A copy of the state vector, ordered as {@link ProcessModel#stateTags()}. */
  public double[] state() {
    return state.clone();
  }

  /** Every process tag at the current time. */
  public Map<String, Double> values() {
    return model.values(state);
  }

  /** One process tag at the current time. */
  public double value(String tag) {
    return model.value(tag, state);
  }

  /**
   * Sets an input from now on. The model clamps it to its physical range.
   *
   * @throws OtlabException {@code TAG_UNKNOWN} or {@code PROCESS_INPUT_INVALID} (NaN)
   */
  public void setInput(String tag, double value) {
    model.setInput(tag, value);
    inputVersion++;
    // A flag such as dry_run can jump with an input; that jump is a crossing too. During a window
    // (a listener reacting to a crossing) the state field is stale, so the check waits for the end.
    if (!integrating) {
      syncLimits();
    }
  }

  public double input(String tag) {
    return model.input(tag);
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
          "Cannot advance process '" + model.kind() + "' from " + time + " s to " + t + " s.",
          "Advance to a finite time no earlier than the current simulated time.");
    }
    double window = t - time;
    // Commons Math refuses intervals of a few ulps; nothing can happen in them anyway.
    if (window <= 1e-12 * Math.max(1.0, Math.abs(t))) {
      time = t;
      return;
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
    double v = model.value(limit.tag(), state);
    Watch w = new Watch(limit, limit.isViolatedBy(v));
    watches.add(w);
    integrator.addEventHandler(w, maxStep, EVENT_CONVERGENCE, EVENT_MAX_ITERATIONS);
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
      boolean now = w.limit.isViolatedBy(model.value(w.limit.tag(), state));
      if (now != w.violated) {
        w.record(time, now);
      }
    }
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
      return model.value(limit.tag(), y) - limit.value();
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
