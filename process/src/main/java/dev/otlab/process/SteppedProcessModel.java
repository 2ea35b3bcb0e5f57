package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A process model that advances itself, for co-simulation: an FMU (see {@code
 * dev.otlab.process.fmi}) or any unit whose solver lives outside otlab. Where a {@link
 * ProcessModel} gives derivatives for otlab's integrator, a stepped model is asked to take a step
 * and is then read, the way an FMI master drives a co-simulation slave. {@link ProcessSimulation}
 * drives both on the lab clock with the same contract towards the plant: inputs held constant over
 * each step, every tag readable between steps, safety limits watched and their crossings reported
 * at simulated times.
 *
 * <p>A model exposes no state vector: its state lives inside it. To locate a limit crossing inside
 * a step as precisely as the ODE path does, it may offer {@link #snapshot()}s: the simulation then
 * saves the state before a step, and when a limit changes side during the step, steps again from
 * the snapshot over shorter intervals until the crossing is bracketed within {@link
 * ProcessSimulation#EVENT_CONVERGENCE}. Without snapshots a crossing is placed by linear
 * interpolation inside the step, and a listener's reaction (a trip) takes effect at the step's end.
 *
 * <p>Implementations are not thread-safe: one {@link ProcessSimulation} drives each instance on the
 * clock thread. The simulation does not close the model; whoever opened it does.
 */
public interface SteppedProcessModel extends AutoCloseable {

  /** What the model is, for messages, e.g. {@code fmu:draining-tank}. */
  String kind();

  /** Tags the model takes as inputs: actuator commands and disturbances. */
  List<String> inputTags();

  /**
   * Sets an input from now on; values outside its range are clamped.
   *
   * @throws OtlabException {@code TAG_UNKNOWN} or {@code PROCESS_INPUT_INVALID} (NaN)
   */
  void setInput(String tag, double value);

  /** The current value of an input, as clamped. */
  double input(String tag);

  /**
   * Every process tag at the current time: the model's outputs, then its inputs. Keys and their
   * order are stable for a model instance.
   */
  Map<String, Double> values();

  /**
   * One process tag at the current time, as {@link #values()} would give it; limit watches call
   * this after every step.
   *
   * @throws OtlabException {@code TAG_UNKNOWN} if the model has no such tag
   */
  double value(String tag);

  /** Engineering unit of each tag in {@link #values()}, where the model declares one. */
  default Map<String, String> units() {
    return Map.of();
  }

  /**
   * The longest step the model should take in one call (its communication step). The simulation
   * cuts a clock window into steps no longer than this, so outputs and limits are looked at least
   * this often.
   */
  double maxStep();

  /**
   * Advances the model from {@code from} (its current time) by {@code step} seconds with the inputs
   * held constant.
   *
   * @throws OtlabException when the model fails the step; the model's state is then undefined
   */
  void step(double from, double step);

  /** A saved state to step again from, or empty when the model cannot save its state. */
  default Optional<Snapshot> snapshot() {
    return Optional.empty();
  }

  /** Releases what the model holds (native libraries, extracted files). */
  @Override
  void close();

  /** A saved state of the model, including its time and inputs. */
  interface Snapshot extends AutoCloseable {

    /** Puts the model back to the saved state; the snapshot stays usable. */
    void restore();

    /** Frees the saved state. */
    @Override
    void close();
  }
}
